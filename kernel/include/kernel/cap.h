/* Capabilities and their derivation tree: portable logic, unit-tested on the host. */
#ifndef KERNEL_CAP_H
#define KERNEL_CAP_H
#include <kernel/object.h>
#include <warden/smccc.h>

static inline bool cap_is_null(const struct cap *c)
{
	return c->type == CAP_NULL;
}

/* Makes empty slot dst a child of src with the same authority. */
void cap_derive(struct cap *dst, const struct cap *src);
/* Empties slot c; its children become children of c's parent. */
void cap_remove(struct cap *c);
/* Moves the capability in src to empty slot dst, keeping its place in the tree. */
void cap_move(struct cap *dst, struct cap *src);
/* Removes every descendant of c (c itself stays), calling on_remove before each removal. */
void cap_revoke(struct cap *c, void (*on_remove)(struct cap *));
bool cap_is_descendant(const struct cap *c, const struct cap *ancestor);

/* Mint rules: rights may only shrink; a badged endpoint/notification keeps its badge; an SMC
 * range may only narrow. Returns a WARDEN_* status; on success fills *out (not in the tree). */
int cap_mint_check(const struct cap *src, u64 rights, u64 badge, u64 smc_first, u64 smc_last,
		   struct cap *out);
/* Does an SMC capability cover function ID w0 (SVE hint ignored)? x0 must have zero upper bits.
 * Inline: it is on the SMC invocation path. */
static inline bool smc_cap_covers(const struct cap *c, u64 x0)
{
	if (c->type != CAP_SMC || x0 >> 32)
		return false;
	u32 fid = (u32)x0 & ~SMCCC_SVE_HINT;
	return fid >= c->smc.first && fid <= c->smc.last;
}

#endif
