/* SMC and HVC from the guest: the policy (emulate, forward, deny), PSCI 1.1 for the guest's
 * vCPUs and the SMCCC architecture calls. Portable. Every path either fills a reply or stops
 * the calling vCPU on purpose (CPU_OFF, SYSTEM_OFF, SYSTEM_RESET). */
#include <warden/fdt.h>
#include <warden/fdt_edit.h>
#include <warden/smccc_rules.h>
#include <warden/syscall.h>
#include "vmm.h"

#define RET(v) ((u64)(s64)(v)) /* return codes are sign-extended to 64 bits */

u32 vmm_fid_normalize(u64 x0)
{
	return smccc_match_key(smccc_fid(x0));
}

const struct vmm_policy_entry *vmm_policy_lookup(const struct vmm_config *cfg, u32 fid)
{
	u32 lo = 0, hi = cfg->policy_count;

	/* Sorted by first and disjoint: binary search for the last entry with first <= fid. */
	while (lo < hi) {
		u32 mid = lo + (hi - lo) / 2;
		if (cfg->policy[mid].first <= fid)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == 0)
		return NULL;
	const struct vmm_policy_entry *e = &cfg->policy[lo - 1];
#ifdef PLANT_BUG_POLICY_LAST
	return fid < e->last ? e : NULL; /* planted bug (tests/fuzz): a range's last ID missed */
#else
	return fid <= e->last ? e : NULL;
#endif
}

u32 vmm_policy_action(const struct vmm_config *cfg, u32 fid)
{
	const struct vmm_policy_entry *e = vmm_policy_lookup(cfg, fid);
	return e ? e->action : VMM_DENY;
}

const char *vmm_action_name(u32 action)
{
	switch (action) {
	case VMM_DENY:
		return "deny";
	case VMM_EMULATE:
		return "emulate";
	case VMM_FORWARD:
		return "forward";
	case VMM_FORWARD_IN_KERNEL:
		return "forward in the kernel";
	default:
		return "?";
	}
}

int vmm_mpidr_to_vcpu(const struct vmm *v, u64 mpidr)
{
	mpidr &= ~(1ull << 31); /* RES1 in MPIDR_EL1; callers may pass it or not */
	if (mpidr & ~0xffull)
		return -1; /* Aff1..Aff3 (and MT, U) must be zero: one cluster */
	if (mpidr >= v->vcpus)
		return -1;
	return (int)mpidr;
}

/* --- emulation ------------------------------------------------------------------------------ */

/* Whether the VMM's emulation implements fid (normalised). */
static bool emulated(u32 fid)
{
	switch (fid) {
	case PSCI_VERSION:
	case PSCI_CPU_SUSPEND:
	case PSCI_CPU_SUSPEND64:
	case PSCI_CPU_OFF:
	case PSCI_CPU_ON:
	case PSCI_CPU_ON64:
	case PSCI_AFFINITY_INFO:
	case PSCI_AFFINITY_INFO64:
	case PSCI_MIGRATE_INFO_TYPE:
	case PSCI_SYSTEM_OFF:
	case PSCI_SYSTEM_RESET:
	case PSCI_FEATURES:
	case SMCCC_VERSION:
	case SMCCC_ARCH_FEATURES:
	case SMCCC_ARCH_SOC_ID:
	case SMCCC_ARCH_SOC_ID64:
		return true;
	default:
		return false;
	}
}

/* Whether a call of fid by this guest would be answered by emulation (consistent with the
 * policy: an ID the policy denies or forwards is not "implemented" by the VMM). */
static bool guest_has(struct vmm *v, u32 fid)
{
	return vmm_policy_action(v->cfg, fid) == VMM_EMULATE && emulated(fid);
}

