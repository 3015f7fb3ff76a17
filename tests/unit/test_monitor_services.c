/* Host tests of the monitor's portable core: SMC dispatch and function-ID decoding, the call
 * counters, PSCI CPU states, TRNG bit packing, SipHash-2-4 and the SiP service. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "monitor.h"
#include "call_counter.h"
#include "psci.h"
#include "sip.h"
#include "siphash.h"
#include "trng.h"

/* --- fake platform ------------------------------------------------------------------------- */

static u64 entropy_next;
static int entropy_failures; /* fail this many reads first; < 0: always */
static jmp_buf noreturn_jmp;
static int noreturn_called; /* 1 cpu_off, 2 system_off, 3 system_reset */
static int woken = -1, standby_calls;

bool plat_entropy64(u64 *out)
{
	if (entropy_failures != 0) {
		if (entropy_failures > 0)
			entropy_failures--;
		return false;
	}
	*out = entropy_next;
	entropy_next += 0x1111111111111111ull;
	return true;
}

void plat_cpu_wake(unsigned cpu)
{
	woken = (int)cpu;
}

void plat_cpu_standby(void)
{
	standby_calls++;
}

void plat_cpu_off(unsigned cpu)
{
	noreturn_called = 1;
	longjmp(noreturn_jmp, 1);
}

void plat_system_off(void)
{
	noreturn_called = 2;
	longjmp(noreturn_jmp, 1);
}

void plat_system_reset(void)
{
	noreturn_called = 3;
	longjmp(noreturn_jmp, 1);
}

static int setup(void **state)
{
	memset(&platform, 0, sizeof(platform));
	platform.ns_dram_base = 0x40000000;
	platform.ns_dram_end = 0x60000000;
	for (unsigned i = 0; i < 4; i++) {
		platform.cpu_mpidr[i] = i;
		platform.cpu_present |= 1u << i;
	}
	platform.has_rng = true;
	psci_init(0);
	call_counter_reset(&call_counters);
	memset(&sip_state, 0, sizeof(sip_state));
	sip_init(&sip_state, false);
	entropy_next = 0x0123456789abcdefull;
	entropy_failures = 0;
	noreturn_called = 0;
	woken = -1;
	standby_calls = 0;
	return 0;
}

/* A frame with x1..x17 = a pattern, then dispatched on CPU `cpu`. */
static void call_on(struct smc_frame *f, unsigned cpu, u64 fid, u64 a1, u64 a2, u64 a3)
{
	for (unsigned i = 0; i < 18; i++)
		f->x[i] = 0xabcd000000000000ull + i;
	f->x[0] = fid;
	f->x[1] = a1;
	f->x[2] = a2;
	f->x[3] = a3;
	smc_dispatch(f, cpu);
}

static s64 call(struct smc_frame *f, u64 fid, u64 a1, u64 a2, u64 a3)
{
	call_on(f, 0, fid, a1, a2, a3);
	return (s64)f->x[0];
}

/* --- dispatch ------------------------------------------------------------------------------ */

static void test_unknown_ids_untouched(void **state)
{
	const u64 ids[] = {0x8f001234u, 0x04000000u, 0x80020000u, 0xc4000040u,
			   0x8300ff00u, 0xbf00ff01u, 0xffffffffu, 0x00000000u};
	struct smc_frame f;

	for (size_t i = 0; i < ARRAY_SIZE(ids); i++) {
		call(&f, ids[i], 1, 2, 3);
		assert_int_equal((s64)f.x[0], SMCCC_NOT_SUPPORTED);
		assert_int_equal(f.x[1], 1);
		assert_int_equal(f.x[2], 2);
		assert_int_equal(f.x[3], 3);
		for (unsigned r = 4; r < 18; r++)
			assert_int_equal(f.x[r], 0xabcd000000000000ull + r);
	}
}

