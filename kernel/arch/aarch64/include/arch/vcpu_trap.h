/* The AArch64 half of guest trap handling: decodes a trap from its syndrome (ESR_EL2) and, for a
 * stage-2 abort, FAR_EL2/HPFAR_EL2, into what happened (struct vcpu_trap_info, kernel/vcpu.h).
 * Inline into kernel/vcpu_trap.c, which decides what to do: every guest smc/hvc passes here. */
#ifndef ARCH_VCPU_TRAP_H
#define ARCH_VCPU_TRAP_H
#include <kernel/kernel.h>
#include <kernel/object.h>
#include <kernel/sysreg.h>
#include <kernel/vcpu.h>
#include <warden/syscall.h>

/* Decodes a guest trap (the ESR's exception class and syndrome, FAR/HPFAR for an abort) into
 * what happened: its kind (returned) and details (*x); kernel/vcpu_trap.c decides who handles
 * it. */
static inline __attribute__((always_inline)) enum vcpu_trap_kind
vcpu_decode_trap(struct tcb *t, u64 esr, struct vcpu_trap_info *x)
{
	u64 iss = ESR_ISS(esr), ec = ESR_EC(esr);

	x->addr = 0;
	x->arg = 0;
	/* SMC and HVC first, without a jump table: the calls this path exists for. */
	if (__builtin_expect(ec == EC_SMC64 || ec == EC_HVC64, 1)) {
		x->arg = iss & 0xffff;
		if (ec == EC_HVC64)
			return VTRAP_HVC;
		t->regs.pc += 4; /* ELR points at the smc; resume past it, like hvc */
		return VTRAP_SMC;
	}
	switch (ec) {
	case EC_FP_ASIMD:
		return VTRAP_FPSIMD;
	case EC_DABT_LOW:
	case EC_IABT_LOW: {
		u64 hpfar = read_sysreg(hpfar_el2), far = read_sysreg(far_el2);
		x->addr = (hpfar & 0xffffffffff0ull) << 8 | (far & 0xfff);
		t->vcpu->fault_va = far;
		enum vcpu_trap_kind kind = ec == EC_DABT_LOW ? VTRAP_DATA_ABORT : VTRAP_INSTR_ABORT;
		/* A write with a valid syndrome: the value (SRT 31 is xzr). */
		if (kind == VTRAP_DATA_ABORT && (iss & BIT(24)) && (iss & BIT(6))) {
			u32 srt = (iss >> 16) & 0x1f;
			x->arg = srt == 31 ? 0 : t->regs.x[srt];
		}
		return kind;
	}
	case EC_WFX:
		x->arg = iss & 3; /* TI: 0 WFI, 1 WFE (2, 3: WFIT, WFET, hidden) */
		return VTRAP_WFX;
	case EC_SYSREG: {
		u32 rt = (iss >> 5) & 0x1f;
		x->sysreg = iss;
		if (!(iss & 1)) /* direction 0: MSR, a write */
			x->arg = rt == 31 ? 0 : t->regs.x[rt];
		return VTRAP_SYSREG;
	}
	default:
		return VTRAP_OTHER;
	}
}

#endif
