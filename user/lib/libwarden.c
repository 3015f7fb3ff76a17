/* libwarden: IPC and invocation stubs, console output. */
#include <stdarg.h>
#include <warden/format.h>
#include <warden/string.h>
#include <warden/warden.h>

volatile u64 *warden_ipc_buffer;

/* One system call with x0..x8 in and out; every other register is preserved by the kernel. */
#define SYSCALL9(nr, x)                                                                            \
	do {                                                                                       \
		register u64 r0 __asm__("x0") = (x)[0];                                            \
		register u64 r1 __asm__("x1") = (x)[1];                                            \
		register u64 r2 __asm__("x2") = (x)[2];                                            \
		register u64 r3 __asm__("x3") = (x)[3];                                            \
		register u64 r4 __asm__("x4") = (x)[4];                                            \
		register u64 r5 __asm__("x5") = (x)[5];                                            \
		register u64 r6 __asm__("x6") = (x)[6];                                            \
		register u64 r7 __asm__("x7") = (x)[7];                                            \
		register u64 r8 __asm__("x8") = (x)[8];                                            \
		__asm__ volatile("svc %9"                                                          \
				 : "+r"(r0), "+r"(r1), "+r"(r2), "+r"(r3), "+r"(r4), "+r"(r5),     \
				   "+r"(r6), "+r"(r7), "+r"(r8)                                    \
				 : "i"(nr)                                                         \
				 : "memory");                                                      \
		(x)[0] = r0;                                                                       \
		(x)[1] = r1;                                                                       \
		(x)[2] = r2;                                                                       \
		(x)[3] = r3;                                                                       \
		(x)[4] = r4;                                                                       \
		(x)[5] = r5;                                                                       \
		(x)[6] = r6;                                                                       \
		(x)[7] = r7;                                                                       \
		(x)[8] = r8;                                                                       \
	} while (0)

static void load_msg(u64 *x, u64 cap, const struct msg *m)
{
	u32 len = m ? MSG_LEN(m->info) : 0;

	x[0] = cap;
	x[1] = m ? m->info : 0;
	for (u32 i = 0; i < MSG_REG_COUNT; i++)
		x[2 + i] = i < len ? m->mr[i] : 0;
	for (u32 i = MSG_REG_COUNT; i < len && i < MSG_MAX_LEN; i++)
		warden_ipc_buffer[IPCBUF_MR + i] = m->mr[i];
	x[8] = 0;
}

static long store_msg(const u64 *x, struct msg *m)
{
	if (m && x[0] == WARDEN_OK) {
		u32 len = MSG_LEN(x[1]);
		m->info = x[1];
		m->badge = x[8];
		for (u32 i = 0; i < len && i < MSG_MAX_LEN; i++)
			m->mr[i] = i < MSG_REG_COUNT ? x[2 + i] : warden_ipc_buffer[IPCBUF_MR + i];
	}
	return (long)x[0];
}

#define IPC(nr, cap, in, out)                                                                      \
	({                                                                                         \
		u64 x[9];                                                                          \
		load_msg(x, cap, in);                                                              \
		SYSCALL9(nr, x);                                                                   \
		store_msg(x, out);                                                                 \
	})

long w_call(u64 cap, struct msg *m)
{
	return IPC(SYS_CALL, cap, m, m);
}

long w_send(u64 cap, const struct msg *m)
{
	return IPC(SYS_SEND, cap, m, NULL);
}

long w_nbsend(u64 cap, const struct msg *m)
{
	return IPC(SYS_NBSEND, cap, m, NULL);
}

long w_recv(u64 cap, struct msg *m)
{
	return IPC(SYS_RECV, cap, NULL, m);
}

long w_nbrecv(u64 cap, struct msg *m)
{
	return IPC(SYS_NBRECV, cap, NULL, m);
}

long w_reply(const struct msg *m)
{
	return IPC(SYS_REPLY, 0, m, NULL);
}

long w_reply_recv(u64 cap, struct msg *m)
{
	return IPC(SYS_REPLY_RECV, cap, m, m);
}

long w_signal(u64 ntfn)
{
	return IPC(SYS_SEND, ntfn, NULL, NULL);
}

static long notification_recv(u64 ntfn, u64 *word, bool block)
{
	u64 x[9] = {ntfn};

	if (block)
		SYSCALL9(SYS_RECV, x);
	else
		SYSCALL9(SYS_NBRECV, x);
	if (word)
		*word = x[8];
	return (long)x[0];
}

long w_wait(u64 ntfn, u64 *word)
{
	return notification_recv(ntfn, word, true);
}

long w_poll(u64 ntfn, u64 *word)
{
	return notification_recv(ntfn, word, false);
}

long w_yield(void)
{
	u64 x[9] = {0};

	SYSCALL9(SYS_YIELD, x);
	return (long)x[0];
}

void w_exit(long status)
{
	u64 x[9] = {(u64)status};

	for (;;)
		SYSCALL9(SYS_EXIT, x);
}

