/* SMC capability invocation (DESIGN.md §4, docs/smc-capability.md). The checks come first and
 * touch nothing: a refused call never reaches the secure world. */
#include <kernel/cap.h>
#include <kernel/invoke.h>
#include <kernel/kernel.h>
#include <kernel/smc.h>
#include <kernel/sysreg.h>
#include <warden/syscall.h>

#if SMC_TRACE
#define TRACE_ENTRIES 64
static struct trace_entry {
	u64 caller, fid, x0, cost;
} trace_ring[TRACE_ENTRIES];
static u64 trace_count;

static u32 thread_index(const struct tcb *t)
{
	for (u32 i = 0; i < thread_count; i++)
		if (all_threads[i] == t)
			return i;
	return 0xffffffffu;
}
#endif

void smc_invoke(struct tcb *t, bool ext)
{
	u32 status_reg = ext ? 18 : 8, nregs = ext ? 18 : 8;
	u64 slot = t->regs.x[status_reg];
	struct cap *c;

	if (slot >= (1ull << t->cnode->bits) || cap_is_null(c = &t->cnode->slots[slot])) {
		t->regs.x[status_reg] = WARDEN_INVALID_CAP;
		return;
	}
#if !SMC_CAP
	(void)c;
	(void)nregs;
	t->regs.x[status_reg] = WARDEN_ILLEGAL_OPERATION;
#else
	if (c->type != CAP_SMC) {
		t->regs.x[status_reg] = WARDEN_ILLEGAL_OPERATION;
		return;
	}
	if (!smc_cap_covers(c, t->regs.x[0])) {
		t->regs.x[status_reg] = WARDEN_RANGE_ERROR;
		return;
	}
	struct smc_args a;
	for (u32 i = 0; i < 18; i++)
		a.x[i] = i < nregs ? t->regs.x[i] : 0;
#if SMC_TRACE
	u64 fid = a.x[0], start = read_sysreg(pmccntr_el0);
#endif
	arch_smc_call(&a);
#if SMC_TRACE
	u64 cost = read_sysreg(pmccntr_el0) - start;
	struct trace_entry *e = &trace_ring[trace_count++ % TRACE_ENTRIES];
	e->caller = thread_index(t);
	e->fid = fid;
	e->x0 = a.x[0];
	e->cost = cost;
#endif
	for (u32 i = 0; i < nregs; i++)
		t->regs.x[i] = a.x[i];
	t->regs.x[status_reg] = WARDEN_OK;
#endif
}

void trace_invoke(struct tcb *t, struct cap *c, u64 label, u32 len)
{
#if SMC_TRACE
	u64 seq = invoke_arg(t, 0);
	if (label != TRACE_READ) {
		invoke_result(t, WARDEN_ILLEGAL_OPERATION, NULL, 0);
		return;
	}
	if (len < 1) {
		invoke_result(t, WARDEN_TRUNCATED_MESSAGE, NULL, 0);
		return;
	}
	if (seq >= trace_count || trace_count - seq > TRACE_ENTRIES) {
		u64 v[1] = {trace_count};
		invoke_result(t, WARDEN_RANGE_ERROR, v, 1);
		return;
	}
	const struct trace_entry *e = &trace_ring[seq % TRACE_ENTRIES];
	u64 v[5] = {trace_count, e->caller, e->fid, e->x0, e->cost};
	invoke_result(t, WARDEN_OK, v, 5);
#else
	invoke_result(t, WARDEN_ILLEGAL_OPERATION, NULL, 0);
#endif
}
