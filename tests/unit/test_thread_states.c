/* Host test of waits and capability operations (issue 11): for every thread state and every
 * capability operation (Copy, Mint, Move, Delete, Revoke, and Move followed by a Delete of the
 * new or the old slot) on the capability the thread blocked through, an ancestor of it, an
 * unrelated capability to the same object and one to another object, the thread's state and
 * registers afterwards match the table `expected`. The kernel's own IPC, CNode, TCB, capability
 * and transition code runs (kernel/ipc.c, object/cnode.c, object/tcb.c, cap.c, thread.c); only
 * the run queue, the console and the GIC are stand-ins. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <kernel/cap.h>
#include <kernel/console.h>
#include <kernel/invoke.h>
#include <kernel/ipc.h>
#include <kernel/kernel.h>
#include <kernel/thread.h>
#include <warden/syscall.h>

/* --- stand-ins for the arch-specific kernel ------------------------------------------------- */

struct tcb *current;
int sched_top = -1;
u64 timer_tick_count;
static bool queued[3]; /* the run queue: which of T, B, D is on it */
static struct tcb T, B, D;

static bool *queued_flag(const struct tcb *t)
{
	return &queued[t == &T ? 0 : t == &B ? 1 : 2];
}

void sched_enqueue(struct tcb *t, bool first)
{
	if (t != current)
		*queued_flag(t) = true;
}

void sched_unready(struct tcb *t)
{
	*queued_flag(t) = false;
}

void sched_switch_direct(struct tcb *t)
{
	*queued_flag(t) = false;
	current = t;
}

bool sched_slice_still_live(struct tcb *t)
{
	return false;
}

void fpsimd_forget(struct tcb *t)
{
}

void vcpu_inject_sea(struct tcb *t)
{
	(void)t;
}

void gic_enable_irq(u32 intid, bool edge)
{
}

void gic_disable_irq(u32 intid)
{
}

void kprintf(const char *fmt, ...)
{
}

void console_thread_flush(struct tcb *t)
{
}

static bool panic_expected;
static jmp_buf panic_jump;

void panic(const char *fmt, ...)
{
	char msg[200];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (panic_expected)
		longjmp(panic_jump, 1);
	fail_msg("kernel panic: %s", msg);
	abort();
}

void invoke_result(struct tcb *t, u64 status, const u64 *values, u32 n)
{
	t->regs.x[0] = status;
	t->regs.x[1] = MSG_INFO(0, 0, n);
}

/* --- the world: T the thread under test, B its partner, D the one invoking the CNode ---------- */

static struct cap slots_t[32], slots_b[8], slots_d[4];
static struct cnode cnode_t = {5, slots_t}, cnode_b = {3, slots_b}, cnode_d = {2, slots_d};
static struct endpoint ep1, ep2;
static struct notification nt1, nt2;
static u64 buf_t[512], buf_b[512], buf_d[512];

/* T's CNode. Endpoint family: 1 a root to ep1, 2 its child (what T blocks through), 3 another
 * root to ep1, 4 a root to ep2. Notification family: 5..8 the same for nt1 and nt2. 12 and 13
 * spare roots to ep1 and nt1; 20..22 destinations. ep1 is also T's fault endpoint. */
enum { E_ANCESTOR = 1, E_THROUGH, E_UNRELATED, E_OTHER };
enum { N_ANCESTOR = 5, N_THROUGH, N_UNRELATED, N_OTHER };
enum { E_SPARE = 12, N_SPARE = 13, COPY_DEST = 20, MINT_DEST = 21, MOVE_DEST = 22 };

static void root(struct cap *c, u8 type, void *obj)
{
	memset(c, 0, sizeof(*c));
	c->type = type;
	c->rights = CAP_RIGHTS_ALL;
	c->obj = obj;
}

