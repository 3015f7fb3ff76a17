/* Call counters: see call_counter.h. */
#include "call_counter.h"
#include <warden/string.h>

struct call_counters call_counters;

u64 call_counter_get(const struct call_counters *cc, u32 fid)
{
	u64 key = fid | CALL_COUNTER_USED, sum = 0;
	unsigned h = call_counter_hash(fid);

	for (unsigned c = 0; c < MONITOR_MAX_CPUS; c++) {
		const struct call_counter_table *t = &cc->cpu[c];
		for (unsigned i = 0; i < CALL_COUNTER_PROBES; i++) {
			unsigned s = (h + i) & (CALL_COUNTER_SLOTS - 1);
			if (t->slot[s].key == key) {
				sum += t->slot[s].count;
				break;
			}
			if (t->slot[s].key == 0)
				break;
		}
	}
	return sum;
}

u64 call_counter_untracked(const struct call_counters *cc)
{
	u64 sum = 0;

	for (unsigned c = 0; c < MONITOR_MAX_CPUS; c++)
		sum += cc->cpu[c].untracked;
	return sum;
}

bool call_counter_at(const struct call_counters *cc, u64 pos, u64 *key, u64 *count)
{
	if (pos >= (u64)MONITOR_MAX_CPUS * CALL_COUNTER_SLOTS)
		return false;
	const struct call_counter_table *t = &cc->cpu[pos / CALL_COUNTER_SLOTS];
	*key = t->slot[pos % CALL_COUNTER_SLOTS].key;
	*count = t->slot[pos % CALL_COUNTER_SLOTS].count;
	return true;
}

void call_counter_reset(struct call_counters *cc)
{
	memset(cc, 0, sizeof(*cc));
}
