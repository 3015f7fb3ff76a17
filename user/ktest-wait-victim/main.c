/* Kernel test, a thread that blocks where ktest-wait tells it to (kernel-wait.xml). Each round it
 * waits on its GO notification (slot 2), reads an order from its page (struct wait_order), does
 * it and writes the outcome back, then signals ktest-wait (slot 4). The driver then changes
 * capabilities and thread states around it and checks what the blocked operation returned. */
#include <warden/warden.h>

#include "../ktest-wait/order.h"

#define GO 2
#define DONE 4
#define UNMAPPED 0x30000000ul

/* Exits, counting each time it runs again after an exit (it never should). */
static NORETURN void exit_counted(volatile struct wait_order *o)
{
	for (;;) {
		o->exits++;
		register u64 x0 __asm__("x0") = 0;
		__asm__ volatile("svc %1" : "+r"(x0) : "i"(SYS_EXIT) : "memory");
	}
}

/* A load from an unmapped address: the fault handler's reply sets x0 and skips the load. */
static u64 fault(void)
{
	register u64 x0 __asm__("x0") = 0;
	register u64 x1 __asm__("x1") = UNMAPPED;
	__asm__ volatile("ldr %0, [%1]" : "+r"(x0) : "r"(x1) : "memory");
	return x0;
}

int main(void)
{
	volatile struct wait_order *o = WAIT_ORDER;

	for (;;) {
		struct msg m = {.info = 0};
		u64 word = 0;
		long st = WARDEN_OK;

		w_wait(GO, &word);
		o->started++;
		switch (o->op) {
		case OP_RECV:
			st = w_recv(o->slot, &m);
			o->value = st == WARDEN_OK ? m.mr[0] : 0;
			break;
		case OP_WAIT:
			st = w_wait(o->slot, &word);
			o->value = word;
			break;
		case OP_CALL:
			m.info = MSG_INFO(0, 0, 1);
			m.mr[0] = o->arg;
			st = w_call(o->slot, &m);
			o->value = st == WARDEN_OK ? m.mr[0] : 0;
			break;
		case OP_SERVE:
			/* Receive one Call, then answer it with ReplyRecv and wait for the next. */
			st = w_recv(o->slot, &m);
			if (st != WARDEN_OK)
				break;
			m.info = MSG_INFO(0, 0, 1);
			m.mr[0] = o->arg;
			st = w_reply_recv(o->slot, &m);
			o->value = st == WARDEN_OK ? m.mr[0] : 0;
			break;
		case OP_FAULT:
			o->value = fault();
			break;
		case OP_SIGNAL:
			st = w_signal(o->slot);
			break;
		case OP_EXIT:
			exit_counted(o);
		}
		o->status = (u64)st;
		o->done++;
		w_signal(DONE);
	}
}
