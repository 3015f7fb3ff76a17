/* Demo (use case 2, docs/broker.md): client-b of the SMC broker, which reaches the secure world
 * only through the broker over IPC; the broker checks each call against client-b's policy. */
#include <warden/broker_client.h>
#include <warden/format.h>
#include <warden/sip.h>
#include <warden/smccc.h>
#include <warden/smccc_names.h>

#define BROKER 1 /* endpoint capability, badge 2 */

static const char *const broker_status[] = {"OK",	 "NOT_IN_POLICY", "REVOKED",
					    "MALFORMED", "NO_CAPABILITY", "DENIED"};

/* One line per call, printed at once so that the two clients' lines never mix. */
static void via_broker(u32 fid, u64 x1)
{
	struct smc_regs r = {{fid, x1}};
	long bst = -1, st = w_broker_call(BROKER, &r, &bst);
	char out[120];

	if (st != WARDEN_OK)
		format_buf(out, sizeof(out), "no broker: %s", w_strerror(st));
	else if (bst != BROKER_OK)
		format_buf(out, sizeof(out), "refused by the broker: %s",
			   bst >= 0 && bst < 6 ? broker_status[bst] : "?");
	else if ((s64)r.x[0] < 0)
		format_buf(out, sizeof(out), "secure world says %ld", (s64)r.x[0]);
	else
		format_buf(out, sizeof(out), "x0 0x%lx x1 0x%lx x2 0x%lx x3 0x%lx", r.x[0], r.x[1],
			   r.x[2], r.x[3]);
	w_printf("  client-b %-7s %-26s -> %s\n", "broker", smccc_fid_name(fid), out);
}

int main(void)
{
	w_printf("demo-broker-client-b: no SMC capability of my own; asking the broker\n");
	via_broker(TRNG_VERSION, 0);
	via_broker(TRNG_RND64, 64);
	via_broker(SIP_MONOTONIC_INCREMENT64, 5); /* client-a's, not client-b's */
	via_broker(PSCI_VERSION, 0);		  /* the broker holds it; no client may call it */
	return 0;
}
