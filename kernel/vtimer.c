/* The guests' virtual and physical timers and WFI (kernel/include/kernel/vgic.h has the
 * contract with the vGIC). For now a vCPU's WFI still reaches its VMM, so there is nothing to
 * wake, and the virtual timer is injected by vcpu_vtimer_irq(). */
#include <kernel/vgic.h>

void vcpu_kick(struct tcb *v)
{
	(void)v;
}

void vtimer_line_eoi(struct tcb *v, u32 intid)
{
	(void)v;
	(void)intid;
}
