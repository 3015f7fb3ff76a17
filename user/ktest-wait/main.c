/* Kernel test, waits and capabilities (kernel-wait.xml, issue 11): a capability operation
 * touches a thread only when it removes the capability that thread is blocked through, wherever
 * that capability has been moved; a thread that is not blocked (ready, exited, waiting for a
 * reply, suspended) is never touched. The victims are ktest-wait-victim threads: w and v above
 * this driver's priority (they run as soon as they are woken), l below it, and idle lower still
 * (its round says every thread above it is blocked). */
#include <warden/check.h>

#include "order.h"

#define SELF 1
#define DN 2 /* the victims' done notification */
#define W_CNODE 10
#define W_TCB 11
#define W_GO 12
#define V_CNODE 20
#define V_TCB 21
#define V_GO 22
#define V_EP 23 /* the endpoint v uses, rw */
#define FEP 24	/* v's fault endpoint, r */
#define FEP2 25 /* an unrelated capability to the same fault endpoint */
#define FEP3 26 /* a copy of FEP made while a fault is pending */
#define L_CNODE 30
#define L_GO 32
#define L_NT 33 /* the notification l waits on, w, badge 0x11 */
#define IDLE_GO 42

/* Slots in v's CNode: 3 the endpoint it blocks through (a child of 6 unless said otherwise),
 * 6 a root capability to the same endpoint, 7 an unrelated root to it, 8 another object. */
#define V_USE 3
#define V_ROOT 6
#define V_OTHER 7
#define V_NTFN 8
#define V_MOVED 9
/* l's CNode: 5 its notification. w's: 2 its GO notification, 4 its done capability. */
#define L_USE 5
#define W_GO_SLOT 2

#define ORDER(i) (WAIT_ORDER + (i) * (0x1000 / sizeof(struct wait_order)))
#define W ORDER(0)
#define V ORDER(1)
#define L ORDER(2)
#define IDLE ORDER(3)

static void expect(long st, long want, const char *name)
{
	check(st == want, name, "%s, expected %s", w_strerror(st), w_strerror(want));
}

static void wait_done(volatile struct wait_order *o, u64 n)
{
	u64 word;

	while (o->done < n)
		w_wait(DN, &word);
}

/* Returns when every thread above idle's priority is blocked. */
static void settle(void)
{
	u64 n = IDLE->done + 1;

	IDLE->op = OP_SIGNAL;
	IDLE->slot = 4;
	w_signal(IDLE_GO);
	wait_done(IDLE, n);
}

static void order(volatile struct wait_order *o, u64 go, u64 op, u64 slot, u64 arg)
{
	o->op = op;
	o->slot = slot;
	o->arg = arg;
	w_signal(go);
}

/* v's round ended with this status and value. */
static void v_result(u64 done, long status, u64 value, const char *name)
{
	check(V->done == done && (long)V->status == status && (status || V->value == value), name,
	      "rounds %lu (expected %lu), %s (expected %s), value %lu (expected %lu)", V->done,
	      done, w_strerror((long)V->status), w_strerror(status), V->value, value);
}

static void v_still_blocked(u64 done, const char *name)
{
	check(V->done == done, name, "v woke: %s", w_strerror((long)V->status));
}

static long v_op(u64 label, u64 dest, u64 src)
{
	u64 args[2] = {dest, src};
	return w_invoke(V_CNODE, label, args,
			label == CNODE_DELETE || label == CNODE_REVOKE ? 1 : 2, NULL, 0);
}

static long nbsend(u64 value)
{
	struct msg m = {.info = MSG_INFO(0, 0, 1), .mr = {value}};
	return w_nbsend(V_EP, &m);
}

/* v's slot 3 becomes a child of slot 6 again. */
static void v_restore(void)
{
	expect(w_cnode_copy(V_CNODE, V_USE, V_ROOT), WARDEN_OK, "kernel-wait restore v's cap");
}

/* The first reproducer: w waits on its notification, is signalled and exits; deleting
 * the capability it once waited through must not run it again. */
