/* libFuzzer target: the SMCCC rulebook (lib/include/warden/smccc_rules.h, lib/src/smccc_rules.c),
 * which every path to the secure world applies. Each rule is checked against DEN0028's text
 * written out here a second way (field arithmetic, brute force over small ranges, the tables
 * of §2.6-§2.9), for fuzzed function IDs, range bounds, versions and register values. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include <warden/smccc_rules.h>

static void check(bool ok, const char *what, u64 a, u64 b)
{
	if (!ok) {
		fprintf(stderr, "fuzz_smccc: oracle failed: %s (0x%llx, 0x%llx)\n", what,
			(unsigned long long)a, (unsigned long long)b);
		abort();
	}
}

static u64 take64(const u8 **p, const u8 *end)
{
	u64 v = 0;
	for (unsigned i = 0; i < 8 && *p < end; i++)
		v |= (u64) * (*p)++ << (8 * i);
	return v;
}

/* §2.5, table 2-1, by bit positions. */
static bool ref_fast(u32 fid)
{
	return (fid >> 31) & 1;
}

static bool ref_malformed(u32 fid)
{
	return ref_fast(fid) && ((fid >> 17) & 0x7f) != 0;
}

static void fid_rules(u32 fid)
{
	struct smccc_fid_fields f = smccc_fid_decode(fid);
	u32 again = (u32)f.fast << 31 | (u32)f.smc64 << 30 | f.oen << 24 | f.mbz |
		    (u32)f.sve_hint << 16 | f.func;

	check(again == fid, "decoded fields rebuild the ID", fid, again);
	check(f.oen < 64 && f.func < 0x10000 && (f.mbz & ~0x00fe0000u) == 0,
	      "decoded fields in their widths", fid, f.oen);
	check(f.fast == ref_fast(fid) && f.smc64 == ((fid >> 30) & 1), "fast and SMC64 bits", fid,
	      0);
	u32 key = smccc_match_key(fid);
	check(key == (fid & ~(1u << 16)), "match key clears bit 16 and nothing else", fid, key);
	check(smccc_match_key(key) == key && smccc_fid_for_el3(fid) == key,
	      "the key is stable and is what EL3 gets", fid, key);
	check(smccc_fid_well_formed(fid) == !ref_malformed(fid), "well-formed: bits 23:17 of fast",
	      fid, 0);
	check(smccc_fid(0xabcd000000000000ull | fid) == fid, "the ID is w0", fid, 0);
}

/* Brute force over [first, last] when it is small; a superset of a range with a malformed ID
 * has one too. */
static void range_rules(u64 first, u64 last)
{
	enum smccc_range_error e = smccc_range_check(first, last);
	bool bounds_ok = first <= 0xffffffffull && last <= 0xffffffffull &&
			 !((first | last) & (1u << 16)) && !((first | last) & 0x00fe0000u);

	check(
	    (e == SMCCC_RANGE_OK) == (bounds_ok && first <= last),
	    "a range is valid exactly when its bounds are 32-bit, bit 16 and 23:17 clear, ordered",
	    first, last);
	check(e <= SMCCC_RANGE_MBZ && smccc_range_error_text(e)[0] != '?', "a known error", first,
	      e);
	if (first > 0xffffffffull || last > 0xffffffffull || first > last)
		return;
	u32 a = (u32)first, b = (u32)last;
	bool has = smccc_range_has_malformed(a, b);
	if (b - a < (1u << 18)) {
		bool ref = false;
		for (u64 f = a; f <= b && !ref; f++)
			ref = ref_malformed((u32)f);
		check(has == ref, "malformed IDs in a range (brute force)", a, b);
	}
	if (has && a > 0)
		check(smccc_range_has_malformed(a - 1, b), "a wider range keeps a malformed ID", a,
		      b);
	if (!has && a <= b) {
		check(!ref_malformed(a) && !ref_malformed(b), "no malformed ID: nor at the ends", a,
		      b);
	}
}

/* §2.6-§2.9: how many registers carry arguments and results, and SMC32's 32-bit rules. */
static void register_rules(u32 version, u32 fid, u64 x, u64 caller)
{
	bool smc64 = (fid >> 30) & 1, v12 = version >= 0x10002;
	u32 args = smccc_arg_regs(version, fid), results = smccc_result_regs(version, fid);

	check(args == (v12 && smc64 ? 18 : 8), "argument registers per version and width", version,
	      fid);
	check(results == (!v12	  ? 4
			  : smc64 ? 18
				  : 8),
	      "result registers per version and width", version, fid);
	check(results <= 18 && args <= 18, "at most x0..x17", args, results);
	u64 a = smccc_arg(fid, x);
	check(smc64 ? a == x : a == (u32)x, "SMC32 arguments are their low 32 bits", fid, a);
	for (u32 i = 0; i < 18; i++) {
		u64 r = smccc_result(fid, i, x, caller);
		if (smc64)
			check(r == x, "SMC64 results as they came", i, r);
		else if (i == 0)
			check(r == (u64)(s64)(s32)(u32)x, "SMC32 x0 is w0 sign-extended", x, r);
		else if (i < 4)
			check(r == (u32)x, "SMC32 x1..x3 are zero-extended", x, r);
		else
			check(r >> 32 == caller >> 32 && (u32)r == (u32)x,
			      "SMC32 x4..x17: w from the callee, upper half the caller's", x, r);
	}
}

static void version_rules(s64 features, s64 version)
{
	u32 v = smccc_version_from(features, version);
	u32 ref =
	    features < 0 || version < 0x10001 || version > 0x7fffffff ? 0x10000 : (u32)version;

	check(v == ref, "the version from PSCI_FEATURES(SMCCC_VERSION) and SMCCC_VERSION",
	      (u64)features, (u64)version);
	check(v >= SMCCC_VERSION_1_0, "never below 1.0", v, 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const u8 *p = data, *end = data + size;

	while (p < end) {
		u64 a = take64(&p, end), b = take64(&p, end), c = take64(&p, end);
		fid_rules((u32)a);
		fid_rules((u32)(a >> 32));
		/* Ranges: fuzzed bounds, and a short one starting at a fuzzed ID. */
		range_rules(b, c);
		range_rules((u32)b, (u32)b + (c & 0xffff));
		range_rules((u32)a & ~0x1ffffu, ((u32)a & ~0x1ffffu) + ((a >> 40) & 0xffff));
		register_rules((u32)(c >> 32) % 0x10008, (u32)a, b, c);
		version_rules((s64)b, (s64)c);
		check(smccc_imm_allowed((u32)c) == ((u32)c == 0), "only immediate 0", c, 0);
	}
	return 0;
}
