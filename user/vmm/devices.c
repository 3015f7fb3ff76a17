/* The emulated devices: the PL011 UART and the GICv3 distributor and redistributors (their
 * programming interface only; the kernel delivers virtual interrupts through the list
 * registers). Portable. Unknown offsets read as zero and ignore writes. */
#include "vmm.h"

/* --- PL011 ---------------------------------------------------------------------------------- */

/* PeriphID0..3 (part 0x011, designer Arm, revision 1) and the PrimeCell ID, as Linux's AMBA bus
 * probe expects. */
static const u8 pl011_id[8] = {0x11, 0x10, 0x14, 0x00, 0x0d, 0xf0, 0x05, 0xb1};

/* The model (docs/console.md): the transmitter drains at once, so the transmit FIFO is always
 * empty — never full, never busy, and always at or below its trigger level, which is what raises
 * TXRIS: it reads as set whatever ICR did, as the condition holds again at once. Received bytes
 * (console input, from the kernel) wait in a 16-entry FIFO (1 with LCR_H.FEN clear); RXRIS is
 * set while the FIFO is at or above the trigger level IFLS selects, RTRIS while it holds data
 * (bytes arrive in bursts, so the receive timeout has always passed), each until the reads bring
 * the FIFO below the level or empty it, or ICR clears it (then until the next byte arrives).
 * Typed bytes come in bursts (a paste, a harness's command line) faster than any line rate: they
 * wait on "the line" (a backlog of VMM_UART_BACKLOG bytes) and enter the FIFO as the guest reads
 * it, as if the sender were flow-controlled. Only a byte arriving with the backlog full is lost;
 * it sets OERIS and RSR.OE. The interrupt output, INTID
 * PL011_INTID, is the level (RIS & IMSC) != 0, pushed through ops->set_irq_level whenever it
 * changes. */

static u32 fifo_depth(const struct vmm_pl011 *u)
{
	return (u->lcr_h & PL011_LCR_H_FEN) ? PL011_FIFO_DEPTH : 1;
}

static u32 rx_trigger(const struct vmm_pl011 *u)
{
	static const u8 level[8] = {2, 4, 8, 12, 14, 14, 14, 14}; /* IFLS.RXIFLSEL: 1/8 .. 7/8 */

	return (u->lcr_h & PL011_LCR_H_FEN) ? level[(u->ifls >> 3) & 7] : 1;
}

static u32 pl011_ris(const struct vmm_pl011 *u)
{
	return u->ris | PL011_INT_TX;
}

/* Pushes the interrupt line and the kernel's view of the receive FIFO when they change. */
static void pl011_update(struct vmm *v)
{
	struct vmm_pl011 *u = &v->uart;
	bool level = (pl011_ris(u) & u->imsc) != 0;
	bool rx_data = u->rx_count != 0;

	if (level != u->irq_level) {
		u->irq_level = level;
		if (v->ops->set_irq_level)
			v->ops->set_irq_level(v->ctx, PL011_INTID, level);
	}
	if (rx_data != u->rx_reported && (v->cfg->flags & VMM_CFG_CONSOLE)) {
		u->rx_reported = rx_data;
		if (v->ops->console_rx)
			v->ops->console_rx(v->ctx, rx_data);
	}
}

void pl011_reset(struct vmm *v)
{
	struct vmm_pl011 *u = &v->uart;

	u->cr = 0x300; /* TXE | RXE */
	u->lcr_h = 0;
	u->ibrd = 0;
	u->fbrd = 0;
	u->ifls = 0x12;
	u->imsc = 0;
	u->dmacr = 0;
	u->ilpr = 0;
	u->ris = 0;
	u->rsr = 0;
	u->rx_head = 0;
	u->rx_count = 0;
	u->backlog_head = 0;
	u->backlog_count = 0;
	u->line_len = 0;
	pl011_update(v);
}

/* Moves bytes from the line into the receive FIFO while it has room. */
static void pl011_fill(struct vmm_pl011 *u)
{
	while (u->backlog_count && u->rx_count < fifo_depth(u)) {
		u->rx_fifo[(u->rx_head + u->rx_count) % PL011_FIFO_DEPTH] =
		    u->backlog[u->backlog_head];
		u->backlog_head = (u->backlog_head + 1) % VMM_UART_BACKLOG;
		u->backlog_count--;
		u->rx_count++;
		u->ris |= PL011_INT_RT;
		if (u->rx_count >= rx_trigger(u))
			u->ris |= PL011_INT_RX;
	}
}

