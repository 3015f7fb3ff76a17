/* The test guest's platform support (guests/include/guest.h). */
#include <guest.h>
#include <warden/fdt.h>
#include <warden/format.h>
#include <warden/string.h>

/* ---- SMCCC calls ---------------------------------------------------------------------- */

#define SMCCC_ASM(insn)                                                                            \
	do {                                                                                       \
		register u64 x0 __asm__("x0") = r->x[0];                                           \
		register u64 x1 __asm__("x1") = r->x[1];                                           \
		register u64 x2 __asm__("x2") = r->x[2];                                           \
		register u64 x3 __asm__("x3") = r->x[3];                                           \
		register u64 x4 __asm__("x4") = r->x[4];                                           \
		register u64 x5 __asm__("x5") = r->x[5];                                           \
		register u64 x6 __asm__("x6") = r->x[6];                                           \
		register u64 x7 __asm__("x7") = r->x[7];                                           \
		__asm__ volatile(insn                                                              \
				 : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3), "+r"(x4), "+r"(x5),     \
				   "+r"(x6), "+r"(x7)                                              \
				 :                                                                 \
				 : "x8", "x9", "x10", "x11", "x12", "x13", "x14", "x15", "x16",    \
				   "x17", "memory");                                               \
		r->x[0] = x0;                                                                      \
		r->x[1] = x1;                                                                      \
		r->x[2] = x2;                                                                      \
		r->x[3] = x3;                                                                      \
		r->x[4] = x4;                                                                      \
		r->x[5] = x5;                                                                      \
		r->x[6] = x6;                                                                      \
		r->x[7] = x7;                                                                      \
	} while (0)

void smccc_call(unsigned conduit, unsigned imm, struct smccc *r)
{
	bool smc32 = !(r->x[0] & (1u << 30));

	if (conduit == CONDUIT_SMC && imm == 0)
		SMCCC_ASM("smc #0");
	else if (conduit == CONDUIT_SMC)
		SMCCC_ASM("smc #1");
	else if (imm == 0)
		SMCCC_ASM("hvc #0");
	else
		SMCCC_ASM("hvc #1");
	/* SMC32 results are w0..w3 (DEN0028): read the status as Linux does, (s32)w0. */
	if (smc32)
		r->x[0] = (u64)(s64)(s32)r->x[0];
}

s64 call3(unsigned conduit, u64 fid, u64 a1, u64 a2, u64 a3)
{
	struct smccc r = {{fid, a1, a2, a3, 0, 0, 0, 0}};

	smccc_call(conduit, 0, &r);
	return (s64)r.x[0];
}

const char *conduit_name(unsigned conduit)
{
	return conduit == CONDUIT_SMC ? "smc" : "hvc";
}

/* ---- console ------------------------------------------------------------------------ */

#define UARTDR 0x00
#define UARTFR 0x18
#define UARTFR_TXFF (1u << 5)

static volatile u32 con_lock;

static void lock(volatile u32 *l)
{
	while (__atomic_exchange_n(l, 1, __ATOMIC_ACQUIRE))
		while (*l)
			;
}

static void unlock(volatile u32 *l)
{
	__atomic_store_n(l, 0, __ATOMIC_RELEASE);
}

static void con_putc(void *ctx, char c)
{
	(void)ctx;
	for (int i = 0; i < 100000; i++)
		if (!(mmio_read32(GUEST_UART_BASE + UARTFR) & UARTFR_TXFF))
			break;
	mmio_write32(GUEST_UART_BASE + UARTDR, (u8)c);
}

void con_vprintf(const char *fmt, va_list ap)
{
	lock(&con_lock);
	format_v(con_putc, NULL, fmt, ap);
	unlock(&con_lock);
}

void con_printf(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	con_vprintf(fmt, ap);
	va_end(ap);
}

void con_puts(const char *s)
{
	con_printf("%s", s);
}

int checks_run, checks_failed;

