/* Arm architecture service (OEN 0, DEN0028 §7): SMCCC_VERSION, SMCCC_ARCH_FEATURES and
 * SMCCC_ARCH_SOC_ID. The CPU errata workarounds are not implemented (see docs/monitor.md). */
#include "monitor.h"
#include <warden/string.h>

/* SoC ID (DEN0028 §7.4): JEP-106 bank (continuation code) in bits 30:24, identity code in 23:16,
 * implementation-defined SoC ID in 15:0. QEMU virt has no JEP-106 code of its own; like TF-A's
 * Arm platforms this uses Arm's (bank 4, 0x3b). */
#define SOC_ID_VERSION (4u << 24 | 0x3bu << 16 | 0x5744u)
#define SOC_ID_REVISION 1u
#define SOC_ID_TYPE_VERSION 0u
#define SOC_ID_TYPE_REVISION 1u
#define SOC_ID_TYPE_NAME 2u
static const char soc_name[] = "QEMU virt (Warden monitor)";

static s64 arch_features(u32 queried)
{
	switch (queried) {
	case SMCCC_VERSION:
	case SMCCC_ARCH_FEATURES:
	case SMCCC_ARCH_SOC_ID:
	case SMCCC_ARCH_SOC_ID64:
		return SMCCC_SUCCESS;
	default:
		return SMCCC_NOT_SUPPORTED;
	}
}

/* The name form returns the NUL-terminated string in x1..x17, 8 bytes per register, first byte
 * in the low byte of x1 (SMCCC 1.4 §7.4.6). */
static void soc_id_name(struct smc_frame *f)
{
	u8 bytes[17 * 8];

	memset(bytes, 0, sizeof(bytes));
	memcpy(bytes, soc_name, sizeof(soc_name));
	for (unsigned r = 0; r < 17; r++) {
		u64 v = 0;
		for (unsigned b = 0; b < 8; b++)
			v |= (u64)bytes[r * 8 + b] << (8 * b);
		f->x[1 + r] = v;
	}
}

static void soc_id(u32 fid, struct smc_frame *f)
{
	u32 type = (u32)smc_arg(fid, f, 1);

	if (type == SOC_ID_TYPE_VERSION && fid == SMCCC_ARCH_SOC_ID) {
		smc_set_status(f, SOC_ID_VERSION);
	} else if (type == SOC_ID_TYPE_REVISION && fid == SMCCC_ARCH_SOC_ID) {
		smc_set_status(f, SOC_ID_REVISION);
	} else if (type == SOC_ID_TYPE_NAME && fid == SMCCC_ARCH_SOC_ID64) {
		soc_id_name(f);
		smc_set_status(f, SMCCC_SUCCESS);
	} else {
		smc_set_status(f, SMCCC_INVALID_PARAMETER);
	}
}

void arch_service(u32 fid, struct smc_frame *f, unsigned cpu)
{
	switch (fid) {
	case SMCCC_VERSION:
#if MONITOR_SMCCC_1_0
		smc_set_status(f, SMCCC_NOT_SUPPORTED); /* SMCCC 1.0 has no SMCCC_VERSION */
#else
		smc_set_status(f, SMCCC_VERSION_1_2);
#endif
		break;
	case SMCCC_ARCH_FEATURES:
		smc_set_status(f, arch_features((u32)f->x[1]));
		break;
	case SMCCC_ARCH_SOC_ID:
	case SMCCC_ARCH_SOC_ID64:
		soc_id(fid, f);
		break;
	default:
		smc_set_status(f, SMCCC_NOT_SUPPORTED);
	}
}
