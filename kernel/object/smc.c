/* SMC capability invocation (DESIGN.md §4, docs/smc-capability.md). The checks come first and
 * touch nothing: a refused call never reaches the secure world. */
#include <kernel/cap.h>
#include <kernel/invoke.h>
#include <kernel/ipc.h>
#include <kernel/kernel.h>
#include <kernel/smc.h>
#include <kernel/sysreg.h>
#include <warden/syscall.h>

#if SMC_TRACE
#define TRACE_ENTRIES 64
static struct trace_entry {
	u64 caller, x0_in, status, x0_out, cost;
} trace_ring[TRACE_ENTRIES];
static u64 trace_count;

static u32 thread_index(const struct tcb *t)
{
	for (u32 i = 0; i < thread_count; i++)
		if (all_threads[i] == t)
			return i;
	return 0xffffffffu;
}

/* Records one invocation, refused ones included (status != OK, cost 0). */
static void trace_record(const struct tcb *t, u64 x0_in, u64 status, u64 x0_out, u64 cost)
{
	struct trace_entry *e = &trace_ring[trace_count++ % TRACE_ENTRIES];

	e->caller = thread_index(t);
	e->x0_in = x0_in;
	e->status = status;
	e->x0_out = x0_out;
	e->cost = cost;
}
#define TRACE_REFUSAL(t, status) trace_record(t, (t)->regs.x[0], status, 0, 0)
#else
#define TRACE_REFUSAL(t, status) ((void)0)
#endif

void smc_invoke(struct tcb *t, bool ext)
{
	u32 status_reg = ext ? 18 : 8;
	u64 slot = t->regs.x[status_reg];
	struct cap *c;

	if (slot >= (1ull << t->cnode->bits) || cap_is_null(c = &t->cnode->slots[slot])) {
		TRACE_REFUSAL(t, WARDEN_INVALID_CAP);
		t->regs.x[status_reg] = WARDEN_INVALID_CAP;
		return;
	}
#if !SMC_CAP
	(void)c;
	t->regs.x[status_reg] = WARDEN_ILLEGAL_OPERATION;
#else
	if (c->type != CAP_SMC) {
		TRACE_REFUSAL(t, WARDEN_ILLEGAL_OPERATION);
		t->regs.x[status_reg] = WARDEN_ILLEGAL_OPERATION;
		return;
	}
	if (!smc_cap_covers(c, t->regs.x[0])) {
		TRACE_REFUSAL(t, WARDEN_RANGE_ERROR);
		t->regs.x[status_reg] = WARDEN_RANGE_ERROR;
		return;
	}
#if SMC_TRACE
	u64 fid = t->regs.x[0], start = read_sysreg(pmccntr_el0);
#endif
	/* x0..x17 lead the saved frame: the secure world reads and writes them in place. */
	if (ext)
		arch_smc_call((struct smc_args *)t->regs.x);
	else
		arch_smc_call11(t->regs.x);
#if SMC_TRACE
	trace_record(t, fid, WARDEN_OK, t->regs.x[0], read_sysreg(pmccntr_el0) - start);
#endif
	t->regs.x[status_reg] = WARDEN_OK;
#endif
}

#if SMC_CAP
void smc_forward_bound(struct tcb *t)
{
	u64 x0 = t->regs.x[0];
#if SMC_TRACE
	u64 start = read_sysreg(pmccntr_el0);
#endif
	if (SMCCC_IS_SMC64((u32)x0)) {
		arch_smc_call((struct smc_args *)t->regs.x); /* x0..x17 both ways (SMCCC 1.2) */
	} else {
		/* SMC32, as the VMM forwards it: the low 32 bits of x1..x7 go, x0..x3 come back,
		 * x4..x7 stay the guest's. */
		u64 keep[4] = {t->regs.x[4], t->regs.x[5], t->regs.x[6], t->regs.x[7]};
		for (u32 i = 1; i < 8; i++)
			t->regs.x[i] = (u32)t->regs.x[i];
		arch_smc_call11(t->regs.x);
		for (u32 i = 0; i < 4; i++)
			t->regs.x[4 + i] = keep[i];
	}
#if SMC_TRACE
	trace_record(t, x0, WARDEN_OK, t->regs.x[0], read_sysreg(pmccntr_el0) - start);
#endif
}
#endif

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
	u64 v[6] = {trace_count, e->caller, e->x0_in, e->status, e->x0_out, e->cost};
	invoke_result(t, WARDEN_OK, v, 6);
#else
	invoke_result(t, WARDEN_ILLEGAL_OPERATION, NULL, 0);
#endif
}
