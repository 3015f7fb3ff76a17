/* Host tests of the kernel's SError policy (kernel/serror.c): what is reported, what a guest is
 * given, what stops the system; never "the running thread faulted". */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include <kernel/serror.h>

#define EC_SERROR (0x2full << 26)
#define IL (1ull << 25)
#define IDS (1ull << 24)
#define ASYNC 0x11ull
#define AET(v) ((u64)(v) << 10)

static u64 ras_esr(unsigned aet)
{
	return EC_SERROR | IL | AET(aet) | ASYNC;
}

static void test_no_ras(void **state)
{
	/* ARMv8.0 (Cortex-A57): the syndrome says nothing about severity. */
	u64 esr = EC_SERROR | IL;
	assert_int_equal(serror_classify(esr, false, true), SERROR_INJECT);
	assert_int_equal(serror_classify(esr, false, false), SERROR_PANIC);
	/* A RAS-looking AET means nothing without FEAT_RAS. */
	assert_int_equal(serror_classify(ras_esr(6), false, false), SERROR_PANIC);
	assert_non_null(strstr(serror_severity(ras_esr(6), false), "not graded"));
}

static void test_ras_grades(void **state)
{
	for (int guest = 0; guest <= 1; guest++) {
		assert_int_equal(serror_classify(ras_esr(6), true, guest), SERROR_LOG);	  /* CE */
		assert_int_equal(serror_classify(ras_esr(2), true, guest), SERROR_LOG);	  /* UEO */
		assert_int_equal(serror_classify(ras_esr(0), true, guest), SERROR_PANIC); /* UC */
		assert_int_equal(serror_classify(ras_esr(7), true, guest),
				 SERROR_PANIC); /* reserved */
	}
	assert_int_equal(serror_classify(ras_esr(3), true, true), SERROR_INJECT); /* UER */
	assert_int_equal(serror_classify(ras_esr(1), true, true), SERROR_INJECT); /* UEU */
	assert_int_equal(serror_classify(ras_esr(3), true, false), SERROR_PANIC);
	assert_int_equal(serror_classify(ras_esr(1), true, false), SERROR_PANIC);
	assert_string_equal(serror_severity(ras_esr(0), true), "uncontainable");
	assert_string_equal(serror_severity(ras_esr(6), true), "corrected");
}

static void test_ras_ungraded_syndromes(void **state)
{
	/* IMPLEMENTATION DEFINED syndrome, or an uncategorized DFSC: not graded. */
	u64 ids = ras_esr(6) | IDS, uncategorized = EC_SERROR | IL | AET(6);
	assert_int_equal(serror_classify(ids, true, false), SERROR_PANIC);
	assert_int_equal(serror_classify(ids, true, true), SERROR_INJECT);
	assert_int_equal(serror_classify(uncategorized, true, false), SERROR_PANIC);
	assert_int_equal(serror_classify(uncategorized, true, true), SERROR_INJECT);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_no_ras),
	    cmocka_unit_test(test_ras_grades),
	    cmocka_unit_test(test_ras_ungraded_syndromes),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
