/* Hands the VMM stand-in (user/vcpu-bind-test) a child of an SMC capability over PSCI CPU_ON
 * whose grant accepted the hazard, through an endpoint the description gives both, so that the test
 * shows VCPU_BIND_SMC refuses a hazardous capability even with the mark
 * (tests/system/vm-bind-refusals.xml). The mint's status travels in MR0: a child of a marked
 * capability may cover the hazard. Nothing here invokes CPU_ON. */
#include <warden/smccc.h>
#include <warden/warden.h>

#define CNODE 1
#define CPU_ON_CAP 2 /* [PSCI_CPU_ON, PSCI_CPU_ON], accept_hazard */
#define TO_VMM 3     /* endpoint "gift" to the VMM, with the grant right, badge 0x4a2 */
#define CHILD 4

int main(void)
{
	struct msg m;
	long st = w_cnode_mint_smc(CNODE, CHILD, CPU_ON_CAP, PSCI_CPU_ON, PSCI_CPU_ON);

	warden_ipc_buffer[IPCBUF_CAPS] = CHILD;
	m.info = MSG_INFO(0x4a, 1, 1);
	m.mr[0] = (u64)st; /* the mint's status: a child of a marked capability keeps the mark */
	st = w_send(TO_VMM, &m);
	w_printf("hazard-giver: sent a CPU_ON capability to the VMM: %s\n", w_strerror(st));
	return 0;
}
