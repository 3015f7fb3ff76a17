/* EL2 exception vectors. A thread's register frame is the start of its TCB; while a thread runs,
 * SP_EL2 points at that frame, so entry from a lower EL stores the registers straight into the
 * TCB and then switches to the kernel stack. Every handler returns the thread to run next and
 * leaves through exception_return (one way out). */
#define FRAME_SP 248
#define FRAME_PC 256
#define FRAME_SPSR 264
#define FRAME_SMC_VARIANT 288

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
	ventry	kernel_fiq
	ventry	kernel_serror
	ventry	lower_sync		/* lower EL, AArch64 */
	ventry	lower_irq
	ventry	lower_fiq
	ventry	lower_serror
	ventry	lower_bad		/* lower EL, AArch32: never entered (HCR_EL2.RW) */
	ventry	lower_bad
	ventry	lower_bad
	ventry	lower_bad

lower_sync:
	save_lower_frame
	mrs	x1, esr_el2
	/* The hot system calls skip the general dispatch: svc #8 / #9 (SYS_SMC_CALL, _EXT) go
	 * straight to smc_invoke11/12(t), which never switch threads; svc #0 / #1 (SYS_CALL,
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
	tbnz	x1, #0, 5f
	bl	smc_invoke11		/* 0, or the offset of an SMC variant (below) */
	b	6f
5:	bl	smc_invoke12
6:	cbz	x0, 4f
	adr	x2, smc_variants - 256
	add	x2, x2, x0
	mov	x0, x19
	br	x2
4:	mov	x0, x19
	b	exception_return
	/* A trap may leave an SMC to run for the thread it returns (the in-kernel forward). */
