/* Test guest (issue 6 item 5): a bare-metal EL1 program that checks the VMM's PSCI and SMCCC
 * emulation, its forward/deny policy, vCPU start-up (including two vCPUs racing to start a
 * third), FP/SIMD state across VMM round trips, the virtual timer through the GIC, and
 * SYSTEM_RESET, through both the smc and the hvc conduit. One `[PASS] name` or
 * `[FAIL] name: detail` line per check; `[DONE]` at the end, then PSCI SYSTEM_OFF.
 *
 * What to expect comes from the DTB's /chosen/bootargs (the VM's `cmdline`), so one binary
 * serves every policy:
 *   expect-trng=forward      TRNG is forwarded to the project's monitor: TRNG_VERSION is 1.0
 *                            when the CPU has FEAT_RNG (ID_AA64ISAR0_EL1.RNDR), else -1
 *   expect-trng=unsupported  forwarded, but the firmware has no TRNG (QEMU's own): -1
 *   expect-trng=deny         the policy denies TRNG: -1, argument registers untouched
 *   psci=smc|hvc             the method the DTB's psci node must name
 *   soc=emulate|forward|deny SMCCC_ARCH_SOC_ID as the policy gives it: the VMM's virtual
 *                            platform, the project's monitor's SoC, or NOT_SUPPORTED
 *   soc=unsupported          forwarded to firmware without SoC ID (QEMU's, TF-A's): -1
 *   beacon                   last of all, call SIP_CALL_COUNT (0x8200ff00), which the policy
 *                            forwards, so a checker at EL0 can count finished guests at EL3
 *   direct                   running on QEMU's own PSCI without a VMM (-M virt with neither
 *                            EL2 nor EL3: only hvc, PSCI only): skips what only a VMM does
 *   demo                     no checks: a short, readable tour for `make run` (one call
 *                            of each kind the policy has, a second vCPU, SYSTEM_OFF)
 *   probe=unmapped|actlr     one access the VMM must refuse (tests/system/vm-stop.xml)
 *
 * The TRNG calls are made a fixed number of times (TRNG_VERSION and TRNG_RND64 once per
 * conduit, plus the reserved-immediate variants that must never leave the VMM), so
 * user/vmcheck can compare the monitor's call counters with exactly what a guest made.
 *
 * To run it without a VMM:
 *   qemu-system-aarch64 -M virt,gic-version=3 -cpu max -smp 4 -m 256 -nographic -net none \
 *     -kernel build/guests/testguest.bin -append "direct expect-trng=unsupported psci=hvc"
 * (QEMU 7.2's own PSCI sometimes lets both racing CPU_ONs succeed, so cpu-on-race-one-winner
 * can fail there; under the VMM it must not.)
 */
#include <guest.h>
#include <warden/fdt.h>
#include <warden/format.h>
#include <warden/sip.h>
#include <warden/smccc.h>
#include <warden/string.h>

#include "vgic.h"

#define MIN_CPUS 4
#define HOTPLUG_CYCLES 6
#define RESET_MAGIC 0x7265736574666c67ul /* "resetflg" */
#define CTX(target, starter) (0x5157000000000000ul | (u64)(starter) << 8 | (target))
#define TIMEOUT_MS 5000
#define NOT_SUPPORTED ((u64)(s64)SMCCC_NOT_SUPPORTED)
#define FP_STALE_SEED 0x5eed0f0f00000000ul

/* Survives SYSTEM_RESET: outside the raw image, which is all the VMM restores. */
static struct {
	u64 magic;
	u64 first_boot_checks, first_boot_failures;
	u64 kaslr_seed, rng_seed_head; /* the first boot's, to compare after the reset */
} reset_state __attribute__((section(".noinit")));

/* Part of the image: SYSTEM_RESET must bring back this initial value. */
static volatile u64 data_canary = 0x1234abcd5678ef00ul;

/* Per-vCPU state, written by that vCPU, read by vCPU 0. */
struct cpu_state {
	volatile u64 ctx, mpidr;
	volatile u32 starts;
	volatile u32 off_req;
	volatile u32 ready, race_done;
	volatile s64 race_ret;
	volatile u32 fp_done, fp_bad_reg;
	volatile u64 fp_bad_value;
	volatile s64 version_ret;
	volatile s64 off_ret;
	/* The WFI checks on a secondary vCPU (wfi_secondary): */
	volatile u32 wfi_timer_done, wfi_timer_wakes, wfi_sgi_ready, wfi_sgi_done, wfi_sgi_wakes;
	volatile u32 wfi_sgi_intid;
	volatile u64 wfi_timer_took;
};
static struct cpu_state cpus[GUEST_MAX_CPUS];
static volatile u32 race_go;

static struct dtb_info dtb;
static unsigned conduits = CONDUIT_SMC | CONDUIT_HVC;
static bool direct, beacon, demo, trng_forward, trng_unsupported;

/* Spin-wait hint. wfe, not yield: under Warden the VMM gets WFx traps and resumes the vCPU
 * (a nop), but the trap lets the other vCPUs of the same priority run, where a spinning vCPU
 * would hold the physical CPU for a whole scheduler tick. publish() pairs it with sev. */
static void relax(void)
{
	__asm__ volatile("wfe" ::: "memory");
}

static void publish(volatile u32 *flag, u32 value)
{
	__atomic_store_n(flag, value, __ATOMIC_RELEASE);
	__asm__ volatile("dsb ish; sev" ::: "memory");
}

/* Spins until *flag is nonzero or TIMEOUT_MS pass. */
static bool wait_for(volatile u32 *flag, u32 value)
{
	u64 end = now_ticks() + ms_to_ticks(TIMEOUT_MS);

	while (__atomic_load_n(flag, __ATOMIC_ACQUIRE) < value)
		if (now_ticks() > end)
			return false;
		else
			relax();
	return true;
}

#define CHECKC(c, base, cond, ...)                                                                 \
	({                                                                                         \
		char _n[64];                                                                       \
		format_buf(_n, sizeof(_n), "%s-%s", base, conduit_name(c));                        \
		check(cond, _n, __VA_ARGS__);                                                      \
	})

#define FOR_EACH_CONDUIT(c)                                                                        \
	for (unsigned c = CONDUIT_SMC; c <= CONDUIT_HVC; c <<= 1)                                  \
		if (conduits & c)

static bool cpu_has_rng(void)
{
	return ((sysreg_read(id_aa64isar0_el1) >> 60) & 0xf) != 0;
}

/* ---- SMCCC and PSCI information calls --------------------------------------------------- */

static void expect_x0(unsigned c, const char *name, u64 fid, u64 a1, u64 want)
{
	u64 got = (u64)call3(c, fid, a1, 0, 0);
	CHECKC(c, name, got == want, "fid 0x%lx(0x%lx) = 0x%lx, want 0x%lx", fid, a1, got, want);
}

/* The CPU workaround calls: the kernel does nothing for Spectre v2, v4 or BHB on a guest's
 * behalf, so ARCH_FEATURES says NOT_SUPPORTED for all three (docs/vmm.md). */
static void test_workarounds(unsigned c)
{
	expect_x0(c, "arch-features-workaround-1", SMCCC_ARCH_FEATURES, SMCCC_ARCH_WORKAROUND_1,
		  NOT_SUPPORTED);
	expect_x0(c, "arch-features-workaround-2", SMCCC_ARCH_FEATURES, SMCCC_ARCH_WORKAROUND_2,
		  NOT_SUPPORTED);
	expect_x0(c, "arch-features-workaround-3", SMCCC_ARCH_FEATURES, SMCCC_ARCH_WORKAROUND_3,
		  NOT_SUPPORTED);
}

/* SoC ID as the cmdline's soc= says the policy gives it: emulate (the VMM's virtual platform),
 * forward (the project's monitor's answer) or deny. */
enum { SOC_UNCHECKED, SOC_EMULATE, SOC_FORWARD, SOC_DENY };
static unsigned soc_mode;

static void test_soc_id(unsigned c)
{
	static const char *const names[] = {"", "Warden virtual machine (QEMU virt-like)",
					    "QEMU virt (Warden monitor)"};
	static const u64 versions[] = {0, 0x043b5756, 0x043b5744};
	struct smccc r;
	char name[7 * 8 + 1];

	if (soc_mode == SOC_UNCHECKED)
		return;
	if (soc_mode == SOC_DENY) {
		expect_x0(c, "arch-features-soc-id-denied", SMCCC_ARCH_FEATURES, SMCCC_ARCH_SOC_ID,
			  NOT_SUPPORTED);
		expect_x0(c, "soc-id-denied", SMCCC_ARCH_SOC_ID, 0, NOT_SUPPORTED);
		return;
	}
	expect_x0(c, "arch-features-soc-id", SMCCC_ARCH_FEATURES, SMCCC_ARCH_SOC_ID, 0);
	expect_x0(c, "soc-id-version", SMCCC_ARCH_SOC_ID, 0, versions[soc_mode]);
	expect_x0(c, "soc-id-revision", SMCCC_ARCH_SOC_ID, 1, 1);
	expect_x0(c, "soc-id-bad-type", SMCCC_ARCH_SOC_ID, 7, (u64)SMCCC_INVALID_PARAMETER);
	r = (struct smccc){{SMCCC_ARCH_SOC_ID64, 2, 0, 0, 0, 0, 0, 0}};
	smccc_call(c, 0, &r);
	for (unsigned i = 0; i < 7 * 8; i++)
		name[i] = (char)(r.x[1 + i / 8] >> (8 * (i % 8)));
	name[7 * 8] = 0;
	CHECKC(c, "soc-id-name", r.x[0] == 0 && strcmp(name, names[soc_mode]) == 0,
	       "x0 0x%lx, name \"%s\"", r.x[0], name);
}

static void test_info_calls(unsigned c)
{
	struct smccc r;

	expect_x0(c, "psci-version", PSCI_VERSION, 0, PSCI_VERSION_1_1);
	if (!direct)
		expect_x0(c, "psci-features-smccc-version", PSCI_FEATURES, SMCCC_VERSION, 0);
	expect_x0(c, "psci-features-cpu-on", PSCI_FEATURES, PSCI_CPU_ON64, 0);
	expect_x0(c, "psci-features-unknown", PSCI_FEATURES, 0x8400001eu, NOT_SUPPORTED);
	if (!direct) { /* QEMU's own PSCI (7.2) answers PSCI only */
		expect_x0(c, "smccc-version", SMCCC_VERSION, 0, SMCCC_VERSION_1_2);
		expect_x0(c, "arch-features-arch-features", SMCCC_ARCH_FEATURES,
			  SMCCC_ARCH_FEATURES, 0);
	}
	expect_x0(c, "arch-features-unknown", SMCCC_ARCH_FEATURES, 0x8000abcdu, NOT_SUPPORTED);
	expect_x0(c, "migrate-info-type", PSCI_MIGRATE_INFO_TYPE, 0, PSCI_TOS_NOT_PRESENT_MP);
	expect_x0(c, "affinity-info-self", PSCI_AFFINITY_INFO, 0, PSCI_AFFINITY_ON);
	if (!direct) { /* QEMU's own PSCI uses whole registers */
		/* SMC32: only the low 32 bits of an argument count. */
		expect_x0(c, "smc32-arg-upper-bits-ignored", PSCI_FEATURES,
			  0xffffffff00000000ul | SMCCC_VERSION, 0);
		/* The function ID is w0: the upper half of x0 does not count either. */
		expect_x0(c, "fid-upper-bits-ignored", 0xffffffff00000000ul | PSCI_VERSION, 0,
			  PSCI_VERSION_1_1);
	}

	/* SMCCC 1.1+: x4..x7 come back as they went in. */
	r = (struct smccc){{PSCI_VERSION, 0, 0, 0, 0x4444444444444444ul, 0x5555555555555555ul,
			    0x6666666666666666ul, 0x7777777777777777ul}};
	smccc_call(c, 0, &r);
	CHECKC(c, "x4-x7-preserved",
	       r.x[0] == PSCI_VERSION_1_1 && r.x[4] == 0x4444444444444444ul &&
		   r.x[5] == 0x5555555555555555ul && r.x[6] == 0x6666666666666666ul &&
		   r.x[7] == 0x7777777777777777ul,
	       "x0 0x%lx x4 0x%lx x5 0x%lx x6 0x%lx x7 0x%lx", r.x[0], r.x[4], r.x[5], r.x[6],
	       r.x[7]);

	if (!direct) {
		test_workarounds(c);
		test_soc_id(c);
	}

	/* A nonzero immediate is reserved: -1, whatever the function (the TRNG one must not
	 * even leave the VMM, which user/vmcheck verifies at EL3). */
	if (!direct) {
		r = (struct smccc){{PSCI_VERSION, 0, 0, 0, 0, 0, 0, 0}};
		smccc_call(c, 1, &r);
		CHECKC(c, "nonzero-immediate-psci", r.x[0] == NOT_SUPPORTED, "x0 0x%lx", r.x[0]);
		r = (struct smccc){{TRNG_VERSION, 0, 0, 0, 0, 0, 0, 0}};
		smccc_call(c, 1, &r);
		CHECKC(c, "nonzero-immediate-trng", r.x[0] == NOT_SUPPORTED, "x0 0x%lx", r.x[0]);
	}
}

