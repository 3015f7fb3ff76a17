/* The virtual GICv3's state machine (lib/include/warden/vgic.h, docs/vgic.md). Portable: no
 * system register is touched here; the hooks move the list registers to and from the CPU.
 *
 * Rule: an interrupt marked VGIC_IN_LR has its pending and active state in that list register.
 * Every operation that reads or changes interrupt state folds the list registers concerned
 * back first (vgic_fold) and refills them after (vgic_flush), so the state is exact at every
 * step, whatever the guest did through its CPU interface in between. The same rule keeps each
 * vCPU's wait_prio (what waits outside its list registers) exact: every flush sets it. */
#include <warden/vgic.h>

#define MPIDR_AFF_MASK 0xff00ffffffull /* Aff3 (39:32), Aff2, Aff1, Aff0 */
#define PPI_FIRST 16
#define SPI_FIRST 32

static struct vgic_irq *irq_of(struct vgic_cpu *c, u32 intid)
{
	if (intid < SPI_FIRST)
		return &c->priv[intid];
	if (intid < VGIC_NR_IRQS)
		return &c->gic->spi[intid - SPI_FIRST];
	return NULL;
}

static bool pending_state(const struct vgic_irq *q)
{
	return (q->flags & VGIC_PENDING) || (!(q->flags & VGIC_EDGE) && (q->flags & VGIC_LINE));
}

static bool group_enabled(const struct vgic *g, const struct vgic_irq *q)
{
	return g->ctlr & ((q->flags & VGIC_GROUP1) ? GICD_CTLR_ENABLE_G1 : GICD_CTLR_ENABLE_G0);
}

/* The vCPU an SPI goes to: IROUTER's affinity, or with IRM (1 of N) the first awake vCPU. */
static struct vgic_cpu *spi_target(struct vgic *g, u32 n)
{
	u64 r = g->irouter[n];

	if (r & (1ull << 31)) {
		for (u32 i = 0; i < g->nr_cpus; i++)
			if (!(g->cpu[i]->waker & GICR_WAKER_SLEEP))
				return g->cpu[i];
		return g->cpu[0];
	}
	u64 aff = (r & 0xffffffull) | (r & 0xff00000000ull);
	for (u32 i = 0; i < g->nr_cpus; i++)
		if ((g->cpu[i]->mpidr & MPIDR_AFF_MASK) == aff)
			return g->cpu[i];
	return NULL; /* no such vCPU: stays pending in the distributor */
}

/* --- set-up ------------------------------------------------------------------------------------
 */

static void cpu_state_reset(struct vgic_cpu *c)
{
	c->waker = GICR_WAKER_SLEEP;
	for (u32 i = 0; i < 32; i++)
		c->priv[i] = (struct vgic_irq){.flags = i < PPI_FIRST ? VGIC_EDGE : 0};
	for (u32 i = 0; i < VGIC_MAX_LR; i++)
		c->lr[i] = c->lr_written[i] = 0;
	c->lr_used = 0;
	c->hcr = ICH_HCR_EN;
	c->eois_lost = 0;
	c->eoi_ppis = 0;
	c->wait_prio[0] = c->wait_prio[1] = VGIC_NO_PRIO;
}

void vgic_init(struct vgic *g, struct vgic_cpu *cpus, u32 nr_cpus, u32 nr_lr, u32 pri_bits)
{
	if (nr_cpus > VGIC_MAX_CPUS)
		nr_cpus = VGIC_MAX_CPUS;
	if (nr_lr > VGIC_MAX_LR)
		nr_lr = VGIC_MAX_LR;
	if (pri_bits < 4 || pri_bits > 8)
		pri_bits = 8;
	g->nr_cpus = nr_cpus;
	g->nr_lr = nr_lr;
	g->prio_mask = (u8)(0xffu << (8 - pri_bits));
	for (u32 i = 0; i < VGIC_MAX_CPUS; i++)
		g->cpu[i] = i < nr_cpus ? &cpus[i] : NULL;
	for (u32 i = 0; i < nr_cpus; i++) {
		cpus[i].gic = g;
		cpus[i].owner = NULL;
		cpus[i].index = i;
		cpus[i].mpidr = i;
	}
	g->ctlr = 0;
	for (u32 n = 0; n < VGIC_NR_SPIS; n++) {
		g->spi[n] = (struct vgic_irq){0};
		g->irouter[n] = 0;
	}
	for (u32 i = 0; i < nr_cpus; i++)
		cpu_state_reset(&cpus[i]);
}

