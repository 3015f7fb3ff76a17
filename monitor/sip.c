/* SiP service (OEN 2), a stand-in for vendor platform firmware: device-key derivation, monotonic
 * counters, a register test, and the call-counter queries. IDs and conventions: warden/sip.h. */
#include "sip.h"
#include "call_counter.h"

struct sip_state sip_state;

/* One half of the secret, or false if the source failed SIP_SECRET_TRIES times in a row. */
static bool draw_half(u64 *half)
{
	for (unsigned i = 0; i < SIP_SECRET_TRIES; i++)
		if (plat_entropy64(half))
			return true;
	return false;
}

const char *sip_init(struct sip_state *s, bool has_rng)
{
	struct siphash_key k = {0, 0};
	const char *why = NULL;

	/* A key derived from anything but fresh entropy (a constant in the source, a half left
	 * at zero) would be known to others: then there is no key service at all. */
	if (!has_rng)
		why = "the CPU has no entropy source (FEAT_RNG)";
	else if (!draw_half(&k.k0) || !draw_half(&k.k1))
		why = "RNDRRS kept failing";
	s->has_secret = why == NULL;
	s->secret = s->has_secret ? k : (struct siphash_key){0, 0};
	return why;
}

void sip_derive_key(const struct sip_state *s, const u8 label[32], u64 key[4])
{
	u8 msg[33];

	for (unsigned i = 0; i < 32; i++)
		msg[i] = label[i];
	for (unsigned i = 0; i < 4; i++) {
		msg[32] = (u8)i;
		key[i] = siphash24(&s->secret, msg, sizeof(msg));
	}
}

static void derive_key(struct smc_frame *f)
{
	u8 label[32];
	u64 key[4];

	if (!sip_state.has_secret) {
		smc_set_status(f, SMCCC_NOT_SUPPORTED);
		return;
	}

	for (unsigned i = 0; i < 32; i++)
		label[i] = (u8)(f->x[1 + i / 8] >> (8 * (i % 8)));
	sip_derive_key(&sip_state, label, key);
	for (unsigned i = 0; i < 4; i++)
		f->x[1 + i] = key[i];
	smc_set_status(f, SMCCC_SUCCESS);
}

static void monotonic(u32 fid, struct smc_frame *f)
{
	u64 index = f->x[1];

	if (index >= SIP_MONOTONIC_COUNT) {
		smc_set_status(f, SMCCC_INVALID_PARAMETER);
		return;
	}
	u64 *counter = &sip_state.monotonic[index];
	u64 v = __atomic_load_n(counter, __ATOMIC_RELAXED);
	if (fid == SIP_MONOTONIC_INCREMENT64) {
		do {
			if (v == ~0ull) {
				smc_set_status(f, SIP_COUNTER_AT_LIMIT);
				return;
			}
		} while (!__atomic_compare_exchange_n(counter, &v, v + 1, true, __ATOMIC_RELAXED,
						      __ATOMIC_RELAXED));
		v++;
	}
	f->x[1] = v;
	smc_set_status(f, SMCCC_SUCCESS);
}

static void reg_test(u32 fid, struct smc_frame *f)
{
	unsigned last = fid == SIP_REG_TEST64 ? 17 : 7;

	for (unsigned i = 1; i <= last; i++) {
		u64 v = ~smc_arg(fid, f, i) ^ (i * SIP_REG_TEST_STEP);
		f->x[i] = fid == SIP_REG_TEST64 ? v : (u32)v;
	}
	smc_set_status(f, SMCCC_SUCCESS);
}

/* The raw registers of the last echo, per CPU. */
static u64 echo_last[MONITOR_MAX_CPUS][17];

static void echo(u32 fid, struct smc_frame *f, unsigned cpu)
{
	for (unsigned i = 0; i < 17; i++)
		echo_last[cpu][i] = f->x[i];
	if (fid == SIP_ECHO) {
		for (unsigned i = 1; i < 18; i++)
			f->x[i] = (u64)SIP_ECHO_UPPER << 32 | (u32)f->x[i];
	}
	smc_set_status(f, SMCCC_SUCCESS);
}

static void echo_last_query(struct smc_frame *f, unsigned cpu)
{
	for (unsigned i = 0; i < 17; i++)
		f->x[1 + i] = echo_last[cpu][i];
	smc_set_status(f, SMCCC_SUCCESS);
}

static void call_counter_query(u32 fid, struct smc_frame *f)
{
	u64 count = call_counter_get(&call_counters, (u32)f->x[1]);

	if (fid == SIP_CALL_COUNTER_GET64) {
		f->x[1] = count;
		f->x[2] = call_counter_untracked(&call_counters);
	} else {
		f->x[1] = count > 0xffffffffu ? 0xffffffffu : count;
	}
	smc_set_status(f, SMCCC_SUCCESS);
}

static void call_counter_enum(struct smc_frame *f)
{
	u64 key, count;

	if (!call_counter_at(&call_counters, f->x[1], &key, &count)) {
		smc_set_status(f, SMCCC_INVALID_PARAMETER);
		return;
	}
	f->x[1] = key;
	f->x[2] = count;
	f->x[3] = (u64)MONITOR_MAX_CPUS * CALL_COUNTER_SLOTS;
	smc_set_status(f, SMCCC_SUCCESS);
}

void sip_service(u32 fid, struct smc_frame *f, unsigned cpu)
{
	switch (fid) {
	case SIP_CALL_COUNT:
		smc_set_status(f, SIP_FUNCTION_COUNT);
		break;
	case SIP_UID:
		f->x[0] = SIP_UID_W0;
		f->x[1] = SIP_UID_W1;
		f->x[2] = SIP_UID_W2;
		f->x[3] = SIP_UID_W3;
		break;
	case SIP_REVISION:
		f->x[0] = SIP_REVISION_MAJOR;
		f->x[1] = SIP_REVISION_MINOR;
		break;
	case SIP_DERIVE_KEY64:
		derive_key(f);
		break;
	case SIP_MONOTONIC_READ64:
	case SIP_MONOTONIC_INCREMENT64:
		monotonic(fid, f);
		break;
	case SIP_REG_TEST:
	case SIP_REG_TEST64:
		reg_test(fid, f);
		break;
	case SIP_CALL_COUNTER_GET:
	case SIP_CALL_COUNTER_GET64:
		call_counter_query(fid, f);
		break;
	case SIP_CALL_COUNTER_ENUM64:
		call_counter_enum(f);
		break;
	case SIP_CALL_COUNTER_RESET:
		call_counter_reset(&call_counters);
		smc_set_status(f, SMCCC_SUCCESS);
		break;
	case SIP_ECHO:
	case SIP_ECHO64:
		echo(fid, f, cpu);
		break;
	case SIP_ECHO_LAST64:
		echo_last_query(f, cpu);
		break;
	default:
		smc_set_status(f, SMCCC_NOT_SUPPORTED);
	}
}
