/* Object invocations: a Call on a non-IPC capability. Each object file decodes (checks every
 * argument and changes nothing) and then invokes (cannot fail). Results go in the caller's
 * registers: x0 status, x1 message info, x2.. values. */
#ifndef KERNEL_INVOKE_H
#define KERNEL_INVOKE_H
#include <kernel/object.h>
#include <warden/syscall.h>

/* Message register i of the calling thread. */
static inline u64 invoke_arg(const struct tcb *t, u32 i)
{
	return i < MSG_REG_COUNT ? t->regs.x[2 + i] : t->ipc_buf[IPCBUF_MR + i];
}
/* Sets the caller's results: status, then n values. */
void invoke_result(struct tcb *t, u64 status, const u64 *values, u32 n);

void cnode_invoke(struct tcb *t, struct cap *c, u64 label, u32 len);
void tcb_invoke(struct tcb *t, struct cap *c, u64 label, u32 len);
void irq_handler_invoke(struct tcb *t, struct cap *c, u64 label, u32 len);
void vcpu_invoke(struct tcb *t, struct cap *c, u64 label, u32 len);
void trace_invoke(struct tcb *t, struct cap *c, u64 label, u32 len);
/* The SMC capability's two invocation forms (SYS_SMC_CALL, SYS_SMC_CALL_EXT). */
/* Checks an invocation; returns 0 (answered: x8/x18 hold the status) or the smc_execute plan. */
u64 smc_invoke(struct tcb *t, bool ext);
u64 smc_invoke11(struct tcb *t); /* the same, per form (the vectors call these) */
u64 smc_invoke12(struct tcb *t);
/* Removes the capability in a slot, cancelling what was blocked through it. */
void cnode_remove_cap(struct cap *c);

#endif
