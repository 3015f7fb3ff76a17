/* System-call stubs whose register use C cannot express: the SMC capability's two forms. */
#include <warden/asm_regs.h>
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
	load_x0_x17 x19
	svc	#9
	store_x0_x17 x19
	mov	x0, x18
	ldp	x18, x19, [sp], #16
	ret
