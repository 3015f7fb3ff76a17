/* Bench guest (make bench, docs/performance.md): measures, in instructions, what a guest's SMC
 * costs on each path the VMM's policy gives it — guest_forward (SMCCC_VERSION forwarded to the
 * secure world through the VMM's SMC capability), guest_emulate (PSCI_VERSION answered by the
 * VMM), guest_deny (a SiP call the policy denies) — from the guest's `smc` until it runs its
 * next instruction, all exception levels together.
 *
 * The guest cannot read the PMU; its VMM can. So the guest brackets blocks of calls with the
 * VMM's bench marker (WARDEN_HYP_BENCH_MARK, user/vmm/bench_mark.h), which the policy of
 * systems/bench-guest.xml emulates: per repetition MARK; K1 calls; MARK; K2 calls; MARK (blocks.S),
 * then SAMPLE; the VMM keeps the cheapest K1 and K2 blocks and reports
 * (C(K2) - C(K1)) / (K2 - K1) per level, the marker cancelling. The same with the loop minus
 * the `smc` is the baseline the VMM subtracts, so a figure is the `smc` alone, as raw_smc and
 * smc_cap are. The VMM prints the [BENCH] lines; this guest checks the answers.
 *
 * With `sgi` in the cmdline it measures guest_sgi instead (two vCPUs, measure_sgi): an SGI from
 * vCPU 0 to vCPU 1 waiting in WFI, until vCPU 1 has taken it; the VMM's PMU counts every
 * instruction of the one physical CPU both vCPUs share.
 *
 * /chosen/bootargs (the VM's cmdline): reps=N repetitions per path (default 1000), k1=, k2=
 * (calls in the two blocks, default 1 and 4). Ends with [DONE] and PSCI SYSTEM_OFF. */
#include <guest.h>
#include <warden/format.h>
#include <warden/smccc.h>
#include <warden/string.h>
#include "../../user/vmm/bench_mark.h"

#define SIP_DENIED 0x82000001u /* any SiP ID: the policy denies the whole SiP range */
#define WARMUP 2

u64 bench_rep(u64 fid, u64 k1, u64 k2, void (*loop)(void));
void bench_loop_call(void);
void bench_loop_none(void);
void bench_loop_uart_dr(void);
void bench_loop_uart_byte(void);
void bench_loop_sgi(void);

#define SGI_INTID 1
#define SGI_TO(cpu) ((u64)SGI_INTID << 24 | 1u << (cpu)) /* ICC_SGI1R_EL1, Aff0 = cpu */
#define SGI_CTX 0x5347490000000001ul
static volatile u32 partner_ready;

static u32 reps = 1000, k1 = 1, k2 = 4;

/* The marker with operation op and arguments a2..a7; returns x0. */
static s64 mark(u32 op, u64 a2, u64 a3, const char *key)
{
	struct smccc r = {{WARDEN_HYP_BENCH_MARK, op, a2, a3, 0, 0, 0, 0}};

	if (key) {
		size_t n = strlen(key);
		for (size_t i = 0; i < n && i < 24; i++)
			r.x[2 + i / 4] |= (u64)(u8)key[i] << (8 * (i % 4));
	}
	smccc_call(CONDUIT_SMC, 0, &r);
	return (s64)r.x[0];
}

/* One path: reps repetitions (after WARMUP unrecorded ones), each answer checked. key NULL: the
 * baseline. per_loop: operations per loop iteration (the figure is per operation). */
static void measure_loop(const char *key, const char *check_name, u64 fid, u64 want,
			 void (*call)(void), u32 per_loop)
{
	void (*loop)(void) = key ? call : bench_loop_none;
	u32 wrong = 0, inexact = 0;
	u64 got = want;

	for (u32 i = 0; i < WARMUP + reps; i++) {
		u64 x0 = bench_rep(fid, k1, k2, loop);
		if (key && x0 != want) {
			wrong++;
			got = x0;
		}
		if (i >= WARMUP && mark(BENCH_MARK_SAMPLE, per_loop * k1, per_loop * k2, NULL) != 0)
			inexact++;
	}
	s64 r = key ? mark(BENCH_MARK_REPORT, 0, 0, key) : mark(BENCH_MARK_BASELINE, 0, 0, NULL);
	if (key)
		check(wrong == 0, check_name, "%u of %u calls of 0x%lx answered 0x%lx, want 0x%lx",
		      wrong, WARMUP + reps, fid, got, want);
	if (r != 0 || inexact != 0)
		con_printf(
		    "[INFO] benchguest: %s: the per-call figure was not an integer in %u of %u "
		    "repetitions (marker answered %ld)\n",
		    key ? key : "baseline", inexact, reps, r);
}

