/* Test guest entry: a Linux arm64 Image header (so QEMU's -kernel places it at 0x40200000
 * too), the boot vCPU's entry, the CPU_ON entry for the others, the exception vectors and the
 * FP/SIMD round-trip test, which must control every FP register itself. */
#define STACK_SIZE 0x4000
#define MAX_CPUS 8
#define FRAME_SIZE (36 * 8 + 32 * 16)

	.section .text.head, "ax"
	.globl	_start
_start:
	b	primary_entry		/* code0: the VMM enters at the first byte */
	.long	0			/* code1 */
	.quad	0			/* text_offset: QEMU loads at RAM + 2 MiB */
	.quad	__image_size		/* image_size, bss and stacks included */
	.quad	0			/* flags: little-endian, 2 MiB aligned placement */
	.quad	0, 0, 0			/* res2..res4 */
	.ascii	"ARM\x64"		/* magic */
	.long	0			/* res5 */

primary_entry:
	mov	x19, x0			/* DTB */
	bl	cpu_setup
	adrp	x0, __bss_start
	add	x0, x0, :lo12:__bss_start
	adrp	x1, __bss_end
	add	x1, x1, :lo12:__bss_end
1:	cmp	x0, x1
	b.hs	2f
	stp	xzr, xzr, [x0], #16
	b	1b
2:	mov	x0, x19
	bl	guest_main
halt:	wfi
	b	halt

/* PSCI CPU_ON entry: x0 = context id, MMU off, EL1. */
	.globl	secondary_entry
secondary_entry:
	mov	x19, x0
	bl	cpu_setup
	mov	x0, x19
	bl	secondary_main
	b	halt

/* FP/SIMD on, vectors, MMU and alignment checks off, SP = this vCPU's stack (by MPIDR Aff0). */
cpu_setup:
	mrs	x0, cpacr_el1
	orr	x0, x0, #(3 << 20)	/* FPEN: no traps for FP/SIMD at EL0/EL1 */
	msr	cpacr_el1, x0
	ldr	x0, =0x30d00800		/* SCTLR_EL1 RES1 bits; M, C, I, A = 0 */
	msr	sctlr_el1, x0
	adrp	x0, vectors
	add	x0, x0, :lo12:vectors
	msr	vbar_el1, x0
	isb
	mrs	x0, mpidr_el1
	and	x0, x0, #0xff
	cmp	x0, #MAX_CPUS
	b.hs	halt
	add	x0, x0, #1
	adrp	x1, stacks
	add	x1, x1, :lo12:stacks
	mov	x2, #STACK_SIZE
	madd	x1, x0, x2, x1
	mov	sp, x1
	ret

/* Vectors: every entry saves x0..x30, ELR, SPSR and q0..q31 and calls
 * exception_entry(kind, frame); the C handler may change the frame (x0, ELR) before eret. */
