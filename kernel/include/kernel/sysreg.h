/* System register access and the EL2 register bits the kernel uses (Arm ARM D19). */
#ifndef KERNEL_SYSREG_H
#define KERNEL_SYSREG_H
#include <warden/types.h>

#define read_sysreg(r)                                                                             \
	({                                                                                         \
		u64 __v;                                                                           \
		__asm__ volatile("mrs %0, " #r : "=r"(__v));                                       \
		__v;                                                                               \
	})
#define write_sysreg(r, v) __asm__ volatile("msr " #r ", %0" ::"r"((u64)(v)))
#define isb() __asm__ volatile("isb" ::: "memory")
#define dsb(opt) __asm__ volatile("dsb " #opt ::: "memory")

/* HCR_EL2 (D19.2.46). */
#define SCTLR_EL1_UCT BIT(15) /* EL0 may read CTR_EL0 */
#define SCTLR_EL1_UCI BIT(26) /* EL0 may clean caches by address */
/* SCTLR_EL1 while native threads run, written whole (with HCR_EL2.TGE set its EL0 controls
 * still govern EL0; docs/registers.md gives every EL0-visible bit's reason): RES1 (bits 11, 20,
 * 22, 23, 28, 29); SA0 (EL0 stack alignment checked); ITD, SED (no AArch32 IT/SETEND: EL0 is
 * AArch64 only); DZE (DC ZVA zeroes only memory the thread can write anyway); UCT, UCI (above);
 * nTWI, nTWE (WFI/WFE at EL0 just wait: the timer tick still preempts). Clear: M, C, I (no
 * stage 1 under TGE), UMA (DAIF traps), EnRCTX, EnDA/EnDB/EnIA/EnIB (pointer authentication
 * instructions are NOPs), BT0, TCF0/ATA0 (no MTE), EnTP2, EnSCXT (TPIDR2_EL0, SCXTNUM_EL0 trap),
 * nAA, DSSBS, E0E (little-endian), WXN. */
#define SCTLR_EL1_NATIVE                                                                           \
	(0x30d00800ull | BIT(4) | BIT(7) | BIT(8) | BIT(14) | SCTLR_EL1_UCT | BIT(16) | BIT(18) |  \
	 SCTLR_EL1_UCI)
#define HCR_VM BIT(0)
#define HCR_VSE BIT(8) /* a virtual SError is pending for EL1 */
#define HCR_SWIO BIT(1)
#define HCR_FMO BIT(3)
#define HCR_IMO BIT(4)
#define HCR_AMO BIT(5)
#define HCR_DC BIT(12)
#define HCR_TWI BIT(13)
#define HCR_TWE BIT(14)
#define HCR_TSC BIT(19)
#define HCR_TID3 BIT(18)
#define HCR_TGE BIT(27)
#define HCR_TVM BIT(26)
#define HCR_TTLB BIT(25)
#define HCR_RW BIT(31)
#define HCR_TAC BIT(21)

/* ESR_ELx exception classes (D19.2.37). */
#define ESR_EC_SHIFT 26
#define ESR_EC(esr) (((esr) >> ESR_EC_SHIFT) & 0x3f)
#define ESR_ISS(esr) ((esr)&0x1ffffff)
#define EC_UNKNOWN 0x00
#define EC_WFX 0x01
#define EC_FP_ASIMD 0x07
#define EC_SVC64 0x15
#define EC_HVC64 0x16
#define EC_SMC64 0x17
#define EC_SYSREG 0x18
#define EC_SVE 0x19
#define EC_SME 0x1d
#define EC_PAC 0x09
#define EC_IABT_LOW 0x20
#define EC_IABT_CUR 0x21
#define EC_PC_ALIGN 0x22
#define EC_DABT_LOW 0x24
#define EC_DABT_CUR 0x25
#define EC_SP_ALIGN 0x26
#define EC_BRK 0x3c
#define EC_SERROR 0x2f

/* SPSR modes. */
#define SPSR_EL0T 0x0
#define SPSR_EL1H 0x5
#define SPSR_DAIF (0xfull << 6)

/* CPTR_EL2 (non-VHE). */
#define CPTR_EL2_RES1 0x33ff
#define CPTR_EL2_TFP BIT(10)
#define CPTR_EL2_TZ BIT(8)
#define CPTR_EL2_TTA BIT(20)
#define CPTR_EL2_TAM BIT(30)

static inline u64 cpu_mpidr(void)
{
	return read_sysreg(mpidr_el1) & 0xff00ffffffull;
}

#endif
