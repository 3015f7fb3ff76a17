/* EL2 test payload: checks the monitor's answers and the state it hands to EL2, one line per
 * check ([PASS] / [FAIL]), then [DONE] and PSCI SYSTEM_OFF. Built twice: monitor-tests runs
 * everything, monitor-reset (EL2_TEST_RESET) ends with SYSTEM_RESET instead. */
#include <stdarg.h>
#include <warden/fdt.h>
#include <warden/format.h>
#include <warden/platform.h>
#include <warden/sip.h>
#include <warden/smccc.h>
#include <warden/string.h>
#include "el2.h"

#ifndef EL2_TEST_RESET
#define EL2_TEST_RESET 0
#endif
#define UART0 0x09000000ul
#define PATTERN(i) (0xa5a5000000000000ull | (u64)(i) << 32 | 0x1234u * (i))
#define UNKNOWN_FID 0x8f001234u /* fast SMC32, OEN 15 (unassigned) */

/* State at entry, saved by head.S: x0..x3, CurrentEL, DAIF, SCTLR_EL2, load address. */
u64 boot_regs[8] __attribute__((section(".data"))); /* not .bss: saved before .bss is zeroed */
u8 stacks[MAX_CPUS * 4096] __attribute__((aligned(16)));
static unsigned failures;

/* --- console and checks ------------------------------------------------------------------ */

static void uart_putc(void *ctx, char c)
{
	volatile u32 *uart = (volatile u32 *)UART0;

	if (c == '\n')
		uart_putc(ctx, '\r');
	while (uart[0x18 / 4] & (1u << 5))
		;
	uart[0] = (u8)c;
}

void print(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	format_v(uart_putc, NULL, fmt, ap);
	va_end(ap);
}

bool check(bool ok, const char *name, const char *fmt, ...)
{
	va_list ap;

	if (ok) {
		print("[PASS] %s\n", name);
		return true;
	}
	failures++;
	print("[FAIL] %s: ", name);
	va_start(ap, fmt);
	format_v(uart_putc, NULL, fmt, ap);
	va_end(ap);
	print("\n");
	return false;
}

void el2_exception(u64 kind, u64 esr, u64 elr, u64 far)
{
	print("[FAIL] unexpected exception %lu at EL2: ESR 0x%lx ELR 0x%lx FAR 0x%lx\n", kind, esr,
	      elr, far);
	smc_fast(PSCI_SYSTEM_OFF);
	for (;;)
		;
}

/* --- SMC helpers --------------------------------------------------------------------------- */

/* Calls fid with x1..x(n) = args and every other register (x(n+1)..x30, SP_EL0) a known pattern.
 * r receives everything after the call. */
static void call(struct regs *r, u64 fid, unsigned n, const u64 *args)
{
	for (unsigned i = 0; i < 31; i++)
		r->x[i] = PATTERN(i);
	r->x[0] = fid;
	for (unsigned i = 0; i < n; i++)
		r->x[1 + i] = args[i];
	r->sp_el0 = 0x5350454c30ull;
	smc_all_regs(r->x, &r->sp_el0);
}

/* Registers first..30 and SP_EL0 kept the values call() put there (args excluded). Returns the
 * first register that changed, or -1. */
static int changed_from(const struct regs *r, unsigned first, unsigned n, const u64 *args)
{
	for (unsigned i = first; i < 31; i++) {
		u64 want = i >= 1 && i <= n ? args[i - 1] : PATTERN(i);
		if (r->x[i] != want)
			return (int)i;
	}
	return r->sp_el0 == 0x5350454c30ull ? -1 : 31;
}

static s64 call1(u32 fid, u64 a1)
{
	struct regs r;

	call(&r, fid, 1, &a1);
	return (s64)r.x[0];
}

static s64 call3(u32 fid, u64 a1, u64 a2, u64 a3, struct regs *r)
{
	u64 a[3] = {a1, a2, a3};

	call(r, fid, 3, a);
	return (s64)r->x[0];
}

static u64 now(void)
{
	isb();
	return read_sysreg(cntpct_el0);
}

static u64 ticks_per_ms(void)
{
	return read_sysreg(cntfrq_el0) / 1000;
}

/* --- boot state ---------------------------------------------------------------------------- */

static u64 dram_end;

static void test_boot_state(void)
{
	const void *dtb = (const void *)boot_regs[0];

	check(boot_regs[4] == 8, "boot entered at EL2", "CurrentEL 0x%lx", boot_regs[4]);
	check(boot_regs[0] == NS_DRAM_BASE && boot_regs[1] == 0 && boot_regs[2] == 0 &&
		  boot_regs[3] == 0,
	      "boot x0 = DTB address, x1..x3 = 0", "x0..x3 0x%lx 0x%lx 0x%lx 0x%lx", boot_regs[0],
	      boot_regs[1], boot_regs[2], boot_regs[3]);
	check((boot_regs[5] & 0x3c0) == 0x3c0, "boot DAIF masked", "DAIF 0x%lx", boot_regs[5]);
	check((boot_regs[6] & 5) == 0, "boot MMU and D-cache off", "SCTLR_EL2 0x%lx", boot_regs[6]);
	check(boot_regs[7] == NS_IMAGE_LOAD_BASE, "boot image at NS_IMAGE_LOAD_BASE", "at 0x%lx",
	      boot_regs[7]);
	if (!check(fdt_check(dtb, 0x100000), "boot valid DTB", "bad header"))
		return;
	int psci = fdt_path_offset(dtb, "/psci");
	u32 len = 0;
	const char *compat = psci >= 0 ? fdt_getprop(dtb, psci, "compatible", &len) : NULL;
	const char *method = psci >= 0 ? fdt_getprop(dtb, psci, "method", NULL) : NULL;
	check(compat && len == sizeof("arm,psci-1.0\0arm,psci-0.2") &&
		  memcmp(compat, "arm,psci-1.0\0arm,psci-0.2", len) == 0,
	      "dtb /psci compatible arm,psci-1.0 arm,psci-0.2", "psci node %d compatible %s", psci,
	      compat ? compat : "(none)");
	check(method && strcmp(method, "smc") == 0, "dtb /psci method smc", "method %s",
	      method ? method : "(none)");
	check(fdt_path_offset(dtb, "/cpus/cpu@0") >= 0 && fdt_path_offset(dtb, "/chosen") >= 0,
	      "dtb QEMU's nodes intact after the edit", "/cpus/cpu@0 or /chosen missing");
	const struct fdt_header *h = dtb;
	u32 used = fdt_be32(&h->off_dt_strings) + fdt_be32(&h->size_dt_strings);
	check(fdt_totalsize(dtb) >= used + 4096, "dtb room to spare in totalsize",
	      "totalsize %u, used %u", fdt_totalsize(dtb), used);
	u64 base, size;
	int mem = fdt_path_offset(dtb, "/memory");
	if (mem >= 0 && fdt_reg(dtb, mem, 0, &base, &size))
		dram_end = base + size;
}

