/* The VMM core: configuration check, fault dispatch, MMIO decode, stopping the guest. Portable
 * (also built on the host for the unit tests). */
#include <stdarg.h>
#include <warden/format.h>
#include <warden/syscall.h>
#include "vmm.h"

struct print_buf {
	char buf[256];
	size_t len;
};

static void print_put(void *ctx, char c)
{
	struct print_buf *b = ctx;

	if (b->len + 1 < sizeof(b->buf))
		b->buf[b->len++] = c;
}

void vmm_printf(struct vmm *v, const char *fmt, ...)
{
	struct print_buf b;
	va_list ap;

	b.len = 0;
	va_start(ap, fmt);
	format_v(print_put, &b, fmt, ap);
	va_end(ap);
	b.buf[b.len] = 0;
	v->ops->puts(v->ctx, b.buf);
}

const char *vmm_init(struct vmm *v, const struct vmm_config *cfg, const struct vmm_ops *ops,
		     void *ctx)
{
	size_t i;

	for (i = 0; i < sizeof(*v); i++)
		((u8 *)v)[i] = 0;
	v->cfg = cfg;
	v->ops = ops;
	v->ctx = ctx;
	for (i = 0; i < sizeof(cfg->vm_name) && cfg->vm_name[i]; i++)
		v->name[i] = cfg->vm_name[i];
	v->name[i] = 0;
	if (cfg->magic != VMM_CONFIG_MAGIC)
		return "bad magic";
	if (cfg->version != VMM_CONFIG_VERSION)
		return "unsupported version";
	if (cfg->vcpu_count < 1 || cfg->vcpu_count > VMM_MAX_VCPUS)
		return "vcpu_count outside 1..16";
	if (cfg->psci_conduit != VMM_CONDUIT_SMC && cfg->psci_conduit != VMM_CONDUIT_HVC)
		return "unknown PSCI conduit";
	if (cfg->ram_size == 0 || cfg->ram_size > VMM_GUEST_INIT_VADDR - VMM_GUEST_RAM_VADDR)
		return "ram_size 0 or beyond what the VMM maps";
	if (cfg->init_size > VMM_GUEST_INIT_VADDR - VMM_GUEST_RAM_VADDR)
		return "init_size beyond what the VMM maps";
	if (cfg->entry < GUEST_RAM_BASE || cfg->entry - GUEST_RAM_BASE >= cfg->ram_size)
		return "entry outside guest RAM";
	if (cfg->load_count > VMM_MAX_LOADS)
		return "too many loads";
	bool dtb_loaded = false;
	for (i = 0; i < cfg->load_count; i++) {
		const struct vmm_load *l = &cfg->load[i];
		if (l->ipa < GUEST_RAM_BASE || l->ipa - GUEST_RAM_BASE > cfg->ram_size ||
		    l->size > cfg->ram_size - (l->ipa - GUEST_RAM_BASE))
			return "a load outside guest RAM";
		if (l->init_offset > cfg->init_size || l->size > cfg->init_size - l->init_offset)
			return "a load beyond init_size";
		dtb_loaded |= cfg->dtb >= l->ipa && cfg->dtb - l->ipa < l->size;
	}
	if (cfg->dtb < GUEST_RAM_BASE || cfg->dtb - GUEST_RAM_BASE > cfg->ram_size ||
	    cfg->dtb_space > cfg->ram_size - (cfg->dtb - GUEST_RAM_BASE) || (cfg->dtb & 7))
		return "DTB outside guest RAM or not 8-byte aligned";
	if (cfg->load_count && !dtb_loaded)
		return "no load holds the DTB";
	if (cfg->flags & ~VMM_CFG_FLAGS_KNOWN)
		return "unknown flags";
	if (cfg->policy_count > VMM_MAX_POLICY)
		return "too many policy entries";
	for (i = 0; i < cfg->policy_count; i++) {
		const struct vmm_policy_entry *e = &cfg->policy[i];
		if (e->first > e->last)
			return "policy range with first > last";
		if (e->action > VMM_FORWARD_IN_KERNEL)
			return "unknown policy action";
		if (i > 0 && e->first <= cfg->policy[i - 1].last)
			return "policy ranges not sorted and disjoint";
	}
	v->vcpus = cfg->vcpu_count;
	v->power[0] = VCPU_ON;
	pl011_reset(v);
	return NULL;
}

void vmm_fault_stop(struct vmm *v)
{
	vmm_printf(v, "vmm[%s]: guest stopped for a fault\n", v->name);
	v->fault_stopped = true;
	vmm_stop_guest(v);
}

void vmm_stop_guest(struct vmm *v)
{
	pl011_flush(v);
	for (u32 i = 0; i < v->vcpus; i++) {
		v->ops->vcpu_suspend(v->ctx, i);
		v->power[i] = VCPU_OFF;
	}
}