static void test_fid_decoding(void **state)
{
	struct smc_frame f;

	assert_int_equal(call(&f, SMCCC_VERSION, 0, 0, 0), SMCCC_VERSION_1_2);
	/* SVE hint ignored; upper x0 bits ignored; MBZ bits refused. */
	assert_int_equal(call(&f, SMCCC_VERSION | SMCCC_SVE_HINT, 0, 0, 0), SMCCC_VERSION_1_2);
	assert_int_equal(call(&f, 0xffffffff00000000ull | PSCI_VERSION, 0, 0, 0), PSCI_VERSION_1_1);
	for (unsigned bit = 17; bit <= 23; bit++)
		assert_int_equal(call(&f, PSCI_VERSION | 1u << bit, 0, 0, 0), SMCCC_NOT_SUPPORTED);
	assert_int_equal(call(&f, PSCI_VERSION & ~SMCCC_FAST_CALL, 0, 0, 0), SMCCC_NOT_SUPPORTED);
	/* SMC32: only the low 32 bits of arguments. */
	assert_int_equal(call(&f, SMCCC_ARCH_FEATURES, 0xffffffff00000000ull | SMCCC_VERSION, 0, 0),
			 0);
	assert_int_equal(call(&f, SMCCC_ARCH_FEATURES, PSCI_VERSION, 0, 0), SMCCC_NOT_SUPPORTED);
	assert_int_equal(call(&f, SMCCC_ARCH_FEATURES, SMCCC_ARCH_WORKAROUND_1, 0, 0),
			 SMCCC_NOT_SUPPORTED);
}

static void test_soc_id(void **state)
{
	struct smc_frame f;

	assert_int_equal(call(&f, SMCCC_ARCH_SOC_ID, 0, 0, 0), 4u << 24 | 0x3bu << 16 | 0x5744u);
	assert_int_equal(call(&f, SMCCC_ARCH_SOC_ID, 1, 0, 0), 1);
	assert_int_equal(call(&f, SMCCC_ARCH_SOC_ID, 2, 0, 0), SMCCC_INVALID_PARAMETER);
	assert_int_equal(call(&f, SMCCC_ARCH_SOC_ID64, 0, 0, 0), SMCCC_INVALID_PARAMETER);
	assert_int_equal(call(&f, SMCCC_ARCH_SOC_ID64, 2, 0, 0), 0);
	char name[17 * 8 + 1] = {0};
	for (unsigned i = 0; i < 17 * 8; i++)
		name[i] = (char)(f.x[1 + i / 8] >> (8 * (i % 8)));
	assert_string_equal(name, "QEMU virt (Warden monitor)");
}

/* --- call counters ------------------------------------------------------------------------- */

static void test_call_counters(void **state)
{
	struct smc_frame f;

	for (int i = 0; i < 5; i++)
		call_on(&f, (unsigned)i % 4, PSCI_VERSION, 0, 0, 0);
	call(&f, 0x8f001234u, 0, 0, 0);
	call(&f, 0x80020000u, 0, 0, 0);
	assert_int_equal(call_counter_get(&call_counters, PSCI_VERSION), 5);
	assert_int_equal(call_counter_get(&call_counters, 0x8f001234u), 1);
	assert_int_equal(call_counter_get(&call_counters, 0x80020000u), 1);
	assert_int_equal(call_counter_get(&call_counters, 0x80000000u), 0);
	/* Through the SiP query, which counts itself. */
	assert_int_equal(call(&f, SIP_CALL_COUNTER_GET, 0xffff00000000ull | PSCI_VERSION, 0, 0), 0);
	assert_int_equal(f.x[1], 5);
	call(&f, SIP_CALL_COUNTER_GET64, SIP_CALL_COUNTER_GET, 0, 0);
	assert_int_equal(f.x[1], 1);
	assert_int_equal(f.x[2], 0);
	assert_int_equal(call(&f, SIP_CALL_COUNTER_RESET, 0, 0, 0), 0);
	assert_int_equal(call_counter_get(&call_counters, PSCI_VERSION), 0);
}

/* ENUM64 walks every position: each ID that reached the monitor since the reset, with its
 * count per CPU, the walk's own calls included; nothing else is shown. */