/* EL3 must not trap what the CPU has: each access below traps to EL3 if the monitor left the
 * feature disabled, and the monitor turns such a trap into an undefined instruction here. */
static void test_cpu_features(void)
{
	u64 isar1 = read_sysreg(id_aa64isar1_el1), pfr0 = read_sysreg(id_aa64pfr0_el1);
	u64 pfr1 = read_sysreg(id_aa64pfr1_el1);
	u64 isar2;

	__asm__ volatile("mrs %0, S3_0_C0_C6_2" : "=r"(isar2));
	u64 sre = read_sysreg(icc_sre_el2);
	check((sre & 9) == 9, "EL3 setup ICC_SRE_EL2.SRE and Enable", "ICC_SRE_EL2 0x%lx", sre);
	bool pauth = ((isar1 >> 4) & 0xff) || ((isar1 >> 24) & 0xff) || ((isar2 >> 8) & 0xff);
	if (pauth) {
		u64 p = 0x40201234, q;
		/* APK: key registers; API: PAC instructions (only when SCTLR_EL2.EnIA is set). */
		__asm__ volatile(
		    "msr S3_0_C2_C1_0, %0\n\tmsr S3_0_C2_C1_1, %0" ::"r"(0x1234567890ull));
		write_sysreg(sctlr_el2, read_sysreg(sctlr_el2) | 1ull << 31);
		isb();
		__asm__ volatile("mov x17, %1\n\tmov x16, #42\n\thint #8\n\tmov %0, x17"
				 : "=r"(q)
				 : "r"(p)
				 : "x16", "x17");
		u64 back;
		__asm__ volatile("mov x17, %1\n\tmov x16, #42\n\thint #12\n\tmov %0, x17"
				 : "=r"(back)
				 : "r"(q)
				 : "x16", "x17");
		write_sysreg(sctlr_el2, read_sysreg(sctlr_el2) & ~(1ull << 31));
		isb();
		check(q != p && back == p, "EL3 setup pointer authentication usable at EL2",
		      "pacia1716 0x%lx -> 0x%lx, autia1716 -> 0x%lx", p, q, back);
	} else {
		print("[INFO] no pointer authentication on this CPU\n");
	}
	if ((pfr0 >> 32) & 0xf) {
		u64 vl;
		write_sysreg(cptr_el2, 0x22ff); /* RES1 bits; TZ, TFP, TSM clear */
		isb();
		__asm__ volatile("msr S3_4_C1_C2_0, %0" ::"r"(0xfull)); /* ZCR_EL2.LEN = max */
		isb();
		__asm__ volatile(".inst 0x04bf5020\n\tmov %0, x0"
				 : "=r"(vl)
				 :
				 : "x0"); /* rdvl x0, #1 */
		check(vl >= 16 && vl % 16 == 0, "EL3 setup SVE usable at EL2", "VL %lu bytes", vl);
	} else {
		print("[INFO] no SVE on this CPU\n");
	}
	if ((pfr1 >> 24) & 0xf) {
		u64 smcr;
		__asm__ volatile("mrs %0, S3_4_C1_C2_6" : "=r"(smcr)); /* SMCR_EL2 */
		check(true, "EL3 setup SME registers reachable at EL2", "SMCR_EL2 0x%lx", smcr);
	}
}

/* --- Arm architecture service -------------------------------------------------------------- */

