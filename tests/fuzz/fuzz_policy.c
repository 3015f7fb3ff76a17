/* libFuzzer target: the function-ID matchers that decide what reaches the secure world: the
 * VMM's policy lookup (user/vmm/smccc.c, a binary search over sorted ranges) and the hazard
 * table's queries (lib/src/smc_services.c), each against a plain linear scan of the same data,
 * for fuzzed policies and fuzzed function IDs. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <warden/smc_hazards.h>
#include <warden/smc_services.h>
#include <warden/smccc.h>
#include "vmm.h"

static void check(bool ok, const char *what, u32 fid)
{
	if (!ok) {
		fprintf(stderr, "fuzz_policy: oracle failed for 0x%08x: %s\n", fid, what);
		abort();
	}
}

static u32 take32(const u8 **p, const u8 *end)
{
	u32 v = 0;
	for (unsigned i = 0; i < 4 && *p < end; i++)
		v |= (u32) * (*p)++ << (8 * i);
	return v;
}

static bool hazardous_scan(u32 fid)
{
	for (size_t i = 0; i < smc_hazard_count; i++)
		if (smc_hazards[i].first <= fid && fid <= smc_hazards[i].last)
			return true;
	return false;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const u8 *p = data, *end = data + size;
	static struct vmm_config cfg;

	memset(&cfg, 0, sizeof(cfg));
	/* A policy: sorted, disjoint ranges built from (gap, width) pairs. */
	u32 n = size ? data[0] % (VMM_MAX_POLICY + 1) : 0;
	p += size ? 1 : 0;
	u64 next = take32(&p, end);
	for (u32 i = 0; i < n; i++) {
		u32 gap = take32(&p, end) >> (p < end ? *p % 32 : 0);
		u32 width = take32(&p, end) >> (p < end ? *p % 32 : 0);
		u64 first = next + gap, last = first + width;
		if (last > 0xffffffffull)
			break;
		cfg.policy[i] = (struct vmm_policy_entry){(u32)first, (u32)last, 1 + i % 3, 40 + i};
		cfg.policy_count = i + 1;
		next = last + 1;
	}
	/* Queries: each given ID, its neighbours and every range's edges. */
	u32 q[64 + 4 * VMM_MAX_POLICY];
	u32 nq = 0;
	while (p < end && nq < 64)
		q[nq++] = take32(&p, end);
	for (u32 i = 0; i < cfg.policy_count; i++) {
		q[nq++] = cfg.policy[i].first;
		q[nq++] = cfg.policy[i].last;
		q[nq++] = cfg.policy[i].first - 1;
		q[nq++] = cfg.policy[i].last + 1;
	}
	for (u32 k = 0; k < nq; k++) {
		u32 fid = q[k];
		const struct vmm_policy_entry *want = NULL;
		for (u32 i = 0; i < cfg.policy_count; i++)
			if (cfg.policy[i].first <= fid && fid <= cfg.policy[i].last)
				want = &cfg.policy[i];
		check(vmm_policy_lookup(&cfg, fid) == want, "policy lookup", fid);
		check(vmm_policy_action(&cfg, fid) == (want ? want->action : VMM_DENY),
		      "policy action", fid);
		u32 norm = vmm_fid_normalize((u64)fid | (u64)fid << 32);
		check(norm == (fid & ~SMCCC_SVE_HINT), "function-ID normalisation", fid);
		check(smc_fid_is_hazardous(fid) == hazardous_scan(fid), "hazard test", fid);
	}
	/* Hazards inside a range: exactly the hazardous IDs, sorted, disjoint, clipped. */
	for (u32 k = 0; k + 1 < nq && k < 16; k += 2) {
		u32 first = q[k] < q[k + 1] ? q[k] : q[k + 1];
		u32 last = q[k] < q[k + 1] ? q[k + 1] : q[k];
		if (last - first > 0x100)
			last = first + 0x100;
		struct smc_range out[16];
		size_t got = smc_hazards_in_range(first, last, out, 16);
		size_t seen = got < 16 ? got : 16;
		for (size_t i = 0; i < seen; i++) {
			check(first <= out[i].first && out[i].first <= out[i].last &&
				  out[i].last <= last,
			      "hazard range outside the query", out[i].first);
			check(i == 0 || out[i - 1].last < out[i].first, "hazards unsorted",
			      out[i].first);
		}
		if (got > 16)
			continue;
		/* Every hazardous ID in [first, last] is in one of them. */
		size_t j = 0;
		for (u64 fid = first; fid <= last; fid++) {
			bool h = hazardous_scan((u32)fid);
			while (j < seen && out[j].last < fid)
				j++;
			bool listed = j < seen && out[j].first <= fid;
			check(h == listed, "hazards in range", (u32)fid);
		}
		struct smc_range a = {first, last}, b = {q[k], q[k]};
		check(smc_ranges_overlap(a, b) == (first <= q[k] && q[k] <= last), "overlap", q[k]);
	}
	return 0;
}
