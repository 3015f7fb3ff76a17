/* Virtual CPUs: a thread whose registers are a guest's, running at EL1 under stage 2. */
#ifndef KERNEL_VCPU_H
#define KERNEL_VCPU_H
#include <kernel/object.h>
#include <warden/syscall.h>

void vcpu_init_arch(void);
struct vcpu *vcpu_create(u64 vmpidr, u32 index);
/* EL1 state as at reset, MMU off, at pc with x0 = arg. */
void vcpu_reset(struct tcb *t, u64 pc, u64 arg);
/* Makes the CPU's EL1/GIC state t's (NULL: a native thread's). */
void vcpu_switch(struct tcb *t);
/* A guest trap as the architecture decoded it: what happened, not what to do about it. Each
 * kind the VMM may see is the fault label it sees (warden/syscall.h, docs/syscalls.md). */
enum vcpu_trap_kind {
	VTRAP_SMC = FAULT_VCPU_SMC, /* arg: the immediate; pc already past the smc */
	VTRAP_HVC = FAULT_VCPU_HVC, /* arg: the immediate */
	VTRAP_DATA_ABORT =
	    FAULT_VCPU_DATA_ABORT, /* addr: the IPA; arg: a write's value (valid ISS) */
	VTRAP_INSTR_ABORT = FAULT_VCPU_INSTR_ABORT, /* addr: the IPA */
	VTRAP_WFX = FAULT_VCPU_WFX,		    /* arg: TI (bit 0: WFE); never sent */
	VTRAP_SYSREG = FAULT_VCPU_SYSREG, /* sysreg: which register and how (ISS); arg: MSR value */
	VTRAP_OTHER = FAULT_VCPU_OTHER,	  /* anything else: only the syndrome says what */
	VTRAP_FPSIMD = 0x2ff,		  /* first FP/SIMD use since the switch (never sent) */
};
struct vcpu_trap_info {
	u64 addr, arg, sysreg;
};
/* The architecture decodes (vcpu_decode_trap, inline: kernel/arch/aarch64/include/arch/
 * vcpu_trap.h); the portable kernel (kernel/vcpu_trap.c) handles the trap itself or sends it
 * to t's VMM as a fault message, and returns the thread to run. */
struct tcb *vcpu_trap(struct tcb *t, u64 esr);
/* A trapped access (ISS of EC 0x18; value: an MSR's) to a debug register (op0 2) by vCPU t:
 * performed or emulated as the register table says, pc advanced; false if not one
 * (kernel/arch/aarch64/vdebug.c). */
bool vcpu_debug_emulate(struct tcb *t, u64 iss, u64 value);
/* The list registers for the vGIC (kernel/vgic.c): v's gic->lr[] from the CPU when v's state
 * is loaded, and back; its ICH_VMCR_EL2; the CPU interface's list registers and priority bits. */
void vcpu_lrs_fetch(struct vcpu *v);
void vcpu_lrs_commit(struct vcpu *v);
u64 vcpu_vmcr(struct vcpu *v);
u32 vcpu_nr_lr(void);
u32 vcpu_pri_bits(void);
/* Makes a virtual SError pending for the running vCPU t (syndrome used with FEAT_RAS). */
void vcpu_inject_serror(struct tcb *t, u64 vsesr);
bool vcpus_exist(void);
/* Takes a synchronous external abort to t's EL1 for its pending stage-2 abort (the fault
 * message's ESR); does nothing if its last fault was not one. */
void vcpu_inject_sea(struct tcb *t);
/* An Undefined Instruction exception to the vCPU's EL1 at its pc (the trapped instruction). */
void vcpu_inject_undef(struct tcb *t);

extern struct vcpu *vcpu_loaded_now;
extern bool vcpu_guest_mode;
/* Whether the CPU runs in guest mode (a vCPU's registers in place): a switch to a native thread
 * must park it. */
static inline bool vcpu_guest_mode_on(void)
{
	return vcpu_guest_mode;
}

#endif