static void test_arch(void)
{
	struct regs r;
	u64 a[7] = {0x1111, 0x2222, 0x3333, 0x4444, 0x5555, 0x6666, 0x7777};

	call(&r, SMCCC_VERSION, 0, NULL);
	check(r.x[0] == SMCCC_VERSION_1_2, "SMCCC_VERSION is 1.2", "0x%lx", r.x[0]);
	int c = changed_from(&r, 1, 0, NULL);
	check(c < 0, "SMCCC_VERSION preserves x1..x30 and SP_EL0", "x%d changed", c);
	check(call1(SMCCC_ARCH_FEATURES, SMCCC_ARCH_FEATURES) == 0,
	      "ARCH_FEATURES(ARCH_FEATURES) implemented", "not 0");
	check(call1(SMCCC_ARCH_FEATURES, SMCCC_ARCH_SOC_ID) == 0,
	      "ARCH_FEATURES(SOC_ID) implemented", "not 0");
	check(call1(SMCCC_ARCH_FEATURES, SMCCC_ARCH_WORKAROUND_1) == SMCCC_NOT_SUPPORTED,
	      "ARCH_FEATURES(WORKAROUND_1) not supported", "not -1");
	check(call1(SMCCC_ARCH_FEATURES, 0x80000100u) == SMCCC_NOT_SUPPORTED,
	      "ARCH_FEATURES(unimplemented arch ID) not supported", "not -1");
	check(call1(SMCCC_ARCH_FEATURES, (u64)0xdeadbeef << 32 | SMCCC_VERSION) == 0,
	      "SMC32 ARCH_FEATURES ignores upper argument bits", "not 0");

	/* Unknown function IDs: -1, x1..x7 (and everything else) untouched. */
	u32 unknown[] = {UNKNOWN_FID, 0x80000100u, 0xc4000040u, 0x8400001fu,
			 0x8300ff00u, 0x86000000u, 0xbf00ff01u};
	for (unsigned i = 0; i < ARRAY_SIZE(unknown); i++) {
		char name[64];
		call(&r, unknown[i], 7, a);
		c = changed_from(&r, 1, 7, a);
		format_buf(name, sizeof(name), "unknown ID 0x%x gives -1, registers untouched",
			   unknown[i]);
		check((s64)r.x[0] == -1 && c < 0, name, "x0 0x%lx, x%d changed", r.x[0], c);
	}
	call(&r, 0x80020000u, 7, a); /* fast call with a must-be-zero bit set */
	check((s64)r.x[0] == -1 && changed_from(&r, 1, 7, a) < 0,
	      "fast call with bits 23:17 set gives -1", "x0 0x%lx", r.x[0]);
	call(&r, 0x04000000u, 7, a); /* yielding call */
	check((s64)r.x[0] == -1 && changed_from(&r, 1, 7, a) < 0, "yielding call gives -1",
	      "x0 0x%lx", r.x[0]);
	check((s64)smc_imm1(SMCCC_VERSION) == -1, "smc #1 (nonzero immediate) gives -1", "not -1");
	call(&r, SMCCC_VERSION | SMCCC_SVE_HINT, 0, NULL);
	check(r.x[0] == SMCCC_VERSION_1_2, "SVE hint bit 16 ignored in lookup", "0x%lx", r.x[0]);
	call(&r, (u64)0xffffffff00000000ull | SMCCC_VERSION, 0, NULL);
	check(r.x[0] == SMCCC_VERSION_1_2, "function ID is w0 (upper x0 bits ignored)", "0x%lx",
	      r.x[0]);
}

static void test_soc_id(void)
{
	struct regs r;
	u64 v = (u64)call1(SMCCC_ARCH_SOC_ID, 0);

	check(v == (4u << 24 | 0x3bu << 16 | 0x5744u), "SOC_ID version (JEP-106 bank 4, 0x3b)",
	      "0x%lx", v);
	check(call1(SMCCC_ARCH_SOC_ID, 1) == 1, "SOC_ID revision is 1", "not 1");
	check(call1(SMCCC_ARCH_SOC_ID, 3) == SMCCC_INVALID_PARAMETER, "SOC_ID unknown type invalid",
	      "not -3");
	check(call1(SMCCC_ARCH_SOC_ID, 2) == SMCCC_INVALID_PARAMETER,
	      "SOC_ID name through SMC32 invalid", "not -3");
	check(call1(SMCCC_ARCH_SOC_ID, (u64)1 << 32) == (s64)v, "SOC_ID SMC32 ignores upper bits",
	      "not the version");
	u64 two = 2;
	call(&r, SMCCC_ARCH_SOC_ID64, 1, &two);
	char name[17 * 8 + 1];
	for (unsigned i = 0; i < 17 * 8; i++)
		name[i] = (char)(r.x[1 + i / 8] >> (8 * (i % 8)));
	name[17 * 8] = 0;
	check(r.x[0] == 0 && strcmp(name, "QEMU virt (Warden monitor)") == 0, "SOC_ID name (SMC64)",
	      "x0 0x%lx name '%s'", r.x[0], name);
	check(r.x[18] == PATTERN(18) && changed_from(&r, 18, 0, NULL) < 0,
	      "SOC_ID name preserves x18..x30", "changed");
}

/* --- TRNG ---------------------------------------------------------------------------------- */

