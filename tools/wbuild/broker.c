/* SMC brokers (see broker.h). A PD that lists <broker_client>s gets its policy as a read-only
 * configuration page; the builder checks that the broker can honour every range it promises. */
#include <inttypes.h>
#include <string.h>

#include <warden/broker.h>

#include "broker.h"

_Static_assert(sizeof(struct broker_config) <= PAGE_SIZE, "the configuration fits one page");
_Static_assert(BROKER_SLOT_CNODE < BROKER_SLOT_SMC_BASE && BROKER_SLOT_EP < BROKER_SLOT_SMC_BASE &&
		   BROKER_SLOT_SMC_BASE < BROKER_SLOT_FREE,
	       "the broker's slot ranges are disjoint");

/* The broker's CNode holds its minted capabilities from BROKER_SLOT_FREE: an intermediate per
 * client and one slot to hand out from, so it needs at least this many slots. */
#define BROKER_MIN_CNODE_BITS 6
_Static_assert((1u << BROKER_MIN_CNODE_BITS) >= BROKER_SLOT_FREE + BROKER_MAX_CLIENTS + 1,
	       "a broker's CNode has room for what it mints");

/* Number of SMC capabilities the PD's grants make. */
static size_t smc_cap_count(const struct pd *pd)
{
	size_t n = 0;

	for (size_t i = 0; i < pd->smcs.n; i++) {
		size_t count;

		smc_target_ranges(&pd->smcs.v[i].target, &count);
		n += count;
	}
	return n;
}

static bool covered_by_grant(const struct pd *pd, struct smc_range r)
{
	for (size_t i = 0; i < pd->smcs.n; i++) {
		size_t count;
		const struct smc_range *ranges = smc_target_ranges(&pd->smcs.v[i].target, &count);

		for (size_t k = 0; k < count; k++) {
			if (ranges[k].first <= r.first && r.last <= ranges[k].last)
				return true;
		}
	}
	return false;
}

static const struct cap *cap_in_slot(const struct pd *pd, u32 slot)
{
	for (size_t i = 0; i < pd->caps.n; i++) {
		if (pd->caps.v[i].slot == slot)
			return &pd->caps.v[i];
	}
	return NULL;
}

static void check_clients(const struct pd *pd, struct diag *d)
{
	if (pd->broker_clients.n > BROKER_MAX_CLIENTS)
		diag_error(d, pd->broker_clients.v[BROKER_MAX_CLIENTS].line,
			   "'%s' has %zu broker clients; a broker serves at most %d", pd->name,
			   pd->broker_clients.n, BROKER_MAX_CLIENTS);
	for (size_t i = 0; i < pd->broker_clients.n; i++) {
		const struct broker_client_desc *c = &pd->broker_clients.v[i];
		size_t ranges = 0;

		if (c->badge == 0)
			diag_error(d, c->line,
				   "broker client '%s' has badge 0, which every unbadged endpoint "
				   "capability carries; give it a nonzero badge",
				   c->name);
		else if (c->badge == BROKER_ADMIN_BADGE)
			diag_error(d, c->line,
				   "broker client '%s' has badge 0x%x, the broker's administrator "
				   "badge (BROKER_ADMIN_BADGE)",
				   c->name, BROKER_ADMIN_BADGE);
		for (size_t j = 0; j < i; j++) {
			const struct broker_client_desc *e = &pd->broker_clients.v[j];

			if (e->badge == c->badge)
				diag_error(d, c->line,
					   "broker client '%s' has badge 0x%" PRIx64
					   ", already used by '%s' at line %d",
					   c->name, c->badge, e->name, e->line);
			if (strcmp(e->name, c->name) == 0)
				diag_error(d, c->line,
					   "duplicate broker client name '%s' (first at line %d)",
					   c->name, e->line);
		}
		for (size_t a = 0; a < c->allows.n; a++) {
			const struct broker_allow *al = &c->allows.v[a];
			size_t count;
			const struct smc_range *r = smc_target_ranges(&al->target, &count);

			ranges += count;
			for (size_t k = 0; k < count; k++) {
				if (!covered_by_grant(pd, r[k]))
					diag_error(
					    d, al->line,
					    "broker client '%s' may call [0x%08" PRIx32
					    ", 0x%08" PRIx32 "], which no <smc> grant of '%s' "
					    "covers; a broker can only pass on what it holds",
					    c->name, r[k].first, r[k].last, pd->name);
			}
		}
		if (ranges > BROKER_MAX_RANGES)
			diag_error(d, c->line,
				   "broker client '%s' has %zu allowed ranges (services count one "
				   "per range); a client takes at most %d",
				   c->name, ranges, BROKER_MAX_RANGES);
	}
}