static u64 psci_features(struct vmm *v, u32 q)
{
	q = vmm_fid_normalize(q);
	if (q == SMCCC_VERSION) {
		/* Linux asks for the SMCCC version only when this succeeds. Whoever answers it
		 * (the VMM or, forwarded, the secure world) implements SMCCC >= 1.1. */
		u32 a = vmm_policy_action(v->cfg, q);
		return a == VMM_DENY ? RET(PSCI_NOT_SUPPORTED) : RET(PSCI_SUCCESS);
	}
	if (SMCCC_OEN(q) != SMCCC_OEN_STD || SMCCC_FUNC(q) > 0x1f || !guest_has(v, q))
		return RET(PSCI_NOT_SUPPORTED);
	/* CPU_SUSPEND: bit 1 = 0 original power_state format, bit 0 = 0 no OS-initiated mode. */
	return RET(PSCI_SUCCESS);
}

static void forward(struct vmm *v, const struct vmm_policy_entry *e, u32 fid, const u64 *x,
		    struct vmm_reply *r);

/* x0 of fid(a1) as the secure world answers it through the policy's forward range. */
static s64 forwarded_x0(struct vmm *v, u32 fid, u64 a1)
{
	u64 x[18] = {fid, a1};
	struct vmm_reply r;

	forward(v, vmm_policy_lookup(v->cfg, fid), fid, x, &r);
	return (s64)r.values[0];
}

/* ARCH_FEATURES(SOC_ID or SOC_ID64) where the policy forwards that ID: whether the secure world
 * implements it, asked through the same capability with the form each ID must answer (version
 * for the SMC32 ID, name for the SMC64 one). */
static u64 soc_id_features(struct vmm *v, u32 q)
{
	switch (vmm_policy_action(v->cfg, q)) {
	case VMM_EMULATE:
		return RET(SMCCC_SUCCESS);
	case VMM_FORWARD:
	case VMM_FORWARD_IN_KERNEL: {
		s64 x0 = q == SMCCC_ARCH_SOC_ID ? forwarded_x0(v, q, SOC_ID_TYPE_VERSION)
						: forwarded_x0(v, q, SOC_ID_TYPE_NAME);
		return x0 >= 0 ? RET(SMCCC_SUCCESS) : RET(SMCCC_NOT_SUPPORTED);
	}
	default:
		return RET(SMCCC_NOT_SUPPORTED);
	}
}

static u64 arch_features(struct vmm *v, u32 q)
{
	q = vmm_fid_normalize(q);
	switch (q) {
	case SMCCC_VERSION:
	case SMCCC_ARCH_FEATURES:
		return guest_has(v, q) ? RET(SMCCC_SUCCESS) : RET(SMCCC_NOT_SUPPORTED);
	case SMCCC_ARCH_SOC_ID:
	case SMCCC_ARCH_SOC_ID64:
		return soc_id_features(v, q);
	case SMCCC_ARCH_WORKAROUND_1:
	case SMCCC_ARCH_WORKAROUND_2:
	case SMCCC_ARCH_WORKAROUND_3:
		/* The kernel does nothing for Spectre v2, v4 or BHB when a guest exits (no
		 * branch-predictor invalidation, no SSBD toggling, no BHB clearing), so there is no
		 * workaround to call: NOT_SUPPORTED, which tells the guest that its own mitigations
		 * are all it has (docs/vmm.md, "CPU workarounds"). */
	default:
		return RET(SMCCC_NOT_SUPPORTED);
	}
}

/* SMCCC_ARCH_SOC_ID emulated (DEN0028 §7.4): the guest platform's own identity. The JEP-106
 * convention is the monitor's (monitor/arch_svc.c: Arm's code, bank 4, 0x3b, as TF-A's Arm
 * platforms use); the implementation-defined SoC ID 0x5756 ("WV") names Warden's virtual
 * platform, not the physical SoC, which only a forwarding policy shows. */
#define VMM_SOC_ID_VERSION (4u << 24 | 0x3bu << 16 | 0x5756u)
#define VMM_SOC_ID_REVISION 1u
static const char vmm_soc_name[] = "Warden virtual machine (QEMU virt-like)";
_Static_assert(sizeof(vmm_soc_name) <= 17 * 8, "the SoC name fits x1..x17");

