/* The kernel console (docs/console.md): one physical UART shared by the kernel's messages, the
 * components' lines and the console guest's raw bytes, and the input path from that UART to the
 * console guest's VMM.
 *
 * Arbitration: the kernel's and the components' lines are written whole (a component's bytes
 * are held per thread until its '\n'), so they never interleave with each other. The console
 * guest's bytes go out as they come, unprefixed. When a line of the kernel or a component is
 * due while the guest is mid-line (its last byte was not '\n'), the console first ends the
 * guest's line ("\r\n"); the guest's next bytes then continue on a fresh line. Nothing waits for
 * the guest to finish a line: a shell prompt has none. */
#include <kernel/console.h>
#include <kernel/gic.h>
#include <kernel/ipc.h>
#include <kernel/kernel.h>
#include <kernel/object.h>
#include <warden/format.h>
#include <warden/pl011.h>
#include <warden/syscall.h>
#include <warden/vmm_config.h>

/* What the physical line holds last: the start of a line, an unfinished line of the guest, or
 * an unfinished line of the kernel. */
enum line_state { LINE_START, LINE_GUEST, LINE_KERNEL };

#define INPUT_RING 256 /* typed bytes not yet taken by the VMM; more are dropped */

static struct {
	enum line_state line;
	struct aspace *guest_as; /* the console guest, or NULL */
	struct endpoint *guest_ep;
	bool rx_pending; /* the VMM's model holds received data */
	bool input;	 /* the kernel takes the UART's receive interrupt */
	u8 ring[INPUT_RING];
	u32 head, tail; /* free-running: tail - head bytes waiting */
	u64 dropped;
} con;

bool console_init(const void *dtb)
{
	return uart_init(dtb);
}

/* A byte of a kernel or component line. */
static void line_putc(char c)
{
	if (con.line == LINE_GUEST) {
		uart_putc('\r');
		uart_putc('\n');
	}
	if (c == '\n') {
		uart_putc('\r');
		uart_putc('\n');
		con.line = LINE_START;
		return;
	}
	uart_putc((u8)c);
	con.line = LINE_KERNEL;
}

void console_putc(char c)
{
	line_putc(c);
}

void console_write(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		line_putc(s[i]);
}

static void thread_emit(struct tcb *t, bool end)
{
	for (u32 i = 0; i < t->con_len; i++)
		line_putc(t->con_line[i]);
	if (end)
		line_putc('\n');
	t->con_len = 0;
}

void console_thread_write(struct tcb *t, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '\n') {
			thread_emit(t, true);
			continue;
		}
		if (t->con_len == CONSOLE_LINE)
			thread_emit(t, false);
		t->con_line[t->con_len++] = s[i];
	}
}

void console_thread_flush(struct tcb *t)
{
	if (t->con_len)
		thread_emit(t, true);
}

/* --- the console guest ---------------------------------------------------------------------- */

void console_set_guest(struct aspace *as, struct endpoint *ep)
{
	con.guest_as = as;
	con.guest_ep = ep;
}

static void guest_putc(u8 c)
{
	if (con.line == LINE_KERNEL) {
		uart_putc('\r');
		uart_putc('\n');
	}
	uart_putc(c);
	con.line = c == '\n' ? LINE_START : LINE_GUEST;
}

/* ESR_EL2 ISS of a data abort (Arm ARM D17.2.40). */
#define ISS_ISV (1u << 24)
#define ISS_SAS(iss) (((iss) >> 22) & 3u)
#define ISS_SSE (1u << 21)
#define ISS_SRT(iss) (((iss) >> 16) & 31u)
#define ISS_SF (1u << 15)
#define ISS_WNR (1u << 6)

/* UARTFR as the VMM's model answers it with an empty receive FIFO (user/vmm/devices.c): the
 * transmitter drains at once, so never full and never busy. */
#define FR_IDLE (PL011_FR_TXFE | PL011_FR_RXFE)

bool console_guest_mmio(struct tcb *t, u64 iss, u64 ipa)
{
	if (t->as != con.guest_as || !(iss & ISS_ISV))
		return false;
	u32 srt = ISS_SRT(iss);
	if (ipa == GUEST_UART_BASE + PL011_DR && (iss & ISS_WNR)) {
		guest_putc(srt == 31 ? 0 : (u8)t->regs.x[srt]);
	} else if (ipa == GUEST_UART_BASE + PL011_FR && !(iss & ISS_WNR) && !con.rx_pending) {
		u32 bits = 8u << ISS_SAS(iss);
		u64 v = FR_IDLE;
		if ((iss & ISS_SSE) && bits < 64 && (v >> (bits - 1)) & 1)
			v |= ~0ull << bits;
		if (!(iss & ISS_SF))
			v &= 0xffffffffull;
		if (srt != 31)
			t->regs.x[srt] = v;
	} else {
		return false;
	}
	t->regs.pc += 4;
	return true;
}

bool console_set_rx_pending(struct tcb *t, bool pending)
{
	if (!t->vcpu || !con.guest_as || t->as != con.guest_as)
		return false;
	con.rx_pending = pending;
	return true;
}

/* --- input ---------------------------------------------------------------------------------- */

void console_start_input(void)
{
	u32 intid = uart_rx_intid();

	if (!con.guest_as || !intid || irq_is_bound(intid))
		return;
	con.input = true;
	uart_rx_enable();
	gic_enable_irq(intid, false);
}

/* Hands waiting bytes to the VMM while it waits on its fault endpoint. */
static void deliver(void)
{
	while (con.tail != con.head) {
		u64 mr[1 + CONSOLE_INPUT_MAX / 8] = {0};
		u32 n = 0;
		while (n < CONSOLE_INPUT_MAX && con.head + n != con.tail) {
			mr[1 + n / 8] |= (u64)con.ring[(con.head + n) % INPUT_RING]
					 << (8 * (n % 8));
			n++;
		}
		mr[0] = n;
		if (!ipc_kernel_message(con.guest_ep, CONSOLE_INPUT_BADGE, FAULT_CONSOLE_INPUT, mr,
					1 + (n + 7) / 8))
			return;
		con.head += n;
	}
}

bool console_irq(u32 intid)
{
	u8 c;

	if (!con.input || intid != uart_rx_intid())
		return false;
	while (uart_getc(&c)) {
		if (con.tail - con.head < INPUT_RING)
			con.ring[con.tail++ % INPUT_RING] = c;
		else
			con.dropped++;
	}
	deliver();
	return true;
}

void console_poll(void)
{
	if (con.tail != con.head)
		deliver();
}

bool console_can_wake(void)
{
	return con.input && con.guest_ep->receivers && con.guest_ep->head;
}

/* --- kprintf -------------------------------------------------------------------------------- */

static void sink(void *ctx, char c)
{
	line_putc(c);
}

void kvprintf(const char *fmt, va_list ap)
{
	format_v(sink, NULL, fmt, ap);
}

void kprintf(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	kvprintf(fmt, ap);
	va_end(ap);
}