static void test_call_counter_enum(void **state)
{
	struct smc_frame f;
	u64 seen_psci = 0, seen_odd = 0, seen_enum = 0, other = 0, positions = 0;

	assert_int_equal(call(&f, SIP_CALL_COUNTER_RESET, 0, 0, 0), 0);
	call_on(&f, 0, PSCI_VERSION, 0, 0, 0);
	call_on(&f, 3, PSCI_VERSION, 0, 0, 0);
	call_on(&f, 3, PSCI_VERSION, 0, 0, 0);
	call(&f, 0x8f00abcdu, 0, 0, 0);
	for (u64 pos = 0;; pos++) {
		if (call(&f, SIP_CALL_COUNTER_ENUM64, pos, 0, 0) != 0)
			break;
		positions = f.x[3];
		if (f.x[1] == 0)
			continue;
		assert_true(f.x[1] & CALL_COUNTER_USED);
		u32 fid = (u32)f.x[1];
		if (fid == PSCI_VERSION)
			seen_psci += f.x[2];
		else if (fid == 0x8f00abcdu)
			seen_odd += f.x[2];
		else if (fid == SIP_CALL_COUNTER_ENUM64)
			seen_enum += f.x[2];
		else
			other++;
	}
	assert_int_equal(positions, MONITOR_MAX_CPUS * CALL_COUNTER_SLOTS);
	assert_int_equal(seen_psci, 3);
	assert_int_equal(seen_odd, 1);
	assert_int_equal(other, 0);
	assert_true(seen_enum >= 1);
	assert_int_equal((s64)call(&f, SIP_CALL_COUNTER_ENUM64, positions, 0, 0),
			 SMCCC_INVALID_PARAMETER);
}

static void test_call_counter_table_full(void **state)
{
	/* More distinct IDs than one CPU's table holds: the rest are "untracked", never lost. */
	for (u32 i = 0; i < 2 * CALL_COUNTER_SLOTS; i++)
		call_counter_record(&call_counters, 1, 0x8f000000u + i);
	u64 tracked = 0;
	for (u32 i = 0; i < 2 * CALL_COUNTER_SLOTS; i++)
		tracked += call_counter_get(&call_counters, 0x8f000000u + i);
	assert_true(tracked >= CALL_COUNTER_SLOTS / 2);
	assert_int_equal(tracked + call_counter_untracked(&call_counters), 2 * CALL_COUNTER_SLOTS);
}

/* --- PSCI ---------------------------------------------------------------------------------- */

static void test_psci_cpu_on(void **state)
{
	struct smc_frame f;
	u64 entry, ctx;

	assert_int_equal(call(&f, PSCI_AFFINITY_INFO64, 1, 0, 0), PSCI_AFFINITY_OFF);
	assert_int_equal(call(&f, PSCI_CPU_ON64, 4, 0x40001000, 0), PSCI_INVALID_PARAMETERS);
	assert_int_equal(call(&f, PSCI_CPU_ON64, 1ull << 24 | 1, 0x40001000, 0),
			 PSCI_INVALID_PARAMETERS);
	assert_int_equal(call(&f, PSCI_CPU_ON64, 1, 0x3ffffffc, 0), PSCI_INVALID_ADDRESS);
	assert_int_equal(call(&f, PSCI_CPU_ON64, 1, 0x60000000, 0), PSCI_INVALID_ADDRESS);
	assert_int_equal(call(&f, PSCI_CPU_ON64, 1, 0x40001002, 0), PSCI_INVALID_ADDRESS);
	assert_int_equal(call(&f, PSCI_CPU_ON64, 0, 0x40001000, 0), PSCI_ALREADY_ON);
	assert_false(psci_take_pending(1, &entry, &ctx));

	assert_int_equal(call(&f, PSCI_CPU_ON64, 1, 0x40001000, 0x1234567890ull), PSCI_SUCCESS);
	assert_int_equal(woken, 1);
	assert_int_equal(call(&f, PSCI_AFFINITY_INFO64, 1, 0, 0), PSCI_AFFINITY_ON_PENDING);
	assert_int_equal(call(&f, PSCI_CPU_ON64, 1, 0x40001000, 0), PSCI_ON_PENDING);
	assert_true(psci_take_pending(1, &entry, &ctx));
	assert_int_equal(entry, 0x40001000);
	assert_int_equal(ctx, 0x1234567890ull);
	assert_int_equal(call(&f, PSCI_AFFINITY_INFO64, 1, 0, 0), PSCI_AFFINITY_ON);
	assert_int_equal(call(&f, PSCI_CPU_ON64, 1, 0x40001000, 0), PSCI_ALREADY_ON);
	assert_int_equal(call(&f, PSCI_AFFINITY_INFO64, 1, 1, 0), PSCI_INVALID_PARAMETERS);

	/* CPU_OFF on CPU 1 parks it; SMC32 CPU_ON uses the low halves only. */
	if (setjmp(noreturn_jmp) == 0)
		call_on(&f, 1, PSCI_CPU_OFF, 0, 0, 0);
	assert_int_equal(noreturn_called, 1);
	assert_int_equal(call(&f, PSCI_AFFINITY_INFO, 0xff00000001ull, 0, 0), PSCI_AFFINITY_OFF);
	assert_int_equal(call(&f, PSCI_CPU_ON, 0xff00000001ull, 0xff40002000ull, 0xff00000007ull),
			 PSCI_SUCCESS);
	assert_true(psci_take_pending(1, &entry, &ctx));
	assert_int_equal(entry, 0x40002000);
	assert_int_equal(ctx, 7);
}