static void soc_id(u32 fid, u64 type, struct vmm_reply *r)
{
	r->first = 0;
	r->count = 1;
	if (fid == SMCCC_ARCH_SOC_ID && type == SOC_ID_TYPE_VERSION) {
		r->values[0] = VMM_SOC_ID_VERSION;
	} else if (fid == SMCCC_ARCH_SOC_ID && type == SOC_ID_TYPE_REVISION) {
		r->values[0] = VMM_SOC_ID_REVISION;
	} else if (fid == SMCCC_ARCH_SOC_ID64 && type == SOC_ID_TYPE_NAME) {
		/* The NUL-terminated name in x1..x17, 8 bytes a register, first byte lowest. */
		r->count = 18;
		r->values[0] = RET(SMCCC_SUCCESS);
		for (u32 i = 1; i < 18; i++)
			r->values[i] = 0;
		for (u32 i = 0; i < sizeof(vmm_soc_name); i++)
			r->values[1 + i / 8] |= (u64)(u8)vmm_soc_name[i] << (8 * (i % 8));
	} else {
		r->values[0] = RET(SMCCC_INVALID_PARAMETER);
	}
}

static u64 cpu_on(struct vmm *v, u64 target, u64 entry, u64 context)
{
	int t = vmm_mpidr_to_vcpu(v, target);

	if (t < 0)
		return RET(PSCI_INVALID_PARAMETERS);
	if (entry < GUEST_RAM_BASE || entry - GUEST_RAM_BASE >= v->cfg->ram_size || (entry & 3))
		return RET(PSCI_INVALID_ADDRESS);
	/* The VMM handles one fault at a time, so of racing CPU_ONs exactly one sees OFF. */
	if (v->power[t] != VCPU_OFF)
		return RET(PSCI_ALREADY_ON);
	if (v->ops->vcpu_reset(v->ctx, (u32)t, entry, context) != WARDEN_OK)
		return RET(PSCI_INTERNAL_FAILURE);
	if (v->ops->vcpu_resume(v->ctx, (u32)t) != WARDEN_OK)
		return RET(PSCI_INTERNAL_FAILURE);
	v->power[t] = VCPU_ON;
	return RET(PSCI_SUCCESS);
}

static u64 affinity_info(struct vmm *v, u64 target, u64 level)
{
	if (level != 0)
		return RET(PSCI_INVALID_PARAMETERS);
	int t = vmm_mpidr_to_vcpu(v, target);
	if (t < 0)
		return RET(PSCI_INVALID_PARAMETERS);
	return v->power[t] == VCPU_ON ? RET(PSCI_AFFINITY_ON) : RET(PSCI_AFFINITY_OFF);
}

static u64 cpu_suspend(struct vmm *v, u64 power_state)
{
	/* Original format: bit 16 StateType (0 standby, 1 power down). A standby state may
	 * return at any time, so returning at once is a valid standby; power-down states are
	 * not implemented. */
	if (power_state & (1u << 16))
		return RET(PSCI_INVALID_PARAMETERS);
	return RET(PSCI_SUCCESS);
}

static enum vmm_outcome system_off(struct vmm *v, const char *why)
{
	pl011_flush(v);
	vmm_printf(v, "vmm[%s]: guest powered off (%s)\n", v->name, why);
	vmm_stop_guest(v);
	return VMM_OUT_EXIT;
}

/* --- boot and reset ------------------------------------------------------------------------ */

#define RNG_SEED_BYTES 64 /* /chosen/rng-seed: what Linux's boot code takes (it mixes any size) */
#define SEED_BYTES (RNG_SEED_BYTES + 8)

/* SEED_BYTES of entropy from the TRNG (TRNG_RND64, 192 bits a call) where the policy forwards
 * it; false if it is not forwarded, not supported, or keeps answering NO_ENTROPY. */
