/* System-call dispatch: the svc immediate names the call (lib/include/warden/syscall.h). */
#include <kernel/console.h>
#include <kernel/fpsimd.h>
#include <kernel/invoke.h>
#include <kernel/smc.h>
#include <kernel/ipc.h>
#include <kernel/kernel.h>
#include <kernel/thread.h>
#include <kernel/sysreg.h>
#include <warden/syscall.h>

static struct cap *lookup(struct tcb *t, u64 slot)
{
	if (slot >= (1ull << t->cnode->bits))
		return NULL;
	struct cap *c = &t->cnode->slots[slot];
	return c->type == CAP_NULL ? NULL : c;
}

void invoke_result(struct tcb *t, u64 status, const u64 *values, u32 n)
{
	t->regs.x[0] = status;
	t->regs.x[1] = MSG_INFO(0, 0, n);
	for (u32 i = 0; i < n; i++) {
		if (i < MSG_REG_COUNT)
			t->regs.x[2 + i] = values[i];
		else
			t->ipc_buf[IPCBUF_MR + i] = values[i];
	}
}

static void do_call(struct tcb *t, struct cap *c)
{
	u64 info = t->regs.x[1];
	u32 len = MSG_LEN(info);

	if (len > MSG_MAX_LEN) {
		invoke_result(t, WARDEN_TRUNCATED_MESSAGE, NULL, 0);
		return;
	}
	switch (c->type) {
	case CAP_ENDPOINT:
		ipc_send(t, c, info, true, true);
		return;
	case CAP_CNODE:
		cnode_invoke(t, c, MSG_LABEL(info), len);
		return;
	case CAP_TCB:
		tcb_invoke(t, c, MSG_LABEL(info), len);
		return;
	case CAP_IRQ_HANDLER:
		irq_handler_invoke(t, c, MSG_LABEL(info), len);
		return;
	case CAP_TRACE:
		trace_invoke(t, c, MSG_LABEL(info), len);
		return;
	case CAP_VCPU:
		vcpu_invoke(t, c, MSG_LABEL(info), len);
		return;
	default:
		invoke_result(t, WARDEN_ILLEGAL_OPERATION, NULL, 0);
	}
}

static bool is_ipc_cap(const struct cap *c)
{
	return c->type == CAP_ENDPOINT || c->type == CAP_NOTIFICATION;
}

static bool reply_well_formed(u64 info)
{
	return MSG_LEN(info) <= MSG_MAX_LEN && MSG_CAPS(info) <= MSG_MAX_CAPS;
}

static void debug_puts(struct tcb *t)
{
	u64 len = t->regs.x[0];

	if (len > 48) {
		t->regs.x[0] = WARDEN_INVALID_ARGUMENT;
		return;
	}
	char s[48];
	for (u64 i = 0; i < len; i++)
		s[i] = (char)(t->regs.x[1 + i / 8] >> (8 * (i % 8)));
	console_thread_write(t, s, len);
	t->regs.x[0] = WARDEN_OK;
}

/* Entered from the vectors for svc #0 and svc #1: the IPC fast path, else the general one. */
struct tcb *syscall_call(struct tcb *t)
{
	struct cap *c = lookup(t, t->regs.x[0]);
	struct tcb *next = c ? ipc_fastpath_call(t, c) : NULL;

	return next ? next : handle_syscall(t, SYS_CALL);
}

struct tcb *syscall_reply_recv(struct tcb *t)
{
	struct cap *c = lookup(t, t->regs.x[0]);
	struct tcb *next = c ? ipc_fastpath_reply_recv(t, c) : NULL;

	return next ? next : handle_syscall(t, SYS_REPLY_RECV);
}

struct tcb *handle_syscall(struct tcb *t, u32 nr)
{
	struct cap *c;

	switch (nr) {
	case SYS_CALL:
		c = lookup(t, t->regs.x[0]);
		if (!c)
			invoke_result(t, WARDEN_INVALID_CAP, NULL, 0);
		else
			do_call(t, c);
		break;
	case SYS_SEND:
	case SYS_NBSEND:
		c = lookup(t, t->regs.x[0]);
		if (!c)
			t->regs.x[0] = WARDEN_INVALID_CAP;
		else if (!is_ipc_cap(c))
			t->regs.x[0] = WARDEN_ILLEGAL_OPERATION;
		else
			ipc_send(t, c, t->regs.x[1], false, nr == SYS_SEND);
		break;
	case SYS_REPLY:
		if (!reply_well_formed(t->regs.x[1]))
			t->regs.x[0] = WARDEN_TRUNCATED_MESSAGE;
		else
			t->regs.x[0] = ipc_reply(t, t->regs.x[1]) ? WARDEN_OK : WARDEN_NO_REPLY;
		break;
	case SYS_REPLY_RECV:
		c = lookup(t, t->regs.x[0]);
		if (!c || !is_ipc_cap(c)) {
			t->regs.x[0] = c ? WARDEN_ILLEGAL_OPERATION : WARDEN_INVALID_CAP;
			break;
		}
		if (!reply_well_formed(t->regs.x[1])) {
			t->regs.x[0] = WARDEN_TRUNCATED_MESSAGE;
			break;
		}
		ipc_reply(t, t->regs.x[1]);
		ipc_recv(t, c, true);
		break;
	case SYS_RECV:
	case SYS_NBRECV:
		c = lookup(t, t->regs.x[0]);
		if (!c)
			t->regs.x[0] = WARDEN_INVALID_CAP;
		else if (!is_ipc_cap(c))
			t->regs.x[0] = WARDEN_ILLEGAL_OPERATION;
		else
			ipc_recv(t, c, nr == SYS_RECV);
		break;
	case SYS_YIELD:
		t->regs.x[0] = WARDEN_OK;
		sched_preempt();
		break;
	case SYS_SMC_CALL:
	case SYS_SMC_CALL_EXT:
		/* vectors.S takes these straight to smc_invoke; here for completeness. */
		t->regs.smc_variant = smc_invoke(t, nr == SYS_SMC_CALL_EXT);
		return t;
	case SYS_DEBUG_PUTS:
		debug_puts(t);
		return t;
	case SYS_EXIT:
		thread_exit(t);
		break;
	default:
		t->regs.x[0] = WARDEN_UNKNOWN_SYSCALL;
		thread_fault(t, FAULT_UNKNOWN_SYSCALL, nr, (u64)EC_SVC64 << ESR_EC_SHIFT | nr);
		break;
	}
	return schedule();
}
