/* Per-thread EL0 registers (docs/registers.md, class "thread"): TPIDR_EL0 and the thread's PMU
 * grant (PMUSERENR_EL0). TPIDR_EL0 stays in the CPU until another thread runs; the switch is
 * inline and branch-light because every thread switch passes here. (TPIDRRO_EL0, which EL0
 * cannot write, is a vCPU's and parked with its other EL0-visible state: vcpu.c.) */
#ifndef KERNEL_EL0_STATE_H
#define KERNEL_EL0_STATE_H
#include <kernel/object.h>
#include <kernel/sysreg.h>

/* PMUSERENR_EL0 of a thread granted the PMU: EN (every PMU register at EL0) and CR (cycle
 * counter reads); 0 for other components, so their EL0 PMU accesses trap (to EL2 through
 * HCR_EL2.TGE). */
#define PMUSERENR_GRANTED (BIT(0) | BIT(2))
/* PMUSERENR_EL0 of every vCPU thread: EN, so a guest's EL0 PMU access passes the EL1-level
 * check and traps to EL2 (MDCR_EL2.TPM), where the kernel injects the UNDEF a CPU without a PMU
 * gives (docs/registers.md); with EN clear it would trap to the guest's EL1 with EC 0x18. The
 * guest cannot see or change it: its own accesses to PMUSERENR_EL0 trap through TPM too. */
#define PMUSERENR_VCPU BIT(0)

/* Whose EL0 registers the CPU holds: the owning thread's frame, or a scratch frame when nobody
 * owns them (a pointer to the frame, not the TCB, keeps the switch free of address arithmetic). */
extern struct regs *el0_owner;

static inline void el0_state_switch(struct tcb *t)
{
	struct regs *old = el0_owner, *new = &t->regs;

	/* No "already the owner" test: saving and reloading one thread's values is harmless, and
	 * cheaper than the test on the switches that matter (IPC between two threads). The save
	 * comes first: when old is new, the load must see the value just saved, not the one in
	 * memory from before the thread last ran (a Linux guest rewrites TPIDR_EL0 at every
	 * process switch without trapping; a stale reload crashed its init: linux.test). */
	old->tpidr_el0 = read_sysreg(tpidr_el0);
	u64 tpidr = new->tpidr_el0, pmuserenr = new->pmuserenr;
	write_sysreg(tpidr_el0, tpidr);
	write_sysreg(pmuserenr_el0, pmuserenr);
	el0_owner = new;
}

/* t's registers in memory are about to be rewritten (a vCPU reset): drop the CPU's copy. */
void el0_state_forget(struct tcb *t);

#endif
