/* Unit tests: the named SMC services and the hazardous function IDs (lib/src/smc_services.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include <warden/smc_services.h>
#include <warden/smccc.h>

static bool covers(const struct smc_service *s, u32 fid)
{
	for (size_t i = 0; i < s->range_count; i++) {
		if (fid >= s->ranges[i].first && fid <= s->ranges[i].last)
			return true;
	}
	return false;
}

static void test_lookup_by_name(void **state)
{
	const char *names[] = {"arch", "psci",	  "trng",	"sip",
			       "oem",  "std-hyp", "vendor-hyp", "trusted-os"};

	for (size_t i = 0; i < ARRAY_SIZE(names); i++) {
		const struct smc_service *s = smc_service_find(names[i]);

		assert_non_null(s);
		assert_string_equal(s->name, names[i]);
	}
	assert_null(smc_service_find("PSCI"));
	assert_null(smc_service_find(""));
	assert_null(smc_service_find("psci "));
}

static void test_service_ranges(void **state)
{
	const struct smc_service *psci = smc_service_find("psci");
	const struct smc_service *trng = smc_service_find("trng");
	const struct smc_service *arch = smc_service_find("arch");
	const struct smc_service *sip = smc_service_find("sip");
	const struct smc_service *tos = smc_service_find("trusted-os");

	assert_int_equal(psci->range_count, 2);
	assert_int_equal(psci->ranges[0].first, 0x84000000);
	assert_int_equal(psci->ranges[0].last, 0x8400001f);
	assert_int_equal(psci->ranges[1].first, 0xc4000000);
	assert_int_equal(psci->ranges[1].last, 0xc400001f);

	assert_int_equal(trng->range_count, 2);
	assert_int_equal(trng->ranges[0].first, 0x84000050);
	assert_int_equal(trng->ranges[0].last, 0x84000053);
	assert_int_equal(trng->ranges[1].first, 0xc4000050);
	assert_int_equal(trng->ranges[1].last, 0xc4000053);

	assert_true(covers(arch, SMCCC_VERSION));
	assert_true(covers(arch, SMCCC_ARCH_SOC_ID64));
	assert_true(covers(arch, SMCCC_ARCH_WORKAROUND_1));
	assert_false(covers(arch, PSCI_VERSION));

	assert_true(covers(sip, 0x82000000));
	assert_true(covers(sip, 0xc200ffff));
	assert_false(covers(sip, 0x83000000));

	assert_true(covers(tos, 0xb2000000));
	assert_true(covers(tos, 0xbf00ffff));
	assert_true(covers(tos, 0xf2000000));
	assert_true(covers(tos, OPTEE_CALL_WITH_ARG));
	assert_true(covers(tos, 0x3f00ffff));
	assert_false(covers(tos, 0x31ffffff));
	assert_false(covers(tos, 0xb1000000));
}

/* Every range is well formed, every name unique, and each range keeps to one owning entity
 * span and one call type and width. */
static void test_table_is_well_formed(void **state)
{
	for (size_t i = 0; i < smc_service_count; i++) {
		const struct smc_service *s = &smc_services[i];

		assert_true(s->range_count > 0);
		for (size_t j = 0; j < i; j++)
			assert_string_not_equal(smc_services[j].name, s->name);
		for (size_t r = 0; r < s->range_count; r++) {
			u32 first = s->ranges[r].first, last = s->ranges[r].last;

			assert_true(first <= last);
			assert_int_equal(first & (SMCCC_FAST_CALL | SMCCC_SMC64),
					 last & (SMCCC_FAST_CALL | SMCCC_SMC64));
		}
	}
}

static void test_hazardous_ids(void **state)
{
	const u32 hazardous[] = {
	    PSCI_CPU_SUSPEND,
	    PSCI_CPU_SUSPEND64,
	    PSCI_CPU_OFF,
	    PSCI_CPU_ON,
	    PSCI_CPU_ON64,
	    PSCI_SYSTEM_OFF,
	    PSCI_SYSTEM_RESET,
	    PSCI_SYSTEM_SUSPEND,
	    PSCI_SYSTEM_SUSPEND64,
	    PSCI_SYSTEM_RESET2,
	    PSCI_SYSTEM_RESET2_64,
	    PSCI_MEM_PROTECT,
	    PSCI_MEM_PROTECT_CHECK_RANGE,
	    PSCI_MEM_PROTECT_CHECK_RANGE64,
	    PSCI_CPU_FREEZE,
	    PSCI_CPU_DEFAULT_SUSPEND,
	    PSCI_CPU_DEFAULT_SUSPEND64,
	    PSCI_MIGRATE,
	    PSCI_MIGRATE64,
	    PSCI_CPU_OFF | SMCCC_SMC64,
	    PSCI_SYSTEM_OFF | SMCCC_SMC64,
	    OPTEE_CALL_WITH_ARG,
	    OPTEE_RETURN_FROM_RPC,
	    0x32000000,
	    0x3f00ffff,
	    0x72000010,
	    PSCI_SET_SUSPEND_MODE,
	    0xc4000020, /* SDEI_VERSION .. SDEI_EVENT_REGISTER and the rest */
	    0xc4000021,
	    0xc400003f,
	    0x84000021,
	    MM_COMMUNICATE,
	    MM_COMMUNICATE | SMCCC_SMC64,
	    0x84000066, /* FFA_RXTX_MAP */
	    0xc4000066,
	    0x84000071, /* FFA_MEM_DONATE, LEND, SHARE */
	    0x84000072,
	    0xc4000073,
	    0x8400006f, /* FFA_MSG_SEND_DIRECT_REQ: carries the sender's endpoint ID */
	    0xc4000110, /* DRTM */
	    0xc4000114,
	    0xc4000150, /* RMI */
	    0xc4000151,
	    OPTEE_L2CC_MUTEX,
	    OPTEE_BOOT_SECONDARY,
	    OPTEE_VM_CREATED,
	    OPTEE_VM_DESTROYED,
	    OPTEE_EXCHANGE_CAPABILITIES,
	};
	const u32 harmless[] = {
	    PSCI_VERSION,
	    PSCI_FEATURES,
	    PSCI_AFFINITY_INFO,
	    PSCI_AFFINITY_INFO64,
	    PSCI_MIGRATE_INFO_TYPE,
	    TRNG_VERSION,
	    TRNG_RND32,
	    TRNG_RND64,
	    SMCCC_VERSION,
	    SMCCC_ARCH_FEATURES,
	    0x82000000,
	    0xb2000004,
	    0x31ffffff,
	    0x3f010000,
	    FFA_VERSION,
	    FFA_FEATURES,
	    FFA_ID_GET,
	    FFA_SPM_ID_GET,
	    0x84000040, /* MM_VERSION */
	    0xb2000000, /* OP-TEE GET_OS_UUID */
	    0xb200000f, /* OP-TEE GET_THREAD_COUNT */
	};

	for (size_t i = 0; i < ARRAY_SIZE(hazardous); i++) {
		if (!smc_fid_is_hazardous(hazardous[i]))
			fail_msg("0x%08x should be hazardous", hazardous[i]);
	}
	for (size_t i = 0; i < ARRAY_SIZE(harmless); i++) {
		if (smc_fid_is_hazardous(harmless[i]))
			fail_msg("0x%08x should not be hazardous", harmless[i]);
	}
}

