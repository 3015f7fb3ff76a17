/* What the AArch64 glue offers the monitor's boot code. */
#ifndef MONITOR_ARCH_ARCH_H
#define MONITOR_ARCH_ARCH_H
#include <warden/types.h>
#include "../../monitor.h"

/* Features of this CPU that lower ELs get, for the boot banner. */
struct cpu_features {
	bool pauth, sve, sme, mte, rng;
};

extern volatile u64 boot_done;

void gic_init_distributor(void);
bool gic_init_cpu(void); /* false: no redistributor for this CPU */
/* Parked CPUs sleep in wfi; PSCI CPU_ON wakes one with this SGI, secure Group 0 (docs/boot.md).
 * Group 0 is signalled only while a CPU is parked (ICC_IGRPEN0_EL1), never in the NS world. */
#define GIC_WAKE_SGI 15u
void gic_wake_cpu(unsigned cpu);
void gic_wake_enable(bool on);
void gic_wake_ack(void); /* acknowledges a pending wake-up SGI, if any */
/* SCR_EL3, CPTR_EL3, MDCR_EL3, ... for this CPU, from its ID registers. */
void cpu_init_el3(struct cpu_features *f);
/* EL2 state a fresh boot or CPU_ON expects: MMU and caches off, little-endian. */
void cpu_reset_el2(void);
/* Cleans and invalidates [addr, addr + size) to the point of coherency. */
void cache_clean_inval_poc(u64 addr, u64 size);
/* Invalidates [addr, addr + size) to the point of coherency (memory written with caches off). */
void cache_inval_poc(u64 addr, u64 size);

/* The EL3 MMU (mmu.c): the boot CPU builds the tables, then every CPU runs monitor_mmu_on
 * (entry.S), which loads these, sets SMPEN where the CPU needs it, and turns on the MMU and
 * caches. Laid out for entry.S. */
struct el3_mmu_regs {
	u64 mair, tcr, ttbr, sctlr;
};
extern struct el3_mmu_regs el3_mmu_regs;
void monitor_mmu_build(u64 ns_dram_base, u64 ns_dram_end);
void monitor_mmu_on(void);

void console_init(void);
void console_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

NORETURN void monitor_enter_ns(u64 entry, u64 x0);
NORETURN void monitor_panic(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
NORETURN void monitor_park(unsigned cpu);
/* Called by the vectors for the monitor's own exceptions and for SMCs from lower ELs. */
NORETURN void monitor_panic_exception(u64 kind, u64 esr, u64 elr, u64 far);
void monitor_sync_lower(struct smc_frame *f, u64 cpu, u64 esr);

#endif
