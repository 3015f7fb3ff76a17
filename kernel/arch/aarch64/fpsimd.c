/* Lazy FP/SIMD context switching with CPTR_EL2.TFP. */
#include <kernel/fpsimd.h>
#include <kernel/sysreg.h>

static struct tcb *owner;

static void set_trap(bool trap)
{
	u64 v = CPTR_EL2_RES1 | CPTR_EL2_TZ | (trap ? CPTR_EL2_TFP : 0);

	write_sysreg(cptr_el2, v);
	isb();
}

void fpsimd_switch(struct tcb *t)
{
	set_trap(t != owner);
}

void fpsimd_trap(struct tcb *t)
{
	set_trap(false);
	if (owner)
		fpsimd_save(&owner->fp);
	fpsimd_load(&t->fp);
	owner = t;
}

void fpsimd_forget(struct tcb *t)
{
	if (owner == t)
		owner = NULL;
}
