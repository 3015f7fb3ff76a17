/* Receives an SMC capability from smctest and uses it on request (tests/system/smc-cap.xml).
 * Label 1: a capability arrives in slot 5; label 2: use slot 5 again. Replies MR0 = status of
 * the SMC invocation, MR1 = x0, MR2 = capabilities received. */
#include <warden/smccc.h>
#include <warden/warden.h>

#define EP 1
#define RECV_SLOT 5

int main(void)
{
	struct msg m;

	warden_ipc_buffer[IPCBUF_RECV_SLOT] = RECV_SLOT;
	long st = w_recv(EP, &m);
	while (st == WARDEN_OK) {
		struct smc_regs r = {{PSCI_VERSION}};
		long s = w_smc_call(RECV_SLOT, &r);
		m.mr[0] = (u64)s;
		m.mr[1] = r.x[0];
		m.mr[2] = warden_ipc_buffer[IPCBUF_RECV_CAPS];
		m.info = MSG_INFO(0, 0, 3);
		st = w_reply_recv(EP, &m);
	}
	return (int)st;
}
