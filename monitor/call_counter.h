/* Per-function-ID counts of every SMC that reaches the monitor, read and reset through the SiP
 * service. One open-addressing table per CPU, so recording needs no atomics; a query sums them. */
#ifndef MONITOR_CALL_COUNTER_H
#define MONITOR_CALL_COUNTER_H
#include "monitor.h"

#define CALL_COUNTER_SLOTS 256u /* per CPU, a power of two */
#define CALL_COUNTER_PROBES 16u /* slots tried before a call is "untracked" */
#define CALL_COUNTER_USED (1ull << 32)

struct call_counter_table {
	struct {
		u64 key; /* fid | CALL_COUNTER_USED, 0 = empty */
		u64 count;
	} slot[CALL_COUNTER_SLOTS];
	u64 untracked; /* calls that found no free slot */
};

struct call_counters {
	struct call_counter_table cpu[MONITOR_MAX_CPUS];
};

extern struct call_counters call_counters;

static inline unsigned call_counter_hash(u32 fid)
{
	/* Fibonacci hashing: IDs of one service differ in low bits, the product spreads them. */
	return (u32)(fid * 0x9e3779b1u) >> 24;
}

/* Inline: it is on every SMC's path. */
static inline void call_counter_record(struct call_counters *cc, unsigned cpu, u32 fid)
{
	struct call_counter_table *t = &cc->cpu[cpu];
	u64 key = fid | CALL_COUNTER_USED;
	unsigned h = call_counter_hash(fid);

#ifdef __clang__
#pragma clang loop unroll(disable) /* only the first probe is on the fast path */
#endif
	for (unsigned i = 0; i < CALL_COUNTER_PROBES; i++) {
		unsigned s = (h + i) & (CALL_COUNTER_SLOTS - 1);
		if (t->slot[s].key == key) {
			t->slot[s].count++;
			return;
		}
		if (t->slot[s].key == 0) {
			t->slot[s].key = key;
			t->slot[s].count = 1;
			return;
		}
	}
	t->untracked++;
}

u64 call_counter_get(const struct call_counters *cc, u32 fid);
u64 call_counter_untracked(const struct call_counters *cc);
/* Zeroes every count. A call recorded concurrently on another CPU may be lost. */
/* Position pos of the tables (cpu * CALL_COUNTER_SLOTS + slot), false past the last:
 * *key = fid | CALL_COUNTER_USED or 0 when empty, *count its count. */
bool call_counter_at(const struct call_counters *cc, u64 pos, u64 *key, u64 *count);
void call_counter_reset(struct call_counters *cc);

#endif