static void test_trng(void)
{
	bool has_rng = (read_sysreg(id_aa64isar0_el1) >> 60) & 0xf;
	u32 ids[] = {TRNG_VERSION, TRNG_FEATURES, TRNG_GET_UUID, TRNG_RND32, TRNG_RND64};
	struct regs r, r2;

	if (!has_rng) {
		for (unsigned i = 0; i < ARRAY_SIZE(ids); i++) {
			char name[80];
			format_buf(name, sizeof(name), "TRNG 0x%x NOT_SUPPORTED without FEAT_RNG",
				   ids[i]);
			s64 v =
			    call3(ids[i], ids[i] == TRNG_FEATURES ? TRNG_VERSION : 64, 0, 0, &r);
			check(v == SMCCC_NOT_SUPPORTED, name, "%ld", v);
		}
		return;
	}
	check(call1(TRNG_VERSION, 0) == TRNG_VERSION_1_0, "TRNG_VERSION 1.0", "wrong");
	for (unsigned i = 0; i < ARRAY_SIZE(ids); i++) {
		char name[64];
		format_buf(name, sizeof(name), "TRNG_FEATURES(0x%x) = 0", ids[i]);
		check(call1(TRNG_FEATURES, ids[i]) == 0, name, "not 0");
	}
	check(call1(TRNG_FEATURES, 0x84000054u) == SMCCC_NOT_SUPPORTED,
	      "TRNG_FEATURES(unknown) = -1", "not -1");
	call(&r, TRNG_GET_UUID, 0, NULL);
	check((u32)r.x[0] == 0x2f0c7e51u && (u32)r.x[1] == 0x4b39a6d2u &&
		  (u32)r.x[2] == 0x9e14c387u && (u32)r.x[3] == 0x5a7d02b6u,
	      "TRNG_GET_UUID", "0x%lx 0x%lx 0x%lx 0x%lx", r.x[0], r.x[1], r.x[2], r.x[3]);

	call3(TRNG_RND64, 192, 0, 0, &r);
	call3(TRNG_RND64, 192, 0, 0, &r2);
	check(r.x[0] == 0 && r2.x[0] == 0 && (r.x[1] != r2.x[1] || r.x[3] != r2.x[3]) &&
		  (r.x[1] | r.x[2] | r.x[3]) != 0,
	      "TRNG_RND64 192 bits, fresh each call", "0x%lx 0x%lx 0x%lx", r.x[1], r.x[2], r.x[3]);
	check(changed_from(&r, 4, 0, NULL) < 0, "TRNG_RND64 preserves x4..x30", "changed");
	/* Packing: the low bits in x3, upward; nothing above N. Several tries, as any single
	 * random value could happen to be zero. */
	bool x3_used = false, x2_used = false, over = false;
	for (unsigned t = 0; t < 8; t++) {
		call3(TRNG_RND64, 65, 0, 0, &r);
		over |= r.x[0] != 0 || r.x[1] != 0 || r.x[2] > 1;
		x3_used |= r.x[3] >> 32 != 0;
		x2_used |= r.x[2] == 1;
	}
	check(!over && x3_used && x2_used, "TRNG_RND64 65 bits = 64 in x3, 1 in x2, x1 zero",
	      "last 0x%lx 0x%lx 0x%lx", r.x[1], r.x[2], r.x[3]);
	over = false;
	bool seen = false;
	for (unsigned t = 0; t < 8; t++) {
		call3(TRNG_RND32, (u64)7 << 32 | 40, 0, 0, &r);
		over |= r.x[0] != 0 || r.x[1] != 0 || r.x[2] > 0xff || r.x[3] > 0xffffffffu;
		seen |= r.x[2] != 0;
	}
	check(!over && seen, "TRNG_RND32 40 bits (upper x1 bits ignored) = 32 in w3, 8 in w2",
	      "last 0x%lx 0x%lx 0x%lx", r.x[1], r.x[2], r.x[3]);
	call3(TRNG_RND32, 96, 0, 0, &r);
	check(r.x[0] == 0 && (r.x[1] | r.x[2] | r.x[3]) >> 32 == 0, "TRNG_RND32 96 bits in w1..w3",
	      "0x%lx 0x%lx 0x%lx", r.x[1], r.x[2], r.x[3]);
	check(call1(TRNG_RND64, 0) == SMCCC_INVALID_PARAMETER, "TRNG_RND64 0 bits invalid", "");
	check(call1(TRNG_RND64, 193) == SMCCC_INVALID_PARAMETER, "TRNG_RND64 193 bits invalid", "");
	check(call1(TRNG_RND32, 0) == SMCCC_INVALID_PARAMETER, "TRNG_RND32 0 bits invalid", "");
	check(call1(TRNG_RND32, 97) == SMCCC_INVALID_PARAMETER, "TRNG_RND32 97 bits invalid", "");
	check(call1(TRNG_RND64 | SMCCC_SVE_HINT, 8) == 0, "TRNG_RND64 with SVE hint", "not 0");
}

/* --- SiP ----------------------------------------------------------------------------------- */

static void derive(const char *label, u64 key[4])
{
	u64 a[4] = {0, 0, 0, 0};
	struct regs r;

	for (unsigned i = 0; label[i] && i < 32; i++)
		a[i / 8] |= (u64)(u8)label[i] << (8 * (i % 8));
	call(&r, SIP_DERIVE_KEY64, 4, a);
	for (unsigned i = 0; i < 4; i++)
		key[i] = r.x[0] == 0 ? r.x[1 + i] : 0;
}

