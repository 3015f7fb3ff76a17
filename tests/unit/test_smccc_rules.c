/* Host tests of the SMCCC rulebook (lib/include/warden/smccc_rules.h, lib/src/smccc_rules.c):
 * each rule against DEN0028's examples. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <warden/smccc_rules.h>

/* §2.5: W0 is the ID; fields decode as table 2-1 says. */
static void test_fid_decoding(void **state)
{
	assert_int_equal(smccc_fid(0xffffffff84000000ull), PSCI_VERSION);
	struct smccc_fid_fields f = smccc_fid_decode(0xc4010003);
	assert_true(f.fast);
	assert_true(f.smc64);
	assert_int_equal(f.oen, SMCCC_OEN_STD);
	assert_int_equal(f.func, 3);
	assert_true(f.sve_hint);
	assert_int_equal(f.mbz, 0);
	f = smccc_fid_decode(0x32000004);
	assert_false(f.fast);
	assert_false(f.smc64);
	assert_int_equal(f.oen, 50);
	f = smccc_fid_decode(0x82fe0001);
	assert_int_equal(f.mbz, 0x00fe0000);
}

/* §2.10: bit 16 is ignored for matching, fast and yielding; never sent to EL3. */
static void test_bit16(void **state)
{
	assert_int_equal(smccc_match_key(0x84010000), 0x84000000);
	assert_int_equal(smccc_match_key(0x32010004), 0x32000004);
	assert_int_equal(smccc_match_key(0xc4000003), 0xc4000003);
	assert_int_equal(smccc_fid_for_el3(0xc4010003), 0xc4000003);
	assert_int_equal(smccc_fid_for_el3(0x72010004), 0x72000004);
}

/* §2.5: bits 23:17 must be zero in fast calls only. */
static void test_must_be_zero(void **state)
{
	assert_true(smccc_fid_well_formed(0x84000000));
	assert_true(smccc_fid_well_formed(0x84010000)); /* bit 16 is the hint, not MBZ */
	assert_false(smccc_fid_well_formed(0x84020000));
	assert_false(smccc_fid_well_formed(0xc4800000));
	assert_true(smccc_fid_well_formed(0x32fe0004)); /* yielding: no MBZ bits */
	assert_false(smccc_range_has_malformed(0x84000000, 0x8400ffff));
	assert_true(smccc_range_has_malformed(0x84000000, 0x8500ffff));
	assert_true(smccc_range_has_malformed(0x0, 0xff00ffff));
	assert_false(smccc_range_has_malformed(0x0, 0x7f00ffff)); /* yielding only */
	assert_true(smccc_range_has_malformed(0x8401ffff, 0x84020000));
}

/* Range bounds: bit 16 or bits 23:17 set, inverted, above 32 bits: refused with a reason. */
static void test_range_bounds(void **state)
{
	assert_int_equal(smccc_range_check(0x84000000, 0x8400001f), SMCCC_RANGE_OK);
	assert_int_equal(smccc_range_check(0, 0xff00ffff), SMCCC_RANGE_OK);
	assert_int_equal(smccc_range_check(0, 0xffffffff), SMCCC_RANGE_SVE_HINT);
	assert_int_equal(smccc_range_check(0x84010000, 0x84010000), SMCCC_RANGE_SVE_HINT);
	assert_int_equal(smccc_range_check(0x84000000, 0x84020000), SMCCC_RANGE_MBZ);
	assert_int_equal(smccc_range_check(0x32800000, 0x3280ffff), SMCCC_RANGE_MBZ);
	assert_int_equal(smccc_range_check(0x84000010, 0x84000000), SMCCC_RANGE_INVERTED);
	assert_int_equal(smccc_range_check(0x184000000ull, 0x184000000ull),
			 SMCCC_RANGE_ABOVE_32_BITS);
	for (int e = SMCCC_RANGE_OK; e <= SMCCC_RANGE_MBZ; e++)
		assert_true(smccc_range_error_text(e)[0] != '?');
}

