/* Demo (use case 2, docs/broker.md): client-a of the SMC broker. It asks the broker for a
 * capability for one SiP function and calls the secure world with it directly; the
 * administrator then revokes everything the broker delegated to client-a, and client-a falls
 * back to asking the broker over IPC, which still checks its policy. */
#include <warden/broker_client.h>
#include <warden/format.h>
#include <warden/sip.h>
#include <warden/smccc.h>
#include <warden/smccc_names.h>

#define CNODE 1
#define BROKER 2    /* endpoint capability, badge 1 */
#define ADMIN_GO 3  /* notification: "the delegation has been used" */
#define RESUME 4    /* notification: the administrator is done */
#define DELEGATED 8 /* where the broker's capability lands */
#define COUNTER 5   /* the monitor's monotonic counter this demo uses */

static const char *const broker_status[] = {"OK",	 "NOT_IN_POLICY", "REVOKED",
					    "MALFORMED", "NO_CAPABILITY", "DENIED"};

/* One line per call, printed at once so that the two clients' lines never mix. */
static void show(const char *how, u32 fid, long st, long bst, const struct smc_regs *r)
{
	char out[120];

	if (st != WARDEN_OK)
		format_buf(out, sizeof(out), "refused by the kernel: %s (never reached EL3)",
			   w_strerror(st));
	else if (bst != BROKER_OK)
		format_buf(out, sizeof(out), "refused by the broker: %s",
			   bst >= 0 && bst < 6 ? broker_status[bst] : "?");
	else
		format_buf(out, sizeof(out), "x0 0x%lx x1 0x%lx x2 0x%lx x3 0x%lx", r->x[0],
			   r->x[1], r->x[2], r->x[3]);
	w_printf("  client-a %-7s %-26s -> %s\n", how, smccc_fid_name(fid), out);
}

static void direct(void)
{
	struct smc_regs r = {{SIP_MONOTONIC_INCREMENT64, COUNTER}};

	show("direct", SIP_MONOTONIC_INCREMENT64, w_smc_call(DELEGATED, &r), BROKER_OK, &r);
}

static void via_broker(u32 fid, u64 x1)
{
	struct smc_regs r = {{fid, x1}};
	long bst = -1, st = w_broker_call(BROKER, &r, &bst);

	show("broker", fid, st, bst, &r);
}

int main(void)
{
	long st;
	u64 d[3];

	w_printf("demo-broker-client-a: asking the broker for SIP_MONOTONIC_INCREMENT64 alone\n");
	st = w_broker_delegate(BROKER, SIP_MONOTONIC_INCREMENT64, SIP_MONOTONIC_INCREMENT64,
			       DELEGATED);
	w_cnode_describe(CNODE, DELEGATED, d);
	w_printf("demo-broker-client-a: %s: slot %d holds SMC capability [0x%08lx, 0x%08lx]\n",
		 st >= 0 && st < 6 ? broker_status[st] : "failed", DELEGATED, d[2] & 0xffffffff,
		 d[2] >> 32);
	for (int i = 0; i < 3; i++)
		direct();
	via_broker(SIP_UID, 0);

	/* Tell the administrator, and wait until it has acted. */
	w_signal(ADMIN_GO);
	w_wait(RESUME, NULL);

	direct();
	w_printf("demo-broker-client-a: my capability is gone; falling back to the broker\n");
	via_broker(SIP_MONOTONIC_INCREMENT64, COUNTER);
	via_broker(SIP_DERIVE_KEY64, 0);
	st = w_broker_delegate(BROKER, SIP_MONOTONIC_INCREMENT64, SIP_MONOTONIC_INCREMENT64,
			       DELEGATED);
	w_printf("demo-broker-client-a: a new delegation? %s\n",
		 st >= 0 && st < 6 ? broker_status[st] : "failed");
	return 0;
}
