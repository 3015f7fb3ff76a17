/* The EL2 bench payload (docs/performance.md): a Linux arm64 Image header so the monitor boots
 * it, a stack, .bss zeroed, EL2 vectors that report any exception. Boot CPU only; MMU off. */
	.section .text.head, "ax"
	.global _head
_head:
	b	primary_entry		/* code0 */
	.word	0			/* code1 */
	.quad	0			/* text_offset */
	.quad	__image_size		/* image_size */
	.quad	0xa			/* flags: little-endian, 4 KiB pages, anywhere */
	.quad	0, 0, 0
	.word	0x644d5241		/* "ARM\x64" */
	.word	0

primary_entry:
	ldr	x2, =el2_vectors
	msr	vbar_el2, x2
	isb
	ldr	x2, =stack_top
	mov	sp, x2
	ldr	x2, =__bss_start
	ldr	x3, =__bss_end
1:	cmp	x2, x3
	b.hs	2f
	str	xzr, [x2], #8
	b	1b
2:	bl	bench_el2_main
	b	.
	.ltorg

.macro vector kind
	.balign 0x80
	mov	x0, #\kind
	mrs	x1, esr_el2
	mrs	x2, elr_el2
	mrs	x3, far_el2
	b	bench_el2_exception
.endm
	.text
	.balign 2048
el2_vectors:
	.irp k, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15
	vector \k
	.endr

	.bss
	.balign 16
	.space 8192
stack_top:
