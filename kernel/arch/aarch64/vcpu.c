/* vCPU context switching (EL1 system registers, GICv3 virtual interface, virtual timer) and
 * guest traps. The state is switched eagerly: whenever a native thread runs, the CPU holds no
 * guest value an EL0 component could read (TPIDR_EL0, the virtual timer, ...). */
#include <kernel/console.h>
#include <kernel/el0_state.h>
#include <kernel/fpsimd.h>
#include <kernel/gic.h>
#include <kernel/idreg.h>
#include <kernel/kernel.h>
#include <kernel/mmu.h>
#include <kernel/sysreg.h>
#include <kernel/sysreg_table.h>
#include <kernel/vcpu.h>
#include <kernel/vtimer.h>
#include <kernel/vgic.h>
#include <warden/syscall.h>

#define SCTLR_EL1_RESET 0x30d00800ull /* RES1 bits, MMU and caches off */
#define OSLSR_OSLK BIT(1)
#define MDSCR_TDCC BIT(12)
#define HCR_TIDCP BIT(20)
#define HCR_TLOR BIT(35)
#define HCR_TERR BIT(36)
#define SPSR_EL1H_MASKED 0x3c5ull
#define HCR_API BIT(41)
#define HCR_APK BIT(40)
#define HCR_BSU_INNER (1ull << 10)
#define HCR_FB BIT(9)
#define MDCR_TPM BIT(6)
#define MDCR_TPMCR BIT(5)
#define MDCR_TDA BIT(9)
#define MDCR_TDOSA BIT(10)

static bool have_vcpus, have_pauth, have_ras;
static bool sysreg_present[F_COUNT]; /* which of the table's features this CPU has */
static u32 nr_lr, nr_apr, pri_bits;
static u32 hw_lr_used; /* list registers 0..hw_lr_used-1 of this CPU may be nonzero */
static u64 hcr_guest, hcr_native, mdcr_native, mdcr_guest, native_sctlr;
struct vcpu *vcpu_loaded_now;
bool vcpu_guest_mode; /* HCR_EL2 and the EL0-visible registers are the loaded vCPU's */

