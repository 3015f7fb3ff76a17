/* The Arm generic timer's register semantics (Arm ARM D11.2.4, "Timers"), for the timers the
 * kernel emulates (the EL1 physical timer, kernel/vtimer.c) and the level it samples. Portable:
 * unit-tested on the host (tests/unit/test_timers.c). */
#ifndef KERNEL_GTIMER_H
#define KERNEL_GTIMER_H
#include <warden/types.h>

#define CNT_CTL_ENABLE BIT(0)
#define CNT_CTL_IMASK BIT(1)
#define CNT_CTL_ISTATUS BIT(2)

/* ISTATUS: the timer condition is met, CompareValue <= Count (unsigned 64-bit), while enabled
 * (an architecture UNKNOWN value when disabled: 0 here, as on QEMU). */
static inline bool gtimer_istatus(u64 ctl, u64 cval, u64 count)
{
	return (ctl & CNT_CTL_ENABLE) && count >= cval;
}

/* The interrupt line: ENABLE, ISTATUS and not IMASK. */
static inline bool gtimer_level(u64 ctl, u64 cval, u64 count)
{
	return gtimer_istatus(ctl, cval, count) && !(ctl & CNT_CTL_IMASK);
}

/* CTL as read: ENABLE and IMASK as written, ISTATUS computed; every other bit RES0. */
static inline u64 gtimer_ctl_read(u64 ctl, u64 cval, u64 count)
{
	return (ctl & (CNT_CTL_ENABLE | CNT_CTL_IMASK)) |
	       (gtimer_istatus(ctl, cval, count) ? CNT_CTL_ISTATUS : 0);
}

/* CTL as written: only ENABLE and IMASK are writable. */
static inline u64 gtimer_ctl_write(u64 value)
{
	return value & (CNT_CTL_ENABLE | CNT_CTL_IMASK);
}

/* TVAL as read: (CompareValue - Count)[31:0], a signed 32-bit view, bits 63:32 zero. */
static inline u64 gtimer_tval_read(u64 cval, u64 count)
{
	return (u32)(cval - count);
}

/* TVAL as written: CompareValue = Count + SignExtend(value[31:0]). */
static inline u64 gtimer_cval_from_tval(u64 value, u64 count)
{
	return count + (u64)(s64)(s32)(u32)value;
}

/* When the line rises for an enabled, unmasked timer whose condition is not met yet (in
 * counts); TIMER_NEVER-like ~0 when it never will by itself. */
static inline u64 gtimer_deadline(u64 ctl, u64 cval)
{
	return (ctl & (CNT_CTL_ENABLE | CNT_CTL_IMASK)) == CNT_CTL_ENABLE ? cval : ~0ull;
}

#endif
