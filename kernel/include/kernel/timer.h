/* The EL2 physical timer (CNTHP), the kernel's preemption tick. */
#ifndef KERNEL_TIMER_H
#define KERNEL_TIMER_H
#include <warden/types.h>

#define TICK_HZ 100

bool timer_init(const void *dtb);
u32 timer_intid(void);
void timer_rearm(void);
u64 timer_ticks(void);

#endif