/* ---- the policy: deny and forward ------------------------------------------------------ */

/* A denied call: -1 in x0, argument registers untouched. */
static void expect_denied(unsigned c, const char *name, u64 fid)
{
	struct smccc r = {
	    {fid, 0x1111111111111111ul, 0x2222222222222222ul, 0x3333333333333333ul, 0, 0, 0, 0}};

	smccc_call(c, 0, &r);
	CHECKC(c, name,
	       r.x[0] == NOT_SUPPORTED && r.x[1] == 0x1111111111111111ul &&
		   r.x[2] == 0x2222222222222222ul && r.x[3] == 0x3333333333333333ul,
	       "fid 0x%lx: x0 0x%lx x1 0x%lx x2 0x%lx x3 0x%lx", fid, r.x[0], r.x[1], r.x[2],
	       r.x[3]);
}

static void test_denied(unsigned c)
{
	if (direct)
		return;
	expect_denied(c, "deny-sip-uid", SIP_UID);
	expect_denied(c, "deny-sip-counter", SIP_CALL_COUNTER_GET);
	expect_denied(c, "deny-unlisted-oem", 0x83000000u);
	expect_denied(c, "deny-yielding-call", OPTEE_CALL_WITH_ARG);
}

static u64 trng_bits[2];
static unsigned trng_samples;

static void test_trng(unsigned c)
{
	bool available = trng_forward && cpu_has_rng();
	u64 want = available ? TRNG_VERSION_1_0 : NOT_SUPPORTED;

	if (!trng_forward && !trng_unsupported) {
		expect_denied(c, "trng-version-denied", TRNG_VERSION);
		expect_denied(c, "trng-rnd64-denied", TRNG_RND64);
		return;
	}
	expect_x0(c, "trng-version", TRNG_VERSION, 0, want);
	struct smccc r = {{TRNG_RND64, 64, 0, 0, 0, 0, 0, 0}};
	smccc_call(c, 0, &r);
	if (available) {
		CHECKC(c, "trng-rnd64", r.x[0] == 0 && r.x[1] == 0 && r.x[2] == 0,
		       "x0 0x%lx x1 0x%lx x2 0x%lx x3 0x%lx", r.x[0], r.x[1], r.x[2], r.x[3]);
		if (trng_samples < 2)
			trng_bits[trng_samples++] = r.x[3];
	} else {
		CHECKC(c, "trng-rnd64-unsupported", r.x[0] == NOT_SUPPORTED, "x0 0x%lx", r.x[0]);
	}
}

/* ---- secondary vCPUs ---------------------------------------------------------------------- */

/* vCPUs 1 and 2: PSCI_VERSION through their own conduit, then (after vCPU 0 says go) both
 * start vCPU 3 at once, then the FP/SIMD round trip, then wait to be powered off. Every vCPU
 * started later just reports and waits. vCPU 0 checks what they recorded. */
/* ---- WFI on a secondary vCPU (test_wfi) ---------------------------------------------------- */

#define WFI_CTX(cpu) (0x5746490000000000ul | (cpu)) /* "WFI" */
#define IS_WFI_CTX(ctx) (((ctx) >> 40) == 0x574649ul)
#define WFI_SGI 5
#define GICR_SGI_FRAME(cpu) (GUEST_GICR_BASE + (cpu)*GUEST_GICR_STRIDE + 0x10000)
#define GICR_ISENABLER0_OF(cpu) (GICR_SGI_FRAME(cpu) + 0x100)
#define GICR_ICENABLER0_OF(cpu) (GICR_SGI_FRAME(cpu) + 0x180)
#define GICR_ISPENDR0_OF(cpu) (GICR_SGI_FRAME(cpu) + 0x200)

/* WFIs until the virtual timer's condition is met (interrupts masked: WFI still ends on the
 * pending interrupt, Arm ARM D1.16.2); how many WFIs it took. */
static u32 wfi_until_vtimer(void)
{
	u32 wakes = 0;

	while (!(sysreg_read(cntv_ctl_el0) & 4)) {
		__asm__ volatile("wfi" ::: "memory");
		wakes++;
	}
	return wakes;
}

/* The secondary's part of test_wfi, interrupts masked throughout: its own virtual timer ends a
 * WFI while vCPU 0 runs (so this vCPU is not loaded when the timer expires); then an SGI from
 * vCPU 0 ends one. */
static void wfi_secondary(struct cpu_state *s)
{
	unsigned me = cpu_index();

	vgic_cpu_setup(me);
	mmio_write32(GICR_ISENABLER0_OF(me), 1u << 27);
	u64 start = now_ticks();
	sysreg_write(cntv_tval_el0, ms_to_ticks(30));
	sysreg_write(cntv_ctl_el0, 1);
	isb();
	s->wfi_timer_wakes = wfi_until_vtimer();
	s->wfi_timer_took = now_ticks() - start;
	sysreg_write(cntv_ctl_el0, 0);
	isb();
	publish(&s->wfi_timer_done, 1);

	/* The interrupt the timer left pending goes once its line is sampled low (the tick); take
	 * whatever is pending before waiting for the SGI. */
	u64 end = now_ticks() + ms_to_ticks(30);
	while (now_ticks() < end)
		relax();
	for (u32 i; (i = (u32)sysreg_read(S3_0_C12_C12_0)) < 1020;) /* ICC_IAR1_EL1 */
		sysreg_write(S3_0_C12_C12_1, i);		    /* ICC_EOIR1_EL1 */
	u32 wakes = 0, intid = 1023;
	publish(&s->wfi_sgi_ready, 1);
	while (intid >= 1020) {
		__asm__ volatile("wfi" ::: "memory");
		wakes++;
		intid = (u32)sysreg_read(S3_0_C12_C12_0); /* ICC_IAR1_EL1 */
	}
	sysreg_write(S3_0_C12_C12_1, intid); /* ICC_EOIR1_EL1 */
	isb();
	s->wfi_sgi_wakes = wakes;
	s->wfi_sgi_intid = intid;
	publish(&s->wfi_sgi_done, 1);
}

void secondary_main(u64 ctx);
void secondary_main(u64 ctx)
{
	unsigned me = cpu_index();
	struct cpu_state *s = &cpus[me];
	unsigned c = (me & 1) && (conduits & CONDUIT_SMC) ? CONDUIT_SMC : CONDUIT_HVC;

	s->ctx = ctx;
	s->mpidr = sysreg_read(mpidr_el1);
	u32 starts = __atomic_add_fetch(&s->starts, 1, __ATOMIC_RELEASE);
	__asm__ volatile("dsb ish; sev" ::: "memory");

	if (demo)
		con_printf("vCPU %u started by PSCI CPU_ON, context id 0x%lx, MPIDR 0x%lx\n", me,
			   ctx, s->mpidr);
	else if (starts == 1 && (me == 1 || me == 2)) {
		s->version_ret = call3(c, PSCI_VERSION, 0, 0, 0);
		publish(&s->ready, 1);
		/* The race: both start vCPU 3 at once; the context id names the starter. */
		wait_for(&race_go, 1);
		s->race_ret = call3(c, PSCI_CPU_ON64, 3, (u64)secondary_entry, CTX(3, me));
		publish(&s->race_done, 1);
		/* FP/SIMD state of two vCPUs at once across VMM round trips. */
		u64 out[16];
		u64 seed = 0x0f0e0d0c0b0a0900ul * me + me;
		fp_roundtrip(out, seed, conduits);
		for (unsigned i = 0; i < 16; i++) {
			u64 want = seed + i * 0x0101010101010101ul;
			if (out[i] != want && !s->fp_bad_reg) {
				s->fp_bad_reg = i + 1;
				s->fp_bad_value = out[i];
			}
		}
		publish(&s->fp_done, 1);
	}
	if (IS_WFI_CTX(ctx))
		wfi_secondary(s);
	/* Started for the vGIC checks (vgic.c): take SGIs while waiting. */
	if (IS_VGIC_CTX(ctx)) {
		vgic_cpu_setup(me);
		__asm__ volatile("msr daifclr, #2" ::: "memory");
	}
	/* Wait to be told to power off, then CPU_OFF, which returns only on failure. The FP/SIMD
	 * registers hold a pattern when this vCPU stops: its next start must not see it. */
	while (__atomic_load_n(&s->off_req, __ATOMIC_ACQUIRE) < starts)
		relax();
	__asm__ volatile("msr daifset, #2" ::: "memory");
	s->off_ret = fp_fill_then_call(PSCI_CPU_OFF, FP_STALE_SEED + me, c == CONDUIT_SMC);
	con_printf("[FAIL] cpu-off-returned-cpu%u: CPU_OFF returned 0x%lx\n", me, (u64)s->off_ret);
	for (;;)
		__asm__ volatile("wfi");
}

/* Polls AFFINITY_INFO until it says `want` (CPU_OFF completes asynchronously). */
static s64 affinity_settles(unsigned c, unsigned cpu, s64 want)
{
	u64 end = now_ticks() + ms_to_ticks(TIMEOUT_MS);
	s64 got;

	while ((got = call3(c, PSCI_AFFINITY_INFO, cpu, 0, 0)) != want && now_ticks() < end)
		relax();
	return got;
}

static void power_off_cpu(unsigned cpu, const char *name)
{
	publish(&cpus[cpu].off_req, cpus[cpu].starts);
	s64 got = affinity_settles(CONDUIT_HVC, cpu, PSCI_AFFINITY_OFF);
	check(got == PSCI_AFFINITY_OFF, name, "AFFINITY_INFO(%u) = %ld after CPU_OFF", cpu, got);
}

static bool check_started(unsigned cpu, unsigned starts, u64 want_ctx, const char *name)
{
	struct cpu_state *s = &cpus[cpu];
	bool up = wait_for(&s->starts, starts);

	return check(up && s->ctx == want_ctx && s->mpidr == (0x80000000ul | cpu), name,
		     "%s, context id 0x%lx (want 0x%lx), MPIDR_EL1 0x%lx (want 0x%lx)",
		     up ? "started" : "never started", s->ctx, want_ctx, s->mpidr,
		     0x80000000ul | cpu);
}

/* What a vCPU found in its FP/SIMD registers at entry: zero after CPU_ON or SYSTEM_RESET, never
 * the pattern it left there before it stopped (fp_fill_then_call). */
static void check_fp_fresh(unsigned cpu, const char *name)
{
	const struct entry_fp *e = &entry_fp[cpu];
	int bad = -1;

	for (unsigned i = 0; i < 32 && bad < 0; i++)
		if (e->q[i][0] | e->q[i][1])
			bad = (int)i;
	check(bad < 0 && e->fpcr == 0 && e->fpsr == 0, name,
	      "vCPU %u started with q%d = 0x%lx:%016lx, FPCR 0x%lx, FPSR 0x%lx", cpu, bad,
	      bad < 0 ? 0 : e->q[bad][1], bad < 0 ? 0 : e->q[bad][0], e->fpcr, e->fpsr);
}

