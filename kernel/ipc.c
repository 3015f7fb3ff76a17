/* Message passing. A blocked sender's message stays in its registers and IPC buffer until a
 * receiver takes it, and its capabilities are looked up only then: a capability revoked while
 * its sender waits is simply not there to transfer. */
#include <kernel/cap.h>
#include <kernel/console.h>
#include <kernel/gic.h>
#include <kernel/invoke.h>
#include <kernel/ipc.h>
#include <kernel/kernel.h>
#include <kernel/thread.h>
#include <kernel/vcpu.h>
#include <warden/string.h>
#include <warden/syscall.h>

struct tcb **all_threads;
u32 thread_count;

static void set_status(struct tcb *t, u64 status)
{
	t->regs.x[0] = status;
}

static void queue_append(struct endpoint *ep, struct tcb *t)
{
	t->qnext = NULL;
	t->qprev = ep->tail;
	if (ep->tail)
		ep->tail->qnext = t;
	else
		ep->head = t;
	ep->tail = t;
}

static void queue_remove(struct endpoint *ep, struct tcb *t)
{
	if (t->qprev)
		t->qprev->qnext = t->qnext;
	else
		ep->head = t->qnext;
	if (t->qnext)
		t->qnext->qprev = t->qprev;
	else
		ep->tail = t->qprev;
	t->qnext = t->qprev = NULL;
}

static u64 mr_get(const struct tcb *t, u32 i)
{
	if (t->fault_pending)
		return i < ARRAY_SIZE(t->fault_msg) ? t->fault_msg[i] : 0;
	return i < MSG_REG_COUNT ? t->regs.x[2 + i] : t->ipc_buf[IPCBUF_MR + i];
}

/* Moves the message described by `info` from `from` to `to` and wakes nothing. */
static void transfer(struct tcb *from, struct tcb *to, u64 info, u64 badge, bool can_grant)
{
	u32 len = MSG_LEN(info), ncaps = MSG_CAPS(info), moved = 0;

	for (u32 i = 0; i < len; i++) {
		u64 v = mr_get(from, i);
		if (i < MSG_REG_COUNT)
			to->regs.x[2 + i] = v;
		else
			to->ipc_buf[IPCBUF_MR + i] = v;
	}
	u64 dest = to->ipc_buf[IPCBUF_RECV_SLOT];
	for (u32 i = 0; can_grant && i < ncaps && !from->fault_pending; i++) {
		u64 src_slot = from->ipc_buf[IPCBUF_CAPS + i];
		u64 dst_slot = dest + i;
		struct cnode *sc = from->cnode, *dc = to->cnode;
		if (!dest || src_slot >= (1ull << sc->bits) || dst_slot >= (1ull << dc->bits))
			break;
		struct cap *s = &sc->slots[src_slot], *d = &dc->slots[dst_slot];
		if (cap_is_null(s) || !cap_is_null(d))
			break;
		cap_derive(d, s);
		moved++;
	}
	to->ipc_buf[IPCBUF_RECV_CAPS] = moved;
	to->ipc_buf[IPCBUF_BADGE] = badge;
	to->regs.x[0] = WARDEN_OK;
	to->regs.x[1] = MSG_INFO(MSG_LABEL(info), moved, len);
	to->regs.x[8] = badge;
}

/* Delivers a queued or fresh sender to a receiver and settles both threads' states. */
static void rendezvous(struct tcb *sender, struct tcb *receiver)
{
	transfer(sender, receiver, sender->send_info, sender->send_badge, sender->send_can_grant);
	/* Delivered: the caller now waits for the reply, through no capability. */
	if (sender->send_is_call) {
		receiver->caller = sender;
		thread_await_reply(sender, receiver);
	} else {
		set_status(sender, WARDEN_OK);
		thread_wake(sender);
	}
	thread_wake(receiver);
}

static int check_message(const struct tcb *t, u64 info, bool can_grant)
{
	if (MSG_LEN(info) > MSG_MAX_LEN || MSG_CAPS(info) > MSG_MAX_CAPS)
		return WARDEN_TRUNCATED_MESSAGE;
	if (MSG_CAPS(info) && !can_grant)
		return WARDEN_INSUFFICIENT_RIGHTS;
	return WARDEN_OK;
}

/* A signal is never lost: it wakes the waiter, or makes the notification active, so that the
 * next Wait returns at once, whatever the badge (0 included), as in seL4. */
static void signal(struct notification *n, u64 badge)
{
	struct tcb *w = n->waiter;

	if (w) {
		n->waiter = NULL;
		w->regs.x[0] = WARDEN_OK;
		w->regs.x[8] = badge; /* a waiter exists only while the notification is idle */
		thread_wake(w);
		return;
	}
	n->word |= badge;
	n->active = true;
}

