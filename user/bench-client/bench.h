/* Instruction counting for `make bench` (docs/performance.md), shared by the EL0 bench
 * components (user/bench-*) and the EL2 bench payload (tests/el2-bench).
 *
 * Under QEMU -icount shift=0,sleep=off the PMU's INST_RETIRED event (0x08) is exact. Event
 * counters 0..3 count it at EL0, EL1, EL2 and EL3 only (PMEVTYPER<n>_EL0 filter bits); the cycle
 * counter (PMCCFILTR_EL0.NSH, set by the kernel or the EL2 payload) counts every level and equals
 * instructions under -icount. A measurement prints one line that tools/bench.py parses:
 *
 *   [BENCH] <key> total=T el0=A el1=B el2=C el3=D iters=N same=S max=M
 *
 * T is the instructions of one operation (the most frequent undisturbed value: the minimum, see
 * bench_measure), A..D its split by exception level, S how many of the N iterations had exactly
 * that split, M the largest total seen (an iteration that took a timer interrupt, say). */
#ifndef BENCH_H
#define BENCH_H
#include <warden/types.h>

#define PMEV_P (1u << 31) /* filter EL1 (NS EL1 counted when P == NSK) */
#define PMEV_U (1u << 30) /* filter EL0 (NS EL0 counted when U == NSU) */
#define PMEV_NSK (1u << 29)
#define PMEV_NSU (1u << 28)
#define PMEV_NSH (1u << 27) /* count at EL2 */
#define PMEV_M (1u << 26)   /* EL3 counted when M == P */
#define PMEV_INST_RETIRED 0x08u

/* INST_RETIRED at exactly one exception level each. */
#define BENCH_FILTER_EL0 (PMEV_P | PMEV_INST_RETIRED)
#define BENCH_FILTER_EL1 (PMEV_U | PMEV_M | PMEV_INST_RETIRED)
#define BENCH_FILTER_EL2 (PMEV_P | PMEV_U | PMEV_NSH | PMEV_INST_RETIRED)
#define BENCH_FILTER_EL3 (PMEV_P | PMEV_U | PMEV_M | PMEV_INST_RETIRED)

/* Counter snapshots before (a) and after (b) the operation: [0..3] = EL0..EL3 event counters
 * (32 bits), [4] = cycle counter (64 bits); then x0, x1, x2, x8, x18 after the operation. */
struct bench_sample {
	u64 a[5];
	u64 b[5];
	u64 x0, x1, x2, x8, x18;
};

/* measure.S: in[0..18] = x0..x18 for the operation. */
typedef void bench_fn(struct bench_sample *s, const u64 in[19]);
extern bench_fn bench_none, bench_smc, bench_svc0, bench_svc8, bench_svc9;

struct bench_result {
	u64 el[4];     /* instructions per operation at EL0..EL3 */
	u64 total;     /* all levels (cycle counter) */
	u64 max_total; /* the most expensive iteration */
	u32 iters, same;
	struct bench_sample last; /* the last iteration's registers (for checks) */
};

/* Provided by the user of this file: console output. */
void bench_print(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Programs event counters 0..3 (the caller may already have enabled the PMU: PMCR_EL0.E, the
 * cycle counter). Returns false, after saying why, if the PMU cannot measure here. */
bool bench_pmu_setup(void);

/* Runs fn iters times (after two warm-up runs) and bench_none as the baseline, fills *r and
 * prints the [BENCH] line for key. */
void bench_measure(const char *key, bench_fn *fn, const u64 in[19], u32 iters,
		   struct bench_result *r);

#endif