void pl011_receive(struct vmm *v, const u8 *bytes, u32 n)
{
	struct vmm_pl011 *u = &v->uart;

	for (u32 i = 0; i < n; i++) {
		if ((u->cr & (PL011_CR_UARTEN | PL011_CR_RXE)) !=
		    (PL011_CR_UARTEN | PL011_CR_RXE)) {
			u->rx_dropped++; /* the receiver is off */
			continue;
		}
		if (u->backlog_count == VMM_UART_BACKLOG) {
			u->rx_dropped++;
			u->ris |= PL011_INT_OE;
			u->rsr |= PL011_DR_OE >> 8;
			continue;
		}
		u->backlog[(u->backlog_head + u->backlog_count) % VMM_UART_BACKLOG] = bytes[i];
		u->backlog_count++;
	}
	pl011_fill(u);
	pl011_update(v);
}

void pl011_flush(struct vmm *v)
{
	struct vmm_pl011 *u = &v->uart;

	if (!u->line_len)
		return;
	u->line[u->line_len] = 0;
	vmm_printf(v, "%s: %s\n", v->name, u->line);
	u->line_len = 0;
}

static void pl011_putc(struct vmm *v, char c)
{
	struct vmm_pl011 *u = &v->uart;

	if (c == '\n') {
		if (u->line_len == 0)
			vmm_printf(v, "%s: \n", v->name);
		pl011_flush(v);
		return;
	}
	if (c == '\r' || c == 0)
		return;
	u->line[u->line_len++] = c;
	if (u->line_len == VMM_UART_LINE)
		pl011_flush(v);
}

/* A data-register read: the oldest received byte (with OE in bit 11 if bytes were lost before
 * it), or 0 with nothing received. */
static u32 pl011_pop(struct vmm *v)
{
	struct vmm_pl011 *u = &v->uart;

	if (!u->rx_count)
		return 0;
	u32 val = u->rx_fifo[u->rx_head];
	if (u->rsr & (PL011_DR_OE >> 8))
		val |= PL011_DR_OE;
	u->rx_head = (u->rx_head + 1) % PL011_FIFO_DEPTH;
	u->rx_count--;
	if (u->rx_count < rx_trigger(u))
		u->ris &= ~PL011_INT_RX;
	if (!u->rx_count)
		u->ris &= ~PL011_INT_RT;
	pl011_fill(u);
	pl011_update(v);
	return val;
}

static u32 pl011_word(struct vmm *v, u32 unit, u64 off)
{
	struct vmm_pl011 *u = &v->uart;

	switch (off) {
	case PL011_DR:
		return pl011_pop(v);
	case PL011_RSR:
		return u->rsr;
	case PL011_FR:
		return PL011_FR_TXFE | (u->rx_count ? 0 : PL011_FR_RXFE) |
		       (u->rx_count >= fifo_depth(u) ? PL011_FR_RXFF : 0);
	case PL011_ILPR:
		return u->ilpr;
	case PL011_IBRD:
		return u->ibrd;
	case PL011_FBRD:
		return u->fbrd;
	case PL011_LCR_H:
		return u->lcr_h;
	case PL011_CR:
		return u->cr;
	case PL011_IFLS:
		return u->ifls;
	case PL011_IMSC:
		return u->imsc;
	case PL011_RIS:
		return pl011_ris(u);
	case PL011_MIS:
		return pl011_ris(u) & u->imsc;
	case PL011_DMACR:
		return u->dmacr;
	default:
		if (off >= PL011_PERIPHID0 && off < PL011_PERIPHID0 + 0x20)
			return pl011_id[(off - PL011_PERIPHID0) / 4];
		return 0;
	}
}

static void set_masked(u32 *reg, u32 val, u32 mask)
{
	*reg = (*reg & ~mask) | (val & mask);
}

static void pl011_set(struct vmm *v, u32 unit, u64 off, u32 val, u32 mask)
{
	struct vmm_pl011 *u = &v->uart;

	switch (off) {
	case PL011_DR:
		if (mask & 0xff)
			pl011_putc(v, (char)(val & 0xff));
		break;
	case PL011_RSR: /* ECR: any write clears the error flags */
		u->rsr = 0;
		break;
	case PL011_ILPR:
		set_masked(&u->ilpr, val & 0xff, mask);
		break;
	case PL011_IBRD:
		set_masked(&u->ibrd, val & 0xffff, mask);
		break;
	case PL011_FBRD:
		set_masked(&u->fbrd, val & 0x3f, mask);
		break;
	case PL011_LCR_H:
		set_masked(&u->lcr_h, val & 0xff, mask);
		break;
	case PL011_CR:
		set_masked(&u->cr, val & 0xffff, mask);
		break;
	case PL011_IFLS:
		set_masked(&u->ifls, val & 0x3f, mask);
		break;
	case PL011_IMSC:
		set_masked(&u->imsc, val & PL011_INT_ALL, mask);
		break;
	case PL011_ICR:
		u->ris &= ~(val & mask & PL011_INT_ALL);
		break;
	case PL011_DMACR:
		set_masked(&u->dmacr, val & 7, mask);
		break;
	default:
		return; /* read-only registers: ignored */
	}
	pl011_update(v);
}

