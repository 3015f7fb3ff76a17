/* smc11_raw(u64 in[18], u64 out[18]): the 1.1-form SMC call with every register x0..x17 set
 * from in (x8 = the capability) and every register x0..x17 stored to out afterwards, so the test
 * sees exactly what the kernel changed. */
	.text
	.globl	smc11_raw
smc11_raw:
	stp	x19, x20, [sp, #-16]!
	mov	x19, x0
	mov	x20, x1
	ldp	x0, x1, [x19, #16 * 0]
	ldp	x2, x3, [x19, #16 * 1]
	ldp	x4, x5, [x19, #16 * 2]
	ldp	x6, x7, [x19, #16 * 3]
	ldp	x8, x9, [x19, #16 * 4]
	ldp	x10, x11, [x19, #16 * 5]
	ldp	x12, x13, [x19, #16 * 6]
	ldp	x14, x15, [x19, #16 * 7]
	ldp	x16, x17, [x19, #16 * 8]
	svc	#8
	stp	x0, x1, [x20, #16 * 0]
	stp	x2, x3, [x20, #16 * 1]
	stp	x4, x5, [x20, #16 * 2]
	stp	x6, x7, [x20, #16 * 3]
	stp	x8, x9, [x20, #16 * 4]
	stp	x10, x11, [x20, #16 * 5]
	stp	x12, x13, [x20, #16 * 6]
	stp	x14, x15, [x20, #16 * 7]
	stp	x16, x17, [x20, #16 * 8]
	ldp	x19, x20, [sp], #16
	ret
