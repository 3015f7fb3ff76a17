/* The SMC Calling Convention's rules, once, for every path that reaches the secure world: the
 * kernel (SMC capability check, in-kernel forward), the VMM, the broker and the monitor.
 * Sections are those of Arm DEN0028 (SMC Calling Convention, issue F, v1.5): §2.5 "Function
 * Identifiers" (table 2-1), §2.6 "SMC32/HVC32 argument passing", §2.7 "SMC64/HVC64 argument
 * passing", §2.8 "SMC and HVC results", §2.9 "Register use in AArch64 SMC and HVC calls" (tables
 * 2-4/2-5: per version), §2.10 "SME and SVE hint" (bit 16, since v1.3), §7.1 "return codes".
 * Portable and header-only where a hot path uses it. docs/smc-capability.md says how each path
 * applies them. */
#ifndef WARDEN_SMCCC_RULES_H
#define WARDEN_SMCCC_RULES_H
#include <warden/smccc.h>
#include <warden/types.h>

/* --- function IDs (§2.5) ------------------------------------------------------------------- */

/* The function ID is W0 (§2.5): the callee ignores the upper 32 bits of X0. */
static inline u32 smccc_fid(u64 x0)
{
	return (u32)x0;
}

/* The ID a capability or policy range is matched against: bit 16 cleared, for fast and yielding
 * calls alike. For fast calls bit 16 is the SVE hint (§2.10, v1.3); for yielding calls DEN0028
 * reserves it, and callers set it there too (Linux 5.14-6.11 on every call; TF-A clears it for
 * every call before dispatching), so it never names another function. */
static inline u32 smccc_match_key(u32 fid)
{
	return fid & ~SMCCC_SVE_HINT;
}

/* Bits 23:17 of a fast call must be zero (§2.5, table 2-1): a fast ID with any of them set is
 * no function at all; firmware answers NOT_SUPPORTED. Yielding calls have no such bits. */
static inline bool smccc_fid_well_formed(u32 fid)
{
	return !SMCCC_IS_FAST(fid) || (fid & SMCCC_FAST_MBZ_MASK) == 0;
}

/* The ID the kernel's own `smc` carries: the key, so bit 16 is never set by a caller (§2.10: the
 * hint tells EL3 it may drop SVE state; only the kernel knows whose state is live). */
static inline u32 smccc_fid_for_el3(u32 fid)
{
	return smccc_match_key(fid);
}

/* A decoded function ID (§2.5). */
struct smccc_fid_fields {
	bool fast;     /* bit 31: fast (1) or yielding (0) */
	bool smc64;    /* bit 30: SMC64/HVC64 */
	u32 oen;       /* bits 29:24: owning entity number (§6.2) */
	u32 func;      /* bits 15:0: function number */
	bool sve_hint; /* bit 16 */
	u32 mbz;       /* bits 23:17 as set (must be zero for fast calls) */
};

struct smccc_fid_fields smccc_fid_decode(u32 fid);

/* Why a range bound is refused, or SMCCC_RANGE_OK. A range of function IDs (a capability's, a
 * Mint's, a description's) is written with bit 16 and bits 23:17 of both bounds clear, because
 * matching uses smccc_match_key: a bound with bit 16 set would name a key no call has, and
 * bits 23:17 name no function (fast) or nothing DEN0028 defines (yielding). */
enum smccc_range_error {
	SMCCC_RANGE_OK = 0,
	SMCCC_RANGE_INVERTED,	   /* first > last */
	SMCCC_RANGE_ABOVE_32_BITS, /* a bound above 0xffffffff */
	SMCCC_RANGE_SVE_HINT,	   /* a bound with bit 16 set */
	SMCCC_RANGE_MBZ,	   /* a bound with bits 23:17 set */
};

enum smccc_range_error smccc_range_check(u64 first, u64 last);
/* A sentence for the error, for error messages ("first 0x... has bit 16 set ..."). */
const char *smccc_range_error_text(enum smccc_range_error e);

/* Whether [first, last] holds a fast-call ID with bits 23:17 set (one that is no function): a
 * range across owning entities does. */
bool smccc_range_has_malformed(u32 first, u32 last);

/* --- registers per SMCCC version (§2.6-§2.9) ------------------------------------------------ */

/* SMCCC_VERSION answers major << 16 | minor (§7.2). */
#define SMCCC_VERSION_1_0 0x10000u
#define SMCCC_VERSION_1_1 0x10001u

/* How many registers, counting from x0, carry the call's arguments (x0 = the ID) to EL3:
 * v1.0 and v1.1: x0..x7 (x1..x6 arguments, w7/x7 the optional client ID, §2.6, §2.7);
 * v1.2 and later: SMC32 w0..w7, SMC64 x0..x17 (§2.7, v1.2). The rest go as zero. */
static inline u32 smccc_arg_regs(u32 version, u32 fid)
{
	return version >= SMCCC_VERSION_1_2 && SMCCC_IS_SMC64(fid) ? 18 : 8;
}

/* How many registers, counting from x0, carry results back (§2.8, §2.9): v1.0 and v1.1: x0..x3
 * (v1.0 leaves x4..x17 unpredictable; v1.1 preserves them, table 2-5); v1.2 and later: SMC32
 * w0..w7, SMC64 x0..x17. A caller gets its own values back in every other register. */
static inline u32 smccc_result_regs(u32 version, u32 fid)
{
	if (version < SMCCC_VERSION_1_2)
		return 4;
	return SMCCC_IS_SMC64(fid) ? 18 : 8;
}

/* SMC32 (§2.6): only the low 32 bits of each argument count, and the kernel passes them with the
 * upper halves zero. */
static inline u64 smccc_arg(u32 fid, u64 x)
{
	return SMCCC_IS_SMC64(fid) ? x : (u32)x;
}

/* SMC32 results (§2.6, §7.1): only W0..W7 count. x0 is a status that DEN0028 returns
 * sign-extended (NOT_SUPPORTED is 64 ones in X0), so w0 is sign-extended; w1..w3 are
 * zero-extended, so whatever the secure world left in an upper half never reaches a caller;
 * w4..w7 go under the caller's own upper halves (`caller`, its x<i> before the call): which of
 * them are results the callee alone knows, and Linux keeps live 64-bit values in x4..x17 across
 * SMCCC 1.1+ calls, SMC32 ones included, as TF-A preserves them. */
static inline u64 smccc_result(u32 fid, u32 i, u64 x, u64 caller)
{
	if (SMCCC_IS_SMC64(fid))
		return x;
	if (i >= 4)
		return (caller & ~0xffffffffull) | (u32)x;
	return i == 0 ? (u64)(s64)(s32)(u32)x : (u32)x;
}

/* The version firmware reports, from the discovery answers (§7.2, DEN0022 §5.1.14): PSCI_FEATURES
 * (SMCCC_VERSION) first; NOT_SUPPORTED (or any error) means v1.0 and SMCCC_VERSION is not to be
 * called. Otherwise SMCCC_VERSION's answer, where an error or a value below 1.1 also means v1.0
 * (a v1.0 implementation has no SMCCC_VERSION). */
u32 smccc_version_from(s64 psci_features_answer, s64 smccc_version_answer);

/* --- nonzero immediates ----------------------------------------------------------------- */

/* `smc #imm` / `hvc #imm` with imm != 0 is reserved for other conventions (§2.1): the answer is
 * NOT_SUPPORTED and nothing is forwarded. */
static inline bool smccc_imm_allowed(u32 imm)
{
	return imm == 0;
}

#endif