static void test_sip(void)
{
	struct regs r;
	u64 k1[4], k2[4], k3[4];

	check(call1(SIP_CALL_COUNT, 0) == SIP_FUNCTION_COUNT, "SiP call count", "wrong");
	call(&r, SIP_UID, 0, NULL);
	check(r.x[0] == SIP_UID_W0 && r.x[1] == SIP_UID_W1 && r.x[2] == SIP_UID_W2 &&
		  r.x[3] == SIP_UID_W3,
	      "SiP UID", "0x%lx 0x%lx 0x%lx 0x%lx", r.x[0], r.x[1], r.x[2], r.x[3]);
	call(&r, SIP_REVISION, 0, NULL);
	check(r.x[0] == SIP_REVISION_MAJOR && r.x[1] == SIP_REVISION_MINOR, "SiP revision",
	      "%lu.%lu", r.x[0], r.x[1]);

	u64 lbl[4] = {0x6b736964, 0, 0, 0};
	if ((read_sysreg(id_aa64isar0_el1) >> 60) & 0xf) {
		derive("disk-encryption", k1);
		derive("disk-encryption", k2);
		derive("attestation", k3);
		check(memcmp(k1, k2, sizeof(k1)) == 0 && (k1[0] | k1[1] | k1[2] | k1[3]) != 0,
		      "SiP derive key, same label, same nonzero key", "0x%lx vs 0x%lx", k1[0],
		      k2[0]);
		check(k1[0] != k3[0] && k1[3] != k3[3] && k1[0] != k1[1],
		      "SiP derive key, other label, other key", "0x%lx", k3[0]);
		call(&r, SIP_DERIVE_KEY64, 4, lbl);
		check(changed_from(&r, 5, 0, NULL) < 0, "SiP derive key preserves x5..x30",
		      "changed");
	} else {
		/* No entropy source, so no device secret: no key at all, not a public one. */
		call(&r, SIP_DERIVE_KEY64, 4, lbl);
		check(r.x[0] == (u64)(s64)SMCCC_NOT_SUPPORTED && changed_from(&r, 1, 4, lbl) < 0,
		      "SiP derive key refused without an entropy source", "x0 0x%lx x1 0x%lx",
		      r.x[0], r.x[1]);
	}
	check(call1(SIP_DERIVE_KEY64 & ~SMCCC_SMC64, 0) == SMCCC_NOT_SUPPORTED,
	      "SiP derive key has no SMC32 form", "not -1");

	call3(SIP_MONOTONIC_READ64, 3, 0, 0, &r);
	u64 before = r.x[1];
	bool ok = r.x[0] == 0;
	call3(SIP_MONOTONIC_INCREMENT64, 3, 0, 0, &r);
	ok &= r.x[0] == 0 && r.x[1] == before + 1;
	call3(SIP_MONOTONIC_INCREMENT64, 3, 0, 0, &r);
	ok &= r.x[0] == 0 && r.x[1] == before + 2;
	call3(SIP_MONOTONIC_READ64, 3, 0, 0, &r);
	ok &= r.x[0] == 0 && r.x[1] == before + 2;
	call3(SIP_MONOTONIC_READ64, 4, 0, 0, &r);
	check(ok && r.x[0] == 0 && r.x[1] == 0, "SiP monotonic counter read/increment",
	      "before %lu after 0x%lx", before, r.x[1]);
	check(call1(SIP_MONOTONIC_READ64, SIP_MONOTONIC_COUNT) == SMCCC_INVALID_PARAMETER &&
		  call1(SIP_MONOTONIC_INCREMENT64, (u64)1 << 32) == SMCCC_INVALID_PARAMETER,
	      "SiP monotonic counter bad index invalid", "not -3");

	u64 in[17];
	for (unsigned i = 0; i < 17; i++)
		in[i] = 0x0f1e2d3c4b5a6978ull * (i + 3);
	call(&r, SIP_REG_TEST64, 17, in);
	int bad = -1;
	for (unsigned i = 1; i <= 17 && bad < 0; i++)
		if (r.x[i] != (~in[i - 1] ^ (i * SIP_REG_TEST_STEP)))
			bad = (int)i;
	check(r.x[0] == 0 && bad < 0, "SiP register test SMC64 x1..x17 in and out", "x%d", bad);
	check(changed_from(&r, 18, 0, NULL) < 0, "SiP register test SMC64 preserves x18..x30",
	      "changed");
	call(&r, SIP_REG_TEST, 17, in);
	bad = -1;
	for (unsigned i = 1; i <= 7 && bad < 0; i++)
		if (r.x[i] != (u32)(~in[i - 1] ^ (i * SIP_REG_TEST_STEP)))
			bad = (int)i;
	for (unsigned i = 8; i <= 17 && bad < 0; i++)
		if (r.x[i] != in[i - 1])
			bad = (int)i;
	check(r.x[0] == 0 && bad < 0, "SiP register test SMC32 low halves of x1..x7, x8..x17 kept",
	      "x%d", bad);
}

/* --- call counters ------------------------------------------------------------------------- */

static u64 count_of(u32 fid)
{
	struct regs r;

	call3(SIP_CALL_COUNTER_GET64, fid, 0, 0, &r);
	return r.x[0] == 0 ? r.x[1] : ~0ull;
}

static void test_call_counters(void)
{
	check(call1(SIP_CALL_COUNTER_RESET, 0) == 0, "call counters reset", "not 0");
	check(count_of(PSCI_VERSION) == 0 && count_of(UNKNOWN_FID) == 0,
	      "call counters zero after reset", "PSCI_VERSION %lu", count_of(PSCI_VERSION));
	for (unsigned i = 0; i < 3; i++)
		call1(PSCI_VERSION, 0);
	call1(UNKNOWN_FID, 0);
	call1(0x80020000u, 0);
	call1(0x04000000u, 0);
	smc_imm1(0x8f005678u);
	check(count_of(PSCI_VERSION) == 3, "call counter counts PSCI_VERSION", "%lu",
	      count_of(PSCI_VERSION));
	check(count_of(UNKNOWN_FID) == 1 && count_of(0x80020000u) == 1 &&
		  count_of(0x04000000u) == 1 && count_of(0x8f005678u) == 1,
	      "call counter counts unknown, malformed, yielding and smc #1 calls", "%lu %lu %lu",
	      count_of(UNKNOWN_FID), count_of(0x80020000u), count_of(0x04000000u));
	check(count_of(0x8f00ffffu) == 0, "call counter a never-called ID is 0", "nonzero");
	u64 self = count_of(SIP_CALL_COUNTER_GET64);
	check(count_of(SIP_CALL_COUNTER_GET64) == self + 1, "call counter query counts itself",
	      "%lu", self);
	struct regs r;
	call3(SIP_CALL_COUNTER_GET, (u64)0xffff << 32 | PSCI_VERSION, 0, 0, &r);
	check(r.x[0] == 0 && r.x[1] == 3, "call counter SMC32 query", "x0 0x%lx x1 %lu", r.x[0],
	      r.x[1]);
	call3(SIP_CALL_COUNTER_GET64, PSCI_VERSION, 0, 0, &r);
	check(r.x[2] == 0, "call counter nothing untracked", "%lu", r.x[2]);
	call1(SIP_CALL_COUNTER_RESET, 0);
	check(count_of(PSCI_VERSION) == 0, "call counters reset again", "nonzero");
}

