/* Kernel test, capability operations (the driver): CNode Copy, Mint, Move, Delete, Revoke and
 * Describe with their refusals; capabilities granted in messages; revocation reaching other
 * components' CNodes, a thread blocked through a revoked capability, and a blocked sender's
 * message. Slots: 1 own CNode, 2 endpoint ep2 (send, grant), 3 notification (wait, signal),
 * 4 capb's CNode, 5 capc's CNode, 6 endpoint ep3 (rw), 7 endpoint ep2 (send, no grant). */
#include <warden/check.h>

#define SELF 1
#define EP2 2
#define NTFN 3
#define CNODE_B 4
#define CNODE_C 5
#define EP3 6
#define EP2_NOGRANT 7
#define SLOTS 64 /* cnode_bits="6" */

#define R CAP_RIGHT_READ
#define W CAP_RIGHT_WRITE
#define G CAP_RIGHT_GRANT

static bool slot_is(u64 cnode, u64 slot, u64 type, u64 rights, u64 badge)
{
	u64 d[3] = {~0ul, ~0ul, ~0ul};
	long st = w_cnode_describe(cnode, slot, d);

	if (st == WARDEN_OK && d[0] == type && (type == 0 || (d[1] == rights && d[2] == badge)))
		return true;
	w_printf("  slot %lu: %s type %lu rights %lu badge %lx (expected %lu %lu %lx)\n", slot,
		 w_strerror(st), d[0], d[1], d[2], type, rights, badge);
	return false;
}

static void expect(long st, long want, const char *name)
{
	check(st == want, name, "%s, expected %s", w_strerror(st), w_strerror(want));
}

/* Sends label (with one capability from cap_slot if nonzero) to capb. */
static long send_to_b(u64 ep, u64 label, u64 cap_slot)
{
	struct msg m = {.info = MSG_INFO(label, cap_slot ? 1 : 0, 1), .mr = {label}};

	warden_ipc_buffer[IPCBUF_CAPS] = cap_slot;
	return w_send(ep, &m);
}

static void cnode_ops(void)
{
	u64 args[2] = {10, 6};

	check(slot_is(SELF, EP3, CAP_ENDPOINT, R | W, 0), "kernel Describe a full slot", "");
	check(slot_is(SELF, 10, 0, 0, 0), "kernel Describe an empty slot", "");
	u64 d[3];
	expect(w_cnode_describe(SELF, SLOTS, d), WARDEN_INVALID_CAP,
	       "kernel Describe out of range refused");
	expect(w_cnode_copy(SELF, 10, EP3), WARDEN_OK, "kernel Copy");
	check(slot_is(SELF, 10, CAP_ENDPOINT, R | W, 0), "kernel Copy makes an equal cap", "");
	expect(w_cnode_copy(SELF, 10, EP3), WARDEN_DELETE_FIRST,
	       "kernel Copy into an occupied slot refused");
	expect(w_cnode_copy(SELF, 11, 12), WARDEN_INVALID_CAP,
	       "kernel Copy from an empty slot refused");
	expect(w_cnode_copy(SELF, 0, EP3), WARDEN_INVALID_CAP, "kernel Copy into slot 0 refused");
	expect(w_cnode_copy(SELF, SLOTS + 5, EP3), WARDEN_INVALID_CAP,
	       "kernel Copy out of range refused");
	expect(w_cnode_copy(NTFN, 11, EP3), WARDEN_ILLEGAL_OPERATION,
	       "kernel CNode invocation on a notification refused");
	expect(w_invoke(SELF, 99, args, 2, NULL, 0), WARDEN_ILLEGAL_OPERATION,
	       "kernel unknown CNode label refused");
	expect(w_invoke(SELF, CNODE_COPY, args, 1, NULL, 0), WARDEN_TRUNCATED_MESSAGE,
	       "kernel CNode Copy with one argument refused");
	expect(w_cnode_copy(42, 11, EP3), WARDEN_INVALID_CAP, "kernel invocation on empty slot");

	expect(w_cnode_mint(SELF, 11, EP3, R, 0x55), WARDEN_OK, "kernel Mint badge and rights");
	check(slot_is(SELF, 11, CAP_ENDPOINT, R, 0x55), "kernel Mint result described", "");
	expect(w_cnode_mint(SELF, 12, 11, R | W, 0x55), WARDEN_INSUFFICIENT_RIGHTS,
	       "kernel Mint widening rights refused");
	expect(w_cnode_mint(SELF, 12, 11, R, 0x66), WARDEN_ILLEGAL_OPERATION,
	       "kernel Mint re-badging refused");
	check(slot_is(SELF, 12, 0, 0, 0), "kernel refused Mint leaves the slot empty", "");
	expect(w_cnode_mint(SELF, 12, 11, R, 0x55), WARDEN_OK, "kernel Mint keeping the badge");
	expect(w_cnode_mint(SELF, 14, NTFN, 0, 0x9), WARDEN_OK, "kernel Mint to no rights");
	long st = w_signal(14);
	expect(st, WARDEN_INSUFFICIENT_RIGHTS, "kernel Signal without write right refused");

	expect(w_cnode_move(SELF, 13, 12), WARDEN_OK, "kernel Move");
	check(slot_is(SELF, 12, 0, 0, 0) && slot_is(SELF, 13, CAP_ENDPOINT, R, 0x55),
	      "kernel Move empties the source", "");
	expect(w_cnode_move(SELF, 13, 10), WARDEN_DELETE_FIRST,
	       "kernel Move into an occupied slot refused");
	expect(w_cnode_delete(SELF, 13), WARDEN_OK, "kernel Delete");
	check(slot_is(SELF, 13, 0, 0, 0), "kernel Delete empties the slot", "");
	expect(w_cnode_delete(SELF, 13), WARDEN_INVALID_CAP, "kernel Delete of an empty slot");

	expect(w_cnode_revoke(SELF, EP3), WARDEN_OK, "kernel Revoke");
	check(slot_is(SELF, 10, 0, 0, 0) && slot_is(SELF, 11, 0, 0, 0) &&
		  slot_is(SELF, EP3, CAP_ENDPOINT, R | W, 0),
	      "kernel Revoke deletes children, keeps the cap", "");
	expect(w_cnode_revoke(SELF, 13), WARDEN_INVALID_CAP, "kernel Revoke of an empty slot");
	w_cnode_delete(SELF, 14);
}

