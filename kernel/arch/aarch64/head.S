/* Kernel entry by the Linux arm64 boot protocol: x0 = DTB, MMU off, at EL2. Installs the early
 * exception vectors first (so a fault while looking at what the boot loader handed over is
 * reported, not a silent loop), zeroes bss, applies the kernel's own relocations, picks the
 * device tree (kernel/early.c), builds the identity map, turns the MMU on and calls kernel_main.
 * Secondary CPUs are not used yet. */
#define R_AARCH64_RELATIVE 1027

	.section .head.text, "ax"
	.globl _start
_start:
	b	primary_entry		/* code0 */
	.long	0			/* code1 */
	.quad	0			/* text_offset */
	.quad	_image_size		/* image_size: the builder grows it over what it appends */
	.quad	0xa			/* flags: little endian, 4 KiB pages, anywhere in memory */
	.quad	0, 0, 0
	.ascii	"ARM\x64"		/* magic */
	.long	0

	.text
primary_entry:
	msr	daifset, #0xf
	mov	x19, x0
	adr	x1, early_vectors
	msr	vbar_el2, x1
	isb
	mrs	x1, CurrentEL
	cmp	x1, #(2 << 2)
	b.ne	not_el2
	adrp	x1, boot_stack_top
	add	x1, x1, :lo12:boot_stack_top
	mov	sp, x1

	/* Zero bss (boot stack and page tables included) with the MMU off. */
	adrp	x1, __bss_start
	add	x1, x1, :lo12:__bss_start
	adrp	x2, __bss_end
	add	x2, x2, :lo12:__bss_end
1:	stp	xzr, xzr, [x1], #16
	cmp	x1, x2
	b.lo	1b

	/* Apply R_AARCH64_RELATIVE relocations: *(base + offset) = base + addend. */
	adr	x0, _start
	adrp	x1, __rela_start
	add	x1, x1, :lo12:__rela_start
	adrp	x2, __rela_end
	add	x2, x2, :lo12:__rela_end
2:	cmp	x1, x2
	b.hs	3f
	ldp	x3, x4, [x1], #24	/* r_offset, r_info */
	ldr	x5, [x1, #-8]		/* r_addend */
	cmp	x4, #R_AARCH64_RELATIVE
	b.ne	2b
	add	x5, x5, x0
	str	x5, [x0, x3]
	b	2b
3:
	mov	x0, x19
	bl	early_find_dtb		/* the DTB to use; stops with a message if there is none */
	mov	x19, x0
	bl	boot_mmu_init		/* builds tables, enables the MMU, returns */
	mov	x0, x19
	bl	kernel_main
	/* Not at EL2: nothing this kernel can do (no EL2 to run at); wait for good. */
not_el2:
	wfi
	b	not_el2

/* u64 early_try(u64 (*fn)(u64), u64 arg): fn(arg), or EARLY_FAULTED (~0) if fn took a
 * synchronous exception (the early vectors then resume here, with ESR and FAR saved in
 * early_fault_esr/far). Used to read what the boot loader handed over with the MMU off. */
	.globl	early_try
early_try:
	stp	x29, x30, [sp, #-96]!
	stp	x19, x20, [sp, #16]
	stp	x21, x22, [sp, #32]
	stp	x23, x24, [sp, #48]
	stp	x25, x26, [sp, #64]
	stp	x27, x28, [sp, #80]
	mov	x2, sp
	adrp	x3, early_recover_sp
	add	x3, x3, :lo12:early_recover_sp
	str	x2, [x3]
	mov	x2, x0
	mov	x0, x1
	blr	x2
early_try_out:
	adrp	x3, early_recover_sp
	add	x3, x3, :lo12:early_recover_sp
	str	xzr, [x3]
	ldp	x19, x20, [sp, #16]
	ldp	x21, x22, [sp, #32]
	ldp	x23, x24, [sp, #48]
	ldp	x25, x26, [sp, #64]
	ldp	x27, x28, [sp, #80]
	ldp	x29, x30, [sp], #96
	ret

/* A synchronous exception while early_try runs: back to early_try's frame with ~0. Any other
 * exception before kernel_main installs the real vectors: report it on the build's console. */
early_sync:
	mov	x0, #4
	adrp	x3, early_recover_sp
	add	x3, x3, :lo12:early_recover_sp
	ldr	x2, [x3]
	cbz	x2, early_unexpected
	mov	sp, x2
	mrs	x4, esr_el2
	mrs	x5, far_el2
	adrp	x3, early_fault_esr
	add	x3, x3, :lo12:early_fault_esr
	stp	x4, x5, [x3]
	mov	x0, #-1
	b	early_try_out
early_unexpected:
	adrp	x1, boot_stack_top
	add	x1, x1, :lo12:boot_stack_top
	mov	sp, x1
	mrs	x1, esr_el2
	mrs	x2, elr_el2
	mrs	x3, far_el2
	b	early_exception		/* kernel/early.c; does not return */

.macro early_vector kind
	.balign	0x80
	.if \kind == 4
	b	early_sync
	.else
	mov	x0, #\kind
	b	early_unexpected
	.endif
.endm
	.balign	0x800
early_vectors:
	.irp k, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15
	early_vector \k
	.endr

	/* In .data, not .bss: read by the vectors before bss is zeroed. */
	.data
	.balign	8
early_recover_sp:
	.quad	0
	.globl	early_fault_esr, early_fault_far
early_fault_esr:
	.quad	0
early_fault_far:
	.quad	0
	.text

/* arch_mmu_enable(ttbr0, tcr, mair): invalidates stale TLB entries, then turns on the MMU and
 * caches at EL2. The tables were written with the MMU off; boot_mmu_init invalidated the
 * cache lines covering them so the walker reads memory. */
	.globl arch_mmu_enable
arch_mmu_enable:
	msr	mair_el2, x2
	msr	tcr_el2, x1
	msr	ttbr0_el2, x0
	isb
	tlbi	alle2
	dsb	nsh
	ic	iallu
	dsb	nsh
	isb
	mrs	x0, sctlr_el2
	mov	x1, #((1 << 0) | (1 << 2) | (1 << 12))	/* M, C, I */
	orr	x0, x0, x1
	bic	x0, x0, #(1 << 1)			/* A: unaligned accesses allowed */
	bic	x0, x0, #(1 << 19)			/* WXN */
	msr	sctlr_el2, x0
	isb
	ret

	.bss
	.balign	16
boot_stack:
	.space	16384
	.globl	boot_stack_top
boot_stack_top:
