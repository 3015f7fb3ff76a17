/* System test of the SMC capability (issue 5): what the kernel lets through and what it
 * refuses, checked against the monitor's own call counters, so "refused" means "never reached
 * the secure world". Capabilities (tests/system/smc-cap.xml): */
#include <warden/check.h>
#include <warden/sip.h>
#include <warden/smccc.h>
#include <warden/warden.h>

#define CNODE 1
#define FULL 2	  /* [0, 0xff00ffff]: every function ID, seL4's "badge 0" */
#define TRNG32 3  /* service "trng": SMC32 range */
#define TRNG64 4  /*                 SMC64 range */
#define PEER_EP 6 /* endpoint to smcpeer, with grant */
#define EMPTY 7	  /* never filled */
#define NARROW 10 /* minted children */
#define SINGLE 11
#define INTERMEDIATE 12
#define DELEGATED 13
#define SCRATCH 14

void smc11_raw(const u64 in[18], u64 out[18]);

static bool on_warden;

static long smc(u64 cap, u64 x0, u64 x1, struct smc_regs *r)
{
	for (int i = 0; i < 18; i++)
		r->x[i] = 0;
	r->x[0] = x0;
	r->x[1] = x1;
	return w_smc_call(cap, r);
}

/* How many calls with this function ID reached EL3 (the monitor counts on entry). */
static u64 reached(u32 fid)
{
	struct smc_regs r;

	if (!on_warden)
		return 0;
	smc(FULL, SIP_CALL_COUNTER_GET, fid, &r);
	return r.x[1];
}

/* Calls fid through cap and checks it was refused with `want` and never reached EL3. */
static void expect_refused(const char *name, u64 cap, u64 x0, long want)
{
	struct smc_regs r;
	u64 before = reached((u32)x0);
	long st = smc(cap, x0, 0, &r);
	u64 after = reached((u32)x0);

	check(st == want && after == before && r.x[0] == x0, name,
	      "status %s (want %s), EL3 saw %lu new calls, x0 now 0x%lx", w_strerror(st),
	      w_strerror(want), after - before, r.x[0]);
}

/* Calls fid through cap, checks it succeeded, reached EL3 exactly once, and returns x0. */
static u64 expect_reaches(const char *name, u64 cap, u64 x0, u64 x1, u64 want_x0)
{
	struct smc_regs r;
	u64 before = reached((u32)x0);
	long st = smc(cap, x0, x1, &r);
	u64 after = reached((u32)x0);

	check(st == WARDEN_OK && r.x[0] == want_x0 && (!on_warden || after == before + 1), name,
	      "status %s, x0 0x%lx (want 0x%lx), EL3 saw %lu calls", w_strerror(st), r.x[0],
	      want_x0, after - before);
	return r.x[0];
}

static bool cpu_has_rng(void)
{
	u64 isar0;
	__asm__("mrs %0, id_aa64isar0_el1" : "=r"(isar0));
	return ((isar0 >> 60) & 0xf) != 0;
}

static void test_refusals_without_a_capability(void)
{
	expect_refused("smc-empty-slot", EMPTY, SMCCC_VERSION, WARDEN_INVALID_CAP);
	expect_refused("smc-slot-out-of-range", 4096, SMCCC_VERSION, WARDEN_INVALID_CAP);
	expect_refused("smc-on-endpoint-cap", PEER_EP, SMCCC_VERSION, WARDEN_ILLEGAL_OPERATION);
	expect_refused("smc-on-cnode-cap", CNODE, SMCCC_VERSION, WARDEN_ILLEGAL_OPERATION);
}

static void test_full_range(void)
{
	struct smc_regs r;

	expect_reaches("full-range-psci-version", FULL, PSCI_VERSION, 0, PSCI_VERSION_1_1);
	if (on_warden) {
		expect_reaches("full-range-smccc-version", FULL, SMCCC_VERSION, 0,
			       SMCCC_VERSION_1_2);
		expect_reaches("full-range-psci-features", FULL, PSCI_FEATURES, SMCCC_VERSION, 0);
		u64 trng = cpu_has_rng() ? TRNG_VERSION_1_0 : (u64)(s64)SMCCC_NOT_SUPPORTED;
		expect_reaches("full-range-trng-version", FULL, TRNG_VERSION, 0, trng);
		smc(FULL, SIP_UID, 0, &r);
		check(r.x[0] == SIP_UID_W0 && r.x[1] == SIP_UID_W1 && r.x[2] == SIP_UID_W2 &&
			  r.x[3] == SIP_UID_W3,
		      "full-range-sip-uid", "UID %lx %lx %lx %lx", r.x[0], r.x[1], r.x[2], r.x[3]);
		/* -1 comes back as 64 bits of ones, not truncated. */
		expect_reaches("full-range-unknown-id-minus-one", FULL, 0x8200fe00, 0,
			       (u64)(s64)SMCCC_NOT_SUPPORTED);
	}
}

