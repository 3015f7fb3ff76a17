/* The EL2 physical timer (CNTHP) and the CPU's software timer queue on it: the kernel's
 * preemption tick and the vCPUs' timer deadlines (kernel/vtimer.c), the hardware programmed for
 * the earliest. */
#ifndef KERNEL_TIMER_H
#define KERNEL_TIMER_H
#include <kernel/timer_queue.h>

#define TICK_HZ 100

bool timer_init(const void *dtb);
u32 timer_intid(void);
/* The EL2 timer's interrupt: runs every due event; true if the tick was among them. */
bool timer_irq(void);
/* Queues e (e->fire and e->owner set) to fire once the physical count reaches deadline, or
 * moves it there. */
void timer_add(struct timer_event *e, u64 deadline);
void timer_remove(struct timer_event *e);
/* The physical count (CNTPCT_EL0), in order after what came before. */
u64 timer_now(void);
extern u64 timer_tick_count;
/* Ticks taken since boot (inline: the scheduler's time-slice check reads it on IPC paths). */
static inline u64 timer_ticks(void)
{
	return timer_tick_count;
}

#endif