2:	bl	handle_lower_sync
	ldr	x1, [x0, #FRAME_SMC_VARIANT]
	cbz	x1, exception_return
	str	xzr, [x0, #FRAME_SMC_VARIANT]
	adr	x2, smc_variants - 256
	add	x2, x2, x1
	br	x2

lower_irq:
	save_lower_frame
	bl	handle_lower_irq
	b	exception_return

/* Asynchronous exceptions from a lower EL: the kernel's events, not the running thread's faults
 * (kernel/trap.c). */
lower_fiq:
	save_lower_frame
	bl	handle_lower_fiq
	b	exception_return

lower_serror:
	save_lower_frame
	mrs	x1, esr_el2
	bl	handle_lower_serror
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

/* FIQ or SError while the kernel itself runs (it never unmasks either): report and stop. */
kernel_fiq:
	save_kernel_frame
	mov	x1, #0
	mrs	x2, esr_el2
	bl	kernel_async_fault

kernel_serror:
	save_kernel_frame
	mov	x1, #1
	mrs	x2, esr_el2
	bl	kernel_async_fault

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
exception_return_sp:
	ldp	x22, x23, [sp, #FRAME_PC]
	msr	elr_el2, x22
	msr	spsr_el2, x23
	ldp	x30, x21, [sp, #FRAME_SP - 8]
	msr	sp_el0, x21
	load_x0_x29
	eret

/* SMC variants: smc_variant_<n> runs an SMC for the thread whose frame x0 points at, as its plan
 * says (variants[] in kernel/object/smc.c), and enters the thread. Straight-line code, one per plan, 256 bytes
 * apart: the caller jumps to smc_variants + (n - 1) * 256 for an offset n * 256 (0: none). SP_EL2 holds the frame across the smc (the
 * SMCCC preserves it), so no general register carries anything of the kernel's into the secure
 * world: x18..x30 go as zero. */
.macro smc_variant smc64, args18, res, status
9:	mov	sp, x0
	ldp	x0, x1, [sp, #16 * 0]
	ldp	x2, x3, [sp, #16 * 1]
	ldp	x4, x5, [sp, #16 * 2]
	ldp	x6, x7, [sp, #16 * 3]
	adr	x29, smc_zeros
.if \smc64 == 0
	mov	w1, w1			/* SMC32: only the low 32 bits are arguments */
	mov	w2, w2
	mov	w3, w3
	mov	w4, w4
	mov	w5, w5
	mov	w6, w6
	mov	w7, w7
.endif
.if \args18
	ldp	x8, x9, [sp, #16 * 4]
	ldp	x10, x11, [sp, #16 * 5]
	ldp	x12, x13, [sp, #16 * 6]
	ldp	x14, x15, [sp, #16 * 7]
	ldp	x16, x17, [sp, #16 * 8]
.else
	ldp	x8, x9, [x29]
	ldp	x10, x11, [x29]
	ldp	x12, x13, [x29]
	ldp	x14, x15, [x29]
	ldp	x16, x17, [x29]
.endif
	ldp	x18, x19, [x29]
	ldp	x20, x21, [x29]
	ldp	x22, x23, [x29]
	ldp	x24, x25, [x29]
	ldp	x26, x27, [x29]
	ldp	x28, x29, [x29]		/* no writeback: loading the base register is defined */
	mov	x30, xzr
	smc	#0
.if \smc64 == 0
	sxtw	x0, w0			/* SMC32 results: w0 sign-extended, w1..w3 zero-extended */
	mov	w1, w1
	mov	w2, w2
	mov	w3, w3
.endif
	stp	x0, x1, [sp, #16 * 0]
	stp	x2, x3, [sp, #16 * 1]
.if \res >= 8
.if \smc64 == 0
	/* w4..w7 go under the caller's own upper halves: the callee cannot tell us which of them
	 * are results, and Linux keeps live 64-bit values in x4..x17 across SMCCC 1.1+ calls, SMC32
	 * ones included (TF-A preserves them); cut to 32 bits, Debian's 6.1 oopses in
	 * arm_smccc_version_init (tests/system/linux.test). */
	str	w4, [sp, #8 * 4]
	str	w5, [sp, #8 * 5]
	str	w6, [sp, #8 * 6]
	str	w7, [sp, #8 * 7]
.else
	stp	x4, x5, [sp, #16 * 2]
	stp	x6, x7, [sp, #16 * 3]
.endif
.endif
.if \res == 18
	stp	x8, x9, [sp, #16 * 4]
	stp	x10, x11, [sp, #16 * 5]
	stp	x12, x13, [sp, #16 * 6]
	stp	x14, x15, [sp, #16 * 7]
	stp	x16, x17, [sp, #16 * 8]
.endif
.if \status == 8
	str	xzr, [sp, #8 * 8]	/* WARDEN_OK */
.endif
.if \status == 18
	str	xzr, [sp, #8 * 18]
.endif
#if SMC_TRACE
	mov	x0, sp
	b	smc_done
#else
	b	exception_return_sp	/* sp is the frame */
#endif
	.org	9b + 256	/* fails to assemble if a variant outgrows its 256 bytes */
.endm

/* The variants, in the order of variants[] in kernel/object/smc.c: smc64, args18, results, status register. */
	.balign	256
	.globl	smc_variants
smc_variants:
	smc_variant 0, 0, 4, 8		/* SMCCC 1.0/1.1: SMC32, 1.1 form */
	smc_variant 1, 0, 4, 8		/*                SMC64, 1.1 form */
	smc_variant 0, 0, 4, 18		/*                SMC32, 1.2 form */
	smc_variant 1, 0, 4, 18		/*                SMC64, 1.2 form */
	smc_variant 0, 0, 4, 0		/*                SMC32, guest */
	smc_variant 1, 0, 4, 0		/*                SMC64, guest */
	smc_variant 0, 0, 8, 8		/* SMCCC 1.2+:    SMC32, 1.1 form */
	smc_variant 1, 0, 8, 8		/*                SMC64, 1.1 form */
	smc_variant 0, 0, 8, 18		/*                SMC32, 1.2 form */
	smc_variant 1, 1, 18, 18	/*                SMC64, 1.2 form */
	smc_variant 0, 0, 8, 0		/*                SMC32, guest */
	smc_variant 1, 1, 18, 0		/*                SMC64, guest */

#if SMC_TRACE
smc_done:
	mov	x19, x0
	adrp	x1, boot_stack_top
	add	x1, x1, :lo12:boot_stack_top
	mov	sp, x1
	bl	smc_trace_done
	mov	x0, x19
	b	exception_return
#endif

	.balign	16
smc_zeros:				/* in .text, within adr's reach of the variants */
	.quad	0, 0

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
