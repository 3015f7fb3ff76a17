/* PSCI 1.1 for the physical CPUs: per-CPU power state and the CPU_ON mailbox. */
#ifndef MONITOR_PSCI_H
#define MONITOR_PSCI_H
#include "monitor.h"

enum psci_cpu_state {
	PSCI_STATE_OFF = 0,    /* parked in the monitor */
	PSCI_STATE_ON_PENDING, /* CPU_ON accepted, the CPU has not entered the caller's EL yet */
	PSCI_STATE_ON,
};

struct psci_cpu {
	u32 state;	     /* enum psci_cpu_state, changed atomically */
	u32 start_requested; /* set after entry and context_id are written */
	u64 entry;
	u64 context_id;
};

extern struct psci_cpu psci_cpus[MONITOR_MAX_CPUS];

/* Boot: the boot CPU is on, the others off. */
void psci_init(unsigned boot_cpu);
/* A parked CPU: if CPU_ON is pending for it, marks it on and returns true with its entry point
 * and context ID. */
bool psci_take_pending(unsigned cpu, u64 *entry, u64 *context_id);

#endif
