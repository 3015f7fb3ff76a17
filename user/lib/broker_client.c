/* The client side of the SMC broker protocol (warden/broker_client.h). */
#include <warden/broker_client.h>

static long broker_smc(u64 ep, u64 label, u32 regs, struct smc_regs *r, long *broker_status)
{
	struct msg m;
	long st;

	m.info = MSG_INFO(label, 0, regs);
	for (u32 i = 0; i < regs; i++)
		m.mr[i] = r->x[i];
	st = w_call(ep, &m);
	if (st != WARDEN_OK)
		return st;
	if (MSG_LEN(m.info) < 2) {
		/* Not a broker's answer. */
		if (broker_status)
			*broker_status = BROKER_MALFORMED;
		r->x[0] = (u64)-1;
		return WARDEN_OK;
	}
	if (broker_status)
		*broker_status = (long)m.mr[0];
	for (u32 i = 0; i < regs && i + 1 < MSG_LEN(m.info); i++)
		r->x[i] = m.mr[i + 1];
	return WARDEN_OK;
}

long w_broker_call(u64 broker_ep, struct smc_regs *r, long *broker_status)
{
	return broker_smc(broker_ep, BROKER_SMC, 8, r, broker_status);
}

long w_broker_call_ext(u64 broker_ep, struct smc_regs *r, long *broker_status)
{
	return broker_smc(broker_ep, BROKER_SMC_EXT, 18, r, broker_status);
}

long w_broker_delegate(u64 broker_ep, u32 first, u32 last, u64 dest_slot)
{
	struct msg m = {.info = MSG_INFO(BROKER_DELEGATE, 0, 2), .mr = {first, last}};
	u64 saved = warden_ipc_buffer[IPCBUF_RECV_SLOT];
	long st;

	warden_ipc_buffer[IPCBUF_RECV_SLOT] = dest_slot;
	st = w_call(broker_ep, &m);
	warden_ipc_buffer[IPCBUF_RECV_SLOT] = saved;
	if (st != WARDEN_OK)
		return -st;
	if (!MSG_LEN(m.info))
		return BROKER_MALFORMED;
	if (m.mr[0] == BROKER_OK && MSG_CAPS(m.info) != 1)
		return -WARDEN_INVALID_CAP; /* granted, but it could not land in dest_slot */
	return (long)m.mr[0];
}

static long admin_call(u64 ep, u64 label, u64 badge, u64 out[2])
{
	struct msg m = {.info = MSG_INFO(label, 0, 1), .mr = {badge}};
	long st = w_call(ep, &m);

	if (st != WARDEN_OK)
		return -st;
	if (!MSG_LEN(m.info))
		return BROKER_MALFORMED;
	if (out) {
		out[0] = MSG_LEN(m.info) > 1 ? m.mr[1] : 0;
		out[1] = MSG_LEN(m.info) > 2 ? m.mr[2] : 0;
	}
	return (long)m.mr[0];
}

long w_broker_revoke(u64 broker_ep, u64 client_badge)
{
	return admin_call(broker_ep, BROKER_REVOKE, client_badge, NULL);
}

long w_broker_stats(u64 broker_ep, u64 client_badge, u64 *forwarded, u64 *refused)
{
	u64 out[2] = {0, 0};
	long st = admin_call(broker_ep, BROKER_STATS, client_badge, out);

	if (forwarded)
		*forwarded = out[0];
	if (refused)
		*refused = out[1];
	return st;
}
