/* TCB invocations: suspend, resume, read and write registers (what a VMM or a debugger
 * needs). */
#include <kernel/fpsimd.h>
#include <kernel/invoke.h>
#include <kernel/ipc.h>
#include <kernel/kernel.h>
#include <kernel/thread.h>
#include <warden/syscall.h>

static u64 *reg_slot(struct tcb *t, u64 index)
{
	if (index < 31)
		return &t->regs.x[index];
	return index == TCB_REG_SP ? &t->regs.sp : &t->regs.pc;
}

void tcb_invoke(struct tcb *t, struct cap *c, u64 label, u32 len)
{
	struct tcb *target = c->obj;
	u64 first = invoke_arg(t, 0), count = invoke_arg(t, 1);

	switch (label) {
	case TCB_SUSPEND:
		if (target->state == THREAD_STOPPED) {
			invoke_result(t, WARDEN_ILLEGAL_OPERATION, NULL, 0);
			return;
		}
		/* Set the caller's result first: the target may be the caller. */
		invoke_result(t, WARDEN_OK, NULL, 0);
		thread_suspend(target);
		return;
	case TCB_RESUME:
		if (target->state != THREAD_SUSPENDED && target->state != THREAD_INACTIVE) {
			invoke_result(t, WARDEN_ILLEGAL_OPERATION, NULL, 0);
			return;
		}
		thread_resume(target);
		invoke_result(t, WARDEN_OK, NULL, 0);
		return;
	case TCB_READ_REGS:
	case TCB_WRITE_REGS: {
		bool write = label == TCB_WRITE_REGS;
		if (len < (write ? 2 + count : 2) || count > MSG_MAX_LEN - 2) {
			invoke_result(t, WARDEN_TRUNCATED_MESSAGE, NULL, 0);
			return;
		}
		if (first >= TCB_REG_COUNT || count > TCB_REG_COUNT - first) {
			invoke_result(t, WARDEN_RANGE_ERROR, NULL, 0);
			return;
		}
		u64 v[TCB_REG_COUNT];
		for (u64 i = 0; i < count; i++) {
			if (write)
				v[i] = invoke_arg(t, 2 + (u32)i);
			else
				v[i] = *reg_slot(target, first + i);
		}
		if (write) {
			for (u64 i = 0; i < count; i++)
				*reg_slot(target, first + i) = v[i];
			if (target != t)
				invoke_result(t, WARDEN_OK, NULL, 0);
			else
				t->regs.x[1] = MSG_INFO(0, 0, 0);
			return;
		}
		invoke_result(t, WARDEN_OK, v, (u32)count);
		return;
	}
	default:
		invoke_result(t, WARDEN_ILLEGAL_OPERATION, NULL, 0);
	}
}
