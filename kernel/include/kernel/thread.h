/* Thread state transitions: the only code that writes tcb.state and tcb.wait (issue 11). Every
 * path (system calls, the IPC fast paths, faults, vCPU traps, TCB invocations, exit, boot) moves
 * threads with these; the fast paths skip work, never a transition. thread_set_state() checks
 * each move against one table and panics on any other: a broken invariant, never user input
 * (the callers refuse invalid requests first). A stopped thread never moves again. */
#ifndef KERNEL_THREAD_H
#define KERNEL_THREAD_H
#include <kernel/object.h>

#define THREAD_BIT(s) (1u << (s))
#define THREAD_ANY_BLOCKED                                                                         \
	(THREAD_BIT(THREAD_BLOCKED_SEND) | THREAD_BIT(THREAD_BLOCKED_RECV) |                       \
	 THREAD_BIT(THREAD_BLOCKED_REPLY) | THREAD_BIT(THREAD_BLOCKED_NOTIF) |                     \
	 THREAD_BIT(THREAD_BLOCKED_WFI))

/* The transition table, by target: the states a thread may enter `to` from. A constant at every
 * call site (`to` always is), so the check is a shift and a test. Nothing leaves STOPPED. */
static inline u32 thread_allowed_from(u32 to)
{
	switch (to) {
	case THREAD_READY: /* woken, started, resumed; or the running thread woken again */
		return THREAD_BIT(THREAD_INACTIVE) | THREAD_BIT(THREAD_READY) | THREAD_ANY_BLOCKED |
		       THREAD_BIT(THREAD_SUSPENDED);
	case THREAD_BLOCKED_SEND:
	case THREAD_BLOCKED_RECV:
	case THREAD_BLOCKED_NOTIF:
	case THREAD_BLOCKED_WFI: /* only the running thread blocks */
		return THREAD_BIT(THREAD_READY);
	case THREAD_BLOCKED_REPLY: /* a Call delivered at once, or a queued one taken */
		return THREAD_BIT(THREAD_READY) | THREAD_BIT(THREAD_BLOCKED_SEND);
	case THREAD_SUSPENDED:
		return THREAD_BIT(THREAD_INACTIVE) | THREAD_BIT(THREAD_READY) | THREAD_ANY_BLOCKED |
		       THREAD_BIT(THREAD_SUSPENDED);
	case THREAD_STOPPED: /* exit, or a fault nobody handles: the running thread */
		return THREAD_BIT(THREAD_READY);
	default:
		return 0;
	}
}

NORETURN void thread_bad_transition(const struct tcb *t, u32 to);

/* The one place tcb.state is written. */
static inline __attribute__((always_inline)) void thread_set_state(struct tcb *t, u32 to)
{
	if (__builtin_expect(!(thread_allowed_from(to) >> t->state & 1), 0))
		thread_bad_transition(t, to);
	t->state = to;
}

static inline bool thread_is_blocked(const struct tcb *t)
{
	return t->state >= THREAD_BLOCKED_SEND && t->state <= THREAD_BLOCKED_WFI;
}

/* The run queue (sched.c): queue a ready thread, take one off. */
void sched_enqueue(struct tcb *t, bool first);
void sched_unready(struct tcb *t);
/* Runs t next, bypassing the run queue: the IPC fast path's switch. */
void sched_switch_direct(struct tcb *t);
bool sched_slice_still_live(struct tcb *t);

/* The running thread t now waits on obj (an endpoint, a notification) through capability via
 * (NULL for a fault message). A capability has one waiter at most: only the thread owning its
 * CNode uses it, and a thread waits once. */
static inline __attribute__((always_inline)) void thread_block(struct tcb *t, u32 state, void *obj,
							       struct cap *via)
{
	thread_set_state(t, state);
	t->wait.obj = obj;
	t->wait.cap = via;
	if (via)
		via->waiter = t;
}

/* t's Call reached server (at once, or taken from the queue): it waits for the reply, through
 * no capability (deleting the endpoint capability no longer cancels it). */
static inline __attribute__((always_inline)) void thread_await_reply(struct tcb *t,
								     struct tcb *server)
{
	struct cap *c = t->wait.cap;

	if (c)
		c->waiter = NULL;
	thread_set_state(t, THREAD_BLOCKED_REPLY);
	t->wait.obj = server;
	t->wait.cap = NULL;
}

/* Ends t's wait record (the object's own queue is the caller's business). */
static inline __attribute__((always_inline)) void thread_wait_clear(struct tcb *t)
{
	struct cap *c = t->wait.cap;

	if (c)
		c->waiter = NULL;
	t->wait.cap = NULL;
	t->wait.obj = NULL;
}

/* Blocked (or running) -> ready, at the tail of its priority. */
static inline __attribute__((always_inline)) void thread_wake(struct tcb *t)
{
	thread_wait_clear(t);
	thread_set_state(t, THREAD_READY);
	sched_enqueue(t, false);
}

/* A replied-to caller: ready ahead of its equals while its time slice lasts (a Call is not a
 * yield). */
static inline __attribute__((always_inline)) void thread_wake_replied(struct tcb *t)
{
	thread_wait_clear(t);
	thread_set_state(t, THREAD_READY);
	sched_enqueue(t, sched_slice_still_live(t));
}

/* Blocked -> running at once (the fast paths' partner): sched_switch_direct() follows. A fast
 * path that has just checked t's state does this first, so that the check folds away. */
static inline __attribute__((always_inline)) void thread_unblock_direct(struct tcb *t)
{
	thread_wait_clear(t);
	thread_set_state(t, THREAD_READY);
}

static inline __attribute__((always_inline)) void thread_run_now(struct tcb *t)
{
	thread_unblock_direct(t);
	sched_switch_direct(t);
}

/* Boot: inactive -> ready, or suspended for a thread that starts suspended. */
void thread_start(struct tcb *t, bool suspended);
/* TCB Suspend: cancels a blocked operation (a blocked system call is issued again on Resume; a
 * pending fault is withdrawn; a vCPU's WFI ends, as it may at any time) and stops t until
 * Resume. Not for a stopped thread. */
void thread_suspend(struct tcb *t);
/* TCB Resume of a suspended or inactive thread. */
void thread_resume(struct tcb *t);
/* The running thread exits with status x0 (nonzero: a failure, counted). */
void thread_exit(struct tcb *t);
/* The running thread faulted with nobody to handle it (a failure, counted). */
void thread_stop(struct tcb *t, const char *why);
/* How many threads were stopped for a fault or exited with a nonzero status; *first names the
 * first of them ("" if none). */
u32 thread_failures(const char **first);

#endif