static void exited_thread_stays_exited(void)
{
	order(W, W_GO, OP_EXIT, 0, 0);
	check(W->exits == 1, "kernel-wait w exited", "exits %lu", W->exits);
	expect(w_cnode_delete(W_CNODE, W_GO_SLOT), WARDEN_OK,
	       "kernel-wait Delete the cap an exited thread waited through");
	settle();
	check(W->exits == 1, "kernel-wait Delete does not revive an exited thread",
	      "w ran again %lu times", W->exits - 1);
}

/* Nothing else revives it either. */
static void exited_thread_never_revived(void)
{
	expect(w_signal(W_GO), WARDEN_OK, "kernel-wait Signal an exited thread's notification");
	expect(w_tcb_resume(W_TCB), WARDEN_ILLEGAL_OPERATION,
	       "kernel-wait Resume an exited thread");
	expect(w_tcb_suspend(W_TCB), WARDEN_ILLEGAL_OPERATION,
	       "kernel-wait Suspend an exited thread");
	expect(w_cnode_delete(W_CNODE, 4), WARDEN_OK, "kernel-wait Delete an exited thread's cap");
	expect(w_cnode_revoke(W_CNODE, 1), WARDEN_OK, "kernel-wait Revoke an exited thread's cap");
	settle();
	check(W->exits == 1 && W->done == 0, "kernel-wait an exited thread is never revived",
	      "exits %lu rounds %lu", W->exits, W->done);
}

/* The first reproducer's other half: l (below this driver) is signalled, so it is ready but
 * has not run; deleting the capability it waited through must not overwrite its x0. */
static void ready_thread_untouched(void)
{
	u64 n = L->done + 1;

	order(L, L_GO, OP_WAIT, L_USE, 0);
	settle();
	expect(w_signal(L_NT), WARDEN_OK, "kernel-wait signal l");
	expect(w_cnode_delete(L_CNODE, L_USE), WARDEN_OK,
	       "kernel-wait Delete the cap a ready thread waited through");
	settle();
	check(L->done == n && L->status == WARDEN_OK && L->value == 0x11,
	      "kernel-wait a ready thread keeps its Wait result",
	      "rounds %lu, %s, word %lx (expected OK, 0x11)", L->done, w_strerror((long)L->status),
	      L->value);
}

/* The second reproducer: the wait moves with the capability. */
static void move_carries_the_wait(void)
{
	u64 n = V->done;

	order(V, V_GO, OP_RECV, V_USE, 0);
	expect(v_op(CNODE_MOVE, V_MOVED, V_USE), WARDEN_OK,
	       "kernel-wait Move a blocked-through cap");
	v_still_blocked(n, "kernel-wait Move does not wake the thread");
	expect(v_op(CNODE_DELETE, V_MOVED, 0), WARDEN_OK, "kernel-wait Delete the moved cap");
	v_result(n + 1, WARDEN_REVOKED, 0, "kernel-wait Delete after Move wakes with REVOKED");
	expect(nbsend(42), WARDEN_WOULD_BLOCK, "kernel-wait no receiver through a deleted cap");
	v_restore();

	/* The reverse: a new capability in the old slot is not what v waits through. */
	n = V->done;
	order(V, V_GO, OP_RECV, V_USE, 0);
	expect(v_op(CNODE_MOVE, V_MOVED, V_USE), WARDEN_OK, "kernel-wait Move again");
	v_restore();
	expect(v_op(CNODE_DELETE, V_USE, 0), WARDEN_OK,
	       "kernel-wait Delete the old slot's new cap");
	v_still_blocked(n, "kernel-wait Delete of the old slot does not wake the thread");
	expect(nbsend(43), WARDEN_OK, "kernel-wait NBSend to the moved receiver");
	v_result(n + 1, WARDEN_OK, 43, "kernel-wait the receiver gets it through the moved cap");
	expect(v_op(CNODE_MOVE, V_USE, V_MOVED), WARDEN_OK, "kernel-wait Move back");
}

/* Copy, Mint, Revoke of the cap itself, operations on other caps: none wakes v; Revoke of an
 * ancestor does. */
