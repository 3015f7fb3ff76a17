/* libwarden: system calls, IPC helpers and console output for EL0 components. A component
 * defines `int main(void)`; the start code gives it a stack and the IPC buffer. */
#ifndef WARDEN_WARDEN_H
#define WARDEN_WARDEN_H
#include <stdarg.h>
#include <warden/bootspec.h>
#include <warden/syscall.h>
#include <warden/types.h>

/* The thread's IPC buffer (IPCBUF_* word indexes). */
extern volatile u64 *warden_ipc_buffer;

/* Registers of an SMC call: x0..x17 (the 1.1 form uses x0..x7). */
struct smc_regs {
	u64 x[18];
};

/* A message: info word and up to MSG_MAX_LEN message registers. */
struct msg {
	u64 info;
	u64 badge; /* set on receive */
	u64 mr[MSG_MAX_LEN];
};

/* IPC. Each returns a WARDEN_* status. */
long w_call(u64 cap, struct msg *m);
long w_send(u64 cap, const struct msg *m);
long w_nbsend(u64 cap, const struct msg *m);
long w_recv(u64 cap, struct msg *m);
long w_nbrecv(u64 cap, struct msg *m);
long w_reply(const struct msg *m);
long w_reply_recv(u64 cap, struct msg *m);
long w_signal(u64 ntfn);
long w_wait(u64 ntfn, u64 *word);
long w_poll(u64 ntfn, u64 *word);
long w_yield(void);
NORETURN void w_exit(long status);

/* Object invocations (a Call with a label and arguments); results in out[0..]. */
long w_invoke(u64 cap, u64 label, const u64 *args, u32 nargs, u64 *out, u32 nout);
long w_cnode_copy(u64 cnode, u64 dest, u64 src);
long w_cnode_mint(u64 cnode, u64 dest, u64 src, u64 rights, u64 badge);
long w_cnode_mint_smc(u64 cnode, u64 dest, u64 src, u32 first, u32 last);
long w_cnode_move(u64 cnode, u64 dest, u64 src);
long w_cnode_delete(u64 cnode, u64 slot);
long w_cnode_revoke(u64 cnode, u64 slot);
/* type, rights, badge (or SMC range: first | last << 32) of a slot; type 0 = empty. */
long w_cnode_describe(u64 cnode, u64 slot, u64 out[3]);
long w_tcb_suspend(u64 tcb);
long w_tcb_resume(u64 tcb);
long w_tcb_read_regs(u64 tcb, u32 first, u32 count, u64 *values);
long w_tcb_write_regs(u64 tcb, u32 first, u32 count, const u64 *values);
long w_irq_ack(u64 irq);

/* The SMC capability: SMCCC <= 1.1 form (x0..x7) and SMCCC 1.2 form (x0..x17). Registers go in
 * and come back in r; the return value is the kernel's WARDEN_* status (the secure world's
 * answer is in r->x[0]). */
long w_smc_call(u64 cap, struct smc_regs *r);
long w_smc_call_ext(u64 cap, struct smc_regs *r);

/* Console. */
void w_puts(const char *s);
void w_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void w_vprintf(const char *fmt, va_list ap);
const char *w_strerror(long status);

/* Cycle counter (instructions under QEMU -icount). */
static inline u64 w_cycles(void)
{
	u64 v;
	__asm__ volatile("isb; mrs %0, pmccntr_el0" : "=r"(v));
	return v;
}

#endif