static void check_slots(const struct pd *pd, u32 pd_index, struct diag *d)
{
	size_t n = smc_cap_count(pd);
	const struct cap *cnode = cap_in_slot(pd, BROKER_SLOT_CNODE);
	const struct cap *ep = cap_in_slot(pd, BROKER_SLOT_EP);

	if (!cnode || cnode->type != CAP_CNODE || cnode->object != pd_index)
		diag_error(
		    d, cnode ? cnode->line : pd->line,
		    "'%s' is an SMC broker: slot %d must hold its own CNode (<cap slot=\"%d\" "
		    "cnode=\"%s\"/>)",
		    pd->name, BROKER_SLOT_CNODE, BROKER_SLOT_CNODE, pd->name);
	if (!ep || ep->type != CAP_ENDPOINT || !(ep->rights & CAP_RIGHT_READ))
		diag_error(
		    d, ep ? ep->line : pd->line,
		    "'%s' is an SMC broker: slot %d must hold the endpoint its clients call, "
		    "with rights r",
		    pd->name, BROKER_SLOT_EP);
	if (pd->cnode_bits < BROKER_MIN_CNODE_BITS)
		diag_error(d, pd->line,
			   "'%s' is an SMC broker: it needs cnode_bits=\"%d\" or more (it mints "
			   "capabilities into slots from %d)",
			   pd->name, BROKER_MIN_CNODE_BITS, BROKER_SLOT_FREE);
	if (n > BROKER_SLOT_FREE - BROKER_SLOT_SMC_BASE)
		diag_error(d, pd->line,
			   "'%s' is an SMC broker with %zu SMC capabilities; at most %d fit in "
			   "slots %d to %d",
			   pd->name, n, BROKER_SLOT_FREE - BROKER_SLOT_SMC_BASE,
			   BROKER_SLOT_SMC_BASE, BROKER_SLOT_FREE - 1);
	/* Its SMC capabilities fill BROKER_SLOT_SMC_BASE .. + n - 1 (the duplicate check makes
	 * them distinct, so inside that window they fill it). */
	for (size_t i = 0; i < pd->smcs.n; i++) {
		const struct smc_grant *g = &pd->smcs.v[i];
		size_t count;

		smc_target_ranges(&g->target, &count);
		if (g->slot < BROKER_SLOT_SMC_BASE || g->slot + count > BROKER_SLOT_SMC_BASE + n)
			diag_error(
			    d, g->line,
			    "'%s' is an SMC broker: its %zu SMC capabilities must fill slots "
			    "%d to %zu (one per range), but this grant starts at slot %" PRIu32,
			    pd->name, n, BROKER_SLOT_SMC_BASE, BROKER_SLOT_SMC_BASE + n - 1,
			    g->slot);
	}
	for (size_t i = 0; i < pd->caps.n; i++) {
		if (pd->caps.v[i].slot >= BROKER_SLOT_FREE)
			diag_error(
			    d, pd->caps.v[i].line,
			    "'%s' is an SMC broker: slots from %d are for the capabilities it "
			    "mints; use a lower slot",
			    pd->name, BROKER_SLOT_FREE);
	}
	for (size_t i = 0; i < pd->irqs.n; i++) {
		if (pd->irqs.v[i].slot >= BROKER_SLOT_FREE)
			diag_error(
			    d, pd->irqs.v[i].line,
			    "'%s' is an SMC broker: slots from %d are for the capabilities it "
			    "mints; use a lower slot",
			    pd->name, BROKER_SLOT_FREE);
	}
}

void broker_check(const struct system *sys, const struct pd *pd, u32 pd_index, struct diag *d)
{
	if (!pd->broker_clients.n)
		return;
	check_clients(pd, d);
	check_slots(pd, pd_index, d);
	for (size_t i = 0; i < pd->maps.n; i++) {
		const struct map *m = &pd->maps.v[i];
		u64 size = m->region_index != BS_NONE ? sys->regions.v[m->region_index].size : 0;

		if (m->vaddr < BROKER_CONFIG_VADDR + PAGE_SIZE &&
		    BROKER_CONFIG_VADDR < m->vaddr + size)
			diag_error(d, m->line,
				   "'%s' is an SMC broker: its configuration page is at 0x%lx; map "
				   "'%s' elsewhere",
				   pd->name, BROKER_CONFIG_VADDR, m->region);
	}
}

static void build_config(struct pd *pd)
{
	struct broker_config *c;

	pd->broker_config = xmalloc(PAGE_SIZE);
	c = (struct broker_config *)pd->broker_config;
	c->magic = BROKER_CONFIG_MAGIC;
	c->version = BROKER_CONFIG_VERSION;
	c->client_count = (u32)pd->broker_clients.n;
	c->smc_cap_count = (u32)smc_cap_count(pd);
	for (size_t i = 0; i < pd->broker_clients.n; i++) {
		const struct broker_client_desc *src = &pd->broker_clients.v[i];
		struct broker_client *dst = &c->clients[i];

		dst->badge = src->badge;
		snprintf(dst->name, sizeof(dst->name), "%s", src->name);
		for (size_t a = 0; a < src->allows.n; a++) {
			size_t count;
			const struct smc_range *r =
			    smc_target_ranges(&src->allows.v[a].target, &count);

			for (size_t k = 0; k < count; k++)
				dst->ranges[dst->range_count++] = r[k];
		}
	}
}

void broker_build_all(struct system *sys)
{
	for (size_t p = 0; p < sys->pds.n; p++) {
		struct pd *pd = &sys->pds.v[p];
		struct region *r;
		struct map *m;

		if (!pd->broker_clients.n)
			continue;
		build_config(pd);
		r = VEC_PUSH(sys->regions);
		snprintf(r->name, BS_NAME_LEN, "%.24s.broker", pd->name);
		r->line = pd->line;
		r->size = PAGE_SIZE;
		r->data = pd->broker_config;
		r->data_size = sizeof(struct broker_config);
		m = VEC_PUSH(pd->maps);
		m->line = pd->line;
		m->region = xstrdup(r->name);
		m->region_index = (u32)(sys->regions.n - 1);
		m->vaddr = BROKER_CONFIG_VADDR;
		m->perms = BS_PERM_R;
	}
}
