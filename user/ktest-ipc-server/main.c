/* Kernel test, IPC server side: receive-side refusals, Call/ReplyRecv with a long message,
 * Send/Recv, badges, Reply with nobody to reply to, notification badges ORed together.
 * Slots: 1 own CNode, 2 endpoint (receive only), 3 notification (wait only). */
#include <warden/check.h>

#define EP 2
#define NTFN 3

static u64 pattern(u32 i)
{
	return 0x1111111111111111ull * (i % 15 + 1) ^ i;
}

int main(void)
{
	struct msg m = {.info = MSG_INFO(1, 0, 1), .mr = {42}};
	u64 word = 99;
	long st;

	st = w_send(EP, &m);
	check(st == WARDEN_INSUFFICIENT_RIGHTS, "kernel send on receive-only cap refused", "%s",
	      w_strerror(st));
	st = w_nbrecv(EP, &m);
	check(st == WARDEN_WOULD_BLOCK, "kernel NBRecv with no sender", "%s", w_strerror(st));
	st = w_reply(&m);
	check(st == WARDEN_NO_REPLY, "kernel Reply with no caller", "%s", w_strerror(st));
	st = w_poll(NTFN, &word);
	check(st == WARDEN_OK && word == 0, "kernel Poll on idle notification", "%s, word %lu",
	      w_strerror(st), word);
	st = w_recv(1, &m);
	check(st == WARDEN_ILLEGAL_OPERATION, "kernel Recv on a CNode cap refused", "%s",
	      w_strerror(st));
	st = w_recv(9, &m);
	check(st == WARDEN_INVALID_CAP, "kernel Recv on an empty slot refused", "%s",
	      w_strerror(st));
	st = w_recv(1u << 20, &m);
	check(st == WARDEN_INVALID_CAP, "kernel Recv on a slot out of range refused", "%s",
	      w_strerror(st));

	/* Client 0xA calls with 20 words: MR0..5 in registers, the rest in the IPC buffer. */
	st = w_recv(EP, &m);
	bool data_ok = MSG_LEN(m.info) == 20;
	for (u32 i = 0; data_ok && i < 20; i++)
		data_ok = m.mr[i] == pattern(i);
	check(st == WARDEN_OK && m.badge == 0xA && warden_ipc_buffer[IPCBUF_BADGE] == 0xA &&
		  MSG_LABEL(m.info) == 0x77 && data_ok,
	      "kernel Call delivers label, badge and 20 words", "%s badge %lx label %lx len %lu",
	      w_strerror(st), m.badge, MSG_LABEL(m.info), MSG_LEN(m.info));

	m.info = MSG_INFO(0x78, 0, 30);
	for (u32 i = 0; i < 30; i++)
		m.mr[i] = ~pattern(i);
	st = w_reply_recv(EP, &m);
	check(st == WARDEN_OK && m.badge == 0xA && MSG_LABEL(m.info) == 0x79 &&
		  MSG_LEN(m.info) == 2 && m.mr[0] == 0xabc && m.mr[1] == 0xdef,
	      "kernel ReplyRecv then Send/Recv", "%s badge %lx label %lx len %lu", w_strerror(st),
	      m.badge, MSG_LABEL(m.info), MSG_LEN(m.info));
	st = w_reply(&m);
	check(st == WARDEN_NO_REPLY, "kernel Reply after a Send (no caller)", "%s", w_strerror(st));

	st = w_recv(EP, &m);
	check(st == WARDEN_OK && m.badge == 0xB && MSG_LABEL(m.info) == 0x7b && m.mr[0] == 0xb0b,
	      "kernel badges identify the second client", "%s badge %lx label %lx", w_strerror(st),
	      m.badge, MSG_LABEL(m.info));

	st = w_wait(NTFN, &word);
	check(st == WARDEN_OK && word == 3, "kernel notification badges OR together",
	      "%s, word %lu", w_strerror(st), word);
	st = w_poll(NTFN, &word);
	check(st == WARDEN_OK && word == 0, "kernel Wait clears the notification word",
	      "%s, word %lu", w_strerror(st), word);
	return 0;
}