static void test_cpus(void)
{
	unsigned c1 = conduits & CONDUIT_SMC ? CONDUIT_SMC : CONDUIT_HVC;
	u64 entry = (u64)secondary_entry;
	s64 r;

	/* Errors first. */
	r = call3(c1, PSCI_CPU_ON64, dtb.cpus, entry, 0);
	check(r == PSCI_INVALID_PARAMETERS, "cpu-on-unknown-mpidr", "CPU_ON(%u) = %ld", dtb.cpus,
	      r);
	r = call3(CONDUIT_HVC, PSCI_CPU_ON64, 0x100, entry, 0);
	check(r == PSCI_INVALID_PARAMETERS, "cpu-on-unknown-mpidr-aff1", "CPU_ON(0x100) = %ld", r);
	if (!direct) {
		r = call3(c1, PSCI_CPU_ON64, 1, 0x1000, 0);
		check(r == PSCI_INVALID_ADDRESS, "cpu-on-entry-below-ram",
		      "CPU_ON(1, 0x1000) = %ld", r);
		u64 past = dtb.ram_base + dtb.ram_size;
		r = call3(CONDUIT_HVC, PSCI_CPU_ON64, 1, past, 0);
		check(r == PSCI_INVALID_ADDRESS, "cpu-on-entry-past-ram", "CPU_ON(1, 0x%lx) = %ld",
		      past, r);
	}
	r = call3(c1, PSCI_AFFINITY_INFO, 0x100, 0, 0);
	check(r == PSCI_INVALID_PARAMETERS, "affinity-info-unknown-mpidr",
	      "AFFINITY_INFO(0x100) = %ld", r);
	r = call3(c1, PSCI_AFFINITY_INFO, 1, 0, 0);
	check(r == PSCI_AFFINITY_OFF, "affinity-info-off-before-cpu-on", "AFFINITY_INFO(1) = %ld",
	      r);
	r = call3(CONDUIT_HVC, PSCI_AFFINITY_INFO, 3, 0, 0);
	check(r == PSCI_AFFINITY_OFF, "affinity-info-off-before-cpu-on-hvc",
	      "AFFINITY_INFO(3) = %ld", r);

	/* vCPU 0 starts 1 (smc) and 2 (hvc). */
	r = call3(c1, PSCI_CPU_ON64, 1, entry, CTX(1, 0));
	check(r == PSCI_SUCCESS, "cpu-on-1", "CPU_ON(1) by %s = %ld", conduit_name(c1), r);
	r = call3(CONDUIT_HVC, PSCI_CPU_ON64, 2, entry, CTX(2, 0));
	check(r == PSCI_SUCCESS, "cpu-on-2", "CPU_ON(2) by hvc = %ld", r);
	check_started(1, 1, CTX(1, 0), "cpu1-context-id-and-mpidr");
	check_started(2, 1, CTX(2, 0), "cpu2-context-id-and-mpidr");
	r = call3(c1, PSCI_AFFINITY_INFO, 1, 0, 0);
	check(r == PSCI_AFFINITY_ON, "affinity-info-on-after-cpu-on", "AFFINITY_INFO(1) = %ld", r);
	r = call3(CONDUIT_HVC, PSCI_CPU_ON64, 1, entry, 0);
	check(r == PSCI_ALREADY_ON, "cpu-on-already-on", "CPU_ON(1) again = %ld", r);
	bool ready = wait_for(&cpus[1].ready, 1) && wait_for(&cpus[2].ready, 1);
	check(ready && cpus[1].version_ret == PSCI_VERSION_1_1 &&
		  cpus[2].version_ret == PSCI_VERSION_1_1,
	      "psci-version-on-secondaries", "%s; vCPU 1: 0x%lx, vCPU 2: 0x%lx",
	      ready ? "both ready" : "not ready", (u64)cpus[1].version_ret,
	      (u64)cpus[2].version_ret);

	/* The race: vCPUs 1 and 2 both start vCPU 3; exactly one wins, the other is told
	 * ALREADY_ON, and vCPU 3 runs with the winner's context id. */
	publish(&race_go, 1);
	bool raced = wait_for(&cpus[1].race_done, 1) && wait_for(&cpus[2].race_done, 1);
	s64 r1 = cpus[1].race_ret, r2 = cpus[2].race_ret;
	check(raced && ((r1 == PSCI_SUCCESS && r2 == PSCI_ALREADY_ON) ||
			(r1 == PSCI_ALREADY_ON && r2 == PSCI_SUCCESS)),
	      "cpu-on-race-one-winner", "%s; vCPU 1 got %ld, vCPU 2 got %ld",
	      raced ? "both returned" : "not both returned", r1, r2);
	unsigned winner = r1 == PSCI_SUCCESS ? 1 : 2;
	con_printf("testguest: CPU_ON race for vCPU 3: vCPU 1 got %ld, vCPU 2 got %ld\n", r1, r2);
	check_started(3, 1, CTX(3, winner), "cpu3-started-by-race-winner");
	r = call3(CONDUIT_HVC, PSCI_AFFINITY_INFO, 3, 0, 0);
	check(r == PSCI_AFFINITY_ON, "affinity-info-on-after-race", "AFFINITY_INFO(3) = %ld", r);

	/* FP/SIMD on vCPUs 1 and 2 (concurrently with each other). */
	for (unsigned i = 1; i <= 2; i++) {
		char name[48];
		bool fin = wait_for(&cpus[i].fp_done, 1);
		format_buf(name, sizeof(name), "fp-simd-preserved-cpu%u", i);
		check(fin && !cpus[i].fp_bad_reg, name, "%s; first bad: %s of q%u = 0x%lx",
		      fin ? "finished" : "never finished",
		      cpus[i].fp_bad_reg ? ((cpus[i].fp_bad_reg - 1) & 1 ? "high" : "low") : "-",
		      cpus[i].fp_bad_reg ? (cpus[i].fp_bad_reg - 1) / 2 : 0, cpus[i].fp_bad_value);
	}

	/* CPU_OFF, then AFFINITY_INFO says off, then the same vCPU starts again, this time by the
	 * SMC32 CPU_ON, whose arguments' upper halves must be ignored. */
	power_off_cpu(3, "cpu-off-then-affinity-off");
	if (direct)
		r = call3(c1, PSCI_CPU_ON64, 3, entry, 0x33);
	else
		r = call3(c1, PSCI_CPU_ON, 0xffffffff00000003ul, 0xffffffff00000000ul | entry,
			  0xdeadbeef00000033ul);
	check(r == PSCI_SUCCESS, "cpu-on-smc32-after-off", "CPU_ON(3) = %ld", r);
	check_started(3, 2, 0x33, "cpu3-restarted-smc32-context-id");

	/* Once more, with nothing between vCPU 3's CPU_OFF and its CPU_ON that touches FP/SIMD
	 * (so the registers still hold its pattern unless the reset clears them). */
	publish(&cpus[3].off_req, cpus[3].starts);
	r = cpu_on_when_off(3, entry, 0x34, c1 == CONDUIT_SMC);
	check(r == PSCI_SUCCESS, "cpu-on-after-off-fp", "CPU_ON(3) = %ld", r);
	check_started(3, 3, 0x34, "cpu3-restarted-third-time");
	check_fp_fresh(3, "cpu-on-fp-registers-fresh");

	/* Hotplug any number of times: vCPU 3 off and on again, HOTPLUG_CYCLES more times,
	 * through both conduits in turn; each start sees its own context id. */
	unsigned cycles = 0;
	s64 off = PSCI_AFFINITY_OFF, on = PSCI_SUCCESS;
	for (unsigned i = 0; i < HOTPLUG_CYCLES; i++) {
		unsigned conduit = (i & 1) && (conduits & CONDUIT_SMC) ? CONDUIT_SMC : c1;
		publish(&cpus[3].off_req, cpus[3].starts);
		off = affinity_settles(CONDUIT_HVC, 3, PSCI_AFFINITY_OFF);
		on = call3(conduit, PSCI_CPU_ON64, 3, entry, 0x40 + i);
		if (off != PSCI_AFFINITY_OFF || on != PSCI_SUCCESS ||
		    !wait_for(&cpus[3].starts, 4 + i) || cpus[3].ctx != 0x40 + i)
			break;
		cycles++;
	}
	check(cycles == HOTPLUG_CYCLES, "cpu-hotplug-cycles",
	      "%u of %u off/on cycles of vCPU 3 (last AFFINITY_INFO %ld, CPU_ON %ld, context id "
	      "0x%lx)",
	      cycles, HOTPLUG_CYCLES, off, on, cpus[3].ctx);
}

static void power_off_secondaries(void)
{
	power_off_cpu(1, "cpu-off-cpu1");
	power_off_cpu(2, "cpu-off-cpu2");
	power_off_cpu(3, "cpu-off-cpu3-again");
}

/* For the vGIC checks: vCPU cpu on again, set up to take SGIs. */
static void start_for_vgic(unsigned cpu)
{
	u32 starts = cpus[cpu].starts;
	s64 r = call3(CONDUIT_HVC, PSCI_CPU_ON64, cpu, (u64)secondary_entry, VGIC_CTX(cpu));
	bool up = r == PSCI_SUCCESS && wait_for(&cpus[cpu].starts, starts + 1);
	check(up, "vgic-cpu-started", "CPU_ON(%u) = %ld, %s", cpu, r, up ? "up" : "never started");
	/* Its set-up is done a little after it reports: let it finish. */
	u64 end = now_ticks() + ms_to_ticks(20);
	while (now_ticks() < end)
		relax();
}

/* ---- FP/SIMD on vCPU 0 ---------------------------------------------------------------------- */

static void test_fp(void)
{
	u64 out[16];
	u64 seed = 0xa5a5000011112222ul;

	fp_roundtrip(out, seed, conduits);
	for (unsigned i = 0; i < 16; i++) {
		u64 want = seed + i * 0x0101010101010101ul;
		if (out[i] != want) {
			check(false, "fp-simd-preserved-cpu0", "q%u %s half = 0x%lx, want 0x%lx",
			      i / 2, i & 1 ? "high" : "low", out[i], want);
			return;
		}
	}
	check(true, "fp-simd-preserved-cpu0", "-");
}

/* ---- pointer authentication without traps ---------------------------------------------- */

/* Where the CPU has it, a guest signs and authenticates pointers with its own key and no trap
 * (HCR_EL2.API/APK): the VMM would stop the guest on a trap. The key is ours to choose. */
static void test_pauth(void)
{
	u64 isar1 = sysreg_read(id_aa64isar1_el1);

	if (!(isar1 & (0xfful << 4))) { /* APA, API */
		con_puts("testguest: no pointer authentication on this CPU\n");
		return;
	}
	sysreg_write(S3_0_C2_C1_0, 0x0123456789abcdeful);	       /* APIAKeyLo_EL1 */
	sysreg_write(S3_0_C2_C1_1, 0xfedcba9876543210ul);	       /* APIAKeyHi_EL1 */
	sysreg_write(sctlr_el1, sysreg_read(sctlr_el1) | (1ul << 31)); /* EnIA */
	isb();
	u64 ptr = 0x40201234, mod = 0x77, signed_ptr = ptr, authed;
	__asm__ volatile(".arch_extension pauth\n pacia %0, %1" : "+r"(signed_ptr) : "r"(mod));
	authed = signed_ptr;
	__asm__ volatile(".arch_extension pauth\n autia %0, %1" : "+r"(authed) : "r"(mod));
	sysreg_write(sctlr_el1, sysreg_read(sctlr_el1) & ~(1ul << 31));
	isb();
	check(signed_ptr != ptr && authed == ptr, "pointer-auth-without-traps",
	      "signed 0x%lx, authenticated 0x%lx (pointer 0x%lx)", signed_ptr, authed, ptr);
}

/* ---- ID registers (HCR_EL2.TID3: the kernel answers with its table) --------------------- */

#define FIELD(reg, shift) (((reg) >> (shift)) & 0xf)

/* Whatever the CPU has, a guest is not shown what Warden does not switch: SVE, SME, MTE, the
 * PMU, RAS, AMU, EL2, and reads unallocated ID encodings as zero. */
static void test_id_registers(void)
{
	u64 pfr0 = sysreg_read(id_aa64pfr0_el1), pfr1 = sysreg_read(id_aa64pfr1_el1);
	u64 dfr0 = sysreg_read(id_aa64dfr0_el1), mmfr0 = sysreg_read(id_aa64mmfr0_el1);
	u64 zfr0 = sysreg_read(S3_0_C0_C4_4), smfr0 = sysreg_read(S3_0_C0_C4_5);
	u64 aa32_dfr0 = sysreg_read(S3_0_C0_C1_2);
	u64 unallocated = sysreg_read(S3_0_C0_C3_3) | sysreg_read(S3_0_C0_C3_7) |
			  sysreg_read(S3_0_C0_C4_2) | sysreg_read(S3_0_C0_C5_2) |
			  sysreg_read(S3_0_C0_C6_3) | sysreg_read(S3_0_C0_C7_3) |
			  sysreg_read(S3_0_C0_C7_7);

	check(FIELD(pfr0, 32) == 0 && zfr0 == 0, "id-sve-hidden", "PFR0 0x%lx, ZFR0 0x%lx", pfr0,
	      zfr0);
	check(FIELD(pfr1, 24) == 0 && smfr0 == 0 && FIELD(pfr1, 8) == 0, "id-sme-mte-hidden",
	      "PFR1 0x%lx, SMFR0 0x%lx", pfr1, smfr0);
	check(FIELD(dfr0, 8) == 0 && FIELD(aa32_dfr0, 24) == 0, "id-pmu-hidden",
	      "DFR0 0x%lx, ID_DFR0 0x%lx", dfr0, aa32_dfr0);
	check(FIELD(pfr0, 28) == 0 && FIELD(pfr0, 44) == 0 && FIELD(pfr0, 8) == 0 &&
		  FIELD(pfr0, 4) == 1,
	      "id-ras-amu-el2-hidden-el1-aarch64", "PFR0 0x%lx", pfr0);
	check(FIELD(mmfr0, 0) <= 1, "id-parange-fits-ipa", "MMFR0 0x%lx", mmfr0);
	check(unallocated == 0, "id-unallocated-raz", "0x%lx", unallocated);
	/* FP/SIMD are switched, so shown (0 = implemented). */
	check(FIELD(pfr0, 16) != 0xf && FIELD(pfr0, 20) != 0xf, "id-fp-shown", "PFR0 0x%lx", pfr0);
}

