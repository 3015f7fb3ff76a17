/* System-register access and the EL3 register bits the monitor programs (Arm ARM DDI 0487). */
#ifndef MONITOR_ARCH_SYSREG_H
#define MONITOR_ARCH_SYSREG_H

#ifdef __ASSEMBLY__
#define UL(x) x
#else
#define UL(x) x##ul
#endif

/* The boot contract between entry.S and C. */
#define MAX_CPUS 8
#define STACK_SHIFT 13 /* 8 KiB of EL3 stack per CPU */
/* boot_done holds this once the boot CPU has set up memory (secure RAM is not zeroed at reset,
 * so a flag that is merely nonzero could be garbage). */
#define BOOT_DONE_MAGIC UL(0x5741524445e4b007)

/* SCR_EL3 (D19.2.117). */
#define SCR_NS (UL(1) << 0)
#define SCR_RES1 (UL(3) << 4)
#define SCR_SMD (UL(1) << 7)
#define SCR_HCE (UL(1) << 8)
#define SCR_SIF (UL(1) << 9)
#define SCR_RW (UL(1) << 10)
#define SCR_APK (UL(1) << 16)
#define SCR_API (UL(1) << 17)
#define SCR_ATA (UL(1) << 26)
#define SCR_FGTEN (UL(1) << 27)
#define SCR_ECVEN (UL(1) << 28)
#define SCR_HXEN (UL(1) << 38)
#define SCR_ENTP2 (UL(1) << 41)

/* CPTR_EL3: trap nothing, enable SVE and SME where present. */
#define CPTR_EZ (UL(1) << 8)
#define CPTR_ESM (UL(1) << 12)
/* MDCR_EL3.SPME: the PMU's event counters count in the secure world too (benchmark builds only:
 * the benchmarks count the monitor's instructions). SCCD (FEAT_PMUv3p5) and MCCD (FEAT_PMUv3p7):
 * the cycle counter stops in the secure world and at EL3. */
#define MDCR_SPME (UL(1) << 17)
#define MDCR_SCCD (UL(1) << 23)
#define MDCR_MCCD (UL(1) << 34)
/* SMCR_EL3.FA64: full A64 in streaming mode; LEN = max. ZCR_EL3.LEN = max. */
#define SMCR_FA64 (UL(1) << 31)
#define VECTOR_LEN_MAX UL(0xf)

/* SCTLR_ELx RES1 bits with the MMU, caches and alignment checks off, little-endian. */
#define SCTLR_EL3_RES1 UL(0x30c50830)
#define SCTLR_M (UL(1) << 0)
#define SCTLR_C (UL(1) << 2)
#define SCTLR_I (UL(1) << 12)

/* TCR_EL3: RES1 bits 31 and 23; walks inner/outer write-back, inner shareable; 4 KiB granule. */
#define TCR_EL3_RES1 ((UL(1) << 31) | (UL(1) << 23))
#define TCR_IRGN_WB (UL(1) << 8)
#define TCR_ORGN_WB (UL(1) << 10)
#define TCR_SH_INNER (UL(3) << 12)

/* CPUECTLR_EL1 (IMPLEMENTATION DEFINED, S3_1_C15_C2_1 on Cortex-A53, A57 and A72; their TRMs):
 * SMPEN, bit 6, must be set before the caches and MMU are enabled, or the CPU's data cache
 * takes no part in coherency. MIDR_EL1: implementer 0x41 (Arm), part numbers below. */
#define CPUECTLR_EL1 S3_1_C15_C2_1
#define CPUECTLR_SMPEN (UL(1) << 6)
#define MIDR_ARM_A53 UL(0x410fd030)
#define MIDR_ARM_A57 UL(0x410fd070)
#define MIDR_ARM_A72 UL(0x410fd080)
#define MIDR_MATCH_MASK UL(0xff0ffff0) /* implementer, architecture, part number */
#define SCTLR_EL2_RES1 UL(0x30c50830)

/* SPSR_EL3 for an entry at EL2h with DAIF masked. */
#define SPSR_EL2H_DAIF UL(0x3c9)

/* ICC_SRE_ELx: system-register interface, disable IRQ/FIQ bypass, lower-EL access enable. */
#define ICC_SRE_SRE (UL(1) << 0)
#define ICC_SRE_DFB (UL(1) << 1)
#define ICC_SRE_DIB (UL(1) << 2)
#define ICC_SRE_ENABLE (UL(1) << 3)

/* ESR_ELx exception classes. */
#define ESR_EC_SHIFT 26
#define ESR_EC_SMC32 UL(0x13)
#define ESR_EC_SMC64 UL(0x17)
#define ESR_IL (UL(1) << 25)

#ifndef __ASSEMBLY__
#include <warden/types.h>

/* Registers newer than clang's -mcpu=cortex-a57 assembler are spelled by encoding. */
#define ID_AA64ISAR2_EL1 S3_0_C0_C6_2
#define ZCR_EL3 S3_6_C1_C2_0
#define SMCR_EL3 S3_6_C1_C2_6
#define RNDRRS S3_3_C2_C4_1

#define read_sysreg(reg)                                                                           \
	({                                                                                         \
		u64 v_;                                                                            \
		__asm__ volatile("mrs %0, " SYSREG_STR(reg) : "=r"(v_));                           \
		v_;                                                                                \
	})
#define write_sysreg(reg, val) __asm__ volatile("msr " SYSREG_STR(reg) ", %0" ::"r"((u64)(val)))
#define SYSREG_STR(reg) SYSREG_STR2(reg)
#define SYSREG_STR2(reg) #reg

static inline unsigned id_field(u64 reg, unsigned shift)
{
	return (reg >> shift) & 0xf;
}

static inline void isb(void)
{
	__asm__ volatile("isb" ::: "memory");
}

static inline void dsb_sy(void)
{
	__asm__ volatile("dsb sy" ::: "memory");
}
#endif

#endif
