/* One system call with every general register chosen by the caller: x0..x30 come from
 * hostile_frame.in[] and go back to hostile_frame.out[]; the svc immediate is picked from a
 * table (entry i of hostile_svc_table is `svc #i` for i < 64, then the numbers in
 * hostile_svc_high). Nothing here relies on SP or any register after the svc: a call may have
 * rewritten the thread's own registers (TCB_WRITE_REGS on itself), and the rescuer resumes a
 * thread it took out of a wait or a fault at hostile_landing with only x0 set. */
/* struct hostile_frame: saved x18..x30 and sp, then in[31], then out[31]. in[] and out[] are
 * reached from their own base so that every offset fits an ldp/stp. */
#define FRAME_SAVED 0
#define FRAME_SP (13 * 8)
#define FRAME_IN (14 * 8)
#define FRAME_OUT (45 * 8)

	.text
	.globl	hostile_svc
	/* void hostile_svc(u64 entry) */
hostile_svc:
	adrp	x9, hostile_frame
	add	x9, x9, :lo12:hostile_frame
	stp	x18, x19, [x9, #FRAME_SAVED]
	stp	x20, x21, [x9, #FRAME_SAVED + 16]
	stp	x22, x23, [x9, #FRAME_SAVED + 32]
	stp	x24, x25, [x9, #FRAME_SAVED + 48]
	stp	x26, x27, [x9, #FRAME_SAVED + 64]
	stp	x28, x29, [x9, #FRAME_SAVED + 80]
	str	x30, [x9, #FRAME_SAVED + 96]
	mov	x10, sp
	str	x10, [x9, #FRAME_SP]
	adr	x16, hostile_svc_table
	add	x16, x16, x0, lsl #4
	add	x17, x9, #FRAME_IN
	ldp	x0, x1, [x17]
	ldp	x2, x3, [x17, #16]
	ldp	x4, x5, [x17, #32]
	ldp	x6, x7, [x17, #48]
	ldp	x8, x9, [x17, #64]
	ldp	x10, x11, [x17, #80]
	ldp	x12, x13, [x17, #96]
	ldp	x14, x15, [x17, #112]
	ldp	x18, x19, [x17, #144]
	ldp	x20, x21, [x17, #160]
	ldp	x22, x23, [x17, #176]
	ldp	x24, x25, [x17, #192]
	ldp	x26, x27, [x17, #208]
	ldp	x28, x29, [x17, #224]
	ldr	x30, [x17, #240]
	add	x17, x17, #128
	br	x16

	.balign	16
	.globl	hostile_svc_table
hostile_svc_table:
	.set	n, 0
	.rept	64
	ldp	x16, x17, [x17]
	svc	#n
	b	hostile_landing
	nop
	.set	n, n + 1
	.endr
	.irp	n, 0x80, 0xff, 0x100, 0x1000, 0x7fff, 0x8000, 0xfffe, 0xffff
	ldp	x16, x17, [x17]
	svc	#\n
	b	hostile_landing
	nop
	.endr

	.globl	hostile_landing
hostile_landing:
	msr	tpidr_el0, x0
	adrp	x0, hostile_frame + FRAME_OUT
	add	x0, x0, :lo12:hostile_frame + FRAME_OUT
	str	x1, [x0, #8]
	stp	x2, x3, [x0, #16]
	stp	x4, x5, [x0, #32]
	stp	x6, x7, [x0, #48]
	stp	x8, x9, [x0, #64]
	stp	x10, x11, [x0, #80]
	stp	x12, x13, [x0, #96]
	stp	x14, x15, [x0, #112]
	stp	x16, x17, [x0, #128]
	stp	x18, x19, [x0, #144]
	stp	x20, x21, [x0, #160]
	stp	x22, x23, [x0, #176]
	stp	x24, x25, [x0, #192]
	stp	x26, x27, [x0, #208]
	stp	x28, x29, [x0, #224]
	str	x30, [x0, #240]
	mrs	x1, tpidr_el0
	str	x1, [x0]
	sub	x0, x0, #FRAME_OUT
	ldr	x1, [x0, #FRAME_SP]
	mov	sp, x1
	ldp	x18, x19, [x0, #FRAME_SAVED]
	ldp	x20, x21, [x0, #FRAME_SAVED + 16]
	ldp	x22, x23, [x0, #FRAME_SAVED + 32]
	ldp	x24, x25, [x0, #FRAME_SAVED + 48]
	ldp	x26, x27, [x0, #FRAME_SAVED + 64]
	ldp	x28, x29, [x0, #FRAME_SAVED + 80]
	ldr	x30, [x0, #FRAME_SAVED + 96]
	ret
