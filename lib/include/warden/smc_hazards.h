/* The hazardous SMC function IDs (DESIGN.md §4): IDs whose call acts with the kernel's own
 * authority. Portable; the image builder and the kernel both link it. */
#ifndef WARDEN_SMC_HAZARDS_H
#define WARDEN_SMC_HAZARDS_H
#include <warden/types.h>

/* An inclusive range of 32-bit SMCCC function IDs. */
struct smc_range {
	u32 first;
	u32 last;
};

enum smc_hazard_reason {
	HAZARD_CPU_ENTRY,
	HAZARD_MACHINE_STOP,
	HAZARD_MEM_PROTECT,
	HAZARD_SDEI,
	HAZARD_MM,
	HAZARD_FFA,
	HAZARD_DRTM,
	HAZARD_RMI,
	HAZARD_TOS_YIELD,
	HAZARD_OPTEE_PA,
	HAZARD_OPTEE_VM,
};

/* A run of hazardous IDs and why they are hazardous. */
struct smc_hazard {
	u32 first;
	u32 last;
	u32 reason; /* enum smc_hazard_reason */
};

/* The hazardous IDs (single IDs and runs of them), sorted and disjoint: the one table the image
 * builder and the kernel both use. IDs are matched with bit 16 cleared (smccc_match_key). */
extern const struct smc_hazard smc_hazards[];
extern const size_t smc_hazard_count;

bool smc_fid_is_hazardous(u32 key);
/* Why key is hazardous, or NULL. */
const char *smc_hazard_reason(u32 key);

/* The hazardous IDs inside [first, last] as sorted, disjoint ranges: writes at most max of them
 * to out and returns how many there are (may exceed max). Runs of single IDs stay separate
 * entries so a message can name each one. */
size_t smc_hazards_in_range(u32 first, u32 last, struct smc_range *out, size_t max);

/* The reason, as a sentence. */
const char *smc_hazard_reason_text(u32 reason);

#endif
