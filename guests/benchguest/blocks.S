/* The measured blocks of the bench guest (main.c, docs/performance.md).
 *
 *   u64 bench_rep(u64 fid, u64 k1, u64 k2, void (*loop)(void));
 *
 * MARK; K1 x loop body; MARK; K2 x loop body; MARK — the three snapshots the VMM's bench marker
 * (user/vmm/bench_mark.h) takes. Both blocks execute the same instructions except the number of
 * loop iterations, so the difference of the two blocks is exactly (K2 - K1) loop iterations.
 * loop is bench_loop_call (mov x0, fid; smc #0; subs; b.ne) or bench_loop_none (the same without
 * the smc): the difference of the two is the smc's round trip, from the smc to the guest's next
 * instruction. Returns x0 after the last smc of the K2 block (the call's answer). k1, k2 >= 1.
 * bench_loop_sgi (guest_sgi) is the third loop body. */
#include "../../user/vmm/bench_mark.h"

	.text
	.globl	bench_rep
	.type	bench_rep, %function
	.balign	16
bench_rep:
	stp	x29, x30, [sp, #-64]!
	stp	x19, x20, [sp, #16]
	stp	x21, x22, [sp, #32]
	stp	x23, x24, [sp, #48]
	mov	x19, x0
	mov	x21, x1
	mov	x22, x2
	mov	x23, x3
	bl	mark
	mov	x20, x21		/* block 1: K1 */
	blr	x23
	mov	x24, x0
	bl	mark
	mov	x20, x22		/* block 2: K2 */
	blr	x23
	mov	x24, x0
	bl	mark
	mov	x0, x24
	ldp	x23, x24, [sp, #48]
	ldp	x21, x22, [sp, #32]
	ldp	x19, x20, [sp, #16]
	ldp	x29, x30, [sp], #64
	ret
	.size	bench_rep, . - bench_rep

/* WARDEN_HYP_BENCH_MARK(SNAPSHOT): x0, x1 clobbered (x2..x17 as the VMM leaves them). */
	.balign	16
mark:
	movz	x0, #(WARDEN_HYP_BENCH_MARK & 0xffff)
	movk	x0, #(WARDEN_HYP_BENCH_MARK >> 16), lsl #16
	mov	x1, #BENCH_MARK_SNAPSHOT
	smc	#0
	ret

/* x19 = function ID, x20 = iterations (>= 1). */
	.globl	bench_loop_call
	.balign	16
bench_loop_call:
1:	mov	x0, x19
	smc	#0
	subs	x20, x20, #1
	b.ne	1b
	ret

/* x19 = the UART's base (a guest-physical address: the MMU is off), x20 = iterations: a store of
 * '.' to UARTDR; and a load of UARTFR then that store, what a polling driver does per byte
 * (Linux's pl011_console_putchar). The accesses trap and are emulated, so they never retire: the
 * other instructions are exactly the baseline loop's (mov, subs, b.ne). */
	.globl	bench_loop_uart_dr
	.balign	16
bench_loop_uart_dr:
	mov	w21, #'.'
1:	mov	x0, x19
	strb	w21, [x19]
	subs	x20, x20, #1
	b.ne	1b
	ret

	.globl	bench_loop_uart_byte
	.balign	16
bench_loop_uart_byte:
	mov	w21, #'.'
1:	mov	x0, x19
	ldr	w1, [x19, #0x18]
	strb	w21, [x19]
	subs	x20, x20, #1
	b.ne	1b
	ret

	.globl	bench_loop_none
	.balign	16
bench_loop_none:
1:	mov	x0, x19
	subs	x20, x20, #1
	b.ne	1b
	ret

/* guest_sgi (main.c measure_sgi): x19 = the ICC_SGI1R_EL1 value that sends the SGI to vCPU 1,
 * x20 = iterations. Each: send, then WFI until vCPU 1's answer is pending, acknowledge it
 * (ICC_IAR1_EL1) and end it (ICC_EOIR1_EL1); interrupts stay masked. Returns x0 = the INTID of
 * the last answer. */
	.globl	bench_loop_sgi
	.balign	16
bench_loop_sgi:
1:	msr	S3_0_C12_C11_5, x19
	isb
2:	wfi
	mrs	x0, S3_0_C12_C12_0
	cmp	x0, #1020
	b.hs	2b
	msr	S3_0_C12_C12_1, x0
	subs	x20, x20, #1
	b.ne	1b
	ret
