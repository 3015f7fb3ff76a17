/* The hostile component's rescuer (tests/system/hostile.xml): it runs only when the hostile
 * thread, the victims and the auditor are all blocked, so whenever it runs the hostile thread
 * waits for something. Each time it lets the victim client and the heartbeat take a turn, then
 * ends that wait: it answers a fault message, delivers or takes a message on the hostile's own
 * endpoint, or else suspends the thread and resumes it at its landing with x0 = RESCUED. When
 * the thread has exited it tells the auditor. */
#include <warden/warden.h>

#include "../hostile/shared.h"

enum {
	R_HOSTILE_TCB = 1,
	R_EP = 2,
	R_FAULT = 3,
	R_TICK = 4,
	R_BEAT = 5,
	R_ACK = 6,
	R_AUDIT = 7,
	R_GIFT_NTFN = 8,
	R_GIFT_EP = 9,
};

static volatile struct hostile_shared *const shared = (void *)HOSTILE_SHARED_VA;
static u64 rng = 0x5eed;

static u64 rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

/* Resume the thread at its landing with x0 = mark: the call it was in is over. */
static void land(u64 mark)
{
	u64 pc = shared->landing;

	w_tcb_write_regs(R_HOSTILE_TCB, 0, 1, &mark);
	w_tcb_write_regs(R_HOSTILE_TCB, TCB_REG_PC, 1, &pc);
}

static void answer_fault(struct msg *m)
{
	shared->faults++;
	if (MSG_LABEL(m->info) == FAULT_UNKNOWN_SYSCALL) {
		/* Resumed after the svc with x0 = UNKNOWN_SYSCALL, as documented. */
		shared->unknown_syscalls++;
		m->info = MSG_INFO(0, 0, 0);
	} else {
		/* A pc or sp it gave itself: back to its landing. */
		u64 mark = HOSTILE_FAULTED;
		w_tcb_write_regs(R_HOSTILE_TCB, 0, 1, &mark);
		m->info = MSG_INFO(0, 0, 4);
		m->mr[FAULT_REPLY_FLAGS] = 0;
		m->mr[FAULT_REPLY_FIRST] = TCB_REG_PC;
		m->mr[FAULT_REPLY_COUNT] = 1;
		m->mr[FAULT_REPLY_VALUES] = shared->landing;
	}
	w_reply(m);
}

int main(void)
{
	struct msg m;
	u64 word;

	for (;;) {
		w_signal(R_TICK);
		w_signal(R_BEAT);
		w_wait(R_ACK, &word);
		if (w_nbrecv(R_FAULT, &m) == WARDEN_OK) {
			answer_fault(&m);
			continue;
		}
		/* A message (with capabilities, sometimes) for a Recv on its endpoint. */
		u64 r = rnd();
		u32 caps = (u32)(r % 3);
		warden_ipc_buffer[IPCBUF_CAPS] = R_GIFT_NTFN;
		warden_ipc_buffer[IPCBUF_CAPS + 1] = R_GIFT_EP;
		m.info = MSG_INFO(r >> 40, caps, (r >> 8) % 9);
		for (u32 i = 0; i < 8; i++)
			m.mr[i] = rnd();
		if (w_nbsend(R_EP, &m) == WARDEN_OK) {
			shared->deliveries++;
			continue;
		}
		/* A Send or Call on it: taken, and a Call answered. */
		if (w_nbrecv(R_EP, &m) == WARDEN_OK) {
			shared->deliveries++;
			m.info = MSG_INFO(0, 0, 2);
			m.mr[0] = rnd();
			m.mr[1] = rnd();
			w_reply(&m);
			continue;
		}
		/* Any other wait (a notification, the puppet's fault endpoint, a suspension it
		 * gave itself): suspension ends it. Refused only once the thread has exited. */
		if (w_tcb_suspend(R_HOSTILE_TCB) != WARDEN_OK)
			break;
		land(HOSTILE_RESCUED);
		shared->rescues++;
		w_tcb_resume(R_HOSTILE_TCB);
	}
	w_signal(R_TICK);
	w_signal(R_AUDIT);
	return 0;
}
