/* Kernel test: the PMU belongs only to components granted it (pmu="true"). Slot 2: a
 * notification whose badge says whether this instance was granted the PMU (1) or not (0). The
 * granted one reads and programs it and sees that an SMC is not counted at EL3; the other reads the
 * cycle counter, which must fault (the test expects the kernel's fault report and no [FAIL] line
 * after it). */
#include <warden/check.h>

#define read_reg(r)                                                                                \
	({                                                                                         \
		u64 v_;                                                                            \
		__asm__ volatile("isb; mrs %0, " #r : "=r"(v_));                                   \
		v_;                                                                                \
	})
#define write_reg(r, v) __asm__ volatile("msr " #r ", %0; isb" ::"r"((u64)(v)))

/* INST_RETIRED (0x08) at EL3 only and at EL2 only (PMEVTYPER<n>_EL0 filters P, U, NSH, M). */
#define INST_RETIRED_EL3 (BIT(31) | BIT(30) | BIT(26) | 0x08u)
#define INST_RETIRED_EL2 (BIT(31) | BIT(30) | BIT(27) | 0x08u)

/* Outside benchmark builds the monitor keeps the PMU out of the secure world (MDCR_EL3.SPME
 * clear): an SMC (slot 3: SMCCC_VERSION) counts instructions at EL2 and none at EL3. Needs
 * QEMU -icount (INST_RETIRED counts nothing without it). */
static void secure_world_not_counted(void)
{
	struct smc_regs r = {{0x80000000}};

	write_reg(pmevtyper0_el0, INST_RETIRED_EL3);
	write_reg(pmevtyper1_el0, INST_RETIRED_EL2);
	write_reg(pmcntenset_el0, 3);
	u64 el3 = read_reg(pmevcntr0_el0), el2 = read_reg(pmevcntr1_el0);
	long st = w_smc_call(3, &r);
	el3 = (u32)(read_reg(pmevcntr0_el0) - el3);
	el2 = (u32)(read_reg(pmevcntr1_el0) - el2);
	write_reg(pmcntenclr_el0, 3);
	check(st == WARDEN_OK && r.x[0] != (u64)-1 && el2 > 0 && el3 == 0,
	      "pmu does not count in the secure world outside benchmark builds",
	      "%s, x0 %lx, EL2 %lu instructions, EL3 %lu", w_strerror(st), r.x[0], el2, el3);
}

int main(void)
{
	u64 d[3] = {0};

	w_cnode_describe(1, 2, d);
	if (d[2] == 1) {
		u64 pmcr = read_reg(pmcr_el0), a = read_reg(pmccntr_el0);
		for (volatile u32 i = 0; i < 1000; i++)
			;
		u64 b = read_reg(pmccntr_el0);
		check((pmcr & 1) && b != a, "pmu granted component reads the running cycle counter",
		      "PMCR_EL0 %lx, PMCCNTR_EL0 %lx then %lx", pmcr, a, b);
		write_reg(pmselr_el0, 3);
		u64 sel = read_reg(pmselr_el0);
		check(sel == 3, "pmu granted component programs the PMU", "PMSELR_EL0 %lx", sel);
		write_reg(pmselr_el0, 0);
		secure_world_not_counted();
		return 0;
	}
	w_puts("pmu-denied: reading PMCCNTR_EL0\n");
	u64 c = read_reg(pmccntr_el0);
	check(false, "pmu denied component cannot read the cycle counter", "read %lx", c);
	return 0;
}
