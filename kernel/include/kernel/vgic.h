/* The kernel's virtual GICv3 (docs/vgic.md): the interface between the vGIC, which owns every
 * VM's virtual interrupt state and the list registers, and its users: the virtual timers and WFI
 * (kernel/vtimer.c), trap handling (kernel/arch/aarch64/vcpu.c) and the VMM's invocations
 * (kernel/object/vcpu.c).
 *
 * The state machine is portable (lib/include/warden/vgic.h, host-tested); kernel/vgic.c runs it
 * on the list registers and traps. */
#ifndef KERNEL_VGIC_H
#define KERNEL_VGIC_H
#include <kernel/object.h>
#include <warden/vgic.h>

/* Drives a level-sensitive interrupt line: INTID 16..31 is v's own PPI, INTID 32 and up an SPI
 * of v's VM (v is then any of its vCPUs). The interrupt is pending while the line is high (GIC
 * architecture 4.1.2); the vGIC re-samples it when the guest deactivates the interrupt. */
void vgic_set_level(struct tcb *v, u32 intid, bool level);

/* Makes an edge-triggered interrupt pending: an SGI (0..15) or PPI of v, or an SPI of v's VM. */
void vgic_pend(struct tcb *v, u32 intid);

/* Whether v has an interrupt that ends a WFI (Arm ARM D1.16.2: a pending virtual IRQ or FIQ,
 * taken or not, enabled and of higher priority than its priority mask). */
bool vgic_has_pending(struct tcb *v);

/* --- the kernel's own uses (boot, traps, invocations; kernel/vgic.c) ------------------------- */

/* A VM's vGIC: the portable state and where the guest finds its frames. */
struct kvgic {
	struct vgic core;
	u64 gicd_base, gicr_base, gicr_stride;
	struct vgic_cpu cpus[VGIC_MAX_CPUS];
};

/* Creates the vGIC a boot spec entry describes (panics on a bad one). */
struct kvgic *vgic_create(const struct bs_vgic *spec, u32 index);
/* Makes v redistributor index of g (boot: before its vcpu_reset). */
void vgic_attach(struct kvgic *g, struct tcb *v, u32 index);
/* A stage-2 data abort of v at ipa (ESR esr): emulated if it is in v's GICD/GICR frames with
 * a valid syndrome (the PC is advanced); false otherwise. */
bool vgic_mmio(struct tcb *v, u64 ipa, u64 esr);
/* A trapped system register write (EC 0x18, ISS iss): ICC_SGI1R/ASGI1R/SGI0R_EL1 emulated. */
bool vgic_sysreg(struct tcb *v, u64 iss);
/* The maintenance interrupt (PPI 25) fired: refill the running vCPU's list registers. */
void vgic_maintenance_irq(void);
/* VCPU_SET_IRQ_LEVEL and VCPU_RESET_VGIC for v's VM (v: any of its vCPUs). */
bool vgic_spi_level(struct tcb *v, u64 intid, u64 level);
void vgic_reset_vm(struct tcb *v);

/* --- implemented by the virtual timer and WFI code (kernel/vtimer.c) ------------------------ */

/* An interrupt became pending for v: wake it if it waits in WFI. */
void vcpu_kick(struct tcb *v);

/* The guest deactivated level-sensitive PPI intid of v: re-sample the line (the timers). */
void vtimer_line_eoi(struct tcb *v, u32 intid);

#endif