static void summarize(struct vgic_cpu *c);

struct vgic_cpu *vgic_cpu_attach(struct vgic *g, u32 index, u64 mpidr, void *owner)
{
	if (index >= g->nr_cpus)
		return NULL;
	struct vgic_cpu *c = g->cpu[index];
	c->mpidr = mpidr;
	c->owner = owner;
	for (u32 i = 0; i < g->nr_cpus; i++)
		summarize(g->cpu[i]); /* an SPI's target may have changed */
	return c;
}

void vgic_reset(struct vgic *g)
{
	g->ctlr = 0;
	for (u32 n = 0; n < VGIC_NR_SPIS; n++) {
		g->spi[n] = (struct vgic_irq){0};
		g->irouter[n] = 0;
	}
	for (u32 i = 0; i < g->nr_cpus; i++) {
		cpu_state_reset(g->cpu[i]);
		vgic_hook_lr_commit(g->cpu[i]);
	}
}

/* --- list registers -----------------------------------------------------------------------------
 */

/* Folds c's list registers back, noting in c->eoi_ppis the level PPIs the guest deactivated
 * since they were written (re-sampled by finish()). Leaves c->lr[] empty, not committed. */
static void fold(struct vgic_cpu *c)
{
	u32 eoi_ppis = 0;

	if (!c->lr_used)
		return;
	vgic_hook_lr_fetch(c);
	for (u32 i = 0; i < c->lr_used; i++) {
		u64 w = c->lr_written[i], now = c->lr[i];
		c->lr[i] = c->lr_written[i] = 0;
		if (!w)
			continue;
		u32 intid = (u32)(w & ICH_LR_VINTID_MASK);
		struct vgic_irq *q = irq_of(c, intid);
		if (!q || !(q->flags & VGIC_IN_LR) || q->lr_cpu != c->index || q->lr != i)
			continue; /* cannot happen: the LR was written from this state */
		q->flags &= (u8) ~(VGIC_IN_LR | VGIC_ACTIVE);
		if (now & ICH_LR_ACTIVE)
			q->flags |= VGIC_ACTIVE;
		if (q->flags & VGIC_EDGE) {
			if (now & ICH_LR_PENDING)
				q->flags |= VGIC_PENDING; /* the pending state went into the LR */
		} else if ((w & ICH_LR_PENDING) && !(now & ICH_LR_PENDING)) {
			q->flags &= (u8)~VGIC_PENDING; /* acknowledged: the latch is cleared */
		}
		if (!(q->flags & VGIC_EDGE) && (w & ICH_LR_STATE) && !(now & ICH_LR_STATE) &&
		    intid >= PPI_FIRST && intid < SPI_FIRST)
			eoi_ppis |= 1u << intid;
	}
	c->lr_used = 0;
	c->eoi_ppis |= eoi_ppis;
	u32 lost = (u32)(c->hcr >> ICH_HCR_EOICOUNT_SHIFT) & 0x1f;
	c->eois_lost += lost;
	c->hcr &= ~(0x1full << ICH_HCR_EOICOUNT_SHIFT);
}

/* c->wait_prio from scratch: the interrupts pending, enabled and group-enabled for c in no LR
 * (with vgic_flush's choice made, the candidates that did not fit). */
static void summarize(struct vgic_cpu *c)
{
	struct vgic *g = c->gic;

	c->wait_prio[0] = c->wait_prio[1] = VGIC_NO_PRIO;
	for (u32 intid = 0; intid < VGIC_NR_IRQS; intid++) {
		const struct vgic_irq *q = irq_of(c, intid);
		if ((q->flags & VGIC_IN_LR) || !pending_state(q) || !(q->flags & VGIC_ENABLED) ||
		    !group_enabled(g, q))
			continue;
		if (intid >= SPI_FIRST && spi_target(g, intid - SPI_FIRST) != c)
			continue;
		u16 *w = &c->wait_prio[(q->flags & VGIC_GROUP1) ? 1 : 0];
		if (q->priority < *w)
			*w = q->priority;
	}
}

