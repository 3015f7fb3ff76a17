/* Assembly macros shared by the stubs that pass a whole SMCCC 1.2 register block (x0..x17) in
 * memory: load it from, or store it to, an array of 18 u64 at \base (a register other than
 * x0..x17). */
#ifndef WARDEN_ASM_REGS_H
#define WARDEN_ASM_REGS_H
#ifdef __ASSEMBLY__
/* clang-format off */
.macro load_x0_x17 base
	ldp	x0, x1, [\base, #16 * 0]
	ldp	x2, x3, [\base, #16 * 1]
	ldp	x4, x5, [\base, #16 * 2]
	ldp	x6, x7, [\base, #16 * 3]
	ldp	x8, x9, [\base, #16 * 4]
	ldp	x10, x11, [\base, #16 * 5]
	ldp	x12, x13, [\base, #16 * 6]
	ldp	x14, x15, [\base, #16 * 7]
	ldp	x16, x17, [\base, #16 * 8]
.endm

.macro store_x0_x17 base
	stp	x0, x1, [\base, #16 * 0]
	stp	x2, x3, [\base, #16 * 1]
	stp	x4, x5, [\base, #16 * 2]
	stp	x6, x7, [\base, #16 * 3]
	stp	x8, x9, [\base, #16 * 4]
	stp	x10, x11, [\base, #16 * 5]
	stp	x12, x13, [\base, #16 * 6]
	stp	x14, x15, [\base, #16 * 7]
	stp	x16, x17, [\base, #16 * 8]
.endm
/* clang-format on */
#endif
#endif
