/* Kernel entry by the Linux arm64 boot protocol: x0 = DTB, MMU off, at EL2. Zeroes bss,
 * applies the kernel's own relocations, builds the identity map, turns the MMU on and calls
 * kernel_main. Secondary CPUs are not used yet. */
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
	bl	boot_mmu_init		/* builds tables, enables the MMU, returns */
	mov	x0, x19
	bl	kernel_main
not_el2:
	wfe
	b	not_el2

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
