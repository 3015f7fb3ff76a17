/* System test of the SMC broker (issue 7, tests/system/broker.xml): allow, deny, malformed
 * requests, delegation, revocation of one client leaving the other's delegation intact, two
 * clients interleaving, and the broker's per-client counts against the monitor's call
 * counters (which count every SMC that reaches EL3, so "refused" means "never reached it"). */
#include <warden/broker_client.h>
#include <warden/check.h>
#include <warden/sip.h>
#include <warden/smccc.h>

#include "shared.h"

#define CNODE 1
#define BROKER 2   /* client-a, badge 1 */
#define ADMIN 3	   /* badge BROKER_ADMIN_BADGE */
#define STRANGER 4 /* a badge the broker does not know */
#define TO_B 5
#define TO_A 6
#define COUNTER 7	  /* SMC capability for SIP_CALL_COUNTER_GET only */
#define DELEGATED 30	  /* [SIP_UID] from the broker */
#define DELEGATED_TRNG 31 /* [TRNG_VERSION] from the broker */
#define BADGE_A 1
#define BADGE_B 2
#define MINUS_ONE ((u64)(s64)SMCCC_NOT_SUPPORTED)
#define ROUNDS 5

/* How many calls with this function ID reached EL3. */
static u64 reached(u32 fid)
{
	struct smc_regs r = {{SIP_CALL_COUNTER_GET, fid}};

	if (w_smc_call(COUNTER, &r) != WARDEN_OK || r.x[0] != 0)
		w_printf("broker-test-a: counter query failed\n");
	return r.x[1];
}

static u64 forwarded(u64 badge)
{
	u64 f = 0;

	w_broker_stats(ADMIN, badge, &f, NULL);
	return f;
}

static const char *bname(long st)
{
	static const char *const n[] = {"OK",	     "NOT_IN_POLICY", "REVOKED",
					"MALFORMED", "NO_CAPABILITY", "DENIED"};
	return st >= 0 && st < 6 ? n[st] : "(IPC failed)";
}

/* A raw request: label, len registers from mr; returns the reply's MR0 (the broker status),
 * *x0 its MR1. */
static long raw(u64 ep, u64 label, u32 len, const u64 *mr, u64 *x0)
{
	struct msg m;

	m.info = MSG_INFO(label, 0, len);
	for (u32 i = 0; i < len; i++)
		m.mr[i] = mr[i];
	if (w_call(ep, &m) != WARDEN_OK || MSG_LEN(m.info) < 2)
		return -1;
	*x0 = m.mr[1];
	return (long)m.mr[0];
}

static bool has_rng(void)
{
	u64 v;
	__asm__("mrs %0, id_aa64isar0_el1" : "=r"(v));
	return (v >> 60) & 0xf;
}

static void test_allow(void)
{
	struct smc_regs r = {{SIP_UID}};
	long bst = -1;
	u64 before = reached(SIP_UID), fa = forwarded(BADGE_A);
	long st = w_broker_call(BROKER, &r, &bst);

	check(st == WARDEN_OK && bst == BROKER_OK && r.x[0] == SIP_UID_W0 && r.x[1] == SIP_UID_W1 &&
		  r.x[2] == SIP_UID_W2 && r.x[3] == SIP_UID_W3 && reached(SIP_UID) == before + 1 &&
		  forwarded(BADGE_A) == fa + 1,
	      "broker-allow", "ipc %s broker %s x0 0x%lx, EL3 saw %lu", w_strerror(st), bname(bst),
	      r.x[0], reached(SIP_UID) - before);

	/* The 1.2 form: x1..x17 go through the broker and come back transformed. */
	for (int i = 0; i < 18; i++)
		r.x[i] = 0xa5a5000000000000ull + (u64)i;
	r.x[0] = SIP_REG_TEST64;
	st = w_broker_call_ext(BROKER, &r, &bst);
	bool ok = st == WARDEN_OK && bst == BROKER_OK && r.x[0] == 0;
	for (int i = 1; i < 18; i++)
		ok = ok &&
		     r.x[i] == (~(0xa5a5000000000000ull + (u64)i) ^ ((u64)i * SIP_REG_TEST_STEP));
	check(ok, "broker-allow-smccc-1.2", "ipc %s broker %s x0 0x%lx x17 0x%lx", w_strerror(st),
	      bname(bst), r.x[0], r.x[17]);

	/* A service name in the policy; the monitor answers -1 without FEAT_RNG, but the call
	 * still went through. */
	r = (struct smc_regs){{TRNG_VERSION}};
	before = reached(TRNG_VERSION);
	st = w_broker_call(BROKER, &r, &bst);
	check(st == WARDEN_OK && bst == BROKER_OK &&
		  r.x[0] == (has_rng() ? TRNG_VERSION_1_0 : MINUS_ONE) &&
		  reached(TRNG_VERSION) == before + 1,
	      "broker-allow-service", "broker %s x0 0x%lx", bname(bst), r.x[0]);

	/* The SVE hint names the same function. */
	r = (struct smc_regs){{SIP_REVISION | SMCCC_SVE_HINT}};
	st = w_broker_call(BROKER, &r, &bst);
	check(st == WARDEN_OK && bst == BROKER_OK && r.x[0] == SIP_REVISION_MAJOR,
	      "broker-allow-sve-hint", "broker %s x0 0x%lx", bname(bst), r.x[0]);
}