/* t's message is prepared (send_*): hand it to a waiting receiver, or queue t (which came
 * through capability via, NULL for a fault message) if it may block. */
static void endpoint_send(struct endpoint *ep, struct tcb *t, bool block, struct cap *via)
{
	if (ep->receivers && ep->head) {
		struct tcb *r = ep->head;
		queue_remove(ep, r);
		if (!ep->head)
			ep->receivers = false;
		rendezvous(t, r);
		return;
	}
	if (!block) {
		set_status(t, WARDEN_WOULD_BLOCK);
		return;
	}
	ep->receivers = false;
	queue_append(ep, t);
	thread_block(t, THREAD_BLOCKED_SEND, ep, via);
}

void ipc_send(struct tcb *t, struct cap *c, u64 info, bool call, bool block)
{
	if (!(c->rights & CAP_RIGHT_WRITE)) {
		set_status(t, WARDEN_INSUFFICIENT_RIGHTS);
		return;
	}
	if (c->type == CAP_NOTIFICATION) {
		if (call) {
			set_status(t, WARDEN_ILLEGAL_OPERATION);
			return;
		}
		signal(c->obj, c->badge);
		set_status(t, WARDEN_OK);
		return;
	}
	bool can_grant = (c->rights & CAP_RIGHT_GRANT) != 0;
	int err = check_message(t, info, can_grant);
	if (err) {
		set_status(t, err);
		return;
	}
	struct endpoint *ep = c->obj;
	t->send_info = info;
	t->send_badge = c->badge;
	t->send_is_call = call;
	t->send_can_grant = can_grant;
	endpoint_send(ep, t, block, c);
}

void ipc_recv(struct tcb *t, struct cap *c, bool block)
{
	if (!(c->rights & CAP_RIGHT_READ)) {
		set_status(t, WARDEN_INSUFFICIENT_RIGHTS);
		return;
	}
	if (c->type == CAP_NOTIFICATION) {
		struct notification *n = c->obj;
		if (n->active || !block) {
			t->regs.x[0] = WARDEN_OK;
			t->regs.x[8] = n->word;
			n->word = 0;
			n->active = false;
			return;
		}
		if (n->waiter) {
			set_status(t, WARDEN_ILLEGAL_OPERATION); /* one waiter per notification */
			return;
		}
		n->waiter = t;
		thread_block(t, THREAD_BLOCKED_NOTIF, n, c);
		return;
	}
	struct endpoint *ep = c->obj;
	if (!ep->receivers && ep->head) {
		struct tcb *s = ep->head;
		queue_remove(ep, s);
		rendezvous(s, t);
		return;
	}
	if (!block) {
		set_status(t, WARDEN_WOULD_BLOCK);
		return;
	}
	ep->receivers = true;
	queue_append(ep, t);
	thread_block(t, THREAD_BLOCKED_RECV, ep, c);
}

static u64 *reg_at(struct tcb *t, u64 index)
{
	if (index < 31)
		return &t->regs.x[index];
	return index == TCB_REG_SP ? &t->regs.sp : &t->regs.pc;
}

/* FAULT_REPLY_* layout: flags, first register, count, values. Out-of-range requests set
 * nothing (the replier gets no error: it has already replied). */
static void apply_fault_reply(struct tcb *replier, struct tcb *t, u32 len)
{
	if (len < 1)
		return;
	u64 flags = invoke_arg(replier, FAULT_REPLY_FLAGS);
	if (len >= 3) {
		u64 first = invoke_arg(replier, FAULT_REPLY_FIRST);
		u64 count = invoke_arg(replier, FAULT_REPLY_COUNT);
		if (first < TCB_REG_COUNT && count <= TCB_REG_COUNT - first &&
		    count <= len - FAULT_REPLY_VALUES)
			for (u64 i = 0; i < count; i++)
				*reg_at(t, first + i) =
				    invoke_arg(replier, FAULT_REPLY_VALUES + (u32)i);
	}
	if (flags & FAULT_REPLY_ADVANCE)
		t->regs.pc += 4;
	if ((flags & FAULT_REPLY_INJECT_SEA) && t->vcpu)
		vcpu_inject_sea(t);
}

bool ipc_reply(struct tcb *t, u64 info)
{
	struct tcb *caller = t->caller;

	t->caller = NULL;
	if (!caller || caller->state != THREAD_BLOCKED_REPLY || caller->wait.obj != t)
		return false;
	if (caller->fault_pending) {
		/* A fault reply never overwrites registers as a message would: it names the
		 * registers to set and whether to skip the trapped instruction. */
		caller->fault_pending = false;
		apply_fault_reply(t, caller, MSG_LEN(info));
	} else {
		/* A reply may carry capabilities to a caller that named a receive slot. */
		if (check_message(t, info, true) != WARDEN_OK)
			info = MSG_INFO(MSG_LABEL(info), 0, 0);
		transfer(t, caller, info, 0, true);
	}
	/* A Call is not a yield: the caller resumes ahead of its equals, as the fast path does. */
	thread_wake_replied(caller);
	return true;
}