static void thread_init(struct tcb *t, const char *name, struct cnode *cn, u64 *buf, u32 prio)
{
	memset(t, 0, sizeof(*t));
	t->cnode = cn;
	t->ipc_buf = buf;
	t->prio = prio;
	strcpy(t->name, name);
	for (u32 i = 0; i < 31; i++)
		t->regs.x[i] = 0x1000 + i;
	t->regs.pc = 0x400100;
}

static void world_reset(void)
{
	memset(slots_t, 0, sizeof(slots_t));
	memset(slots_b, 0, sizeof(slots_b));
	memset(slots_d, 0, sizeof(slots_d));
	memset(&ep1, 0, sizeof(ep1));
	memset(&ep2, 0, sizeof(ep2));
	memset(&nt1, 0, sizeof(nt1));
	memset(&nt2, 0, sizeof(nt2));
	memset(queued, 0, sizeof(queued));
	sched_top = -1;
	current = NULL;
	thread_init(&T, "T", &cnode_t, buf_t, 100);
	thread_init(&B, "B", &cnode_b, buf_b, 100);
	thread_init(&D, "D", &cnode_d, buf_d, 100);
	T.fault_ep = &ep1;
	T.fault_badge = 0xf;
	root(&slots_t[E_ANCESTOR], CAP_ENDPOINT, &ep1);
	cap_derive(&slots_t[E_THROUGH], &slots_t[E_ANCESTOR]);
	root(&slots_t[E_UNRELATED], CAP_ENDPOINT, &ep1);
	root(&slots_t[E_OTHER], CAP_ENDPOINT, &ep2);
	root(&slots_t[N_ANCESTOR], CAP_NOTIFICATION, &nt1);
	cap_derive(&slots_t[N_THROUGH], &slots_t[N_ANCESTOR]);
	root(&slots_t[N_UNRELATED], CAP_NOTIFICATION, &nt1);
	root(&slots_t[N_OTHER], CAP_NOTIFICATION, &nt2);
	root(&slots_t[E_SPARE], CAP_ENDPOINT, &ep1);
	root(&slots_t[N_SPARE], CAP_NOTIFICATION, &nt1);
	root(&slots_b[1], CAP_ENDPOINT, &ep1);
	root(&slots_b[2], CAP_NOTIFICATION, &nt1);
	slots_b[2].badge = 0x40;
	root(&slots_d[1], CAP_CNODE, &cnode_t);
	thread_start(&T, false);
	thread_start(&B, false);
	thread_start(&D, false);
}

/* --- thread states, each reached through the kernel's own paths ------------------------------ */

enum state {
	S_RUNNING,
	S_READY, /* woken from a Wait through N_THROUGH, not run yet (reproducer 1) */
	S_SEND,
	S_CALL_QUEUED,
	S_RECV,
	S_AWAIT_REPLY,
	S_REPLY_RECV, /* replied, then receiving through E_THROUGH (the fast path) */
	S_WAIT,
	S_SUSPENDED, /* suspended while blocked in Recv through E_THROUGH */
	S_EXITED,    /* exited after a Wait through N_THROUGH (reproducer 1) */
	S_STOPPED,   /* faulted with nobody to handle it */
	S_FAULT_QUEUED,
	S_FAULT_DELIVERED,
	S_WFI, /* a vCPU blocked in WFI (no capability involved) */
	S_COUNT
};

static const char *const state_names[] = {"running",	     "ready",
					  "blocked in Send", "blocked in Call (queued)",
					  "blocked in Recv", "awaiting a reply",
					  "in ReplyRecv",    "blocked in Wait",
					  "suspended",	     "exited",
					  "stopped",	     "fault queued",
					  "fault delivered", "waiting in WFI"};

static void as(struct tcb *t)
{
	current = t;
	*queued_flag(t) = false;
}