/* --- PSCI ---------------------------------------------------------------------------------- */

struct mailbox {
	volatile u64 context_id;
	volatile u64 current_el;
	volatile u64 sctlr;
	volatile u32 arrived;
	volatile u32 command; /* 1: CPU_OFF, 2: one SiP register test then wait */
	volatile s64 off_result;
	volatile u32 smc_done;
};
static struct mailbox mailbox[MAX_CPUS];

void secondary_main(u64 context_id, u64 cpu, u64 current_el, u64 sctlr)
{
	struct mailbox *m = &mailbox[cpu];

	m->context_id = context_id;
	m->current_el = current_el;
	m->sctlr = sctlr;
	__asm__ volatile("dsb sy" ::: "memory");
	m->arrived = 1;
	for (;;) {
		u32 cmd = m->command;
		if (cmd == 1) {
			m->command = 0;
			m->arrived = 0;
			m->off_result = (s64)smc_fast(PSCI_CPU_OFF);
			/* CPU_OFF returned: that is a failure the boot CPU will see. */
			for (;;)
				;
		} else if (cmd == 2) {
			m->command = 0;
			smc_fast(SIP_REG_TEST64);
			m->smc_done = 1;
		}
		__asm__ volatile("yield"); /* let other CPUs run under QEMU -icount */
	}
}

/* How long a secondary CPU may take before the test calls it hung: generous, because QEMU runs
 * each CPU as a host thread and a loaded host (CI runs two QEMUs on two cores) can stall one for
 * a long time. A hang guard, not a timing assertion. */
#define HANG_MS 15000

static bool wait_for(volatile u32 *flag, u32 value, u64 ms)
{
	u64 end = now() + ms * ticks_per_ms();

	while (*flag != value) {
		if (now() > end)
			return false;
		/* Under QEMU -icount (one thread for all CPUs) let the others run. */
		__asm__ volatile("yield");
	}
	return true;
}

static bool wait_affinity(u64 mpidr, s64 state, u64 ms)
{
	u64 end = now() + ms * ticks_per_ms();

	while (call3(PSCI_AFFINITY_INFO64, mpidr, 0, 0, &(struct regs){0}) != state) {
		if (now() > end)
			return false;
		__asm__ volatile("yield");
	}
	return true;
}

static void test_psci_info(void)
{
	check(call1(PSCI_VERSION, 0) == PSCI_VERSION_1_1, "PSCI_VERSION 1.1", "wrong");
	u32 impl[] = {PSCI_VERSION,	      PSCI_CPU_OFF,	  PSCI_CPU_ON,
		      PSCI_CPU_ON64,	      PSCI_AFFINITY_INFO, PSCI_AFFINITY_INFO64,
		      PSCI_MIGRATE_INFO_TYPE, PSCI_SYSTEM_OFF,	  PSCI_SYSTEM_RESET,
		      PSCI_FEATURES,	      SMCCC_VERSION};
	for (unsigned i = 0; i < ARRAY_SIZE(impl); i++) {
		char name[64];
		format_buf(name, sizeof(name), "PSCI_FEATURES(0x%x) = 0", impl[i]);
		s64 v = call1(PSCI_FEATURES, impl[i]);
		check(v == 0, name, "%ld", v);
	}
	check(call1(PSCI_FEATURES, PSCI_CPU_SUSPEND) == 0 &&
		  call1(PSCI_FEATURES, PSCI_CPU_SUSPEND64) == 0,
	      "PSCI_FEATURES(CPU_SUSPEND) = 0 (original format, no OSI)", "wrong");
	u32 unimpl[] = {PSCI_CPU_FREEZE,    PSCI_SYSTEM_SUSPEND, PSCI_MIGRATE,
			PSCI_SYSTEM_RESET2, TRNG_VERSION,	 0x84000020u};
	for (unsigned i = 0; i < ARRAY_SIZE(unimpl); i++) {
		char name[64];
		format_buf(name, sizeof(name), "PSCI_FEATURES(0x%x) = -1", unimpl[i]);
		check(call1(PSCI_FEATURES, unimpl[i]) == PSCI_NOT_SUPPORTED, name, "not -1");
	}
	check(call1(PSCI_MIGRATE_INFO_TYPE, 0) == PSCI_TOS_NOT_PRESENT_MP, "MIGRATE_INFO_TYPE = 2",
	      "wrong");
	check(call1(PSCI_SYSTEM_SUSPEND, 0x40200000) == PSCI_NOT_SUPPORTED,
	      "SYSTEM_SUSPEND not supported", "not -1");
	check(call1(PSCI_CPU_SUSPEND, 0x10000) == PSCI_INVALID_PARAMETERS,
	      "CPU_SUSPEND power-down state refused", "not -2");
	check(call1(PSCI_CPU_SUSPEND, 0x1000000) == PSCI_INVALID_PARAMETERS,
	      "CPU_SUSPEND affinity level 1 refused", "not -2");
	struct regs r;
	check(call3(PSCI_AFFINITY_INFO64, 0, 0, 0, &r) == PSCI_AFFINITY_ON,
	      "AFFINITY_INFO(self) ON", "not 0");
	check(call3(PSCI_AFFINITY_INFO, (u64)0xabc << 32, 0, 0, &r) == PSCI_AFFINITY_ON,
	      "AFFINITY_INFO SMC32 ignores upper bits", "not 0");
	check(call3(PSCI_AFFINITY_INFO64, 0, 1, 0, &r) == PSCI_INVALID_PARAMETERS,
	      "AFFINITY_INFO level 1 invalid", "not -2");
	check(call3(PSCI_AFFINITY_INFO64, 0x100, 0, 0, &r) == PSCI_INVALID_PARAMETERS,
	      "AFFINITY_INFO unknown MPIDR invalid", "not -2");
}

