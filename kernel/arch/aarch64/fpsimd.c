/* Lazy FP/SIMD context switching with CPTR_EL2.TFP. */
#include <kernel/fpsimd.h>
#include <kernel/sysreg.h>

struct tcb *fpsimd_owner;
int fpsimd_trapping = -1; /* unknown until the first switch */

/* CPTR_EL2 apart from TFP: SVE (TZ) and SME (TSM, among the RES1 bits of the non-VHE layout)
 * trap; TTA (trace registers) and TAM (activity monitors) where the CPU has them (ID_AA64DFR0_EL1
 * TraceVer, ID_AA64PFR0_EL1 AMU), so neither guests nor components reach them. */
static u64 cptr_other;

static u64 cptr_base(void)
{
	if (!cptr_other) {
		u64 dfr0 = read_sysreg(id_aa64dfr0_el1), pfr0 = read_sysreg(id_aa64pfr0_el1);
		cptr_other = CPTR_EL2_RES1 | CPTR_EL2_TZ;
		if ((dfr0 >> 4) & 0xf)
			cptr_other |= BIT(20); /* TTA */
		if ((pfr0 >> 44) & 0xf)
			cptr_other |= BIT(30); /* TAM */
	}
	return cptr_other;
}

void fpsimd_set_trap(bool trap)
{
	fpsimd_trapping = trap;
	write_sysreg(cptr_el2, cptr_base() | (trap ? CPTR_EL2_TFP : 0));
	isb();
}

static void set_trap(bool trap)
{
	if (fpsimd_trapping != (int)trap)
		fpsimd_set_trap(trap);
}

void fpsimd_trap(struct tcb *t)
{
	set_trap(false);
	if (fpsimd_owner)
		fpsimd_save(&fpsimd_owner->fp);
	fpsimd_load(&t->fp);
	fpsimd_owner = t;
}

void fpsimd_forget(struct tcb *t)
{
	if (fpsimd_owner == t)
		fpsimd_owner = NULL;
}
