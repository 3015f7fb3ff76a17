/* The software timer queue (kernel/include/kernel/timer_queue.h): a sorted doubly linked list.
 * A handful of events per CPU (the tick, two timers per vCPU), so insertion by walking is
 * enough. */
#include <kernel/timer_queue.h>

void timer_queue_remove(struct timer_queue *q, struct timer_event *e)
{
	if (!e->queued)
		return;
	if (e->prev)
		e->prev->next = e->next;
	else
		q->head = e->next;
	if (e->next)
		e->next->prev = e->prev;
	e->next = e->prev = NULL;
	e->queued = false;
}

void timer_queue_add(struct timer_queue *q, struct timer_event *e, u64 deadline)
{
	timer_queue_remove(q, e);
	struct timer_event *before = NULL, *after = q->head;
	while (after && after->deadline <= deadline) {
		before = after;
		after = after->next;
	}
	e->deadline = deadline;
	e->prev = before;
	e->next = after;
	if (before)
		before->next = e;
	else
		q->head = e;
	if (after)
		after->prev = e;
	e->queued = true;
}

struct timer_event *timer_queue_pop_due(struct timer_queue *q, u64 now)
{
	struct timer_event *e = q->head;

	if (!e || e->deadline > now)
		return NULL;
	timer_queue_remove(q, e);
	return e;
}
