/* The VMM's bench marker (user/vmm/bench_mark.c, WARDEN_HYP_BENCH_MARK): denied unless the
 * guest's policy emulates its ID, and the arithmetic of the [BENCH] line it prints. */
#include "test_vmm_mock.h"

/* Counter values the mock PMU returns, one vector per read: EL0..EL3, cycles. */
static u64 pmu_script[16][5];
static u32 pmu_reads;
static bool pmu_ok = true;

static bool m_pmu_read(void *ctx, u64 c[5])
{
	if (!pmu_ok)
		return false;
	assert_true(pmu_reads < 16);
	memcpy(c, pmu_script[pmu_reads++], 5 * sizeof(u64));
	return true;
}

static struct vmm_ops bench_ops;

/* cfg_a plus the marker's ID emulated (or given another action). */
static struct vmm_config cfg_mark;

static void setup_bench(u32 mark_action, bool with_pmu)
{
	cfg_mark = cfg_a;
	cfg_mark.policy[cfg_mark.policy_count++] =
	    (struct vmm_policy_entry){0x86000000, 0x8600ffff, mark_action, 0};
	/* keep the policy sorted: move the new entry before the SMC64 entries */
	struct vmm_policy_entry e = cfg_mark.policy[cfg_mark.policy_count - 1];
	u32 i = cfg_mark.policy_count - 1;
	while (i > 0 && cfg_mark.policy[i - 1].first > e.first) {
		cfg_mark.policy[i] = cfg_mark.policy[i - 1];
		i--;
	}
	cfg_mark.policy[i] = e;
	bench_ops = mock_ops;
	bench_ops.pmu_read = with_pmu ? m_pmu_read : NULL;
	memset(&mock, 0, sizeof(mock));
	memset(pmu_script, 0, sizeof(pmu_script));
	pmu_reads = 0;
	pmu_ok = true;
	assert_null(vmm_init(&vm, &cfg_mark, &bench_ops, NULL));
}

static u64 mark(u64 op, u64 a2, u64 a3)
{
	return smc_x0(0, WARDEN_HYP_BENCH_MARK, op, a2, a3);
}

/* Not in the policy (denied by default), or denied explicitly: -1, the PMU never read, nothing
 * printed; the same for the SMC64 ID and the other IDs of the owning entity. */
static void test_denied_unless_emulated(void **state)
{
	setup_vm(&cfg_a);
	assert_int_equal(smc_x0(0, WARDEN_HYP_BENCH_MARK, BENCH_MARK_SNAPSHOT, 0, 0),
			 MINUS(SMCCC_NOT_SUPPORTED));

	setup_bench(VMM_DENY, true);
	assert_int_equal(mark(BENCH_MARK_SNAPSHOT, 0, 0), MINUS(SMCCC_NOT_SUPPORTED));
	assert_int_equal(mark(BENCH_MARK_REPORT, 0x74736574, 0), MINUS(SMCCC_NOT_SUPPORTED));
	assert_int_equal(pmu_reads, 0);
	assert_int_equal(mock.out_len, 0);

	/* Emulated, but another ID of the range: NOT_SUPPORTED like any unknown emulated ID. */
	setup_bench(VMM_EMULATE, true);
	assert_int_equal(smc_x0(0, 0x86000102, BENCH_MARK_SNAPSHOT, 0, 0),
			 MINUS(SMCCC_NOT_SUPPORTED));
	assert_int_equal(smc_x0(0, 0xc6000100, BENCH_MARK_SNAPSHOT, 0, 0),
			 MINUS(SMCCC_NOT_SUPPORTED));
	assert_int_equal(pmu_reads, 0);

	/* Emulated, but the VMM has no PMU access (ops->pmu_read NULL) or the PMU does not
	 * count: -1. */
	setup_bench(VMM_EMULATE, false);
	assert_int_equal(mark(BENCH_MARK_SNAPSHOT, 0, 0), MINUS(SMCCC_NOT_SUPPORTED));
	setup_bench(VMM_EMULATE, true);
	pmu_ok = false;
	assert_int_equal(mark(BENCH_MARK_SNAPSHOT, 0, 0), MINUS(SMCCC_NOT_SUPPORTED));
}

