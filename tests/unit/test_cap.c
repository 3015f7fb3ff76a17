/* Host tests of the capability derivation tree and the mint rules (kernel/cap.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include <kernel/cap.h>
#include <warden/smccc.h>
#include <warden/syscall.h>

static struct cap slots[16];
static int removed;

static void count_removed(struct cap *c)
{
	removed++;
}

static int reset(void **state)
{
	memset(slots, 0, sizeof(slots));
	removed = 0;
	return 0;
}

static void make_root(int i, u8 type, u8 rights)
{
	slots[i].type = type;
	slots[i].rights = rights;
	slots[i].obj = &slots[i];
}

static void make_smc_root(int i, u32 first, u32 last)
{
	make_root(i, CAP_SMC, 0);
	slots[i].smc.first = first;
	slots[i].smc.last = last;
	slots[i].smc_flags = smc_cap_flags(first, last, false);
}

/* A boot capability whose grant accepted the hazards it covers. */
static void make_marked_smc_root(int i, u32 first, u32 last)
{
	make_smc_root(i, first, last);
	slots[i].smc_flags = smc_cap_flags(first, last, true);
}

static void derive_links_child(void **state)
{
	make_root(1, CAP_ENDPOINT, CAP_RIGHTS_ALL);
	cap_derive(&slots[2], &slots[1]);
	cap_derive(&slots[3], &slots[2]);
	assert_ptr_equal(slots[2].parent, &slots[1]);
	assert_ptr_equal(slots[1].child, &slots[2]);
	assert_true(cap_is_descendant(&slots[3], &slots[1]));
	assert_false(cap_is_descendant(&slots[1], &slots[3]));
	assert_int_equal(slots[3].type, CAP_ENDPOINT);
}

static void revoke_removes_all_descendants_only(void **state)
{
	make_root(1, CAP_ENDPOINT, CAP_RIGHTS_ALL);
	make_root(8, CAP_ENDPOINT, CAP_RIGHTS_ALL); /* an independent root */
	cap_derive(&slots[2], &slots[1]);
	cap_derive(&slots[3], &slots[1]);
	cap_derive(&slots[4], &slots[2]);
	cap_derive(&slots[5], &slots[4]);
	cap_derive(&slots[9], &slots[8]);
	cap_revoke(&slots[1], count_removed);
	assert_int_equal(removed, 4);
	for (int i = 2; i <= 5; i++)
		assert_true(cap_is_null(&slots[i]));
	assert_false(cap_is_null(&slots[1]));
	assert_null(slots[1].child);
	assert_false(cap_is_null(&slots[9]));
	assert_ptr_equal(slots[9].parent, &slots[8]);
}

static void remove_reparents_children(void **state)
{
	make_root(1, CAP_NOTIFICATION, CAP_RIGHTS_ALL);
	cap_derive(&slots[2], &slots[1]);
	cap_derive(&slots[3], &slots[2]);
	cap_derive(&slots[4], &slots[2]);
	cap_remove(&slots[2]);
	assert_true(cap_is_null(&slots[2]));
	assert_ptr_equal(slots[3].parent, &slots[1]);
	assert_ptr_equal(slots[4].parent, &slots[1]);
	cap_revoke(&slots[1], NULL);
	assert_true(cap_is_null(&slots[3]));
	assert_true(cap_is_null(&slots[4]));
}

static void move_keeps_tree_position(void **state)
{
	make_root(1, CAP_ENDPOINT, CAP_RIGHTS_ALL);
	cap_derive(&slots[2], &slots[1]);
	cap_derive(&slots[3], &slots[1]);
	cap_derive(&slots[4], &slots[2]);
	cap_move(&slots[10], &slots[2]);
	assert_true(cap_is_null(&slots[2]));
	assert_ptr_equal(slots[4].parent, &slots[10]);
	assert_ptr_equal(slots[10].parent, &slots[1]);
	cap_revoke(&slots[1], count_removed);
	assert_int_equal(removed, 3);
	assert_true(cap_is_null(&slots[10]));
	assert_true(cap_is_null(&slots[4]));
}

static void mint_rights_only_shrink(void **state)
{
	struct cap out;

	make_root(1, CAP_ENDPOINT, CAP_RIGHT_WRITE);
	assert_int_equal(
	    cap_mint_check(&slots[1], CAP_RIGHT_WRITE | CAP_RIGHT_GRANT, 5, 0, 0, &out),
	    WARDEN_INSUFFICIENT_RIGHTS);
	assert_int_equal(cap_mint_check(&slots[1], CAP_RIGHT_WRITE, 5, 0, 0, &out), WARDEN_OK);
	assert_int_equal(out.rights, CAP_RIGHT_WRITE);
	assert_int_equal(out.badge, 5);
	assert_int_equal(cap_mint_check(&slots[1], 0, 0, 0, 0, &out), WARDEN_OK);
	assert_int_equal(out.rights, 0);
}