/* ---- registers of absent features: UNDEFINED ---------------------------------------------- */

/* One access, expected UNDEFINED: true if it took an Undefined Instruction exception at itself
 * (ESR_EL1 EC 0, IL 1, ISS 0; ELR_EL1 the instruction) and the guest carried on after it. */
#define UNDEF_AT(insn)                                                                             \
	({                                                                                         \
		u64 at_;                                                                           \
		u32 seen_ = undef_seen;                                                            \
		__asm__ volatile("adr %0, 1f\n1: " insn : "=&r"(at_) : : "x0", "memory");          \
		undef_seen == seen_ + 1 && undef_elr == at_ &&undef_esr == ESR_UNDEF;              \
	})
#define ESR_UNDEF 0x02000000ul /* EC 0, IL */

/* Its EL0 finds the PMU UNDEFINED too: each access in el0_pmu_probe (start.S) takes an
 * Undefined Instruction exception to EL1 (EC 0, IL, ISS 0; ELR_EL1 the instruction, SPSR_EL1.M
 * EL0t). With PMUSERENR_EL0.EN clear the CPU traps it to EL1 as a system register access
 * (EC 0x18), which no CPU without a PMU does. */
void el0_pmu_probe(void);
extern const u32 el0_pmu_probe_insns[3];
static void test_pmu_undef_el0(const char *name)
{
	u32 n = 0;

	el0_seen.taken = 0;
	el0_run(el0_pmu_probe);
	u32 taken = el0_seen.taken;
	for (u32 i = 0; i < 3 && i < taken; i++)
		n += el0_seen.esr[i] == ESR_UNDEF &&
		     el0_seen.elr[i] == (u64)&el0_pmu_probe_insns[i] &&
		     (el0_seen.spsr[i] & 0x1f) == 0;
	check(taken == 3 && n == 3, name,
	      "%u from EL0, %u UNDEF there; first ESR 0x%lx ELR 0x%lx SPSR 0x%lx (probe 0x%lx)",
	      taken, n, taken ? el0_seen.esr[0] : 0, taken ? el0_seen.elr[0] : 0,
	      taken ? el0_seen.spsr[0] : 0, (u64)el0_pmu_probe_insns);
}

/* A guest shown no PMU (ID_AA64DFR0_EL1.PMUVer 0), no RAS, no LORegions, no SCXTNUM_ELx
 * (CSV2 below 2), no SVE or no SME finds their registers (and instructions) UNDEFINED, as on a
 * CPU without them; a read of the write-only ICC_SGI1R_EL1 is UNDEFINED too
 * (docs/registers.md). Before the kernel injected
 * the exception, the first PMU access reached the VMM, which stopped the guest. */
static void test_absent_registers_undef(void)
{
	u64 pfr0 = sysreg_read(id_aa64pfr0_el1), pfr1 = sysreg_read(id_aa64pfr1_el1);
	u64 dfr0 = sysreg_read(id_aa64dfr0_el1), mmfr1 = sysreg_read(id_aa64mmfr1_el1);
	u32 bad = 0, probes = 0;

	undef_expected = true;
	if (FIELD(dfr0, 8) == 0) {
		u32 n = 0;

		n += UNDEF_AT("mrs x0, pmcr_el0");
		n += UNDEF_AT("msr pmcr_el0, xzr");
		n += UNDEF_AT("mrs x0, pmccntr_el0");
		n += UNDEF_AT("msr pmcntenset_el0, xzr");
		n += UNDEF_AT("msr pmcntenclr_el0, xzr");
		n += UNDEF_AT("msr pmselr_el0, xzr");
		n += UNDEF_AT("mrs x0, pmxevtyper_el0");
		n += UNDEF_AT("mrs x0, pmxevcntr_el0");
		n += UNDEF_AT("mrs x0, pmevcntr0_el0");
		n += UNDEF_AT("msr pmevtyper0_el0, xzr");
		n += UNDEF_AT("msr pmintenset_el1, xzr");
		n += UNDEF_AT("msr pmintenclr_el1, xzr");
		n += UNDEF_AT("msr pmovsclr_el0, xzr");
		n += UNDEF_AT("mrs x0, pmovsset_el0");
		n += UNDEF_AT("msr pmuserenr_el0, xzr");
		n += UNDEF_AT("mrs x0, pmccfiltr_el0");
		n += UNDEF_AT("msr pmswinc_el0, xzr");
		n += UNDEF_AT("mrs x0, pmceid0_el0");
		check(n == 18, "pmu-undef",
		      "%u of 18 PMU accesses took UNDEF at themselves (last ESR 0x%lx)", n,
		      undef_esr);
		test_pmu_undef_el0("pmu-undef-el0");
	}
	if (FIELD(pfr0, 28) == 0 && (probes++, !UNDEF_AT("mrs x0, S3_0_C5_C3_0"))) /* ERRIDR_EL1 */
		bad |= 1;
	if (FIELD(mmfr1, 16) == 0 && (probes++, !UNDEF_AT("mrs x0, S3_0_C10_C4_7"))) /* LORID */
		bad |= 2;
	if (FIELD(pfr0, 56) < 2 && FIELD(pfr1, 32) < 2 &&
	    (probes++, !UNDEF_AT("mrs x0, S3_0_C13_C0_7"))) /* SCXTNUM_EL1 */
		bad |= 4;
	if (probes++, !UNDEF_AT("mrs x0, S3_0_C12_C11_5")) /* ICC_SGI1R_EL1, write-only */
		bad |= 8;
	/* SVE and SME hidden: with this guest's own traps off (CPACR_EL1.ZEN, SMEN), an SVE
	 * instruction, ZCR_EL1, SMSTART and SMCR_EL1 are UNDEFINED too (on max they trap to EL2:
	 * CPTR_EL2.TZ, TSM). */
	u64 cpacr = sysreg_read(cpacr_el1);
	if (FIELD(pfr0, 32) == 0) {
		sysreg_write(cpacr_el1, cpacr | 3ul << 16); /* ZEN */
		isb();
		if (probes++, !UNDEF_AT(".inst 0x04bf5020")) /* rdvl x0, #1 */
			bad |= 16;
		if (probes++, !UNDEF_AT("mrs x0, S3_0_C1_C2_0")) /* ZCR_EL1 */
			bad |= 32;
	}
	if (FIELD(pfr1, 24) == 0) {
		sysreg_write(cpacr_el1, cpacr | 3ul << 24); /* SMEN */
		isb();
		if (probes++, !UNDEF_AT(".inst 0xd503477f")) /* smstart */
			bad |= 64;
		if (probes++, !UNDEF_AT("mrs x0, S3_0_C1_C2_6")) /* SMCR_EL1 */
			bad |= 128;
	}
	sysreg_write(cpacr_el1, cpacr);
	isb();
	undef_expected = false;
	check(bad == 0, "absent-registers-undef",
	      "%u probes; not UNDEF: mask 0x%x (1 ERRIDR_EL1, 2 LORID_EL1, 4 SCXTNUM_EL1, "
	      "8 ICC_SGI1R_EL1 read, 16 RDVL, 32 ZCR_EL1, 64 SMSTART, 128 SMCR_EL1)",
	      probes, bad);
}

/* ---- accesses to unbacked IPAs ----------------------------------------------------------- */

#define UNBACKED_IPA 0x10000000ul     /* neither RAM nor a device of the guest's platform */
#define ESR_SEA_DABT_CUR 0x96000010ul /* EC 0x25, IL, ISV 0, DFSC 0x10 (external abort) */
#define ESR_SEA_IABT_CUR 0x86000010ul /* EC 0x21, IL, IFSC 0x10 */
#define ESR_WNR (1ul << 6)
#define SPSR_CHECKED 0x3dful /* DAIF, M[4:0]; the flags may change between reading and access */

static void check_sea(const char *name, u64 esr, u64 elr, u64 spsr_before)
{
	check(sea_seen.taken == 1 && sea_seen.esr == esr && sea_seen.far == UNBACKED_IPA &&
		  sea_seen.elr == elr && (sea_seen.spsr & SPSR_CHECKED) == spsr_before &&
		  (sea_seen.daif & 0x3c0) == 0x3c0,
	      name,
	      "taken %u, ESR 0x%lx (want 0x%lx), FAR 0x%lx, ELR 0x%lx (want 0x%lx), SPSR 0x%lx "
	      "(want 0x%lx), DAIF in the handler 0x%lx",
	      sea_seen.taken, sea_seen.esr, esr, sea_seen.far, sea_seen.elr, elr, sea_seen.spsr,
	      spsr_before, sea_seen.daif);
	sea_seen.taken = 0;
}

static u64 pstate_now(void)
{
	/* What SPSR_EL1 saves for EL1h here, in the bits checked: DAIF, M[4:0] (EL1, SP_EL1). */
	return sysreg_read(daif) | sysreg_read(CurrentEL) | 1;
}

/* The default for an unbacked IPA (on_unmapped="abort"): the guest takes a synchronous external
 * abort at its own vectors, as on QEMU's virt board, and carries on. A load, a store and a
 * fetch, each with the syndrome, FAR, ELR and SPSR the architecture gives an abort taken to
 * EL1. */
static void test_unbacked(void)
{
	u64 at, val = 0, spsr;

	sea_seen.taken = 0;
	spsr = pstate_now();
	sea_expected = true;
	__asm__ volatile("adr %0, 1f\n1: ldr %w1, [%2]"
			 : "=&r"(at), "+r"(val)
			 : "r"(UNBACKED_IPA)
			 : "memory");
	check_sea("unbacked-load-sea", ESR_SEA_DABT_CUR, at, spsr);
	spsr = pstate_now();
	sea_expected = true;
	__asm__ volatile("adr %0, 1f\n1: str %w1, [%2]"
			 : "=&r"(at)
			 : "r"(val), "r"(UNBACKED_IPA)
			 : "memory");
	check_sea("unbacked-store-sea", ESR_SEA_DABT_CUR | ESR_WNR, at, spsr);
	spsr = pstate_now();
	sea_expected = true;
	__asm__ volatile("blr %0" : : "r"(UNBACKED_IPA) : "x30", "memory");
	check_sea("unbacked-fetch-sea", ESR_SEA_IABT_CUR, UNBACKED_IPA, spsr);
	sea_expected = false;
}

/* ---- what the VMM cannot emulate (bootargs probe=...) ------------------------------------- */

static NORETURN void power_off(void);

/* Does one thing the VMM must refuse, then would print [DONE]: a test expects the VMM's report
 * and no [DONE]. probe=unmapped reads guest-physical memory nothing backs; probe=actlr reads
 * ACTLR_EL1 and probe=impdef an IMPLEMENTATION DEFINED register (docs/registers.md: refused).
 * (A PMU access takes UNDEF instead: pmu-undef.) */
static void run_probe(const char *what)
{
	con_printf("testguest: probe %s\n", what);
	if (strcmp(what, "unmapped") == 0)
		(void)mmio_read32(0x10000000);
	else if (strcmp(what, "actlr") == 0) /* trapped by HCR_EL2.TACR */
		(void)sysreg_read(actlr_el1);
	else if (strcmp(what, "impdef") == 0) /* CPUACTLR_EL1 on Cortex-A57: HCR_EL2.TIDCP */
		(void)sysreg_read(S3_1_C15_C2_0);
	con_puts("[DONE]\n");
	power_off();
}

/* ---- virtual timer and CPU_SUSPEND --------------------------------------------------------- */

/* Waits up to ms for *count to move past before, with interrupts unmasked. wfe, not wfi: a
 * missing interrupt must end in a failed check, not in a WFI nothing ends. */
static bool wait_count(volatile u32 *count, u32 before, u64 ms)
{
	u64 end = now_ticks() + ms_to_ticks(ms);

	__asm__ volatile("msr daifclr, #2" ::: "memory");
	while (*count == before && now_ticks() < end)
		relax();
	__asm__ volatile("msr daifset, #2" ::: "memory");
	return *count != before;
}

static bool wait_timer_irq(u32 before)
{
	return wait_count(&timer_irqs, before, TIMEOUT_MS);
}

static void arm_timer(u64 ms)
{
	sysreg_write(cntv_tval_el0, ms_to_ticks(ms));
	sysreg_write(cntv_ctl_el0, 1); /* enabled, not masked */
	isb();
}

