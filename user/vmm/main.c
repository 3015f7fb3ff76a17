/* The VMM component: one per guest (docs/vmm.md). Receives its guest's vCPU traps as fault
 * messages on VMM_SLOT_FAULT_EP (badge = vCPU index) and emulates, forwards or denies them. This
 * file is the libwarden glue; the logic is in the portable files next to it. */
#include <warden/bootspec.h>
#include <warden/format.h>
#include <warden/warden.h>
#include "vmm.h"

static long op_vcpu_reset(void *ctx, u32 vcpu, u64 pc, u64 x0)
{
	u64 a[2] = {pc, x0};
	return w_invoke(VMM_SLOT_VCPU_BASE + vcpu, VCPU_RESET, a, 2, NULL, 0);
}

static long op_vcpu_suspend(void *ctx, u32 vcpu)
{
	return w_tcb_suspend(VMM_SLOT_TCB_BASE + vcpu);
}

static long op_vcpu_resume(void *ctx, u32 vcpu)
{
	return w_tcb_resume(VMM_SLOT_TCB_BASE + vcpu);
}

static long op_smc(void *ctx, u32 slot, bool ext, u64 regs[18])
{
	struct smc_regs r;
	long st;

	for (u32 i = 0; i < 18; i++)
		r.x[i] = regs[i];
	st = ext ? w_smc_call_ext(slot, &r) : w_smc_call(slot, &r);
	for (u32 i = 0; i < 18; i++)
		regs[i] = r.x[i];
	return st;
}

/* The VMM writes guest RAM with its caches on (HCR_EL2.DC); vCPU 0 restarts with its MMU off
 * and reads memory, not the caches: clean and invalidate what was written to the point of
 * coherency. EL0 may (SCTLR_EL1.UCI, set by the kernel); the kernel invalidates the instruction
 * caches when it resets the vCPU (docs/memory.md). */
static void clean_to_poc(u64 addr, u64 size)
{
	u64 ctr, line;

	__asm__ volatile("mrs %0, ctr_el0" : "=r"(ctr));
	line = 4ull << ((ctr >> 16) & 0xf); /* DminLine */
	for (u64 a = addr & ~(line - 1); a < addr + size; a += line)
		__asm__ volatile("dc civac, %0" ::"r"(a) : "memory");
	__asm__ volatile("dsb sy" ::: "memory");
}

static void op_clean(void *ctx, void *addr, u64 size)
{
	clean_to_poc((u64)addr, size);
}

static long op_vgic_reset(void *ctx)
{
	return w_invoke(VMM_SLOT_VCPU_BASE, VCPU_RESET_VGIC, NULL, 0, NULL, 0);
}

static void op_puts(void *ctx, const char *s)
{
	w_puts(s);
}

/* Until the kernel's vGIC keeps line levels (kernel/include/kernel/vgic.h), a rising edge is an
 * injection through vCPU 0 at Linux's default priority; a falling one needs nothing. */
static void op_set_irq_level(void *ctx, u32 intid, bool level)
{
	u64 a[2] = {intid, level};

	/* The SPI's line in the kernel's vGIC (docs/vgic.md): any vCPU capability of the VM. */
	w_invoke(VMM_SLOT_VCPU_BASE, VCPU_SET_IRQ_LEVEL, a, 2, NULL, 0);
}

static void op_console_rx(void *ctx, bool data)
{
	u64 a[1] = {data};

	w_invoke(VMM_SLOT_VCPU_BASE, VCPU_CONSOLE_RX, a, 1, NULL, 0);
}

static const struct vmm_ops ops = {
    .vcpu_reset = op_vcpu_reset,
    .vcpu_suspend = op_vcpu_suspend,
    .vcpu_resume = op_vcpu_resume,
    .smc = op_smc,
    .clean = op_clean,
    .puts = op_puts,
    .set_irq_level = op_set_irq_level,
    .console_rx = op_console_rx,
    .pmu_read = vmm_bench_pmu_read, /* bench_pmu.c; used only if the policy emulates the marker */
    .vgic_reset = op_vgic_reset,
};

static struct vmm vmm;
static struct msg m;

static const char *cap_type_name(u64 type)
{
	static const char *const names[] = {"empty", "endpoint", "notification", "reply",
					    "cnode", "tcb",	 "frame",	 "aspace",
					    "irq",   "vcpu",	 "smc",		 "trace"};
	return type < ARRAY_SIZE(names) ? names[type] : "?";
}

