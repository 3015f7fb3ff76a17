/* EL2 exception vectors. A thread's register frame is the start of its TCB; while a thread runs,
 * SP_EL2 points at that frame, so entry from a lower EL stores the registers straight into the
 * TCB and then switches to the kernel stack. Every handler returns the thread to run next and
 * leaves through exception_return (one way out). */
#define FRAME_SP 248
#define FRAME_PC 256
#define FRAME_SPSR 264

.macro store_x0_x29
	stp	x0, x1, [sp, #16 * 0]
	stp	x2, x3, [sp, #16 * 1]
	stp	x4, x5, [sp, #16 * 2]
	stp	x6, x7, [sp, #16 * 3]
	stp	x8, x9, [sp, #16 * 4]
	stp	x10, x11, [sp, #16 * 5]
	stp	x12, x13, [sp, #16 * 6]
	stp	x14, x15, [sp, #16 * 7]
	stp	x16, x17, [sp, #16 * 8]
	stp	x18, x19, [sp, #16 * 9]
	stp	x20, x21, [sp, #16 * 10]
	stp	x22, x23, [sp, #16 * 11]
	stp	x24, x25, [sp, #16 * 12]
	stp	x26, x27, [sp, #16 * 13]
	stp	x28, x29, [sp, #16 * 14]
.endm

.macro load_x0_x29
	ldp	x0, x1, [sp, #16 * 0]
	ldp	x2, x3, [sp, #16 * 1]
	ldp	x4, x5, [sp, #16 * 2]
	ldp	x6, x7, [sp, #16 * 3]
	ldp	x8, x9, [sp, #16 * 4]
	ldp	x10, x11, [sp, #16 * 5]
	ldp	x12, x13, [sp, #16 * 6]
	ldp	x14, x15, [sp, #16 * 7]
	ldp	x16, x17, [sp, #16 * 8]
	ldp	x18, x19, [sp, #16 * 9]
	ldp	x20, x21, [sp, #16 * 10]
	ldp	x22, x23, [sp, #16 * 11]
	ldp	x24, x25, [sp, #16 * 12]
	ldp	x26, x27, [sp, #16 * 13]
	ldp	x28, x29, [sp, #16 * 14]
.endm

.macro save_lower_frame
	store_x0_x29
	mrs	x21, sp_el0
	stp	x30, x21, [sp, #FRAME_SP - 8]
	mrs	x22, elr_el2
	mrs	x23, spsr_el2
	stp	x22, x23, [sp, #FRAME_PC]
	mov	x0, sp
	adrp	x1, boot_stack_top
	add	x1, x1, :lo12:boot_stack_top
	mov	sp, x1
.endm

/* Kernel-mode frame on the kernel stack: x0..x30, then ELR, SPSR. */
.macro save_kernel_frame
	sub	sp, sp, #(34 * 8)
	store_x0_x29
	mrs	x21, elr_el2
	stp	x30, x21, [sp, #16 * 15]
	mrs	x22, spsr_el2
	str	x22, [sp, #16 * 16]
	mov	x0, sp
.endm

.macro ventry label
	.balign	0x80
	b	\label
.endm

	.text
	.balign	0x800
	.globl	el2_vectors
el2_vectors:
	ventry	kernel_bad_vector	/* current EL, SP0 */
	ventry	kernel_bad_vector
	ventry	kernel_bad_vector
	ventry	kernel_bad_vector
	ventry	kernel_sync		/* current EL, SPx */
	ventry	kernel_irq
	ventry	kernel_bad_vector
	ventry	kernel_bad_vector
	ventry	lower_sync		/* lower EL, AArch64 */
	ventry	lower_irq
	ventry	lower_bad
	ventry	lower_bad
	ventry	lower_bad		/* lower EL, AArch32: never entered (HCR_EL2.RW) */
	ventry	lower_bad
	ventry	lower_bad
	ventry	lower_bad

lower_sync:
	save_lower_frame
	mrs	x1, esr_el2
	/* The hot system calls skip the general dispatch: svc #8 / #9 (SYS_SMC_CALL, _EXT) go
	 * straight to smc_invoke(t, ext), which never switches threads; svc #0 / #1 (SYS_CALL,
	 * SYS_REPLY_RECV) to syscall_call / syscall_reply_recv, which try the IPC fast path. */
	lsr	x2, x1, #26
	cmp	x2, #0x15
	b.ne	2f
	and	x2, x1, #0xffff
	cmp	x2, #1
	b.hi	1f
	cbz	x2, 3f
	bl	syscall_reply_recv
	b	exception_return
3:	bl	syscall_call
	b	exception_return
1:	and	x2, x1, #0xfffe
	cmp	x2, #8
	b.ne	2f
	mov	x19, x0
	and	x1, x1, #1
	bl	smc_invoke
	mov	x0, x19
	b	exception_return
2:	bl	handle_lower_sync
	b	exception_return

lower_irq:
	save_lower_frame
	bl	handle_lower_irq
	b	exception_return

lower_bad:
	save_lower_frame
	mrs	x1, esr_el2
	bl	handle_lower_bad
	b	exception_return

kernel_sync:
	save_kernel_frame
	mrs	x1, esr_el2
	mrs	x2, far_el2
	bl	kernel_fault		/* does not return */

kernel_bad_vector:
	save_kernel_frame
	mrs	x1, esr_el2
	mrs	x2, far_el2
	bl	kernel_fault

/* An interrupt while the kernel idles with interrupts unmasked: handle it and go back. */
kernel_irq:
	save_kernel_frame
	bl	handle_kernel_irq
	ldr	x22, [sp, #16 * 16]
	ldp	x30, x21, [sp, #16 * 15]
	msr	elr_el2, x21
	msr	spsr_el2, x22
	load_x0_x29
	add	sp, sp, #(34 * 8)
	eret

/* exception_return(struct regs *next): restores a thread's frame and enters it. */
	.globl	exception_return
exception_return:
	mov	sp, x0
	ldp	x22, x23, [sp, #FRAME_PC]
	msr	elr_el2, x22
	msr	spsr_el2, x23
	ldp	x30, x21, [sp, #FRAME_SP - 8]
	msr	sp_el0, x21
	load_x0_x29
	eret

/* arch_smc_call11(u64 x[8]): smc #0 with x0..x7 from x[] and x8..x17 zero (nothing of the
 * kernel's reaches the secure world); stores the secure world's x0..x7 back. */
	.globl	arch_smc_call11
arch_smc_call11:
	mov	x18, x0
	ldp	x0, x1, [x18, #16 * 0]
	ldp	x2, x3, [x18, #16 * 1]
	ldp	x4, x5, [x18, #16 * 2]
	ldp	x6, x7, [x18, #16 * 3]
	mov	x8, xzr
	mov	x9, xzr
	mov	x10, xzr
	mov	x11, xzr
	mov	x12, xzr
	mov	x13, xzr
	mov	x14, xzr
	mov	x15, xzr
	mov	x16, xzr
	mov	x17, xzr
	smc	#0
	stp	x0, x1, [x18, #16 * 0]
	stp	x2, x3, [x18, #16 * 1]
	stp	x4, x5, [x18, #16 * 2]
	stp	x6, x7, [x18, #16 * 3]
	ret

/* arch_smc_call(struct smc_args *regs): executes smc #0 with x0..x17 from regs and stores the
 * secure world's x0..x17 back (the SMCCC 1.2 form). The SMCCC preserves x18..x30 and the stack
 * pointers, so x18 still holds the pointer afterwards. */
	.globl	arch_smc_call
arch_smc_call:
	mov	x18, x0
	ldp	x0, x1, [x18, #16 * 0]
	ldp	x2, x3, [x18, #16 * 1]
	ldp	x4, x5, [x18, #16 * 2]
	ldp	x6, x7, [x18, #16 * 3]
	ldp	x8, x9, [x18, #16 * 4]
	ldp	x10, x11, [x18, #16 * 5]
	ldp	x12, x13, [x18, #16 * 6]
	ldp	x14, x15, [x18, #16 * 7]
	ldp	x16, x17, [x18, #16 * 8]
	smc	#0
	stp	x0, x1, [x18, #16 * 0]
	stp	x2, x3, [x18, #16 * 1]
	stp	x4, x5, [x18, #16 * 2]
	stp	x6, x7, [x18, #16 * 3]
	stp	x8, x9, [x18, #16 * 4]
	stp	x10, x11, [x18, #16 * 5]
	stp	x12, x13, [x18, #16 * 6]
	stp	x14, x15, [x18, #16 * 7]
	stp	x16, x17, [x18, #16 * 8]
	ret