bool check(bool cond, const char *name, const char *fmt, ...)
{
	va_list ap;

	checks_run++;
	if (cond) {
		con_printf("[PASS] %s\n", name);
		return true;
	}
	checks_failed++;
	lock(&con_lock);
	for (const char *p = "[FAIL] "; *p; p++)
		con_putc(NULL, *p);
	for (const char *p = name; *p; p++)
		con_putc(NULL, *p);
	con_putc(NULL, ':');
	con_putc(NULL, ' ');
	va_start(ap, fmt);
	format_v(con_putc, NULL, fmt, ap);
	va_end(ap);
	con_putc(NULL, '\n');
	unlock(&con_lock);
	return false;
}

u64 ms_to_ticks(u64 ms)
{
	return sysreg_read(cntfrq_el0) / 1000 * ms;
}

/* ---- GICv3 -------------------------------------------------------------------------- */

#define GICD_CTLR 0x0000
#define GICD_CTLR_RWP (1u << 31)
#define GICD_CTLR_ARE_NS (1u << 4)
#define GICD_CTLR_ENABLE_G1 (1u << 1)
#define GICR_WAKER 0x0014
#define GICR_WAKER_PROCESSOR_SLEEP (1u << 1)
#define GICR_WAKER_CHILDREN_ASLEEP (1u << 2)
#define GICR_SGI 0x10000
#define GICR_IGROUPR0 (GICR_SGI + 0x080)
#define GICR_ISENABLER0 (GICR_SGI + 0x100)
#define GICR_IPRIORITYR(n) (GICR_SGI + 0x400 + 4 * (n))

static bool wait_clear(u64 addr, u32 bits)
{
	for (int i = 0; i < 100000; i++)
		if (!(mmio_read32(addr) & bits))
			return true;
	return false;
}

bool gic_init_cpu(unsigned cpu, unsigned intid)
{
	u64 rd = GUEST_GICR_BASE + cpu * GUEST_GICR_STRIDE;
	bool ok = true;

	mmio_write32(GUEST_GICD_BASE + GICD_CTLR, mmio_read32(GUEST_GICD_BASE + GICD_CTLR) |
						      GICD_CTLR_ARE_NS | GICD_CTLR_ENABLE_G1);
	if (!wait_clear(GUEST_GICD_BASE + GICD_CTLR, GICD_CTLR_RWP)) {
		con_printf("testguest: GICD_CTLR.RWP never cleared\n");
		ok = false;
	}
	mmio_write32(rd + GICR_WAKER, mmio_read32(rd + GICR_WAKER) & ~GICR_WAKER_PROCESSOR_SLEEP);
	if (!wait_clear(rd + GICR_WAKER, GICR_WAKER_CHILDREN_ASLEEP)) {
		con_printf("testguest: GICR_WAKER.ChildrenAsleep never cleared\n");
		ok = false;
	}
	mmio_write32(rd + GICR_IGROUPR0, mmio_read32(rd + GICR_IGROUPR0) | (1u << intid));
	u32 prio = mmio_read32(rd + GICR_IPRIORITYR(intid / 4));
	prio &= ~(0xffu << (8 * (intid % 4)));
	prio |= 0xa0u << (8 * (intid % 4));
	mmio_write32(rd + GICR_IPRIORITYR(intid / 4), prio);
	mmio_write32(rd + GICR_ISENABLER0, 1u << intid);

	sysreg_write(S3_0_C12_C12_5, sysreg_read(S3_0_C12_C12_5) | 1); /* ICC_SRE_EL1.SRE */
	isb();
	sysreg_write(S3_0_C4_C6_0, 0xff); /* ICC_PMR_EL1: everything passes */
	sysreg_write(S3_0_C12_C12_3, 0);  /* ICC_BPR1_EL1 */
	sysreg_write(S3_0_C12_C12_4, 0);  /* ICC_CTLR_EL1: EOImode 0 */
	sysreg_write(S3_0_C12_C12_7, 1);  /* ICC_IGRPEN1_EL1 */
	isb();
	return ok;
}

/* ---- exceptions --------------------------------------------------------------------- */

struct frame {
	u64 x[31];
	u64 elr;
	u64 spsr;
	u64 pad[3];
	u64 q[64];
};