static void badge_is_permanent(void **state)
{
	struct cap out;

	make_root(1, CAP_ENDPOINT, CAP_RIGHTS_ALL);
	slots[1].badge = 7;
	assert_int_equal(cap_mint_check(&slots[1], CAP_RIGHTS_ALL, 8, 0, 0, &out),
			 WARDEN_ILLEGAL_OPERATION);
	assert_int_equal(cap_mint_check(&slots[1], CAP_RIGHTS_ALL, 7, 0, 0, &out), WARDEN_OK);
}

static void smc_mint_only_narrows(void **state)
{
	struct cap out;

	make_smc_root(1, TRNG_VERSION, TRNG_RND32);
	assert_int_equal(cap_mint_check(&slots[1], 0, 0, TRNG_VERSION, TRNG_RND32, &out),
			 WARDEN_OK);
	assert_int_equal(cap_mint_check(&slots[1], 0, 0, TRNG_RND32, TRNG_RND32, &out), WARDEN_OK);
	assert_int_equal(out.smc.first, TRNG_RND32);
	assert_int_equal(out.smc.last, TRNG_RND32);
	/* wider on either side, inverted, disjoint, upper bits */
	assert_int_equal(cap_mint_check(&slots[1], 0, 0, TRNG_VERSION - 1, TRNG_RND32, &out),
			 WARDEN_RANGE_ERROR);
	assert_int_equal(cap_mint_check(&slots[1], 0, 0, TRNG_VERSION, TRNG_RND32 + 1, &out),
			 WARDEN_RANGE_ERROR);
	assert_int_equal(cap_mint_check(&slots[1], 0, 0, TRNG_RND32, TRNG_VERSION, &out),
			 WARDEN_RANGE_ERROR);
	assert_int_equal(cap_mint_check(&slots[1], 0, 0, PSCI_VERSION, PSCI_VERSION, &out),
			 WARDEN_RANGE_ERROR);
	assert_int_equal(
	    cap_mint_check(&slots[1], 0, 0, 0x100000000ull | TRNG_VERSION, TRNG_RND32, &out),
	    WARDEN_RANGE_ERROR);
	assert_int_equal(
	    cap_mint_check(&slots[1], CAP_RIGHT_READ, 0, TRNG_VERSION, TRNG_RND32, &out),
	    WARDEN_INSUFFICIENT_RIGHTS);
}

static void smc_check_range_upper_bits_and_sve_hint(void **state)
{
	make_smc_root(1, TRNG_VERSION, TRNG_RND32);
	assert_int_equal(smc_cap_check(&slots[1], TRNG_VERSION), WARDEN_OK);
	assert_int_equal(smc_cap_check(&slots[1], TRNG_RND32), WARDEN_OK);
	assert_int_equal(smc_cap_check(&slots[1], TRNG_VERSION - 1), WARDEN_RANGE_ERROR);
	assert_int_equal(smc_cap_check(&slots[1], TRNG_RND32 + 1), WARDEN_RANGE_ERROR);
	/* The capability ABI is stricter than the SMCCC: upper bits of x0 are refused... */
	assert_int_equal(smc_cap_check(&slots[1], 0xffffffff00000000ull | TRNG_VERSION),
			 WARDEN_RANGE_ERROR);
	assert_int_equal(smc_cap_check(&slots[1], 1ull << 32 | TRNG_VERSION), WARDEN_RANGE_ERROR);
	/* ...while a guest's call is matched on W0, as firmware does. */
	assert_true(smc_cap_covers_guest(&slots[1], 0xffffffff00000000ull | TRNG_VERSION));
	assert_false(smc_cap_covers_guest(&slots[1], 1ull << 32 | PSCI_VERSION));
	/* The SVE hint names the same function: allowed, and it cannot reach anything else. */
	assert_int_equal(smc_cap_check(&slots[1], TRNG_VERSION | SMCCC_SVE_HINT), WARDEN_OK);
	assert_int_equal(smc_cap_check(&slots[1], PSCI_VERSION | SMCCC_SVE_HINT),
			 WARDEN_RANGE_ERROR);
	make_root(3, CAP_ENDPOINT, CAP_RIGHTS_ALL);
	assert_false(smc_cap_covers_guest(&slots[3], TRNG_VERSION));
}

/* Mint bounds follow the rulebook: bit 16 and bits 23:17 set are refused. */
static void smc_mint_refuses_hint_and_mbz_bounds(void **state)
{
	struct cap out;

	make_marked_smc_root(1, 0, 0xff00ffff);
	assert_int_equal(cap_mint_check(&slots[1], 0, 0, TRNG_VERSION | SMCCC_SVE_HINT,
					TRNG_VERSION | SMCCC_SVE_HINT, &out),
			 WARDEN_RANGE_ERROR);
	assert_int_equal(cap_mint_check(&slots[1], 0, 0, TRNG_VERSION, 0x84020000, &out),
			 WARDEN_RANGE_ERROR);
	assert_int_equal(cap_mint_check(&slots[1], 0, 0, 0x84800000, 0x8480ffff, &out),
			 WARDEN_RANGE_ERROR);
	assert_int_equal(cap_mint_check(&slots[1], 0, 0, TRNG_VERSION, TRNG_RND32, &out),
			 WARDEN_OK);
}