.macro	vec kind
	.balign	0x80
	sub	sp, sp, #FRAME_SIZE
	stp	x0, x1, [sp, #0]
	mov	x0, #\kind
	b	vec_common
.endm

	.text
	.balign	2048
vectors:
	vec 0
	vec 1
	vec 2
	vec 3
	vec 4	/* current EL, SPx: sync */
	vec 5	/* IRQ */
	vec 6
	vec 7
	vec 8
	vec 9
	vec 10
	vec 11
	vec 12
	vec 13
	vec 14
	vec 15

vec_common:
	stp	x2, x3, [sp, #16]
	stp	x4, x5, [sp, #32]
	stp	x6, x7, [sp, #48]
	stp	x8, x9, [sp, #64]
	stp	x10, x11, [sp, #80]
	stp	x12, x13, [sp, #96]
	stp	x14, x15, [sp, #112]
	stp	x16, x17, [sp, #128]
	stp	x18, x19, [sp, #144]
	stp	x20, x21, [sp, #160]
	stp	x22, x23, [sp, #176]
	stp	x24, x25, [sp, #192]
	stp	x26, x27, [sp, #208]
	stp	x28, x29, [sp, #224]
	mrs	x1, elr_el1
	mrs	x2, spsr_el1
	stp	x30, x1, [sp, #240]
	str	x2, [sp, #256]
	add	x1, sp, #288
	stp	q0, q1, [x1, #0]
	stp	q2, q3, [x1, #32]
	stp	q4, q5, [x1, #64]
	stp	q6, q7, [x1, #96]
	stp	q8, q9, [x1, #128]
	stp	q10, q11, [x1, #160]
	stp	q12, q13, [x1, #192]
	stp	q14, q15, [x1, #224]
	stp	q16, q17, [x1, #256]
	stp	q18, q19, [x1, #288]
	stp	q20, q21, [x1, #320]
	stp	q22, q23, [x1, #352]
	stp	q24, q25, [x1, #384]
	stp	q26, q27, [x1, #416]
	stp	q28, q29, [x1, #448]
	stp	q30, q31, [x1, #480]
	mov	x1, sp
	bl	exception_entry
	add	x1, sp, #288
	ldp	q0, q1, [x1, #0]
	ldp	q2, q3, [x1, #32]
	ldp	q4, q5, [x1, #64]
	ldp	q6, q7, [x1, #96]
	ldp	q8, q9, [x1, #128]
	ldp	q10, q11, [x1, #160]
	ldp	q12, q13, [x1, #192]
	ldp	q14, q15, [x1, #224]
	ldp	q16, q17, [x1, #256]
	ldp	q18, q19, [x1, #288]
	ldp	q20, q21, [x1, #320]
	ldp	q22, q23, [x1, #352]
	ldp	q24, q25, [x1, #384]
	ldp	q26, q27, [x1, #416]
	ldp	q28, q29, [x1, #448]
	ldp	q30, q31, [x1, #480]
	ldp	x30, x1, [sp, #240]
	ldr	x2, [sp, #256]
	msr	elr_el1, x1
	msr	spsr_el1, x2
	ldp	x2, x3, [sp, #16]
	ldp	x4, x5, [sp, #32]
	ldp	x6, x7, [sp, #48]
	ldp	x8, x9, [sp, #64]
	ldp	x10, x11, [sp, #80]
	ldp	x12, x13, [sp, #96]
	ldp	x14, x15, [sp, #112]
	ldp	x16, x17, [sp, #128]
	ldp	x18, x19, [sp, #144]
	ldp	x20, x21, [sp, #160]
	ldp	x22, x23, [sp, #176]
	ldp	x24, x25, [sp, #192]
	ldp	x26, x27, [sp, #208]
	ldp	x28, x29, [sp, #224]
	ldp	x0, x1, [sp, #0]
	add	sp, sp, #FRAME_SIZE
	eret

/* void fp_roundtrip(u64 out[16], u64 seed, u64 conduits): fills q0..q7 (both halves) with
 * seed-derived patterns, makes 4 PSCI_VERSION calls per conduit in `conduits` (bit 0 smc,
 * bit 1 hvc), then stores q0..q7 to out. Its own state lives in x19..x23, which SMCCC preserves always. */
	.globl	fp_roundtrip
fp_roundtrip:
	stp	x19, x20, [sp, #-48]!
	stp	x21, x22, [sp, #16]
	str	x23, [sp, #32]
	mov	x19, x0
	mov	x20, x2
	ldr	x21, =0x0101010101010101
	mov	x22, x1
	fmov	d0, x22
	add	x22, x22, x21
	mov	v0.d[1], x22
	add	x22, x22, x21
	fmov	d1, x22
	add	x22, x22, x21
	mov	v1.d[1], x22
	add	x22, x22, x21
	fmov	d2, x22
	add	x22, x22, x21
	mov	v2.d[1], x22
	add	x22, x22, x21
	fmov	d3, x22
	add	x22, x22, x21
	mov	v3.d[1], x22
	add	x22, x22, x21
	fmov	d4, x22
	add	x22, x22, x21
	mov	v4.d[1], x22
	add	x22, x22, x21
	fmov	d5, x22
	add	x22, x22, x21
	mov	v5.d[1], x22
	add	x22, x22, x21
	fmov	d6, x22
	add	x22, x22, x21
	mov	v6.d[1], x22
	add	x22, x22, x21
	fmov	d7, x22
	add	x22, x22, x21
	mov	v7.d[1], x22
	mov	x23, #4
1:	tbz	x20, #0, 2f
	ldr	x0, =0x84000000
	smc	#0
2:	tbz	x20, #1, 3f
	ldr	x0, =0x84000000
	hvc	#0
3:	subs	x23, x23, #1
	b.ne	1b
	stp	q0, q1, [x19, #0]
	stp	q2, q3, [x19, #32]
	stp	q4, q5, [x19, #64]
	stp	q6, q7, [x19, #96]
	ldp	x21, x22, [sp, #16]
	ldr	x23, [sp, #32]
	ldp	x19, x20, [sp], #48
	ret

	.bss
	.balign	16
stacks:
	.space	STACK_SIZE * (MAX_CPUS + 1)
