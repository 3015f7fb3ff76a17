/* Named SMC services: which SMCCC function-ID ranges a service name stands for. The hazardous
 * IDs are in smc_hazards.h. Portable: the image builder links it. */
#ifndef WARDEN_SMC_SERVICES_H
#define WARDEN_SMC_SERVICES_H
#include <warden/types.h>
#include <warden/smc_hazards.h>

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

/* Whether two ranges share at least one function ID. */
bool smc_ranges_overlap(struct smc_range a, struct smc_range b);

#endif