static void enter(enum state s)
{
	u64 info = MSG_INFO(0, 0, 1);

	world_reset();
	switch (s) {
	case S_RUNNING:
		as(&T);
		break;
	case S_READY:
	case S_EXITED:
		as(&T);
		ipc_recv(&T, &slots_t[N_THROUGH], true);
		as(&B);
		ipc_send(&B, &slots_b[2], 0, false, true);
		if (s == S_EXITED) {
			as(&T);
			thread_exit(&T);
		}
		break;
	case S_SEND:
	case S_CALL_QUEUED:
		as(&T);
		T.regs.x[1] = info;
		ipc_send(&T, &slots_t[E_THROUGH], info, s == S_CALL_QUEUED, true);
		break;
	case S_RECV:
	case S_SUSPENDED:
		as(&T);
		ipc_recv(&T, &slots_t[E_THROUGH], true);
		if (s == S_SUSPENDED) {
			as(&D);
			thread_suspend(&T);
		}
		break;
	case S_AWAIT_REPLY:
		as(&B);
		ipc_recv(&B, &slots_b[1], true);
		as(&T);
		T.regs.x[1] = info;
		ipc_send(&T, &slots_t[E_THROUGH], info, true, true);
		break;
	case S_REPLY_RECV:
		as(&T);
		ipc_recv(&T, &slots_t[E_THROUGH], true);
		as(&B);
		B.regs.x[1] = info;
		ipc_send(&B, &slots_b[1], info, true, true);
		as(&T);
		B.slice_live = true;
		B.slice_tick = timer_tick_count;
		T.regs.x[1] = info;
		assert_ptr_equal(ipc_fastpath_reply_recv(&T, &slots_t[E_THROUGH]), &B);
		break;
	case S_WAIT:
		as(&T);
		ipc_recv(&T, &slots_t[N_THROUGH], true);
		break;
	case S_STOPPED:
		as(&T);
		thread_stop(&T, "test");
		break;
	case S_FAULT_QUEUED:
		as(&T);
		ipc_send_fault(&T, FAULT_DATA_ABORT, 3);
		break;
	case S_FAULT_DELIVERED:
		as(&B);
		ipc_recv(&B, &slots_b[1], true);
		as(&T);
		ipc_send_fault(&T, FAULT_DATA_ABORT, 3);
		break;
	case S_WFI:
		as(&T);
		thread_block(&T, THREAD_BLOCKED_WFI, NULL, NULL);
		break;
	default:
		fail();
	}
	as(&D);
}

/* The state every setup must reach (the setups are themselves checked). */
static const u32 state_reached[S_COUNT] = {
    [S_RUNNING] = THREAD_READY,
    [S_READY] = THREAD_READY,
    [S_SEND] = THREAD_BLOCKED_SEND,
    [S_CALL_QUEUED] = THREAD_BLOCKED_SEND,
    [S_RECV] = THREAD_BLOCKED_RECV,
    [S_AWAIT_REPLY] = THREAD_BLOCKED_REPLY,
    [S_REPLY_RECV] = THREAD_BLOCKED_RECV,
    [S_WAIT] = THREAD_BLOCKED_NOTIF,
    [S_SUSPENDED] = THREAD_SUSPENDED,
    [S_EXITED] = THREAD_STOPPED,
    [S_STOPPED] = THREAD_STOPPED,
    [S_FAULT_QUEUED] = THREAD_BLOCKED_SEND,
    [S_FAULT_DELIVERED] = THREAD_BLOCKED_REPLY,
    [S_WFI] = THREAD_BLOCKED_WFI,
};

/* Which family of T's capabilities a state concerns (the one it used). */
static bool notification_family(enum state s)
{
	return s == S_READY || s == S_WAIT || s == S_EXITED;
}

/* --- operations and the table ----------------------------------------------------------------- */

enum op {
	OP_COPY,
	OP_MINT,
	OP_MOVE,
	OP_DELETE,
	OP_REVOKE,
	OP_MOVE_DELETE_NEW,
	OP_MOVE_DELETE_OLD,
	OP_COUNT
};
static const char *const op_names[] = {"Copy",
				       "Mint",
				       "Move",
				       "Delete",
				       "Revoke",
				       "Move, Delete the new slot",
				       "Move, refill and Delete the old slot"};
