/* Bare-metal guest support: console on the guest's PL011, SMCCC calls through either conduit,
 * GICv3 and virtual timer set-up, the DTB, exceptions. Guests run at EL1 with the MMU off. */
#ifndef GUEST_H
#define GUEST_H
#include <stdarg.h>
#include <warden/types.h>
#include <warden/vmm_config.h>

#define GUEST_MAX_CPUS 8

/* Conduits, as bits so a set of them fits in an int. */
#define CONDUIT_SMC 1u
#define CONDUIT_HVC 2u

/* An SMCCC call: x0..x7 in, x0..x7 out (x4..x7 should come back unchanged). imm is the
 * instruction's immediate: 0, or 1 for the reserved-immediate test. For an SMC32 function ID
 * x0 comes back as (s32)w0 sign-extended (SMC32 results are 32 bits; the VMM forwards the
 * secure world's w0 zero-extended, emulates with sign extension). */
struct smccc {
	u64 x[8];
};
void smccc_call(unsigned conduit, unsigned imm, struct smccc *r);
/* x0 of a call with up to three arguments (other argument registers zero). */
s64 call3(unsigned conduit, u64 fid, u64 a1, u64 a2, u64 a3);
const char *conduit_name(unsigned conduit);

/* Console (polled PL011 at GUEST_UART_BASE; one lock so lines from vCPUs do not mix). */
void con_puts(const char *s);
void con_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void con_vprintf(const char *fmt, va_list ap);

