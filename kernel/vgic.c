/* The virtual GIC in the kernel (docs/vgic.md): the portable state machine (lib/src/vgic.c)
 * bound to the vCPUs, their list registers, their GICD/GICR frames and SGI register traps, the
 * maintenance interrupt, and the VMM's SPI lines. kernel/include/kernel/vgic.h has the
 * contract with the timers and WFI. */
#include <kernel/console.h>
#include <kernel/kernel.h>
#include <kernel/mmu.h>
#include <kernel/sysreg.h>
#include <kernel/vcpu.h>
#include <kernel/vgic.h>

/* --- the hooks of the portable core ------------------------------------------------------------
 */

void vgic_hook_lr_fetch(struct vgic_cpu *c)
{
	vcpu_lrs_fetch(((struct tcb *)c->owner)->vcpu);
}

void vgic_hook_lr_commit(struct vgic_cpu *c)
{
	vcpu_lrs_commit(((struct tcb *)c->owner)->vcpu);
}

void vgic_hook_kick(struct vgic_cpu *c)
{
	vcpu_kick(c->owner);
}

void vgic_hook_line_eoi(struct vgic_cpu *c, u32 intid)
{
	vtimer_line_eoi(c->owner, intid);
}

/* --- the contract --------------------------------------------------------------------------------
 */

void vgic_set_level(struct tcb *v, u32 intid, bool level)
{
	vgic_core_set_level(v->vcpu->gic, intid, level);
}

void vgic_pend(struct tcb *v, u32 intid)
{
	vgic_core_pend(v->vcpu->gic, intid);
}

bool vgic_has_pending(struct tcb *v)
{
	return vgic_core_has_pending(v->vcpu->gic, vcpu_vmcr(v->vcpu));
}

/* --- boot ----------------------------------------------------------------------------------------
 */

struct kvgic *vgic_create(const struct bs_vgic *spec, u32 index)
{
	if (!spec->vcpus || spec->vcpus > VGIC_MAX_CPUS)
		panic("boot spec: vGIC %u has %u vCPUs (1..%u)", index, spec->vcpus, VGIC_MAX_CPUS);
	if ((spec->gicd_base | spec->gicr_base | spec->gicr_stride) & (PAGE_SIZE - 1) ||
	    spec->gicr_stride < VGIC_GICR_SIZE || spec->gicd_base >= (1ull << 39) ||
	    spec->gicr_base >= (1ull << 39) ||
	    (spec->gicd_base < spec->gicr_base + spec->vcpus * spec->gicr_stride &&
	     spec->gicr_base < spec->gicd_base + VGIC_GICD_SIZE))
		panic("boot spec: vGIC %u: GICD 0x%lx, GICR 0x%lx stride 0x%lx misaligned or "
		      "overlapping",
		      index, spec->gicd_base, spec->gicr_base, spec->gicr_stride);
	struct kvgic *g = mem_alloc(sizeof(*g), 16);
	g->gicd_base = spec->gicd_base;
	g->gicr_base = spec->gicr_base;
	g->gicr_stride = spec->gicr_stride;
	vgic_init(&g->core, g->cpus, spec->vcpus, vcpu_nr_lr(), vcpu_pri_bits());
	return g;
}

void vgic_attach(struct kvgic *g, struct tcb *v, u32 index)
{
	if (index >= g->core.nr_cpus || g->cpus[index].owner)
		panic("boot spec: vCPU '%s' is redistributor %u of a vGIC with %u, or a second "
		      "one",
		      v->name, index, g->core.nr_cpus);
	v->vcpu->gic = vgic_cpu_attach(&g->core, index, v->vcpu->vmpidr, v);
	v->vcpu->kvgic = g;
}

/* --- traps ---------------------------------------------------------------------------------------
 */

#define ISS_ISV BIT(24)
#define ISS_SAS(iss) (((iss) >> 22) & 3)
#define ISS_SSE BIT(21)
#define ISS_SRT(iss) (((iss) >> 16) & 0x1f)
#define ISS_SF BIT(15)
#define ISS_WNR BIT(6)