void vgic_fold(struct vgic_cpu *c)
{
	fold(c);
	summarize(c); /* what the LRs held waits now */
	vgic_hook_lr_commit(c);
}

/* Sort key of a candidate: active ones first (their deactivation must find an LR), then by
 * priority, then by INTID. */
static u32 cand_key(const struct vgic_irq *q, u32 intid)
{
	return (q->flags & VGIC_ACTIVE ? 0u : 1u << 24) | (u32)q->priority << 8 | intid;
}

static bool candidate(const struct vgic *g, const struct vgic_irq *q)
{
	if (q->flags & VGIC_ACTIVE)
		return true;
	return pending_state(q) && (q->flags & VGIC_ENABLED) && group_enabled(g, q);
}

static void consider(u32 *best, u32 *nbest, u32 max, u32 key, u32 *total)
{
	u32 n = *nbest;

	(*total)++;
	if (n == max && key >= best[n - 1])
		return;
	u32 i = n == max ? n - 1 : n;
	while (i > 0 && best[i - 1] > key) {
		best[i] = best[i - 1];
		i--;
	}
	best[i] = key;
	if (n < max)
		*nbest = n + 1;
}

void vgic_flush(struct vgic_cpu *c)
{
	struct vgic *g = c->gic;
	u32 best[VGIC_MAX_LR], nbest = 0, total = 0, max = g->nr_lr;
	bool any_pending = false;

	if (c->lr_used)
		fold(c); /* flush starts from empty list registers */
	for (u32 i = 0; i < 32; i++)
		if (candidate(g, &c->priv[i]))
			consider(best, &nbest, max, cand_key(&c->priv[i], i), &total);
	for (u32 n = 0; n < VGIC_NR_SPIS; n++) {
		const struct vgic_irq *q = &g->spi[n];
		if ((q->flags & (VGIC_PENDING | VGIC_LINE | VGIC_ACTIVE)) && candidate(g, q) &&
		    spi_target(g, n) == c)
			consider(best, &nbest, max, cand_key(q, SPI_FIRST + n), &total);
	}
	for (u32 i = 0; i < nbest; i++) {
		u32 intid = best[i] & 0xff;
		struct vgic_irq *q = irq_of(c, intid);
		u64 lr = intid | (u64)q->priority << ICH_LR_PRIO_SHIFT;
		if (q->flags & VGIC_GROUP1)
			lr |= ICH_LR_GROUP1;
		if (q->flags & VGIC_ACTIVE)
			lr |= ICH_LR_ACTIVE;
		if (pending_state(q) && (q->flags & VGIC_ENABLED) && group_enabled(g, q)) {
			lr |= ICH_LR_PENDING;
			any_pending = true;
			if (q->flags & VGIC_EDGE)
				q->flags &= (u8)~VGIC_PENDING; /* now the LR's */
		}
		if (!(q->flags & VGIC_EDGE))
			lr |= ICH_LR_EOI; /* deactivation re-samples the line */
		q->flags |= VGIC_IN_LR;
		q->lr_cpu = (u8)c->index;
		q->lr = (u8)i;
		c->lr[i] = c->lr_written[i] = lr;
	}
	c->lr_used = nbest;
	c->hcr &= ~(ICH_HCR_UIE | ICH_HCR_NPIE);
	c->hcr |= ICH_HCR_EN;
	if (total > nbest) { /* more than fit: hear when there is room */
		c->hcr |= ICH_HCR_UIE | (any_pending ? ICH_HCR_NPIE : 0);
		summarize(c);
	} else { /* every candidate is in an LR: nothing waits */
		c->wait_prio[0] = c->wait_prio[1] = VGIC_NO_PRIO;
	}
	vgic_hook_lr_commit(c);
}

/* The end of every entry point, with every list register flushed: re-sample the level PPIs
 * the guest deactivated (the hook may call back in, e.g. vgic_core_set_level). */