/* Checks: one `[PASS] name` or `[FAIL] name: detail` line each. */
extern int checks_run, checks_failed;
bool check(bool cond, const char *name, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* 32-bit MMIO with plain ldr/str (the VMM emulates these from the abort syndrome). */
static inline u32 mmio_read32(u64 addr)
{
	u32 v;
	__asm__ volatile("ldr %w0, [%1]" : "=r"(v) : "r"(addr) : "memory");
	return v;
}

static inline void mmio_write32(u64 addr, u32 v)
{
	__asm__ volatile("str %w0, [%1]" ::"r"(v), "r"(addr) : "memory");
}

#define sysreg_read(name)                                                                          \
	({                                                                                         \
		u64 _v;                                                                            \
		__asm__ volatile("mrs %0, " #name : "=r"(_v));                                     \
		_v;                                                                                \
	})
#define sysreg_write(name, v) __asm__ volatile("msr " #name ", %0" ::"r"((u64)(v)) : "memory")
#define isb() __asm__ volatile("isb" ::: "memory")
#define dsb() __asm__ volatile("dsb sy" ::: "memory")

static inline unsigned cpu_index(void)
{
	return sysreg_read(mpidr_el1) & 0xff;
}

/* Time from the virtual counter. */
static inline u64 now_ticks(void)
{
	isb();
	return sysreg_read(cntvct_el0);
}
u64 ms_to_ticks(u64 ms);

/* GICv3: distributor and this vCPU's redistributor, PPI `intid` enabled in group 1, CPU
 * interface on. Returns false (and says why) if a register never settles. */
bool gic_init_cpu(unsigned cpu, unsigned intid);
/* The last interrupt the IRQ handler took, and how many; timer_irqs counts the virtual
 * timer's (PPI 27), ptimer_irqs the EL1 physical timer's (PPI 30). */
extern volatile u32 irq_last_intid, irq_count, timer_irqs, ptimer_irqs;
/* What the IRQ handler does with a timer's interrupt: turn the timer off (TIMER_IRQ_OFF, so
 * its level drops), or move its compare value out of reach with CTL untouched
 * (TIMER_IRQ_PUSH_CVAL: a re-arm by CVAL or TVAL alone must interrupt again). Either way it
 * records the CTL it read first. */
enum timer_irq_action { TIMER_IRQ_OFF, TIMER_IRQ_PUSH_CVAL };
extern volatile enum timer_irq_action timer_irq_action;
extern volatile u64 timer_irq_ctl;
/* How often each vCPU's IRQ handler took each INTID (acknowledged and EOIed at once). */
#define GUEST_IRQS 96
extern volatile u32 irq_seen[GUEST_MAX_CPUS][GUEST_IRQS];

/* Synchronous exceptions: an UNDEF on smc/hvc becomes x0 = -1 when allowed (QEMU's own
 * firmware without EL2/EL3); any other is reported as a failure and the vCPU stops. */
extern bool undef_calls_allowed;
extern volatile u32 undef_calls;

/* An expected synchronous external abort (an access to an unbacked IPA, tests `unbacked-*`):
 * while sea_expected is set, a data or instruction abort taken from EL1 with SP_EL1 is recorded
 * here (ESR_EL1, FAR_EL1, ELR_EL1, SPSR_EL1 and the DAIF bits inside the handler) and the guest
 * carries on: past the load or store, or back to x30 after a fetch. */
struct sea_record {
	volatile u32 taken;
	volatile u64 esr, far, elr, spsr, daif;
};
extern volatile bool sea_expected;
extern struct sea_record sea_seen;

/* Expected debug exceptions taken from EL1 to EL1 while debug_expected is set: a breakpoint
 * (EC 0x31) returns to x30 (the breakpoint sits on a function's first instruction), a watchpoint
 * (EC 0x35) skips the access, a software step (EC 0x33) records where it stopped and steps on
 * until `steps_wanted`, then clears MDSCR_EL1.SS. Any other debug exception is a failure. */
struct debug_record {
	volatile u32 bkpt, wpt, step, steps_wanted;
	volatile u64 bkpt_elr, wpt_far, step_elr[16];
};
extern volatile bool debug_expected;
extern struct debug_record debug_seen;
/* While undef_expected is set, an UNDEFINED instruction (EC 0) is counted and skipped; the
 * last one's ESR_EL1 and ELR_EL1 are kept. */
extern volatile bool undef_expected;
extern volatile u32 undef_seen;
extern volatile u64 undef_esr, undef_elr;

/* EL0 code (guests/testguest/start.S): el0_run(fn) runs fn at EL0 until its `svc #0` and
 * returns. Every other synchronous exception taken from EL0 meanwhile is logged here (the first
 * EL0_LOG_MAX: ESR_EL1, ELR_EL1, SPSR_EL1) and skipped, so the EL0 code runs on. */
#define EL0_LOG_MAX 8
struct el0_record {
	volatile u32 taken;
	volatile u64 esr[EL0_LOG_MAX], elr[EL0_LOG_MAX], spsr[EL0_LOG_MAX];
};
extern struct el0_record el0_seen;
void el0_run(void (*fn)(void));

/* The DTB: /chosen/bootargs, the psci node's method and the number of cpu nodes. */
struct dtb_info {
	const char *bootargs;
	const char *psci_method;
	unsigned cpus;
	u64 ram_base, ram_size;
};
bool dtb_parse(const void *dtb, struct dtb_info *out);
/* The value of `key=` in a space-separated command line (copied, NUL-terminated), or NULL. */
const char *arg_value(const char *cmdline, const char *key, char *buf, size_t size);
bool arg_present(const char *cmdline, const char *word);

void fp_roundtrip(u64 out[16], u64 seed, u64 conduits);
/* FP/SIMD state as a vCPU found it at entry (start.S, before any C code runs). */
struct entry_fp {
	u64 q[32][2];
	u64 fpcr, fpsr;
};
extern struct entry_fp entry_fp[];
/* Fills every FP/SIMD register with a nonzero pattern, then calls fid (smc if conduit bit 0,
 * else hvc) with no C code in between; returns x0. */
s64 fp_fill_then_call(u64 fid, u64 seed, u64 conduit);
/* Waits (AFFINITY_INFO) until target is off, then CPU_ON(target, entry, ctx): no FP/SIMD use. */
s64 cpu_on_when_off(u64 target, u64 entry, u64 ctx, u64 conduit);
void secondary_entry(void);

#endif
