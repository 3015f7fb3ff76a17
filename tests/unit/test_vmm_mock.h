/* Shared fixture of the VMM unit tests: guest configurations, the mock vmm_ops that record what
 * the VMM core asked for (tests/vmm_mock.h, shared with the fuzz target) and helpers that send
 * faults. Included by tests/unit/test_vmm_*.c only. */
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
#include "vmm_mock.h"

#define RAM_SIZE 0x8000000ull /* 128 MiB */
#define ENTRY (GUEST_RAM_BASE + GUEST_IMAGE_OFFSET)
#define DTB (GUEST_RAM_BASE + 0x4000000) /* where QEMU would put it: after 64 MiB */
#define MINUS(n) ((u64)(s64)(n))

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
	memset(&mock_hooks, 0, sizeof(mock_hooks));
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
	enum vmm_outcome out = vmm_handle_fault(&vm, vcpu, label, mr, VFAULT_LEN, r);
	assert_int_equal(mock.out_dropped, 0); /* what a test looks for in mock.out is all there */
	return out;
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
