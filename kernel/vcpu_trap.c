/* What happens on a guest trap. The architecture decodes the trap (vcpu_decode_trap in
 * kernel/arch/aarch64/include/arch/vcpu_trap.h: which kind, the IPA, the value written); this file
 * decides who handles it: the kernel itself (first FP/SIMD use, an ID register read, an SMC a
 * capability bound to the vCPU covers, the EL1 physical timer, WFI and WFE, a debug register,
 * the vGIC's frames and SGI registers, an access its ID registers make UNDEFINED) or the
 * guest's VMM, through a fault message (VFAULT_* layout, docs/syscalls.md). An in-kernel device
 * or register model joins here, not in the arch file. */
#include <arch/vcpu_trap.h>
#include <kernel/cap.h>
#include <kernel/console.h>
#include <kernel/fpsimd.h>
#include <kernel/idreg.h>
#include <kernel/ipc.h>
#include <kernel/kernel.h>
#include <kernel/smc.h>
#include <kernel/thread.h>
#include <kernel/vcpu.h>
#include <kernel/vgic.h>
#include <kernel/vtimer.h>
#include <warden/smccc_rules.h>
#include <warden/syscall.h>

/* The opt-in fast path: an SMC capability the VMM bound to this vCPU covers the call, so the
 * kernel forwards it itself. Inline: every guest smc/hvc passes here. */
static inline bool bound_covers(struct tcb *t)
{
#if SMC_CAP
	for (u32 i = 0; t->smc_bound_ever && i < VCPU_SMC_BINDINGS; i++) {
		if (smc_cap_covers_guest(&t->vcpu->smc_bound[i], t->regs.x[0])) {
			smc_forward_bound(t);
			return true;
		}
	}
#endif
	return false;
}

/* The fault message (VFAULT_* layout) to the VMM: straight to it when it waits. */
static inline __attribute__((always_inline)) struct tcb *send_fault(struct tcb *t, u64 label,
								    u64 esr, u64 addr, u64 arg)
{
	t->fault_msg[VFAULT_ESR] = esr;
	t->fault_msg[VFAULT_PC] = t->regs.pc;
	t->fault_msg[VFAULT_ADDR] = addr;
	t->fault_msg[VFAULT_ARG] = arg;
	struct tcb *next = ipc_fastpath_vcpu_fault(t, label);
	if (next)
		return next;
	for (u32 i = 0; i < 18; i++)
		t->fault_msg[VFAULT_X0 + i] = t->regs.x[i];
	ipc_send_fault(t, label, VFAULT_LEN);
	return schedule();
}

/* WFI and WFE never reach the VMM (docs/timers.md). WFE yields; WFI blocks until an interrupt
 * is pending for the vCPU (Arm ARM D1.16.2) and, as architected, may also end early. */
static struct tcb *wfx(struct tcb *t, bool wfe)
{
	t->regs.pc += 4;
	if (wfe) {
		sched_preempt();
		return schedule();
	}
	vtimer_resample(t);
	if (vgic_has_pending(t))
		return t;
	thread_block(t, THREAD_BLOCKED_WFI, NULL, NULL);
	return schedule();
}

struct tcb *vcpu_trap(struct tcb *t, u64 esr)
{
	struct vcpu_trap_info x;

	enum vcpu_trap_kind kind = vcpu_decode_trap(t, esr, &x);

	if (kind == VTRAP_SMC || kind == VTRAP_HVC) {
		if (smccc_imm_allowed((u32)x.arg) && bound_covers(t))
			return t; /* forwarded by the kernel */
		return send_fault(t, kind, esr, 0, x.arg);
	}
	switch (kind) {
	case VTRAP_FPSIMD:
		fpsimd_trap(t);
		return t;
	case VTRAP_SYSREG:
		if (idreg_emulate(t, x.sysreg))
			return t; /* an ID register: the sanitized value (kernel/idreg.c) */
		if (vtimer_sysreg(t, x.sysreg))
			return t; /* the EL1 physical timer, emulated (kernel/vtimer.c) */
		if (vcpu_debug_emulate(t, x.sysreg, x.arg))
			return t; /* a debug register (MDCR_EL2.TDA/TDOSA), as the table says */
		if (vgic_sysreg(t, x.sysreg))
			return t; /* ICC_SGI1R_EL1 and its siblings: an SGI (kernel/vgic.c) */
		if (idreg_undefined(x.sysreg)) {
			vcpu_inject_undef(t); /* a feature its ID registers show absent */
			return t;
		}
		break;
	case VTRAP_WFX:
		return wfx(t, x.arg & 1);
	case VTRAP_DATA_ABORT:
		if (console_guest_mmio(t, esr & 0x1ffffff, x.addr))
			return t; /* the console guest's UARTDR or UARTFR (kernel/console.c) */
		if (vgic_mmio(t, x.addr, esr))
			return t; /* its GIC distributor or redistributor (docs/vgic.md) */
		break;
	case VTRAP_OTHER:
		if (idreg_trap_undefined(esr)) {
			vcpu_inject_undef(t); /* SVE or SME, which its ID registers hide */
			return t;
		}
		break;
	default:
		break;
	}
	return send_fault(t, kind, esr, x.addr, x.arg);
}