/* §2.6-§2.9: argument and result registers per version and width. */
static void test_registers_per_version(void **state)
{
	assert_int_equal(smccc_arg_regs(SMCCC_VERSION_1_0, PSCI_CPU_ON64), 8);
	assert_int_equal(smccc_arg_regs(SMCCC_VERSION_1_1, PSCI_CPU_ON64), 8);
	assert_int_equal(smccc_arg_regs(SMCCC_VERSION_1_2, PSCI_CPU_ON64), 18);
	assert_int_equal(smccc_arg_regs(SMCCC_VERSION_1_2, PSCI_CPU_ON), 8);
	assert_int_equal(smccc_result_regs(SMCCC_VERSION_1_0, PSCI_CPU_ON64), 4);
	assert_int_equal(smccc_result_regs(SMCCC_VERSION_1_1, PSCI_CPU_ON), 4);
	assert_int_equal(smccc_result_regs(SMCCC_VERSION_1_2, PSCI_CPU_ON), 8);
	assert_int_equal(smccc_result_regs(SMCCC_VERSION_1_2, PSCI_CPU_ON64), 18);
	assert_int_equal(smccc_result_regs(0x10005, TRNG_RND64), 18);
}

/* §2.6: SMC32 arguments cut; results: w0 sign-extended, the rest zero-extended. */
static void test_smc32_truncation(void **state)
{
	assert_int_equal(smccc_arg(TRNG_RND32, 0xaaaa000000000060ull), 0x60);
	assert_int_equal(smccc_arg(TRNG_RND64, 0xaaaa000000000060ull), 0xaaaa000000000060ull);
	assert_int_equal(smccc_result(TRNG_RND32, 0, 0x00000000ffffffffull, 0), ~0ull);
	assert_int_equal(smccc_result(TRNG_RND32, 0, 0xdead000000010002ull, 0), 0x10002);
	assert_int_equal(smccc_result(TRNG_RND32, 1, 0xffffffff80000000ull, 0), 0x80000000ull);
	assert_int_equal(smccc_result(TRNG_RND64, 1, 0xffffffff80000000ull, 0),
			 0xffffffff80000000ull);
	/* w4..w7 under the caller's upper halves (Linux keeps live values in x4..x17). */
	assert_int_equal(smccc_result(TRNG_RND32, 4, 0xffffffff00001234ull, 0xffff800009fff000ull),
			 0xffff800000001234ull);
	assert_int_equal(smccc_result(TRNG_RND32, 7, 0x12345678ull, 0xabcd000000000000ull),
			 0xabcd000012345678ull);
}

/* §7.2 and PSCI_FEATURES: NOT_SUPPORTED, or no usable SMCCC_VERSION, means v1.0. */
static void test_version_discovery(void **state)
{
	assert_int_equal(smccc_version_from(-1, 0x10002), SMCCC_VERSION_1_0);
	assert_int_equal(smccc_version_from(0, -1), SMCCC_VERSION_1_0);
	assert_int_equal(smccc_version_from(0, 0x10000), SMCCC_VERSION_1_0);
	assert_int_equal(smccc_version_from(0, 0x10001), SMCCC_VERSION_1_1);
	assert_int_equal(smccc_version_from(0, 0x10005), 0x10005);
	assert_int_equal(smccc_version_from(0, 0x100000000ll), SMCCC_VERSION_1_0);
}

static void test_immediates(void **state)
{
	assert_true(smccc_imm_allowed(0));
	assert_false(smccc_imm_allowed(1));
	assert_false(smccc_imm_allowed(0xffff));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_fid_decoding),	  cmocka_unit_test(test_bit16),
	    cmocka_unit_test(test_must_be_zero),	  cmocka_unit_test(test_range_bounds),
	    cmocka_unit_test(test_registers_per_version), cmocka_unit_test(test_smc32_truncation),
	    cmocka_unit_test(test_version_discovery),	  cmocka_unit_test(test_immediates),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