/* A call the broker must refuse with want, without reaching EL3; x1 must stay as it was. */
static void expect_denied(const char *name, u64 ep, u64 x0, long want)
{
	struct smc_regs r = {{x0, 0x1234}};
	long bst = -1;
	u64 before = reached((u32)x0);
	long st = w_broker_call(ep, &r, &bst);
	u64 after = reached((u32)x0);

	check(st == WARDEN_OK && bst == want && r.x[0] == MINUS_ONE && r.x[1] == 0x1234 &&
		  after == before,
	      name, "broker %s (want %s), x0 0x%lx, EL3 saw %lu", bname(bst), bname(want), r.x[0],
	      after - before);
}

static void test_deny(void)
{
	/* The broker holds PSCI_VERSION and the key derivation, but client-a may call neither. */
	expect_denied("broker-deny-not-in-policy", BROKER, PSCI_VERSION, BROKER_NOT_IN_POLICY);
	expect_denied("broker-deny-held-by-broker", BROKER, SIP_DERIVE_KEY64, BROKER_NOT_IN_POLICY);
	expect_denied("broker-deny-other-clients-id", BROKER, SIP_CALL_COUNT, BROKER_NOT_IN_POLICY);
	expect_denied("broker-deny-upper-bits", BROKER, 0x100000000ull | SIP_UID,
		      BROKER_NOT_IN_POLICY);
	expect_denied("broker-unknown-badge", STRANGER, SIP_UID, BROKER_MALFORMED);
}

static void test_malformed(void)
{
	u64 mr[18] = {SIP_UID}, x0 = 0, before = reached(SIP_UID);
	long st;

	st = raw(BROKER, 42, 8, mr, &x0);
	check(st == BROKER_MALFORMED && x0 == MINUS_ONE, "malformed-unknown-label", "%s",
	      bname(st));
	st = raw(BROKER, BROKER_SMC, 3, mr, &x0);
	check(st == BROKER_MALFORMED && x0 == MINUS_ONE, "malformed-short-smc", "%s", bname(st));
	st = raw(BROKER, BROKER_SMC_EXT, 8, mr, &x0);
	check(st == BROKER_MALFORMED, "malformed-short-smc-ext", "%s", bname(st));
	st = raw(BROKER, BROKER_SMC, 0, mr, &x0);
	check(st == BROKER_MALFORMED, "malformed-empty", "%s", bname(st));
	check(reached(SIP_UID) == before, "malformed-never-reach-el3", "EL3 saw %lu",
	      reached(SIP_UID) - before);
	st = raw(BROKER, BROKER_DELEGATE, 1, mr, &x0);
	check(st == BROKER_MALFORMED, "malformed-short-delegate", "%s", bname(st));
	u64 inverted[2] = {SIP_REVISION, SIP_UID};
	st = raw(BROKER, BROKER_DELEGATE, 2, inverted, &x0);
	check(st == BROKER_MALFORMED, "malformed-inverted-delegate", "%s", bname(st));
	st = w_broker_revoke(BROKER, BADGE_B);
	check(st == BROKER_DENIED, "revoke-by-client-denied", "%s", bname(st));
	st = w_broker_revoke(ADMIN, 0x77);
	check(st == BROKER_MALFORMED, "revoke-unknown-client", "%s", bname(st));
}

