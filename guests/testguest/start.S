/* Test guest entry: a Linux arm64 Image header (so QEMU's -kernel places it at 0x40200000
 * too), the boot vCPU's entry, the CPU_ON entry for the others, the exception vectors and the
 * FP/SIMD round-trip test, which must control every FP register itself. */
#define STACK_SIZE 0x4000
#define MAX_CPUS 8
#define FRAME_SIZE (36 * 8 + 32 * 16)
#define ENTRY_FP_SIZE (32 * 16 + 16) /* struct entry_fp in main.c */

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
2:	bl	save_entry_fp
	mov	x0, x19
	bl	guest_main
halt:	wfi
	b	halt

/* PSCI CPU_ON entry: x0 = context id, MMU off, EL1. */
	.globl	secondary_entry
secondary_entry:
	mov	x19, x0
	bl	cpu_setup
	bl	save_entry_fp
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

/* Records q0..q31, FPCR and FPSR as this vCPU found them at entry (before any C code), in
 * entry_fp[cpu]: a vCPU started by CPU_ON or SYSTEM_RESET must not find its old values there.
 * Uses x0..x2 only (no FP instruction runs before the stores). */
save_entry_fp:
	mrs	x0, mpidr_el1
	and	x0, x0, #0xff
	mov	x1, #ENTRY_FP_SIZE
	adrp	x2, entry_fp
	add	x2, x2, :lo12:entry_fp
	madd	x0, x0, x1, x2
	stp	q0, q1, [x0, #0]
	stp	q2, q3, [x0, #32]
	stp	q4, q5, [x0, #64]
	stp	q6, q7, [x0, #96]
	stp	q8, q9, [x0, #128]
	stp	q10, q11, [x0, #160]
	stp	q12, q13, [x0, #192]
	stp	q14, q15, [x0, #224]
	stp	q16, q17, [x0, #256]
	stp	q18, q19, [x0, #288]
	stp	q20, q21, [x0, #320]
	stp	q22, q23, [x0, #352]
	stp	q24, q25, [x0, #384]
	stp	q26, q27, [x0, #416]
	stp	q28, q29, [x0, #448]
	stp	q30, q31, [x0, #480]
	mrs	x1, fpcr
	mrs	x2, fpsr
	add	x0, x0, #512
	stp	x1, x2, [x0]
	ret

/* s64 fp_fill_then_call(u64 fid, u64 seed, u64 conduit): fills q0..q31 (both halves) with
 * seed-derived nonzero patterns, sets FPCR.FZ and FPSR.IOC, then makes the call (smc if bit 0 of
 * conduit, else hvc) with x1..x3 = 0 and returns its x0. For CPU_OFF and SYSTEM_RESET: no C code
 * runs between the fill and the call, so the registers are still this vCPU's when it stops. */
	.globl	fp_fill_then_call
fp_fill_then_call:
	ldr	x3, =0x0101010101010101
	.irp	n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	fmov	d\n, x1
	add	x1, x1, x3
	mov	v\n\().d[1], x1
	add	x1, x1, x3
	.endr
	mov	x3, #(1 << 24)		/* FPCR.FZ */
	msr	fpcr, x3
	mov	x3, #1			/* FPSR.IOC */
	msr	fpsr, x3
	mov	x4, x2
	mov	x1, xzr
	mov	x2, xzr
	mov	x3, xzr
	tbz	x4, #0, 1f
	smc	#0
	ret
1:	hvc	#0
	ret
	.ltorg

/* s64 cpu_on_when_off(u64 target, u64 entry, u64 ctx, u64 conduit): polls AFFINITY_INFO(target)
 * until it says OFF, then CPU_ON(target, entry, ctx); returns CPU_ON's x0. No FP/SIMD instruction
 * runs here, so what the target left in the FP/SIMD registers when it stopped is still there
 * when it starts again, unless the hypervisor clears it. */
	.globl	cpu_on_when_off
cpu_on_when_off:
	mov	x4, x0
	mov	x5, x1
	mov	x6, x2
	mov	x7, x3
1:	ldr	x0, =0xc4000004		/* AFFINITY_INFO64 */
	mov	x1, x4
	mov	x2, xzr
	tbz	x7, #0, 2f
	smc	#0
	b	3f
2:	hvc	#0
3:	cmp	x0, #1			/* OFF */
	b.ne	1b
	ldr	x0, =0xc4000003		/* CPU_ON64 */
	mov	x1, x4
	mov	x2, x5
	mov	x3, x6
	tbz	x7, #0, 4f
	smc	#0
	ret
4:	hvc	#0
	ret
	.ltorg

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

/* void el0_run(void (*fn)(void)): runs fn at EL0 (EL0t, DAIF masked, MMU off: it executes from
 * RAM as it is) until its svc #0, which exception_entry turns into a return to el0_return at
 * EL1 with the same SP_EL1. fn may use only x0..x18 and no stack (SP_EL0 is not set up). */
	.globl	el0_run
	.globl	el0_return
el0_run:
	mrs	x1, daif
	stp	x1, x30, [sp, #-16]!
	msr	elr_el1, x0
	mov	x1, #0x3c0		/* D, A, I, F; M = EL0t */
	msr	spsr_el1, x1
	isb
	eret
el0_return:
	ldp	x1, x30, [sp], #16
	msr	daif, x1
	ret

/* EL0 code for pmu-undef-el0: three PMU accesses (each should take UNDEF to EL1, whose handler
 * records it and skips it), then back to EL1. */
	.globl	el0_pmu_probe
	.globl	el0_pmu_probe_insns
el0_pmu_probe:
el0_pmu_probe_insns:
	mrs	x0, pmcr_el0
	mrs	x0, pmccntr_el0
	msr	pmswinc_el0, xzr
	svc	#0

	.bss
	.balign	16
	.globl	entry_fp
entry_fp:
	.space	ENTRY_FP_SIZE * MAX_CPUS
stacks:
	.space	STACK_SIZE * (MAX_CPUS + 1)
