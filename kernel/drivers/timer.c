/* The EL2 physical timer, interrupt number from the DTB's arm,armv8-timer node (4th entry: the
 * hypervisor timer), and the software timer queue on it: CNTHP_CVAL_EL2 always holds the
 * earliest deadline. The tick is one event of the queue, re-queued a period later each time.
 * The kernel runs on one CPU, so there is one queue (per CPU once there are more). */
#include <kernel/gic.h>
#include <kernel/sysreg.h>
#include <kernel/timer.h>
#include <warden/fdt.h>

static u32 intid;
static u64 interval;
static struct timer_queue queue;
static struct timer_event tick;
static bool tick_fired;
u64 timer_tick_count;

u64 timer_now(void)
{
	isb();
	return read_sysreg(cntpct_el0);
}

static void program(void)
{
	write_sysreg(cnthp_cval_el2, timer_queue_next(&queue));
	isb();
}

static void tick_fire(struct timer_event *e)
{
	u64 next = e->deadline + interval, now = timer_now();

	timer_tick_count++;
	tick_fired = true;
	if (next <= now) /* ticks missed (a long time with interrupts masked): none owed */
		next = now + interval;
	timer_queue_add(&queue, e, next);
}

bool timer_init(const void *dtb)
{
	int node = fdt_find_compatible(dtb, -1, "arm,armv8-timer");
	u32 len;
	const u8 *irqs = node >= 0 ? fdt_getprop(dtb, node, "interrupts", &len) : NULL;

	if (!irqs || len < 4 * 3 * 4)
		return false;
	/* Entries are <type number flags>; type 1 is a PPI, INTID = 16 + number. */
	intid = 16 + fdt_be32(irqs + 3 * 12 + 4);
	interval = read_sysreg(cntfrq_el0) / TICK_HZ;
	/* Written whole: EL1PCTEN (the physical counter readable below EL2, the same for all);
	 * EL1PCEN clear (the EL1 physical timer traps and is emulated per vCPU, kernel/vtimer.c);
	 * no event stream; with FEAT_ECV its bits (ECV, EL1TVT, EL1TVCT, EL1NVPCT, EL1NVVCT) 0. */
	write_sysreg(cnthctl_el2, 1);
	write_sysreg(cntvoff_el2, 0);
	gic_enable_irq(intid, false);
	tick.fire = tick_fire;
	timer_queue_add(&queue, &tick, timer_now() + interval);
	program();
	write_sysreg(cnthp_ctl_el2, 1);
	return true;
}

u32 timer_intid(void)
{
	return intid;
}

void timer_add(struct timer_event *e, u64 deadline)
{
	timer_queue_add(&queue, e, deadline);
	if (queue.head == e)
		program();
}

/* The hardware may still hold e's deadline: it then fires early, finds nothing due and is
 * programmed for the next. */
void timer_remove(struct timer_event *e)
{
	timer_queue_remove(&queue, e);
}

bool timer_irq(void)
{
	u64 now = timer_now();
	struct timer_event *e;

	tick_fired = false;
	while ((e = timer_queue_pop_due(&queue, now)))
		e->fire(e);
	program();
	return tick_fired;
}