enum target { T_THROUGH, T_ANCESTOR, T_UNRELATED, T_OTHER, T_COUNT };
static const char *const target_names[] = {"the cap blocked through", "an ancestor",
					   "an unrelated cap to the object",
					   "another object's cap"};

/* expected[state][op]: one character per target (through, ancestor, unrelated, other):
 * 'W' the thread wakes with REVOKED, '-' nothing about it changes (a Move may carry its wait). */
#define BLOCKED_THROUGH_A_CAP                                                                      \
	{                                                                                          \
		"----", "----", "----", "W---", "-W--", "W---", "----"                             \
	}
#define NEVER_TOUCHED                                                                              \
	{                                                                                          \
		"----", "----", "----", "----", "----", "----", "----"                             \
	}
static const char *const expected[S_COUNT][OP_COUNT] = {
    [S_RUNNING] = NEVER_TOUCHED,
    [S_READY] = NEVER_TOUCHED,
    [S_SEND] = BLOCKED_THROUGH_A_CAP,
    [S_CALL_QUEUED] = BLOCKED_THROUGH_A_CAP,
    [S_RECV] = BLOCKED_THROUGH_A_CAP,
    [S_AWAIT_REPLY] = NEVER_TOUCHED,
    [S_REPLY_RECV] = BLOCKED_THROUGH_A_CAP,
    [S_WAIT] = BLOCKED_THROUGH_A_CAP,
    [S_SUSPENDED] = NEVER_TOUCHED,
    [S_WFI] = NEVER_TOUCHED,
    [S_EXITED] = NEVER_TOUCHED,
    [S_STOPPED] = NEVER_TOUCHED,
    [S_FAULT_QUEUED] = NEVER_TOUCHED,
    [S_FAULT_DELIVERED] = NEVER_TOUCHED,
};

static void cnode_op(u64 label, u64 a, u64 b, u64 c, u64 d)
{
	D.regs.x[2] = a;
	D.regs.x[3] = b;
	D.regs.x[4] = c;
	D.regs.x[5] = d;
	D.regs.x[6] = 0;
	static const u32 len[] = {[CNODE_COPY] = 2,
				  [CNODE_MINT] = 5,
				  [CNODE_MOVE] = 2,
				  [CNODE_DELETE] = 1,
				  [CNODE_REVOKE] = 1};
	cnode_invoke(&D, &slots_d[1], label, len[label]);
	assert_int_equal(D.regs.x[0], WARDEN_OK);
}

static void run_op(enum op op, u64 slot, u64 spare)
{
	switch (op) {
	case OP_COPY:
		cnode_op(CNODE_COPY, COPY_DEST, slot, 0, 0);
		break;
	case OP_MINT:
		cnode_op(CNODE_MINT, MINT_DEST, slot, CAP_RIGHT_READ, 0x5);
		break;
	case OP_MOVE:
		cnode_op(CNODE_MOVE, MOVE_DEST, slot, 0, 0);
		break;
	case OP_DELETE:
		cnode_op(CNODE_DELETE, slot, 0, 0, 0);
		break;
	case OP_REVOKE:
		cnode_op(CNODE_REVOKE, slot, 0, 0, 0);
		break;
	case OP_MOVE_DELETE_NEW:
		cnode_op(CNODE_MOVE, MOVE_DEST, slot, 0, 0);
		cnode_op(CNODE_DELETE, MOVE_DEST, 0, 0, 0);
		break;
	case OP_MOVE_DELETE_OLD:
		cnode_op(CNODE_MOVE, MOVE_DEST, slot, 0, 0);
		cnode_op(CNODE_COPY, slot, spare, 0, 0);
		cnode_op(CNODE_DELETE, slot, 0, 0, 0);
		break;
	default:
		fail();
	}
}

