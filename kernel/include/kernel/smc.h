/* The SMC capability: executes `smc #0` for function IDs in the capability's range. */
#ifndef KERNEL_SMC_H
#define KERNEL_SMC_H

#include <warden/types.h>

/* x0..x17 in and out of the secure world. */
struct smc_args {
	u64 x[18];
};

/* The kernel's own calls (boot-time discovery, SYSTEM_OFF): x0..x17 both ways. */
void arch_smc_call(struct smc_args *a);

struct tcb;
extern u32 smccc_firmware_version;
/* Asks the firmware its SMCCC version (PSCI_FEATURES first) and sets the plans. */
void smc_discover_version(void);
/* A vCPU's smc/hvc #0 trap that an SMC capability bound to it covers: prepares the frame and
 * sets its regs.smc_variant: the call runs on the way back to the guest (vectors.S). */
void smc_forward_bound(struct tcb *t);
void pmu_init(void);

#endif