static void print_banner(struct vmm *v)
{
	const struct vmm_config *cfg = v->cfg;
	char line[1024];
	int n;

	n = format_buf(line, sizeof(line),
		       "vmm[%s]: %u vCPUs, %lu MiB, PSCI via %s, policy:", v->name, cfg->vcpu_count,
		       cfg->ram_size >> 20, cfg->psci_conduit == VMM_CONDUIT_HVC ? "hvc" : "smc");
	if (cfg->policy_count == 0)
		n += format_buf(line + n, sizeof(line) - (size_t)n, " none (everything denied)");
	for (u32 i = 0; i < cfg->policy_count && (size_t)n < sizeof(line); i++) {
		const struct vmm_policy_entry *e = &cfg->policy[i];
		n += format_buf(line + n, sizeof(line) - (size_t)n, "%s [0x%x, 0x%x] %s",
				i ? "," : "", e->first, e->last, vmm_action_name(e->action));
		if (e->action >= VMM_FORWARD && (size_t)n < sizeof(line))
			n += format_buf(line + n, sizeof(line) - (size_t)n, " (slot %u)",
					e->cap_slot);
	}
	w_printf("%s\n", line);

	/* The SMC capabilities this VMM holds: exactly its forward ranges. */
	u32 held = 0;
	for (u64 slot = VMM_SLOT_SMC_BASE; slot < (1u << VMM_CNODE_BITS); slot++) {
		u64 d[3];
		if (w_cnode_describe(VMM_SLOT_CNODE, slot, d) != WARDEN_OK || d[0] == CAP_NULL)
			continue;
		held++;
		if (d[0] == CAP_SMC)
			w_printf("vmm[%s]: slot %lu: smc [0x%x, 0x%x]\n", v->name, slot, (u32)d[2],
				 (u32)(d[2] >> 32));
		else
			w_printf("vmm[%s]: slot %lu: %s\n", v->name, slot, cap_type_name(d[0]));
	}
	if (!held)
		w_printf("vmm[%s]: holds no SMC capability\n", v->name);
	if (cfg->flags & VMM_CFG_CONSOLE)
		w_printf("vmm[%s]: the guest owns the console: its output is raw, typed input is "
			 "its\n",
			 v->name);
}

/* The opt-in fast path: each forward-in-the-kernel range's SMC capability is bound to every
 * vCPU, so the kernel forwards those calls without a fault message. A binding that fails leaves
 * the range forwarded by this VMM, as an ordinary forward. */
static void bind_in_kernel(struct vmm *v, const struct vmm_config *cfg)
{
	u64 index = 0;

	for (u32 i = 0; i < cfg->policy_count; i++) {
		const struct vmm_policy_entry *e = &cfg->policy[i];
		if (e->action != VMM_FORWARD_IN_KERNEL)
			continue;
		u32 bound = 0;
		for (u32 c = 0; c < cfg->vcpu_count && index < VCPU_SMC_BINDINGS; c++) {
			u64 args[2] = {e->cap_slot, index};
			bound += w_invoke(VMM_SLOT_VCPU_BASE + c, VCPU_BIND_SMC, args, 2, NULL,
					  0) == WARDEN_OK;
		}
		w_printf("vmm[%s]: [0x%x, 0x%x] forwarded in the kernel for %u of %u vCPUs\n",
			 v->name, e->first, e->last, bound, cfg->vcpu_count);
		index++;
	}
}

int main(void)
{
	const struct vmm_config *cfg = (const struct vmm_config *)VMM_CONFIG_VADDR;
	const char *err = vmm_init(&vmm, cfg, &ops, (void *)cfg);

	if (err) {
		w_printf("vmm: bad configuration at 0x%lx: %s (magic 0x%x, version %u; want 0x%x, "
			 "version %u)\n",
			 VMM_CONFIG_VADDR, err, cfg->magic, cfg->version, VMM_CONFIG_MAGIC,
			 VMM_CONFIG_VERSION);
		w_exit(1);
	}
	print_banner(&vmm);
	bind_in_kernel(&vmm, cfg);
	/* Every vCPU starts suspended: load the guest, seed its DTB, start vCPU 0. */
	vmm.ram = (u8 *)VMM_GUEST_RAM_VADDR;
	vmm.init = (const u8 *)VMM_GUEST_INIT_VADDR;
	if (!vmm_start(&vmm)) {
		vmm_fault_stop(&vmm);
		w_exit(1);
	}

	long st = w_recv(VMM_SLOT_FAULT_EP, &m);
	for (;;) {
		if (st != WARDEN_OK) {
			w_printf("vmm[%s]: receive on the fault endpoint failed: %s\n", vmm.name,
				 w_strerror(st));
			vmm_stop_guest(&vmm);
			w_exit(1);
		}
		struct vmm_reply r;
		enum vmm_outcome out =
		    vmm_handle_fault(&vmm, m.badge, MSG_LABEL(m.info), m.mr, MSG_LEN(m.info), &r);
		switch (out) {
		case VMM_OUT_REPLY:
			m.mr[FAULT_REPLY_FLAGS] = r.flags;
			m.mr[FAULT_REPLY_FIRST] = r.first;
			m.mr[FAULT_REPLY_COUNT] = r.count;
			for (u32 i = 0; i < r.count; i++)
				m.mr[FAULT_REPLY_VALUES + i] = r.values[i];
			m.info = MSG_INFO(0, 0, FAULT_REPLY_VALUES + r.count);
			st = w_reply_recv(VMM_SLOT_FAULT_EP, &m);
			break;
		case VMM_OUT_NO_REPLY:
			st = w_recv(VMM_SLOT_FAULT_EP, &m);
			break;
		case VMM_OUT_EXIT:
		default:
			w_exit(vmm.fault_stopped ? 1 : 0);
		}
	}
}
