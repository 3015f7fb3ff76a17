/* WARDEN_HYP_BENCH_MARK (bench_mark.h): counter snapshots for a bench guest, the arithmetic
 * that turns three of them into the cost of one call, and the [BENCH] line tools/bench.py
 * parses. Portable: the counters come from ops->pmu_read. Reached only through emulate() in
 * smccc.c, that is, only when the guest's policy emulates the marker's ID. */
#include <warden/smccc.h>
#include "vmm.h"

#define RET(v) ((u64)(s64)(v))

static void answer(struct vmm_reply *r, u64 x0)
{
	r->first = 0;
	r->count = 1;
	r->values[0] = x0;
}

/* b - a per counter: the event counters are 32 bits, the cycle counter 64. */
static void delta(const u64 *a, const u64 *b, u64 d[5])
{
	for (u32 k = 0; k < 4; k++)
		d[k] = (u32)(b[k] - a[k]);
	d[4] = b[4] - a[4];
}

static void start_over(struct vmm_bench *b)
{
	b->reps = 0;
	b->inexact = 0;
	b->distinct = 0;
	b->max_total = 0;
}

/* One repetition: snap[0..2] bound a K1 block and a K2 block. */
static u64 sample(struct vmm_bench *b, u64 k1, u64 k2)
{
	u64 d1[5], d2[5];
	s64 n[5];
	bool exact = true;

	if (b->snaps < 3 || k2 <= k1)
		return RET(SMCCC_INVALID_PARAMETER);
	if (b->reps > 0 && b->k_diff != k2 - k1)
		return RET(SMCCC_INVALID_PARAMETER); /* one K2 - K1 per report */
	b->k_diff = k2 - k1;
	delta(b->snap[0], b->snap[1], d1);
	delta(b->snap[1], b->snap[2], d2);
	/* Anything that disturbs a block (an interrupt) only adds to it: keep the cheapest of
	 * each; their difference is the undisturbed figure. */
	if (b->reps == 0 || d1[4] < b->best1[4])
		for (u32 k = 0; k < 5; k++)
			b->best1[k] = d1[k];
	if (b->reps == 0 || d2[4] < b->best2[4])
		for (u32 k = 0; k < 5; k++)
			b->best2[k] = d2[k];
	for (u32 k = 0; k < 5; k++) {
		n[k] = (s64)(d2[k] - d1[k]);
		exact &= n[k] % (s64)b->k_diff == 0;
	}
	if (n[4] / (s64)b->k_diff > b->max_total)
		b->max_total = n[4] / (s64)b->k_diff;
	u32 i = 0;
	while (i < b->distinct) {
		u32 k = 0;
		while (k < 5 && b->seen[i].n[k] == n[k])
			k++;
		if (k == 5)
			break;
		i++;
	}
	if (i == b->distinct && i < VMM_BENCH_DISTINCT) {
		for (u32 k = 0; k < 5; k++)
			b->seen[i].n[k] = n[k];
		b->seen[i].count = 0;
		b->distinct++;
	}
	if (i < b->distinct)
		b->seen[i].count++;
	b->reps++;
	b->inexact += !exact;
	return exact ? 0 : 1;
}

/* The figure of the samples so far: per call, per counter. *same = how many repetitions had
 * exactly it; false if it is not an integer. */
static bool figure(const struct vmm_bench *b, s64 f[5], u32 *same)
{
	bool exact = true;
	s64 n[5];

	for (u32 k = 0; k < 5; k++) {
		n[k] = (s64)(b->best2[k] - b->best1[k]);
		exact &= n[k] % (s64)b->k_diff == 0;
		f[k] = n[k] / (s64)b->k_diff;
	}
	*same = 0;
	for (u32 i = 0; i < b->distinct; i++) {
		u32 k = 0;
		while (k < 5 && b->seen[i].n[k] == n[k])
			k++;
		if (k == 5)
			*same = b->seen[i].count;
	}
	return exact;
}

static u64 report(struct vmm *v, struct vmm_bench *b, const u64 *a)
{
	char key[6 * 4 + 1];
	u32 n = 0, same;
	s64 f[5];

	if (b->reps == 0)
		return RET(SMCCC_INVALID_PARAMETER);
	for (u32 i = 2; i < 8; i++)
		for (u32 j = 0; j < 4; j++) {
			char c = (char)(a[i] >> (8 * j));
			bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
			if (c == 0 || !ok)
				goto done;
			key[n++] = c;
		}
done:
	key[n] = 0;
	if (n == 0)
		return RET(SMCCC_INVALID_PARAMETER);
	bool exact = figure(b, f, &same);
	for (u32 k = 0; b->have_base && k < 5; k++)
		f[k] -= b->base[k];
	s64 max = b->max_total - (b->have_base ? b->base[4] : 0);
	vmm_printf(
	    v, "[BENCH] %s total=%ld el0=%ld el1=%ld el2=%ld el3=%ld iters=%u same=%u max=%ld\n",
	    key, f[4], f[0], f[1], f[2], f[3], b->reps, same, max);
	if (b->inexact || !exact)
		vmm_printf(v,
			   "vmm[%s]: bench %s: the per-call figure was not an integer in %u of %u "
			   "repetitions%s\n",
			   v->name, key, b->inexact, b->reps,
			   exact ? "" : ", nor for the cheapest blocks");
	u32 inexact = b->inexact + !exact;
	start_over(b);
	return inexact;
}

void vmm_bench_mark(struct vmm *v, const u64 *a, struct vmm_reply *r)
{
	struct vmm_bench *b = &v->bench;
	u64 c[5];

	if (!v->ops->pmu_read) {
		answer(r, RET(SMCCC_NOT_SUPPORTED));
		return;
	}
	switch (a[1]) {
	case BENCH_MARK_SNAPSHOT:
		if (!v->ops->pmu_read(v->ctx, c)) {
			answer(r, RET(SMCCC_NOT_SUPPORTED));
			return;
		}
		for (u32 k = 0; k < 5; k++) {
			b->snap[0][k] = b->snap[1][k];
			b->snap[1][k] = b->snap[2][k];
			b->snap[2][k] = c[k];
		}
		b->snaps += b->snaps < 3;
		answer(r, 0);
		return;
	case BENCH_MARK_SAMPLE:
		answer(r, sample(b, a[2], a[3]));
		return;
	case BENCH_MARK_BASELINE: {
		u32 same;
		if (b->reps == 0) {
			answer(r, RET(SMCCC_INVALID_PARAMETER));
			return;
		}
		bool exact = figure(b, b->base, &same);
		b->have_base = true;
		vmm_printf(v,
			   "vmm[%s]: bench baseline (the loop without the call) per call: "
			   "total=%ld el0=%ld el1=%ld el2=%ld el3=%ld, %u of %u repetitions\n",
			   v->name, b->base[4], b->base[0], b->base[1], b->base[2], b->base[3],
			   same, b->reps);
		u32 inexact = b->inexact + !exact;
		start_over(b);
		answer(r, inexact);
		return;
	}
	case BENCH_MARK_REPORT:
		answer(r, report(v, b, a));
		return;
	default:
		answer(r, RET(SMCCC_INVALID_PARAMETER));
	}
}