static void test_psci_misc(void **state)
{
	struct smc_frame f;

	assert_int_equal(call(&f, PSCI_VERSION, 0, 0, 0), PSCI_VERSION_1_1);
	assert_int_equal(call(&f, PSCI_FEATURES, SMCCC_VERSION, 0, 0), 0);
	assert_int_equal(call(&f, PSCI_FEATURES, PSCI_CPU_SUSPEND, 0, 0), 0);
	assert_int_equal(call(&f, PSCI_FEATURES, PSCI_CPU_FREEZE, 0, 0), PSCI_NOT_SUPPORTED);
	assert_int_equal(call(&f, PSCI_FEATURES, TRNG_VERSION, 0, 0), PSCI_NOT_SUPPORTED);
	assert_int_equal(call(&f, PSCI_MIGRATE_INFO_TYPE, 0, 0, 0), 2);
	assert_int_equal(call(&f, PSCI_CPU_SUSPEND, 0x10000, 0, 0), PSCI_INVALID_PARAMETERS);
	assert_int_equal(standby_calls, 0);
	assert_int_equal(call(&f, PSCI_CPU_SUSPEND, 0, 0, 0), 0);
	assert_int_equal(standby_calls, 1);
	if (setjmp(noreturn_jmp) == 0)
		call(&f, PSCI_SYSTEM_OFF, 0, 0, 0);
	assert_int_equal(noreturn_called, 2);
	if (setjmp(noreturn_jmp) == 0)
		call(&f, PSCI_SYSTEM_RESET, 0, 0, 0);
	assert_int_equal(noreturn_called, 3);
}

/* --- TRNG ---------------------------------------------------------------------------------- */

static void test_trng_packing(void **state)
{
	u64 out[3];
	const u64 w0 = 0x0123456789abcdefull, w1 = w0 + 0x1111111111111111ull;
	const u64 w2 = w1 + 0x1111111111111111ull;

	assert_int_equal(trng_fill(192, 64, plat_entropy64, out), 0);
	assert_int_equal(out[2], w0); /* x3: bits 63:0 */
	assert_int_equal(out[1], w1);
	assert_int_equal(out[0], w2);
	entropy_next = w0;
	assert_int_equal(trng_fill(65, 64, plat_entropy64, out), 0);
	assert_int_equal(out[2], w0);
	assert_int_equal(out[1], w1 & 1);
	assert_int_equal(out[0], 0);
	entropy_next = w0;
	assert_int_equal(trng_fill(1, 64, plat_entropy64, out), 0);
	assert_int_equal(out[2], w0 & 1);
	assert_int_equal(out[1] | out[0], 0);
	entropy_next = w0;
	assert_int_equal(trng_fill(96, 32, plat_entropy64, out), 0);
	assert_int_equal(out[2], w0 & 0xffffffff); /* w3: bits 31:0 */
	assert_int_equal(out[1], w0 >> 32);
	assert_int_equal(out[0], w1 & 0xffffffff);
	entropy_next = w0;
	assert_int_equal(trng_fill(40, 32, plat_entropy64, out), 0);
	assert_int_equal(out[2], w0 & 0xffffffff);
	assert_int_equal(out[1], (w0 >> 32) & 0xff);
	assert_int_equal(out[0], 0);
}