void ipc_send_fault(struct tcb *t, u64 label, u32 len)
{
	struct endpoint *ep = t->fault_ep;

	t->fault_pending = true;
	t->send_info = MSG_INFO(label, 0, len);
	t->send_badge = t->fault_badge;
	t->send_is_call = true;
	t->send_can_grant = false;
	endpoint_send(ep, t, true, NULL);
}

/* Registers and IPC-buffer words a short message without capabilities sets in its receiver:
 * exactly what transfer() sets for it. */
static inline void deliver_short(struct tcb *from, struct tcb *to, u64 info, u64 badge)
{
	for (u32 i = 0; i < MSG_REG_COUNT; i++)
		if (i < MSG_LEN(info))
			to->regs.x[2 + i] = from->regs.x[2 + i];
	to->ipc_buf[IPCBUF_RECV_CAPS] = 0;
	to->ipc_buf[IPCBUF_BADGE] = badge;
	to->regs.x[0] = WARDEN_OK;
	to->regs.x[1] = MSG_INFO(MSG_LABEL(info), 0, MSG_LEN(info));
	to->regs.x[8] = badge;
}

static inline bool short_message(u64 info)
{
	return MSG_LEN(info) <= MSG_REG_COUNT && MSG_CAPS(info) == 0;
}

struct tcb *ipc_fastpath_call(struct tcb *t, struct cap *c)
{
	u64 info = t->regs.x[1];
	struct endpoint *ep = c->obj;
	struct tcb *r = ep->head;

	if (c->type != CAP_ENDPOINT || !(c->rights & CAP_RIGHT_WRITE) || !short_message(info) ||
	    !ep->receivers || !r || (int)r->prio < sched_highest_ready())
		return NULL;
	queue_remove(ep, r);
	if (!ep->head)
		ep->receivers = false;
	deliver_short(t, r, info, c->badge);
	r->caller = t;
	thread_block(t, THREAD_BLOCKED_REPLY, r, NULL);
	thread_run_now(r);
	return r;
}

static inline __attribute__((always_inline)) struct tcb *
fastpath_fault(struct tcb *t, u64 label, const u64 *head, u32 nhead, const u64 *tail, u32 ntail)
{
	struct endpoint *ep = t->fault_ep;
	struct tcb *r = ep->head;
	u32 len = nhead + ntail;

	if (!ep->receivers || !r || (int)r->prio < sched_highest_ready() || nhead > MSG_REG_COUNT ||
	    len > MSG_MAX_LEN)
		return NULL;
	queue_remove(ep, r);
	if (!ep->head)
		ep->receivers = false;
	/* MR0..MR5 go to x2..x7, the rest to the IPC buffer: three plain copies. */
	u64 *regs = &r->regs.x[2], *buf = (u64 *)&r->ipc_buf[IPCBUF_MR];
	u32 tail_in_regs = MSG_REG_COUNT - nhead < ntail ? MSG_REG_COUNT - nhead : ntail;
	for (u32 i = 0; i < nhead; i++)
		regs[i] = head[i];
	for (u32 i = 0; i < tail_in_regs; i++)
		regs[nhead + i] = tail[i];
	for (u32 i = tail_in_regs; i < ntail; i++)
		buf[nhead + i] = tail[i];
	r->ipc_buf[IPCBUF_RECV_CAPS] = 0;
	r->ipc_buf[IPCBUF_BADGE] = t->fault_badge;
	r->regs.x[0] = WARDEN_OK;
	r->regs.x[1] = MSG_INFO(label, 0, len);
	r->regs.x[8] = t->fault_badge;
	r->caller = t;
	t->fault_pending = true;
	thread_block(t, THREAD_BLOCKED_REPLY, r, NULL);
	thread_run_now(r);
	return r;
}

/* A vCPU's trap: the syndrome words, then x0..x17 straight from its frame (VFAULT_* layout).
 * The sizes are constants here, so the copies unroll. */
struct tcb *ipc_fastpath_vcpu_fault(struct tcb *t, u64 label)
{
	return fastpath_fault(t, label, t->fault_msg, VFAULT_X0, t->regs.x, VFAULT_LEN - VFAULT_X0);
}