/* A path through the emulated UART (no answer to check): each repetition's blocks store to
 * UARTDR (and load UARTFR) at GUEST_UART_BASE. The baseline is the call loop's. */
static void measure_uart(const char *key, void (*loop)(void))
{
	u32 inexact = 0;

	for (u32 i = 0; i < WARMUP + reps; i++) {
		bench_rep(GUEST_UART_BASE, k1, k2, loop);
		if (i >= WARMUP && mark(BENCH_MARK_SAMPLE, k1, k2, NULL) != 0)
			inexact++;
	}
	s64 r = mark(BENCH_MARK_REPORT, 0, 0, key);
	con_puts("\n");
	if (r != 0 || inexact != 0)
		con_printf("[INFO] benchguest: %s: the per-call figure was not an integer in %u of "
			   "%u repetitions (marker answered %ld)\n",
			   key, inexact, reps, r);
}

static void measure(const char *key, const char *check_name, u32 fid, u64 want)
{
	measure_loop(key, check_name, fid, want, bench_loop_call, 1);
}

static u32 arg_u32(const char *cmdline, const char *key, u32 dflt)
{
	char buf[16];
	const char *v = arg_value(cmdline, key, buf, sizeof(buf));
	u32 n = 0;

	if (!v || !*v)
		return dflt;
	for (; *v >= '0' && *v <= '9'; v++)
		n = n * 10 + (u32)(*v - '0');
	return n ? n : dflt;
}

static void power_off(void)
{
	con_printf("benchguest: %d checks, %d failed\n", checks_run, checks_failed);
	con_puts("[DONE]\n");
	call3(CONDUIT_SMC, PSCI_SYSTEM_OFF, 0, 0, 0);
	con_puts("[FAIL] system-off: SYSTEM_OFF returned\n");
	for (;;)
		__asm__ volatile("wfi");
}

/* The distributor on (vCPU 0), this vCPU's redistributor awake, SGI_INTID enabled in Group
 * 1, its CPU interface on; its interrupts stay masked (PSTATE.I): a WFI still ends when one
 * is pending. */
static void gic_cpu_on(unsigned cpu)
{
	u64 rd = GUEST_GICR_BASE + cpu * GUEST_GICR_STRIDE;

	if (cpu == 0) /* GICD_CTLR: affinity routing, Group 1 on */
		mmio_write32(GUEST_GICD_BASE, (1u << 4) | (1u << 1));
	mmio_write32(rd + 0x14, 0); /* GICR_WAKER */
	for (int i = 0; i < 1000 && (mmio_read32(rd + 0x14) & 4); i++)
		;
	mmio_write32(rd + 0x10080, 1u << SGI_INTID);		       /* GICR_IGROUPR0 */
	mmio_write32(rd + 0x10400, 0xa0u << (8 * SGI_INTID));	       /* GICR_IPRIORITYR0 */
	mmio_write32(rd + 0x10100, 1u << SGI_INTID);		       /* GICR_ISENABLER0 */
	sysreg_write(S3_0_C12_C12_5, sysreg_read(S3_0_C12_C12_5) | 1); /* ICC_SRE_EL1.SRE */
	isb();
	sysreg_write(S3_0_C4_C6_0, 0xff); /* ICC_PMR_EL1 */
	sysreg_write(S3_0_C12_C12_4, 0);  /* ICC_CTLR_EL1: EOImode 0 */
	sysreg_write(S3_0_C12_C12_7, 1);  /* ICC_IGRPEN1_EL1 */
	isb();
}

/* start.S's CPU_ON entry: vCPU 1 of the guest_sgi measurement, which answers every SGI from
 * vCPU 0 with one back, waiting in WFI between them. */
void secondary_main(u64 ctx);
void secondary_main(u64 ctx)
{
	if (ctx == SGI_CTX) {
		gic_cpu_on(1);
		__atomic_store_n(&partner_ready, 1, __ATOMIC_RELEASE);
		for (;;) {
			__asm__ volatile("wfi" ::: "memory");
			u32 intid = (u32)sysreg_read(S3_0_C12_C12_0); /* ICC_IAR1_EL1 */
			if (intid >= 1020)
				continue;
			sysreg_write(S3_0_C12_C12_1, intid);	 /* ICC_EOIR1_EL1 */
			sysreg_write(S3_0_C12_C11_5, SGI_TO(0)); /* ICC_SGI1R_EL1 */
			isb();
		}
	}
	for (;;)
		__asm__ volatile("wfi");
}