static struct msg ask_b(u64 cmd, u64 arg)
{
	struct msg m = {.info = MSG_INFO(cmd, 0, 1), .mr = {arg}};

	w_send(TO_B, &m);
	w_recv(TO_A, &m);
	return m;
}

static void test_delegation(void)
{
	struct smc_regs r = {{SIP_UID}};
	u64 d[3], before = reached(SIP_UID), fa = forwarded(BADGE_A);
	long st = w_broker_delegate(BROKER, SIP_UID, SIP_UID, DELEGATED);

	check(st == BROKER_OK, "delegate", "%s", bname(st));
	w_cnode_describe(CNODE, DELEGATED, d);
	check(d[0] == CAP_SMC && d[2] == (SIP_UID | (u64)SIP_UID << 32), "delegated-cap-range",
	      "type %lu range 0x%lx", d[0], d[2]);
	st = w_smc_call(DELEGATED, &r);
	check(st == WARDEN_OK && r.x[0] == SIP_UID_W0 && reached(SIP_UID) == before + 1,
	      "delegated-cap-works", "%s x0 0x%lx", w_strerror(st), r.x[0]);
	check(forwarded(BADGE_A) == fa, "delegated-cap-bypasses-broker", "broker counted %lu",
	      forwarded(BADGE_A) - fa);
	r = (struct smc_regs){{SIP_REVISION}};
	st = w_smc_call(DELEGATED, &r);
	check(st == WARDEN_RANGE_ERROR, "delegated-cap-is-reduced", "%s", w_strerror(st));

	st = w_broker_delegate(BROKER, SIP_CALL_COUNT, SIP_UID, DELEGATED_TRNG);
	w_cnode_describe(CNODE, DELEGATED_TRNG, d);
	check(st == BROKER_NOT_IN_POLICY && d[0] == CAP_NULL, "delegate-outside-policy", "%s",
	      bname(st));
	st = w_broker_delegate(BROKER, SIP_UID, SIP_UID, DELEGATED);
	check(st == -WARDEN_INVALID_CAP, "delegate-into-occupied-slot", "%ld", st);
	st = w_broker_delegate(BROKER, TRNG_VERSION, TRNG_VERSION, DELEGATED_TRNG);
	r = (struct smc_regs){{TRNG_VERSION}};
	check(st == BROKER_OK && w_smc_call(DELEGATED_TRNG, &r) == WARDEN_OK,
	      "delegate-second-range", "%s", bname(st));

	struct msg b = ask_b(CMD_DELEGATE, 0);
	check(b.mr[0] == BROKER_OK && b.mr[1] == WARDEN_OK && b.mr[2] == 0, "b-delegate",
	      "broker %s, smc %s, x0 0x%lx", bname((long)b.mr[0]), w_strerror((long)b.mr[1]),
	      b.mr[2]);
}

static void test_revocation(void)
{
	struct smc_regs r = {{SIP_UID}};
	u64 d[3], before;
	long st = w_broker_revoke(ADMIN, BADGE_A);

	check(st == BROKER_OK, "revoke-client-a", "%s", bname(st));
	before = reached(SIP_UID);
	st = w_smc_call(DELEGATED, &r);
	w_cnode_describe(CNODE, DELEGATED, d);
	check(st == WARDEN_INVALID_CAP && d[0] == CAP_NULL && reached(SIP_UID) == before,
	      "revoked-cap-gone", "%s, slot type %lu", w_strerror(st), d[0]);
	r = (struct smc_regs){{TRNG_VERSION}};
	st = w_smc_call(DELEGATED_TRNG, &r);
	check(st == WARDEN_INVALID_CAP, "revoked-every-range", "%s", w_strerror(st));

	struct msg b = ask_b(CMD_USE, 0);
	check(b.mr[1] == WARDEN_OK && b.mr[2] == 0, "revoke-a-leaves-b-delegation",
	      "b's delegated capability: %s x0 0x%lx", w_strerror((long)b.mr[1]), b.mr[2]);

	st = w_broker_delegate(BROKER, SIP_UID, SIP_UID, DELEGATED);
	w_cnode_describe(CNODE, DELEGATED, d);
	check(st == BROKER_REVOKED && d[0] == CAP_NULL, "revoked-client-no-new-delegation", "%s",
	      bname(st));
	r = (struct smc_regs){{SIP_UID}};
	long bst = -1;
	st = w_broker_call(BROKER, &r, &bst);
	check(st == WARDEN_OK && bst == BROKER_OK && r.x[0] == SIP_UID_W0,
	      "revoked-client-ipc-fallback", "broker %s", bname(bst));
}

