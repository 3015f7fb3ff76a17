/* Kernel test, capability operations (the receiver, above ktest-cap-a's priority): takes
 * granted capabilities, blocks through one that gets revoked, and receives a blocked sender's
 * message whose capability was revoked. Slots: 1 own CNode, 2 endpoint ep2 (receive),
 * 6 endpoint ep4 (receive). */
#include <warden/check.h>

#define EP2 2
#define EP4 6

static u64 described_type(u64 slot)
{
	u64 d[3] = {~0ul};

	w_cnode_describe(1, slot, d);
	return d[0];
}

int main(void)
{
	struct msg m;
	long st;

	/* 1: a notification cap arrives in slot 20 and works. */
	warden_ipc_buffer[IPCBUF_RECV_SLOT] = 20;
	st = w_recv(EP2, &m);
	check(st == WARDEN_OK && MSG_LABEL(m.info) == 1 && MSG_CAPS(m.info) == 1 &&
		  warden_ipc_buffer[IPCBUF_RECV_CAPS] == 1 &&
		  described_type(20) == CAP_NOTIFICATION,
	      "kernel capability arrives with grant", "%s label %lu caps %lu/%lu type %lu",
	      w_strerror(st), MSG_LABEL(m.info), MSG_CAPS(m.info),
	      warden_ipc_buffer[IPCBUF_RECV_CAPS], described_type(20));
	st = w_signal(20);
	check(st == WARDEN_OK, "kernel Signal through a granted cap", "%s", w_strerror(st));

	/* 2: an endpoint cap arrives in slot 21 (the no-grant send before it never arrives);
	 * block on it until it is revoked. */
	warden_ipc_buffer[IPCBUF_RECV_SLOT] = 21;
	st = w_recv(EP2, &m);
	check(st == WARDEN_OK && MSG_LABEL(m.info) == 2 && described_type(21) == CAP_ENDPOINT,
	      "kernel endpoint cap arrives", "%s label %lu type %lu", w_strerror(st),
	      MSG_LABEL(m.info), described_type(21));
	warden_ipc_buffer[IPCBUF_RECV_SLOT] = 0;
	st = w_recv(21, &m);
	check(st == WARDEN_REVOKED, "kernel blocked receiver wakes with REVOKED", "%s",
	      w_strerror(st));
	check(described_type(21) == 0, "kernel revoked cap gone from the receiver", "type %lu",
	      described_type(21));

	/* 3: receive capc's message, whose capability was revoked while capc waited. */
	st = w_recv(EP2, &m);
	check(st == WARDEN_OK && MSG_LABEL(m.info) == 3, "kernel go-ahead received", "%s",
	      w_strerror(st));
	warden_ipc_buffer[IPCBUF_RECV_SLOT] = 23;
	warden_ipc_buffer[IPCBUF_RECV_CAPS] = 77;
	st = w_recv(EP4, &m);
	check(st == WARDEN_OK && m.mr[0] == 0xc0ffee && MSG_CAPS(m.info) == 0 &&
		  warden_ipc_buffer[IPCBUF_RECV_CAPS] == 0 && described_type(23) == 0,
	      "kernel revoked cap of a blocked sender is not transferred",
	      "%s mr0 %lx caps %lu/%lu type %lu", w_strerror(st), m.mr[0], MSG_CAPS(m.info),
	      warden_ipc_buffer[IPCBUF_RECV_CAPS], described_type(23));
	return 0;
}
