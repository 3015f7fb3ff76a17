/* Kernel test: a component reads the ID registers (the kernel answers at EL0: FEAT_IDST traps,
 * or the undefined MRS on ARMv8.0) and sees the sanitized values of kernel/idreg.c, as guests
 * do; then an unallocated CRm 0 encoding, which is UNDEFINED: the kernel reports the fault. */
#include <warden/check.h>

#define MRS(reg)                                                                                   \
	({                                                                                         \
		u64 __v;                                                                           \
		__asm__ volatile("mrs %0, " #reg : "=r"(__v));                                     \
		__v;                                                                               \
	})
#define FIELD(reg, shift) (((reg) >> (shift)) & 0xf)

int main(void)
{
	u64 pfr0 = MRS(id_aa64pfr0_el1), pfr1 = MRS(id_aa64pfr1_el1), dfr0 = MRS(id_aa64dfr0_el1);
	u64 zfr0 = MRS(S3_0_C0_C4_4), mpidr = MRS(mpidr_el1), midr = MRS(midr_el1);
	u64 unallocated = MRS(S3_0_C0_C3_3) | MRS(S3_0_C0_C4_2) | MRS(S3_0_C0_C5_3) |
			  MRS(S3_0_C0_C6_7) | MRS(S3_0_C0_C7_7);

	w_printf("idreg: MIDR 0x%lx, PFR0 0x%lx, PFR1 0x%lx, DFR0 0x%lx\n", midr, pfr0, pfr1, dfr0);
	check(FIELD(pfr0, 32) == 0 && zfr0 == 0, "el0-id-sve-hidden", "PFR0 0x%lx, ZFR0 0x%lx",
	      pfr0, zfr0);
	check(FIELD(pfr1, 24) == 0 && FIELD(pfr1, 8) == 0, "el0-id-sme-mte-hidden", "PFR1 0x%lx",
	      pfr1);
	check(FIELD(dfr0, 8) == 0, "el0-id-pmu-hidden", "DFR0 0x%lx", dfr0);
	check(FIELD(pfr0, 8) == 0 && FIELD(pfr0, 4) == 1 && FIELD(pfr0, 16) != 0xf,
	      "el0-id-el2-hidden-fp-shown", "PFR0 0x%lx", pfr0);
	check(unallocated == 0, "el0-id-unallocated-raz", "0x%lx", unallocated);
	check((mpidr >> 31) & 1, "el0-id-mpidr-is-the-cpus", "MPIDR 0x%lx (bit 31 is RES1)", mpidr);
	w_printf("idreg: reading S3_0_C0_C0_1 (unallocated, UNDEFINED)\n");
	u64 v = MRS(S3_0_C0_C0_1);
	w_printf("[FAIL] el0-id-crm0-undefined: read 0x%lx\n", v);
	return 1;
}