/* guest_sgi: vCPU 0 sends an SGI to vCPU 1, which waits in WFI, takes it and answers with
 * an SGI that vCPU 0, waiting in WFI, takes: one loop iteration is two SGIs, each from a
 * WFI to the next WFI of the other vCPU (trap, delivery, wake-up, vCPU switch, acknowledge,
 * EOI). */
static void measure_sgi(void)
{
	gic_cpu_on(0);
	s64 r = call3(CONDUIT_SMC, PSCI_CPU_ON64, 1, (u64)secondary_entry, SGI_CTX);
	u64 end = now_ticks() + ms_to_ticks(5000);
	while (!__atomic_load_n(&partner_ready, __ATOMIC_ACQUIRE) && now_ticks() < end)
		__asm__ volatile("wfe" ::: "memory");
	if (!check(r == PSCI_SUCCESS && partner_ready, "sgi-partner-up",
		   "CPU_ON(1) = %ld, vCPU 1 %s", r, partner_ready ? "ready" : "never ready"))
		return;
	measure_loop(NULL, NULL, SGI_TO(1), 0, bench_loop_sgi, 2);
	measure_loop("guest_sgi", "guest-sgi-answers", SGI_TO(1), SGI_INTID, bench_loop_sgi, 2);
}

void guest_main(const void *dtb_addr);
void guest_main(const void *dtb_addr)
{
	struct dtb_info dtb;

	if (!dtb_parse(dtb_addr, &dtb)) {
		check(false, "dtb-valid", "no valid DTB at %p", dtb_addr);
		power_off();
	}
	reps = arg_u32(dtb.bootargs, "reps", reps);
	k1 = arg_u32(dtb.bootargs, "k1", k1);
	k2 = arg_u32(dtb.bootargs, "k2", k2);
	if (k2 <= k1)
		k2 = k1 + 1;
	con_printf("benchguest: bootargs \"%s\": %u repetitions of MARK, %u calls, MARK, "
		   "%u calls, "
		   "MARK per path\n",
		   dtb.bootargs, reps, k1, k2);

	/* The answers first, one call each, so a wrong policy shows before any figure. */
	s64 m = mark(BENCH_MARK_SNAPSHOT, 0, 0, NULL);
	if (!check(m == 0, "bench-marker",
		   "WARDEN_HYP_BENCH_MARK answered %ld: the policy does not "
		   "emulate it, or the PMU counts no instructions (run "
		   "under QEMU -icount)",
		   m))
		power_off();
	if (arg_present(dtb.bootargs, "sgi")) {
		measure_sgi();
		power_off();
	}
	s64 r = call3(CONDUIT_SMC, SMCCC_VERSION, 0, 0, 0);
	check(r == SMCCC_VERSION_1_2, "forward-smccc-version", "SMCCC_VERSION = 0x%lx", r);
	r = call3(CONDUIT_SMC, PSCI_VERSION, 0, 0, 0);
	check(r == PSCI_VERSION_1_1, "emulate-psci-version", "PSCI_VERSION = 0x%lx", r);
	r = call3(CONDUIT_SMC, SIP_DENIED, 0, 0, 0);
	check(r == SMCCC_NOT_SUPPORTED, "deny-sip", "SiP 0x%x = %ld", SIP_DENIED, r);

	measure(NULL, NULL, SMCCC_VERSION, 0);
	/* in-kernel: the policy forwards SMCCC_VERSION in the kernel (a capability bound to
	 * this vCPU): measure only that path, under its own key. */
	if (arg_present(dtb.bootargs, "in-kernel")) {
		measure("guest_forward_in_kernel", "guest-forward-in-kernel-answers", SMCCC_VERSION,
			SMCCC_VERSION_1_2);
		/* console: this guest owns the console (the kernel answers UARTDR and
		 * UARTFR). */
		if (arg_present(dtb.bootargs, "console")) {
			measure_uart("guest_console_dr", bench_loop_uart_dr);
			measure_uart("guest_console_byte", bench_loop_uart_byte);
		}
		power_off();
	}
	measure("guest_forward", "guest-forward-answers", SMCCC_VERSION, SMCCC_VERSION_1_2);
	measure("guest_emulate", "guest-emulate-answers", PSCI_VERSION, PSCI_VERSION_1_1);
	measure("guest_deny", "guest-deny-answers", SIP_DENIED, (u64)(s64)SMCCC_NOT_SUPPORTED);
	measure_uart("guest_mmio", bench_loop_uart_dr);
	measure_uart("guest_uart_byte", bench_loop_uart_byte);
	power_off();
}