static void finish(struct vgic *g)
{
	for (u32 i = 0; i < g->nr_cpus; i++) {
		struct vgic_cpu *c = g->cpu[i];
		while (c->eoi_ppis) {
			u32 intid = (u32)__builtin_ctz(c->eoi_ppis);
			c->eoi_ppis &= ~(1u << intid);
			vgic_hook_line_eoi(c, intid);
		}
	}
}

static void refresh(struct vgic_cpu *c)
{
	fold(c);
	vgic_flush(c);
}

void vgic_refresh(struct vgic_cpu *c)
{
	refresh(c);
	finish(c->gic);
}

static bool lr_has_pending(const struct vgic_cpu *c)
{
	for (u32 i = 0; i < c->lr_used; i++)
		if (c->lr_written[i] & ICH_LR_PENDING)
			return true;
	return false;
}

/* After a change that may have made something pending for c: refill, and wake it. */
static void refresh_kick(struct vgic_cpu *c)
{
	refresh(c);
	if (lr_has_pending(c))
		vgic_hook_kick(c);
}

/* SPI n is about to change: fold whoever holds it; returns that vCPU (or NULL). */
static struct vgic_cpu *spi_begin(struct vgic *g, u32 n)
{
	struct vgic_irq *q = &g->spi[n];

	if (!(q->flags & VGIC_IN_LR))
		return NULL;
	struct vgic_cpu *h = g->cpu[q->lr_cpu];
	fold(h);
	return h;
}

/* SPI n changed: refill its old holder and its target. */
static void spi_end(struct vgic *g, u32 n, struct vgic_cpu *holder)
{
	struct vgic_cpu *t = spi_target(g, n);

	if (holder && holder != t)
		refresh(holder);
	if (t)
		refresh_kick(t);
}

static void fold_all(struct vgic *g)
{
	for (u32 i = 0; i < g->nr_cpus; i++)
		fold(g->cpu[i]);
}

static void flush_all(struct vgic *g)
{
	for (u32 i = 0; i < g->nr_cpus; i++)
		refresh_kick(g->cpu[i]);
}

void vgic_cpu_reset(struct vgic_cpu *c)
{
	struct vgic *g = c->gic;

	fold(c);
	for (u32 i = 0; i < 32; i++)
		c->priv[i].flags &= (u8)~VGIC_ACTIVE;
	for (u32 n = 0; n < VGIC_NR_SPIS; n++)
		if (spi_target(g, n) == c)
			g->spi[n].flags &= (u8)~VGIC_ACTIVE;
	c->eois_lost = 0;
	c->hcr = ICH_HCR_EN;
	c->eoi_ppis = 0;
	vgic_flush(c);
}

/* --- sources ------------------------------------------------------------------------------------
 */

bool vgic_core_set_level(struct vgic_cpu *c, u32 intid, bool level)
{
	struct vgic_irq *q = intid >= PPI_FIRST ? irq_of(c, intid) : NULL;

	if (!q)
		return false;
	bool was = (q->flags & VGIC_LINE) != 0;
	if (was == level)
		return true;
	if (intid < SPI_FIRST) {
		fold(c);
		q->flags = (u8)(level ? q->flags | VGIC_LINE : q->flags & ~VGIC_LINE);
		if (level && (q->flags & VGIC_EDGE))
			q->flags |= VGIC_PENDING;
		refresh_kick(c);
		finish(c->gic);
		return true;
	}
	struct vgic *g = c->gic;
	u32 n = intid - SPI_FIRST;
	struct vgic_cpu *h = spi_begin(g, n);
	q->flags = (u8)(level ? q->flags | VGIC_LINE : q->flags & ~VGIC_LINE);
	if (level && (q->flags & VGIC_EDGE))
		q->flags |= VGIC_PENDING;
	spi_end(g, n, h);
	finish(g);
	return true;
}

bool vgic_core_pend(struct vgic_cpu *c, u32 intid)
{
	struct vgic_irq *q = irq_of(c, intid);

	if (!q)
		return false;
	if (intid < SPI_FIRST) {
		fold(c);
		q->flags |= VGIC_PENDING;
		refresh_kick(c);
		finish(c->gic);
		return true;
	}
	struct vgic *g = c->gic;
	u32 n = intid - SPI_FIRST;
	struct vgic_cpu *h = spi_begin(g, n);
	q->flags |= VGIC_PENDING;
	spi_end(g, n, h);
	finish(g);
	return true;
}