volatile u32 irq_last_intid, irq_count, timer_irqs, ptimer_irqs;
volatile enum timer_irq_action timer_irq_action;
volatile u64 timer_irq_ctl;
volatile u32 irq_seen[GUEST_MAX_CPUS][GUEST_IRQS];
bool undef_calls_allowed;
volatile u32 undef_calls;
volatile bool sea_expected;
struct sea_record sea_seen;
volatile bool debug_expected, undef_expected;
struct debug_record debug_seen;
volatile u32 undef_seen;
volatile u64 undef_esr, undef_elr;
struct el0_record el0_seen;
void el0_return(void);

#define SPSR_SS (1ul << 21)

/* An expected debug exception (guest.h): true if it was one. */
static bool debug_event(u32 ec, struct frame *f)
{
	switch (ec) {
	case 0x31: /* breakpoint, current EL */
		debug_seen.bkpt++;
		debug_seen.bkpt_elr = f->elr;
		f->elr = f->x[30];
		return true;
	case 0x35: /* watchpoint, current EL */
		debug_seen.wpt++;
		debug_seen.wpt_far = sysreg_read(far_el1);
		f->elr += 4;
		return true;
	case 0x33: /* software step, current EL */
		if (debug_seen.step < 16)
			debug_seen.step_elr[debug_seen.step] = f->elr;
		debug_seen.step++;
		if (debug_seen.step < debug_seen.steps_wanted) {
			f->spsr |= SPSR_SS; /* active-not-pending again: one more instruction */
		} else {
			sysreg_write(mdscr_el1, sysreg_read(mdscr_el1) & ~1ul);
			__asm__ volatile("isb");
			f->spsr &= ~SPSR_SS;
		}
		return true;
	default:
		return false;
	}
}

#define INTID_VTIMER 27
#define INTID_PTIMER 30
#define INTID_SPURIOUS 1023

static void irq(void)
{
	u32 intid = (u32)sysreg_read(S3_0_C12_C12_0); /* ICC_IAR1_EL1 */

	if (intid >= INTID_SPURIOUS)
		return;
	irq_last_intid = intid;
	irq_count++;
	if (intid < GUEST_IRQS && cpu_index() < GUEST_MAX_CPUS)
		irq_seen[cpu_index()][intid]++;
	if (intid == INTID_VTIMER) {
		timer_irq_ctl = sysreg_read(cntv_ctl_el0);
		if (timer_irq_action == TIMER_IRQ_PUSH_CVAL)
			sysreg_write(cntv_cval_el0, ~0ul);
		else
			sysreg_write(cntv_ctl_el0, 0); /* off, so the level drops */
		isb();
		timer_irqs++;
	} else if (intid == INTID_PTIMER) {
		timer_irq_ctl = sysreg_read(cntp_ctl_el0);
		if (timer_irq_action == TIMER_IRQ_PUSH_CVAL)
			sysreg_write(cntp_cval_el0, ~0ul);
		else
			sysreg_write(cntp_ctl_el0, 0);
		isb();
		ptimer_irqs++;
	}
	sysreg_write(S3_0_C12_C12_1, intid); /* ICC_EOIR1_EL1 */
	isb();
}

