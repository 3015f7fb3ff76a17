/* libFuzzer target: the capability derivation tree and the mint rules (kernel/cap.c) under any
 * sequence of Copy, Mint, Move, Delete and Revoke on a 32-slot CNode, driven as the kernel's
 * CNode invocation drives them (kernel/object/cnode.c). After every step the tree must be
 * consistent and no capability may carry more authority than its parent: same object and
 * type, rights a subset, a set badge kept, an SMC range inside the parent's. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <kernel/cap.h>
#include <warden/syscall.h>

#define SLOTS 32
static struct cap slots[SLOTS];
static int objects[4];

static void check(bool ok, int slot, const char *what)
{
	if (!ok) {
		fprintf(stderr, "fuzz_cap: oracle failed at slot %d: %s\n", slot, what);
		abort();
	}
}

static bool in_cnode(const struct cap *c)
{
	return c >= slots && c < slots + SLOTS;
}

static void check_all(void)
{
	for (int i = 0; i < SLOTS; i++) {
		const struct cap *c = &slots[i];
		if (cap_is_null(c)) {
			check(!c->parent && !c->child && !c->next && !c->prev, i,
			      "an empty slot in the tree");
			continue;
		}
		check(!c->child || (in_cnode(c->child) && c->child->parent == c && !c->child->prev),
		      i, "first-child link");
		check(!c->next || (in_cnode(c->next) && c->next->prev == c), i, "sibling link");
		check(!c->prev || (in_cnode(c->prev) && c->prev->next == c), i, "back link");
		const struct cap *p = c->parent;
		if (!p)
			continue;
		check(in_cnode(p) && !cap_is_null(p), i, "parent is not a capability");
		check(p->type == c->type && p->obj == c->obj, i, "child names another object");
		check(!(c->rights & ~p->rights), i, "child has rights its parent lacks");
		if (c->type == CAP_SMC)
			check(c->smc.first >= p->smc.first && c->smc.last <= p->smc.last &&
				  c->smc.first <= c->smc.last,
			      i, "child's SMC range is not inside its parent's");
		else if (p->badge)
			check(c->badge == p->badge, i, "child lost its parent's badge");
		int depth = 0;
		for (const struct cap *a = p; a; a = a->parent)
			check(++depth < SLOTS, i, "a cycle in the tree");
	}
}

static void revoke_hook(struct cap *c)
{
	check(in_cnode(c) && !cap_is_null(c), -1, "revoke removes a non-capability");
}

static u64 take(const u8 **p, const u8 *end, unsigned n)
{
	u64 v = 0;
	for (unsigned i = 0; i < n && *p < end; i++)
		v |= (u64) * (*p)++ << (8 * i);
	return v;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const u8 *p = data, *end = data + size;

	memset(slots, 0, sizeof(slots));
	/* Roots: one per type, full rights; the SMC roots cover two services' ranges. */
	static const u8 types[] = {CAP_ENDPOINT, CAP_NOTIFICATION, CAP_SMC,
				   CAP_SMC,	 CAP_CNODE,	   CAP_TCB};
	for (unsigned i = 0; i < sizeof(types); i++) {
		slots[1 + i].type = types[i];
		slots[1 + i].rights = CAP_RIGHTS_ALL;
		slots[1 + i].obj = &objects[i % 4];
	}
	/* As the builder writes them: the PSCI root with its hazards accepted. */
	slots[3].smc.first = 0x84000000u, slots[3].smc.last = 0x8400001fu;
	slots[3].smc_flags = smc_cap_flags(0x84000000u, 0x8400001fu, true);
	slots[4].smc.first = 0xc2000000u, slots[4].smc.last = 0xc20000ffu;
	slots[4].smc_flags = smc_cap_flags(0xc2000000u, 0xc20000ffu, false);
	slots[4].obj = &objects[3];

	while (p < end) {
		u8 op = (u8)take(&p, end, 1);
		struct cap *a = &slots[take(&p, end, 1) % SLOTS];
		struct cap *b = &slots[take(&p, end, 1) % SLOTS];
		switch (op % 5) {
		case 0: { /* Mint: rights, badge (also the SMC range's first), last */
			u64 rights = take(&p, end, 1) & (op & 0x80 ? 0xff : CAP_RIGHTS_ALL);
			u64 arg3 = take(&p, end, 8), arg4 = take(&p, end, 8);
			if (op & 0x40 && b->type == CAP_SMC) { /* near the source's range */
				arg3 = b->smc.first + (arg3 & 0x3f) - 0x10;
				arg4 = b->smc.last + (arg4 & 0x3f) - 0x20;
			}
			struct cap minted;
			if (cap_is_null(b) || !cap_is_null(a) || a == b)
				break;
			if (cap_mint_check(b, rights, arg3, arg3, arg4, &minted) != WARDEN_OK)
				break;
			cap_derive(a, b);
			a->rights = minted.rights;
			a->badge = minted.badge;
			break;
		}
		case 1:
			if (!cap_is_null(b) && cap_is_null(a) && a != b)
				cap_derive(a, b);
			break;
		case 2:
			if (!cap_is_null(b) && cap_is_null(a) && a != b)
				cap_move(a, b);
			break;
		case 3:
			if (!cap_is_null(a))
				cap_remove(a);
			break;
		case 4:
			if (!cap_is_null(a)) {
				cap_revoke(a, revoke_hook);
				for (int i = 0; i < SLOTS; i++)
					check(!cap_is_descendant(&slots[i], a), i,
					      "a descendant survived revoke");
			}
			break;
		}
		check_all();
	}
	return 0;
}
