/* The guests' timers (kernel/vtimer.c, docs/timers.md): the EL1 virtual timer, which runs in
 * the hardware while its vCPU is loaded, and the EL1 physical timer, which the kernel emulates;
 * both as exact level-sensitive lines into the vGIC (kernel/include/kernel/vgic.h), with their
 * deadlines in the CPU's software timer queue while they cannot fire by themselves. */
#ifndef KERNEL_VTIMER_H
#define KERNEL_VTIMER_H
#include <kernel/timer_queue.h>

#define VTIMER_INTID 27 /* EL1 virtual timer PPI (QEMU virt, the DTB's timer node) */
#define PTIMER_INTID 30 /* EL1 physical timer PPI */

struct tcb;

struct vcpu_timers {
	struct timer_event vtimer_due, ptimer_due;
	u64 cntp_ctl, cntp_cval; /* the emulated EL1 physical timer: ENABLE and IMASK as written */
	bool vline, pline; /* the virtual lines of PPI 27 and 30 as driven into the vGIC; while
			    * vline is high and the vCPU is loaded, physical PPI 27 is masked */
};

void vtimer_create(struct tcb *t);
/* VCPU_RESET: both timers off, both lines low. */
void vtimer_reset(struct tcb *t);
/* Physical PPI 27 fired: the loaded vCPU's virtual timer line is high. */
void vtimer_phys_irq(void);
/* t's EL1 state was just loaded into the CPU / saved out of it (vcpu.c's switch). */
void vtimer_loaded(struct tcb *t);
void vtimer_saved(struct tcb *t);
/* Nothing of any vCPU is in the CPU's timer any more (a vCPU unloaded for a reset). */
void vtimer_cpu_cleared(void);
/* The tick: re-samples the loaded vCPU's virtual timer line while it is high (the guest may have
 * re-armed or disabled its timer without deactivating the interrupt yet). */
void vtimer_tick(void);
/* Re-samples t's lines (t is the running or loaded vCPU, or any): what the guest may have
 * changed since (a re-armed or disabled virtual timer). */
void vtimer_resample(struct tcb *t);
/* A trapped CNTP_CTL/CVAL/TVAL_EL0 access (ESR ISS, EC 0x18): emulated, pc advanced; false if
 * iss names another register. */
bool vtimer_sysreg(struct tcb *t, u64 iss);
/* Whether a vCPU waiting in WFI has a timer deadline that will wake it (the idle loop asks
 * before it powers the machine off). */
bool vtimer_can_wake(void);

#endif
