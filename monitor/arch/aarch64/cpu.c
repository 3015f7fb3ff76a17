/* Per-CPU EL3 set-up: what lower ELs may use (from the ID registers, as the Linux arm64 boot
 * protocol asks of firmware), and cache maintenance for hand-offs to the non-secure world. */
#include "arch.h"
#include "sysreg.h"

#ifndef MONITOR_BENCH
#define MONITOR_BENCH 0 /* the benchmark build sets it (monitor/build.mk) */
#endif

/* The PMU counts in the secure world only in the benchmark build (MONITOR_BENCH): elsewhere no
 * normal-world component may time the monitor (its key derivation, say) with it. Without
 * FEAT_PMUv3p5 the cycle counter stops in the secure world only by the kernel's PMCR_EL0.DP. */
static u64 mdcr_el3_value(u64 dfr0)
{
	u64 pmuver = id_field(dfr0, 8);

	if (MONITOR_BENCH)
		return MDCR_SPME;
	if (pmuver == 0xf || pmuver < 6) /* IMPLEMENTATION DEFINED PMU, or before v3p5 */
		return 0;
	return MDCR_SCCD | (pmuver >= 7 ? MDCR_MCCD : 0);
}

void cpu_init_el3(struct cpu_features *f)
{
	u64 pfr0 = read_sysreg(id_aa64pfr0_el1), pfr1 = read_sysreg(id_aa64pfr1_el1);
	u64 isar0 = read_sysreg(id_aa64isar0_el1), isar1 = read_sysreg(id_aa64isar1_el1);
	u64 isar2 = read_sysreg(ID_AA64ISAR2_EL1);
	u64 mmfr0 = read_sysreg(id_aa64mmfr0_el1), mmfr1 = read_sysreg(id_aa64mmfr1_el1);
	u64 scr = SCR_NS | SCR_RES1 | SCR_HCE | SCR_SIF | SCR_RW, cptr = 0;

	/* Pointer authentication: APA/API/GPA/GPI in ISAR1, APA3/GPA3 in ISAR2. */
	f->pauth = id_field(isar1, 4) || id_field(isar1, 8) || id_field(isar1, 24) ||
		   id_field(isar1, 28) || id_field(isar2, 8) || id_field(isar2, 12);
	f->sve = id_field(pfr0, 32) != 0;
	f->sme = id_field(pfr1, 24) != 0;
	f->mte = id_field(pfr1, 8) >= 2; /* FEAT_MTE2: tags in memory */
	f->rng = id_field(isar0, 60) != 0;
	if (f->pauth)
		scr |= SCR_API | SCR_APK;
	if (f->mte)
		scr |= SCR_ATA;
	if (id_field(mmfr0, 56)) /* FEAT_FGT */
		scr |= SCR_FGTEN;
	if (id_field(mmfr0, 60)) /* FEAT_ECV */
		scr |= SCR_ECVEN;
	if (id_field(mmfr1, 40)) /* FEAT_HCX */
		scr |= SCR_HXEN;
	if (f->sve)
		cptr |= CPTR_EZ;
	if (f->sme) {
		cptr |= CPTR_ESM;
		scr |= SCR_ENTP2;
	}
	write_sysreg(scr_el3, scr);
	write_sysreg(cptr_el3, cptr); /* FP/SIMD, trace, AMU: not trapped */
	isb();
	if (f->sve)
		write_sysreg(ZCR_EL3, VECTOR_LEN_MAX);
	if (f->sme)
		write_sysreg(SMCR_EL3, SMCR_FA64 | VECTOR_LEN_MAX);
	write_sysreg(mdcr_el3, mdcr_el3_value(read_sysreg(id_aa64dfr0_el1)));
	/* QEMU programs the counter frequency at reset; set it where it is not (62.5 MHz). */
	if (read_sysreg(cntfrq_el0) == 0)
		write_sysreg(cntfrq_el0, 62500000);
	isb();
}

void cpu_reset_el2(void)
{
	write_sysreg(sctlr_el2, SCTLR_EL2_RES1);
	write_sysreg(cntvoff_el2, 0);
	isb();
}

void cache_clean_inval_poc(u64 addr, u64 size)
{
	u64 line = 4u << ((read_sysreg(ctr_el0) >> 16) & 0xf); /* DminLine, bytes */

	for (u64 a = addr & ~(line - 1); a < addr + size; a += line)
		__asm__ volatile("dc civac, %0" ::"r"(a) : "memory");
	dsb_sy();
}

void cache_inval_poc(u64 addr, u64 size)
{
	u64 line = 4u << ((read_sysreg(ctr_el0) >> 16) & 0xf);

	for (u64 a = addr & ~(line - 1); a < addr + size; a += line)
		__asm__ volatile("dc ivac, %0" ::"r"(a) : "memory");
	dsb_sy();
}