bool vgic_mmio(struct tcb *t, u64 ipa, u64 esr)
{
	struct kvgic *g = t->vcpu->kvgic;
	u64 iss = ESR_ISS(esr), off;
	struct vgic_cpu *rd = NULL;

	if (ipa - g->gicd_base < VGIC_GICD_SIZE) {
		off = ipa - g->gicd_base;
	} else if (ipa - g->gicr_base < g->core.nr_cpus * g->gicr_stride) {
		rd = g->core.cpu[(ipa - g->gicr_base) / g->gicr_stride];
		off = (ipa - g->gicr_base) % g->gicr_stride;
	} else {
		return false;
	}
	if (!(iss & ISS_ISV))
		return false; /* no syndrome to emulate from: the VMM decides (docs/vgic.md) */
	u32 size = 1u << ISS_SAS(iss), srt = ISS_SRT(iss);
	bool write = iss & ISS_WNR;
	u64 val = 0;
	if (write && srt != 31)
		val = t->regs.x[srt] & (size == 8 ? ~0ull : (1ull << (8 * size)) - 1);
	if (rd)
		vgic_gicr_access(rd, off, size, write, &val);
	else
		vgic_gicd_access(t->vcpu->gic, off, size, write, &val);
	if (!write && srt != 31) {
		if ((iss & ISS_SSE) && size < 8 && (val & (1ull << (8 * size - 1))))
			val |= ~0ull << (8 * size);
		if (!(iss & ISS_SF))
			val &= 0xffffffffull;
		t->regs.x[srt] = val;
	}
	t->regs.pc += 4;
	return true;
}

/* ISS of a trapped MSR: Op0 (21:20), Op2 (19:17), Op1 (16:14), CRn (13:10), CRm (4:1). */
#define SYSREG_KEY(op0, op1, crn, crm, op2)                                                        \
	((u64)(op0) << 20 | (u64)(op2) << 17 | (u64)(op1) << 14 | (u64)(crn) << 10 |               \
	 (u64)(crm) << 1)
#define SYSREG_KEY_MASK 0x3ffc1eull
#define ICC_SGI1R_KEY SYSREG_KEY(3, 0, 12, 11, 5)
#define ICC_ASGI1R_KEY SYSREG_KEY(3, 0, 12, 11, 6)
#define ICC_SGI0R_KEY SYSREG_KEY(3, 0, 12, 11, 7)

bool vgic_sysreg(struct tcb *t, u64 iss)
{
	u64 key = iss & SYSREG_KEY_MASK;
	enum vgic_sgi_reg reg;

	if (key == ICC_SGI1R_KEY)
		reg = VGIC_SGI1R;
	else if (key == ICC_ASGI1R_KEY)
		reg = VGIC_ASGI1R;
	else if (key == ICC_SGI0R_KEY)
		reg = VGIC_SGI0R;
	else
		return false;
	if (iss & 1)
		return false; /* a write-only register read: UNDEF (vcpu_trap: idreg_undefined) */
	u32 rt = (iss >> 5) & 0x1f;
	vgic_core_sgi(t->vcpu->gic, rt == 31 ? 0 : t->regs.x[rt], reg);
	t->regs.pc += 4;
	return true;
}

void vgic_maintenance_irq(void)
{
	if (vcpu_loaded_now)
		vgic_refresh(vcpu_loaded_now->gic);
}

/* --- the VMM's invocations
 * ------------------------------------------------------------------------ */

bool vgic_spi_level(struct tcb *v, u64 intid, u64 level)
{
	if (intid < 32 || intid >= VGIC_NR_IRQS || level > 1)
		return false;
	return vgic_core_set_level(v->vcpu->gic, (u32)intid, level != 0);
}

void vgic_reset_vm(struct tcb *v)
{
	vgic_reset(v->vcpu->gic->gic);
}
