/* Guest debug registers that are not the CPU's (docs/registers.md): the ones the kernel keeps per
 * vCPU in memory (class SR_EMULATED: MDCCINT_EL1, the claim tags, DBGPRCR_EL1, OSECCR_EL1) and
 * the debug comms channel, answered the same for every guest (SR_EMULATED_CONST). Portable and
 * host-tested (tests/unit/test_debugreg.c); kernel/arch/aarch64/vdebug.c performs the accesses
 * to the registers that are the vCPU's own in the CPU and passes the rest here. */
#ifndef KERNEL_DEBUGREG_H
#define KERNEL_DEBUGREG_H
#include <kernel/kernel.h>

/* The register fields of an EC 0x18 syndrome (op0, op1, CRn, CRm, op2; not Rt, direction). */
#define DEBUGREG_ENC(op0, op1, crn, crm, op2)                                                      \
	((u64)(op0) << 20 | (u64)(op2) << 17 | (u64)(op1) << 14 | (u64)(crn) << 10 |               \
	 (u64)(crm) << 1)
#define DEBUGREG_ENC_MASK DEBUGREG_ENC(3, 7, 15, 15, 7)

#define DEBUGREG_CLAIM_TAGS 0xffull /* eight claim tags; DBGCLAIMSET_EL1 reads them as present */

/* An access to register enc (DEBUGREG_ENC form) of the vCPU whose table-indexed registers are
 * sysregs (struct vcpu.sysregs): a write of value, or a read into *out. False if enc is none of
 * these registers, or a write to a read-only one. */
bool debugreg_emulate(u64 *sysregs, u64 enc, bool write, u64 value, u64 *out);

#endif
