/* The measured operations of `make bench` (docs/performance.md), shared by the EL0 bench
 * components and the EL2 bench payload (tests/el2-bench). Each function
 *
 *     void bench_<op>(struct bench_sample *s, const u64 in[19]);
 *
 * loads x0..x18 from in[], reads the five PMU counters (event counters 0..3 = INST_RETIRED at
 * EL0, EL1, EL2, EL3; the cycle counter = everything) into x19..x23, executes exactly one
 * instruction (the operation: svc / smc, or nothing for bench_none), reads the counters again
 * into x24..x28, and stores both snapshots and x0, x1, x2, x8, x18 (the answer, an IPC reply,
 * the status registers) in *s. The counters of bench_<op> minus those of bench_none are then
 * exactly the instructions of the operation at each exception level: the two functions differ
 * only in that one instruction. x19..x28 survive every operation (the SMCCC and the kernel preserve them). */
#define S_A 0
#define S_B 40
#define S_X0 80

.macro bench_op name, insn:vararg
	.text
	.globl	bench_\name
	.type	bench_\name, %function
	.balign	16
bench_\name:
	stp	x29, x30, [sp, #-112]!
	stp	x19, x20, [sp, #16]
	stp	x21, x22, [sp, #32]
	stp	x23, x24, [sp, #48]
	stp	x25, x26, [sp, #64]
	stp	x27, x28, [sp, #80]
	str	x18, [sp, #96]
	mov	x29, x0
	mov	x30, x1
	ldp	x0, x1, [x30, #16 * 0]
	ldp	x2, x3, [x30, #16 * 1]
	ldp	x4, x5, [x30, #16 * 2]
	ldp	x6, x7, [x30, #16 * 3]
	ldp	x8, x9, [x30, #16 * 4]
	ldp	x10, x11, [x30, #16 * 5]
	ldp	x12, x13, [x30, #16 * 6]
	ldp	x14, x15, [x30, #16 * 7]
	ldp	x16, x17, [x30, #16 * 8]
	ldr	x18, [x30, #16 * 9]
	isb
	mrs	x19, pmevcntr0_el0
	mrs	x20, pmevcntr1_el0
	mrs	x21, pmevcntr2_el0
	mrs	x22, pmevcntr3_el0
	mrs	x23, pmccntr_el0
	\insn
	isb
	mrs	x24, pmevcntr0_el0
	mrs	x25, pmevcntr1_el0
	mrs	x26, pmevcntr2_el0
	mrs	x27, pmevcntr3_el0
	mrs	x28, pmccntr_el0
	stp	x19, x20, [x29, #S_A]
	stp	x21, x22, [x29, #S_A + 16]
	str	x23, [x29, #S_A + 32]
	stp	x24, x25, [x29, #S_B]
	stp	x26, x27, [x29, #S_B + 16]
	str	x28, [x29, #S_B + 32]
	stp	x0, x1, [x29, #S_X0]
	str	x2, [x29, #S_X0 + 16]
	stp	x8, x18, [x29, #S_X0 + 24]
	ldr	x18, [sp, #96]
	ldp	x27, x28, [sp, #80]
	ldp	x25, x26, [sp, #64]
	ldp	x23, x24, [sp, #48]
	ldp	x21, x22, [sp, #32]
	ldp	x19, x20, [sp, #16]
	ldp	x29, x30, [sp], #112
	ret
	.size	bench_\name, . - bench_\name
.endm

	bench_op none
	bench_op smc, smc #0		/* EL2 payload only: the raw round trip into EL3 */
	bench_op svc0, svc #0		/* SYS_CALL */
	bench_op svc8, svc #8		/* SYS_SMC_CALL (SMCCC <= 1.1 form) */
	bench_op svc9, svc #9		/* SYS_SMC_CALL_EXT (SMCCC 1.2 form) */
