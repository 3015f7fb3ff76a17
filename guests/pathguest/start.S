/* The path guest's entry, vectors and stacks: the test guest's (Linux Image header, vCPU 0
 * calls guest_main(DTB); exceptions other than an IRQ are reported and stop the vCPU). */
#include <warden/asm_regs.h>
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
	load_x0_x17 x19
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
4:	store_x0_x17 x19
	ldr	x18, [sp, #16]
	ldp	x19, x20, [sp], #32
	ret
