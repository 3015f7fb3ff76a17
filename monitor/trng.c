/* TRNG 1.0 service (DEN0098): entropy from the CPU's FEAT_RNG (RNDRRS); without it every TRNG
 * call answers NOT_SUPPORTED, as the spec asks of firmware with no entropy source. */
#include "trng.h"

s64 trng_fill(u64 bits, unsigned reg_bits, entropy_fn source, u64 out[3])
{
	u64 pool[3] = {0, 0, 0}; /* bits 0..191, little-endian by word */
	u64 max = reg_bits == 64 ? TRNG_RND64_MAX_BITS : TRNG_RND32_MAX_BITS;

	if (bits == 0 || bits > max)
		return SMCCC_INVALID_PARAMETER;
	for (unsigned w = 0; w * 64 < bits; w++) {
		unsigned tries = 0;
		while (!source(&pool[w]))
			if (++tries == TRNG_RETRIES)
				return TRNG_NO_ENTROPY;
	}
	/* Clear everything above the requested bits. */
	unsigned last = (unsigned)((bits - 1) / 64);
	if (bits % 64)
		pool[last] &= (1ull << (bits % 64)) - 1;
	for (unsigned w = last + 1; w < 3; w++)
		pool[w] = 0;
	if (reg_bits == 64) {
		out[2] = pool[0];
		out[1] = pool[1];
		out[0] = pool[2];
	} else {
		out[2] = (u32)pool[0];
		out[1] = pool[0] >> 32;
		out[0] = (u32)pool[1];
	}
	return SMCCC_SUCCESS;
}

static s64 trng_features(u32 queried)
{
	switch (queried) {
	case TRNG_VERSION:
	case TRNG_FEATURES:
	case TRNG_GET_UUID:
	case TRNG_RND32:
	case TRNG_RND64:
		return SMCCC_SUCCESS;
	default:
		return SMCCC_NOT_SUPPORTED;
	}
}

void trng_service(u32 fid, struct smc_frame *f, unsigned cpu)
{
	u64 out[3] = {0, 0, 0};
	s64 ret;

	if (!platform.has_rng) {
		smc_set_status(f, SMCCC_NOT_SUPPORTED);
		return;
	}
	switch (fid) {
	case TRNG_VERSION:
		smc_set_status(f, TRNG_VERSION_1_0);
		break;
	case TRNG_FEATURES:
		smc_set_status(f, trng_features((u32)f->x[1]));
		break;
	case TRNG_GET_UUID:
		f->x[0] = TRNG_UUID_W0;
		f->x[1] = TRNG_UUID_W1;
		f->x[2] = TRNG_UUID_W2;
		f->x[3] = TRNG_UUID_W3;
		break;
	case TRNG_RND32:
	case TRNG_RND64:
		ret =
		    trng_fill(smc_arg(fid, f, 1), fid == TRNG_RND64 ? 64 : 32, plat_entropy64, out);
		smc_set_status(f, ret);
		/* On failure x1..x3 are zero, never partial entropy. */
		for (unsigned i = 0; i < 3; i++)
			f->x[1 + i] = ret == SMCCC_SUCCESS ? out[i] : 0;
		break;
	default:
		smc_set_status(f, SMCCC_NOT_SUPPORTED);
	}
}
