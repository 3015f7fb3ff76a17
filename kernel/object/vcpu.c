/* vCPU invocations: inject a virtual interrupt, reset to the EL1 boot state. Scheduling (start,
 * stop) goes through the vCPU thread's TCB capability. */
#include <kernel/invoke.h>
#include <kernel/vcpu.h>
#include <warden/syscall.h>

void vcpu_invoke(struct tcb *t, struct cap *c, u64 label, u32 len)
{
	struct tcb *target = c->obj;

	switch (label) {
	case VCPU_INJECT_IRQ: {
		u64 vintid = invoke_arg(t, 0), prio = invoke_arg(t, 1);
		if (len < 2) {
			invoke_result(t, WARDEN_TRUNCATED_MESSAGE, NULL, 0);
			return;
		}
		if (vintid >= 1020 || prio > 255) {
			invoke_result(t, WARDEN_RANGE_ERROR, NULL, 0);
			return;
		}
		bool ok = vcpu_inject(target, (u32)vintid, (u8)prio);
		invoke_result(t, ok ? WARDEN_OK : WARDEN_WOULD_BLOCK, NULL, 0);
		return;
	}
	case VCPU_RESET:
		if (len < 2) {
			invoke_result(t, WARDEN_TRUNCATED_MESSAGE, NULL, 0);
			return;
		}
		if (target == t) {
			invoke_result(t, WARDEN_ILLEGAL_OPERATION, NULL, 0);
			return;
		}
		vcpu_reset(target, invoke_arg(t, 0), invoke_arg(t, 1));
		invoke_result(t, WARDEN_OK, NULL, 0);
		return;
	default:
		invoke_result(t, WARDEN_ILLEGAL_OPERATION, NULL, 0);
	}
}