static void test_cpu_on(void)
{
	struct regs r;
	u64 entry = (u64)secondary_entry;
	const u64 ctx1 = 0xc0ffee0000000001ull, ctx2 = 0x00000000feed0002ull;

	check(call3(PSCI_AFFINITY_INFO64, 1, 0, 0, &r) == PSCI_AFFINITY_OFF,
	      "AFFINITY_INFO(cpu 1) OFF before CPU_ON", "x0 %ld", (s64)r.x[0]);
	u64 bad_mpidr[] = {8, 0xff, 0x100, 0x10000, (u64)1 << 32, (u64)1 << 24 | 1, (u64)1 << 40};
	for (unsigned i = 0; i < ARRAY_SIZE(bad_mpidr); i++) {
		char name[64];
		format_buf(name, sizeof(name), "CPU_ON MPIDR 0x%lx invalid", bad_mpidr[i]);
		s64 v = call3(PSCI_CPU_ON64, bad_mpidr[i], entry, 0, &r);
		check(v == PSCI_INVALID_PARAMETERS, name, "%ld", v);
	}
	u64 bad_entry[] = {0, 0x0e000000, 0x3ffffffc, dram_end, entry + 2, (u64)1 << 40};
	for (unsigned i = 0; i < ARRAY_SIZE(bad_entry); i++) {
		char name[64];
		format_buf(name, sizeof(name), "CPU_ON entry 0x%lx invalid address", bad_entry[i]);
		s64 v = call3(PSCI_CPU_ON64, 1, bad_entry[i], 0, &r);
		check(v == PSCI_INVALID_ADDRESS, name, "%ld", v);
	}
	check(call3(PSCI_CPU_ON64, 0, entry, 0, &r) == PSCI_ALREADY_ON, "CPU_ON(self) ALREADY_ON",
	      "%ld", (s64)r.x[0]);

	s64 v = call3(PSCI_CPU_ON64, 1, entry, ctx1, &r);
	check(v == PSCI_SUCCESS && changed_from(&r, 4, 3, (u64[]){1, entry, ctx1}) < 0,
	      "CPU_ON(cpu 1) succeeds", "%ld", v);
	s64 again = call3(PSCI_CPU_ON64, 1, entry, ctx1, &r);
	check(again == PSCI_ALREADY_ON || again == PSCI_ON_PENDING,
	      "CPU_ON(cpu 1) again gives ALREADY_ON or ON_PENDING", "%ld", again);
	if (check(wait_for(&mailbox[1].arrived, 1, HANG_MS), "cpu 1 reports in", "timeout")) {
		check(mailbox[1].context_id == ctx1, "cpu 1 got its context id", "0x%lx",
		      mailbox[1].context_id);
		check(mailbox[1].current_el == 8 && (mailbox[1].sctlr & 1) == 0,
		      "cpu 1 started at EL2 with the MMU off", "CurrentEL 0x%lx SCTLR 0x%lx",
		      mailbox[1].current_el, mailbox[1].sctlr);
	}
	check(wait_affinity(1, PSCI_AFFINITY_ON, HANG_MS), "AFFINITY_INFO(cpu 1) ON after CPU_ON",
	      "not ON");
	check(call3(PSCI_CPU_ON64, 1, entry, 0, &r) == PSCI_ALREADY_ON,
	      "CPU_ON(cpu 1) while on gives ALREADY_ON", "%ld", (s64)r.x[0]);

	mailbox[1].command = 1;
	check(wait_affinity(1, PSCI_AFFINITY_OFF, HANG_MS), "CPU_OFF then AFFINITY_INFO(cpu 1) OFF",
	      "still on, CPU_OFF returned %ld", mailbox[1].off_result);
	/* On again, through the SMC32 form with garbage in the upper halves. */
	v = call3(PSCI_CPU_ON, (u64)0xdead << 32 | 1, (u64)0xbeef << 32 | entry,
		  (u64)0x5555 << 32 | ctx2, &r);
	check(v == PSCI_SUCCESS, "CPU_ON (SMC32, upper bits set) after CPU_OFF", "%ld", v);
	if (check(wait_for(&mailbox[1].arrived, 1, HANG_MS), "cpu 1 reports in again", "timeout"))
		check(mailbox[1].context_id == ctx2, "cpu 1 got the 32-bit context id", "0x%lx",
		      mailbox[1].context_id);

	/* Two more CPUs, and SMCs from three CPUs in the call counters. */
	bool up = true;
	for (u64 cpu = 2; cpu < 4; cpu++) {
		u64 t0 = now();
		s64 on = call3(PSCI_CPU_ON64, cpu, entry, cpu, &r);
		bool in = wait_for(&mailbox[cpu].arrived, 1, HANG_MS);
		char name[40];
		format_buf(name, sizeof(name), "CPU_ON cpu %lu, it reports in", cpu);
		up &= check(on == 0 && in && mailbox[cpu].context_id == cpu, name,
			    "CPU_ON %ld, arrived %d, context id 0x%lx, after %lu ticks", on, in,
			    mailbox[cpu].context_id, now() - t0);
	}
	call1(SIP_CALL_COUNTER_RESET, 0);
	for (u64 cpu = 1; cpu < 4; cpu++)
		mailbox[cpu].command = 2;
	for (u64 cpu = 1; cpu < 4; cpu++)
		up &= wait_for(&mailbox[cpu].smc_done, 1, HANG_MS);
	smc_fast(SIP_REG_TEST64);
	check(up && count_of(SIP_REG_TEST64) == 4, "call counters sum calls from every CPU", "%lu",
	      count_of(SIP_REG_TEST64));
	for (u64 cpu = 1; cpu < 4; cpu++)
		mailbox[cpu].command = 1;
	bool off = true;
	for (u64 cpu = 1; cpu < 4; cpu++)
		off &= wait_affinity(cpu, PSCI_AFFINITY_OFF, HANG_MS);
	check(off, "CPU_OFF cpus 1..3", "one still on");
}