static void test_trng_errors(void **state)
{
	u64 out[3];
	struct smc_frame f;

	assert_int_equal(trng_fill(0, 64, plat_entropy64, out), SMCCC_INVALID_PARAMETER);
	assert_int_equal(trng_fill(193, 64, plat_entropy64, out), SMCCC_INVALID_PARAMETER);
	assert_int_equal(trng_fill(97, 32, plat_entropy64, out), SMCCC_INVALID_PARAMETER);
	entropy_failures = 3; /* transient: retried */
	assert_int_equal(trng_fill(64, 64, plat_entropy64, out), 0);
	entropy_failures = -1;
	assert_int_equal(call(&f, TRNG_RND64, 64, 0, 0), TRNG_NO_ENTROPY);
	assert_int_equal(f.x[1] | f.x[2] | f.x[3], 0);
	entropy_failures = 0;
	assert_int_equal(call(&f, TRNG_RND32, 0xffffffff00000020ull, 0, 0), 0); /* N = 32 */
	assert_int_equal(f.x[1] | f.x[2], 0);
	platform.has_rng = false;
	const u64 ids[] = {TRNG_VERSION, TRNG_FEATURES, TRNG_GET_UUID, TRNG_RND32, TRNG_RND64};
	for (size_t i = 0; i < ARRAY_SIZE(ids); i++)
		assert_int_equal(call(&f, ids[i], 8, 0, 0), SMCCC_NOT_SUPPORTED);
}

/* --- SipHash and SiP ----------------------------------------------------------------------- */

static void test_siphash_vectors(void **state)
{
	/* The reference vectors: key 00..0f, message 00..(len - 1). */
	struct siphash_key k = {0x0706050403020100ull, 0x0f0e0d0c0b0a0908ull};
	u8 msg[64];

	for (unsigned i = 0; i < sizeof(msg); i++)
		msg[i] = (u8)i;
	assert_int_equal(siphash24(&k, msg, 0), 0x726fdb47dd0e0e31ull);
	assert_int_equal(siphash24(&k, msg, 8), 0x93f5f5799a932462ull);
	assert_int_equal(siphash24(&k, msg, 15), 0xa129ca6149be45e5ull);
}

static void derive(struct smc_frame *f, u64 x1, u64 x4)
{
	f->x[0] = SIP_DERIVE_KEY64;
	f->x[1] = x1;
	f->x[2] = f->x[3] = 0;
	f->x[4] = x4;
	f->x[5] = 0x5555;
	smc_dispatch(f, 0);
}

static void test_sip_keys_and_counters(void **state)
{
	struct smc_frame f;
	u64 k1[4], k2[4];

	assert_null(sip_init(&sip_state, true));
	derive(&f, 0x6b736964, 0); /* "disk" */
	assert_int_equal(f.x[0], 0);
	memcpy(k1, &f.x[1], sizeof(k1));
	derive(&f, 0x6b736964, 1);
	memcpy(k2, &f.x[1], sizeof(k2));
	assert_memory_not_equal(k1, k2, sizeof(k1));
	assert_int_equal(f.x[5], 0x5555);
	u8 label[32] = {'d', 'i', 's', 'k'};
	u64 direct[4];
	sip_derive_key(&sip_state, label, direct);
	assert_memory_equal(direct, k1, sizeof(k1));
	/* A different secret gives different keys. */
	assert_null(sip_init(&sip_state, true));
	sip_derive_key(&sip_state, label, direct);
	assert_memory_not_equal(direct, k1, sizeof(k1));

	assert_int_equal(call(&f, SIP_MONOTONIC_INCREMENT64, 2, 0, 0), 0);
	assert_int_equal(f.x[1], 1);
	assert_int_equal(call(&f, SIP_MONOTONIC_READ64, 2, 0, 0), 0);
	assert_int_equal(f.x[1], 1);
	assert_int_equal(call(&f, SIP_MONOTONIC_READ64, SIP_MONOTONIC_COUNT, 0, 0),
			 SMCCC_INVALID_PARAMETER);
	sip_state.monotonic[5] = ~0ull;
	assert_int_equal(call(&f, SIP_MONOTONIC_INCREMENT64, 5, 0, 0), SIP_COUNTER_AT_LIMIT);
	assert_int_equal(sip_state.monotonic[5], ~0ull);
}

