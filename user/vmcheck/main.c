/* The VM isolation checker (tests/system/vm-isolation.xml, issue 6 item 5): the lowest-priority
 * component, with one SMC capability, for SIP_CALL_COUNTER_GET only (slot 2). It waits until the
 * monitor has counted both guests' last call (each guest's policy forwards SIP_CALL_COUNT, and
 * each guest calls it once, after everything else, "beacon" in its cmdline), then proves with
 * the monitor's call counters that the TRNG calls which reached EL3 are exactly guest-a's:
 * guest-a (TRNG forwarded) and guest-b (TRNG denied) each call TRNG_VERSION and TRNG_RND64 once
 * through smc and once through hvc, and TRNG_VERSION once more through each with a nonzero
 * immediate, which the VMM must refuse itself (guests/testguest/main.c). So EL3 must have seen
 * 2 TRNG_VERSION and 2 TRNG_RND64 calls: guest-a's plain ones, none of guest-b's; and
 * guest-a's VMM's own TRNG_RND64 calls for its DTB seeds (user/vmm/smccc.c, vmm_seed_dtb), at
 * boot and at the reset: three each where the monitor has entropy (FEAT_RNG), one refused
 * each where it has none. guest-b's VMM, TRNG denied, makes none. */
#include <warden/check.h>
#include <warden/sip.h>
#include <warden/smccc.h>
#include <warden/warden.h>

#define COUNTER_CAP 2
#define GUESTS 2
#define MAX_POLLS 20000000ul

/* How many SMCs with function ID fid reached EL3 since boot; -1 if the query failed. */
static s64 reached(u32 fid)
{
	struct smc_regs r = {{0}};

	r.x[0] = SIP_CALL_COUNTER_GET;
	r.x[1] = fid;
	long st = w_smc_call(COUNTER_CAP, &r);
	if (st != WARDEN_OK || r.x[0] != 0)
		return -1;
	return (s64)(u32)r.x[1];
}

static void expect_count(const char *name, u32 fid, s64 want, const char *what)
{
	s64 got = reached(fid);
	check(got == want, name, "EL3 saw %ld calls of 0x%x, want %ld (%s)", got, fid, want, what);
}

int main(void)
{
	u64 polls = 0;
	s64 done;

	w_puts("vmcheck: waiting for both guests to finish\n");
	while ((done = reached(SIP_CALL_COUNT)) >= 0 && done < GUESTS && polls++ < MAX_POLLS)
		w_yield();
	if (!check(done == GUESTS, "vmcheck-both-guests-finished",
		   "%ld of %d guests finished after %lu polls", done, GUESTS, polls)) {
		w_puts("[DONE]\n");
		return 1;
	}
	w_printf("vmcheck: both guests finished (%lu polls)\n", polls);
	expect_count("el3-trng-version-calls-are-guest-a-s", TRNG_VERSION, 2,
		     "guest-a's smc and hvc; guest-b denied; reserved immediates refused");
	u64 isar0;
	__asm__ volatile("mrs %0, id_aa64isar0_el1" : "=r"(isar0));
	bool rng = ((isar0 >> 60) & 0xf) != 0;
	expect_count("el3-trng-rnd64-calls-are-guest-a-s", TRNG_RND64, 2 + 2 * (rng ? 3 : 1),
		     rng ? "guest-a's smc and hvc, its VMM's 3 seed draws at boot and at reset; "
			   "guest-b denied"
			 : "guest-a's smc and hvc, its VMM's refused seed draw at boot and at "
			   "reset; guest-b denied");
	expect_count("el3-trng-rnd32-none", TRNG_RND32, 0, "no guest made one");
	expect_count("el3-trng-features-none", TRNG_FEATURES, 0, "no guest made one");
	expect_count("el3-sip-uid-none", SIP_UID, 0, "denied to both guests");
	expect_count("el3-psci-cpu-on-none", PSCI_CPU_ON64, 0, "the VMMs emulate PSCI");
	expect_count("el3-psci-system-reset-none", PSCI_SYSTEM_RESET, 0, "the VMMs emulate PSCI");
	expect_count("el3-sip-call-count-beacons", SIP_CALL_COUNT, GUESTS, "one per guest");
	w_puts("[DONE]\n");
	return check_failures ? 1 : 0;
}