static bool trng_bytes(struct vmm *v, u8 *out, const char **why)
{
	const struct vmm_policy_entry *e = vmm_policy_lookup(v->cfg, TRNG_RND64);

	if (!e || (e->action != VMM_FORWARD && e->action != VMM_FORWARD_IN_KERNEL)) {
		*why = "the policy does not forward TRNG_RND64";
		return false;
	}
	for (u32 got = 0, tries = 0; got < SEED_BYTES;) {
		u64 x[18] = {TRNG_RND64, TRNG_RND64_MAX_BITS};
		struct vmm_reply r;

		forward(v, e, TRNG_RND64, x, &r);
		if ((s64)r.values[0] == TRNG_NO_ENTROPY && ++tries < 16)
			continue;
		if (r.values[0] != 0) {
			*why = "the secure world's TRNG has no entropy to give";
			return false;
		}
		for (u32 i = 0; i < 24 && got < SEED_BYTES; i++, got++)
			out[got] = (u8)(r.values[3 - i / 8] >> (8 * (i % 8)));
	}
	return true;
}

bool vmm_seed_dtb(struct vmm *v)
{
	const struct vmm_config *cfg = v->cfg;
	u8 seed[SEED_BYTES];
	const char *why = "";
	void *fdt;
	int chosen;

	if (!v->ram)
		return false;
	fdt = v->ram + (cfg->dtb - GUEST_RAM_BASE);
	if (!fdt_check(fdt, (u32)cfg->dtb_space)) {
		vmm_printf(v, "vmm[%s]: the DTB at 0x%lx is not a valid device tree; no seeds\n",
			   v->name, cfg->dtb);
		return false;
	}
	if (!trng_bytes(v, seed, &why)) {
		/* Never a made-up seed: Linux credits rng-seed as entropy. */
		vmm_printf(v, "vmm[%s]: no rng-seed or kaslr-seed in /chosen: %s\n", v->name, why);
		return false;
	}
	chosen = fdt_path_offset(fdt, "/chosen");
	if (chosen < 0)
		chosen = fdt_add_subnode(fdt, (u32)cfg->dtb_space, 0, "chosen");
	if (chosen < 0 ||
	    fdt_add_prop(fdt, (u32)cfg->dtb_space, chosen, "rng-seed", seed, RNG_SEED_BYTES) < 0 ||
	    (chosen = fdt_path_offset(fdt, "/chosen")) < 0 ||
	    fdt_add_prop(fdt, (u32)cfg->dtb_space, chosen, "kaslr-seed", seed + RNG_SEED_BYTES, 8) <
		0) {
		vmm_printf(v, "vmm[%s]: no room for the seeds in the DTB (0x%lx bytes)\n", v->name,
			   cfg->dtb_space);
		return false;
	}
	for (u32 i = 0; i < SEED_BYTES; i++)
		seed[i] = 0;
	return true;
}

void vmm_load_guest(struct vmm *v)
{
	const struct vmm_config *cfg = v->cfg;

	if (!v->ram)
		return;
	for (u32 i = 0; i < cfg->load_count; i++) {
		const struct vmm_load *l = &cfg->load[i];
		u8 *d = v->ram + (l->ipa - GUEST_RAM_BASE);
		const u8 *src = v->init + l->init_offset;
		u64 n = l->size;

		if (((u64)d | (u64)src) % 8 == 0) {
			for (u64 w = 0; w < n / 8; w++)
				((u64 *)d)[w] = ((const u64 *)src)[w];
			for (u64 b = n & ~7ull; b < n; b++)
				d[b] = src[b];
		} else {
			for (u64 b = 0; b < n; b++)
				d[b] = src[b];
		}
	}
	bool seeded = vmm_seed_dtb(v);
	if (seeded && v->boots == 0)
		vmm_printf(v,
			   "vmm[%s]: /chosen: rng-seed and kaslr-seed from the TRNG, fresh at "
			   "every boot and reset\n",
			   v->name);
	for (u32 i = 0; i < cfg->load_count; i++)
		v->ops->clean(v->ctx, v->ram + (cfg->load[i].ipa - GUEST_RAM_BASE),
			      cfg->load[i].size);
	if (cfg->load_count)
		v->ops->clean(v->ctx, v->ram + (cfg->dtb - GUEST_RAM_BASE), cfg->dtb_space);
}

