/* vCPU invocations: drive an SPI of its VM's vGIC, reset it, reset to the EL1 boot state, bind and
 * unbind SMC capabilities for the kernel's forwarding fast path. Scheduling (start, stop) goes
 * through the vCPU thread's TCB capability. */
#include <kernel/cap.h>
#include <kernel/console.h>
#include <kernel/invoke.h>
#include <kernel/ipc.h>
#include <kernel/kernel.h>
#include <kernel/thread.h>
#include <kernel/vcpu.h>
#include <kernel/vgic.h>
#include <warden/syscall.h>

/* A reset vCPU starts afresh: whatever it was blocked in is cancelled (a fault it sent is
 * dropped, and whoever received that fault can no longer reply to it, so a late reply cannot
 * write registers or advance the PC of the new context), and it stays suspended until a
 * TCB_RESUME. A vCPU that never ran or that was stopped stays so. */
static void forget_wait(struct tcb *v)
{
	if (v->state != THREAD_INACTIVE && v->state != THREAD_STOPPED)
		thread_suspend(v);
}

void vcpu_invoke(struct tcb *t, struct cap *c, u64 label, u32 len)
{
	struct tcb *target = c->obj;

	switch (label) {
	case VCPU_SET_IRQ_LEVEL:
		/* An SPI's line: the VM's, so any vCPU capability of the VM drives it. */
		if (len < 2) {
			invoke_result(t, WARDEN_TRUNCATED_MESSAGE, NULL, 0);
			return;
		}
		invoke_result(t,
			      vgic_spi_level(target, invoke_arg(t, 0), invoke_arg(t, 1))
				  ? WARDEN_OK
				  : WARDEN_RANGE_ERROR,
			      NULL, 0);
		return;
	case VCPU_RESET_VGIC:
		vgic_reset_vm(target);
		invoke_result(t, WARDEN_OK, NULL, 0);
		return;
	case VCPU_RESET:
		if (len < 2) {
			invoke_result(t, WARDEN_TRUNCATED_MESSAGE, NULL, 0);
			return;
		}
		if (target == t) {
			invoke_result(t, WARDEN_ILLEGAL_OPERATION, NULL, 0);
			return;
		}
		forget_wait(target);
		vcpu_reset(target, invoke_arg(t, 0), invoke_arg(t, 1));
		invoke_result(t, WARDEN_OK, NULL, 0);
		return;
	case VCPU_BIND_SMC:
	case VCPU_UNBIND_SMC: {
		bool bind = label == VCPU_BIND_SMC;
		u64 index = invoke_arg(t, bind ? 1 : 0), slot = invoke_arg(t, 0);
		if (len < (bind ? 2u : 1u)) {
			invoke_result(t, WARDEN_TRUNCATED_MESSAGE, NULL, 0);
			return;
		}
		if (index >= VCPU_SMC_BINDINGS) {
			invoke_result(t, WARDEN_RANGE_ERROR, NULL, 0);
			return;
		}
		struct cap *b = &target->vcpu->smc_bound[index];
		if (!bind) {
			if (cap_is_null(b)) {
				invoke_result(t, WARDEN_INVALID_CAP, NULL, 0);
				return;
			}
			cnode_remove_cap(b);
			invoke_result(t, WARDEN_OK, NULL, 0);
			return;
		}
		struct cap *src = slot < (1ull << t->cnode->bits) ? &t->cnode->slots[slot] : NULL;
		if (!src || cap_is_null(src)) {
			invoke_result(t, WARDEN_INVALID_CAP, NULL, 0);
			return;
		}
		if (src->type != CAP_SMC) {
			invoke_result(t, WARDEN_ILLEGAL_OPERATION, NULL, 0);
			return;
		}
		/* A guest call the kernel forwards acts with the kernel's authority and no VMM
		 * looks at it: never for a hazardous ID, accepted or not. */
		if (src->smc_flags & CAP_SMC_COVERS_HAZARD) {
			invoke_result(t, WARDEN_HAZARD, NULL, 0);
			return;
		}
		if (!cap_is_null(b)) {
			invoke_result(t, WARDEN_DELETE_FIRST, NULL, 0);
			return;
		}
		cap_derive(b, src);
		target->smc_bound_ever = true;
		invoke_result(t, WARDEN_OK, NULL, 0);
		return;
	}
	case VCPU_CONSOLE_RX:
		if (len < 1) {
			invoke_result(t, WARDEN_TRUNCATED_MESSAGE, NULL, 0);
			return;
		}
		if (invoke_arg(t, 0) > 1) {
			invoke_result(t, WARDEN_RANGE_ERROR, NULL, 0);
			return;
		}
		invoke_result(t,
			      console_set_rx_pending(target, invoke_arg(t, 0) == 1)
				  ? WARDEN_OK
				  : WARDEN_ILLEGAL_OPERATION,
			      NULL, 0);
		return;
	default:
		invoke_result(t, WARDEN_ILLEGAL_OPERATION, NULL, 0);
	}
}
