/* Scheduling: 256 priorities, round robin within one, preemption by the EL2 timer tick. The
 * running thread is never on the run queue. Thread states change in kernel/thread.h only. */
#include <kernel/console.h>
#include <kernel/el0_state.h>
#include <kernel/fpsimd.h>
#include <kernel/ipc.h>
#include <kernel/kernel.h>
#include <kernel/thread.h>
#include <kernel/sysreg.h>
#include <kernel/timer.h>
#include <kernel/vcpu.h>
#include <kernel/vtimer.h>

#define PRIORITIES 256

struct tcb *current;
static struct regs el0_nobody;
struct regs *el0_owner = &el0_nobody;

void el0_state_forget(struct tcb *t)
{
	if (el0_owner == &t->regs) {
		write_sysreg(tpidr_el0, 0);
		write_sysreg(pmuserenr_el0, 0);
		el0_owner = &el0_nobody;
	}
}
static struct {
	struct tcb *head, *tail;
} queues[PRIORITIES];
static u64 nonempty[PRIORITIES / 64]; /* bit p: queues[p] holds a thread */
int sched_top = -1;		      /* the highest such p, or -1 (kernel.h) */

static int highest_nonempty(void)
{
	for (int w = PRIORITIES / 64 - 1; w >= 0; w--)
		if (nonempty[w])
			return w * 64 + 63 - __builtin_clzll(nonempty[w]);
	return -1;
}

/* queues[p] just became empty. */
static void queue_emptied(u32 p)
{
	nonempty[p / 64] &= ~BIT(p % 64);
	if ((int)p == sched_top)
		sched_top = highest_nonempty();
}

static u32 wakeup_sources; /* IRQs that can make a thread runnable while all are blocked */

static void enqueue(struct tcb *t, bool at_head)
{
	u32 p = t->prio;

	t->qnext = t->qprev = NULL;
	if (!queues[p].head) {
		queues[p].head = queues[p].tail = t;
	} else if (at_head) {
		t->qnext = queues[p].head;
		queues[p].head->qprev = t;
		queues[p].head = t;
	} else {
		t->qprev = queues[p].tail;
		queues[p].tail->qnext = t;
		queues[p].tail = t;
	}
	nonempty[p / 64] |= BIT(p % 64);
	if ((int)p > sched_top)
		sched_top = (int)p;
}

static bool queued(const struct tcb *t)
{
	return t->qprev || queues[t->prio].head == t;
}

void sched_unready(struct tcb *t)
{
	u32 p = t->prio;

	if (t == current || !queued(t))
		return;
	if (t->qprev)
		t->qprev->qnext = t->qnext;
	else
		queues[p].head = t->qnext;
	if (t->qnext)
		t->qnext->qprev = t->qprev;
	else
		queues[p].tail = t->qprev;
	t->qnext = t->qprev = NULL;
	if (!queues[p].head)
		queue_emptied(p);
}

/* Time slices: one begins when a thread starts running without one and ends at the next timer
 * tick. Blocking and being replied to do not end it, so a thread that keeps calling (a vCPU
 * trapping to its VMM) cannot hold the CPU past a tick against its equals. */
static void slice_begin(struct tcb *t)
{
	if (!t->slice_live) {
		t->slice_tick = timer_ticks();
		t->slice_live = true;
	}
}

bool sched_slice_still_live(struct tcb *t)
{
	t->slice_live = sched_slice_left(t);
	return t->slice_live;
}

void sched_enqueue(struct tcb *t, bool first)
{
	if (t != current && !queued(t))
		enqueue(t, first);
}

static struct tcb *dequeue(int p)
{
	struct tcb *t = queues[p].head;

	queues[p].head = t->qnext;
	if (t->qnext)
		t->qnext->qprev = NULL;
	else
		queues[p].tail = NULL;
	t->qnext = NULL;
	if (!queues[p].head)
		queue_emptied(p);
	return t;
}

void sched_preempt(void)
{
	if (current)
		current->slice_live = false;
	if (current && current->state == THREAD_READY) {
		enqueue(current, false);
		current = NULL;
	}
}

void sched_set_wakeup_sources(u32 n)
{
	wakeup_sources = n;
}

/* Address space, FP state, EL0 registers (inline: the IPC fast path switches threads here). */
static inline __attribute__((always_inline)) void switch_to(struct tcb *t)
{
	if (t->vcpu || vcpu_guest_mode_on())
		vcpu_switch(t);
	aspace_activate(t->as);
	fpsimd_switch(t);
	el0_state_switch(t);
}

/* Out of line: schedule() is on the IPC paths, idling is not. */
static __attribute__((noinline)) void idle(void)
{
	if (!(wakeup_sources && irq_can_wake()) && !vtimer_can_wake() && !console_can_wake()) {
		kprintf("warden: no thread can run any more; powering off\n");
		system_off();
	}
	__asm__ volatile("msr daifclr, #2" ::: "memory");
	__asm__ volatile("wfi");
	__asm__ volatile("msr daifset, #2" ::: "memory");
}

struct tcb *schedule(void)
{
	for (;;) {
		int p = sched_highest_ready();
		if (current && current->state == THREAD_READY) {
			if (p <= (int)current->prio)
				return current;
			enqueue(current, true); /* preempted by a higher priority: first in line */
		}
		if (p >= 0) {
			current = dequeue(p);
			slice_begin(current);
			switch_to(current);
			return current;
		}
		current = NULL;
		idle();
	}
}

void sched_switch_direct(struct tcb *t)
{
	slice_begin(t);
	current = t;
	switch_to(t);
}
