/* The EL2 physical timer, interrupt number from the DTB's arm,armv8-timer node (4th entry:
 * the hypervisor timer). */
#include <kernel/gic.h>
#include <kernel/sysreg.h>
#include <kernel/timer.h>
#include <warden/fdt.h>

static u32 intid;
static u64 interval;
u64 timer_tick_count;

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
	 * EL1PCEN clear (the EL1 physical timer traps: guests do not share it, sysreg_table.h);
	 * no event stream; with FEAT_ECV its bits (ECV, EL1TVT, EL1TVCT, EL1NVPCT, EL1NVVCT) 0. */
	write_sysreg(cnthctl_el2, 1);
	write_sysreg(cntvoff_el2, 0);
	gic_enable_irq(intid, false);
	write_sysreg(cnthp_tval_el2, interval);
	write_sysreg(cnthp_ctl_el2, 1);
	return true;
}

u32 timer_intid(void)
{
	return intid;
}

void timer_rearm(void)
{
	timer_tick_count++;
	write_sysreg(cnthp_tval_el2, interval);
}
