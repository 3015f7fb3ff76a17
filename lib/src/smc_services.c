/* Named SMC services and hazardous function IDs (DESIGN.md §4); see smc_services.h. */
#include <warden/smc_services.h>
#include <warden/smccc.h>
#include <warden/string.h>

/* Every function of one owning entity, fast call, SMC32 or SMC64 (DEN0028 §2.5). */
#define FAST32_FIRST(oen) (SMCCC_FAST_CALL | ((u32)(oen) << SMCCC_OEN_SHIFT))
#define FAST32_LAST(oen) (FAST32_FIRST(oen) | SMCCC_FUNC_MASK)
#define FAST64_FIRST(oen) (FAST32_FIRST(oen) | SMCCC_SMC64)
#define FAST64_LAST(oen) (FAST32_LAST(oen) | SMCCC_SMC64)
/* Yielding calls of one owning entity (bit 31 clear). */
#define YIELD32_FIRST(oen) ((u32)(oen) << SMCCC_OEN_SHIFT)
#define YIELD32_LAST(oen) (YIELD32_FIRST(oen) | SMCCC_FUNC_MASK)
#define YIELD64_FIRST(oen) (YIELD32_FIRST(oen) | SMCCC_SMC64)
#define YIELD64_LAST(oen) (YIELD32_LAST(oen) | SMCCC_SMC64)

#define OEN_RANGES(oen)                                                                            \
	{FAST32_FIRST(oen), FAST32_LAST(oen)},                                                     \
	{                                                                                          \
		FAST64_FIRST(oen), FAST64_LAST(oen)                                                \
	}

/* PSCI owns functions 0x00..0x1f of the standard service (DEN0022 §5.1.1). */
#define PSCI_FUNC_LAST 0x1fu

static const struct smc_range arch_ranges[] = {OEN_RANGES(SMCCC_OEN_ARCH)};
static const struct smc_range cpu_ranges[] = {OEN_RANGES(SMCCC_OEN_CPU)};
static const struct smc_range sip_ranges[] = {OEN_RANGES(SMCCC_OEN_SIP)};
static const struct smc_range oem_ranges[] = {OEN_RANGES(SMCCC_OEN_OEM)};
static const struct smc_range std_ranges[] = {OEN_RANGES(SMCCC_OEN_STD)};
static const struct smc_range psci_ranges[] = {
    {PSCI_VERSION, PSCI_VERSION | PSCI_FUNC_LAST},
    {PSCI_VERSION | SMCCC_SMC64, PSCI_VERSION | SMCCC_SMC64 | PSCI_FUNC_LAST},
};
static const struct smc_range trng_ranges[] = {
    {TRNG_VERSION, TRNG_RND32},
    {TRNG_VERSION | SMCCC_SMC64, TRNG_RND64},
};
static const struct smc_range std_hyp_ranges[] = {OEN_RANGES(SMCCC_OEN_STD_HYP)};
static const struct smc_range vendor_hyp_ranges[] = {OEN_RANGES(SMCCC_OEN_VENDOR_HYP)};
static const struct smc_range vendor_el3_ranges[] = {OEN_RANGES(SMCCC_OEN_VENDOR_EL3)};
static const struct smc_range trusted_app_ranges[] = {
    {FAST32_FIRST(SMCCC_OEN_TAPP_FIRST), FAST32_LAST(SMCCC_OEN_TAPP_LAST)},
    {FAST64_FIRST(SMCCC_OEN_TAPP_FIRST), FAST64_LAST(SMCCC_OEN_TAPP_LAST)},
};
static const struct smc_range trusted_os_ranges[] = {
    {YIELD32_FIRST(SMCCC_OEN_TOS_FIRST), YIELD32_LAST(SMCCC_OEN_TOS_LAST)},
    {YIELD64_FIRST(SMCCC_OEN_TOS_FIRST), YIELD64_LAST(SMCCC_OEN_TOS_LAST)},
    {FAST32_FIRST(SMCCC_OEN_TOS_FIRST), FAST32_LAST(SMCCC_OEN_TOS_LAST)},
    {FAST64_FIRST(SMCCC_OEN_TOS_FIRST), FAST64_LAST(SMCCC_OEN_TOS_LAST)},
};

#define SERVICE(n, d, r)                                                                           \
	{                                                                                          \
		n, d, r, ARRAY_SIZE(r)                                                             \
	}

const struct smc_service smc_services[] = {
    SERVICE("arch", "Arm architecture calls (SMCCC_VERSION, ARCH_FEATURES, SOC_ID)", arch_ranges),
    SERVICE("cpu", "CPU service calls", cpu_ranges),
    SERVICE("sip", "silicon provider (SiP) service calls", sip_ranges),
    SERVICE("oem", "OEM service calls", oem_ranges),
    SERVICE("std", "standard secure services (PSCI, TRNG, ...)", std_ranges),
    SERVICE("psci", "PSCI power state coordination", psci_ranges),
    SERVICE("trng", "TRNG true random numbers", trng_ranges),
    SERVICE("std-hyp", "standard hypervisor service calls", std_hyp_ranges),
    SERVICE("vendor-hyp", "vendor-specific hypervisor service calls", vendor_hyp_ranges),
    SERVICE("vendor-el3", "vendor-specific EL3 monitor calls", vendor_el3_ranges),
    SERVICE("trusted-app", "trusted application calls", trusted_app_ranges),
    SERVICE("trusted-os", "trusted OS calls, fast and yielding", trusted_os_ranges),
};
const size_t smc_service_count = ARRAY_SIZE(smc_services);

const struct smc_service *smc_service_find(const char *name)
{
	for (size_t i = 0; i < smc_service_count; i++) {
		if (strcmp(smc_services[i].name, name) == 0)
			return &smc_services[i];
	}
	return NULL;
}

bool smc_ranges_overlap(struct smc_range a, struct smc_range b)
{
	return a.first <= b.last && b.first <= a.last;
}
