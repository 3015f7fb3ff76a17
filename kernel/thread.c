/* Thread state transitions that are not on a fast path, and the table every transition is
 * checked against (kernel/thread.h). Portable: unit-tested on the host. */
#include <kernel/console.h>
#include <kernel/fpsimd.h>
#include <kernel/ipc.h>
#include <kernel/thread.h>

/* Characters, not pointers: the kernel runs where it was loaded, without relocations. */
static const char state_names[][20] = {
    [THREAD_INACTIVE] = "inactive",
    [THREAD_READY] = "ready",
    [THREAD_BLOCKED_SEND] = "blocked in send",
    [THREAD_BLOCKED_RECV] = "blocked in receive",
    [THREAD_BLOCKED_REPLY] = "awaiting a reply",
    [THREAD_BLOCKED_NOTIF] = "blocked in wait",
    [THREAD_BLOCKED_WFI] = "waiting in WFI",
    [THREAD_SUSPENDED] = "suspended",
    [THREAD_STOPPED] = "stopped",
};

void thread_bad_transition(const struct tcb *t, u32 to)
{
	panic("thread '%s': no transition from %s to %s", t->name, state_names[t->state],
	      state_names[to]);
}

void thread_start(struct tcb *t, bool suspended)
{
	thread_set_state(t, suspended ? THREAD_SUSPENDED : THREAD_READY);
	if (!suspended)
		sched_enqueue(t, false);
}

void thread_suspend(struct tcb *t)
{
	if (thread_is_blocked(t)) {
		/* Blocked in a system call: back to its svc, so that Resume issues it again (its
		 * arguments are still in its registers). A fault message is withdrawn; the
		 * thread resumes at the pc its fault message reported. A vCPU in WFI resumes
		 * after it (a WFI may end at any time). */
		if (!t->fault_pending && t->state != THREAD_BLOCKED_WFI)
			t->regs.pc -= 4;
		ipc_cancel(t);
	}
	sched_unready(t);
	thread_set_state(t, THREAD_SUSPENDED);
}

void thread_resume(struct tcb *t)
{
	thread_set_state(t, THREAD_READY);
	sched_enqueue(t, false);
}

/* Threads stopped for a fault or exited with a failure status, for the power-off line. */
static u32 failures;
static const struct tcb *first_failure;

static void count_failure(const struct tcb *t)
{
	if (!failures++)
		first_failure = t;
}

u32 thread_failures(const char **first)
{
	*first = first_failure ? first_failure->name : "";
	return failures;
}

void thread_exit(struct tcb *t)
{
	console_thread_flush(t);
	kprintf("warden: thread '%s' exited with status %ld\n", t->name, (s64)t->regs.x[0]);
	if (t->regs.x[0])
		count_failure(t);
	thread_set_state(t, THREAD_STOPPED);
	fpsimd_forget(t);
}

void thread_stop(struct tcb *t, const char *why)
{
	sched_unready(t);
	thread_set_state(t, THREAD_STOPPED);
	console_thread_flush(t);
	kprintf("warden: thread '%s' stopped: %s\n", t->name, why);
	count_failure(t);
	fpsimd_forget(t);
}