struct tcb *ipc_fastpath_reply_recv(struct tcb *t, struct cap *c)
{
	u64 info = t->regs.x[1];
	struct endpoint *ep = c->obj;
	struct tcb *caller = t->caller;

	/* A fault reply (to a vCPU trap, typically) sets registers and may be longer. */
	bool fault = caller && caller->fault_pending;
	bool fits = fault ? MSG_LEN(info) <= MSG_MAX_LEN && !MSG_CAPS(info) : short_message(info);

	if (c->type != CAP_ENDPOINT || !(c->rights & CAP_RIGHT_READ) || !fits || !caller ||
	    caller->state != THREAD_BLOCKED_REPLY || caller->wait.obj != t ||
	    (ep->head && !ep->receivers) || !sched_slice_left(caller) ||
	    (int)caller->prio < sched_highest_ready())
		return NULL;
	t->caller = NULL;
	thread_unblock_direct(caller);
	if (fault) {
		caller->fault_pending = false;
		apply_fault_reply(t, caller, MSG_LEN(info));
	} else {
		deliver_short(t, caller, info, 0);
	}
	ep->receivers = true;
	queue_append(ep, t);
	thread_block(t, THREAD_BLOCKED_RECV, ep, c);
	sched_switch_direct(caller);
	return caller;
}

void ipc_cancel(struct tcb *t)
{
	switch (t->state) {
	case THREAD_BLOCKED_SEND:
	case THREAD_BLOCKED_RECV: {
		struct endpoint *ep = t->wait.obj;
		queue_remove(ep, t);
		if (!ep->head)
			ep->receivers = false;
		break;
	}
	case THREAD_BLOCKED_NOTIF:
		((struct notification *)t->wait.obj)->waiter = NULL;
		break;
	case THREAD_BLOCKED_REPLY: {
		struct tcb *server = t->wait.obj;
		if (server->caller == t)
			server->caller = NULL; /* its Reply now finds nobody */
		break;
	}
	default:
		break;
	}
	thread_wait_clear(t);
	t->fault_pending = false;
}

void ipc_cap_removed(struct cap *c)
{
	struct tcb *t = c->waiter;

	if (!t)
		return;
	ipc_cancel(t);
	set_status(t, WARDEN_REVOKED);
	thread_wake(t);
}

/* A message from the kernel itself (console input: docs/console.md) to a thread waiting on ep;
 * it expects no reply. False, with nothing changed, when no thread waits there. */
bool ipc_kernel_message(struct endpoint *ep, u64 badge, u64 label, const u64 *mr, u32 len)
{
	struct tcb *r = ep->head;

	if (!ep->receivers || !r || len > MSG_MAX_LEN)
		return false;
	queue_remove(ep, r);
	if (!ep->head)
		ep->receivers = false;
	for (u32 i = 0; i < len; i++) {
		if (i < MSG_REG_COUNT)
			r->regs.x[2 + i] = mr[i];
		else
			r->ipc_buf[IPCBUF_MR + i] = mr[i];
	}
	r->ipc_buf[IPCBUF_RECV_CAPS] = 0;
	r->ipc_buf[IPCBUF_BADGE] = badge;
	r->regs.x[0] = WARDEN_OK;
	r->regs.x[1] = MSG_INFO(label, 0, len);
	r->regs.x[8] = badge;
	r->caller = NULL;
	thread_wake(r);
	return true;
}

/* --- interrupts --------------------------------------------------------------------------- */

#define MAX_INTID 1020
static struct {
	struct notification *n;
	u64 badge;
	bool edge;
} irqs[MAX_INTID];

void irq_bind(u32 intid, struct notification *n, u64 badge, bool edge)
{
	irqs[intid].n = n;
	irqs[intid].badge = badge;
	irqs[intid].edge = edge;
	gic_enable_irq(intid, edge);
}

void irq_deliver(u32 intid)
{
	if (intid >= MAX_INTID || !irqs[intid].n) {
		gic_disable_irq(intid);
		return;
	}
	/* Masked until the handler acknowledges, so a level interrupt does not storm. */
	gic_disable_irq(intid);
	signal(irqs[intid].n, irqs[intid].badge);
}

bool irq_can_wake(void)
{
	for (u32 i = 0; i < thread_count; i++) {
		if (all_threads[i]->state != THREAD_BLOCKED_NOTIF)
			continue;
		for (u32 intid = 0; intid < MAX_INTID; intid++)
			if (irqs[intid].n == all_threads[i]->wait.obj)
				return true;
	}
	return false;
}

bool irq_is_bound(u32 intid)
{
	return intid < MAX_INTID && irqs[intid].n;
}

void irq_ack(u32 intid)
{
	if (intid < MAX_INTID && irqs[intid].n)
		gic_enable_irq(intid, irqs[intid].edge);
}