/* --- MMIO ----------------------------------------------------------------------------------- */

u64 vmm_access_read(struct vmm *v, u32 unit, u64 off, u32 size, vmm_word_read rd)
{
	if (size == 8)
		return rd(v, unit, off & ~7ull) | (u64)rd(v, unit, (off & ~7ull) + 4) << 32;
	u32 shift = (u32)(off & 3) * 8;
	u64 w = rd(v, unit, off & ~3ull) >> shift;
	return size == 4 ? w : w & ((1ull << (size * 8)) - 1);
}

void vmm_access_write(struct vmm *v, u32 unit, u64 off, u32 size, u64 val, vmm_word_write wr)
{
	if (size == 8) {
		wr(v, unit, off & ~7ull, (u32)val, 0xffffffffu);
		wr(v, unit, (off & ~7ull) + 4, (u32)(val >> 32), 0xffffffffu);
		return;
	}
	u32 shift = (u32)(off & 3) * 8;
	u32 mask = size == 4 ? 0xffffffffu : (u32)((1ull << (size * 8)) - 1);
	wr(v, unit, off & ~3ull, (u32)val << shift, mask << shift);
}

/* Which device an IPA falls in: 0 none, 1 UART (*off). The GIC's frames are the kernel's
 * (docs/vgic.md): their accesses never reach the VMM, except one without a syndrome, which is
 * treated as an unbacked address. */
static int mmio_device(const struct vmm *v, u64 ipa, u32 *cpu, u64 *off)
{
	if (ipa >= GUEST_UART_BASE && ipa < GUEST_UART_BASE + GUEST_UART_SIZE) {
		*off = ipa - GUEST_UART_BASE;
		return 1;
	}
	return 0;
}

bool vmm_mmio_read(struct vmm *v, u32 vcpu, u64 ipa, u32 size, u64 *val)
{
	u32 cpu = 0;
	u64 off = 0;

	switch (mmio_device(v, ipa, &cpu, &off)) {
	case 1:
		*val = pl011_read(v, off, size);
		return true;
	default:
		return false;
	}
}

bool vmm_mmio_write(struct vmm *v, u32 vcpu, u64 ipa, u32 size, u64 val)
{
	u32 cpu = 0;
	u64 off = 0;

	if (size < 8)
		val &= (1ull << (size * 8)) - 1;
	switch (mmio_device(v, ipa, &cpu, &off)) {
	case 1:
		pl011_write(v, off, size, val);
		return true;
	default:
		return false;
	}
}

static enum vmm_outcome report_and_stop(struct vmm *v, u32 vcpu, const char *what, u64 ipa, u64 pc,
					u64 esr, bool has_ipa)
{
	pl011_flush(v);
	if (has_ipa)
		vmm_printf(v, "vmm[%s]: vCPU %u: unhandled %s at IPA 0x%lx (pc 0x%lx, ESR 0x%lx)\n",
			   v->name, vcpu, what, ipa, pc, esr);
	else
		vmm_printf(v, "vmm[%s]: vCPU %u: unhandled %s (pc 0x%lx, ESR 0x%lx)\n", v->name,
			   vcpu, what, pc, esr);
	vmm_fault_stop(v);
	return VMM_OUT_EXIT;
}

/* An access to an IPA nothing backs (no RAM, no emulated device): by default the guest takes a
 * synchronous external abort, as on QEMU's virt board (the kernel builds the exception:
 * FAULT_REPLY_INJECT_SEA); on_unmapped="stop" stops the guest instead. */
static enum vmm_outcome unbacked(struct vmm *v, u32 vcpu, const char *what, const u64 *mr,
				 struct vmm_reply *r)
{
	if (v->cfg->flags & VMM_CFG_STOP_ON_UNMAPPED) {
		pl011_flush(v);
		vmm_printf(v,
			   "vmm[%s]: vCPU %u: %s at unbacked IPA 0x%lx (pc 0x%lx, ESR 0x%lx), "
			   "on_unmapped=\"stop\"\n",
			   v->name, vcpu, what, mr[VFAULT_ADDR], mr[VFAULT_PC], mr[VFAULT_ESR]);
		vmm_fault_stop(v);
		return VMM_OUT_EXIT;
	}
	r->flags = FAULT_REPLY_INJECT_SEA;
	return VMM_OUT_REPLY;
}

static enum vmm_outcome data_abort(struct vmm *v, u32 vcpu, const u64 *mr, struct vmm_reply *r)
{
	u64 esr = mr[VFAULT_ESR], ipa = mr[VFAULT_ADDR];
	u32 cpu = 0;
	u64 off = 0;

