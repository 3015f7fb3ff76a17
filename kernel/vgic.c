/* The virtual GIC: a stand-in on the old list-register injection until the kernel-resident
 * distributor lands (kernel/include/kernel/vgic.h has the contract). */
#include <kernel/vcpu.h>
#include <kernel/vgic.h>

#define VGIC_DEFAULT_PRIORITY 0xa0

void vgic_set_level(struct tcb *v, u32 intid, bool level)
{
	if (level)
		vcpu_inject(v, intid, VGIC_DEFAULT_PRIORITY);
}

void vgic_pend(struct tcb *v, u32 intid)
{
	vcpu_inject(v, intid, VGIC_DEFAULT_PRIORITY);
}

/* Conservative until the vGIC keeps the state: a WFI always ends at once, as before. */
bool vgic_has_pending(struct tcb *v)
{
	(void)v;
	return true;
}
