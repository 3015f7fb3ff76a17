/* The EL2 physical timer (CNTHP), the kernel's preemption tick. */
#ifndef KERNEL_TIMER_H
#define KERNEL_TIMER_H
#include <warden/types.h>

#define TICK_HZ 100

bool timer_init(const void *dtb);
u32 timer_intid(void);
void timer_rearm(void);
extern u64 timer_tick_count;
/* Ticks taken since boot (inline: the scheduler's time-slice check reads it on IPC paths). */
static inline u64 timer_ticks(void)
{
	return timer_tick_count;
}

#endif