long w_invoke(u64 cap, u64 label, const u64 *args, u32 nargs, u64 *out, u32 nout)
{
	struct msg m;

	m.info = MSG_INFO(label, 0, nargs);
	for (u32 i = 0; i < nargs; i++)
		m.mr[i] = args[i];
	long st = w_call(cap, &m);
	for (u32 i = 0; st == WARDEN_OK && i < nout; i++)
		out[i] = i < MSG_LEN(m.info) ? m.mr[i] : 0;
	return st;
}

long w_cnode_copy(u64 cnode, u64 dest, u64 src)
{
	u64 a[2] = {dest, src};
	return w_invoke(cnode, CNODE_COPY, a, 2, NULL, 0);
}

long w_cnode_mint(u64 cnode, u64 dest, u64 src, u64 rights, u64 badge)
{
	u64 a[5] = {dest, src, rights, badge, 0};
	return w_invoke(cnode, CNODE_MINT, a, 5, NULL, 0);
}

long w_cnode_mint_smc(u64 cnode, u64 dest, u64 src, u32 first, u32 last)
{
	u64 a[5] = {dest, src, 0, first, last};
	return w_invoke(cnode, CNODE_MINT, a, 5, NULL, 0);
}

long w_cnode_move(u64 cnode, u64 dest, u64 src)
{
	u64 a[2] = {dest, src};
	return w_invoke(cnode, CNODE_MOVE, a, 2, NULL, 0);
}

long w_cnode_delete(u64 cnode, u64 slot)
{
	return w_invoke(cnode, CNODE_DELETE, &slot, 1, NULL, 0);
}

long w_cnode_revoke(u64 cnode, u64 slot)
{
	return w_invoke(cnode, CNODE_REVOKE, &slot, 1, NULL, 0);
}

long w_cnode_describe(u64 cnode, u64 slot, u64 out[3])
{
	return w_invoke(cnode, CNODE_DESCRIBE, &slot, 1, out, 3);
}

long w_tcb_suspend(u64 tcb)
{
	return w_invoke(tcb, TCB_SUSPEND, NULL, 0, NULL, 0);
}

long w_tcb_resume(u64 tcb)
{
	return w_invoke(tcb, TCB_RESUME, NULL, 0, NULL, 0);
}

long w_tcb_read_regs(u64 tcb, u32 first, u32 count, u64 *values)
{
	u64 a[2] = {first, count};
	return w_invoke(tcb, TCB_READ_REGS, a, 2, values, count);
}

long w_tcb_write_regs(u64 tcb, u32 first, u32 count, const u64 *values)
{
	u64 a[MSG_MAX_LEN] = {first, count};
	for (u32 i = 0; i < count && i + 2 < MSG_MAX_LEN; i++)
		a[2 + i] = values[i];
	return w_invoke(tcb, TCB_WRITE_REGS, a, 2 + count, NULL, 0);
}

long w_irq_ack(u64 irq)
{
	return w_invoke(irq, IRQ_ACK, NULL, 0, NULL, 0);
}

/* --- console ------------------------------------------------------------------------------ */

static void puts_chunk(const char *s, u64 n)
{
	u64 x[9] = {n};

	for (u64 i = 0; i < n; i++)
		x[1 + i / 8] |= (u64)(u8)s[i] << (8 * (i % 8));
	SYSCALL9(SYS_DEBUG_PUTS, x);
}

static void write_all(const char *s, size_t n)
{
	while (n) {
		size_t k = n > 48 ? 48 : n;
		puts_chunk(s, k);
		s += k;
		n -= k;
	}
}

void w_puts(const char *s)
{
	write_all(s, strlen(s));
}

struct line_buf {
	char buf[240];
	size_t len;
};

static void line_put(void *ctx, char c)
{
	struct line_buf *b = ctx;

	b->buf[b->len++] = c;
	if (b->len == sizeof(b->buf)) {
		write_all(b->buf, b->len);
		b->len = 0;
	}
}

void w_vprintf(const char *fmt, va_list ap)
{
	struct line_buf b;

	b.len = 0;
	format_v(line_put, &b, fmt, ap);
	write_all(b.buf, b.len);
}

void w_printf(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	w_vprintf(fmt, ap);
	va_end(ap);
}

const char *w_strerror(long status)
{
	static const char *const names[] = {
	    "OK",	   "INVALID_CAP",	"ILLEGAL_OPERATION", "INSUFFICIENT_RIGHTS",
	    "RANGE_ERROR", "TRUNCATED_MESSAGE", "INVALID_ARGUMENT",  "DELETE_FIRST",
	    "NO_REPLY",	   "WOULD_BLOCK",	"REVOKED",	     "UNKNOWN_SYSCALL",
	    "HAZARD"};

	return status >= 0 && (u64)status < ARRAY_SIZE(names) ? names[status] : "?";
}
