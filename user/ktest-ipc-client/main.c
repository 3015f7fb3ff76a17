/* Kernel test, IPC clients: two instances with endpoint badges 0xA and 0xB (read back with
 * Describe). Slots: 1 own CNode, 2 endpoint (send only, badged), 3 notification (signal, badge
 * 1 or 2), 4 an endpoint nobody else uses (send and receive). */
#include <warden/check.h>

#define EP 2
#define NTFN 3
#define LONELY 4

static u64 pattern(u32 i)
{
	return 0x1111111111111111ull * (i % 15 + 1) ^ i;
}

static void client_a(void)
{
	struct msg m = {.info = MSG_INFO(1, 0, 1), .mr = {7}};
	long st;

	st = w_nbrecv(EP, &m);
	check(st == WARDEN_INSUFFICIENT_RIGHTS, "kernel receive on send-only cap refused", "%s",
	      w_strerror(st));
	st = w_nbsend(LONELY, &m);
	check(st == WARDEN_WOULD_BLOCK, "kernel NBSend with no receiver", "%s", w_strerror(st));
	st = w_nbrecv(LONELY, &m);
	check(st == WARDEN_WOULD_BLOCK, "kernel NBSend with no receiver is not queued", "%s",
	      w_strerror(st));
	m.info = MSG_INFO(1, 0, 100);
	st = w_call(EP, &m);
	check(st == WARDEN_TRUNCATED_MESSAGE, "kernel Call longer than 64 words refused", "%s",
	      w_strerror(st));
	m.info = MSG_INFO(1, 0, 1);
	st = w_call(NTFN, &m);
	check(st == WARDEN_ILLEGAL_OPERATION, "kernel Call on a notification refused", "%s",
	      w_strerror(st));

	m.info = MSG_INFO(0x77, 0, 20);
	for (u32 i = 0; i < 20; i++)
		m.mr[i] = pattern(i);
	warden_ipc_buffer[IPCBUF_MR + 29] = 0;
	st = w_call(EP, &m);
	bool data_ok = MSG_LEN(m.info) == 30;
	for (u32 i = 0; data_ok && i < 30; i++)
		data_ok = m.mr[i] == ~pattern(i);
	check(st == WARDEN_OK && MSG_LABEL(m.info) == 0x78 && data_ok,
	      "kernel reply delivers label and 30 words", "%s label %lx len %lu", w_strerror(st),
	      MSG_LABEL(m.info), MSG_LEN(m.info));

	st = w_signal(NTFN);
	check(st == WARDEN_OK, "kernel Signal", "%s", w_strerror(st));
	m.info = MSG_INFO(0x79, 0, 2);
	m.mr[0] = 0xabc;
	m.mr[1] = 0xdef;
	st = w_send(EP, &m);
	check(st == WARDEN_OK, "kernel Send to a waiting receiver", "%s", w_strerror(st));
}

static void client_b(void)
{
	struct msg m = {.info = MSG_INFO(0x7b, 0, 1), .mr = {0xb0b}};
	long st;

	st = w_signal(NTFN);
	check(st == WARDEN_OK, "kernel Signal with a second badge", "%s", w_strerror(st));
	st = w_send(EP, &m);
	check(st == WARDEN_OK, "kernel Send from the second client", "%s", w_strerror(st));
}

int main(void)
{
	u64 d[3] = {0};

	w_cnode_describe(1, EP, d);
	if (d[2] == 0xA)
		client_a();
	else if (d[2] == 0xB)
		client_b();
	else
		check(false, "ipc client identity", "endpoint badge %lx", d[2]);
	return 0;
}
