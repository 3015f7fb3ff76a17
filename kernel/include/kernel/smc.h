/* The SMC capability: executes `smc #0` for function IDs in the capability's range. */
#ifndef KERNEL_SMC_H
#define KERNEL_SMC_H
#include <warden/types.h>

/* x0..x17 in and out of the secure world. */
struct smc_args {
	u64 x[18];
};

void arch_smc_call(struct smc_args *a);
void arch_smc_call11(u64 x[8]);

struct tcb;
/* A vCPU's smc/hvc #0 trap that an SMC capability bound to it covers: executes the call in the
 * kernel; its registers become the secure world's answer. */
void smc_forward_bound(struct tcb *t);
void pmu_init(void);

#endif
