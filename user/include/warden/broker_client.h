/* Calling the SMC broker (docs/broker.md, lib/include/warden/broker.h): the same struct
 * smc_regs a component would use with an SMC capability, sent over IPC to the broker, which
 * checks this client's policy and makes the call with its own capability. */
#ifndef WARDEN_BROKER_CLIENT_H
#define WARDEN_BROKER_CLIENT_H
#include <warden/broker.h>
#include <warden/warden.h>

/* The SMCCC <= 1.1 form: x0..x7 of r go to the broker and come back as the secure world
 * answered. Returns the IPC status (WARDEN_*): anything but WARDEN_OK means the broker was not
 * reached (r unchanged). *broker_status (may be NULL) is the broker's BROKER_* status; on a
 * refusal r->x[0] is SMCCC NOT_SUPPORTED (-1) and x1..x7 are unchanged. */
long w_broker_call(u64 broker_ep, struct smc_regs *r, long *broker_status);

/* The SMCCC 1.2 form: x0..x17. */
long w_broker_call_ext(u64 broker_ep, struct smc_regs *r, long *broker_status);

/* Asks for a reduced SMC capability [first, last] (inside this client's policy), which lands
 * in dest_slot of the caller's CNode (an empty slot). Returns the broker's BROKER_* status
 * (BROKER_OK: the capability is in dest_slot), or -(WARDEN_* status) if the IPC failed, or
 * -WARDEN_INVALID_CAP if the broker granted it but it could not land (dest_slot occupied or
 * outside the CNode). */
long w_broker_delegate(u64 broker_ep, u32 first, u32 last, u64 dest_slot);

/* Administrator only (an endpoint capability badged BROKER_ADMIN_BADGE): revokes every
 * capability the broker delegated to the client with client_badge. Returns the broker's
 * BROKER_* status, or -(WARDEN_* status) if the IPC itself failed. */
long w_broker_revoke(u64 broker_ep, u64 client_badge);

/* The broker's counts for client_badge (BROKER_STATS). Returns the broker's status, or
 * -(WARDEN_* status) if the IPC failed. */
long w_broker_stats(u64 broker_ep, u64 client_badge, u64 *forwarded, u64 *refused);

#endif