static void test_timer(void)
{
	bool gic = gic_init_cpu(0, 27);
	check(gic, "gic-init", "distributor or redistributor did not settle");

	u32 before = timer_irqs;
	u64 start = now_ticks();
	arm_timer(10);
	bool fired = wait_timer_irq(before);
	u64 took = now_ticks() - start;
	check(fired && irq_last_intid == 27 && took >= ms_to_ticks(10), "virtual-timer-irq",
	      "%s, last INTID %u, after %lu ticks (10 ms = %lu)", fired ? "fired" : "no interrupt",
	      irq_last_intid, took, ms_to_ticks(10));

	/* CPU_SUSPEND standby: returns 0 once an interrupt is pending (the timer's). */
	FOR_EACH_CONDUIT(c)
	{
		before = timer_irqs;
		arm_timer(5);
		s64 r = call3(c, PSCI_CPU_SUSPEND, 0, 0, 0);
		bool woke = wait_timer_irq(before);
		CHECKC(c, "cpu-suspend-standby", r == PSCI_SUCCESS && woke,
		       "CPU_SUSPEND(0) = %ld, timer interrupt %s", r, woke ? "taken" : "missing");
	}
}

/* Exact virtual timer semantics (issue 17): the handler finds CNTV_CTL as the guest wrote it
 * (ENABLE set, IMASK clear); re-arming by CVAL alone, then by TVAL alone, interrupts again; an
 * IMASK the guest sets reads back and holds the interrupt back until the guest clears it. */
static void test_vtimer_exact(void)
{
	timer_irq_action = TIMER_IRQ_PUSH_CVAL;
	u32 before = timer_irqs;
	arm_timer(5);
	bool fired = wait_timer_irq(before);
	u64 ctl = timer_irq_ctl;
	check(fired && (ctl & 3) == 1, "vtimer-imask-reads-back",
	      "%s, CNTV_CTL in the handler 0x%lx (ENABLE set, IMASK clear expected)",
	      fired ? "fired" : "no interrupt", ctl);

	before = timer_irqs;
	sysreg_write(cntv_cval_el0, now_ticks() + ms_to_ticks(5));
	isb();
	fired = wait_timer_irq(before);
	check(fired, "vtimer-rearm-cval", "no interrupt after a CVAL-only re-arm (CNTV_CTL 0x%lx)",
	      sysreg_read(cntv_ctl_el0));

	before = timer_irqs;
	sysreg_write(cntv_tval_el0, ms_to_ticks(5));
	isb();
	fired = wait_timer_irq(before);
	check(fired, "vtimer-rearm-tval", "no interrupt after a TVAL-only re-arm (CNTV_CTL 0x%lx)",
	      sysreg_read(cntv_ctl_el0));

	before = timer_irqs;
	sysreg_write(cntv_ctl_el0, 3); /* enabled, masked by the guest */
	sysreg_write(cntv_cval_el0, now_ticks());
	isb();
	bool early = wait_count(&timer_irqs, before, 20);
	ctl = sysreg_read(cntv_ctl_el0);
	sysreg_write(cntv_ctl_el0, 1);
	isb();
	fired = wait_timer_irq(before);
	check(!early && ctl == 7 && fired, "vtimer-guest-imask",
	      "while masked: %s, CNTV_CTL 0x%lx (0x7 expected); unmasked: %s",
	      early ? "interrupted" : "quiet", ctl, fired ? "interrupted" : "no interrupt");
	sysreg_write(cntv_ctl_el0, 0);
	isb();
	timer_irq_action = TIMER_IRQ_OFF;
}

/* The EL1 physical timer (PPI 30), which the kernel emulates: CVAL reads back, TVAL reads as
 * CVAL - CNTPCT in a signed 32-bit field and a negative TVAL write puts CVAL in the past, CTL
 * reads IMASK as written and ISTATUS as computed; its interrupt arrives, and again after a
 * CVAL-only re-arm. */
static void test_ptimer(void)
{
	bool gic = gic_init_cpu(0, 30);
	check(gic, "gic-init-ppi30", "distributor or redistributor did not settle");

	sysreg_write(cntp_ctl_el0, 3); /* enabled, masked */
	u64 now = sysreg_read(cntpct_el0), second = ms_to_ticks(1000);
	sysreg_write(cntp_cval_el0, now + second);
	isb();
	u64 cval = sysreg_read(cntp_cval_el0), tval = sysreg_read(cntp_tval_el0);
	u64 ctl = sysreg_read(cntp_ctl_el0);
	bool future_ok = cval == now + second && tval <= second && tval > second / 2 && ctl == 3;
	check(future_ok, "ptimer-registers-future",
	      "CVAL 0x%lx (0x%lx written), TVAL 0x%lx, CTL 0x%lx (0x3 expected)", cval,
	      now + second, tval, ctl);

	sysreg_write(cntp_tval_el0, (u64)-ms_to_ticks(1)); /* 1 ms ago */
	isb();
	u64 after = sysreg_read(cntpct_el0);
	cval = sysreg_read(cntp_cval_el0);
	tval = sysreg_read(cntp_tval_el0);
	ctl = sysreg_read(cntp_ctl_el0);
	bool past_ok = cval < after && after - cval < second && (tval >> 32) == 0 &&
		       (s32)(u32)tval < 0 && ctl == 7;
	check(past_ok, "ptimer-registers-past",
	      "CVAL 0x%lx at count 0x%lx, TVAL 0x%lx (negative, upper half 0 expected), CTL "
	      "0x%lx (0x7 expected)",
	      cval, after, tval, ctl);
	sysreg_write(cntp_ctl_el0, 0);
	isb();
	ctl = sysreg_read(cntp_ctl_el0);
	check(ctl == 0, "ptimer-disabled-no-status", "CTL 0x%lx after writing 0", ctl);

	u32 before = ptimer_irqs;
	u64 start = now_ticks();
	sysreg_write(cntp_tval_el0, ms_to_ticks(5));
	sysreg_write(cntp_ctl_el0, 1);
	isb();
	bool fired = wait_count(&ptimer_irqs, before, TIMEOUT_MS);
	u64 took = now_ticks() - start;
	check(fired && irq_last_intid == 30 && took >= ms_to_ticks(5), "ptimer-irq",
	      "%s, last INTID %u, after %lu ticks (5 ms = %lu)", fired ? "fired" : "no interrupt",
	      irq_last_intid, took, ms_to_ticks(5));

	timer_irq_action = TIMER_IRQ_PUSH_CVAL;
	before = ptimer_irqs;
	sysreg_write(cntp_tval_el0, ms_to_ticks(5));
	sysreg_write(cntp_ctl_el0, 1);
	isb();
	fired = wait_count(&ptimer_irqs, before, TIMEOUT_MS);
	ctl = timer_irq_ctl;
	before = ptimer_irqs;
	sysreg_write(cntp_cval_el0, sysreg_read(cntpct_el0) + ms_to_ticks(5));
	isb();
	bool again = wait_count(&ptimer_irqs, before, TIMEOUT_MS);
	check(fired && (ctl & 7) == 5 && again, "ptimer-rearm-cval",
	      "first %s (CTL in the handler 0x%lx, 0x5 expected), after a CVAL-only re-arm %s",
	      fired ? "fired" : "missing", ctl, again ? "fired" : "missing");
	sysreg_write(cntp_ctl_el0, 0);
	isb();
	timer_irq_action = TIMER_IRQ_OFF;
}

/* Polls this vCPU's GICR_ISPENDR0 bit intid for up to ms while it reads `while_is`; returns
 * what it read last. (QEMU raises a timer's interrupt from its main loop, which a loaded host may
 * run late: wait for the state, not for a time.) */
static bool pending_for(u32 intid, bool while_is, u64 ms)
{
	u64 end = now_ticks() + ms_to_ticks(ms);
	bool p;

	while ((p = (mmio_read32(GICR_ISPENDR0_OF(0)) >> intid) & 1) == while_is &&
	       now_ticks() < end)
		relax();
	return p;
}

/* WFI blocks in the kernel until an interrupt is pending for the vCPU (issue 17, docs/timers.md),
 * interrupts masked: its virtual timer, its physical timer, and on vCPU 1 its virtual timer
 * expiring while vCPU 0 runs and an SGI from vCPU 0, each end it after at most 3 WFIs (on a
 * kernel where WFI returns at once, thousands); a virtual timer whose PPI 27 the guest disabled
 * in its redistributor is pending there but not delivered until enabled. */
static void test_wfi(void)
{
	u64 start = now_ticks();
	sysreg_write(cntv_tval_el0, ms_to_ticks(20));
	sysreg_write(cntv_ctl_el0, 1);
	isb();
	u32 wakes = wfi_until_vtimer();
	u64 took = now_ticks() - start;
	sysreg_write(cntv_ctl_el0, 0);
	isb();
	check(wakes <= 3 && took >= ms_to_ticks(20), "wfi-wakes-on-vtimer",
	      "%u WFIs, %lu ticks (20 ms = %lu)", wakes, took, ms_to_ticks(20));

	/* The virtual timer's level drops when the guest turns it off (an untrapped write: the
	 * kernel samples it at its next WFI, vCPU switch or tick, docs/timers.md). */
	bool pend27 = pending_for(27, true, TIMEOUT_MS);
	check(!pend27, "vtimer-level-drops", "PPI 27 still pending %u ms after CNTV_CTL = 0",
	      TIMEOUT_MS);

	/* The physical timer: its deadline waits in the kernel's timer queue. */
	start = now_ticks();
	sysreg_write(cntp_tval_el0, ms_to_ticks(20));
	sysreg_write(cntp_ctl_el0, 1);
	isb();
	wakes = 0;
	while (!(sysreg_read(cntp_ctl_el0) & 4)) {
		__asm__ volatile("wfi" ::: "memory");
		wakes++;
	}
	took = now_ticks() - start;
	sysreg_write(cntp_ctl_el0, 0); /* trapped: the line drops at once */
	isb();
	bool pend30 = (mmio_read32(GICR_ISPENDR0_OF(0)) >> 30) & 1;
	check(wakes <= 3 && took >= ms_to_ticks(20) && !pend30, "wfi-wakes-on-ptimer",
	      "%u WFIs, %lu ticks (20 ms = %lu); PPI 30 %s after CNTP_CTL = 0", wakes, took,
	      ms_to_ticks(20), pend30 ? "still pending" : "not pending");

	/* PPI 27 disabled in the guest's redistributor: pending, not delivered; enabled: taken. */
	mmio_write32(GICR_ICENABLER0_OF(0), 1u << 27);
	u32 before = timer_irqs;
	arm_timer(5);
	__asm__ volatile("msr daifclr, #2" ::: "memory");
	pend27 = pending_for(27, false, TIMEOUT_MS); /* until pending, then 20 ms more */
	u64 end = now_ticks() + ms_to_ticks(20);
	while (now_ticks() < end)
		relax();
	__asm__ volatile("msr daifset, #2" ::: "memory");
	bool early = timer_irqs != before;
	mmio_write32(GICR_ISENABLER0_OF(0), 1u << 27);
	bool taken = wait_timer_irq(before);
	check(!early && pend27 && taken, "vtimer-ppi27-disabled-not-delivered",
	      "while disabled: %s, %s; enabled: %s", early ? "delivered" : "not delivered",
	      pend27 ? "pending" : "not pending", taken ? "taken" : "not taken");

	/* vCPU 1: its timer while it is not loaded, then an SGI from here. */
	struct cpu_state *s = &cpus[1];
	u32 starts = s->starts;
	s->wfi_timer_done = s->wfi_sgi_ready = s->wfi_sgi_done = 0;
	s64 r = call3(CONDUIT_HVC, PSCI_CPU_ON64, 1, (u64)secondary_entry, WFI_CTX(1));
	bool up = r == PSCI_SUCCESS && wait_for(&s->starts, starts + 1);
	bool timer_done = up && wait_for(&s->wfi_timer_done, 1);
	check(timer_done && s->wfi_timer_wakes <= 3 && s->wfi_timer_took >= ms_to_ticks(30),
	      "wfi-wakes-on-vtimer-not-loaded",
	      "CPU_ON(1) = %ld, %s, %u WFIs, %lu ticks (30 ms = %lu)", r,
	      timer_done ? "done" : "no result", s->wfi_timer_wakes, s->wfi_timer_took,
	      ms_to_ticks(30));
	bool ready = timer_done && wait_for(&s->wfi_sgi_ready, 1);
	u64 until = now_ticks() + ms_to_ticks(20); /* let it block in its WFI */
	while (now_ticks() < until)
		relax();
	sysreg_write(S3_0_C12_C11_5, (u64)WFI_SGI << 24 | 1u << 1); /* ICC_SGI1R_EL1: vCPU 1 */
	isb();
	bool got = ready && wait_for(&s->wfi_sgi_done, 1);
	check(got && s->wfi_sgi_intid == WFI_SGI && s->wfi_sgi_wakes <= 3, "wfi-wakes-on-sgi",
	      "%s, INTID %u, %u WFIs", got ? "woken" : "not woken", s->wfi_sgi_intid,
	      s->wfi_sgi_wakes);
	power_off_cpu(1, "wfi-cpu-off-cpu1");
}

