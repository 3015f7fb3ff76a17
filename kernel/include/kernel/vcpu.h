/* Virtual CPUs: a thread whose registers are a guest's, running at EL1 under stage 2. */
#ifndef KERNEL_VCPU_H
#define KERNEL_VCPU_H
#include <kernel/object.h>

#define VTIMER_INTID 27

void vcpu_init_arch(void);
struct vcpu *vcpu_create(u64 vmpidr, u32 index);
/* EL1 state as at reset, MMU off, at pc with x0 = arg. */
void vcpu_reset(struct tcb *t, u64 pc, u64 arg);
/* Makes the CPU's EL1/GIC state t's (NULL: a native thread's). */
void vcpu_switch(struct tcb *t);
/* A trap from a guest: becomes a fault message to the VMM. */
struct tcb *vcpu_trap(struct tcb *t, u64 esr);
/* The virtual timer's physical interrupt fired. */
void vcpu_vtimer_irq(void);
/* Queues a virtual interrupt in t's list registers; false if they are all in use. */
bool vcpu_inject(struct tcb *t, u32 vintid, u8 priority);
/* Makes a virtual SError pending for the running vCPU t (syndrome used with FEAT_RAS). */
void vcpu_inject_serror(struct tcb *t, u64 vsesr);
bool vcpus_exist(void);
/* Takes a synchronous external abort to t's EL1 for its pending stage-2 abort (the fault
 * message's ESR); does nothing if its last fault was not one. */
void vcpu_inject_sea(struct tcb *t);

extern struct vcpu *vcpu_loaded_now;
extern bool vcpu_guest_mode;
/* Whether the CPU runs in guest mode (a vCPU's registers in place): a switch to a native thread
 * must park it. */
static inline bool vcpu_guest_mode_on(void)
{
	return vcpu_guest_mode;
}

#endif