u32 vgic_core_sgi(struct vgic_cpu *c, u64 value, enum vgic_sgi_reg reg)
{
	struct vgic *g = c->gic;
	u32 intid = ICC_SGIR_INTID(value), count = 0;
	bool irm = (value & ICC_SGIR_IRM) != 0;
	u64 aff =
	    ICC_SGIR_AFF3(value) << 32 | ICC_SGIR_AFF2(value) << 16 | ICC_SGIR_AFF1(value) << 8;
	u32 targets = ICC_SGIR_TARGETS(value), base = (u32)ICC_SGIR_RS(value) * 16;

	for (u32 i = 0; i < g->nr_cpus; i++) {
		struct vgic_cpu *t = g->cpu[i];
		if (irm) {
			if (t == c)
				continue;
		} else {
			u64 a = t->mpidr & MPIDR_AFF_MASK;
			u32 aff0 = (u32)(a & 0xff);
			if ((a & ~0xffull) != aff || aff0 < base || aff0 >= base + 16 ||
			    !(targets & (1u << (aff0 - base))))
				continue;
		}
		struct vgic_irq *q = &t->priv[intid];
		if (reg != VGIC_SGI1R && (q->flags & VGIC_GROUP1))
			continue; /* SGI0R, ASGI1R: Group 0 SGIs only */
		fold(t);
		q->flags |= VGIC_PENDING;
		refresh_kick(t);
		count++;
	}
	finish(g);
	return count;
}

/* --- register access ----------------------------------------------------------------------------
 */

typedef u32 (*word_read)(struct vgic_cpu *c, u32 off);
typedef void (*word_write)(struct vgic_cpu *c, u32 off, u32 val, u32 mask);

static void access(struct vgic_cpu *c, u64 off, u32 size, bool write, u64 *val, word_read rd,
		   word_write wr)
{
	if ((size != 1 && size != 2 && size != 4 && size != 8) || (off & (size - 1))) {
		if (!write)
			*val = 0;
		return;
	}
	u32 o = (u32)off;
	if (size == 8) {
		if (write) {
			wr(c, o, (u32)*val, ~0u);
			wr(c, o + 4, (u32)(*val >> 32), ~0u);
		} else {
			*val = rd(c, o) | (u64)rd(c, o + 4) << 32;
		}
		return;
	}
	u32 shift = (o & 3) * 8, lane = size == 4 ? ~0u : ((1u << (8 * size)) - 1);
	if (write)
		wr(c, o & ~3u, (u32)*val << shift, lane << shift);
	else
		*val = (rd(c, o & ~3u) >> shift) & lane;
}

/* One 32-bit word of a 1-bit-per-INTID bank, for the 32 interrupts from first. */
static u32 bits_read(struct vgic_cpu *c, u32 first, u32 bank)
{
	u32 w = 0;

	for (u32 i = 0; i < 32; i++) {
		const struct vgic_irq *q = irq_of(c, first + i);
		bool b = false;
		switch (bank) {
		case GICD_IGROUPR:
			b = q->flags & VGIC_GROUP1;
			break;
		case GICD_ISENABLER:
		case GICD_ICENABLER:
			b = q->flags & VGIC_ENABLED;
			break;
		case GICD_ISPENDR:
		case GICD_ICPENDR:
			b = pending_state(q);
			break;
		case GICD_ISACTIVER:
		case GICD_ICACTIVER:
			b = q->flags & VGIC_ACTIVE;
			break;
		case GICD_IGRPMODR:
			b = q->flags & VGIC_GRPMOD;
			break;
		}
		w |= (u32)b << i;
	}
	return w;
}

