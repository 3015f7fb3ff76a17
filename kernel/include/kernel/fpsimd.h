/* Lazy FP/SIMD switching: the registers stay with their last owner until another thread
 * touches them (trapped by CPTR_EL2.TFP). */
#ifndef KERNEL_FPSIMD_H
#define KERNEL_FPSIMD_H
#include <kernel/object.h>

void fpsimd_save(struct fp_state *s);
void fpsimd_load(const struct fp_state *s);
extern struct tcb *fpsimd_owner;
/* Whether CPTR_EL2.TFP is set now, and CPTR_EL2 without and with it (fpsimd_init). */
extern struct fpsimd_ctl {
	u64 cptr[2]; /* first: the switch indexes it from the structure's own address */
	int trapping;
} fpsimd_ctl;
void fpsimd_set_trap(bool trap);
/* Computes this CPU's CPTR_EL2 (trace and AMU traps from the ID registers) and sets it. */
void fpsimd_init(void);
/* The CPTR_EL2 value in force with FP/SIMD trapped or not (for tests and the boot log). */
u64 fpsimd_cptr(bool trap);

/* Called on switching to t: trap FP/SIMD unless t owns the registers (inline: every thread
 * switch passes here, and usually nothing changes). */
static inline void fpsimd_switch(struct tcb *t)
{
	bool trap = t != fpsimd_owner;

	if (fpsimd_ctl.trapping != (int)trap)
		fpsimd_set_trap(trap);
}
/* The trap: t touched FP/SIMD. */
void fpsimd_trap(struct tcb *t);
/* t stops existing as an owner (stopped threads keep nothing live). */
void fpsimd_forget(struct tcb *t);

#endif
