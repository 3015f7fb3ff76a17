/* The path guest's entry, vectors and stacks: the test guest's (Linux Image header, vCPU 0
 * calls guest_main(DTB); exceptions other than an IRQ are reported and stop the vCPU). */
#include "../testguest/start.S"

/* path_call(u64 x[18], unsigned how): x0..x17 from x[], then how = 0 smc #0, 1 smc #1,
 * 2 hvc #0, 3 hvc #1, and x0..x17 back into x[]. */
	.text
	.globl	path_call
path_call:
	stp	x19, x20, [sp, #-32]!
	str	x18, [sp, #16]
	mov	x19, x0
	mov	w20, w1
	ldp	x0, x1, [x19, #16 * 0]
	ldp	x2, x3, [x19, #16 * 1]
	ldp	x4, x5, [x19, #16 * 2]
	ldp	x6, x7, [x19, #16 * 3]
	ldp	x8, x9, [x19, #16 * 4]
	ldp	x10, x11, [x19, #16 * 5]
	ldp	x12, x13, [x19, #16 * 6]
	ldp	x14, x15, [x19, #16 * 7]
	ldp	x16, x17, [x19, #16 * 8]
	cmp	w20, #1
	b.eq	1f
	cmp	w20, #2
	b.eq	2f
	b.hi	3f
	smc	#0
	b	4f
1:	smc	#1
	b	4f
2:	hvc	#0
	b	4f
3:	hvc	#1
4:	stp	x0, x1, [x19, #16 * 0]
	stp	x2, x3, [x19, #16 * 1]
	stp	x4, x5, [x19, #16 * 2]
	stp	x6, x7, [x19, #16 * 3]
	stp	x8, x9, [x19, #16 * 4]
	stp	x10, x11, [x19, #16 * 5]
	stp	x12, x13, [x19, #16 * 6]
	stp	x14, x15, [x19, #16 * 7]
	stp	x16, x17, [x19, #16 * 8]
	ldr	x18, [sp, #16]
	ldp	x19, x20, [sp], #32
	ret
