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
 * baseline. */
static void measure(const char *key, const char *check_name, u32 fid, u64 want)
{
	void (*loop)(void) = key ? bench_loop_call : bench_loop_none;
	u32 wrong = 0, inexact = 0;
	u64 got = want;

	for (u32 i = 0; i < WARMUP + reps; i++) {
		u64 x0 = bench_rep(fid, k1, k2, loop);
		if (key && x0 != want) {
			wrong++;
			got = x0;
		}
		if (i >= WARMUP && mark(BENCH_MARK_SAMPLE, k1, k2, NULL) != 0)
			inexact++;
	}
	s64 r = key ? mark(BENCH_MARK_REPORT, 0, 0, key) : mark(BENCH_MARK_BASELINE, 0, 0, NULL);
	if (key)
		check(wrong == 0, check_name, "%u of %u calls of 0x%x answered 0x%lx, want 0x%lx",
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

void secondary_main(u64 ctx); /* start.S's CPU_ON entry: this guest starts no other vCPU */
void secondary_main(u64 ctx)
{
	for (;;)
		__asm__ volatile("wfi");
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
	con_printf("benchguest: bootargs \"%s\": %u repetitions of MARK, %u calls, MARK, %u calls, "
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
	s64 r = call3(CONDUIT_SMC, SMCCC_VERSION, 0, 0, 0);
	check(r == SMCCC_VERSION_1_2, "forward-smccc-version", "SMCCC_VERSION = 0x%lx", r);
	r = call3(CONDUIT_SMC, PSCI_VERSION, 0, 0, 0);
	check(r == PSCI_VERSION_1_1, "emulate-psci-version", "PSCI_VERSION = 0x%lx", r);
	r = call3(CONDUIT_SMC, SIP_DENIED, 0, 0, 0);
	check(r == SMCCC_NOT_SUPPORTED, "deny-sip", "SiP 0x%x = %ld", SIP_DENIED, r);

	measure(NULL, NULL, SMCCC_VERSION, 0);
	/* in-kernel: the policy forwards SMCCC_VERSION in the kernel (a capability bound to this
	 * vCPU): measure only that path, under its own key. */
	if (arg_present(dtb.bootargs, "in-kernel")) {
		measure("guest_forward_in_kernel", "guest-forward-in-kernel-answers", SMCCC_VERSION,
			SMCCC_VERSION_1_2);
		/* console: this guest owns the console (the kernel answers UARTDR and UARTFR). */
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
