/* The monitor's portable core: the SMC frame the entry assembly builds, the service interface,
 * the state shared by services, and the platform hooks that arch/aarch64 (or a host test)
 * implements. Everything declared here builds on the host too. */
#ifndef MONITOR_MONITOR_H
#define MONITOR_MONITOR_H
#include <warden/types.h>
#include <warden/smccc.h>

#define MONITOR_MAX_CPUS 8u
#ifndef MONITOR_SMCCC_1_0
#define MONITOR_SMCCC_1_0 0 /* 1: the SMCCC 1.0 test build (monitor/build.mk) */
#endif
/* What the SMCCC 1.0 test build leaves in x4..x17 after a call (| the register number). */
#define MONITOR_SCRIBBLE 0x5c21bb1e00000000ull

/* Registers of the calling world as the SMC entry saved them (arch/aarch64/entry.S). A service
 * reads its arguments with smc_arg() and writes results into x[]; whatever it leaves alone
 * goes back unchanged. */
struct smc_frame {
	u64 x[18];
	u64 x30;
	u64 pad;
};

/* Argument i of a call: SMC32 calls use only the low 32 bits (DEN0028 §2.6). */
static inline u64 smc_arg(u32 fid, const struct smc_frame *f, unsigned i)
{
	return SMCCC_IS_SMC64(fid) ? f->x[i] : (u32)f->x[i];
}

/* Status codes are sign-extended into x0, as callers compare them as ints or longs. */
static inline void smc_set_status(struct smc_frame *f, s64 status)
{
	f->x[0] = (u64)status;
}

/* One owning entity's handler. `fid` has the SVE hint cleared; the caller has checked the fast
 * call bit and the must-be-zero bits. A handler answers only its own IDs, NOT_SUPPORTED else. */
typedef void (*smc_service_fn)(u32 fid, struct smc_frame *f, unsigned cpu);

void smc_dispatch(struct smc_frame *f, unsigned cpu);
void arch_service(u32 fid, struct smc_frame *f, unsigned cpu);
void std_service(u32 fid, struct smc_frame *f, unsigned cpu);
void psci_service(u32 fid, struct smc_frame *f, unsigned cpu);
void trng_service(u32 fid, struct smc_frame *f, unsigned cpu);
void sip_service(u32 fid, struct smc_frame *f, unsigned cpu);

/* Facts about the machine, filled once by the boot CPU before any SMC is served. */
struct platform_info {
	u64 ns_dram_base, ns_dram_end; /* [base, end): where a CPU_ON entry point may lie */
	u64 cpu_mpidr[MONITOR_MAX_CPUS];
	u32 cpu_present; /* bit i: CPU index i exists */
	bool has_rng;	 /* FEAT_RNG: TRNG is offered */
};
extern struct platform_info platform;

/* CPU index for an MPIDR affinity value (Aff3..Aff0, other bits zero), or -1 if none. */
int platform_cpu_index(u64 mpidr_aff);

/* Platform hooks (arch/aarch64/plat.c; host tests provide fakes). */
bool plat_entropy64(u64 *out); /* one conditioned 64-bit value, false on transient failure */
void plat_cpu_wake(unsigned cpu);
void plat_cpu_standby(void);
NORETURN void plat_cpu_off(unsigned cpu);
NORETURN void plat_system_off(void);
NORETURN void plat_system_reset(void);

#endif
