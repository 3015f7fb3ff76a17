/* Mock vmm_ops shared by the VMM's unit tests (tests/unit/test_vmm_*.c, through
 * test_vmm_mock.h) and its libFuzzer target (tests/fuzz/fuzz_vmm.c): every operation the VMM
 * core can ask of its environment but the bench marker's PMU read (test_vmm_bench.c adds that
 * one), each recorded in `mock`. A test that checks calls as they happen sets `mock_hooks`:
 * each hook sees the arguments before the call is recorded; the smc hook, if set, also answers
 * for the secure world (else mock.smc_status and mock.smc_out do). Needs no test framework. */
#ifndef TESTS_VMM_MOCK_H
#define TESTS_VMM_MOCK_H
#include <stdbool.h>
#include <string.h>

#include <warden/syscall.h>
#include "vmm.h"

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
	u32 out_dropped; /* console lines that did not fit in out[] */
	/* The PL011's interrupt line and the receive FIFO state told the kernel. */
	u32 irq_intid, irq_pushes, rx_reports;
	bool irq_level, rx_data;
};

struct mock_hooks {
	void (*vcpu)(const char *op, u32 vcpu); /* "reset", "suspend", "resume" */
	long (*smc)(u32 slot, bool ext, u64 regs[18]);
	void (*puts)(const char *s);
	void (*irq_level)(u32 intid, bool level);
	void (*console_rx)(bool data);
	void (*vgic_reset)(void);
};

static struct mock mock;
static struct mock_hooks mock_hooks;

static long m_reset(void *ctx, u32 vcpu, u64 pc, u64 x0)
{
	if (mock_hooks.vcpu)
		mock_hooks.vcpu("reset", vcpu);
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
	if (mock_hooks.vcpu)
		mock_hooks.vcpu("suspend", vcpu);
	if (mock.suspends < 64)
		mock.suspended[mock.suspends] = vcpu;
	mock.suspends++;
	return WARDEN_OK;
}

static long m_resume(void *ctx, u32 vcpu)
{
	if (mock_hooks.vcpu)
		mock_hooks.vcpu("resume", vcpu);
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
	if (mock_hooks.smc)
		return mock_hooks.smc(slot, ext, regs);
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

	if (mock_hooks.puts)
		mock_hooks.puts(s);
	if (mock.out_len + n >= sizeof(mock.out)) {
		mock.out_dropped++;
		return;
	}
	memcpy(mock.out + mock.out_len, s, n + 1);
	mock.out_len += n;
}

static void m_set_irq_level(void *ctx, u32 intid, bool level)
{
	if (mock_hooks.irq_level)
		mock_hooks.irq_level(intid, level);
	mock.irq_intid = intid;
	mock.irq_level = level;
	mock.irq_pushes++;
}

static void m_console_rx(void *ctx, bool data)
{
	if (mock_hooks.console_rx)
		mock_hooks.console_rx(data);
	mock.rx_data = data;
	mock.rx_reports++;
}

static long m_vgic_reset(void *ctx)
{
	if (mock_hooks.vgic_reset)
		mock_hooks.vgic_reset();
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

#endif
