/* libFuzzer target: the VMM's fault handling (user/vmm/vmm.c, smccc.c, devices.c): a stream of
 * fault messages as a hostile guest's traps deliver them (SMC/HVC with any x0..x17, data aborts
 * with any syndrome, address and value, system-register traps, WFx, unknown labels, typed
 * console input, short and long messages), against a fixed configuration (with or without the
 * console) or a fuzzed one that vmm_init accepted. The environment is the unit tests' mock
 * (tests/vmm_mock.h) with the oracles as its hooks, beyond the sanitizers: the VMM forwards a
 * call only through the capability of the policy range that covers its function ID, names only
 * its own vCPUs, drives only SPIs, reports its receive FIFO only with the console and only when
 * it changes, resets the vGIC only with every vCPU stopped, and replies only with registers
 * that exist. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <warden/smccc.h>
#include <warden/syscall.h>
#include <warden/vgic.h>
#include "vmm.h"
#include "vmm_mock.h"

static struct vmm vm;
static struct vmm_config cfg;
static u32 last_fid; /* the function ID of the call being handled */

static void check(bool ok, const char *what)
{
	if (!ok) {
		fprintf(stderr, "fuzz_vmm: oracle failed: %s\n", what);
		abort();
	}
}

/* The mock's hooks (tests/vmm_mock.h): the oracles, checked at each call. */
static bool rx_reported; /* what the VMM last told the kernel of its receive FIFO */

static void h_vcpu(const char *op, u32 vcpu)
{
	check(vcpu < cfg.vcpu_count, "a vCPU operation on a vCPU the guest does not have");
}

static long h_smc(u32 slot, bool ext, u64 regs[18])
{
	const struct vmm_policy_entry *e = NULL;

	for (u32 i = 0; i < cfg.policy_count; i++)
		if (cfg.policy[i].first <= last_fid && last_fid <= cfg.policy[i].last)
			e = &cfg.policy[i];
	check(e && e->action == VMM_FORWARD && e->cap_slot == slot,
	      "forwarded a call its policy does not forward through that slot");
	check(vmm_fid_normalize(regs[0]) == last_fid, "forwarded another function ID");
	for (int i = 0; i < 18; i++)
		regs[i] = regs[i] * 0x9e3779b97f4a7c15ull + (u64)i; /* what the secure world says */
	return slot & 1 ? WARDEN_OK : WARDEN_INVALID_ARGUMENT;
}

static void h_puts(const char *s)
{
	check(strlen(s) < 512, "an over-long console line");
}

static void h_irq_level(u32 intid, bool level)
{
	check(intid >= 32 && intid < VGIC_NR_IRQS, "a level driven on a line that is no SPI");
}

/* Only the console guest's VMM reports its receive FIFO, and only when that changes. */
static void h_console_rx(bool data)
{
	check(cfg.flags & VMM_CFG_CONSOLE, "a receive-FIFO report from a VMM without the console");
	check(data != rx_reported, "a receive-FIFO report that changes nothing");
	rx_reported = data;
}

/* The vGIC is reset only with every vCPU of the guest stopped (SYSTEM_RESET). */
static void h_vgic_reset(void)
{
	for (u32 i = 0; i < vm.vcpus; i++)
		check(vm.power[i] != VCPU_ON, "the vGIC reset while a vCPU runs");
}

static const struct mock_hooks hooks = {
    .vcpu = h_vcpu,
    .smc = h_smc,
    .puts = h_puts,
    .irq_level = h_irq_level,
    .console_rx = h_console_rx,
    .vgic_reset = h_vgic_reset,
};

static const struct vmm_config cfg_fixed = {
    .magic = VMM_CONFIG_MAGIC,
    .version = VMM_CONFIG_VERSION,
    .vm_name = "fuzz",
    .vcpu_count = 4,
    .psci_conduit = VMM_CONDUIT_SMC,
    .ram_size = 0x8000000,
    .init_size = 0x300000,
    .entry = GUEST_RAM_BASE + GUEST_IMAGE_OFFSET,
    .dtb = GUEST_RAM_BASE,
    .policy_count = 8,
    .policy =
	{
	    {0x80000000, 0x8000ffff, VMM_EMULATE, 0},
	    {0x82000000, 0x8200ffff, VMM_DENY, 0},
	    {0x84000000, 0x8400001f, VMM_EMULATE, 0},
	    {0x84000050, 0x84000053, VMM_FORWARD, 40},
	    {WARDEN_HYP_SET_SPI, WARDEN_HYP_SET_SPI, VMM_EMULATE, 0}, /* set_irq_level */
	    {0xc2000000, 0xc2000010, VMM_FORWARD, 43},
	    {0xc4000000, 0xc400001f, VMM_EMULATE, 0},
	    {0xc4000050, 0xc4000053, VMM_FORWARD, 41},
	},
};

