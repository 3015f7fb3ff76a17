/* The kernel's virtual GICv3 (docs/vgic.md): the interface between the vGIC, which owns every
 * VM's virtual interrupt state and the list registers, and its users: the virtual timers and WFI
 * (kernel/vtimer.c), trap handling (kernel/arch/aarch64/vcpu.c) and the VMM's invocations
 * (kernel/object/vcpu.c).
 *
 * Until the kernel-resident distributor lands, kernel/vgic.c implements these on the old list
 * register injection; the contract below is the one callers rely on. */
#ifndef KERNEL_VGIC_H
#define KERNEL_VGIC_H
#include <kernel/object.h>

/* Drives a level-sensitive interrupt line: INTID 16..31 is v's own PPI, INTID 32 and up an SPI
 * of v's VM (v is then any of its vCPUs). The interrupt is pending while the line is high (GIC
 * architecture 4.1.2); the vGIC re-samples it when the guest deactivates the interrupt. */
void vgic_set_level(struct tcb *v, u32 intid, bool level);

/* Makes an edge-triggered interrupt pending: an SGI (0..15) or PPI of v, or an SPI of v's VM. */
void vgic_pend(struct tcb *v, u32 intid);

/* Whether v has an interrupt that ends a WFI (Arm ARM D1.16.2: a pending virtual IRQ or FIQ,
 * taken or not, enabled and of higher priority than its priority mask). */
bool vgic_has_pending(struct tcb *v);

/* --- implemented by the virtual timer and WFI code (kernel/vtimer.c) ------------------------ */

/* An interrupt became pending for v: wake it if it waits in WFI. */
void vcpu_kick(struct tcb *v);

/* The guest deactivated level-sensitive PPI intid of v: re-sample the line (the timers). */
void vtimer_line_eoi(struct tcb *v, u32 intid);

#endif
