/* The capability derivation tree (as in seL4's mapping database, kept as explicit parent,
 * first-child and sibling links) and the rules for deriving one capability from another. */
#include <kernel/cap.h>
#include <warden/smc_hazards.h>
#include <warden/smccc_rules.h>
#include <warden/string.h>
#include <warden/syscall.h>

static void link_child(struct cap *parent, struct cap *c)
{
	c->parent = parent;
	c->prev = NULL;
	c->next = parent ? parent->child : NULL;
	if (c->next)
		c->next->prev = c;
	if (parent)
		parent->child = c;
}

static void unlink(struct cap *c)
{
	if (c->prev)
		c->prev->next = c->next;
	else if (c->parent)
		c->parent->child = c->next;
	if (c->next)
		c->next->prev = c->prev;
	c->prev = c->next = NULL;
}

void cap_derive(struct cap *dst, const struct cap *src)
{
	*dst = *src;
	dst->child = NULL;
	dst->waiter = NULL; /* a thread waits through the capability it used, not its copies */
	link_child((struct cap *)src, dst);
}

void cap_remove(struct cap *c)
{
	struct cap *parent = c->parent;

	unlink(c);
	while (c->child) {
		struct cap *k = c->child;
		unlink(k);
		link_child(parent, k);
	}
	memset(c, 0, sizeof(*c));
}

void cap_move(struct cap *dst, struct cap *src)
{
	*dst = *src;
	if (dst->prev)
		dst->prev->next = dst;
	else if (dst->parent)
		dst->parent->child = dst;
	if (dst->next)
		dst->next->prev = dst;
	for (struct cap *k = dst->child; k; k = k->next)
		k->parent = dst;
	if (dst->waiter)
		dst->waiter->wait.cap = dst; /* the wait moves with the capability */
	memset(src, 0, sizeof(*src));
}

void cap_revoke(struct cap *c, void (*on_remove)(struct cap *))
{
	/* Depth first without recursion: always remove a leaf. */
	while (c->child) {
		struct cap *k = c->child;
		while (k->child)
			k = k->child;
		if (on_remove)
			on_remove(k);
		cap_remove(k);
	}
}

bool cap_is_descendant(const struct cap *c, const struct cap *ancestor)
{
	for (const struct cap *p = c->parent; p; p = p->parent)
		if (p == ancestor)
			return true;
	return false;
}

int cap_mint_check(const struct cap *src, u64 rights, u64 badge, u64 smc_first, u64 smc_last,
		   struct cap *out)
{
	if (rights & ~(u64)src->rights)
		return WARDEN_INSUFFICIENT_RIGHTS;
	*out = *src;
	out->rights = (u8)rights;
	switch (src->type) {
	case CAP_ENDPOINT:
	case CAP_NOTIFICATION:
		if (src->badge && badge != src->badge)
			return WARDEN_ILLEGAL_OPERATION; /* a badge, once set, is permanent */
		out->badge = badge;
		return WARDEN_OK;
	case CAP_SMC: {
		if (smccc_range_check(smc_first, smc_last) != SMCCC_RANGE_OK)
			return WARDEN_RANGE_ERROR;
#ifdef PLANT_BUG_MINT_RANGE
		/* Planted bug (tests/fuzz): the range's end is not checked. */
		if (smc_first < src->smc.first)
			return WARDEN_RANGE_ERROR;
#else
		if (smc_first < src->smc.first || smc_last > src->smc.last)
			return WARDEN_RANGE_ERROR;
#endif
		bool accepted = src->smc_flags & CAP_SMC_HAZARD_ACCEPTED;
		u16 flags = smc_cap_flags((u32)smc_first, (u32)smc_last, accepted);
		/* The source covers the child's range, so an unmarked source holding a hazard would
		 * be a boot spec the builder never writes: refuse to pass that on. */
		if ((flags & CAP_SMC_COVERS_HAZARD) && !accepted)
			return WARDEN_HAZARD;
		out->smc.first = (u32)smc_first;
		out->smc.last = (u32)smc_last;
		out->smc_flags = flags;
		return WARDEN_OK;
	}
	default:
		return WARDEN_OK;
	}
}

u16 smc_cap_flags(u32 first, u32 last, bool hazard_accepted)
{
	u16 flags = 0;

	if (smc_hazards_in_range(first, last, NULL, 0) > 0) {
		flags |= CAP_SMC_COVERS_HAZARD;
		if (hazard_accepted)
			flags |= CAP_SMC_HAZARD_ACCEPTED;
		else
			flags |= CAP_SMC_CHECK_EACH;
	}
	if (smccc_range_has_malformed(first, last))
		flags |= CAP_SMC_CHECK_EACH;
	return flags;
}

int smc_cap_check_slow(const struct cap *c, u32 key)
{
	if (!smccc_fid_well_formed(key))
		return WARDEN_RANGE_ERROR;
	if (!(c->smc_flags & CAP_SMC_HAZARD_ACCEPTED) && smc_fid_is_hazardous(key))
		return WARDEN_HAZARD;
	return WARDEN_OK;
}
