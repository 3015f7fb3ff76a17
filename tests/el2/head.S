/* Bare-metal EL2 test payload for the monitor: a Linux arm64 Image header (so the monitor boots
 * it), the boot and CPU_ON entry points, EL2 vectors and the SMC helper. Linked to run at
 * NS_IMAGE_LOAD_BASE with the MMU off. */
#define STACK_SHIFT 12 /* 4 KiB per CPU */

	.section .text.head, "ax"
	.global _head
_head:
	b	primary_entry		/* code0 */
	.word	0			/* code1 */
	.quad	0			/* text_offset */
	.quad	__image_size		/* image_size */
	.quad	0xa			/* flags: little-endian, 4 KiB pages, anywhere */
	.quad	0, 0, 0
	.word	0x644d5241		/* "ARM\x64" */
	.word	0

primary_entry:
	ldr	x4, =boot_regs
	stp	x0, x1, [x4]
	stp	x2, x3, [x4, #16]
	mrs	x5, CurrentEL
	mrs	x6, daif
	stp	x5, x6, [x4, #32]
	mrs	x5, sctlr_el2
	adr	x6, _head
	stp	x5, x6, [x4, #48]
	mov	x0, #0
	b	common_entry

/* PSCI CPU_ON target: x0 = context id. */
	.global secondary_entry
secondary_entry:
	mrs	x1, mpidr_el1
	and	x1, x1, #0xff
	b	common_entry

/* x0 = context id (secondaries), x1 = CPU index (0 for the boot CPU). */
common_entry:
	ldr	x2, =el2_vectors
	msr	vbar_el2, x2
	isb
	ldr	x2, =stacks
	add	x3, x1, #1
	lsl	x3, x3, #STACK_SHIFT
	add	sp, x2, x3
	cbnz	x1, 1f
	/* The boot CPU zeroes .bss (the loader copied only the file). */
	ldr	x2, =__bss_start
	ldr	x3, =__bss_end
2:	cmp	x2, x3
	b.hs	3f
	str	xzr, [x2], #8
	b	2b
3:	bl	el2_main
	b	.
1:	mrs	x2, CurrentEL
	mrs	x3, sctlr_el2
	bl	secondary_main
	b	.
	.ltorg

/* void smc_all_regs(u64 regs[31], u64 *sp_el0): x0..x30 and SP_EL0 from memory, smc #0, all of
 * them back to memory. */
	.text
	.global smc_all_regs
smc_all_regs:
	sub	sp, sp, #128
	stp	x19, x20, [sp, #0]
	stp	x21, x22, [sp, #16]
	stp	x23, x24, [sp, #32]
	stp	x25, x26, [sp, #48]
	stp	x27, x28, [sp, #64]
	stp	x29, x30, [sp, #80]
	stp	x0, x1, [sp, #96]
	str	x18, [sp, #112]
	ldr	x2, [x1]
	msr	sp_el0, x2
	ldr	x1, [x0, #8]
	ldp	x2, x3, [x0, #16]
	ldp	x4, x5, [x0, #32]
	ldp	x6, x7, [x0, #48]
	ldp	x8, x9, [x0, #64]
	ldp	x10, x11, [x0, #80]
	ldp	x12, x13, [x0, #96]
	ldp	x14, x15, [x0, #112]
	ldp	x16, x17, [x0, #128]
	ldp	x18, x19, [x0, #144]
	ldp	x20, x21, [x0, #160]
	ldp	x22, x23, [x0, #176]
	ldp	x24, x25, [x0, #192]
	ldp	x26, x27, [x0, #208]
	ldp	x28, x29, [x0, #224]
	ldr	x30, [x0, #240]
	ldr	x0, [x0]
	smc	#0
	stp	x0, x30, [sp, #-16]!
	ldr	x30, [sp, #16 + 96]
	str	x1, [x30, #8]
	stp	x2, x3, [x30, #16]
	stp	x4, x5, [x30, #32]
	stp	x6, x7, [x30, #48]
	stp	x8, x9, [x30, #64]
	stp	x10, x11, [x30, #80]
	stp	x12, x13, [x30, #96]
	stp	x14, x15, [x30, #112]
	stp	x16, x17, [x30, #128]
	stp	x18, x19, [x30, #144]
	stp	x20, x21, [x30, #160]
	stp	x22, x23, [x30, #176]
	stp	x24, x25, [x30, #192]
	stp	x26, x27, [x30, #208]
	stp	x28, x29, [x30, #224]
	ldp	x0, x1, [sp], #16
	ldp	x2, x3, [sp, #96]
	str	x0, [x2]
	str	x1, [x2, #240]
	mrs	x4, sp_el0
	str	x4, [x3]
	ldr	x18, [sp, #112]
	ldp	x19, x20, [sp, #0]
	ldp	x21, x22, [sp, #16]
	ldp	x23, x24, [sp, #32]
	ldp	x25, x26, [sp, #48]
	ldp	x27, x28, [sp, #64]
	ldp	x29, x30, [sp, #80]
	add	sp, sp, #128
	ret

/* u64 smc_fast(u64 fid): the bare round trip, for instruction counts. */
	.global smc_fast
smc_fast:
	smc	#0
	ret

/* u64 smc_imm1(u64 fid): an smc with a nonzero (reserved) immediate. */
	.global smc_imm1
smc_imm1:
	smc	#1
	ret

/* Any exception at EL2 is a test failure: report it and power off. */
.macro vector kind
	.balign 0x80
	mov	x0, #\kind
	mrs	x1, esr_el2
	mrs	x2, elr_el2
	mrs	x3, far_el2
	b	el2_exception
.endm
	.balign 2048
el2_vectors:
	.irp k, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15
	vector \k
	.endr
