/* The EL2 side of `make bench` (docs/performance.md): the round trips from non-secure EL2 into
 * the EL3 monitor and back — raw_smc (SMCCC_VERSION, the floor every other path is compared
 * with), monitor_psci_version and monitor_trng_rnd64 — one [BENCH] line each, with [PASS]/[FAIL]
 * checks of the answers (never of the counts), then [DONE] and PSCI SYSTEM_OFF.
 * BENCH_ITERS: iterations per path (mk/bench.mk builds a full and a smoke-test image). */
#include <stdarg.h>
#include <warden/format.h>
#include <warden/smccc.h>
#include "bench.h"

#ifndef BENCH_ITERS
#define BENCH_ITERS 1000
#endif
#define UART0 0x09000000ul

#define read_sysreg(reg)                                                                           \
	({                                                                                         \
		u64 v_;                                                                            \
		__asm__ volatile("mrs %0, " #reg : "=r"(v_));                                      \
		v_;                                                                                \
	})
#define write_sysreg(reg, val) __asm__ volatile("msr " #reg ", %0" ::"r"((u64)(val)))

static unsigned failures;

static void uart_putc(void *ctx, char c)
{
	volatile u32 *uart = (volatile u32 *)UART0;

	if (c == '\n')
		uart_putc(ctx, '\r');
	while (uart[0x18 / 4] & (1u << 5))
		;
	uart[0] = (u8)c;
}

void bench_print(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	format_v(uart_putc, NULL, fmt, ap);
	va_end(ap);
}

static void check(bool ok, const char *name, u64 got)
{
	if (ok) {
		bench_print("[PASS] %s\n", name);
	} else {
		failures++;
		bench_print("[FAIL] %s: got 0x%lx\n", name, got);
	}
}

static void system_off(void)
{
	register u64 x0 __asm__("x0") = PSCI_SYSTEM_OFF;

	__asm__ volatile("smc #0" : "+r"(x0)::"memory");
	for (;;)
		;
}

void bench_el2_exception(u64 kind, u64 esr, u64 elr, u64 far)
{
	bench_print("[FAIL] unexpected exception %lu at EL2: ESR 0x%lx ELR 0x%lx FAR 0x%lx\n", kind,
		    esr, elr, far);
	system_off();
}

/* The PMU as the kernel sets it up for its components: every event counter below HPMN (usable
 * at EL0..EL2), the cycle counter counting at every level (NSH; M = P = 0 counts EL3 too, which
 * the monitor allows with MDCR_EL3.SPME), 64 bits. */
static void pmu_enable(void)
{
	u64 n = (read_sysreg(pmcr_el0) >> 11) & 0x1f;

	/* EL1 is AArch64 (HCR_EL2.RW) as under the kernel: QEMU ignores the EL3 filter bit M of
	 * PMEVTYPER<n>_EL0 while EL1 is AArch32, and would count EL3 as if it were EL1. */
	write_sysreg(hcr_el2, read_sysreg(hcr_el2) | 1ul << 31);
	write_sysreg(mdcr_el2, n);
	write_sysreg(pmccfiltr_el0, PMEV_NSH);
	write_sysreg(pmcr_el0, 1 | 1 << 2 | 1 << 6); /* E, reset the cycle counter, 64-bit */
	write_sysreg(pmcntenset_el0, 1ul << 31);
	__asm__ volatile("isb");
}

void bench_el2_main(void)
{
	struct bench_result r;
	u64 in[19] = {0};
	bool rng = (read_sysreg(id_aa64isar0_el1) >> 60) & 0xf;

	bench_print("bench-el2: %u iterations per path, %s\n", BENCH_ITERS,
		    rng ? "FEAT_RNG" : "no FEAT_RNG");
	pmu_enable();
	if (bench_pmu_setup()) {
		in[0] = SMCCC_VERSION;
		bench_measure("raw_smc", bench_smc, in, BENCH_ITERS, &r);
		check(r.last.x0 == SMCCC_VERSION_1_2, "bench raw_smc, SMCCC_VERSION answers 1.2",
		      r.last.x0);

		in[0] = PSCI_VERSION;
		bench_measure("monitor_psci_version", bench_smc, in, BENCH_ITERS, &r);
		check(r.last.x0 == PSCI_VERSION_1_1, "bench monitor_psci_version, PSCI 1.1",
		      r.last.x0);

		/* 192 bits, the most one call returns (what Linux asks for). */
		in[0] = TRNG_RND64;
		in[1] = 192;
		bench_measure("monitor_trng_rnd64", bench_smc, in, BENCH_ITERS, &r);
		check(rng ? r.last.x0 == 0 : (s64)r.last.x0 == SMCCC_NOT_SUPPORTED,
		      rng ? "bench monitor_trng_rnd64, 192 random bits"
			  : "bench monitor_trng_rnd64, NOT_SUPPORTED without FEAT_RNG",
		      r.last.x0);
	}
	bench_print("bench-el2: %u failed\n", failures);
	bench_print("[DONE]\n");
	system_off();
}
