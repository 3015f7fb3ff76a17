/* A component with no capabilities at all (tests/system/broker.xml): it cannot reach the broker,
 * and it cannot reach the secure world. Every slot of its CNode is empty. */
#include <warden/broker_client.h>
#include <warden/check.h>
#include <warden/sip.h>

#define SLOTS 8 /* cnode_bits 3 */

int main(void)
{
	bool ipc = true, smc = true;

	for (u64 slot = 0; slot < SLOTS; slot++) {
		struct smc_regs r = {{SIP_UID}};
		long bst = -1, st = w_broker_call(slot, &r, &bst);

		ipc = ipc && st == WARDEN_INVALID_CAP && r.x[0] == SIP_UID;
		st = w_smc_call(slot, &r);
		smc = smc && st == WARDEN_INVALID_CAP && r.x[0] == SIP_UID;
	}
	check(ipc, "outsider-cannot-reach-broker", "a Call through some slot did not fail");
	check(smc, "outsider-has-no-smc-capability", "an SMC through some slot did not fail");
	return 0;
}