/* Every capability's waiter and every wait agree; only a blocked thread has a wait. */
static void check_links(const char *what)
{
	for (u32 i = 0; i < ARRAY_SIZE(slots_t); i++) {
		struct tcb *w = slots_t[i].waiter;
		if (w && (w != &T || T.wait.cap != &slots_t[i]))
			fail_msg("%s: slot %u names a waiter that does not wait through it", what,
				 i);
	}
	if (T.wait.cap && T.wait.cap->waiter != &T)
		fail_msg("%s: T's wait names a capability that does not know it", what);
	if (!thread_is_blocked(&T) && (T.wait.cap || T.wait.obj))
		fail_msg("%s: T is not blocked but has a wait record", what);
}

static bool in_ep_queue(const struct endpoint *ep, const struct tcb *t)
{
	for (const struct tcb *q = ep->head; q; q = q->qnext)
		if (q == t)
			return true;
	return false;
}

static void one_case(enum state s, enum op op, enum target tg)
{
	char what[200];
	bool n = notification_family(s);
	u64 slot = (n ? N_ANCESTOR : E_ANCESTOR) + (tg == T_THROUGH	? 1
						    : tg == T_ANCESTOR	? 0
						    : tg == T_UNRELATED ? 2
									: 3);
	snprintf(what, sizeof(what), "%s, %s on %s", state_names[s], op_names[op],
		 target_names[tg]);

	enter(s);
	if (T.state != state_reached[s])
		fail_msg("%s: setup reached state %u, not %u", what, T.state, state_reached[s]);
	check_links(what);
	struct tcb before = T;
	bool was_queued = *queued_flag(&T);
	struct cap *moved_wait = T.wait.cap == &slots_t[slot] ? &slots_t[MOVE_DEST] : T.wait.cap;

	run_op(op, slot, n ? N_SPARE : E_SPARE);
	check_links(what);

	if (expected[s][op][tg] == 'W') {
		if (T.state != THREAD_READY || T.regs.x[0] != WARDEN_REVOKED || !*queued_flag(&T))
			fail_msg("%s: expected a wake with REVOKED; state %u x0 %lu queued %d",
				 what, T.state, (unsigned long)T.regs.x[0], *queued_flag(&T));
		if (in_ep_queue(&ep1, &T) || nt1.waiter == &T)
			fail_msg("%s: the object still holds the woken thread", what);
		if (memcmp(&T.regs.x[1], &before.regs.x[1], sizeof(u64) * 30) ||
		    T.regs.pc != before.regs.pc)
			fail_msg("%s: a register other than x0 changed", what);
		return;
	}
	if (T.state != before.state || memcmp(&T.regs, &before.regs, sizeof(T.regs)) ||
	    *queued_flag(&T) != was_queued || T.fault_pending != before.fault_pending)
		fail_msg("%s: the thread changed (state %u -> %u, x0 %lx -> %lx, queued %d -> %d)",
			 what, before.state, T.state, (unsigned long)before.regs.x[0],
			 (unsigned long)T.regs.x[0], was_queued, *queued_flag(&T));
	struct cap *want = op == OP_COPY || op == OP_MINT || op == OP_DELETE || op == OP_REVOKE
			       ? before.wait.cap
			       : moved_wait;
	if (T.wait.obj != before.wait.obj || T.wait.cap != want)
		fail_msg("%s: the wait record is not where the capability went", what);
	if (before.state == THREAD_BLOCKED_RECV || before.state == THREAD_BLOCKED_SEND)
		if (!in_ep_queue(&ep1, &T))
			fail_msg("%s: the thread left the endpoint's queue", what);
	if (before.state == THREAD_BLOCKED_NOTIF && nt1.waiter != &T)
		fail_msg("%s: the thread left the notification", what);
}

static void state_table(void **unused)
{
	for (u32 s = 0; s < S_COUNT; s++)
		for (u32 op = 0; op < OP_COUNT; op++)
			for (u32 tg = 0; tg < T_COUNT; tg++)
				one_case(s, op, tg);
}

