/* libFuzzer target: the image builder's parser and checks (tools/wbuild/parse.c, check.c) on
 * an arbitrary system description. Oracles beyond the sanitizers: a description the checks
 * accept gives every capability, SMC grant and IRQ a slot inside its PD's CNode, no slot
 * twice, and no hazardous function ID without accept_hazard. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../../tools/wbuild/check.h"
#include "../../tools/wbuild/parse.h"

static char path[64];

static void check(bool ok, const struct pd *pd, u32 slot, const char *what)
{
	if (!ok) {
		fprintf(stderr, "fuzz_wbuild: oracle failed: PD '%s' slot %u: %s\n", pd->name, slot,
			what);
		abort();
	}
}

static void check_slot(const struct pd *pd, u8 *used, u32 slot)
{
	check(slot >= 1 && slot < (1u << pd->cnode_bits), pd, slot, "slot outside the CNode");
	check(!used[slot], pd, slot, "slot used twice");
	used[slot] = 1;
}

static void check_pd(const struct pd *pd, bool smc_cap)
{
	static u8 used[1u << MAX_CNODE_BITS];

	check(pd->cnode_bits >= MIN_CNODE_BITS && pd->cnode_bits <= MAX_CNODE_BITS, pd, 0,
	      "cnode_bits out of range");
	memset(used, 0, sizeof(used));
	for (size_t i = 0; i < pd->caps.n; i++)
		check_slot(pd, used, pd->caps.v[i].slot);
	for (size_t i = 0; i < pd->irqs.n; i++)
		check_slot(pd, used, pd->irqs.v[i].slot);
	for (size_t i = 0; i < pd->smcs.n; i++) {
		const struct smc_grant *g = &pd->smcs.v[i];
		size_t count;
		const struct smc_range *r = smc_target_ranges(&g->target, &count);
		check(smc_cap, pd, g->slot, "an SMC grant in a build without SMC capabilities");
		for (size_t k = 0; k < count; k++) {
			check_slot(pd, used, g->slot + (u32)k);
			struct smc_range h[1];
			check(g->accept_hazard ||
				  !smc_hazards_in_range(r[k].first, r[k].last, h, 1),
			      pd, g->slot, "a hazardous ID granted without accept_hazard");
		}
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static FILE *devnull;

	if (size < 1)
		return 0;
	if (!path[0]) {
		snprintf(path, sizeof(path), "/tmp/fuzz_wbuild.%d.xml", (int)getpid());
		devnull = fopen("/dev/null", "w");
	}
	FILE *f = fopen(path, "wb");
	if (!f)
		abort();
	fwrite(data + 1, 1, size - 1, f);
	fclose(f);

	bool smc_cap = data[0] & 1;
	struct diag d = {devnull, path, 0, 0};
	struct system sys;
	memset(&sys, 0, sizeof(sys));
	if (parse_system(&sys, &d)) {
		check_system(&sys, smc_cap, &d);
		if (d.errors == 0)
			for (size_t i = 0; i < sys.pds.n; i++)
				check_pd(&sys.pds.v[i], smc_cap);
	}
	system_free(&sys);
	return 0;
}
