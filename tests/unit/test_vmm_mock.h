/* Shared fixture of the VMM unit tests: a guest configuration and mock vmm_ops that record what
 * the VMM core asked for. Included by tests/unit/test_vmm_*.c only. */
#ifndef TEST_VMM_MOCK_H
#define TEST_VMM_MOCK_H
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include <warden/smccc.h>
#include <warden/syscall.h>
#include "vmm.h"

#define RAM_SIZE 0x8000000ull /* 128 MiB */
#define ENTRY (GUEST_RAM_BASE + GUEST_IMAGE_OFFSET)
#define DTB (GUEST_RAM_BASE + 0x4000000) /* where QEMU would put it: after 64 MiB */
#define MINUS(n) ((u64)(s64)(n))

struct mock {
	u32 resets, suspends, resumes, smcs, reloads, vgic_resets;
	struct {
		u32 vcpu;
		u64 pc, x0;
	} reset[16];
	u32 suspended[64], resumed[16];
	u32 smc_slot;
	bool smc_ext;
	u64 smc_in[18];
	u64 smc_out[18]; /* what the "secure world" returns */
	long smc_status; /* what the "kernel" returns */
	long reset_status;
	char out[8192];
	size_t out_len;
	/* The PL011's interrupt line and the receive FIFO state told the kernel. */
	u32 irq_intid, irq_pushes, rx_reports;
	bool irq_level, rx_data;
};

static struct mock mock;

static long m_reset(void *ctx, u32 vcpu, u64 pc, u64 x0)
{
	if (mock.resets < 16) {
		mock.reset[mock.resets].vcpu = vcpu;
		mock.reset[mock.resets].pc = pc;
		mock.reset[mock.resets].x0 = x0;
	}
	mock.resets++;
	return mock.reset_status;
}

static long m_suspend(void *ctx, u32 vcpu)
{
	if (mock.suspends < 64)
		mock.suspended[mock.suspends] = vcpu;
	mock.suspends++;
	return WARDEN_OK;
}

static long m_resume(void *ctx, u32 vcpu)
{
	if (mock.resumes < 16)
		mock.resumed[mock.resumes] = vcpu;
	mock.resumes++;
	return WARDEN_OK;
}

static long m_smc(void *ctx, u32 slot, bool ext, u64 regs[18])
{
	mock.smcs++;
	mock.smc_slot = slot;
	mock.smc_ext = ext;
	memcpy(mock.smc_in, regs, sizeof(mock.smc_in));
	if (mock.smc_status != WARDEN_OK)
		return mock.smc_status;
	for (int i = 0; i < 18; i++)
		regs[i] = ext || i < 8 ? mock.smc_out[i] : regs[i];
	return WARDEN_OK;
}

static void m_clean(void *ctx, void *addr, u64 size)
{
	mock.reloads++;
}

static void m_puts(void *ctx, const char *s)
{
	size_t n = strlen(s);

	assert_true(mock.out_len + n < sizeof(mock.out));
	memcpy(mock.out + mock.out_len, s, n + 1);
	mock.out_len += n;
}

static void m_set_irq_level(void *ctx, u32 intid, bool level)
{
	mock.irq_intid = intid;
	mock.irq_level = level;
	mock.irq_pushes++;
}

static void m_console_rx(void *ctx, bool data)
{
	mock.rx_data = data;
	mock.rx_reports++;
}

static long m_vgic_reset(void *ctx)
{
	mock.vgic_resets++;
	return WARDEN_OK;
}

static const struct vmm_ops mock_ops = {
    .vgic_reset = m_vgic_reset,
    .vcpu_reset = m_reset,
    .vcpu_suspend = m_suspend,
    .vcpu_resume = m_resume,
    .smc = m_smc,
    .clean = m_clean,
    .puts = m_puts,
    .set_irq_level = m_set_irq_level,
    .console_rx = m_console_rx,
};

/* Guest "a": 3 vCPUs; PSCI and arch emulated, TRNG forwarded (slots 40, 41), SiP denied. */
static UNUSED struct vmm_config cfg_a = {
    .magic = VMM_CONFIG_MAGIC,
    .version = VMM_CONFIG_VERSION,
    .vm_name = "a",
    .vcpu_count = 3,
    .psci_conduit = VMM_CONDUIT_SMC,
    .ram_size = RAM_SIZE,
    .init_size = 0x300000,
    .entry = ENTRY,
    .dtb = DTB,
    .policy_count = 6,
    .policy =
	{
	    {0x80000000, 0x8000ffff, VMM_EMULATE, 0},
	    {0x82000000, 0x8200ffff, VMM_DENY, 0},
	    {0x84000000, 0x8400001f, VMM_EMULATE, 0},
	    {0x84000050, 0x84000053, VMM_FORWARD, 40},
	    {0xc4000000, 0xc400001f, VMM_EMULATE, 0},
	    {0xc4000050, 0xc4000053, VMM_FORWARD, 41},
	},
};

/* Guest "b": 1 vCPU, HVC conduit; only PSCI emulated (TRNG and arch denied by default). */
static UNUSED struct vmm_config cfg_b = {
    .magic = VMM_CONFIG_MAGIC,
    .version = VMM_CONFIG_VERSION,
    .vm_name = "b",
    .vcpu_count = 1,
    .psci_conduit = VMM_CONDUIT_HVC,
    .ram_size = RAM_SIZE,
    .init_size = 0x300000,
    .entry = ENTRY,
    .dtb = DTB,
    .policy_count = 2,
    .policy =
	{
	    {0x84000000, 0x8400001f, VMM_EMULATE, 0},
	    {0xc4000000, 0xc400001f, VMM_EMULATE, 0},
	},
};

static struct vmm vm;

static void setup_vm(const struct vmm_config *cfg)
{
	memset(&mock, 0, sizeof(mock));
	assert_null(vmm_init(&vm, cfg, &mock_ops, NULL));
}

/* One fault with the VFAULT layout. */
static enum vmm_outcome fault(u32 vcpu, u64 label, u64 esr, u64 addr, u64 arg, const u64 *x,
			      struct vmm_reply *r)
{
	u64 mr[VFAULT_LEN] = {0};

	mr[VFAULT_ESR] = esr;
	mr[VFAULT_PC] = 0x40201000;
	mr[VFAULT_ADDR] = addr;
	mr[VFAULT_ARG] = arg;
	for (int i = 0; x && i < 18; i++)
		mr[VFAULT_X0 + i] = x[i];
	memset(r, 0xa5, sizeof(*r));
	return vmm_handle_fault(&vm, vcpu, label, mr, VFAULT_LEN, r);
}

/* An SMC from vcpu with x0..x3 (the rest zero); expects a reply and returns it. */
static UNUSED struct vmm_reply smc4(u32 vcpu, u64 x0, u64 x1, u64 x2, u64 x3)
{
	u64 x[18] = {x0, x1, x2, x3};
	struct vmm_reply r;

	assert_int_equal(fault(vcpu, FAULT_VCPU_SMC, 0x5e000000, 0, 0, x, &r), VMM_OUT_REPLY);
	assert_int_equal(r.flags & FAULT_REPLY_ADVANCE, 0);
	return r;
}

/* The x0 an SMC gets back, checking that the reply sets x0 only. */
static UNUSED u64 smc_x0(u32 vcpu, u64 x0, u64 x1, u64 x2, u64 x3)
{
	struct vmm_reply r = smc4(vcpu, x0, x1, x2, x3);

	assert_int_equal(r.first, 0);
	assert_int_equal(r.count, 1);
	return r.values[0];
}

#endif