bool vmm_start(struct vmm *v)
{
	vmm_load_guest(v);
	v->boots++;
	if (v->ops->vcpu_reset(v->ctx, 0, v->cfg->entry, v->cfg->dtb) != WARDEN_OK ||
	    v->ops->vcpu_resume(v->ctx, 0) != WARDEN_OK) {
		vmm_printf(v, "vmm[%s]: could not start vCPU 0\n", v->name);
		return false;
	}
	v->power[0] = VCPU_ON;
	return true;
}

static enum vmm_outcome system_reset(struct vmm *v)
{
	pl011_flush(v);
	vmm_printf(v, "vmm[%s]: guest reset (PSCI SYSTEM_RESET)\n", v->name);
	/* Stop every vCPU, the caller included (it is not replied to: its next run starts from
	 * the reset state), reload RAM with fresh seeds, and start vCPU 0 as at boot. */
	vmm_stop_guest(v);
	pl011_reset(v);
	if (v->ops->vgic_reset && v->ops->vgic_reset(v->ctx) != WARDEN_OK)
		vmm_printf(v, "vmm[%s]: the kernel refused to reset the vGIC\n", v->name);
	if (!vmm_start(v)) {
		vmm_fault_stop(v);
		return VMM_OUT_EXIT;
	}
	return VMM_OUT_NO_REPLY;
}

static enum vmm_outcome cpu_off(struct vmm *v, u32 vcpu)
{
	u32 on = 0;

	for (u32 i = 0; i < v->vcpus; i++)
		on += v->power[i] == VCPU_ON && i != vcpu;
	if (on == 0)
		return system_off(v, "PSCI CPU_OFF of the last vCPU");
	v->ops->vcpu_suspend(v->ctx, vcpu);
	v->power[vcpu] = VCPU_OFF;
	return VMM_OUT_NO_REPLY;
}

static void set_x0(struct vmm_reply *r, u64 x0)
{
	r->first = 0;
	r->count = 1;
	r->values[0] = x0;
}

/* An emulated call: a, the arguments x1..x7 (low 32 bits only for SMC32 calls). */
static enum vmm_outcome emulate(struct vmm *v, u32 vcpu, u32 fid, const u64 *a, struct vmm_reply *r)
{
	switch (fid) {
	case PSCI_VERSION:
		set_x0(r, PSCI_VERSION_1_1);
		break;
	case PSCI_FEATURES:
		set_x0(r, psci_features(v, (u32)a[1]));
		break;
	case PSCI_CPU_ON:
	case PSCI_CPU_ON64:
		set_x0(r, cpu_on(v, a[1], a[2], a[3]));
		break;
	case PSCI_CPU_OFF:
		return cpu_off(v, vcpu);
	case PSCI_CPU_SUSPEND:
	case PSCI_CPU_SUSPEND64:
		set_x0(r, cpu_suspend(v, a[1]));
		break;
	case PSCI_AFFINITY_INFO:
	case PSCI_AFFINITY_INFO64:
		set_x0(r, affinity_info(v, a[1], a[2]));
		break;
	case PSCI_MIGRATE_INFO_TYPE:
		set_x0(r, PSCI_TOS_NOT_PRESENT_MP);
		break;
	case PSCI_SYSTEM_OFF:
		return system_off(v, "PSCI SYSTEM_OFF");
	case PSCI_SYSTEM_RESET:
		return system_reset(v);
	case SMCCC_VERSION:
		set_x0(r, SMCCC_VERSION_1_2);
		break;
	case SMCCC_ARCH_FEATURES:
		set_x0(r, arch_features(v, (u32)a[1]));
		break;
	case SMCCC_ARCH_SOC_ID:
	case SMCCC_ARCH_SOC_ID64:
		soc_id(fid, a[1], r);
		break;
	case WARDEN_HYP_BENCH_MARK: /* only where the policy emulates it (bench_mark.h) */
		vmm_bench_mark(v, a, r);
		break;
	case WARDEN_HYP_SET_SPI: /* only where the policy emulates it (vmm.h) */
		if (a[1] < 32 || a[1] >= 96 || a[2] > 1)
			set_x0(r, RET(PSCI_INVALID_PARAMETERS)); /* not an SPI line of the vGIC */
		else if (!v->ops->set_irq_level)
			set_x0(r, RET(SMCCC_NOT_SUPPORTED));
		else
			v->ops->set_irq_level(v->ctx, (u32)a[1], a[2] != 0), set_x0(r, 0);
		break;
	default:
		set_x0(r, RET(SMCCC_NOT_SUPPORTED));
	}
	return VMM_OUT_REPLY;
}