/* A block: counters advance by d (EL0..EL3, total = their sum). */
static void script_block(u32 i, u64 el0, u64 el1, u64 el2, u64 el3)
{
	for (u32 k = 0; k < 5; k++)
		pmu_script[i + 1][k] = pmu_script[i][k];
	pmu_script[i + 1][0] += el0;
	pmu_script[i + 1][1] += el1;
	pmu_script[i + 1][2] += el2;
	pmu_script[i + 1][3] += el3;
	pmu_script[i + 1][4] += el0 + el1 + el2 + el3;
}

static void snapshots(u32 n)
{
	for (u32 i = 0; i < n; i++)
		assert_int_equal(mark(BENCH_MARK_SNAPSHOT, 0, 0), 0);
}

/* (C(K2 block) - C(K1 block)) / (K2 - K1) per level, minus the baseline; the cheapest block of
 * each kind; iters, same and max; the key from x2..x7. */
static void test_figures(void **state)
{
	setup_bench(VMM_EMULATE, true);
	/* Samples before three snapshots, K2 <= K1, a report with no samples: -3. */
	assert_int_equal(mark(BENCH_MARK_SAMPLE, 1, 4), MINUS(SMCCC_INVALID_PARAMETER));
	assert_int_equal(mark(BENCH_MARK_REPORT, 0x74736574, 0), MINUS(SMCCC_INVALID_PARAMETER));

	/* Baseline: the marker costs (100, 10, 500, 0), the loop 3 at EL1 per iteration. */
	pmu_script[0][4] = 1000;
	script_block(0, 100, 10 + 3 * 1, 500, 0);
	script_block(1, 100, 10 + 3 * 4, 500, 0);
	snapshots(3);
	assert_int_equal(mark(BENCH_MARK_SAMPLE, 4, 1), MINUS(SMCCC_INVALID_PARAMETER));
	assert_int_equal(mark(BENCH_MARK_SAMPLE, 1, 4), 0);
	assert_int_equal(mark(BENCH_MARK_BASELINE, 0, 0), 0);
	assert_non_null(strstr(mock.out, "per call: total=3 el0=0 el1=3 el2=0 el3=0, 1 of 1"));

	/* Two repetitions of a call costing (200, 1, 1000, 87) + the loop; the second's K1 block
	 * is disturbed (+60 at EL2), which must not count. */
	pmu_reads = 0;
	script_block(0, 100 + 200, 10 + 3 + 1, 500 + 1000, 87);
	script_block(1, 100 + 4 * 200, 10 + 4 * 4, 500 + 4 * 1000, 4 * 87);
	script_block(2, 100 + 200, 10 + 3 + 1, 500 + 1000 + 60, 87);
	script_block(3, 100 + 4 * 200, 10 + 4 * 4, 500 + 4 * 1000, 4 * 87);
	snapshots(3);
	assert_int_equal(mark(BENCH_MARK_SAMPLE, 1, 4), 0);
	snapshots(2);
	assert_int_equal(mark(BENCH_MARK_SAMPLE, 1, 4), 0);
	mock.out_len = 0;
	mock.out[0] = 0;
	/* key "guest_x": "gues" "t_x\0" */
	assert_int_equal(smc_x0(0, WARDEN_HYP_BENCH_MARK, BENCH_MARK_REPORT, 0x73657567, 0x785f74),
			 0);
	assert_string_equal(mock.out, "[BENCH] guest_x total=1288 el0=200 el1=1 el2=1000 el3=87 "
				      "iters=2 same=1 max=1288\n");

	/* Not an integer: K2 - K1 = 3 and a difference of 2 at EL0; reported, counted. */
	pmu_reads = 0;
	script_block(0, 0, 0, 0, 0);
	script_block(1, 2, 0, 0, 0);
	snapshots(3);
	assert_int_equal(mark(BENCH_MARK_SAMPLE, 1, 4), 1);
	mock.out_len = 0;
	assert_int_equal(smc_x0(0, WARDEN_HYP_BENCH_MARK, BENCH_MARK_REPORT, 0x78, 0), 2);
	assert_non_null(strstr(
	    mock.out,
	    "bench x: the per-call figure was not an integer in 1 of 1 repetitions, nor for the "
	    "cheapest blocks"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_denied_unless_emulated),
	    cmocka_unit_test(test_figures),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
