/* The bench marker's counters (bench_mark.h): the PMU as an EL0 component reads it. The kernel
 * gives EL0 the PMU (PMUSERENR_EL0.EN, MDCR_EL2.HPMN = every counter, the cycle counter at every
 * level); this programs event counters 0..3 to count INST_RETIRED at EL0, EL1, EL2 and EL3 only,
 * with the filters of user/bench-client/bench.h. libwarden glue, not built for the unit tests. */
#include "../bench-client/bench.h"
#include "vmm.h"

#define read_pmu(reg)                                                                              \
	({                                                                                         \
		u64 v_;                                                                            \
		__asm__ volatile("mrs %0, " #reg : "=r"(v_));                                      \
		v_;                                                                                \
	})
#define write_pmu(reg, val) __asm__ volatile("msr " #reg ", %0" ::"r"((u64)(val)))

static int ready; /* 0 not yet, 1 counting, -1 cannot */

static void setup(void)
{
	if (((read_pmu(pmcr_el0) >> 11) & 0x1f) < 4) {
		ready = -1;
		return;
	}
	write_pmu(pmevtyper0_el0, BENCH_FILTER_EL0);
	write_pmu(pmevtyper1_el0, BENCH_FILTER_EL1);
	write_pmu(pmevtyper2_el0, BENCH_FILTER_EL2);
	write_pmu(pmevtyper3_el0, BENCH_FILTER_EL3);
	write_pmu(pmcntenset_el0, 0xfu);
	__asm__ volatile("isb");
	u64 a = read_pmu(pmevcntr0_el0);
	__asm__ volatile("isb");
	ready = (u32)(read_pmu(pmevcntr0_el0) - a) != 0 ? 1 : -1; /* INST_RETIRED counts here */
}

bool vmm_bench_pmu_read(void *ctx, u64 c[5])
{
	if (ready == 0)
		setup();
	if (ready < 0)
		return false;
	__asm__ volatile("isb");
	c[0] = read_pmu(pmevcntr0_el0);
	c[1] = read_pmu(pmevcntr1_el0);
	c[2] = read_pmu(pmevcntr2_el0);
	c[3] = read_pmu(pmevcntr3_el0);
	c[4] = read_pmu(pmccntr_el0);
	return true;
}