static void test_narrowed(void)
{
	long st = w_cnode_mint_smc(CNODE, NARROW, FULL, TRNG_VERSION, TRNG_RND32);
	check(st == WARDEN_OK, "mint-narrow-to-trng", "%s", w_strerror(st));
	if (on_warden) {
		u64 trng = cpu_has_rng() ? TRNG_VERSION_1_0 : (u64)(s64)SMCCC_NOT_SUPPORTED;
		expect_reaches("narrow-trng-version", NARROW, TRNG_VERSION, 0, trng);
	}
	expect_refused("narrow-refuses-psci", NARROW, PSCI_VERSION, WARDEN_RANGE_ERROR);
	expect_refused("narrow-refuses-sip", NARROW, SIP_UID, WARDEN_RANGE_ERROR);
	expect_refused("narrow-refuses-trng-rnd64", NARROW, TRNG_RND64, WARDEN_RANGE_ERROR);
	expect_refused("narrow-refuses-next-id", NARROW, TRNG_RND32 + 1, WARDEN_RANGE_ERROR);
	/* The SVE hint (bit 16) names the same function and widens nothing. */
	if (on_warden) {
		u64 trng = cpu_has_rng() ? TRNG_VERSION_1_0 : (u64)(s64)SMCCC_NOT_SUPPORTED;
		struct smc_regs r;
		long s2 = smc(NARROW, TRNG_VERSION | SMCCC_SVE_HINT, 0, &r);
		check(s2 == WARDEN_OK && r.x[0] == trng, "sve-hint-same-function",
		      "status %s x0 0x%lx", w_strerror(s2), r.x[0]);
	}
	expect_refused("sve-hint-does-not-widen", NARROW, PSCI_VERSION | SMCCC_SVE_HINT,
		       WARDEN_RANGE_ERROR);
	/* Upper 32 bits of x0 must be zero. */
	expect_refused("upper-bits-refused", FULL, 0x100000000ull | SMCCC_VERSION,
		       WARDEN_RANGE_ERROR);
	expect_refused("all-ones-upper-refused", FULL, 0xffffffff00000000ull | SMCCC_VERSION,
		       WARDEN_RANGE_ERROR);

	st = w_cnode_mint_smc(CNODE, SINGLE, NARROW, TRNG_VERSION, TRNG_VERSION);
	check(st == WARDEN_OK, "mint-single-id", "%s", w_strerror(st));
	if (on_warden) {
		u64 trng = cpu_has_rng() ? TRNG_VERSION_1_0 : (u64)(s64)SMCCC_NOT_SUPPORTED;
		expect_reaches("single-id-allowed", SINGLE, TRNG_VERSION, 0, trng);
	}
	expect_refused("single-id-refuses-neighbour", SINGLE, TRNG_FEATURES, WARDEN_RANGE_ERROR);

	/* Mint may only narrow: wider, inverted, disjoint and 33-bit ranges fail. */
	st = w_cnode_mint_smc(CNODE, SCRATCH, NARROW, TRNG_VERSION - 1, TRNG_RND32);
	check(st == WARDEN_RANGE_ERROR, "mint-wider-refused", "%s", w_strerror(st));
	st = w_cnode_mint_smc(CNODE, SCRATCH, NARROW, TRNG_RND32, TRNG_VERSION);
	check(st == WARDEN_RANGE_ERROR, "mint-inverted-refused", "%s", w_strerror(st));
	st = w_cnode_mint_smc(CNODE, SCRATCH, NARROW, PSCI_VERSION, PSCI_VERSION);
	check(st == WARDEN_RANGE_ERROR, "mint-disjoint-refused", "%s", w_strerror(st));
	u64 a[5] = {SCRATCH, NARROW, 0, 0x100000000ull | TRNG_VERSION, TRNG_RND32};
	st = w_invoke(CNODE, CNODE_MINT, a, 5, NULL, 0);
	check(st == WARDEN_RANGE_ERROR, "mint-33-bit-refused", "%s", w_strerror(st));
	/* Bounds with bit 16 (matched away) or bits 23:17 (must be zero) set name no range. */
	st = w_cnode_mint_smc(CNODE, SCRATCH, FULL, TRNG_VERSION | SMCCC_SVE_HINT,
			      TRNG_VERSION | SMCCC_SVE_HINT);
	check(st == WARDEN_RANGE_ERROR, "mint-bit16-bound-refused", "%s", w_strerror(st));
	st = w_cnode_mint_smc(CNODE, SCRATCH, FULL, TRNG_VERSION, 0x84020000);
	check(st == WARDEN_RANGE_ERROR, "mint-mbz-bound-refused", "%s", w_strerror(st));
	u64 d[3];
	w_cnode_describe(CNODE, SCRATCH, d);
	check(d[0] == CAP_NULL, "refused-mints-leave-slot-empty", "slot holds type %lu", d[0]);

	/* FULL's grant accepted the hazards: a child over CPU_ON inherits the mark (the mint
	 * succeeds; nothing invokes it). The TRNG grant accepted none, and covers none. */
	st = w_cnode_mint_smc(CNODE, SCRATCH, FULL, PSCI_CPU_ON, PSCI_CPU_ON);
	check(st == WARDEN_OK, "mint-hazard-from-marked-cap", "%s", w_strerror(st));
	w_cnode_delete(CNODE, SCRATCH);
	/* A fast ID with bits 23:17 set is no function: FULL spans it, and refuses it. */
	expect_refused("malformed-fast-id-refused", FULL, 0x82020000, WARDEN_RANGE_ERROR);

	/* Boot capabilities are independent: the service's two ranges are separate roots. */
	expect_refused("trng32-cap-refuses-rnd64", TRNG32, TRNG_RND64, WARDEN_RANGE_ERROR);
	st = w_cnode_mint_smc(CNODE, SCRATCH, TRNG32, TRNG_RND64, TRNG_RND64);
	check(st == WARDEN_RANGE_ERROR, "boot-caps-independent", "%s", w_strerror(st));

	/* Revoking the parent removes the children at once. */
	st = w_cnode_revoke(CNODE, NARROW);
	check(st == WARDEN_OK, "revoke-narrow", "%s", w_strerror(st));
	expect_refused("child-fails-after-revoke", SINGLE, TRNG_VERSION, WARDEN_INVALID_CAP);
	w_cnode_delete(CNODE, NARROW);
}