/* The key service refuses (-1, arguments untouched) unless both halves of its secret came from
 * the entropy source: never a key from a constant or from a half that could not be drawn. */
static void expect_no_key_service(void)
{
	struct smc_frame f;

	assert_false(sip_state.has_secret);
	derive(&f, 0x6b736964, 7);
	assert_int_equal((s64)f.x[0], SMCCC_NOT_SUPPORTED);
	assert_int_equal(f.x[1], 0x6b736964);
	assert_int_equal(f.x[4], 7);
	assert_int_equal(f.x[5], 0x5555);
	/* The rest of the SiP service still answers. */
	assert_int_equal(call(&f, SIP_MONOTONIC_INCREMENT64, 1, 0, 0), 0);
	assert_int_equal(call(&f, SIP_CALL_COUNT, 0, 0, 0), SIP_FUNCTION_COUNT);
}

static void test_sip_no_entropy_no_key(void **state)
{
	const char *why;

	/* No entropy source at all (Cortex-A57). */
	why = sip_init(&sip_state, false);
	assert_non_null(why);
	assert_non_null(strstr(why, "no entropy source"));
	expect_no_key_service();

	/* The first half cannot be drawn. */
	entropy_failures = (int)SIP_SECRET_TRIES;
	why = sip_init(&sip_state, true);
	assert_non_null(why);
	assert_non_null(strstr(why, "RNDRRS"));
	expect_no_key_service();

	/* The first half is drawn, the second is not. */
	entropy_failures = 0;
	sip_init(&sip_state, true);
	assert_true(sip_state.has_secret);
	entropy_failures = -1;
	assert_non_null(sip_init(&sip_state, true));
	expect_no_key_service();
	assert_int_equal(sip_state.secret.k0, 0); /* nothing half-drawn is kept */

	/* Transient failures within the limit are retried. */
	entropy_failures = (int)SIP_SECRET_TRIES - 1;
	assert_null(sip_init(&sip_state, true));
	assert_true(sip_state.has_secret);
	struct smc_frame f;
	derive(&f, 0x6b736964, 0);
	assert_int_equal(f.x[0], 0);
}

static void test_sip_reg_test(void **state)
{
	struct smc_frame f;

	for (unsigned i = 0; i < 18; i++)
		f.x[i] = 0x1111111111111111ull * i + 0xff00000000ull;
	f.x[0] = SIP_REG_TEST;
	smc_dispatch(&f, 0);
	assert_int_equal(f.x[0], 0);
	for (unsigned i = 1; i <= 7; i++)
		assert_int_equal(f.x[i], (u32)(~(0x1111111111111111ull * i + 0xff00000000ull) ^
					       (i * SIP_REG_TEST_STEP)));
	for (unsigned i = 8; i < 18; i++)
		assert_int_equal(f.x[i], 0x1111111111111111ull * i + 0xff00000000ull);
	for (unsigned i = 0; i < 18; i++)
		f.x[i] = 0x1111111111111111ull * i;
	f.x[0] = SIP_REG_TEST64;
	smc_dispatch(&f, 0);
	for (unsigned i = 1; i <= 17; i++)
		assert_int_equal(f.x[i], ~(0x1111111111111111ull * i) ^ (i * SIP_REG_TEST_STEP));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup(test_unknown_ids_untouched, setup),
	    cmocka_unit_test_setup(test_fid_decoding, setup),
	    cmocka_unit_test_setup(test_soc_id, setup),
	    cmocka_unit_test_setup(test_call_counters, setup),
	    cmocka_unit_test_setup(test_call_counter_enum, setup),
	    cmocka_unit_test_setup(test_call_counter_table_full, setup),
	    cmocka_unit_test_setup(test_psci_cpu_on, setup),
	    cmocka_unit_test_setup(test_psci_misc, setup),
	    cmocka_unit_test_setup(test_trng_packing, setup),
	    cmocka_unit_test_setup(test_trng_errors, setup),
	    cmocka_unit_test_setup(test_siphash_vectors, setup),
	    cmocka_unit_test_setup(test_sip_keys_and_counters, setup),
	    cmocka_unit_test_setup(test_sip_no_entropy_no_key, setup),
	    cmocka_unit_test_setup(test_sip_reg_test, setup),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
