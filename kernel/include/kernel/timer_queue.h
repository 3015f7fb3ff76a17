/* A software timer queue: deadlines in physical counter ticks (CNTPCT), earliest first. The EL2
 * physical timer (kernel/drivers/timer.c) is programmed for the head, so one hardware timer
 * serves the scheduler's tick and every vCPU's timer deadline. Portable: unit-tested on the
 * host (tests/unit/test_timer_queue.c). */
#ifndef KERNEL_TIMER_QUEUE_H
#define KERNEL_TIMER_QUEUE_H
#include <warden/types.h>

#define TIMER_NEVER (~0ull)

struct timer_event {
	u64 deadline;
	struct timer_event *next, *prev;
	bool queued;
	/* Called once the deadline has passed (the event is off the queue by then). */
	void (*fire)(struct timer_event *e);
	void *owner;
};

struct timer_queue {
	struct timer_event *head;
};

/* Queues e for deadline, after any event with the same deadline; an event already queued
 * moves. */
void timer_queue_add(struct timer_queue *q, struct timer_event *e, u64 deadline);
/* Takes e off the queue (nothing if it is not queued). */
void timer_queue_remove(struct timer_queue *q, struct timer_event *e);
/* The earliest event whose deadline is at or before now, taken off the queue; NULL if none. */
struct timer_event *timer_queue_pop_due(struct timer_queue *q, u64 now);

static inline u64 timer_queue_next(const struct timer_queue *q)
{
	return q->head ? q->head->deadline : TIMER_NEVER;
}

#endif