static void test_registers(void)
{
	struct smc_regs r;
	bool ok = true;

	if (!on_warden)
		return;
	/* 1.2 form: x1..x17 go in and come back transformed. */
	for (int i = 0; i < 18; i++)
		r.x[i] = 0x1000 * (u64)i + 0xa5a5a5a500000000ull;
	r.x[0] = SIP_REG_TEST64;
	long st = w_smc_call_ext(FULL, &r);
	for (int i = 1; i < 18; i++) {
		u64 in = 0x1000 * (u64)i + 0xa5a5a5a500000000ull;
		if (r.x[i] != (~in ^ ((u64)i * SIP_REG_TEST_STEP))) {
			ok = false;
			check(false, "smc12-register-transfer", "x%d = 0x%lx", i, r.x[i]);
			break;
		}
	}
	if (ok)
		check(st == WARDEN_OK && r.x[0] == 0, "smc12-register-transfer", "status %s x0 %lx",
		      w_strerror(st), r.x[0]);

	/* 1.1 form: exactly x0..x7 cross; x8 = status; x9..x17 keep the caller's values. */
	u64 in[18], out[18];
	for (int i = 0; i < 18; i++)
		in[i] = 0x5a5a000000000000ull + (u64)i;
	in[0] = SIP_REG_TEST64;
	in[8] = FULL;
	smc11_raw(in, out);
	ok = out[0] == 0 && out[8] == WARDEN_OK;
	for (int i = 1; i < 8; i++)
		ok = ok && out[i] == (~in[i] ^ ((u64)i * SIP_REG_TEST_STEP));
	for (int i = 9; i < 18; i++)
		ok = ok && out[i] == in[i];
	check(ok, "smc11-exactly-x0-x7", "x0 %lx x1 %lx x7 %lx x8 %lx x9 %lx x17 %lx", out[0],
	      out[1], out[7], out[8], out[9], out[17]);
	/* A refused 1.1 call changes only x8. */
	in[0] = PSCI_VERSION;
	in[8] = TRNG32;
	smc11_raw(in, out);
	ok = out[8] == WARDEN_RANGE_ERROR;
	for (int i = 0; i < 18; i++)
		ok = ok && (i == 8 || out[i] == in[i]);
	check(ok, "smc11-refusal-changes-only-status", "x8 %lx x0 %lx", out[8], out[0]);
	/* SMC32 register test: the monitor looks at the low 32 bits only. */
	smc(FULL, SIP_REG_TEST, 0xffffffff00000001ull, &r);
	check(r.x[1] == (u32)(~1u ^ (u32)SIP_REG_TEST_STEP), "smc32-low-bits-only", "x1 %lx",
	      r.x[1]);
}

