/* Named SMC services and the hazardous function IDs: which SMCCC function-ID ranges a service
 * name stands for, and which IDs give whoever may call them the kernel's own authority
 * (DESIGN.md §4). Portable: the image builder and the VMM both link it. */
#ifndef WARDEN_SMC_SERVICES_H
#define WARDEN_SMC_SERVICES_H
#include <warden/types.h>

/* An inclusive range of 32-bit SMCCC function IDs. */
struct smc_range {
	u32 first;
	u32 last;
};

/* A service name and the ranges it expands to: one SMC capability per range. */
struct smc_service {
	const char *name;
	const char *description;
	const struct smc_range *ranges;
	size_t range_count;
};

/* The known services, in a fixed order (for listing them). */
extern const struct smc_service smc_services[];
extern const size_t smc_service_count;

/* The service called name, or NULL. */
const struct smc_service *smc_service_find(const char *name);

/* The hazardous IDs (single IDs and runs of them), sorted and disjoint. */
extern const struct smc_range smc_hazards[];
extern const size_t smc_hazard_count;

bool smc_fid_is_hazardous(u32 fid);

/* The hazardous IDs inside [first, last] as sorted, disjoint ranges: writes at most max of them
 * to out and returns how many there are (may exceed max). Runs of single IDs stay separate
 * entries so a message can name each one. */
size_t smc_hazards_in_range(u32 first, u32 last, struct smc_range *out, size_t max);

/* Whether two ranges share at least one function ID. */
bool smc_ranges_overlap(struct smc_range a, struct smc_range b);

#endif
