/* The guest debug registers the kernel emulates without the CPU (kernel/debugreg.c): the debug
 * comms channel is empty for everyone, the claim tags, MDCCINT_EL1, DBGPRCR_EL1 and OSECCR_EL1
 * hold what each vCPU wrote, in its bits only, and nothing of one vCPU shows in another. QEMU 7.2
 * lacks DBGDTR*, DBGPRCR, OSECCR and the claim tags, so the system test cannot reach these. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>
#include <kernel/debugreg.h>
#include <kernel/sysreg_table.h>

#define MDCCSR DEBUGREG_ENC(2, 3, 0, 1, 0)
#define DBGDTR DEBUGREG_ENC(2, 3, 0, 4, 0)
#define DTRRX_TX DEBUGREG_ENC(2, 3, 0, 5, 0)
#define MDCCINT DEBUGREG_ENC(2, 0, 0, 2, 0)
#define CLAIMSET DEBUGREG_ENC(2, 0, 7, 8, 6)
#define CLAIMCLR DEBUGREG_ENC(2, 0, 7, 9, 6)
#define DBGPRCR DEBUGREG_ENC(2, 0, 1, 4, 4)
#define OSECCR DEBUGREG_ENC(2, 0, 0, 6, 2)
#define MDSCR DEBUGREG_ENC(2, 0, 0, 2, 2) /* in the CPU: not this file's */

static u64 a[SRI_COUNT], b[SRI_COUNT];

static int reset(void **state)
{
	memset(a, 0, sizeof(a));
	memset(b, 0, sizeof(b));
	return 0;
}

static u64 rd(u64 *regs, u64 enc)
{
	u64 v = 0x5a5a5a5a5a5a5a5aull;
	assert_true(debugreg_emulate(regs, enc, false, 0, &v));
	return v;
}

static void wr(u64 *regs, u64 enc, u64 value)
{
	u64 untouched = 0x1234;
	assert_true(debugreg_emulate(regs, enc, true, value, &untouched));
	assert_int_equal(untouched, 0x1234);
}

static void test_dcc_is_empty_for_everyone(void **state)
{
	assert_int_equal(rd(a, MDCCSR), 0);
	wr(a, DTRRX_TX, 0x5ec2e7c0ffee0001ull); /* DBGDTRTX_EL0 */
	wr(a, DBGDTR, 0x5ec2e7c0ffee0002ull);
	assert_int_equal(rd(a, MDCCSR), 0); /* TXfull never sets: nobody drains it */
	assert_int_equal(rd(b, MDCCSR), 0);
	assert_int_equal(rd(b, DTRRX_TX), 0); /* DBGDTRRX_EL0: the other's data is not there */
	assert_int_equal(rd(b, DBGDTR), 0);
	u64 v;
	assert_false(debugreg_emulate(a, MDCCSR, true, 1, &v)); /* read-only */
}

static void test_claim_tags(void **state)
{
	assert_int_equal(rd(a, CLAIMSET), DEBUGREG_CLAIM_TAGS);
	assert_int_equal(rd(a, CLAIMCLR), 0);
	wr(a, CLAIMSET, 0x0f);
	wr(a, CLAIMSET, 0x1f0); /* bits beyond the eight tags are ignored */
	assert_int_equal(rd(a, CLAIMCLR), 0xff);
	wr(a, CLAIMCLR, 0x103);
	assert_int_equal(rd(a, CLAIMCLR), 0xfc);
	assert_int_equal(rd(a, CLAIMSET), DEBUGREG_CLAIM_TAGS);
	assert_int_equal(rd(b, CLAIMCLR), 0); /* per vCPU */
}

static void test_kept_registers_hold_their_bits_per_vcpu(void **state)
{
	wr(a, MDCCINT, ~0ull);
	assert_int_equal(rd(a, MDCCINT), (1ull << 29) | (1ull << 30));
	wr(a, DBGPRCR, ~0ull);
	assert_int_equal(rd(a, DBGPRCR), 1);
	wr(a, OSECCR, 0x5ec2e7c0ffee0001ull);
	assert_int_equal(rd(a, OSECCR), 0xffee0001ull);
	assert_int_equal(rd(b, MDCCINT), 0);
	assert_int_equal(rd(b, DBGPRCR), 0);
	assert_int_equal(rd(b, OSECCR), 0);
	wr(b, OSECCR, 7);
	assert_int_equal(rd(a, OSECCR), 0xffee0001ull);
}

static void test_other_registers_are_not_emulated_here(void **state)
{
	u64 v;
	assert_false(debugreg_emulate(a, MDSCR, false, 0, &v));
	assert_false(debugreg_emulate(a, DEBUGREG_ENC(3, 0, 1, 0, 0), false, 0, &v)); /* SCTLR */
	for (size_t i = 0; i < SRI_COUNT; i++)
		assert_int_equal(a[i], 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup(test_dcc_is_empty_for_everyone, reset),
	    cmocka_unit_test_setup(test_claim_tags, reset),
	    cmocka_unit_test_setup(test_kept_registers_hold_their_bits_per_vcpu, reset),
	    cmocka_unit_test_setup(test_other_registers_are_not_emulated_here, reset),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