/* A forwarded call goes through the VMM's SMC capability, whose kernel path applies the
 * rulebook (smccc_rules.h): SMC32 arguments cut to 32 bits, bit 16 cleared, the results the
 * firmware's SMCCC version defines (SMC32 ones cut), and every other register given back as
 * passed. So the VMM passes the guest's own registers and returns what comes back: under SMCCC
 * 1.0 firmware the guest keeps its own x4..x17. SMC32 calls use the 1.1 form (x0..x7), SMC64
 * calls the 1.2 form (x0..x17). */
static void forward(struct vmm *v, const struct vmm_policy_entry *e, u32 fid, const u64 *x,
		    struct vmm_reply *r)
{
	bool smc64 = SMCCC_IS_SMC64(fid);
	u64 regs[18];

	for (u32 i = 0; i < 18; i++)
		regs[i] = smc64 || i < 8 ? x[i] : 0;
	regs[0] = smccc_fid_for_el3(fid); /* W0, hint cleared: the capability ABI wants no more */
	if (v->ops->smc(v->ctx, e->cap_slot, smc64, regs) != WARDEN_OK) {
		set_x0(r, RET(SMCCC_NOT_SUPPORTED));
		return;
	}
	r->first = 0;
	r->count = smc64 ? 18 : 8;
	for (u32 i = 0; i < r->count; i++)
		r->values[i] = regs[i];
}

enum vmm_outcome vmm_smccc(struct vmm *v, u32 vcpu, u64 imm, const u64 *x, struct vmm_reply *r)
{
	/* The PC is already past the smc/hvc: never ADVANCE. */
	r->flags = 0;
	u32 fid = vmm_fid_normalize(x[0]);
	/* A nonzero immediate, or a fast ID with must-be-zero bits set, names no call. */
	if (!smccc_imm_allowed((u32)imm) || !smccc_fid_well_formed(fid)) {
		set_x0(r, RET(SMCCC_NOT_SUPPORTED));
		return VMM_OUT_REPLY;
	}
	const struct vmm_policy_entry *e = vmm_policy_lookup(v->cfg, fid);
	u32 action = e ? e->action : VMM_DENY;

	switch (action) {
	case VMM_EMULATE: {
		u64 a[8];
		for (u32 i = 1; i < 8; i++)
			a[i] = smccc_arg(fid, x[i]);
		a[0] = fid;
		return emulate(v, vcpu, fid, a, r);
	}
	case VMM_FORWARD:
	case VMM_FORWARD_IN_KERNEL: /* reaches the VMM only if the binding is gone or refused */
		forward(v, e, fid, x, r);
		return VMM_OUT_REPLY;
	default:
		set_x0(r, RET(SMCCC_NOT_SUPPORTED));
		return VMM_OUT_REPLY;
	}
}