static void bits_write(struct vgic_cpu *c, u32 first, u32 bank, u32 val, u32 mask)
{
	for (u32 i = 0; i < 32; i++) {
		if (!(mask & (1u << i)))
			continue;
		struct vgic_irq *q = irq_of(c, first + i);
		bool b = (val >> i) & 1;
		u8 bit = 0;
		switch (bank) {
		case GICD_IGROUPR:
			q->flags = (u8)(b ? q->flags | VGIC_GROUP1 : q->flags & ~VGIC_GROUP1);
			continue;
		case GICD_IGRPMODR:
			q->flags = (u8)(b ? q->flags | VGIC_GRPMOD : q->flags & ~VGIC_GRPMOD);
			continue;
		case GICD_ISENABLER:
		case GICD_ICENABLER:
			bit = VGIC_ENABLED;
			break;
		case GICD_ISPENDR:
		case GICD_ICPENDR:
			bit = VGIC_PENDING;
			break;
		case GICD_ISACTIVER:
		case GICD_ICACTIVER:
			bit = VGIC_ACTIVE;
			break;
		}
		if (!b)
			continue; /* set/clear registers: writing 0 does nothing */
		if (bank == GICD_ISENABLER || bank == GICD_ISPENDR || bank == GICD_ISACTIVER)
			q->flags |= bit;
		else
			q->flags &= (u8)~bit;
	}
}

/* Bank at off among the 1-bit banks (IGROUPR .. ICACTIVER, IGRPMODR): its base and word. */
static bool bit_bank(u32 off, u32 frame_base, u32 *bank, u32 *word)
{
	static const u32 banks[] = {GICD_IGROUPR, GICD_ISENABLER, GICD_ICENABLER, GICD_ISPENDR,
				    GICD_ICPENDR, GICD_ISACTIVER, GICD_ICACTIVER, GICD_IGRPMODR};
	for (u32 i = 0; i < sizeof(banks) / sizeof(banks[0]); i++) {
		u32 b = frame_base + banks[i];
		if (off >= b && off < b + 0x80) {
			*bank = banks[i];
			*word = (off - b) / 4;
			return true;
		}
	}
	return false;
}

static u32 prio_read(struct vgic_cpu *c, u32 first)
{
	u32 w = 0;
	for (u32 b = 0; b < 4; b++)
		w |= (u32)irq_of(c, first + b)->priority << (8 * b);
	return w;
}

static void prio_write(struct vgic_cpu *c, u32 first, u32 val, u32 mask)
{
	for (u32 b = 0; b < 4; b++)
		if (mask & (0xffu << (8 * b)))
			irq_of(c, first + b)->priority = (u8)(val >> (8 * b)) & c->gic->prio_mask;
}

static u32 cfg_read(struct vgic_cpu *c, u32 first)
{
	u32 w = 0;
	for (u32 i = 0; i < 16; i++)
		if (irq_of(c, first + i)->flags & VGIC_EDGE)
			w |= 2u << (2 * i);
	return w;
}

static void cfg_write(struct vgic_cpu *c, u32 first, u32 val, u32 mask)
{
	for (u32 i = 0; i < 16; i++) {
		if (!(mask & (2u << (2 * i))))
			continue;
		struct vgic_irq *q = irq_of(c, first + i);
		q->flags =
		    (u8)((val & (2u << (2 * i))) ? q->flags | VGIC_EDGE : q->flags & ~VGIC_EDGE);
	}
}

/* Distributor: the SPIs (words and bytes for INTIDs 0..31 are RAZ/WI: affinity routing). */
static u32 gicd_word(struct vgic_cpu *c, u32 off)
{
	struct vgic *g = c->gic;
	u32 bank, word;

	switch (off) {
	case GICD_CTLR:
		return (g->ctlr & (GICD_CTLR_ENABLE_G0 | GICD_CTLR_ENABLE_G1)) | GICD_CTLR_ARE |
		       GICD_CTLR_DS;
	case GICD_TYPER:
		return GICD_TYPER_VALUE | ((g->nr_cpus > 8 ? 8 : g->nr_cpus) - 1) << 5;
	case GICD_IIDR:
		return GIC_IIDR_VALUE;
	case GICD_PIDR2:
		return GIC_PIDR2_V3;
	}
	if (bit_bank(off, 0, &bank, &word))
		return word >= 1 && word < VGIC_NR_IRQS / 32 ? bits_read(c, word * 32, bank) : 0;
	if (off >= GICD_IPRIORITYR + SPI_FIRST && off < GICD_IPRIORITYR + VGIC_NR_IRQS)
		return prio_read(c, off - GICD_IPRIORITYR);
	if (off >= GICD_ICFGR + 8 && off < GICD_ICFGR + VGIC_NR_IRQS / 4)
		return cfg_read(c, (off - GICD_ICFGR) * 4);
	if (off >= GICD_IROUTER + 8 * SPI_FIRST && off < GICD_IROUTER + 8 * VGIC_NR_IRQS) {
		u64 r = g->irouter[(off - GICD_IROUTER) / 8 - SPI_FIRST];
		return (off & 4) ? (u32)(r >> 32) : (u32)r;
	}
	return 0;
}

