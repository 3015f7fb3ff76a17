/* Client-b of the broker system test (tests/system/broker.xml): does what broker-test-a asks on
 * to_b and answers on to_a. */
#include <warden/broker_client.h>
#include <warden/sip.h>
#include <warden/smccc.h>

#include "../broker-test-a/shared.h"

#define BROKER 2
#define TO_B 5
#define TO_A 6
#define DELEGATED 30

int main(void)
{
	struct msg m, out;

	while (w_recv(TO_B, &m) == WARDEN_OK) {
		struct smc_regs r = {{0}};
		long st, bst = -1;

		out.info = MSG_INFO(0, 0, 3);
		switch (MSG_LABEL(m.info)) {
		case CMD_DELEGATE:
			out.mr[0] = (u64)w_broker_delegate(BROKER, SIP_MONOTONIC_READ64,
							   SIP_MONOTONIC_READ64, DELEGATED);
			/* fall through: use it */
		case CMD_USE:
			r.x[0] = SIP_MONOTONIC_READ64;
			r.x[1] = 0;
			out.mr[1] = (u64)w_smc_call(DELEGATED, &r);
			out.mr[2] = r.x[0];
			break;
		case CMD_INTERLEAVE: {
			u32 n = (u32)m.mr[0], ok = 0;

			for (u32 i = 0; i < n && i < INTERLEAVE_MAX; i++) {
				r = (struct smc_regs){{SIP_MONOTONIC_INCREMENT64, SHARED_COUNTER}};
				st = w_broker_call(BROKER, &r, &bst);
				if (st == WARDEN_OK && bst == BROKER_OK && r.x[0] == 0) {
					out.mr[1 + ok++] = r.x[1];
					order_append('B');
				}
				/* and one the policy refuses, which must never reach EL3 */
				r = (struct smc_regs){{PSCI_VERSION}};
				w_broker_call(BROKER, &r, &bst);
				w_yield();
			}
			out.mr[0] = ok;
			out.info = MSG_INFO(0, 0, 1 + ok);
			break;
		}
		default:
			return 0;
		}
		w_send(TO_A, &out);
	}
	return 1;
}