/* Every entry has its reason, and a hazard's reason is found through the ID. */
static void test_hazard_reasons(void **state)
{
	for (size_t i = 0; i < smc_hazard_count; i++)
		assert_true(strlen(smc_hazard_reason_text(smc_hazards[i].reason)) > 20);
	assert_non_null(strstr(smc_hazard_reason(PSCI_CPU_ON), "EL2"));
	assert_non_null(strstr(smc_hazard_reason(0xc4000021), "SDEI"));
	assert_null(smc_hazard_reason(PSCI_VERSION));
}

static void test_hazard_table_sorted_and_disjoint(void **state)
{
	for (size_t i = 0; i < smc_hazard_count; i++) {
		assert_true(smc_hazards[i].first <= smc_hazards[i].last);
		if (i)
			assert_true(smc_hazards[i - 1].last < smc_hazards[i].first);
	}
}

static void test_hazards_in_range(void **state)
{
	struct smc_range out[32];
	size_t n;

	/* The whole PSCI SMC32 block: thirteen hazardous calls, each its own entry. */
	n = smc_hazards_in_range(0x84000000, 0x8400001f, out, ARRAY_SIZE(out));
	assert_int_equal(n, 13);
	assert_int_equal(out[0].first, PSCI_CPU_SUSPEND);
	assert_int_equal(out[0].last, PSCI_CPU_SUSPEND);
	assert_int_equal(out[12].first, PSCI_MEM_PROTECT_CHECK_RANGE);

	/* Informational calls alone: nothing. */
	assert_int_equal(smc_hazards_in_range(PSCI_VERSION, PSCI_VERSION, out, 32), 0);
	assert_int_equal(smc_hazards_in_range(PSCI_AFFINITY_INFO, PSCI_AFFINITY_INFO, out, 32), 0);
	assert_int_equal(smc_hazards_in_range(0x84000050, 0x84000053, out, 32), 0);

	/* A range inside a run of hazards comes back clipped to the range. */
	n = smc_hazards_in_range(0x32000010, 0x32000020, out, ARRAY_SIZE(out));
	assert_int_equal(n, 1);
	assert_int_equal(out[0].first, 0x32000010);
	assert_int_equal(out[0].last, 0x32000020);

	/* max bounds what is written, not what is counted. */
	n = smc_hazards_in_range(0, UINT32_MAX, out, 3);
	assert_int_equal(n, smc_hazard_count);
	assert_int_equal(smc_hazards_in_range(0, UINT32_MAX, NULL, 0), smc_hazard_count);

	/* Edges of the range count. */
	assert_int_equal(smc_hazards_in_range(PSCI_CPU_ON, PSCI_AFFINITY_INFO, out, 32), 1);
	assert_int_equal(out[0].first, PSCI_CPU_ON);
	assert_int_equal(smc_hazards_in_range(PSCI_VERSION, PSCI_CPU_SUSPEND, out, 32), 1);
}

static void test_ranges_overlap(void **state)
{
	struct smc_range a = {10, 20};

	assert_true(smc_ranges_overlap(a, (struct smc_range){20, 30}));
	assert_true(smc_ranges_overlap(a, (struct smc_range){0, 10}));
	assert_true(smc_ranges_overlap(a, (struct smc_range){12, 13}));
	assert_true(smc_ranges_overlap(a, (struct smc_range){0, UINT32_MAX}));
	assert_false(smc_ranges_overlap(a, (struct smc_range){21, 30}));
	assert_false(smc_ranges_overlap(a, (struct smc_range){0, 9}));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_lookup_by_name),
	    cmocka_unit_test(test_service_ranges),
	    cmocka_unit_test(test_table_is_well_formed),
	    cmocka_unit_test(test_hazardous_ids),
	    cmocka_unit_test(test_hazard_table_sorted_and_disjoint),
	    cmocka_unit_test(test_hazard_reasons),
	    cmocka_unit_test(test_hazards_in_range),
	    cmocka_unit_test(test_ranges_overlap),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