u64 pl011_read(struct vmm *v, u64 off, u32 size)
{
	return vmm_access_read(v, 0, off, size, pl011_word);
}

void pl011_write(struct vmm *v, u64 off, u32 size, u64 val)
{
	vmm_access_write(v, 0, off, size, val, pl011_set);
}

/* --- GICv3 distributor ------------------------------------------------------------------------ */

void gic_reset(struct vmm_gic *g)
{
	u8 *p = (u8 *)g;

	for (size_t i = 0; i < sizeof(*g); i++)
		p[i] = 0;
	for (u32 i = 0; i < VMM_MAX_VCPUS; i++) {
		g->gicr[i].waker = GICR_WAKER_SLEEP | GICR_WAKER_CHILDREN_ASLEEP;
		g->gicr[i].icfgr0 = 0xaaaaaaaau; /* SGIs: edge-triggered, read-only */
	}
}

/* Index of a per-INTID-bit register (1 bit per INTID) at off within [base, base + 4 * n), or -1. */
static int bitreg(u64 off, u64 base, u32 n)
{
	if (off < base || off >= base + 4ull * n)
		return -1;
	return (int)((off - base) / 4);
}

static u32 gicd_word(struct vmm *v, u32 unit, u64 off)
{
	struct vmm_gic *g = &v->gic;
	const u32 n = VMM_GIC_IRQS / 32;
	int i;

	switch (off) {
	case GICD_CTLR:
		return (g->ctlr & (GICD_CTLR_ENABLE_G0 | GICD_CTLR_ENABLE_G1)) | GICD_CTLR_ARE |
		       GICD_CTLR_DS;
	case GICD_TYPER:
		return GICD_TYPER_VALUE | (((v->vcpus > 8 ? 8 : v->vcpus) - 1) << 5);
	case GICD_IIDR:
		return GIC_IIDR_VALUE;
	case GICD_PIDR2:
		return GIC_PIDR2_V3;
	}
	/* Register 0 of the per-INTID banks (SGIs and PPIs) is RAZ/WI with affinity routing. */
	if ((i = bitreg(off, GICD_IGROUPR, n)) > 0)
		return g->igroupr[i];
	if ((i = bitreg(off, GICD_ISENABLER, n)) > 0 || (i = bitreg(off, GICD_ICENABLER, n)) > 0)
		return g->isenabler[i];
	if ((i = bitreg(off, GICD_IGRPMODR, n)) > 0)
		return g->igrpmodr[i];
	if ((i = bitreg(off, GICD_ICFGR, VMM_GIC_IRQS / 16)) > 1)
		return g->icfgr[i];
	if (off >= GICD_IPRIORITYR + 32 && off < GICD_IPRIORITYR + VMM_GIC_IRQS) {
		const u8 *p = &g->ipriorityr[off - GICD_IPRIORITYR];
		return p[0] | (u32)p[1] << 8 | (u32)p[2] << 16 | (u32)p[3] << 24;
	}
	if (off >= GICD_IROUTER + 8 * 32 && off < GICD_IROUTER + 8 * VMM_GIC_IRQS) {
		u64 r = g->irouter[(off - GICD_IROUTER) / 8];
		return (off & 4) ? (u32)(r >> 32) : (u32)r;
	}
	return 0;
}

static void gicd_set(struct vmm *v, u32 unit, u64 off, u32 val, u32 mask)
{
	struct vmm_gic *g = &v->gic;
	const u32 n = VMM_GIC_IRQS / 32;
	int i;

	if (off == GICD_CTLR) {
		set_masked(&g->ctlr, val & (GICD_CTLR_ENABLE_G0 | GICD_CTLR_ENABLE_G1), mask);
		return;
	}
	if ((i = bitreg(off, GICD_IGROUPR, n)) > 0) {
		set_masked(&g->igroupr[i], val, mask);
	} else if ((i = bitreg(off, GICD_ISENABLER, n)) > 0) {
		g->isenabler[i] |= val & mask;
	} else if ((i = bitreg(off, GICD_ICENABLER, n)) > 0) {
		g->isenabler[i] &= ~(val & mask);
	} else if ((i = bitreg(off, GICD_IGRPMODR, n)) > 0) {
		set_masked(&g->igrpmodr[i], val, mask);
	} else if ((i = bitreg(off, GICD_ICFGR, VMM_GIC_IRQS / 16)) > 1) {
		/* Odd bits (edge/level) are writable; even bits are reserved. */
		set_masked(&g->icfgr[i], val & 0xaaaaaaaau, mask);
	} else if (off >= GICD_IPRIORITYR + 32 && off < GICD_IPRIORITYR + VMM_GIC_IRQS) {
		u8 *p = &g->ipriorityr[off - GICD_IPRIORITYR];
		for (u32 b = 0; b < 4; b++)
			if (mask & (0xffu << (8 * b)))
				p[b] = (u8)(val >> (8 * b));
	} else if (off >= GICD_IROUTER + 8 * 32 && off < GICD_IROUTER + 8 * VMM_GIC_IRQS) {
		u64 *r = &g->irouter[(off - GICD_IROUTER) / 8];
		/* Aff0..Aff2 (bits 23:0), IRM (bit 31), Aff3 (bits 39:32). */
		u64 m = (off & 4) ? (u64)(mask & 0xffu) << 32 : (u64)(mask & 0x80ffffffu);
		u64 x = (off & 4) ? (u64)val << 32 : (u64)val;
		*r = (*r & ~m) | (x & m);
	}
}

