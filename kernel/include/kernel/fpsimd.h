/* Lazy FP/SIMD switching: the registers stay with their last owner until another thread
 * touches them (trapped by CPTR_EL2.TFP). */
#ifndef KERNEL_FPSIMD_H
#define KERNEL_FPSIMD_H
#include <kernel/object.h>

void fpsimd_save(struct fp_state *s);
void fpsimd_load(const struct fp_state *s);
/* Called on switching to t: trap FP/SIMD unless t owns the registers. */
void fpsimd_switch(struct tcb *t);
/* The trap: t touched FP/SIMD. */
void fpsimd_trap(struct tcb *t);
/* t stops existing as an owner (stopped threads keep nothing live). */
void fpsimd_forget(struct tcb *t);

#endif