/* CPU_SUSPEND (standby) returns once an interrupt is pending: the EL2 physical timer (PPI 26),
 * which also shows that EL3 made it non-secure Group 1 (ICC_IAR1_EL1 sees it). */
static void test_suspend_timer(void)
{
	volatile u32 *gicd = (volatile u32 *)0x08000000ul;
	volatile u32 *gicr = (volatile u32 *)0x080a0000ul;
	volatile u32 *sgi = (volatile u32 *)0x080b0000ul;

	check((gicr[0x14 / 4] & 6) == 0, "GIC redistributor awake (GICR_WAKER)", "0x%x",
	      gicr[0x14 / 4]);
	gicd[0] = (1u << 4) | (1u << 1); /* ARE_NS, EnableGrp1 (non-secure view) */
	while (gicd[0] & (1u << 31))
		;
	sgi[0x100 / 4] = 1u << 26;	  /* GICR_ISENABLER0 */
	write_sysreg(S3_0_C4_C6_0, 0xff); /* ICC_PMR_EL1 */
	write_sysreg(S3_0_C12_C12_7, 1);  /* ICC_IGRPEN1_EL1 */
	isb();
	u64 wait = 20 * ticks_per_ms();
	u64 start = now();
	write_sysreg(cnthp_tval_el2, wait);
	write_sysreg(cnthp_ctl_el2, 1);
	isb();
	s64 v = call1(PSCI_CPU_SUSPEND, 0);
	u64 waited = now() - start;
	u64 isr = read_sysreg(isr_el1);
	u64 intid = read_sysreg(S3_0_C12_C12_0); /* ICC_IAR1_EL1 */
	write_sysreg(cnthp_ctl_el2, 2);		 /* IMASK: stop it firing again */
	write_sysreg(S3_0_C12_C12_1, intid);	 /* ICC_EOIR1_EL1 */
	isb();
	check(v == 0 && waited >= wait, "CPU_SUSPEND standby returns after the timer fires",
	      "x0 %ld after %lu of %lu ticks", v, waited, wait);
	check((isr & 0x80) && intid == 26, "GIC EL2 timer PPI 26 pending as NS Group 1 IRQ",
	      "ISR_EL1 0x%lx IAR1 %lu", isr, intid);
	gicd[0] = 1u << 4;
}

/* Instructions of a PSCI_VERSION round trip, counted by the PMU (exact only under QEMU -icount;
 * without it INST_RETIRED reads 0 and the check is skipped). */
static void test_instruction_count(void)
{
	write_sysreg(pmcr_el0, 1);		     /* E */
	write_sysreg(pmevtyper0_el0, 1ul << 27 | 8); /* INST_RETIRED at EL2 (NSH) and EL3 */
	write_sysreg(pmcntenset_el0, 1);
	isb();
	u64 best = ~0ull, empty = ~0ull;
	for (unsigned i = 0; i < 4; i++) {
		u64 a = read_sysreg(pmevcntr0_el0);
		u64 b = read_sysreg(pmevcntr0_el0);
		smc_fast(PSCI_VERSION);
		u64 c = read_sysreg(pmevcntr0_el0);
		if (b - a < empty)
			empty = b - a;
		if (c - b < best)
			best = c - b;
	}
	write_sysreg(pmcntenclr_el0, 1);
	if (best == 0 || empty == 0) {
		print("[INFO] PMU counts no instructions (run with -icount for counts)\n");
		return;
	}
	u64 n = best - empty;
	print("[INFO] PSCI_VERSION round trip: %lu instructions (EL2 -> EL3 -> EL2)\n", n);
	check(n <= 90, "PSCI_VERSION round trip <= 90 instructions", "%lu", n);
}

void el2_main(void)
{
	print("el2 tests: started at EL2, dtb 0x%lx\n", boot_regs[0]);
	if (EL2_TEST_RESET) {
		check(call1(PSCI_VERSION, 0) == PSCI_VERSION_1_1, "PSCI_VERSION 1.1", "wrong");
		print("el2 tests: calling SYSTEM_RESET\n");
		smc_fast(PSCI_SYSTEM_RESET);
		check(false, "SYSTEM_RESET does not return", "it returned");
		for (;;)
			;
	}
	test_boot_state();
	test_cpu_features();
	test_arch();
	test_soc_id();
	test_trng();
	test_sip();
	test_call_counters();
	test_psci_info();
	test_cpu_on();
	test_suspend_timer();
	test_instruction_count();
	print("el2 tests: %u failed\n", failures);
	print("[DONE]\n");
	smc_fast(PSCI_SYSTEM_OFF);
	check(false, "SYSTEM_OFF does not return", "it returned");
	for (;;)
		;
}