	if (mmio_device(v, ipa, &cpu, &off) == 0)
		return unbacked(v, vcpu, "data abort", mr, r);
	if (!(esr & ESR_DABT_ISV))
		return report_and_stop(v, vcpu, "data abort without a valid syndrome", ipa,
				       mr[VFAULT_PC], esr, true);
	u32 size = 1u << ESR_DABT_SAS(esr);
	u32 srt = ESR_DABT_SRT(esr);
	if (esr & ESR_DABT_WNR) {
		vmm_mmio_write(v, vcpu, ipa, size, mr[VFAULT_ARG]);
		r->flags = FAULT_REPLY_ADVANCE;
		return VMM_OUT_REPLY;
	}
	u64 val = 0;
	vmm_mmio_read(v, vcpu, ipa, size, &val);
	if ((esr & ESR_DABT_SSE) && size < 8 && (val & (1ull << (size * 8 - 1))))
		val |= ~0ull << (size * 8);
	if (!(esr & ESR_DABT_SF))
		val &= 0xffffffffull; /* a W register: the upper half is zero */
	r->flags = FAULT_REPLY_ADVANCE;
	if (srt != 31) { /* xzr: nothing to set */
		r->first = srt;
		r->count = 1;
		r->values[0] = val;
	}
	return VMM_OUT_REPLY;
}

enum vmm_outcome vmm_handle_fault(struct vmm *v, u64 vcpu, u64 label, const u64 *mr_in, u32 len,
				  struct vmm_reply *r)
{
	u64 copy[VFAULT_LEN];
	const u64 *mr = mr_in;

#ifdef PLANT_BUG_VMM_FAULT_LEN
	/* Planted bug (tests/fuzz): the message length is trusted. */
	for (u32 i = 0; i < VFAULT_LEN; i++)
		copy[i] = 0;
	for (u32 i = 0; i < len; i++)
		copy[i] = mr_in[i];
	mr = copy;
#else
	/* A vCPU's fault message is whole (VFAULT_LEN words) and read in place; a shorter one is
	 * padded with zeros, so nothing beyond what was sent is read. */
	if (len < VFAULT_LEN) {
		for (u32 i = 0; i < VFAULT_LEN; i++)
			copy[i] = i < len ? mr_in[i] : 0;
		mr = copy;
	}
#endif
	r->flags = 0;
	r->first = 0;
	r->count = 0;
	/* Typed bytes from the kernel (docs/console.md): its badge is no vCPU's. */
	if (label == FAULT_CONSOLE_INPUT && vcpu == CONSOLE_INPUT_BADGE &&
	    (v->cfg->flags & VMM_CFG_CONSOLE)) {
		u8 bytes[CONSOLE_INPUT_MAX];
		u32 n = mr[0] < CONSOLE_INPUT_MAX ? (u32)mr[0] : CONSOLE_INPUT_MAX;
		if (n > (len > 1 ? len - 1 : 0) * 8)
			n = (len > 1 ? len - 1 : 0) * 8;
		for (u32 i = 0; i < n; i++)
			bytes[i] = (u8)(mr[1 + i / 8] >> (8 * (i % 8)));
		pl011_receive(v, bytes, n);
		return VMM_OUT_NO_REPLY;
	}
	if (vcpu >= v->vcpus) {
		/* Not one of our vCPUs: nothing to answer; leave the sender blocked. */
		vmm_printf(v, "vmm[%s]: fault 0x%lx from unknown badge %lu ignored\n", v->name,
			   label, vcpu);
		return VMM_OUT_NO_REPLY;
	}
	switch (label) {
	case FAULT_VCPU_SMC:
	case FAULT_VCPU_HVC:
		return vmm_smccc(v, (u32)vcpu, mr[VFAULT_ARG], &mr[VFAULT_X0], r);
	case FAULT_VCPU_DATA_ABORT:
		return data_abort(v, (u32)vcpu, mr, r);
	case FAULT_VCPU_WFX:
		r->flags = FAULT_REPLY_ADVANCE;
		return VMM_OUT_REPLY;
	case FAULT_VCPU_INSTR_ABORT:
		/* Guest RAM is mapped executable: a fetch that faults is from an unbacked IPA or
		 * from a device, where QEMU's virt board aborts it too. */
		return unbacked(v, (u32)vcpu, "instruction fetch", mr, r);
	case FAULT_VCPU_SYSREG:
		return report_and_stop(v, (u32)vcpu, "system register access", 0, mr[VFAULT_PC],
				       mr[VFAULT_ESR], false);
	case FAULT_VCPU_OTHER:
		return report_and_stop(v, (u32)vcpu, "trap", 0, mr[VFAULT_PC], mr[VFAULT_ESR],
				       false);
	default:
		pl011_flush(v);
		vmm_printf(v, "vmm[%s]: unexpected fault label 0x%lx from vCPU %lu (pc 0x%lx)\n",
			   v->name, label, vcpu, mr[VFAULT_PC]);
		vmm_fault_stop(v);
		return VMM_OUT_EXIT;
	}
}
