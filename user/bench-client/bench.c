/* The measuring loop of `make bench` (see bench.h). */
#include "bench.h"

#define write_pmu(reg, val) __asm__ volatile("msr " #reg ", %0" ::"r"((u64)(val)))
#define read_pmu(reg)                                                                              \
	({                                                                                         \
		u64 v_;                                                                            \
		__asm__ volatile("mrs %0, " #reg : "=r"(v_));                                      \
		v_;                                                                                \
	})

bool bench_pmu_setup(void)
{
	u64 n = (read_pmu(pmcr_el0) >> 11) & 0x1f;

	if (n < 4) {
		bench_print("[FAIL] bench PMU has 4 event counters: it has %lu\n", n);
		return false;
	}
	write_pmu(pmevtyper0_el0, BENCH_FILTER_EL0);
	write_pmu(pmevtyper1_el0, BENCH_FILTER_EL1);
	write_pmu(pmevtyper2_el0, BENCH_FILTER_EL2);
	write_pmu(pmevtyper3_el0, BENCH_FILTER_EL3);
	write_pmu(pmcntenset_el0, 0xfu);
	__asm__ volatile("isb");

	static const u64 none[19];
	struct bench_sample s;
	bench_none(&s, none);
	if (s.b[4] == s.a[4] || (u32)(s.b[0] - s.a[0]) + (u32)(s.b[2] - s.a[2]) == 0) {
		bench_print("[INFO] the PMU counts no instructions (run under QEMU -icount)\n");
		return false;
	}
	return true;
}

/* Instructions between the two snapshots, per counter (event counters are 32 bits). */
static void deltas(const struct bench_sample *s, u64 d[5])
{
	for (unsigned k = 0; k < 4; k++)
		d[k] = (u32)(s->b[k] - s->a[k]);
	d[4] = s->b[4] - s->a[4];
}

void bench_measure(const char *key, bench_fn *fn, const u64 in[19], u32 iters,
		   struct bench_result *r)
{
	struct bench_sample s;
	u64 base[5], d[5], best[5];

	/* Baseline: the snapshots with nothing between them; the least of a few runs (anything
	 * that interrupts a run only adds). */
	for (unsigned i = 0; i < 8; i++) {
		bench_none(&s, in);
		deltas(&s, d);
		if (i == 0 || d[4] < base[4])
			for (unsigned k = 0; k < 5; k++)
				base[k] = d[k];
	}
	fn(&s, in); /* warm-up: first-use effects (lazy FP/SIMD trap and the like) */
	fn(&s, in);
	r->iters = iters;
	r->same = 0;
	r->max_total = 0;
	for (u32 i = 0; i < iters; i++) {
		fn(&s, in);
		deltas(&s, d);
		for (unsigned k = 0; k < 5; k++)
			d[k] -= base[k];
		if (d[4] > r->max_total)
			r->max_total = d[4];
		bool equal = i > 0;
		for (unsigned k = 0; k < 5 && equal; k++)
			equal = d[k] == best[k];
		if (equal) {
			r->same++;
		} else if (i == 0 || d[4] < best[4]) {
			for (unsigned k = 0; k < 5; k++)
				best[k] = d[k];
			r->same = 1;
		}
	}
	for (unsigned k = 0; k < 4; k++)
		r->el[k] = best[k];
	r->total = best[4];
	r->last = s;
	bench_print(
	    "[BENCH] %s total=%lu el0=%lu el1=%lu el2=%lu el3=%lu iters=%u same=%u max=%lu\n", key,
	    r->total, r->el[0], r->el[1], r->el[2], r->el[3], r->iters, r->same, r->max_total);
}