static void gicd_set(struct vgic_cpu *c, u32 off, u32 val, u32 mask)
{
	struct vgic *g = c->gic;
	u32 bank, word;

	if (off == GICD_CTLR) {
		u32 m = mask & (GICD_CTLR_ENABLE_G0 | GICD_CTLR_ENABLE_G1);
		g->ctlr = (g->ctlr & ~m) | (val & m);
	} else if (bit_bank(off, 0, &bank, &word)) {
		if (word >= 1 && word < VGIC_NR_IRQS / 32)
			bits_write(c, word * 32, bank, val, mask);
	} else if (off >= GICD_IPRIORITYR + SPI_FIRST && off < GICD_IPRIORITYR + VGIC_NR_IRQS) {
		prio_write(c, off - GICD_IPRIORITYR, val, mask);
	} else if (off >= GICD_ICFGR + 8 && off < GICD_ICFGR + VGIC_NR_IRQS / 4) {
		cfg_write(c, (off - GICD_ICFGR) * 4, val, mask);
	} else if (off >= GICD_IROUTER + 8 * SPI_FIRST && off < GICD_IROUTER + 8 * VGIC_NR_IRQS) {
		u64 *r = &g->irouter[(off - GICD_IROUTER) / 8 - SPI_FIRST];
		/* Aff0..Aff2 (23:0), IRM (31), Aff3 (39:32); the rest RES0. */
		u64 m = (off & 4) ? (u64)(mask & 0xffu) << 32 : (u64)(mask & 0x80ffffffu);
		u64 x = (off & 4) ? (u64)val << 32 : (u64)val;
		*r = (*r & ~m) | (x & m);
	}
}

void vgic_gicd_access(struct vgic_cpu *accessor, u64 off, u32 size, bool write, u64 *val)
{
	struct vgic *g = accessor->gic;

	if (off >= VGIC_GICD_SIZE) {
		if (!write)
			*val = 0;
		return;
	}
	fold_all(g);
	access(accessor, off, size, write, val, gicd_word, gicd_set);
	flush_all(g);
	finish(g);
}

/* Redistributor: RD frame, and the SGI frame at +64 KiB with the private interrupts. */
static u32 gicr_word(struct vgic_cpu *c, u32 off)
{
	u32 bank, word;

	switch (off) {
	case GICR_IIDR:
		return GIC_IIDR_VALUE;
	case GICR_TYPER: /* Processor_Number (23:8), Last (4); no LPIs */
		return c->index << 8 | (c->index + 1 == c->gic->nr_cpus ? (u32)GICR_TYPER_LAST : 0);
	case GICR_TYPER + 4: /* affinity: Aff3.Aff2.Aff1.Aff0 */
		return (u32)((c->mpidr & 0xffffff) | ((c->mpidr >> 32) & 0xff) << 24);
	case GICR_WAKER:
		return c->waker & GICR_WAKER_SLEEP ? GICR_WAKER_SLEEP | GICR_WAKER_CHILDREN_ASLEEP
						   : 0;
	case GICR_PIDR2:
		return GIC_PIDR2_V3;
	case GICR_ICFGR0:
		return cfg_read(c, 0);
	case GICR_ICFGR1:
		return cfg_read(c, 16);
	}
	if (bit_bank(off, GICR_SGI_FRAME, &bank, &word))
		return word == 0 ? bits_read(c, 0, bank) : 0;
	if (off >= GICR_IPRIORITYR && off < GICR_IPRIORITYR + 32)
		return prio_read(c, off - GICR_IPRIORITYR);
	return 0; /* GICR_CTLR (no LPIs, RWP 0), STATUSR, ... */
}

