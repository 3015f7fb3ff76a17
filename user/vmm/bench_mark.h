/* WARDEN_HYP_BENCH_MARK: the bench marker of `make bench` (docs/performance.md, docs/vmm.md).
 *
 * A guest cannot read the PMU (the kernel traps its accesses: the PMU is the benchmarks'
 * instrument), but its VMM, at EL0, can. So a bench guest measures a path by bracketing blocks
 * of calls with this vendor-specific hypervisor call (SMCCC owning entity 6, SMC32 fast call),
 * whose handler in the VMM reads the cycle counter and INST_RETIRED per exception level:
 *
 *     MARK; K1 x call; MARK; K2 x call; MARK; SAMPLE(K1, K2)
 *
 * One call costs (C(K2 block) - C(K1 block)) / (K2 - K1): the marker's own cost, which both
 * blocks contain once, cancels. The VMM answers it only when the guest's policy *emulates*
 * 0x86000100 (systems/bench-guest.xml); under any other policy it is denied like any other ID
 * (x0 = -1), so it widens no guest's authority. It needs ops->pmu_read; without it, -1.
 *
 * The bench guest (guests/benchguest) includes this header too, from C and assembly. */
#ifndef VMM_BENCH_MARK_H
#define VMM_BENCH_MARK_H

#define WARDEN_HYP_BENCH_MARK 0x86000100 /* unsigned in C: it does not fit an int */

/* x1 = the operation; every argument is 32 bits (SMC32); x0 = 0 on success. */
#define BENCH_MARK_SNAPSHOT 0 /* read the counters: the boundary of a block */
#define BENCH_MARK_SAMPLE                                                                          \
	1 /* x2 = K1, x3 = K2 (K2 > K1): one repetition from the last three                        \
	     snapshots; x0 = 0, or 1 if its per-call figure is not an integer */
#define BENCH_MARK_BASELINE                                                                        \
	2 /* the samples so far are the baseline (the loop around the call,                        \
	      without the call): subtracted from every later report */
#define BENCH_MARK_REPORT                                                                          \
	3 /* x2..x7 = the key, 4 characters each, little-endian, NUL-padded:                       \
	     prints the [BENCH] line of the samples so far minus the baseline,                     \
	     starts over; x0 = the repetitions whose figure was not an integer */

#ifndef __ASSEMBLY__
#include <warden/types.h>

/* The VMM's bench state (struct vmm.bench), zero at vmm_init. Counter vectors: [0..3] =
 * INST_RETIRED at EL0..EL3 (32-bit counters), [4] = the cycle counter (all levels). */
#define VMM_BENCH_DISTINCT 8
struct vmm_bench {
	u64 snap[3][5]; /* the last three snapshots, oldest first */
	u32 snaps;
	u32 reps, inexact;
	u64 k_diff;		/* K2 - K1 of the samples so far */
	u64 best1[5], best2[5]; /* the cheapest K1 block and K2 block (by total) */
	s64 max_total;		/* the most expensive repetition's per-call total */
	struct {
		s64 n[5]; /* C(K2 block) - C(K1 block) of a repetition */
		u32 count;
	} seen[VMM_BENCH_DISTINCT]; /* distinct figures and how many repetitions had each */
	u32 distinct;
	bool have_base;
	s64 base[5]; /* per-call baseline (BENCH_MARK_BASELINE) */
};

struct vmm;
struct vmm_reply;
/* The marker's handler (bench_mark.c): a = x0..x7 of the call, 32 bits each. */
void vmm_bench_mark(struct vmm *v, const u64 *a, struct vmm_reply *r);
/* ops->pmu_read of the VMM component (bench_pmu.c, target only). */
bool vmm_bench_pmu_read(void *ctx, u64 c[5]);
#endif
#endif