/* Malformed fast IDs (bits 23:17 set) in a range that spans owning entities never pass. */
static void smc_check_refuses_malformed_fast_ids(void **state)
{
	make_marked_smc_root(1, 0x80000000, 0x8400ffff);
	assert_true(slots[1].smc_flags & CAP_SMC_CHECK_EACH);
	assert_int_equal(smc_cap_check(&slots[1], SMCCC_VERSION), WARDEN_OK);
	assert_int_equal(smc_cap_check(&slots[1], 0x80020000), WARDEN_RANGE_ERROR);
	assert_int_equal(smc_cap_check(&slots[1], 0x82fe0001), WARDEN_RANGE_ERROR);
	assert_false(smc_cap_covers_guest(&slots[1], 0x80020000));
	/* Yielding calls have no must-be-zero bits. */
	make_smc_root(2, 0x01000000, 0x0200ffff);
	assert_int_equal(smc_cap_check(&slots[2], 0x01020000), WARDEN_OK);
	/* One owning entity's range holds no malformed ID: no per-call check. */
	make_smc_root(3, TRNG_VERSION, TRNG_RND32);
	assert_false(slots[3].smc_flags & CAP_SMC_CHECK_EACH);
}

/* Hazards: an unmarked capability that covers one (a boot spec the builder never writes) gets
 * its hazardous IDs refused and cannot pass them on; a marked one's children inherit the mark
 * within its range, and drop it where they cover no hazard. */
static void smc_hazards_need_the_mark(void **state)
{
	struct cap out;

	make_smc_root(1, PSCI_VERSION, PSCI_VERSION | 0x1f);
	assert_true(slots[1].smc_flags & CAP_SMC_COVERS_HAZARD);
	assert_false(slots[1].smc_flags & CAP_SMC_HAZARD_ACCEPTED);
	assert_int_equal(smc_cap_check(&slots[1], PSCI_VERSION), WARDEN_OK);
	assert_int_equal(smc_cap_check(&slots[1], PSCI_CPU_ON), WARDEN_HAZARD);
	assert_int_equal(smc_cap_check(&slots[1], PSCI_CPU_ON | SMCCC_SVE_HINT), WARDEN_HAZARD);
	assert_int_equal(smc_cap_check(&slots[1], PSCI_SYSTEM_OFF), WARDEN_HAZARD);
	assert_int_equal(cap_mint_check(&slots[1], 0, 0, PSCI_CPU_ON, PSCI_CPU_ON, &out),
			 WARDEN_HAZARD);
	assert_int_equal(cap_mint_check(&slots[1], 0, 0, PSCI_VERSION, PSCI_VERSION, &out),
			 WARDEN_OK);
	assert_int_equal(out.smc_flags, 0);

	make_marked_smc_root(2, PSCI_VERSION, PSCI_VERSION | 0x1f);
	assert_int_equal(smc_cap_check(&slots[2], PSCI_CPU_ON), WARDEN_OK);
	assert_int_equal(cap_mint_check(&slots[2], 0, 0, PSCI_CPU_ON, PSCI_CPU_ON, &out),
			 WARDEN_OK);
	assert_true(out.smc_flags & CAP_SMC_HAZARD_ACCEPTED);
	assert_int_equal(smc_cap_check(&out, PSCI_CPU_ON), WARDEN_OK);
	assert_int_equal(cap_mint_check(&slots[2], 0, 0, PSCI_FEATURES, PSCI_FEATURES, &out),
			 WARDEN_OK);
	assert_int_equal(out.smc_flags, 0);

	/* A marked capability over SiP calls covers no hazard: its flags say so. */
	make_marked_smc_root(3, 0x82000000, 0x8200ffff);
	assert_int_equal(slots[3].smc_flags, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup(derive_links_child, reset),
	    cmocka_unit_test_setup(revoke_removes_all_descendants_only, reset),
	    cmocka_unit_test_setup(remove_reparents_children, reset),
	    cmocka_unit_test_setup(move_keeps_tree_position, reset),
	    cmocka_unit_test_setup(mint_rights_only_shrink, reset),
	    cmocka_unit_test_setup(badge_is_permanent, reset),
	    cmocka_unit_test_setup(smc_mint_only_narrows, reset),
	    cmocka_unit_test_setup(smc_check_range_upper_bits_and_sve_hint, reset),
	    cmocka_unit_test_setup(smc_mint_refuses_hint_and_mbz_bounds, reset),
	    cmocka_unit_test_setup(smc_check_refuses_malformed_fast_ids, reset),
	    cmocka_unit_test_setup(smc_hazards_need_the_mark, reset),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