static void only_removal_wakes(void)
{
	u64 n = V->done;

	order(V, V_GO, OP_RECV, V_USE, 0);
	expect(v_op(CNODE_COPY, 10, V_USE), WARDEN_OK, "kernel-wait Copy a blocked-through cap");
	expect(w_cnode_mint(V_CNODE, 11, V_USE, CAP_RIGHT_READ, 5), WARDEN_OK,
	       "kernel-wait Mint a blocked-through cap");
	expect(v_op(CNODE_REVOKE, V_USE, 0), WARDEN_OK, "kernel-wait Revoke a blocked-through cap");
	expect(v_op(CNODE_DELETE, V_OTHER, 0), WARDEN_OK,
	       "kernel-wait Delete an unrelated cap to the same endpoint");
	expect(v_op(CNODE_DELETE, V_NTFN, 0), WARDEN_OK,
	       "kernel-wait Delete a cap to another object");
	v_still_blocked(n, "kernel-wait Copy, Mint, Revoke of the cap, other caps: still blocked");
	expect(v_op(CNODE_REVOKE, V_ROOT, 0), WARDEN_OK, "kernel-wait Revoke an ancestor");
	v_result(n + 1, WARDEN_REVOKED, 0, "kernel-wait Revoke of an ancestor wakes with REVOKED");
	v_restore();
}

/* A Call is cancelled while its message waits; once delivered, the caller waits for the reply,
 * which no capability operation cancels. */
static void call_and_reply(void)
{
	struct msg m;
	u64 n = V->done;

	order(V, V_GO, OP_CALL, V_USE, 7);
	expect(v_op(CNODE_DELETE, V_USE, 0), WARDEN_OK, "kernel-wait Delete under a queued Call");
	v_result(n + 1, WARDEN_REVOKED, 0, "kernel-wait queued caller wakes with REVOKED");
	expect(w_nbrecv(V_EP, &m), WARDEN_WOULD_BLOCK, "kernel-wait the cancelled Call is gone");
	v_restore();

	n = V->done;
	order(V, V_GO, OP_CALL, V_USE, 7);
	long st = w_recv(V_EP, &m);
	check(st == WARDEN_OK && m.mr[0] == 7, "kernel-wait receive v's Call", "%s mr0 %lu",
	      w_strerror(st), m.mr[0]);
	expect(v_op(CNODE_DELETE, V_USE, 0), WARDEN_OK,
	       "kernel-wait Delete while awaiting a reply");
	v_restore();
	expect(v_op(CNODE_REVOKE, V_ROOT, 0), WARDEN_OK,
	       "kernel-wait Revoke an ancestor while awaiting a reply");
	v_still_blocked(n, "kernel-wait a caller awaiting its reply stays blocked");
	struct msg r = {.info = MSG_INFO(0, 0, 1), .mr = {99}};
	expect(w_reply(&r), WARDEN_OK, "kernel-wait Reply");
	v_result(n + 1, WARDEN_OK, 99, "kernel-wait the caller gets its reply");
	v_restore();
}

/* v serves one Call with ReplyRecv and waits again through slot 3. */
static void reply_recv(u64 label, u64 slot, const char *name)
{
	u64 n = V->done;

	order(V, V_GO, OP_SERVE, V_USE, 55);
	struct msg m = {.info = MSG_INFO(0, 0, 1), .mr = {1}};
	long st = w_call(V_EP, &m);
	check(st == WARDEN_OK && m.mr[0] == 55, "kernel-wait ReplyRecv replies", "%s mr0 %lu",
	      w_strerror(st), m.mr[0]);
	v_still_blocked(n, "kernel-wait ReplyRecv waits again");
	expect(v_op(label, slot, 0), WARDEN_OK, name);
	v_result(n + 1, WARDEN_REVOKED, 0, "kernel-wait ReplyRecv wakes with REVOKED");
	v_restore();
}

