/* Component entry: the kernel starts the thread with x0 = IPC buffer address and SP set. */
	.section .text.start, "ax"
	.globl	_start
_start:
	adrp	x1, warden_ipc_buffer
	str	x0, [x1, :lo12:warden_ipc_buffer]
	mov	x29, #0
	mov	x30, #0
	bl	main
	bl	w_exit