static void test_interleave_and_counters(void)
{
	u64 fa0 = forwarded(BADGE_A), fb0 = forwarded(BADGE_B);
	u64 inc0 = reached(SIP_MONOTONIC_INCREMENT64), psci0 = reached(PSCI_VERSION);
	u64 seen[2 * INTERLEAVE_MAX], nseen = 0;
	struct msg m = {.info = MSG_INFO(CMD_INTERLEAVE, 0, 1), .mr = {ROUNDS}};
	struct smc_regs r;
	long bst;

	ORDER->n = 0;
	w_send(TO_B, &m);
	for (int i = 0; i < ROUNDS; i++) {
		r = (struct smc_regs){{SIP_MONOTONIC_INCREMENT64, SHARED_COUNTER}};
		if (w_broker_call(BROKER, &r, &bst) == WARDEN_OK && bst == BROKER_OK &&
		    r.x[0] == 0) {
			seen[nseen++] = r.x[1];
			order_append('A');
		}
		r = (struct smc_regs){{PSCI_VERSION}};
		w_broker_call(BROKER, &r, &bst);
		w_yield();
	}
	w_recv(TO_A, &m);
	for (u64 i = 0; i < m.mr[0] && nseen < 2 * INTERLEAVE_MAX; i++)
		seen[nseen++] = m.mr[1 + i];

	u32 n = ORDER->n, switches = 0;
	char text[2 * INTERLEAVE_MAX + 1];
	for (u32 i = 0; i < n && i < 2 * INTERLEAVE_MAX; i++) {
		text[i] = ORDER->who[i];
		if (i && ORDER->who[i] != ORDER->who[i - 1])
			switches++;
	}
	text[n < 2 * INTERLEAVE_MAX ? n : 2 * INTERLEAVE_MAX] = 0;
	w_printf("broker-test-a: order in which the broker served the clients: %s\n", text);
	check(nseen == 2 * ROUNDS && n == 2 * ROUNDS, "interleave-all-served",
	      "%lu values, %u served", nseen, n);
	check(switches >= ROUNDS, "interleave-alternates", "order %s", text);
	/* Both incremented one counter in the secure world: each value once, 1.. 2 * ROUNDS
	 * above where it started. */
	u64 lo = ~0ull, hi = 0;
	bool distinct = true;
	for (u64 i = 0; i < nseen; i++) {
		lo = seen[i] < lo ? seen[i] : lo;
		hi = seen[i] > hi ? seen[i] : hi;
		for (u64 j = 0; j < i; j++)
			distinct = distinct && seen[i] != seen[j];
	}
	check(distinct && hi - lo == nseen - 1, "interleave-one-secure-counter",
	      "values %lu..%lu, distinct %d", lo, hi, distinct);

	u64 fa = forwarded(BADGE_A) - fa0, fb = forwarded(BADGE_B) - fb0;
	u64 inc = reached(SIP_MONOTONIC_INCREMENT64) - inc0, psci = reached(PSCI_VERSION) - psci0;
	w_printf("broker-test-a: broker forwarded %lu (client-a) + %lu (client-b); "
		 "EL3 counted %lu increments, %lu PSCI_VERSION\n",
		 fa, fb, inc, psci);
	check(fa == ROUNDS && fb == ROUNDS && inc == fa + fb && psci == 0,
	      "counters-agree-with-broker", "broker %lu + %lu, EL3 %lu and %lu", fa, fb, inc, psci);
}

int main(void)
{
	test_allow();
	test_deny();
	test_malformed();
	test_delegation();
	test_revocation();
	test_interleave_and_counters();
	struct msg m = {.info = MSG_INFO(CMD_EXIT, 0, 0)};
	w_send(TO_B, &m);
	w_printf("broker-test-a: all checks ran, %d failed\n", check_failures);
	return check_failures != 0;
}