/* After a woken wait, the woken thread is queued exactly once and its x8 (the word) is kept. */
static void ready_thread_keeps_wait_result(void **unused)
{
	enter(S_READY);
	assert_int_equal(T.regs.x[0], WARDEN_OK);
	assert_int_equal(T.regs.x[8], 0x40);
	cnode_op(CNODE_DELETE, N_THROUGH, 0, 0, 0);
	assert_int_equal(T.regs.x[0], WARDEN_OK);
	assert_int_equal(T.regs.x[8], 0x40);
}

/* Nothing moves a stopped thread: a transition out of STOPPED is a kernel bug and panics. */
static void stopped_thread_never_moves(void **unused)
{
	static const u32 targets[] = {THREAD_READY, THREAD_BLOCKED_RECV, THREAD_SUSPENDED};

	for (u32 i = 0; i < ARRAY_SIZE(targets); i++) {
		enter(S_EXITED);
		panic_expected = true;
		if (setjmp(panic_jump) == 0) {
			thread_set_state(&T, targets[i]);
			panic_expected = false;
			fail_msg("moved a stopped thread to state %u", targets[i]);
		}
		panic_expected = false;
		assert_int_equal(T.state, THREAD_STOPPED);
	}
}

/* Suspend of a blocked thread puts it back on its svc, out of the queue; Resume readies it. */
static void suspend_restarts_the_call(void **unused)
{
	enter(S_RECV);
	u64 pc = T.regs.pc;
	thread_suspend(&T);
	assert_int_equal(T.state, THREAD_SUSPENDED);
	assert_int_equal(T.regs.pc, pc - 4);
	assert_null(ep1.head);
	assert_null(slots_t[E_THROUGH].waiter);
	thread_resume(&T);
	assert_int_equal(T.state, THREAD_READY);
	assert_true(*queued_flag(&T));

	/* A caller awaiting a reply: its server no longer has it to reply to. */
	enter(S_AWAIT_REPLY);
	assert_ptr_equal(B.caller, &T);
	thread_suspend(&T);
	assert_null(B.caller);
	assert_false(ipc_reply(&B, MSG_INFO(0, 0, 0)));
	assert_int_equal(T.state, THREAD_SUSPENDED);

	/* A pending fault is withdrawn; the pc stays at the fault. */
	enter(S_FAULT_QUEUED);
	pc = T.regs.pc;
	thread_suspend(&T);
	assert_int_equal(T.regs.pc, pc);
	assert_false(T.fault_pending);
	assert_null(ep1.head);
}

/* A vCPU in WFI: Suspend ends the wait without moving its pc (past the WFI: a WFI may end at
 * any time); a wake-up readies it once. Only the running thread enters WFI. */
static void wfi_wait_ends_in_place(void **unused)
{
	enter(S_WFI);
	u64 pc = T.regs.pc;
	thread_suspend(&T);
	assert_int_equal(T.state, THREAD_SUSPENDED);
	assert_int_equal(T.regs.pc, pc);
	assert_false(*queued_flag(&T));
	thread_resume(&T);
	assert_int_equal(T.state, THREAD_READY);
	assert_true(*queued_flag(&T));

	enter(S_WFI);
	thread_wake(&T);
	assert_int_equal(T.state, THREAD_READY);
	assert_true(*queued_flag(&T));
	assert_int_equal(T.regs.pc, pc);

	enter(S_SUSPENDED);
	panic_expected = true;
	if (setjmp(panic_jump) == 0) {
		thread_block(&T, THREAD_BLOCKED_WFI, NULL, NULL);
		panic_expected = false;
		fail_msg("a suspended thread entered WFI");
	}
	panic_expected = false;
	assert_int_equal(T.state, THREAD_SUSPENDED);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(state_table),
	    cmocka_unit_test(ready_thread_keeps_wait_result),
	    cmocka_unit_test(stopped_thread_never_moves),
	    cmocka_unit_test(suspend_restarts_the_call),
	    cmocka_unit_test(wfi_wait_ends_in_place),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
