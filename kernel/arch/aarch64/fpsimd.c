/* Lazy FP/SIMD context switching with CPTR_EL2.TFP. */
#include <kernel/fpsimd.h>
#include <kernel/sysreg.h>

struct tcb *fpsimd_owner;
int fpsimd_trapping = -1; /* unknown until the first switch */

void fpsimd_set_trap(bool trap)
{
	fpsimd_trapping = trap;
	write_sysreg(cptr_el2, CPTR_EL2_RES1 | CPTR_EL2_TZ | (trap ? CPTR_EL2_TFP : 0));
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
