/* Lazy FP/SIMD context switching with CPTR_EL2.TFP. */
#include <kernel/fpsimd.h>
#include <kernel/sysreg.h>

struct tcb *fpsimd_owner;

/* CPTR_EL2 without and with TFP, computed once (fpsimd_init): SVE (TZ) and SME (TSM, among the
 * RES1 bits of the non-VHE layout) trap; so do the trace registers (TTA) and the activity
 * monitors (TAM) where the CPU has them (ID_AA64DFR0_EL1.TraceVer, ID_AA64PFR0_EL1.AMU; the bits
 * are RES0 otherwise, and software writes RES0 bits as 0). Guests and components alike. */
struct fpsimd_ctl fpsimd_ctl = {.trapping = -1}; /* unknown until fpsimd_init */

void fpsimd_init(void)
{
	u64 dfr0 = read_sysreg(id_aa64dfr0_el1), pfr0 = read_sysreg(id_aa64pfr0_el1);
	u64 v = CPTR_EL2_RES1 | CPTR_EL2_TZ;

	if ((dfr0 >> 4) & 0xf)
		v |= CPTR_EL2_TTA;
	if ((pfr0 >> 44) & 0xf)
		v |= CPTR_EL2_TAM;
	fpsimd_ctl.cptr[0] = v;
	fpsimd_ctl.cptr[1] = v | CPTR_EL2_TFP;
	fpsimd_set_trap(true);
}

void fpsimd_set_trap(bool trap)
{
	fpsimd_ctl.trapping = trap;
	write_sysreg(cptr_el2, fpsimd_ctl.cptr[trap]);
	isb();
}

u64 fpsimd_cptr(bool trap)
{
	return fpsimd_ctl.cptr[trap];
}

static void set_trap(bool trap)
{
	if (fpsimd_ctl.trapping != (int)trap)
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