/* ---- the two boots ----------------------------------------------------------------------- */

static NORETURN void power_off(void)
{
	s64 r = call3(CONDUIT_HVC, PSCI_SYSTEM_OFF, 0, 0, 0);
	con_printf("[FAIL] system-off: SYSTEM_OFF returned %ld\n", r);
	for (;;)
		__asm__ volatile("wfi");
}

static void first_boot(void)
{
	check(dtb.cpus >= MIN_CPUS, "dtb-has-4-cpus", "%u cpu nodes", dtb.cpus);
	u64 mpidr = sysreg_read(mpidr_el1);
	check(mpidr == 0x80000000ul, "cpu0-mpidr", "MPIDR_EL1 0x%lx", mpidr);

	FOR_EACH_CONDUIT(c)
	{
		test_info_calls(c);
		test_denied(c);
		test_trng(c);
	}
	if (trng_samples == 2)
		check(trng_bits[0] != trng_bits[1], "trng-rnd64-bits-differ", "0x%lx twice",
		      trng_bits[0]);
	test_fp();
	test_pauth();
	test_id_registers();
	test_absent_registers_undef();
	if (!direct) /* QEMU's own virt board has PCIe windows there */
		test_unbacked();
	test_cpus();
	test_timer();
	test_vtimer_exact();
	test_ptimer();
	power_off_secondaries();
	test_wfi();
	test_vgic(direct, arg_present(dtb.bootargs, "vgic-spi"), start_for_vgic);
	power_off_cpu(1, "vgic-cpu-off-cpu1");
	power_off_cpu(2, "vgic-cpu-off-cpu2");
	power_off_cpu(3, "vgic-cpu-off-cpu3");
	if (direct && undef_calls)
		con_printf("testguest: %u calls were undefined instructions (answered -1)\n",
			   undef_calls);

	con_printf("testguest: first boot: %d checks, %d failed; SYSTEM_RESET\n", checks_run,
		   checks_failed);
	reset_state.magic = RESET_MAGIC;
	reset_state.first_boot_checks = (u64)checks_run;
	reset_state.first_boot_failures = (u64)checks_failed;
	data_canary = 0;
	dsb();
	/* The FP/SIMD registers hold a pattern at the reset: the next boot must not see it. */
	s64 r = fp_fill_then_call(PSCI_SYSTEM_RESET, FP_STALE_SEED, (conduits & CONDUIT_SMC) != 0);
	check(false, "system-reset", "SYSTEM_RESET returned %ld", r);
}

static void second_boot(void)
{
	reset_state.magic = 0;
	check(true, "system-reset-restarts", "-");
	check(data_canary == 0x1234abcd5678ef00ul, "system-reset-restores-image",
	      "initialised data 0x%lx after reset", data_canary);
	check_fp_fresh(0, "system-reset-fp-registers-fresh");
	if (FIELD(sysreg_read(id_aa64dfr0_el1), 8) == 0) /* PMUVer: no PMU shown */
		test_pmu_undef_el0("pmu-undef-el0-after-reset");
	u64 total = reset_state.first_boot_checks + (u64)checks_run;
	u64 failed = reset_state.first_boot_failures + (u64)checks_failed;
	if (beacon) {
		/* Tells user/vmcheck (through the monitor's call counter) this guest is done. */
		s64 r = call3(CONDUIT_SMC, SIP_CALL_COUNT, 0, 0, 0);
		check(r > 0, "beacon-forwarded", "SIP_CALL_COUNT = %ld", r);
		total++;
		failed += r > 0 ? 0 : 1;
	}
	con_printf("testguest: %lu checks, %lu failed\n", total, failed);
	con_puts("[DONE]\n");
	power_off();
}

/* ---- registers that must not cross between domains (bootargs regs=<1|2>) ----------------- */

