/* GICv3: distributor, this CPU's redistributor and the system-register CPU interface. */
#ifndef KERNEL_GIC_H
#define KERNEL_GIC_H
#include <warden/types.h>

#define GIC_SPURIOUS 1023

bool gic_init(const void *dtb);
void gic_enable_irq(u32 intid, bool edge);
void gic_disable_irq(u32 intid);
u32 gic_ack(void);
void gic_eoi(u32 intid);
/* Largest INTID the distributor implements. */
u32 gic_max_intid(void);

#endif
