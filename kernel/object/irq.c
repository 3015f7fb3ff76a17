/* IRQ handler invocations: acknowledge (unmask) the interrupt after handling its signal. */
#include <kernel/invoke.h>
#include <kernel/ipc.h>
#include <warden/syscall.h>

void irq_handler_invoke(struct tcb *t, struct cap *c, u64 label, u32 len)
{
	if (label != IRQ_ACK) {
		invoke_result(t, WARDEN_ILLEGAL_OPERATION, NULL, 0);
		return;
	}
	irq_ack((u32)c->badge);
	invoke_result(t, WARDEN_OK, NULL, 0);
}