/* Reads that leave 0 when the instruction is UNDEFINED (undef_expected skips it). */
#define PROBE_READ(reg)                                                                            \
	({                                                                                         \
		u64 v_;                                                                            \
		__asm__ volatile("mov %0, #0\n\tmrs %0, " #reg : "=&r"(v_)::"memory");             \
		v_;                                                                                \
	})
#define REG_FNS(reg)                                                                               \
	static u64 read_##reg(void)                                                                \
	{                                                                                          \
		return PROBE_READ(reg);                                                            \
	}                                                                                          \
	static void write_##reg(u64 v)                                                             \
	{                                                                                          \
		sysreg_write(reg, v);                                                              \
		isb();                                                                             \
	}
#define BANK_FNS(n)                                                                                \
	REG_FNS(dbgbvr##n##_el1)                                                                   \
	REG_FNS(dbgbcr##n##_el1)                                                                   \
	REG_FNS(dbgwvr##n##_el1)                                                                   \
	REG_FNS(dbgwcr##n##_el1)
BANK_FNS(0)
BANK_FNS(1)
BANK_FNS(2)
BANK_FNS(3)
REG_FNS(dbgbvr4_el1)
REG_FNS(dbgbcr4_el1)
REG_FNS(dbgbvr5_el1)
REG_FNS(dbgbcr5_el1)
REG_FNS(tpidr_el0)
REG_FNS(tpidrro_el0)
REG_FNS(tpidr_el1)
REG_FNS(contextidr_el1)
REG_FNS(cntv_cval_el0)
REG_FNS(par_el1)
REG_FNS(osdlr_el1)
REG_FNS(S3_0_C2_C1_0) /* APIAKEYLO_EL1 */
REG_FNS(S3_0_C2_C1_1) /* APIAKEYHI_EL1 */
REG_FNS(S3_0_C2_C1_2) /* APIBKEYLO_EL1 */
REG_FNS(S3_0_C2_C1_3) /* APIBKEYHI_EL1 */
REG_FNS(S3_0_C2_C2_0) /* APDAKEYLO_EL1 */
REG_FNS(S3_0_C2_C2_1) /* APDAKEYHI_EL1 */
REG_FNS(S3_0_C2_C2_2) /* APDBKEYLO_EL1 */
REG_FNS(S3_0_C2_C2_3) /* APDBKEYHI_EL1 */
REG_FNS(S3_0_C2_C3_0) /* APGAKEYLO_EL1 */
REG_FNS(S3_0_C2_C3_1) /* APGAKEYHI_EL1 */
REG_FNS(S2_0_C0_C2_0) /* MDCCINT_EL1 */
REG_FNS(S2_0_C1_C4_4) /* DBGPRCR_EL1 */
REG_FNS(S2_0_C0_C6_2) /* OSECCR_EL1 */
/* The EL1 translation and exception state (the MMU stays off: patterns in TTBR/TCR/MAIR are
 * never walked), the EL0 controls in SCTLR/CPACR/CNTKCTL, both timers, the GIC CPU interface. */
REG_FNS(sctlr_el1)
REG_FNS(cpacr_el1)
REG_FNS(cntkctl_el1)
REG_FNS(ttbr0_el1)
REG_FNS(ttbr1_el1)
REG_FNS(tcr_el1)
REG_FNS(mair_el1)
REG_FNS(amair_el1)
REG_FNS(afsr0_el1)
REG_FNS(afsr1_el1)
REG_FNS(csselr_el1)
REG_FNS(cntv_ctl_el0)
REG_FNS(cntp_cval_el0)
REG_FNS(cntp_ctl_el0)
REG_FNS(icc_pmr_el1)
REG_FNS(icc_bpr0_el1)
REG_FNS(icc_bpr1_el1)
REG_FNS(icc_igrpen0_el1)
REG_FNS(icc_igrpen1_el1)
REG_FNS(sp_el0)
REG_FNS(esr_el1)
REG_FNS(far_el1)
REG_FNS(elr_el1)
REG_FNS(spsr_el1)

/* The claim tags: written through DBGCLAIMCLR (all) then DBGCLAIMSET, read from DBGCLAIMCLR. */
static u64 read_claim(void)
{
	return PROBE_READ(S2_0_C7_C9_6);
}
static void write_claim(u64 v)
{
	sysreg_write(S2_0_C7_C9_6, 0xfful);
	sysreg_write(S2_0_C7_C8_6, v);
	isb();
}

enum reg_kind { ALWAYS, BKPT, WPT, KEY_ADDR, KEY_GA, BVR, WVR, BCR, WCR };

struct cross_reg {
	const char *name;
	u64 (*read)(void);
	void (*write)(u64);
	u8 kind, n;    /* BKPT/WPT kinds: present if the CPU has breakpoint/watchpoint n */
	bool emulated; /* kept by the kernel (never the CPU's): must stick */
};

#define ROW(reg, kind, n)                                                                          \
	{                                                                                          \
#reg, read_##reg, write_##reg, kind, n, false                                      \
	}
#define BANK_ROWS(n)                                                                               \
	ROW(dbgbvr##n##_el1, BVR, n), ROW(dbgbcr##n##_el1, BCR, n), ROW(dbgwvr##n##_el1, WVR, n),  \
	    ROW(dbgwcr##n##_el1, WCR, n)

static const struct cross_reg cross_regs[] = {
    ROW(tpidr_el0, ALWAYS, 0),
    ROW(tpidrro_el0, ALWAYS, 0),
    ROW(tpidr_el1, ALWAYS, 0),
    ROW(contextidr_el1, ALWAYS, 0),
    ROW(cntv_cval_el0, ALWAYS, 0),
    ROW(par_el1, ALWAYS, 0),
    ROW(osdlr_el1, ALWAYS, 0),
    BANK_ROWS(0),
    BANK_ROWS(1),
    BANK_ROWS(2),
    BANK_ROWS(3),
    ROW(dbgbvr4_el1, BVR, 4),
    ROW(dbgbcr4_el1, BCR, 4),
    ROW(dbgbvr5_el1, BVR, 5),
    ROW(dbgbcr5_el1, BCR, 5),
    ROW(S3_0_C2_C1_0, KEY_ADDR, 0),
    ROW(S3_0_C2_C1_1, KEY_ADDR, 1),
    ROW(S3_0_C2_C1_2, KEY_ADDR, 2),
    ROW(S3_0_C2_C1_3, KEY_ADDR, 3),
    ROW(S3_0_C2_C2_0, KEY_ADDR, 4),
    ROW(S3_0_C2_C2_1, KEY_ADDR, 5),
    ROW(S3_0_C2_C2_2, KEY_ADDR, 6),
    ROW(S3_0_C2_C2_3, KEY_ADDR, 7),
    ROW(S3_0_C2_C3_0, KEY_GA, 8),
    ROW(S3_0_C2_C3_1, KEY_GA, 9),
    {"MDCCINT_EL1", read_S2_0_C0_C2_0, write_S2_0_C0_C2_0, ALWAYS, 0, true},
    {"DBGPRCR_EL1", read_S2_0_C1_C4_4, write_S2_0_C1_C4_4, ALWAYS, 0, true},
    {"OSECCR_EL1", read_S2_0_C0_C6_2, write_S2_0_C0_C6_2, ALWAYS, 0, true},
    {"DBGCLAIM", read_claim, write_claim, ALWAYS, 0, true},
    ROW(sctlr_el1, ALWAYS, 0),
    ROW(cpacr_el1, ALWAYS, 0),
    ROW(cntkctl_el1, ALWAYS, 0),
    ROW(ttbr0_el1, ALWAYS, 0),
    ROW(ttbr1_el1, ALWAYS, 0),
    ROW(tcr_el1, ALWAYS, 0),
    ROW(mair_el1, ALWAYS, 0),
    ROW(amair_el1, ALWAYS, 0),
    ROW(afsr0_el1, ALWAYS, 0),
    ROW(afsr1_el1, ALWAYS, 0),
    ROW(csselr_el1, ALWAYS, 0),
    ROW(cntv_ctl_el0, ALWAYS, 0),
    {"cntp_cval_el0", read_cntp_cval_el0, write_cntp_cval_el0, ALWAYS, 0, true},
    {"cntp_ctl_el0", read_cntp_ctl_el0, write_cntp_ctl_el0, ALWAYS, 0, true},
    ROW(icc_pmr_el1, ALWAYS, 0),
    ROW(icc_bpr0_el1, ALWAYS, 0),
    ROW(icc_bpr1_el1, ALWAYS, 0),
    ROW(icc_igrpen0_el1, ALWAYS, 0),
    ROW(icc_igrpen1_el1, ALWAYS, 0),
    ROW(sp_el0, ALWAYS, 0),
    /* Last: an exception taken to EL1 (the undefined probes above) overwrites these. */
    ROW(esr_el1, ALWAYS, 0),
    ROW(far_el1, ALWAYS, 0),
    ROW(elr_el1, ALWAYS, 0),
    ROW(spsr_el1, ALWAYS, 0),
};

static unsigned brps, wrps;
static bool keys_addr, keys_ga;

static bool present(const struct cross_reg *r)
{
	switch (r->kind) {
	case BVR:
	case BCR:
		return r->n < brps;
	case WVR:
	case WCR:
		return r->n < wrps;
	case KEY_ADDR:
		return keys_addr;
	case KEY_GA:
		return keys_ga;
	default:
		return true;
	}
}

/* The value guest `me` writes to register i: fields that stick with the breakpoint or
 * watchpoint disabled (E = 0), addresses in the 48-bit VA range, OSDLR's double lock for guest 1
 * only, the registers' own widths for the emulated ones. */
static u64 cross_pattern(unsigned i, u64 me)
{
	const struct cross_reg *r = &cross_regs[i];
	const char *n = r->name;

	switch (r->kind) {
	case BCR:
		return me == 1 ? 0x1e2 : 0x1e4; /* BAS 0xf, PMC EL1 or EL0 */
	case WCR:
		return me == 1 ? 0x1ff2 : 0x1fec; /* BAS 0xff, LSC and PAC differ */
	case BVR:
	case WVR:
		return 0x00007ec2c0ffe000ull | me << 8 | (u64)i << 3;
	default:
		break;
	}
	if (strcmp(n, "osdlr_el1") == 0)
		return me == 1;
	if (strcmp(n, "par_el1") == 0)
		return (0x5ec2e7c0ffee0000ull & 0xfffffffff000ull) | me << 12;
	if (strcmp(n, "MDCCINT_EL1") == 0)
		return me == 1 ? 1ul << 29 : 1ul << 30;
	if (strcmp(n, "DBGPRCR_EL1") == 0)
		return 1; /* one bit: both guests set it, the other's reset value must stay 0 */
	if (strcmp(n, "OSECCR_EL1") == 0)
		return 0x5ec0u | me;
	if (strcmp(n, "DBGCLAIM") == 0)
		return me == 1 ? 0xa5 : 0x5a;
	/* cpu_setup's SCTLR_EL1 (RES1 bits, MMU off) with EL0-only controls that differ: UCI,
	 * nTWE, UCT, SA0 for guest 1; nTWI, DZE, UMA for guest 2. */
	if (strcmp(n, "sctlr_el1") == 0)
		return 0x30d00800ull | (me == 1 ? 1ul << 26 | 1ul << 18 | 1ul << 15 | 1ul << 4
						: 1ul << 16 | 1ul << 14 | 1ul << 9);
	if (strcmp(n, "cpacr_el1") == 0) /* EL1 FP/SIMD never trapped; TTA in guest 1, EL0 FP
					  * trapped in guest 2 (neither is cpu_setup's value) */
		return me == 1 ? 3ul << 20 | 1ul << 28 : 1ul << 20;
	if (strcmp(n, "cntkctl_el1") == 0) /* EL0 timer access and the event stream, all differ */
		return me == 1 ? 0x2f5 : 0x10a;
	if (strcmp(n, "tcr_el1") == 0) /* 4 KiB granules, 39 bits; or 16 KiB, 48 bits */
		return me == 1 ? 0x00000002b5193519ull : 0x0000000140108010ull;
	if (strcmp(n, "esr_el1") == 0)
		return 0x5ec2e700u | me << 4 | (i & 0xf);
	if (strcmp(n, "csselr_el1") ==
	    0) /* the level 2 data cache; the level 1 instruction cache */
		return me == 1 ? 2 : 1;
	/* The timers enabled with compare values far in the future: guest 2's masked. */
	if (strcmp(n, "cntv_ctl_el0") == 0 || strcmp(n, "cntp_ctl_el0") == 0)
		return me == 1 ? 1 : 3;
	if (strcmp(n, "cntp_cval_el0") == 0)
		return 0x5ec2e7c0ffee0000ull | me << 8 | i;
	if (strcmp(n, "icc_pmr_el1") == 0) /* 5 priority bits on both QEMU models */
		return me == 1 ? 0xf0 : 0x80;
	if (strcmp(n, "icc_bpr0_el1") == 0) /* above the minimum (2 with 5 priority bits) */
		return me == 1 ? 3 : 5;
	if (strcmp(n, "icc_bpr1_el1") == 0) /* above the minimum (3) */
		return me == 1 ? 4 : 6;
	if (strcmp(n, "icc_igrpen0_el1") == 0)
		return me == 1;
	if (strcmp(n, "icc_igrpen1_el1") == 0)
		return me == 2;
	if (strcmp(n, "spsr_el1") == 0) /* EL1h with DAIF masked; the flags differ */
		return me == 1 ? 0x600003c5ull : 0x900001c5ull;
	return 0x5ec2e7c0ffee0000ull | me << 8 | i;
}

/* ---- debug events: a guest's breakpoints, watchpoints and steps fire in it, and only there -- */

#define MDSCR_MDE (1ul << 15)
#define MDSCR_KDE (1ul << 13)
#define MDSCR_TDCC (1ul << 12)
#define MDSCR_SS 1ul
#define STEPS 6

static volatile u64 wp_var[2];

/* A breakpoint's target: an ordinary function (the handler returns to its caller). */
__attribute__((noinline)) static void bp_target(void)
{
	__asm__ volatile("" ::: "memory");
}

/* Software step from EL1 to EL1: MDSCR_EL1.SS, then an ERET with SPSR_EL1.SS set (EL1h, I/A/F
 * masked, D clear) into a run of NOPs; the handler steps STEPS of them. */
static void single_step(void)
{
	u64 daif = sysreg_read(daif);

	debug_seen.step = 0;
	debug_seen.steps_wanted = STEPS;
	/* D masked while MDSCR_EL1.SS is set: else the step machine would start at once (ERET
	 * from the kernel's emulation of the MSR with PSTATE.SS clear: active-pending) and its
	 * exception would overwrite the ELR_EL1/SPSR_EL1 written for the ERET below. */
	__asm__ volatile("msr daifset, #8" ::: "memory");
	sysreg_write(mdscr_el1, sysreg_read(mdscr_el1) | MDSCR_SS);
	isb();
	__asm__ volatile(
	    "adr x9, 1f\n\t"
	    "msr elr_el1, x9\n\t"
	    "mov x9, #0x1c5\n\t"
	    "orr x9, x9, #(1 << 21)\n\t"
	    "msr spsr_el1, x9\n\t"
	    "eret\n"
	    "1:\tnop\n\tnop\n\tnop\n\tnop\n\tnop\n\tnop\n\tnop\n\tnop\n\tnop\n\tnop\n" ::
		: "x9", "memory");
	sysreg_write(daif, daif);
	isb();
}

/* The step exceptions of one single_step(): STEPS of them, each one instruction on. */
static bool steps_in_order(void)
{
	if (debug_seen.step != STEPS)
		return false;
	for (unsigned k = 1; k < STEPS; k++)
		if (debug_seen.step_elr[k] != debug_seen.step_elr[k - 1] + 4)
			return false;
	return true;
}

/* Watchpoint w (2 or 3) on every EL0 load and store in [0x400000, 0x408000): where components
 * have their code and data (user/component.ld; the `spin` component of vm-cross-regs.xml writes
 * its .bss there all the time). DBGWVR 0x400000, MASK 15 (32 KiB: QEMU 7.2 reads only 4 bits of
 * MASK), BAS 0xff, LSC both, PAC EL0 only; or off. */
#define EL0_WATCHED 0x400000ul
static void set_el0_watchpoint(unsigned w, bool on)
{
	u64 wcr = on ? 1 | 2ul << 1 | 3ul << 3 | 0xfful << 5 | 15ul << 24 : 0;

	if (w == 3) {
		write_dbgwcr3_el1(0);
		write_dbgwvr3_el1(EL0_WATCHED);
		write_dbgwcr3_el1(wcr);
	} else {
		write_dbgwcr2_el1(0);
		write_dbgwvr2_el1(EL0_WATCHED);
		write_dbgwcr2_el1(wcr);
	}
}

/* Guest 1 arms breakpoint 1 on bp_target and watchpoint 1 on wp_var (both EL1), enables debug
 * exceptions (MDSCR_EL1.MDE/KDE, PSTATE.D clear) and single-steps now and then; guest 2 runs the
 * same code at the same addresses with debug exceptions enabled and its own EL1 breakpoints off,
 * for longer: any event it takes came from guest 1. Both arm the last watchpoint on the
 * components' EL0 data (set_el0_watchpoint): whichever guest ran before a component, the
 * component must not feel it. */
static void debug_events(u64 me)
{
	bool ok_steps = true;
	unsigned stepped = 0, last_w = wrps - 1;

	write_osdlr_el1(0);
	sysreg_write(oslar_el1, 0);
	write_dbgbcr1_el1(0);
	write_dbgwcr1_el1(0);
	if (me == 1) {
		write_dbgbvr1_el1((u64)bp_target);
		write_dbgbcr1_el1(0x1e3); /* E, PMC EL1, BAS 0xf, address match */
		write_dbgwvr1_el1((u64)&wp_var[0]);
		write_dbgwcr1_el1(0x1ffb); /* E, PAC EL1, LSC load+store, BAS 0xff */
	}
	set_el0_watchpoint(last_w, true);
	debug_seen = (struct debug_record){0};
	u64 mdscr = MDSCR_MDE | MDSCR_KDE | (me == 2 ? MDSCR_TDCC : 0);
	sysreg_write(mdscr_el1, mdscr);
	isb();
	debug_expected = true;
	__asm__ volatile("msr daifclr, #8" ::: "memory");
	u64 end = now_ticks() + ms_to_ticks(me == 1 ? 300 : 500);
	for (unsigned iter = 0; now_ticks() < end; iter++) {
		bp_target();
		wp_var[0]++;
		if (me == 1 && iter % 64 == 0) {
			single_step();
			ok_steps = ok_steps && steps_in_order();
			stepped++;
		}
	}
	__asm__ volatile("msr daifset, #8" ::: "memory");
	debug_expected = false;
	u64 mdscr_now = sysreg_read(mdscr_el1) & (MDSCR_MDE | MDSCR_KDE | MDSCR_TDCC | MDSCR_SS);
	write_dbgbcr1_el1(0);
	write_dbgwcr1_el1(0);
	set_el0_watchpoint(last_w, false);
	check(mdscr_now == mdscr, "cross-regs-mdscr-kept", "MDSCR_EL1 0x%lx, expected 0x%lx",
	      mdscr_now, mdscr);
	if (me == 1) {
		check(debug_seen.bkpt > 0 && debug_seen.bkpt_elr == (u64)bp_target,
		      "debug-breakpoint-fires",
		      "%u breakpoint exceptions, last at 0x%lx (target %p)", debug_seen.bkpt,
		      debug_seen.bkpt_elr, (void *)bp_target);
		check(debug_seen.wpt > 0 && debug_seen.wpt_far == (u64)&wp_var[0],
		      "debug-watchpoint-fires", "%u watchpoint exceptions, FAR 0x%lx (watched %p)",
		      debug_seen.wpt, debug_seen.wpt_far, (void *)&wp_var[0]);
		check(stepped > 0 && ok_steps, "debug-single-step", "%u runs of %u steps, %s",
		      stepped, STEPS, ok_steps ? "in order" : "not one instruction each");
	} else {
		check(debug_seen.bkpt == 0 && debug_seen.wpt == 0 && debug_seen.step == 0,
		      "debug-events-not-the-other-guests",
		      "%u breakpoint, %u watchpoint, %u step exceptions in the guest that set none",
		      debug_seen.bkpt, debug_seen.wpt, debug_seen.step);
	}
	sysreg_write(mdscr_el1, 0);
	isb();
}

/* The debug comms channel: nobody at the other end, whatever the other guest sent. QEMU 7.2 has
 * MDCCSR_EL0 but not the DBGDTR*_EL0 registers (UNDEFINED at EL1 before any trap: reported, not
 * counted); where the CPU has them they trap and read 0. */
static void dcc_check(u64 me)
{
	undef_expected = true;
	undef_seen = 0;
	u64 before = PROBE_READ(S2_3_C0_C1_0); /* MDCCSR_EL0 */
	u32 mdccsr_undef = undef_seen;
	sysreg_write(S2_3_C0_C5_0, 0x5ec2e7c0ffee0000ull | me); /* DBGDTRTX_EL0 */
	isb();
	u32 mark = undef_seen;
	u64 after = PROBE_READ(S2_3_C0_C1_0);
	mdccsr_undef += undef_seen - mark;
	u64 rx = PROBE_READ(S2_3_C0_C5_0);  /* DBGDTRRX_EL0 */
	u64 dtr = PROBE_READ(S2_3_C0_C4_0); /* DBGDTR_EL0 */
	u32 dtr_undef = undef_seen - mdccsr_undef;
	undef_expected = false;
	if (dtr_undef)
		con_printf("testguest: DBGDTR*_EL0 undefined on this CPU (%u accesses): not "
			   "checked\n",
			   dtr_undef);
	check(mdccsr_undef == 0 && before == 0 && after == 0 && rx == 0 && dtr == 0,
	      "debug-comms-channel-empty",
	      "MDCCSR_EL0 0x%lx, after a DBGDTRTX_EL0 write 0x%lx, DBGDTRRX_EL0 0x%lx, DBGDTR_EL0 "
	      "0x%lx, MDCCSR_EL0 undefined %u times",
	      before, after, rx, dtr, mdccsr_undef);
}

/* Each of two guests (regs=1, regs=2, equal priority, so they preempt each other) writes its own
 * pattern into every register of cross_regs the CPU has, checks that it stuck (QEMU makes some
 * registers RAZ/WI: such a register proves nothing and is reported, not counted; the ones the
 * kernel emulates must stick), runs while the other guest and the components run, and checks
 * that every value is still its own. Then the debug events (debug_events), the debug comms
 * channel, and the OS Lock: locked by guest 1, unlocked in guest 2. */
static NORETURN void run_cross_regs(u64 me)
{
	static bool stuck[ARRAY_SIZE(cross_regs)];
	u64 dfr0 = sysreg_read(id_aa64dfr0_el1), isar1 = sysreg_read(id_aa64isar1_el1);
	u64 isar2 = sysreg_read(S3_0_C0_C6_2);
	unsigned n = ARRAY_SIZE(cross_regs), checked = 0, wrote = 0, undefined = 0;
	unsigned crossed = 0, lost = 0;

	brps = (unsigned)((dfr0 >> 12) & 0xf) + 1;
	wrps = (unsigned)((dfr0 >> 20) & 0xf) + 1;
	keys_addr = ((isar1 >> 4) & 0xff) || ((isar2 >> 12) & 0xf);
	keys_ga = ((isar1 >> 24) & 0xff) || ((isar2 >> 8) & 0xf);
	con_printf("testguest: %u breakpoints, %u watchpoints, %s address keys, %s generic key\n",
		   brps, wrps, keys_addr ? "with" : "no", keys_ga ? "with" : "no");
	undef_expected = true;
	for (unsigned i = 0; i < n; i++) {
		if (!present(&cross_regs[i]))
			continue;
		u32 undef_before = undef_seen;
		u64 other = cross_pattern(i, 3 - me), v = cross_regs[i].read();
		if (v == other && other != 0) {
			con_printf("testguest: %s reads the other guest's %lx\n",
				   cross_regs[i].name, v);
			crossed++;
		}
		cross_regs[i].write(cross_pattern(i, me));
		v = cross_regs[i].read();
		stuck[i] = v == cross_pattern(i, me) && undef_seen == undef_before;
		if (undef_seen != undef_before) {
			/* Only where QEMU lacks the register (7.2: DBGPRCR, OSECCR, the claim
			 * tags): UNDEFINED at EL1 before any trap to EL2 can happen. */
			check(cross_regs[i].emulated, "cross-regs-defined", "%s is undefined",
			      cross_regs[i].name);
			con_printf("testguest: %s is undefined on this CPU: not checked\n",
				   cross_regs[i].name);
			undefined++;
			continue;
		}
		wrote++;
		if (cross_regs[i].emulated)
			check(stuck[i], "cross-regs-emulated-stick", "%s: wrote %lx, read %lx",
			      cross_regs[i].name, cross_pattern(i, me), v);
		else if (!stuck[i])
			con_printf(
			    "testguest: %s did not stick (wrote %lx, read %lx): not checked\n",
			    cross_regs[i].name, cross_pattern(i, me), v);
	}
	undef_expected = false;
	u64 end = now_ticks() + ms_to_ticks(300);
	while (now_ticks() < end)
		;
	for (unsigned i = 0; i < n; i++) {
		if (!present(&cross_regs[i]) || !stuck[i])
			continue;
		u64 v = cross_regs[i].read();
		checked++;
		if (v != cross_pattern(i, me)) {
			con_printf("testguest: %s: %lx, expected %lx\n", cross_regs[i].name, v,
				   cross_pattern(i, me));
			lost++;
		}
	}
	check(crossed == 0, "cross-regs-not-the-other-guests",
	      "%u registers held the other guest's pattern", crossed);
	check(lost == 0, "cross-regs-kept", "%u registers lost their pattern", lost);
	con_printf("testguest: %u of %u registers held a pattern and kept it (%u undefined)\n",
		   checked, wrote, undefined);
	check(checked >= 8 + 4 * 2 + 21 + (keys_addr ? 8 : 0), "cross-regs-enough-stuck",
	      "only %u registers held a pattern", checked);

	debug_events(me);
	dcc_check(me);

	sysreg_write(oslar_el1, me == 1);
	isb();
	end = now_ticks() + ms_to_ticks(200);
	while (now_ticks() < end)
		;
	u64 oslk = (sysreg_read(oslsr_el1) >> 1) & 1;
	check(oslk == (me == 1), "cross-regs-os-lock-kept", "OSLSR_EL1.OSLK %lu", oslk);
	sysreg_write(oslar_el1, 0);
	con_puts("[DONE]\n");
	power_off();
}

/* ---- the demo (bootargs "demo") ---------------------------------------------------------- */

static void demo_call(const char *what, u64 fid, u64 a1)
{
	struct smccc r = {{fid, a1}};

	smccc_call(CONDUIT_SMC, 0, &r);
	if ((s64)r.x[0] < 0)
		con_printf("smc %-24s -> %ld\n", what, (s64)r.x[0]);
	else
		con_printf("smc %-24s -> x0 0x%lx x1 0x%lx x2 0x%lx x3 0x%lx\n", what, r.x[0],
			   r.x[1], r.x[2], r.x[3]);
}

static NORETURN void run_demo(void)
{
	con_puts("use case 1: every smc traps to the kernel and reaches this guest's VMM\n");
	demo_call("PSCI_VERSION (emulate)", PSCI_VERSION, 0);
	demo_call("SMCCC_VERSION (emulate)", SMCCC_VERSION, 0);
	demo_call("TRNG_VERSION (forward)", TRNG_VERSION, 0);
	demo_call("TRNG_RND64 (forward)", TRNG_RND64, 128);
	demo_call("SIP_DERIVE_KEY64 (deny)", SIP_DERIVE_KEY64, 0);
	s64 r = call3(CONDUIT_SMC, PSCI_CPU_ON64, 1, (u64)secondary_entry, 0xd3);
	con_printf("smc PSCI_CPU_ON(vCPU 1)          -> %ld\n", r);
	if (r == PSCI_SUCCESS && wait_for(&cpus[1].starts, 1)) {
		publish(&cpus[1].off_req, cpus[1].starts);
		con_printf("vCPU 1 did PSCI CPU_OFF; AFFINITY_INFO(vCPU 1) -> %ld\n",
			   affinity_settles(CONDUIT_SMC, 1, PSCI_AFFINITY_OFF));
	}
	con_puts("PSCI SYSTEM_OFF\n");
	power_off();
}

/* The DTB where QEMU's -kernel loader puts it (above the image, its bss and stacks included),
 * and /chosen's seeds: where the VMM has entropy (the TRNG forwarded to firmware that has it),
 * a 64-byte rng-seed and an 8-byte kaslr-seed, different after a SYSTEM_RESET; else neither. */
extern char __end[];
static void check_dtb_layout_and_seeds(const void *dtb_addr, bool after_reset)
{
	int chosen = fdt_path_offset(dtb_addr, "/chosen");
	u32 rng_len = 0, kaslr_len = 0;
	const u8 *rng = chosen < 0 ? NULL : fdt_getprop(dtb_addr, chosen, "rng-seed", &rng_len);
	const u8 *kaslr =
	    chosen < 0 ? NULL : fdt_getprop(dtb_addr, chosen, "kaslr-seed", &kaslr_len);
	u64 k = 0, head = 0;

	check((u64)dtb_addr >= (u64)__end,
	      after_reset ? "dtb-above-image-after-reset" : "dtb-above-image",
	      "DTB at %p, image ends at %p", dtb_addr, __end);
	if (direct)
		return;
	if (!(trng_forward && cpu_has_rng())) {
		check(!rng && !kaslr, "dtb-no-seeds-without-entropy", "rng-seed %s, kaslr-seed %s",
		      rng ? "present" : "absent", kaslr ? "present" : "absent");
		return;
	}
	for (unsigned i = 0; kaslr && kaslr_len == 8 && i < 8; i++)
		k = k << 8 | kaslr[i];
	for (unsigned i = 0; rng && rng_len == 64 && i < 8; i++)
		head = head << 8 | rng[i];
	check(rng && rng_len == 64 && kaslr && kaslr_len == 8 && k != 0 && head != 0,
	      after_reset ? "dtb-seeds-after-reset" : "dtb-seeds",
	      "rng-seed %u bytes, kaslr-seed %u bytes (0x%lx)", rng ? rng_len : 0,
	      kaslr ? kaslr_len : 0, k);
	if (!after_reset) {
		reset_state.kaslr_seed = k;
		reset_state.rng_seed_head = head;
	} else {
		check(k != reset_state.kaslr_seed && head != reset_state.rng_seed_head,
		      "dtb-seeds-fresh-after-reset", "kaslr-seed 0x%lx, before the reset 0x%lx", k,
		      reset_state.kaslr_seed);
	}
}

void guest_main(const void *dtb_addr);
void guest_main(const void *dtb_addr)
{
	char buf[32];

	con_printf("testguest: vCPU 0 at EL%lu, DTB at %p\n", (sysreg_read(CurrentEL) >> 2) & 3,
		   dtb_addr);
	if (!dtb_parse(dtb_addr, &dtb)) {
		check(false, "dtb-valid", "no valid DTB at %p", dtb_addr);
		power_off();
	}
	con_printf("testguest: bootargs \"%s\", psci method %s, %u cpus, RAM 0x%lx+0x%lx, %s\n",
		   dtb.bootargs, dtb.psci_method, dtb.cpus, dtb.ram_base, dtb.ram_size,
		   reset_state.magic == RESET_MAGIC ? "after SYSTEM_RESET" : "first boot");
	direct = arg_present(dtb.bootargs, "direct");
	demo = arg_present(dtb.bootargs, "demo");
	if (demo)
		run_demo();
	const char *probe = arg_value(dtb.bootargs, "probe", buf, sizeof(buf));
	if (probe)
		run_probe(probe);
	const char *regs = arg_value(dtb.bootargs, "regs", buf, sizeof(buf));
	if (regs)
		run_cross_regs(regs[0] == '1' ? 1 : 2);
	beacon = arg_present(dtb.bootargs, "beacon");
	undef_calls_allowed = direct;
	if (direct)
		conduits = strcmp(dtb.psci_method, "smc") == 0 ? CONDUIT_SMC : CONDUIT_HVC;
	char soc_buf[16];
	const char *soc = arg_value(dtb.bootargs, "soc", soc_buf, sizeof(soc_buf));
	soc_mode = !soc				     ? SOC_UNCHECKED
		   : strcmp(soc, "emulate") == 0     ? SOC_EMULATE
		   : strcmp(soc, "forward") == 0     ? SOC_FORWARD
		   : strcmp(soc, "deny") == 0	     ? SOC_DENY
		   : strcmp(soc, "unsupported") == 0 ? SOC_DENY
						     : SOC_UNCHECKED;
	const char *trng = arg_value(dtb.bootargs, "expect-trng", buf, sizeof(buf));
	trng_forward = trng && strcmp(trng, "forward") == 0;
	trng_unsupported = trng && strcmp(trng, "unsupported") == 0;

	check_dtb_layout_and_seeds(dtb_addr, reset_state.magic == RESET_MAGIC);
	if (reset_state.magic == RESET_MAGIC) {
		second_boot();
		return;
	}
	check(trng && (trng_forward || trng_unsupported || strcmp(trng, "deny") == 0),
	      "bootargs-expect-trng", "expect-trng=%s", trng ? trng : "(missing)");
	const char *psci = arg_value(dtb.bootargs, "psci", buf, sizeof(buf));
	check(psci && strcmp(psci, dtb.psci_method) == 0, "dtb-psci-method",
	      "DTB says %s, bootargs psci=%s", dtb.psci_method, psci ? psci : "(missing)");
	con_printf("testguest: CPU %s FEAT_RNG\n", cpu_has_rng() ? "has" : "lacks");
	first_boot();
	power_off();
}
