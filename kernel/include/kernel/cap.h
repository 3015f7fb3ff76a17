/* Capabilities and their derivation tree: portable logic, unit-tested on the host. */
#ifndef KERNEL_CAP_H
#define KERNEL_CAP_H
#include <kernel/object.h>
#include <warden/smccc_rules.h>
#include <warden/syscall.h>

static inline bool cap_is_null(const struct cap *c)
{
	return c->type == CAP_NULL;
}

/* Makes empty slot dst a child of src with the same authority. */
void cap_derive(struct cap *dst, const struct cap *src);
/* Empties slot c; its children become children of c's parent. A thread blocked through c
 * must have been woken first (c->waiter NULL: cnode_remove_cap does it). */
void cap_remove(struct cap *c);
/* Moves the capability in src to empty slot dst, keeping its place in the tree and the wait of
 * a thread blocked through it. */
void cap_move(struct cap *dst, struct cap *src);
/* Removes every descendant of c (c itself stays), calling on_remove before each removal (the
 * kernel wakes a thread blocked through it there). */
void cap_revoke(struct cap *c, void (*on_remove)(struct cap *));
bool cap_is_descendant(const struct cap *c, const struct cap *ancestor);

/* SMC capability flags, computed once when the capability is made (boot, Mint) so that an
 * invocation tests one bit. */
#define CAP_SMC_HAZARD_ACCEPTED (1u << 0) /* its grant accepted the hazardous IDs it covers */
#define CAP_SMC_COVERS_HAZARD (1u << 1)	  /* its range holds a hazardous ID */
#define CAP_SMC_CHECK_EACH (1u << 2)	  /* calls need smc_cap_check_slow (below) */

/* The flags of an SMC capability over [first, last] (bounds already valid). */
u16 smc_cap_flags(u32 first, u32 last, bool hazard_accepted);

/* Mint rules: rights may only shrink; a badged endpoint/notification keeps its badge; an SMC
 * range may only narrow, its bounds follow smccc_range_check, and it may cover a hazardous ID
 * only if the source is marked (its grant accepted the hazard; the child inherits the mark, as
 * its range lies inside the source's). Returns a WARDEN_* status; on success fills *out (not in
 * the tree). */
int cap_mint_check(const struct cap *src, u64 rights, u64 badge, u64 smc_first, u64 smc_last,
		   struct cap *out);

/* The checks a few capabilities need on each call: a malformed fast ID (bits 23:17 set) in a
 * range wide enough to hold one; a hazardous ID on a capability whose grant did not accept it. */
int smc_cap_check_slow(const struct cap *c, u32 key);

/* May an SMC capability's invocation with this x0 go to EL3? The capability ABI is stricter
 * than the SMCCC: x0 must have zero upper bits. The ID is matched with bit 16 ignored. Returns
 * WARDEN_OK, WARDEN_RANGE_ERROR or WARDEN_HAZARD. Inline: it is on the invocation path. */
static inline bool smc_cap_in_range(const struct cap *c, u64 x0)
{
	/* The key with x0's upper bits kept: any of them set puts it above every range. */
	u64 key = x0 & ~(u64)SMCCC_SVE_HINT;
	u32 first = c->smc.first, last = c->smc.last;
#ifdef PLANT_BUG_SMC_RANGE
	/* The hostile component's planted bug (tests/fuzz/build.mk, docs/fuzzing.md). */
	return key >= first && key <= (u64)last + 1;
#else
	return key >= first && key <= last;
#endif
}

static inline int smc_cap_check(const struct cap *c, u64 x0)
{
	if (!smc_cap_in_range(c, x0))
		return WARDEN_RANGE_ERROR;
	if (c->smc_flags & CAP_SMC_CHECK_EACH)
		return smc_cap_check_slow(c, smccc_match_key((u32)x0));
	return WARDEN_OK;
}

/* Does an SMC capability bound to a vCPU cover a guest's call? Guests get the SMCCC's rule: the
 * ID is W0, the upper bits of x0 are ignored (as firmware ignores them). */
static inline bool smc_cap_covers_guest(const struct cap *c, u64 x0)
{
	u32 key = smccc_match_key(smccc_fid(x0));
	if (c->type != CAP_SMC || key < c->smc.first || key > c->smc.last)
		return false;
	return !(c->smc_flags & CAP_SMC_CHECK_EACH) || smc_cap_check_slow(c, key) == WARDEN_OK;
}

#endif