void exception_entry(u64 kind, struct frame *f);
void exception_entry(u64 kind, struct frame *f)
{
	if (kind == 5 || kind == 1) {
		irq();
		return;
	}
	u64 esr = sysreg_read(esr_el1);
	u32 ec = (u32)(esr >> 26) & 0x3f;
	if (kind == 4 && sea_expected && (ec == 0x25 || ec == 0x21)) {
		sea_seen.esr = esr;
		sea_seen.far = sysreg_read(far_el1);
		sea_seen.elr = f->elr;
		sea_seen.spsr = f->spsr;
		sea_seen.daif = sysreg_read(daif);
		sea_seen.taken++;
		sea_expected = false;
		f->elr = ec == 0x25 ? f->elr + 4 : f->x[30];
		return;
	}
	if (kind == 4 && debug_expected && debug_event(ec, f))
		return;
	if (kind == 8 && ec != 0x20) { /* from EL0 (AArch64), which only el0_run enters */
		if (ec == 0x15) {
			/* its svc #0: back to EL1, after el0_run's eret */
			f->elr = (u64)el0_return;
			f->spsr = 0x3c5; /* EL1h, DAIF masked (el0_return restores DAIF) */
			return;
		}
		u32 i = el0_seen.taken++;
		if (i < EL0_LOG_MAX) {
			el0_seen.esr[i] = esr;
			el0_seen.elr[i] = f->elr;
			el0_seen.spsr[i] = f->spsr;
		}
		f->elr += 4;
		return;
	}
	if (kind == 4 && undef_expected && ec == 0) {
		undef_seen++;
		undef_esr = esr;
		undef_elr = f->elr;
		f->elr += 4;
		return;
	}
	/* Not after an instruction abort: its ELR may be where nothing is. */
	u32 insn = kind == 4 && ec != 0x20 && ec != 0x21 ? *(volatile u32 *)f->elr : 0;
	bool is_call = (insn & 0xffe0001cu) == 0xd4000000u &&
		       ((insn & 3) == 2 || (insn & 3) == 3); /* hvc / smc #imm */
	if (kind == 4 && (esr >> 26) == 0 && is_call && undef_calls_allowed) {
		f->x[0] = (u64)-1;
		f->elr += 4;
		undef_calls++;
		return;
	}
	checks_failed++;
	con_printf("[FAIL] exception-cpu%u: vector %lu ESR 0x%lx ELR 0x%lx FAR 0x%lx insn 0x%x\n",
		   cpu_index(), kind, esr, f->elr, sysreg_read(far_el1), insn);
	for (;;)
		__asm__ volatile("wfi");
}

/* ---- DTB ------------------------------------------------------------------------------ */

bool dtb_parse(const void *dtb, struct dtb_info *out)
{
	u32 len;

	memset(out, 0, sizeof(*out));
	if (!dtb || !fdt_check(dtb, 0x100000))
		return false;
	int chosen = fdt_path_offset(dtb, "/chosen");
	if (chosen >= 0)
		out->bootargs = fdt_getprop(dtb, chosen, "bootargs", &len);
	int psci = fdt_path_offset(dtb, "/psci");
	if (psci < 0)
		psci = fdt_find_compatible(dtb, -1, "arm,psci-1.0");
	if (psci < 0)
		psci = fdt_find_compatible(dtb, -1, "arm,psci-0.2");
	if (psci >= 0)
		out->psci_method = fdt_getprop(dtb, psci, "method", &len);
	int cpus = fdt_path_offset(dtb, "/cpus");
	if (cpus >= 0) {
		int depth = 0;
		for (int n = fdt_next_node(dtb, cpus, &depth); n >= 0 && depth > 0;
		     n = fdt_next_node(dtb, n, &depth)) {
			const char *dt = fdt_getprop(dtb, n, "device_type", &len);
			if (depth == 1 && dt && strcmp(dt, "cpu") == 0)
				out->cpus++;
		}
	}
	int depth = 0;
	for (int n = fdt_next_node(dtb, -1, &depth); n >= 0; n = fdt_next_node(dtb, n, &depth)) {
		const char *dt = fdt_getprop(dtb, n, "device_type", &len);
		if (dt && strcmp(dt, "memory") == 0) {
			fdt_reg(dtb, n, 0, &out->ram_base, &out->ram_size);
			break;
		}
	}
	if (!out->bootargs)
		out->bootargs = "";
	if (!out->psci_method)
		out->psci_method = "none";
	return true;
}

const char *arg_value(const char *cmdline, const char *key, char *buf, size_t size)
{
	size_t klen = strlen(key);

	for (const char *p = cmdline; *p;) {
		while (*p == ' ')
			p++;
		const char *w = p;
		while (*p && *p != ' ')
			p++;
		if ((size_t)(p - w) > klen && strncmp(w, key, klen) == 0 && w[klen] == '=') {
			size_t n = (size_t)(p - w) - klen - 1;
			if (n >= size)
				n = size - 1;
			memcpy(buf, w + klen + 1, n);
			buf[n] = 0;
			return buf;
		}
	}
	return NULL;
}

bool arg_present(const char *cmdline, const char *word)
{
	size_t len = strlen(word);

	for (const char *p = cmdline; *p;) {
		while (*p == ' ')
			p++;
		const char *w = p;
		while (*p && *p != ' ')
			p++;
		if ((size_t)(p - w) == len && strncmp(w, word, len) == 0)
			return true;
	}
	return false;
}