#define LR_CASE(n, crm, op2)                                                                       \
	case n:                                                                                    \
		if (write)                                                                         \
			write_sysreg(S3_4_C12_##crm##_##op2, *v);                                  \
		else                                                                               \
			*v = read_sysreg(S3_4_C12_##crm##_##op2);                                  \
		break

static void lr_access(u32 n, u64 *v, bool write)
{
	switch (n) {
		LR_CASE(0, C12, 0);
		LR_CASE(1, C12, 1);
		LR_CASE(2, C12, 2);
		LR_CASE(3, C12, 3);
		LR_CASE(4, C12, 4);
		LR_CASE(5, C12, 5);
		LR_CASE(6, C12, 6);
		LR_CASE(7, C12, 7);
		LR_CASE(8, C13, 0);
		LR_CASE(9, C13, 1);
		LR_CASE(10, C13, 2);
		LR_CASE(11, C13, 3);
		LR_CASE(12, C13, 4);
		LR_CASE(13, C13, 5);
		LR_CASE(14, C13, 6);
		LR_CASE(15, C13, 7);
	}
}

#define APR_CASE(count, n)                                                                         \
	case count:                                                                                \
		if (write) {                                                                       \
			write_sysreg(S3_4_C12_C8_##n, v->ap0r[n]);                                 \
			write_sysreg(S3_4_C12_C9_##n, v->ap1r[n]);                                 \
		} else {                                                                           \
			v->ap0r[n] = read_sysreg(S3_4_C12_C8_##n);                                 \
			v->ap1r[n] = read_sysreg(S3_4_C12_C9_##n);                                 \
		}

/* ICH_AP0R<n>_EL2 and ICH_AP1R<n>_EL2: every one the hardware has (nr_apr, from
 * ICH_VTR_EL2.PREbits: 1 with 5 preemption bits, 2 with 6, 4 with 7). */
static void apr_access(struct vcpu *v, bool write)
{
	switch (nr_apr) { /* from the highest present down to 0 */
		APR_CASE(4, 3);
		__attribute__((fallthrough));
		APR_CASE(3, 2);
		__attribute__((fallthrough));
		APR_CASE(2, 1);
		__attribute__((fallthrough));
		APR_CASE(1, 0);
	}
}

static void vcpu_unload(struct vcpu *v);

bool vcpus_exist(void)
{
	return have_vcpus;
}

static unsigned id_field(u64 reg, unsigned shift)
{
	return (unsigned)(reg >> shift) & 0xf;
}

/* The table's features (sysreg_table.h), from this CPU's ID registers. */
static void find_sysreg_features(void)
{
	u64 pfr0 = read_sysreg(id_aa64pfr0_el1), pfr1 = read_sysreg(id_aa64pfr1_el1);
	u64 dfr0 = read_sysreg(id_aa64dfr0_el1), mmfr1 = read_sysreg(id_aa64mmfr1_el1);
	unsigned brps = id_field(dfr0, 12) + 1, wrps = id_field(dfr0, 20) + 1;
	unsigned pmuver = id_field(dfr0, 8);

	/* Breakpoints and watchpoints beyond the table's would be shared by every guest. */
	if (brps > 6 || wrps > 4)
		panic("this CPU has %u breakpoints and %u watchpoints; the register table "
		      "(kernel/include/kernel/sysreg_table.h) switches 6 and 4",
		      brps, wrps);
	sysreg_present[F_BASE] = sysreg_present[F_IMPDEF] = true;
	sysreg_present[F_PAUTH] = have_pauth;
	sysreg_present[F_RAS] = have_ras;
	sysreg_present[F_LOR] = id_field(mmfr1, 16) != 0;
	sysreg_present[F_SVE] = id_field(pfr0, 32) != 0;
	sysreg_present[F_SME] = id_field(pfr1, 24) != 0;
	sysreg_present[F_CSV2_2] = id_field(pfr0, 56) >= 2 || id_field(pfr1, 32) >= 2;
	sysreg_present[F_BRP2] = brps > 2;
	sysreg_present[F_BRP3] = brps > 3;
	sysreg_present[F_BRP4] = brps > 4;
	sysreg_present[F_BRP5] = brps > 5;
	sysreg_present[F_WRP2] = wrps > 2;
	sysreg_present[F_WRP3] = wrps > 3;
	sysreg_present[F_PMU] = pmuver != 0 && pmuver != 0xf;
	sysreg_present[F_PMU_V3P4] = pmuver >= 5 && pmuver != 0xf;
}

/* EL2 controls that reset to UNKNOWN values, written where the ID registers say they exist.
 * Assumption: firmware enabled them at EL3 (SCR_EL3.FGTEn, HXEn; this project's monitor and
 * TF-A do), or these writes trap to EL3. */
static void known_el2_controls(void)
{
	u64 mmfr0 = read_sysreg(id_aa64mmfr0_el1), mmfr1 = read_sysreg(id_aa64mmfr1_el1);

	/* The MIDR_EL1 guests read (issue 13's ID table may narrow it). */
	write_sysreg(vpidr_el2, read_sysreg(midr_el1));
	if (id_field(mmfr1, 40)) /* FEAT_HCX: none of HCRX_EL2's features enabled */
		write_sysreg(S3_4_C1_C2_2, 0);
	if (id_field(mmfr0, 56)) { /* FEAT_FGT: no fine-grained trap set; the n-bits (registers
				    * of later features) clear, so those trap */
		write_sysreg(S3_4_C1_C1_4, 0);			/* HFGRTR_EL2 */
		write_sysreg(S3_4_C1_C1_5, 0);			/* HFGWTR_EL2 */
		write_sysreg(S3_4_C1_C1_6, 0);			/* HFGITR_EL2 */
		write_sysreg(S3_4_C3_C1_4, 0);			/* HDFGRTR_EL2 */
		write_sysreg(S3_4_C3_C1_5, 0);			/* HDFGWTR_EL2 */
		if (id_field(read_sysreg(id_aa64pfr0_el1), 44)) /* FEAT_AMUv1 */
			write_sysreg(S3_4_C3_C1_6, 0);		/* HAFGRTR_EL2 */
	}
	isb();
}

void vcpu_init_arch(void)
{
	u64 isar1 = read_sysreg(id_aa64isar1_el1), isar2 = read_sysreg(S3_0_C0_C6_2);

	/* APA, API, GPA, GPI (and APA3, GPA3): pointer authentication for the guest without
	 * traps. */
	have_pauth =
	    (isar1 & (0xffull << 4)) || (isar1 & (0xffull << 24)) || (isar2 & (0xffull << 8));
	have_ras = ((read_sysreg(id_aa64pfr0_el1) >> 28) & 0xf) != 0;
	u64 vtr = read_sysreg(S3_4_C12_C11_1);	    /* ICH_VTR_EL2 */
	nr_lr = (u32)(vtr & 0x1f) + 1;		    /* ListRegs */
	nr_apr = 1u << (((vtr >> 26) & 7) + 1 - 5); /* PREbits + 1 = 5, 6 or 7 */
	pri_bits = (u32)((vtr >> 29) & 7) + 1;	    /* PRIbits + 1 */
	if (nr_lr > 16)
		nr_lr = 16;
	find_sysreg_features();
	known_el2_controls();
	hcr_native = read_sysreg(hcr_el2);
	/* TACR, TIDCP: ACTLR_EL1 and the IMPLEMENTATION DEFINED registers trap; TLOR, TERR: the
	 * LORegion and RAS error-record registers trap where they exist; EnSCXT stays clear
	 * (SCXTNUM_ELx trap). The table's "refused" rows (sysreg_table.h). */
	hcr_guest = HCR_RW | HCR_VM | HCR_IMO | HCR_FMO | HCR_AMO | HCR_TSC | HCR_TWI | HCR_TWE |
		    HCR_SWIO | HCR_FB | HCR_BSU_INNER | HCR_TAC | HCR_TIDCP | HCR_TID3 |
		    (have_pauth ? HCR_API | HCR_APK : 0) | (sysreg_present[F_LOR] ? HCR_TLOR : 0) |
		    (have_ras ? HCR_TERR : 0);
	mdcr_native = read_sysreg(mdcr_el2);
	/* The PMU traps (TPM, TPMCR); where the CPU has them, the statistical profiling extension
	 * (TPMS, with E2PB = 0: the buffer is EL2's) and trace filter controls (TTRF) trap too. */
	u64 dfr0 = read_sysreg(id_aa64dfr0_el1);
	mdcr_guest = (mdcr_native & 0x1f) | MDCR_TPM | MDCR_TPMCR;
	/* Every debug register access traps (TDA; TDOSA: the OS Lock and power-down registers):
	 * the kernel performs it on the vCPU's own registers or emulates it (vdebug.c). The debug
	 * comms channel, shared with an external debugger, and the claim tags are never the
	 * CPU's. */
	mdcr_guest |= MDCR_TDA | MDCR_TDOSA;
	if (id_field(dfr0, 32)) /* PMSVer */
		mdcr_guest |= BIT(14);
	if (id_field(dfr0, 40)) /* TraceFilt */
		mdcr_guest |= BIT(19);
	native_sctlr = SCTLR_EL1_NATIVE;
}

struct vcpu *vcpu_create(u64 vmpidr, u32 index)
{
	struct vcpu *v = mem_alloc(sizeof(*v), 16);

	v->vmpidr = vmpidr;
	v->index = index;
	have_vcpus = true;
	return v;
}

void vcpu_reset(struct tcb *t, u64 pc, u64 arg)
{
	struct vcpu *v = t->vcpu;

	vgic_fold(v->gic); /* what its list registers hold goes back to its redistributor */
	vcpu_unload(v);
	vgic_cpu_reset(v->gic);
	for (u32 i = 0; i < ARRAY_SIZE(v->sysregs); i++)
		v->sysregs[i] = 0;
	v->vmcr = 0;
	for (u32 i = 0; i < 4; i++)
		v->ap0r[i] = v->ap1r[i] = 0;
	v->vserror = false;
	vtimer_reset(t);
	v->sysregs[SRI_SCTLR_EL1] = SCTLR_EL1_RESET;
	v->sysregs[SRI_OSLSR_EL1] = OSLSR_OSLK; /* the OS Lock is set at reset */
	for (u32 i = 0; i < 31; i++)
		t->regs.x[i] = 0;
	t->regs.x[0] = arg;
	t->regs.sp = 0;
	t->regs.pc = pc;
	t->regs.spsr = SPSR_EL1H_MASKED;
	el0_state_forget(t);
	t->regs.tpidr_el0 = 0;
	t->regs.pmuserenr = PMUSERENR_VCPU; /* EL0 PMU accesses reach EL2: UNDEF (el0_state.h) */
	for (u32 i = 0; i < 32; i++)
		t->fp.q[i] = 0;
	t->fp.fpsr = t->fp.fpcr = 0;
	/* The CPU may still hold its old FP/SIMD registers as their owner: drop the ownership, so
	 * its first FP instruction traps and loads the zeroed state above. */
	fpsimd_forget(t);
	for (u32 i = 0; i < ARRAY_SIZE(t->fault_msg); i++)
		t->fault_msg[i] = 0;
	/* Its VMM may have rewritten guest code (SYSTEM_RESET's reload) and cleaned it to the PoC
	 * from EL0 (docs/memory.md); no instruction-cache line may still hold the old code. */
	icache_inval_all();
}

/* Save and load, generated from the table (sysreg_table.h) in its order: one statement per row
 * of the wanted class, present only where the CPU has the row's feature. */
#define SAVE_SR_VCPU(name, feature, access)                                                        \
	if (feature == F_BASE || sysreg_present[feature])                                          \
		v->sysregs[SRI_##name] = read_sysreg(access);
#define LOAD_SR_VCPU(name, feature, access)                                                        \
	if (feature == F_BASE || sysreg_present[feature])                                          \
		write_sysreg(access, v->sysregs[SRI_##name]);
#define SAVE_SR_VCPU_PARKED SAVE_SR_VCPU
#define LOAD_SR_VCPU_PARKED LOAD_SR_VCPU
#define NOTHING(name, feature, access)
#define SAVE_SR_THREAD NOTHING
#define SAVE_SR_VCPU_BY_HAND NOTHING
#define SAVE_SR_ID NOTHING
#define SAVE_SR_CONST NOTHING
#define SAVE_SR_REFUSED NOTHING
#define SAVE_SR_EMULATED NOTHING
#define SAVE_SR_HIDDEN NOTHING
#define SAVE_SR_SECURE NOTHING
#define SAVE_SR_EL2 NOTHING
#define SAVE_SR_NOT_ISOLATED NOTHING
#define SAVE_SR_EMULATED_CONST NOTHING
#define LOAD_SR_THREAD NOTHING
#define LOAD_SR_VCPU_BY_HAND NOTHING
#define LOAD_SR_ID NOTHING
#define LOAD_SR_CONST NOTHING
#define LOAD_SR_REFUSED NOTHING
#define LOAD_SR_EMULATED NOTHING
#define LOAD_SR_HIDDEN NOTHING
#define LOAD_SR_SECURE NOTHING
#define LOAD_SR_EL2 NOTHING
#define LOAD_SR_NOT_ISOLATED NOTHING
#define LOAD_SR_EMULATED_CONST NOTHING
/* Only the parked class: the rest of the vCPU rows are "private". */
#define SAVE_PARKED(name, qemu, class, feature, access, how)                                       \
	if (class == SR_VCPU_PARKED) {                                                             \
		SAVE_##class(name, feature, access)                                                \
	}
#define LOAD_PARKED(name, qemu, class, feature, access, how)                                       \
	if (class == SR_VCPU_PARKED) {                                                             \
		LOAD_##class(name, feature, access)                                                \
	}
#define SAVE_PRIVATE(name, qemu, class, feature, access, how)                                      \
	if (class == SR_VCPU) {                                                                    \
		SAVE_##class(name, feature, access)                                                \
	}
#define LOAD_PRIVATE(name, qemu, class, feature, access, how)                                      \
	if (class == SR_VCPU) {                                                                    \
		LOAD_##class(name, feature, access)                                                \
	}

/* The registers EL0 can see or that shape how EL0 runs (class SR_VCPU_PARKED): switched on
 * every change between a guest and a native thread (TPIDR_EL0 is per thread: el0_state.h). */
static void save_shared(struct vcpu *v)
{
	if (__builtin_expect(v->vserror, 0)) /* injected: still pending, or taken? */
		v->vserror = (read_sysreg(hcr_el2) & HCR_VSE) != 0;
	SYSREGS(SAVE_PARKED)
}

static void load_shared(struct vcpu *v)
{
	SYSREGS(LOAD_PARKED)
}

/* The rest (class SR_VCPU): EL1-only state, the virtual timer (EL0 components may not read it:
 * CNTKCTL_EL1 of native threads leaves EL0VTEN clear), debug registers (native threads run with
 * MDSCR_EL1.MDE/KDE/SS clear), the OS Lock, and the GIC virtual interface (EL2-only). */
static void save_private(struct vcpu *v)
{
	SYSREGS(SAVE_PRIVATE)
	v->sysregs[SRI_OSLSR_EL1] = read_sysreg(oslsr_el1) & OSLSR_OSLK;
	for (u32 i = 0; i < v->gic->lr_used; i++) /* the rest are empty, and stay so */
		lr_access(i, &v->gic->lr[i], false);
	v->vmcr = read_sysreg(S3_4_C12_C11_7); /* ICH_VMCR_EL2 */
	apr_access(v, false);
}

static void load_private(struct vcpu *v)
{
	SYSREGS(LOAD_PRIVATE)
	write_sysreg(oslar_el1, v->sysregs[SRI_OSLSR_EL1] ? 1 : 0);
	u32 n = v->gic->lr_used > hw_lr_used ? v->gic->lr_used : hw_lr_used;
	for (u32 i = 0; i < n; i++) /* gic->lr[] is 0 from lr_used on */
		lr_access(i, &v->gic->lr[i], true);
	hw_lr_used = v->gic->lr_used;
	write_sysreg(S3_4_C12_C11_7, v->vmcr);
	apr_access(v, true);
	write_sysreg(vmpidr_el2, v->vmpidr);
}

/* Native threads: none of the guest's EL0-visible state, EL1 state ignored (HCR_EL2.TGE). The
 * thread switch itself loads the thread's own TPIDR_EL0 and PMU grant. */
static void enter_native_mode(void)
{
	write_sysreg(tpidrro_el0, 0);
	write_sysreg(cntkctl_el1, 3);
	write_sysreg(sctlr_el1, native_sctlr);
	write_sysreg(cpacr_el1, 3ull << 20);
	write_sysreg(mdscr_el1, MDSCR_TDCC); /* no breakpoints, no single step, no DCC */
	write_sysreg(S3_4_C12_C11_0, 0);     /* ICH_HCR_EL2: virtual interface off */
	write_sysreg(hcr_el2, hcr_native);
	write_sysreg(mdcr_el2, mdcr_native);
	vcpu_guest_mode = false;
}

static void enter_guest_mode(struct vcpu *v)
{
	u64 hcr = hcr_guest;

	load_shared(v);
	if (__builtin_expect(v->vserror, 0)) {
		if (have_ras)
			write_sysreg(S3_4_C5_C2_3, /* VSESR_EL2 */ v->vsesr);
		hcr |= HCR_VSE;
	}
	write_sysreg(hcr_el2, hcr);
	write_sysreg(mdcr_el2, mdcr_guest);
	write_sysreg(S3_4_C12_C11_0, v->gic->hcr); /* ICH_HCR_EL2: En, UIE/NPIE (kernel/vgic.c) */
	vcpu_guest_mode = true;
}

/* A vCPU's state stays in the CPU while native threads run (typically its VMM): only what EL0
 * could see or feel is swapped out ("parked"). It is saved in full only when another vCPU needs
 * the CPU, or when its VMM resets it. */
void vcpu_switch(struct tcb *t)
{
	struct vcpu *v = t ? t->vcpu : NULL, *cur = vcpu_loaded_now;

	if (!v) {
		if (vcpu_guest_mode) {
			save_shared(cur);
			enter_native_mode();
			isb();
		}
		return;
	}
	if (v != cur) {
		if (cur) {
			if (vcpu_guest_mode)
				save_shared(cur);
			save_private(cur);
			cur->loaded = false;
			vtimer_saved(cur->thread);
		}
		load_private(v);
		v->loaded = true;
		vcpu_loaded_now = v;
		vtimer_loaded(v->thread);
	} else if (vcpu_guest_mode) {
		return;
	}
	enter_guest_mode(v);
	isb();
}

/* The vCPU's state will be rewritten in memory: drop what the CPU holds of it. */
static void vcpu_unload(struct vcpu *v)
{
	if (vcpu_loaded_now != v)
		return;
	if (vcpu_guest_mode)
		enter_native_mode();
	v->loaded = false;
	vcpu_loaded_now = NULL;
	write_sysreg(cntv_ctl_el0, 0); /* its timer must not fire for whoever comes next */
	isb();
	vtimer_cpu_cleared();
}

void vcpu_lrs_fetch(struct vcpu *v)
{
	if (!v->loaded)
		return;
	for (u32 i = 0; i < v->gic->lr_used; i++)
		lr_access(i, &v->gic->lr[i], false);
	if (vcpu_guest_mode) { /* EOIcount counts only while the interface is enabled */
		u64 eoicount = 0x1full << ICH_HCR_EOICOUNT_SHIFT;
		v->gic->hcr = (v->gic->hcr & ~eoicount) | (read_sysreg(S3_4_C12_C11_0) & eoicount);
	}
}

void vcpu_lrs_commit(struct vcpu *v)
{
	if (!v->loaded)
		return;
	u32 n = v->gic->lr_used > hw_lr_used ? v->gic->lr_used : hw_lr_used;
	for (u32 i = 0; i < n; i++)
		lr_access(i, &v->gic->lr[i], true);
	hw_lr_used = v->gic->lr_used;
	if (vcpu_guest_mode)
		write_sysreg(S3_4_C12_C11_0, v->gic->hcr);
	isb();
}

u64 vcpu_vmcr(struct vcpu *v)
{
	return v->loaded ? read_sysreg(S3_4_C12_C11_7) : v->vmcr;
}

u32 vcpu_nr_lr(void)
{
	return nr_lr;
}

u32 vcpu_pri_bits(void)
{
	return pri_bits;
}

void vcpu_inject_serror(struct tcb *t, u64 vsesr)
{
	struct vcpu *v = t->vcpu;

	v->vserror = true;
	v->vsesr = vsesr;
	if (v->loaded && vcpu_guest_mode) {
		if (have_ras)
			write_sysreg(S3_4_C5_C2_3, /* VSESR_EL2 */ vsesr);
		write_sysreg(hcr_el2, read_sysreg(hcr_el2) | HCR_VSE);
		isb();
	}
}

/* An exception taken to EL1 (Arm ARM D1.10 "Exception entry"): SPSR_EL1 and ELR_EL1 keep where
 * the guest was (ELR at the instruction that took it), ESR_EL1 its syndrome, FAR_EL1 an address
 * where the syndrome has one; PSTATE becomes EL1h with D, A, I and F masked, PAN set unless
 * SCTLR_EL1.SPAN, SSBS from SCTLR_EL1.DSSBS, and the pc goes to VBAR_EL1's vector for where it
 * came from. The vCPU's EL1 registers are in the CPU while it is loaded (also while its VMM
 * runs: they are not parked), in memory otherwise. */
#define ESR_IL BIT(25)
#define ISS_CM BIT(8)
#define ISS_WNR BIT(6)
#define FSC_SEA 0x10
#define SPSR_PAN BIT(22)
#define SPSR_SSBS BIT(12)
#define SPSR_M_EL1H 0x5
#define SCTLR_SPAN BIT(23)
#define SCTLR_DSSBS BIT(44)

static bool from_el1(u64 spsr)
{
	return (spsr & 0xc) == 0x4;
}

static void take_exception_el1(struct tcb *t, u64 esr, bool set_far, u64 far)
{
	struct vcpu *v = t->vcpu;
	u64 spsr = t->regs.spsr, vbar;
	bool loaded = v->loaded, aarch32 = spsr & 0x10;
	u64 vector = from_el1(spsr) ? ((spsr & 1) ? 0x200 : 0x000) : (aarch32 ? 0x600 : 0x400);
	/* SCTLR_EL1 is switched with the EL0-visible state: in memory unless the CPU is in
	 * guest mode for this vCPU (in a trap it is; a reply comes from its VMM, so it is not). */
	u64 sctlr = loaded && vcpu_guest_mode ? read_sysreg(sctlr_el1) : v->sysregs[SRI_SCTLR_EL1];
	u64 pstate = SPSR_DAIF | SPSR_M_EL1H | (spsr & SPSR_PAN);

	if ((read_sysreg(id_aa64mmfr1_el1) >> 20) & 0xf) /* FEAT_PAN */
		pstate |= (sctlr & SCTLR_SPAN) ? 0 : SPSR_PAN;
	if (((read_sysreg(id_aa64pfr1_el1) >> 4) & 0xf) && (sctlr & SCTLR_DSSBS)) /* FEAT_SSBS */
		pstate |= SPSR_SSBS;
	if (loaded) {
		write_sysreg(esr_el1, esr);
		if (set_far)
			write_sysreg(far_el1, far);
		write_sysreg(elr_el1, t->regs.pc);
		write_sysreg(spsr_el1, spsr);
		vbar = read_sysreg(vbar_el1);
	} else {
		v->sysregs[SRI_ESR_EL1] = esr;
		if (set_far)
			v->sysregs[SRI_FAR_EL1] = far;
		v->sysregs[SRI_ELR_EL1] = t->regs.pc;
		v->sysregs[SRI_SPSR_EL1] = spsr;
		vbar = v->sysregs[SRI_VBAR_EL1];
	}
	t->regs.pc = vbar + vector;
	t->regs.spsr = pstate;
}

/* The syndrome of an SEA is a synchronous external abort, not on a table walk (ISV 0,
 * DFSC/IFSC 0x10, WnR and CM as the stage-2 abort had them; FnV 0: FAR_EL1 holds the faulting
 * VA). */
void vcpu_inject_sea(struct tcb *t)
{
	u64 esr2 = t->fault_msg[VFAULT_ESR], ec = ESR_EC(esr2);

	if (ec != EC_DABT_LOW && ec != EC_IABT_LOW)
		return;
	bool el1 = from_el1(t->regs.spsr);
	u64 esr = (u64)(ec == EC_DABT_LOW ? (el1 ? EC_DABT_CUR : EC_DABT_LOW)
					  : (el1 ? EC_IABT_CUR : EC_IABT_LOW))
		      << ESR_EC_SHIFT |
		  ESR_IL | FSC_SEA;
	if (ec == EC_DABT_LOW)
		esr |= esr2 & (ISS_CM | ISS_WNR);
	take_exception_el1(t, esr, true, t->vcpu->fault_va);
}

/* EC 0 (unknown reason), IL 1, ISS 0: what an UNDEFINED instruction takes (Arm ARM D17.2.37);
 * FAR_EL1 is UNKNOWN for it and left alone. */
void vcpu_inject_undef(struct tcb *t)
{
	take_exception_el1(t, (u64)EC_UNKNOWN << ESR_EC_SHIFT | ESR_IL, false, 0);
}
