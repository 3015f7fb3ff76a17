/* CNode invocations: Copy, Mint, Move, Delete, Revoke, Describe. Slots are indexes into the
 * invoked CNode. */
#include <kernel/cap.h>
#include <kernel/invoke.h>
#include <kernel/ipc.h>
#include <warden/syscall.h>

void cnode_remove_cap(struct cap *c)
{
	ipc_cap_removed(c);
	cap_remove(c);
}

static void revoke_one(struct cap *c)
{
	ipc_cap_removed(c);
}

static struct cap *slot_at(struct cnode *cn, u64 slot)
{
	return slot < (1ull << cn->bits) && slot != 0 ? &cn->slots[slot] : NULL;
}

void cnode_invoke(struct tcb *t, struct cap *c, u64 label, u32 len)
{
	struct cnode *cn = c->obj;
	static const u8 needed[] = {[CNODE_COPY] = 2,	[CNODE_MINT] = 5,   [CNODE_MOVE] = 2,
				    [CNODE_DELETE] = 1, [CNODE_REVOKE] = 1, [CNODE_DESCRIBE] = 1};

	/* Decode: label, length, slots. */
	if (label == 0 || label >= ARRAY_SIZE(needed)) {
		invoke_result(t, WARDEN_ILLEGAL_OPERATION, NULL, 0);
		return;
	}
	if (len < needed[label]) {
		invoke_result(t, WARDEN_TRUNCATED_MESSAGE, NULL, 0);
		return;
	}
	struct cap *a = slot_at(cn, invoke_arg(t, 0));
	if (!a) {
		invoke_result(t, WARDEN_INVALID_CAP, NULL, 0);
		return;
	}
	if (label == CNODE_DELETE || label == CNODE_REVOKE || label == CNODE_DESCRIBE) {
		if (label != CNODE_DESCRIBE && cap_is_null(a)) {
			invoke_result(t, WARDEN_INVALID_CAP, NULL, 0);
			return;
		}
		if (label == CNODE_DELETE) {
			cnode_remove_cap(a);
		} else if (label == CNODE_REVOKE) {
			cap_revoke(a, revoke_one);
		} else {
			u64 v[3] = {a->type, a->rights, a->badge};
			invoke_result(t, WARDEN_OK, v, 3);
			return;
		}
		invoke_result(t, WARDEN_OK, NULL, 0);
		return;
	}
	/* Copy, Mint, Move: a = destination (empty), b = source (full). */
	struct cap *b = slot_at(cn, invoke_arg(t, 1));
	if (!b || cap_is_null(b)) {
		invoke_result(t, WARDEN_INVALID_CAP, NULL, 0);
		return;
	}
	if (!cap_is_null(a)) {
		invoke_result(t, WARDEN_DELETE_FIRST, NULL, 0);
		return;
	}
	if (label == CNODE_MINT) {
		struct cap minted;
		u64 badge = invoke_arg(t, 3);
		int err = cap_mint_check(b, invoke_arg(t, 2), badge, invoke_arg(t, 3),
					 invoke_arg(t, 4), &minted);
		if (err) {
			invoke_result(t, (u64)err, NULL, 0);
			return;
		}
		cap_derive(a, b);
		a->rights = minted.rights;
		a->badge = minted.badge;
	} else if (label == CNODE_COPY) {
		cap_derive(a, b);
	} else {
		cap_move(a, b);
	}
	invoke_result(t, WARDEN_OK, NULL, 0);
}
