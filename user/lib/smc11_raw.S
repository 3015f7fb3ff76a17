/* smc11_raw(u64 in[18], u64 out[18]): the 1.1-form SMC call with every register x0..x17 set
 * from in (x8 = the capability) and every register x0..x17 stored to out afterwards, so the test
 * sees exactly what the kernel changed. */
#include <warden/asm_regs.h>
	.text
	.globl	smc11_raw
smc11_raw:
	stp	x19, x20, [sp, #-16]!
	mov	x19, x0
	mov	x20, x1
	load_x0_x17 x19
	svc	#8
	store_x0_x17 x20
	ldp	x19, x20, [sp], #16
	ret