int main(void)
{
	u64 word = 0;
	long st;

	cnode_ops();

	/* Grant: a badged notification cap travels to capb, which signals through it. */
	expect(w_cnode_mint(SELF, 16, NTFN, W, 0x40), WARDEN_OK, "kernel Mint cap to grant");
	st = send_to_b(EP2, 1, 16);
	expect(st, WARDEN_OK, "kernel Send with a capability");
	st = w_poll(NTFN, &word);
	check(st == WARDEN_OK && word == 0x40, "kernel granted capability works", "%s, word %lx",
	      w_strerror(st), word);
	check(slot_is(SELF, 16, CAP_NOTIFICATION, W, 0x40), "kernel granting copies, keeps", "");

	st = send_to_b(EP2_NOGRANT, 9, NTFN);
	expect(st, WARDEN_INSUFFICIENT_RIGHTS, "kernel capability without grant right refused");

	/* capb blocks in Recv through an endpoint cap derived from slot 17; revoke it. */
	expect(w_cnode_copy(SELF, 17, EP3), WARDEN_OK, "kernel Copy endpoint to grant");
	expect(send_to_b(EP2, 2, 17), WARDEN_OK, "kernel Send endpoint cap");
	expect(w_cnode_revoke(SELF, 17), WARDEN_OK, "kernel Revoke under a blocked receiver");
	check(slot_is(CNODE_B, 21, 0, 0, 0), "kernel Revoke reaches another CNode", "");

	/* The notification granted earlier: revoking the original removes both copies. */
	check(slot_is(CNODE_B, 20, CAP_NOTIFICATION, W, 0x40), "kernel granted cap in capb", "");
	expect(w_cnode_revoke(SELF, NTFN), WARDEN_OK, "kernel Revoke notification");
	check(slot_is(SELF, 16, 0, 0, 0) && slot_is(CNODE_B, 20, 0, 0, 0) &&
		  slot_is(SELF, NTFN, CAP_NOTIFICATION, R | W, 0),
	      "kernel Revoke removes grandchildren everywhere", "");

	/* capc is blocked sending a cap derived from its slot 2: revoke that, then let capb
	 * receive the message. */
	check(slot_is(CNODE_C, 3, CAP_NOTIFICATION, W, 0x7), "kernel capc's derived cap", "");
	expect(w_cnode_revoke(CNODE_C, 2), WARDEN_OK, "kernel Revoke a blocked sender's cap");
	check(slot_is(CNODE_C, 3, 0, 0, 0), "kernel blocked sender's cap deleted", "");
	expect(send_to_b(EP2, 3, 0), WARDEN_OK, "kernel tell capb to receive");
	return 0;
}
