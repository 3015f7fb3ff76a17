/* The emulated devices: the PL011 UART. (The GICv3 distributor and redistributors are the
 * kernel's: docs/vgic.md.) Portable. Unknown offsets read as zero and ignore writes. */
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