static void gicr_set(struct vgic_cpu *c, u32 off, u32 val, u32 mask)
{
	u32 bank, word;

	switch (off) {
	case GICR_WAKER:
		/* The redistributor settles at once: ChildrenAsleep follows ProcessorSleep. */
		if (mask & GICR_WAKER_SLEEP)
			c->waker = val & GICR_WAKER_SLEEP;
		return;
	case GICR_ICFGR0:
		return; /* SGIs are always edge-triggered */
	case GICR_ICFGR1:
		cfg_write(c, 16, val, mask);
		return;
	}
	if (bit_bank(off, GICR_SGI_FRAME, &bank, &word)) {
		if (word == 0)
			bits_write(c, 0, bank, val, mask);
	} else if (off >= GICR_IPRIORITYR && off < GICR_IPRIORITYR + 32) {
		prio_write(c, off - GICR_IPRIORITYR, val, mask);
	}
}

void vgic_gicr_access(struct vgic_cpu *rd, u64 off, u32 size, bool write, u64 *val)
{
	if (off >= VGIC_GICR_SIZE) {
		if (!write)
			*val = 0;
		return;
	}
	fold(rd);
	access(rd, off, size, write, val, gicr_word, gicr_set);
	/* A waking redistributor may change where 1-of-N SPIs go: every LR is folded before any
	 * is refilled (an SPI one vCPU held may go to one flushed before it). */
	if (write && (u32)off == GICR_WAKER) {
		fold_all(rd->gic);
		flush_all(rd->gic);
	} else {
		refresh_kick(rd);
	}
	finish(rd->gic);
}

/* --- queries ------------------------------------------------------------------------------------
 */

bool vgic_core_has_pending(struct vgic_cpu *c, u64 vmcr)
{
	u32 pmr = (u32)(vmcr >> ICH_VMCR_VPMR_SHIFT) & 0xff, rpr = 0x100;

	if (c->lr_used)
		vgic_hook_lr_fetch(c);
	for (u32 i = 0; i < c->lr_used; i++)
		if ((c->lr[i] & ICH_LR_ACTIVE) && ((c->lr[i] >> ICH_LR_PRIO_SHIFT) & 0xff) < rpr)
			rpr = (u32)(c->lr[i] >> ICH_LR_PRIO_SHIFT) & 0xff;
	for (u32 i = 0; i < c->lr_used; i++) {
		u64 lr = c->lr[i];
		u32 prio = (u32)(lr >> ICH_LR_PRIO_SHIFT) & 0xff;
		bool grp = (lr & ICH_LR_GROUP1) ? (vmcr & ICH_VMCR_VENG1) : (vmcr & ICH_VMCR_VENG0);
		if ((lr & ICH_LR_PENDING) && grp && prio < pmr && prio < rpr)
			return true;
	}
	/* What waits outside the list registers (more than fit): the summary vgic_flush keeps. */
	u32 w0 = c->wait_prio[0], w1 = c->wait_prio[1];
	if ((vmcr & ICH_VMCR_VENG0) && w0 < pmr && w0 < rpr)
		return true;
	return (vmcr & ICH_VMCR_VENG1) && w1 < pmr && w1 < rpr;
}

/* An interrupt's state as the guest sees it: read between a fold and a flush of its holder. */
static u8 state_of(struct vgic_cpu *c, u32 intid, bool *pending)
{
	struct vgic_irq *q = irq_of(c, intid);

	if (!q)
		return *pending = false, 0;
	struct vgic_cpu *h = (q->flags & VGIC_IN_LR) ? c->gic->cpu[q->lr_cpu] : NULL;
	if (h)
		fold(h);
	u8 flags = q->flags;
	*pending = pending_state(q);
	if (h) {
		vgic_flush(h);
		finish(c->gic);
	}
	return flags;
}

bool vgic_is_pending(struct vgic_cpu *c, u32 intid)
{
	bool p;
	state_of(c, intid, &p);
	return p;
}

bool vgic_is_active(struct vgic_cpu *c, u32 intid)
{
	bool p;
	return (state_of(c, intid, &p) & VGIC_ACTIVE) != 0;
}