u64 gicd_read(struct vmm *v, u64 off, u32 size)
{
	return vmm_access_read(v, 0, off, size, gicd_word);
}

void gicd_write(struct vmm *v, u64 off, u32 size, u64 val)
{
	vmm_access_write(v, 0, off, size, val, gicd_set);
}

/* --- GICv3 redistributors (RD frame, SGI frame at +64 KiB) ------------------------------------ */

static u32 gicr_word(struct vmm *v, u32 cpu, u64 off)
{
	struct vmm_gicr *r = &v->gic.gicr[cpu];

	switch (off) {
	case GICR_IIDR:
		return GIC_IIDR_VALUE;
	case GICR_TYPER: /* Processor_Number (23:8), Last (4) */
		return cpu << 8 | (cpu + 1 == v->vcpus ? (u32)GICR_TYPER_LAST : 0);
	case GICR_TYPER + 4: /* affinity value: Aff0 = the vCPU's index */
		return cpu;
	case GICR_WAKER:
		return r->waker;
	case GICR_PIDR2:
		return GIC_PIDR2_V3;
	case GICR_IGROUPR0:
		return r->igroupr0;
	case GICR_ISENABLER0:
	case GICR_ICENABLER0:
		return r->isenabler0;
	case GICR_ICFGR0:
		return r->icfgr0;
	case GICR_ICFGR1:
		return r->icfgr1;
	case GICR_IGRPMODR0:
		return r->igrpmodr0;
	}
	if (off >= GICR_IPRIORITYR && off < GICR_IPRIORITYR + 32) {
		const u8 *p = &r->ipriorityr[off - GICR_IPRIORITYR];
		return p[0] | (u32)p[1] << 8 | (u32)p[2] << 16 | (u32)p[3] << 24;
	}
	return 0; /* GICR_CTLR (no LPIs), pending/active state, ... */
}

static void gicr_set(struct vmm *v, u32 cpu, u64 off, u32 val, u32 mask)
{
	struct vmm_gicr *r = &v->gic.gicr[cpu];

	switch (off) {
	case GICR_WAKER:
		if (mask & GICR_WAKER_SLEEP)
			/* The redistributor settles at once: ChildrenAsleep follows ProcessorSleep.
			 */
			r->waker = (val & GICR_WAKER_SLEEP)
				       ? GICR_WAKER_SLEEP | GICR_WAKER_CHILDREN_ASLEEP
				       : 0;
		return;
	case GICR_IGROUPR0:
		set_masked(&r->igroupr0, val, mask);
		return;
	case GICR_ISENABLER0:
		r->isenabler0 |= val & mask;
		return;
	case GICR_ICENABLER0:
		r->isenabler0 &= ~(val & mask);
		return;
	case GICR_ICFGR0:
		return; /* SGIs are always edge-triggered: read-only */
	case GICR_ICFGR1:
		set_masked(&r->icfgr1, val & 0xaaaaaaaau, mask);
		return;
	case GICR_IGRPMODR0:
		set_masked(&r->igrpmodr0, val, mask);
		return;
	}
	if (off >= GICR_IPRIORITYR && off < GICR_IPRIORITYR + 32) {
		u8 *p = &r->ipriorityr[off - GICR_IPRIORITYR];
		for (u32 b = 0; b < 4; b++)
			if (mask & (0xffu << (8 * b)))
				p[b] = (u8)(val >> (8 * b));
	}
}

u64 gicr_read(struct vmm *v, u32 cpu, u64 off, u32 size)
{
	return vmm_access_read(v, cpu, off, size, gicr_word);
}

void gicr_write(struct vmm *v, u32 cpu, u64 off, u32 size, u64 val)
{
	vmm_access_write(v, cpu, off, size, val, gicr_set);
}