/* A capability delegated over IPC works in the receiver and stops when the delegator revokes
 * the intermediate it was derived from. */
static void test_delegation(void)
{
	struct msg m;
	long st = w_cnode_mint_smc(CNODE, INTERMEDIATE, FULL, PSCI_VERSION, PSCI_VERSION);
	st |= w_cnode_copy(CNODE, DELEGATED, INTERMEDIATE);
	check(st == WARDEN_OK, "delegation-setup", "%s", w_strerror(st));

	warden_ipc_buffer[IPCBUF_CAPS] = DELEGATED;
	m.info = MSG_INFO(1, 1, 0);
	st = w_call(PEER_EP, &m);
	check(st == WARDEN_OK && m.mr[0] == WARDEN_OK && m.mr[1] == PSCI_VERSION_1_1 &&
		  m.mr[2] == 1,
	      "delegated-cap-works-in-receiver", "call %s, peer status %lu x0 0x%lx caps %lu",
	      w_strerror(st), m.mr[0], m.mr[1], m.mr[2]);

	st = w_cnode_revoke(CNODE, INTERMEDIATE);
	check(st == WARDEN_OK, "revoke-intermediate", "%s", w_strerror(st));
	m.info = MSG_INFO(2, 0, 0);
	st = w_call(PEER_EP, &m);
	check(st == WARDEN_OK && m.mr[0] == WARDEN_INVALID_CAP, "delegated-cap-revoked",
	      "call %s, peer status %s", w_strerror(st), w_strerror((long)m.mr[0]));
	expect_refused("own-copy-revoked-too", DELEGATED, PSCI_VERSION, WARDEN_INVALID_CAP);
	/* The intermediate itself stays usable. */
	expect_reaches("intermediate-still-works", INTERMEDIATE, PSCI_VERSION, 0, PSCI_VERSION_1_1);
}

/* What the firmware answers, printed for the harness to compare with its per-firmware table
 * (tests/firmwares.py): the component does not decide what is right. */
static void report_answers(void)
{
	static const struct {
		const char *name;
		u64 x0, x1;
	} q[] = {
	    {"SMCCC_VERSION", SMCCC_VERSION, 0},
	    {"PSCI_VERSION", PSCI_VERSION, 0},
	    {"PSCI_FEATURES(SMCCC_VERSION)", PSCI_FEATURES, SMCCC_VERSION},
	    {"TRNG_VERSION", TRNG_VERSION, 0},
	    {"ARCH_FEATURES(SOC_ID)", SMCCC_ARCH_FEATURES, SMCCC_ARCH_SOC_ID},
	    {"SIP_UID", SIP_UID, 0},
	};
	struct smc_regs r;

	for (unsigned i = 0; i < sizeof(q) / sizeof(q[0]); i++) {
		long st = smc(FULL, q[i].x0, q[i].x1, &r);
		w_printf("smctest: answer %s = 0x%lx (%s)\n", q[i].name, r.x[0], w_strerror(st));
	}
}

int main(void)
{
	struct smc_regs r;

	report_answers();

	smc(FULL, SIP_UID, 0, &r);
	on_warden = r.x[0] == SIP_UID_W0 && r.x[1] == SIP_UID_W1;
	w_printf("smctest: firmware: %s\n", on_warden ? "warden" : "other");
	if (!on_warden) {
		long st = smc(FULL, PSCI_VERSION, 0, &r);
		check(st == WARDEN_OK && r.x[0] >= 0x10000 && r.x[0] != (u64)-1,
		      "firmware-answers-psci-version", "status %s x0 0x%lx", w_strerror(st),
		      r.x[0]);
		w_printf("smctest: PSCI_VERSION from the firmware: %lu.%lu\n", r.x[0] >> 16,
			 r.x[0] & 0xffff);
	} else {
		smc(FULL, SIP_CALL_COUNTER_RESET, 0, &r);
	}
	test_refusals_without_a_capability();
	test_full_range();
	test_narrowed();
	test_registers();
	test_delegation();
	w_printf("smctest: %d failures\n[DONE]\n", check_failures);
	return check_failures;
}