/* A pending fault (queued, then delivered) is not a wait through any capability. */
static void fault_pending(void)
{
	struct msg m;
	u64 n = V->done;

	order(V, V_GO, OP_FAULT, 0, 0);
	expect(v_op(CNODE_DELETE, V_USE, 0), WARDEN_OK, "kernel-wait Delete the faulter's cap");
	expect(w_cnode_delete(SELF, FEP2), WARDEN_OK,
	       "kernel-wait Delete a cap to the fault endpoint");
	expect(w_cnode_revoke(SELF, FEP), WARDEN_OK,
	       "kernel-wait Revoke the handler's fault endpoint cap");
	v_still_blocked(n, "kernel-wait a queued fault stays queued");
	long st = w_recv(FEP, &m);
	check(st == WARDEN_OK && MSG_LABEL(m.info) == FAULT_DATA_ABORT && m.badge == 0xf,
	      "kernel-wait receive the fault", "%s label %lx badge %lx", w_strerror(st),
	      MSG_LABEL(m.info), m.badge);
	expect(w_cnode_copy(SELF, FEP3, FEP), WARDEN_OK, "kernel-wait Copy the fault endpoint cap");
	expect(w_cnode_delete(SELF, FEP), WARDEN_OK,
	       "kernel-wait Delete the cap the fault came through");
	v_still_blocked(n, "kernel-wait a delivered fault waits for its reply");
	struct msg r = {.info = MSG_INFO(0, 0, 4), .mr = {FAULT_REPLY_ADVANCE, 0, 1, 0x5afe}};
	expect(w_reply(&r), WARDEN_OK, "kernel-wait fault Reply");
	v_result(n + 1, WARDEN_OK, 0x5afe, "kernel-wait the faulter resumes as the reply says");
	v_restore();
}

/* Suspend cancels the blocked operation; Resume runs the system call again. */
static void suspend_resume(void)
{
	u64 n = V->done;

	order(V, V_GO, OP_RECV, V_USE, 0);
	expect(w_tcb_suspend(V_TCB), WARDEN_OK, "kernel-wait Suspend a blocked thread");
	expect(nbsend(44), WARDEN_WOULD_BLOCK, "kernel-wait a suspended thread receives nothing");
	expect(w_tcb_resume(V_TCB), WARDEN_OK, "kernel-wait Resume it");
	v_still_blocked(n, "kernel-wait the resumed thread blocks again");
	expect(nbsend(45), WARDEN_OK, "kernel-wait NBSend to the resumed receiver");
	v_result(n + 1, WARDEN_OK, 45, "kernel-wait the resumed Recv receives");

	order(V, V_GO, OP_RECV, V_USE, 0);
	expect(w_tcb_suspend(V_TCB), WARDEN_OK, "kernel-wait Suspend a blocked thread again");
	expect(v_op(CNODE_DELETE, V_USE, 0), WARDEN_OK,
	       "kernel-wait Delete a suspended thread's cap");
	v_still_blocked(n + 1, "kernel-wait Delete does not wake a suspended thread");
	expect(w_tcb_resume(V_TCB), WARDEN_OK, "kernel-wait Resume after Delete");
	v_result(n + 2, WARDEN_INVALID_CAP, 0, "kernel-wait the restarted Recv finds no cap");
	v_restore();
}

/* Delete keeps the children of what it deletes: a wait through a child stays. */
static void delete_ancestor_keeps_the_wait(void)
{
	u64 n = V->done;

	order(V, V_GO, OP_RECV, V_USE, 0);
	expect(v_op(CNODE_DELETE, V_ROOT, 0), WARDEN_OK, "kernel-wait Delete an ancestor");
	v_still_blocked(n, "kernel-wait Delete of an ancestor keeps the wait");
	expect(nbsend(46), WARDEN_OK, "kernel-wait NBSend after Delete of an ancestor");
	v_result(n + 1, WARDEN_OK, 46, "kernel-wait received through the surviving cap");
}

int main(void)
{
	settle(); /* every victim waits on its GO notification */
	v_restore();
	exited_thread_stays_exited();
	ready_thread_untouched();
	move_carries_the_wait();
	only_removal_wakes();
	call_and_reply();
	reply_recv(CNODE_DELETE, V_USE, "kernel-wait Delete under ReplyRecv");
	reply_recv(CNODE_REVOKE, V_ROOT, "kernel-wait Revoke an ancestor under ReplyRecv");
	fault_pending();
	suspend_resume();
	delete_ancestor_keeps_the_wait();
	exited_thread_never_revived();
	return 0;
}
