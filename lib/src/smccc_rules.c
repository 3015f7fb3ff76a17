/* The SMC Calling Convention's rules that are not on a hot path (see smccc_rules.h). */
#include <warden/smccc_rules.h>

struct smccc_fid_fields smccc_fid_decode(u32 fid)
{
	struct smccc_fid_fields f = {
	    .fast = SMCCC_IS_FAST(fid),
	    .smc64 = SMCCC_IS_SMC64(fid),
	    .oen = SMCCC_OEN(fid),
	    .func = SMCCC_FUNC(fid),
	    .sve_hint = (fid & SMCCC_SVE_HINT) != 0,
	    .mbz = fid & SMCCC_FAST_MBZ_MASK,
	};
	return f;
}

static enum smccc_range_error bound_check(u64 b)
{
	if (b > 0xffffffffull)
		return SMCCC_RANGE_ABOVE_32_BITS;
	if (b & SMCCC_SVE_HINT)
		return SMCCC_RANGE_SVE_HINT;
	if (b & SMCCC_FAST_MBZ_MASK)
		return SMCCC_RANGE_MBZ;
	return SMCCC_RANGE_OK;
}

enum smccc_range_error smccc_range_check(u64 first, u64 last)
{
	enum smccc_range_error e = bound_check(first);

	if (e == SMCCC_RANGE_OK)
		e = bound_check(last);
	if (e == SMCCC_RANGE_OK && first > last)
		e = SMCCC_RANGE_INVERTED;
	return e;
}

/* Characters, not pointers: the kernel is position-independent and relocates nothing. */
static const char range_error_texts[][128] = {
    [SMCCC_RANGE_OK] = "a valid range",
    [SMCCC_RANGE_INVERTED] = "first is above last",
    [SMCCC_RANGE_ABOVE_32_BITS] =
	"a bound has bits above bit 31 set; SMCCC function IDs are 32 bits",
    [SMCCC_RANGE_SVE_HINT] = "a bound has bit 16 (the SVE hint) set; calls are matched with "
			     "bit 16 cleared, so write the bound without it",
    [SMCCC_RANGE_MBZ] = "a bound has bits 23:17 set, which name no function (must be zero "
			"in a fast call, DEN0028 table 2-1)",
};

const char *smccc_range_error_text(enum smccc_range_error e)
{
	return (u32)e < ARRAY_SIZE(range_error_texts) ? range_error_texts[e] : "?";
}

bool smccc_range_has_malformed(u32 first, u32 last)
{
	/* Per block of 2^24 IDs (one value of bits 31:24): a fast block's malformed IDs are
	 * those with bits 23:17 nonzero, [block | 0x20000, block | 0xffffff]. */
	for (u64 b = first >> 24; b <= last >> 24; b++) {
#ifdef PLANT_BUG_SMCCC_MBZ
		/* The fuzzer's planted bug (tests/fuzz, docs/fuzzing.md): bit 17 forgotten. */
		u64 lo = b << 24 | 0x40000, hi = b << 24 | 0xffffff;
#else
		u64 lo = b << 24 | 0x20000, hi = b << 24 | 0xffffff;
#endif

		if (!(b & 0x80))
			continue;
		if (lo < first)
			lo = first;
		if (hi > last)
			hi = last;
		if (lo <= hi)
			return true;
	}
	return false;
}

u32 smccc_version_from(s64 psci_features_answer, s64 smccc_version_answer)
{
	if (psci_features_answer < 0)
		return SMCCC_VERSION_1_0;
	if (smccc_version_answer < (s64)SMCCC_VERSION_1_1 || smccc_version_answer > 0x7fffffff)
		return SMCCC_VERSION_1_0;
	return (u32)smccc_version_answer;
}
