/* System test of VCPU_BIND_SMC / VCPU_UNBIND_SMC (tests/system/vm-bind-refusals.xml): this
 * component stands in for a VM's VMM, so it holds the VM's vCPU and TCB capabilities and the SMC
 * capabilities of its forward ranges (lib/include/warden/vmm_config.h). It checks every refusal,
 * and that revoking the VMM's capability removes the binding at once. */
#include <warden/check.h>
#include <warden/vmm_config.h>
#include <warden/warden.h>

#define VCPU VMM_SLOT_VCPU_BASE
#define TCB VMM_SLOT_TCB_BASE
#define SMC VMM_SLOT_SMC_BASE /* [TRNG_VERSION, TRNG_RND32], the forward range */
#define EMPTY 50
#define HAZARD_CAP 51	      /* a marked CPU_ON capability from user/hazard-giver */
#define GIVER_BADGE 0x4a2     /* its endpoint capability's badge */
#define GIFT_EP VMM_SLOT_FREE /* <cap slot="72" endpoint="gift"> */

static long bind(u64 cap, u64 slot, u64 index)
{
	u64 a[2] = {slot, index};
	return w_invoke(cap, VCPU_BIND_SMC, a, 2, NULL, 0);
}

static long unbind(u64 index)
{
	return w_invoke(VCPU, VCPU_UNBIND_SMC, &index, 1, NULL, 0);
}

static void expect(const char *name, long got, long want)
{
	check(got == want, name, "%s, want %s", w_strerror(got), w_strerror(want));
}

/* Waits for user/hazard-giver's message on the endpoint the description gives this VMM. */
static void receive_hazard_cap(void)
{
	struct msg m;

	warden_ipc_buffer[IPCBUF_RECV_SLOT] = HAZARD_CAP;
	for (;;) {
		long st = w_recv(GIFT_EP, &m);
		if (st != WARDEN_OK || m.badge == GIVER_BADGE)
			break;
	}
	warden_ipc_buffer[IPCBUF_RECV_SLOT] = 0;
	check(m.mr[0] == WARDEN_OK && warden_ipc_buffer[IPCBUF_RECV_CAPS] == 1,
	      "marked-cap-child-covers-hazard", "mint %s, %lu caps received",
	      w_strerror((long)m.mr[0]), warden_ipc_buffer[IPCBUF_RECV_CAPS]);
}

int main(void)
{
	receive_hazard_cap();
	/* The kernel would forward the guest's calls with its own authority and no VMM looking:
	 * never a hazardous ID, whatever the grant accepted. */
	expect("bind-hazardous-refused", bind(VCPU, HAZARD_CAP, 0), WARDEN_HAZARD);
	expect("bind-hazardous-left-index-free", unbind(0), WARDEN_INVALID_CAP);
	expect("bind-not-an-smc-cap", bind(VCPU, VMM_SLOT_CNODE, 0), WARDEN_ILLEGAL_OPERATION);
	expect("bind-empty-slot", bind(VCPU, EMPTY, 0), WARDEN_INVALID_CAP);
	expect("bind-slot-out-of-range", bind(VCPU, 4096, 0), WARDEN_INVALID_CAP);
	expect("bind-index-out-of-range", bind(VCPU, SMC, VCPU_SMC_BINDINGS), WARDEN_RANGE_ERROR);
	u64 one = SMC;
	expect("bind-short-message", w_invoke(VCPU, VCPU_BIND_SMC, &one, 1, NULL, 0),
	       WARDEN_TRUNCATED_MESSAGE);
	expect("bind-through-a-tcb-cap", bind(TCB, SMC, 0), WARDEN_ILLEGAL_OPERATION);
	expect("bind", bind(VCPU, SMC, 0), WARDEN_OK);
	expect("bind-occupied-index", bind(VCPU, SMC, 0), WARDEN_DELETE_FIRST);
	expect("unbind-empty-index", unbind(1), WARDEN_INVALID_CAP);
	/* The binding is a child of the VMM's capability: revoking that removes it at once. */
	expect("revoke-vmm-cap", w_cnode_revoke(VMM_SLOT_CNODE, SMC), WARDEN_OK);
	expect("binding-gone-after-revoke", unbind(0), WARDEN_INVALID_CAP);
	expect("bind-again", bind(VCPU, SMC, 0), WARDEN_OK);
	expect("unbind", unbind(0), WARDEN_OK);
	expect("unbind-twice", unbind(0), WARDEN_INVALID_CAP);
	w_printf("vcpu-bind-test: %d failures\n[DONE]\n", check_failures);
	return check_failures;
}
