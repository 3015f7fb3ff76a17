/* System-call stubs whose register use C cannot express: the SMC capability's two forms. */
	.text
/* long w_smc_call(u64 cap, struct smc_regs *r): x0..x7 from r, cap in x8, svc #8. */
	.globl	w_smc_call
w_smc_call:
	mov	x9, x1
	mov	x8, x0
	ldp	x0, x1, [x9, #16 * 0]
	ldp	x2, x3, [x9, #16 * 1]
	ldp	x4, x5, [x9, #16 * 2]
	ldp	x6, x7, [x9, #16 * 3]
	svc	#8
	stp	x0, x1, [x9, #16 * 0]
	stp	x2, x3, [x9, #16 * 1]
	stp	x4, x5, [x9, #16 * 2]
	stp	x6, x7, [x9, #16 * 3]
	mov	x0, x8
	ret

/* long w_smc_call_ext(u64 cap, struct smc_regs *r): x0..x17 from r, cap in x18, svc #9.
 * x18 and x19 are saved here (x19 is callee-saved; x18 may be the platform register). */
	.globl	w_smc_call_ext
w_smc_call_ext:
	stp	x18, x19, [sp, #-16]!
	mov	x19, x1
	mov	x18, x0
	ldp	x0, x1, [x19, #16 * 0]
	ldp	x2, x3, [x19, #16 * 1]
	ldp	x4, x5, [x19, #16 * 2]
	ldp	x6, x7, [x19, #16 * 3]
	ldp	x8, x9, [x19, #16 * 4]
	ldp	x10, x11, [x19, #16 * 5]
	ldp	x12, x13, [x19, #16 * 6]
	ldp	x14, x15, [x19, #16 * 7]
	ldp	x16, x17, [x19, #16 * 8]
	svc	#9
	stp	x0, x1, [x19, #16 * 0]
	stp	x2, x3, [x19, #16 * 1]
	stp	x4, x5, [x19, #16 * 2]
	stp	x6, x7, [x19, #16 * 3]
	stp	x8, x9, [x19, #16 * 4]
	stp	x10, x11, [x19, #16 * 5]
	stp	x12, x13, [x19, #16 * 6]
	stp	x14, x15, [x19, #16 * 7]
	stp	x16, x17, [x19, #16 * 8]
	mov	x0, x18
	ldp	x18, x19, [sp], #16
	ret
