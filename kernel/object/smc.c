/* SMC capability invocation (DESIGN.md §4, docs/smc-capability.md). The checks come first and
 * touch nothing: a refused call never reaches the secure world. */
#include <kernel/cap.h>
#include <kernel/console.h>
#include <kernel/invoke.h>
#include <kernel/ipc.h>
#include <kernel/kernel.h>
#include <kernel/smc.h>
#include <kernel/sysreg.h>
#include <warden/smccc_rules.h>
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

/* The firmware's SMCCC version, found at boot before any component runs (smc_discover_version),
 * and the SMC variants (vectors.S) that follow from it: plans[path][smc64] is the offset the
 * vectors jump by, (variant + 1) * 256. */
u32 smccc_firmware_version = SMCCC_VERSION_1_0;
static u32 plans[3][2];

enum { PATH_CALL, PATH_CALL_EXT, PATH_GUEST };

/* What each variant in vectors.S does, in its order: SMC64, x8..x17 as arguments, result
 * registers, status register (0: none). */
static const struct {
	u8 smc64, args18, results, status;
} variants[] = {
    {0, 0, 4, 8}, {1, 0, 4, 8}, {0, 0, 4, 18}, {1, 0, 4, 18},  {0, 0, 4, 0}, {1, 0, 4, 0},
    {0, 0, 8, 8}, {1, 0, 8, 8}, {0, 0, 8, 18}, {1, 1, 18, 18}, {0, 0, 8, 0}, {1, 1, 18, 0},
};

/* Which registers go to EL3 and which come back (smccc_rules.h): the results the version
 * defines, within what the form carries; every other register keeps the caller's value. */
static u32 make_plan(u32 path, bool smc64)
{
	u32 fid = smc64 ? SMCCC_SMC64 : 0;
	u32 args = smccc_arg_regs(smccc_firmware_version, fid);
	u32 results = smccc_result_regs(smccc_firmware_version, fid);
	u32 status = path == PATH_CALL ? 8 : path == PATH_CALL_EXT ? 18 : 0;

	if (path == PATH_CALL) {
		args = 8; /* the 1.1 form carries x0..x7 */
		if (results > 8)
			results = 8;
	}
	for (u32 i = 0; i < ARRAY_SIZE(variants); i++) {
		if (variants[i].smc64 == smc64 && variants[i].args18 == (args == 18) &&
		    variants[i].results == results && variants[i].status == status)
			return (i + 1) * 256;
	}
	panic("no SMC variant for path %u, SMC%s, SMCCC 0x%x", path, smc64 ? "64" : "32",
	      smccc_firmware_version);
}

void smc_discover_version(void)
{
	struct smc_args a = {{PSCI_FEATURES, SMCCC_VERSION}};
	s64 features, version = -1;

	arch_smc_call(&a);
	features = (s64)a.x[0];
	if (features >= 0) {
		struct smc_args v = {{SMCCC_VERSION}};
		arch_smc_call(&v);
		version = (s64)v.x[0];
	}
	smccc_firmware_version = smccc_version_from(features, version);
	for (u32 path = 0; path < 3; path++) {
		plans[path][0] = make_plan(path, false);
		plans[path][1] = make_plan(path, true);
	}
	kprintf("warden: firmware SMCCC %u.%u: results in x0..x%u (SMC32 w0..w%u), callers keep "
		"the rest\n",
		smccc_firmware_version >> 16, smccc_firmware_version & 0xffff,
		smccc_result_regs(smccc_firmware_version, SMCCC_SMC64) - 1,
		smccc_result_regs(smccc_firmware_version, 0) - 1);
}

#if SMC_TRACE
static struct tcb *trace_caller;
static u64 trace_x0, trace_start;

/* A trace entry's cost is in generic-counter ticks (CNTPCT_EL0): the counter runs whatever the
 * firmware does with the PMU in the secure world (TF-A stops the cycle counter there, the
 * project's monitor counts only in benchmark builds), so the figure means the same under
 * every firmware. Under QEMU -icount shift=0 a tick is 16 instructions (62.5 MHz counter). */
static u64 trace_now(void)
{
	isb();
	return read_sysreg(cntpct_el0);
}

static void trace_begin(struct tcb *t)
{
	trace_caller = t;
	trace_x0 = t->regs.x[0];
	trace_start = trace_now();
}

void smc_trace_done(struct tcb *t)
{
	trace_record(trace_caller, trace_x0, WARDEN_OK, t->regs.x[0], trace_now() - trace_start);
}
#else
#define trace_begin(t) ((void)0)
#endif

/* A refused invocation: only the status register changes. */
static u64 refuse(struct tcb *t, bool ext, u64 status)
{
	TRACE_REFUSAL(t, status);
	t->regs.x[ext ? 18 : 8] = status;
	return 0;
}

#if SMC_CAP
/* An allowed one: x0 is a result register on every path, so the frame may hold the ID EL3
 * gets; the plan says how smc_execute runs it. */
static u64 allow(struct tcb *t, bool ext, u32 fid)
{
	trace_begin(t);
	t->regs.x[0] = smccc_fid_for_el3(fid);
	return plans[ext][SMCCC_IS_SMC64(fid) ? 1 : 0];
}

/* The few capabilities whose range holds an unaccepted hazard or malformed IDs. Kept out of
 * line so that the common path needs no stack frame. */
static __attribute__((noinline)) u64 invoke_checked(struct tcb *t, const struct cap *c, bool ext)
{
	u32 fid = (u32)t->regs.x[0];
	int st = smc_cap_check_slow(c, smccc_match_key(fid));

	return st == WARDEN_OK ? allow(t, ext, fid) : refuse(t, ext, (u64)st);
}
#endif

/* One copy per form (svc #8, svc #9), so the form is a constant on the path. */
static inline __attribute__((always_inline)) u64 invoke(struct tcb *t, bool ext)
{
	u64 slot = t->regs.x[ext ? 18 : 8];

	if (slot >= (1ull << t->cnode->bits))
		return refuse(t, ext, WARDEN_INVALID_CAP);
	struct cap *c = &t->cnode->slots[slot];
	if (cap_is_null(c))
		return refuse(t, ext, WARDEN_INVALID_CAP);
#if !SMC_CAP
	(void)c;
	return refuse(t, ext, WARDEN_ILLEGAL_OPERATION);
#else
	if (c->type != CAP_SMC)
		return refuse(t, ext, WARDEN_ILLEGAL_OPERATION);
	u64 x0 = t->regs.x[0];
	if (!smc_cap_in_range(c, x0)) /* smc_cap_check, its slow part out of line */
		return refuse(t, ext, WARDEN_RANGE_ERROR);
	if (c->smc_flags & CAP_SMC_CHECK_EACH)
		return invoke_checked(t, c, ext);
	return allow(t, ext, (u32)x0);
#endif
}

u64 smc_invoke11(struct tcb *t)
{
	return invoke(t, false);
}

u64 smc_invoke12(struct tcb *t)
{
	return invoke(t, true);
}

u64 smc_invoke(struct tcb *t, bool ext)
{
	return ext ? smc_invoke12(t) : smc_invoke11(t);
}

#if SMC_CAP
void smc_forward_bound(struct tcb *t)
{
	u32 fid = smccc_fid(t->regs.x[0]);

	trace_begin(t);
	t->regs.x[0] = smccc_fid_for_el3(fid);
	t->regs.smc_variant = plans[PATH_GUEST][SMCCC_IS_SMC64(fid) ? 1 : 0];
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