static const u64 labels[] = {FAULT_VCPU_SMC,	     FAULT_VCPU_HVC,	    FAULT_VCPU_DATA_ABORT,
			     FAULT_VCPU_INSTR_ABORT, FAULT_VCPU_WFX,	    FAULT_VCPU_SYSREG,
			     FAULT_VCPU_OTHER,	     FAULT_VCPU_DATA_ABORT, 0x207,
			     FAULT_CONSOLE_INPUT};

/* Data-abort addresses: mostly inside the devices, so the register models are reached. */
static u64 pick_ipa(u64 raw)
{
	switch (raw & 7) {
	case 0:
		return GUEST_UART_BASE + ((raw >> 3) & 0xfff);
	case 1:
	case 2:
		return GUEST_GICD_BASE + ((raw >> 3) & 0xffff);
	case 3:
	case 4:
		return GUEST_GICR_BASE + ((raw >> 3) % (17 * GUEST_GICR_STRIDE));
	default:
		return raw >> 3;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t pos = 0;

	if (size < 1)
		return 0;
	u8 mode = data[pos++];
	cfg = cfg_fixed;
	if (mode & 2) /* the guest owns the console: typed input, receive-FIFO reports */
		cfg.flags |= VMM_CFG_CONSOLE;
	if (mode & 1) {
		/* A fuzzed configuration (the builder writes it; a wrong one must be refused). */
		if (size - pos < sizeof(cfg))
			return 0;
		memcpy(&cfg, data + pos, sizeof(cfg));
		pos += sizeof(cfg);
	}
	memset(&mock, 0, sizeof(mock));
	mock_hooks = hooks;
	rx_reported = false;
	if (vmm_init(&vm, &cfg, &mock_ops, NULL))
		return 0;
	/* Records: vCPU, label, message length (0..63 words), then the words. */
	for (unsigned n = 0; n < 256 && size - pos >= 3; n++) {
		u8 vcpu = data[pos], lsel = data[pos + 1], len = data[pos + 2] & 63;
		pos += 3;
		u64 *mr = calloc(len ? len : 1, sizeof(u64)); /* exactly len words */
		size_t take = size - pos < (size_t)len * 8 ? size - pos : (size_t)len * 8;
		memcpy(mr, data + pos, take);
		pos += take;
		u64 label = labels[lsel % (sizeof(labels) / sizeof(labels[0]))];
		if (label == FAULT_VCPU_DATA_ABORT && len > VFAULT_ADDR)
			mr[VFAULT_ADDR] = pick_ipa(mr[VFAULT_ADDR]);
		if ((label == FAULT_VCPU_SMC || label == FAULT_VCPU_HVC) && len > VFAULT_X0 &&
		    (lsel & 0x80))
			mr[VFAULT_X0] = cfg.policy[lsel % VMM_MAX_POLICY].first + (lsel & 3);
		last_fid = len > VFAULT_X0 ? vmm_fid_normalize(mr[VFAULT_X0]) : 0;
		/* Typed input comes with the kernel's badge, not a vCPU's; any badge now and then.
		 */
		u64 badge = label == FAULT_CONSOLE_INPUT && !(lsel & 0x40) ? CONSOLE_INPUT_BADGE
									   : vcpu % 20;
		struct vmm_reply r;
		enum vmm_outcome out = vmm_handle_fault(&vm, badge, label, mr, len, &r);
		mock.out_len = 0; /* the console's lines are checked by h_puts, not kept */
		free(mr);
		if (out == VMM_OUT_REPLY)
			check(r.count <= 18 && r.first + r.count <= 31,
			      "a reply naming registers that do not exist");
		if (out == VMM_OUT_EXIT)
			break;
	}
	return 0;
}
