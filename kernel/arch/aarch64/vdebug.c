/* A guest's debug registers: every access traps (MDCR_EL2.TDA and TDOSA, set for guests in
 * vcpu.c) and arrives here from kernel/vcpu_trap.c. The register table
 * (kernel/include/kernel/sysreg_table.h) says what each one is:
 * - breakpoints, watchpoints, MDSCR_EL1, the OS Lock and OSDLR_EL1 are the vCPU's own and in the
 *   CPU while it runs (switched by vcpu.c): the kernel performs the access on them, so they work
 *   as on hardware and take effect at once;
 * - the debug comms channel (MDCCSR_EL0, DBGDTR*_EL0) is hardware shared with an external
 *   debugger: guests see a channel with nobody at the other end (both directions empty, data
 *   reads 0, writes go nowhere), the same for every guest;
 * - the claim tags, MDCCINT_EL1, DBGPRCR_EL1 and OSECCR_EL1 are kept per vCPU in memory
 *   (SR_EMULATED; with the channel: kernel/debugreg.c, host-tested): they hold what the guest wrote
 * and have no effect on the CPU (the architecture gives claim tags no function; no DCC interrupt
 * ever pends; the kernel never powers a core down). */
#include <kernel/debugreg.h>
#include <kernel/kernel.h>
#include <kernel/object.h>
#include <kernel/sysreg.h>
#include <kernel/sysreg_table.h>
#include <kernel/vcpu.h>

#define ENC DEBUGREG_ENC

#define RW(reg)                                                                                    \
	do {                                                                                       \
		if (write)                                                                         \
			write_sysreg(reg, value);                                                  \
		else                                                                               \
			*out = read_sysreg(reg);                                                   \
	} while (0)

#define BANK_CASE(n)                                                                               \
	case n:                                                                                    \
		if (op2 == 4)                                                                      \
			RW(dbgbvr##n##_el1);                                                       \
		else if (op2 == 5)                                                                 \
			RW(dbgbcr##n##_el1);                                                       \
		else if (op2 == 6)                                                                 \
			RW(dbgwvr##n##_el1);                                                       \
		else                                                                               \
			RW(dbgwcr##n##_el1);                                                       \
		return true

/* DBGBVR/BCR<n>_EL1 (op2 4, 5) and DBGWVR/WCR<n>_EL1 (op2 6, 7): n = CRm. Only those the CPU
 * has (accesses to others are UNDEFINED before any trap; false here anyway). */
static bool bank_access(u32 n, u32 op2, bool write, u64 value, u64 *out)
{
	u64 dfr0 = read_sysreg(id_aa64dfr0_el1);
	u32 brps = ((dfr0 >> 12) & 0xf) + 1, wrps = ((dfr0 >> 20) & 0xf) + 1;

	if (op2 < 4 || n >= (op2 < 6 ? brps : wrps))
		return false;
	switch (n) {
		BANK_CASE(0);
		BANK_CASE(1);
		BANK_CASE(2);
		BANK_CASE(3);
		BANK_CASE(4);
		BANK_CASE(5);
	default:
		return false; /* vcpu.c stops boot on a CPU with more than the table switches */
	}
}

static bool access(struct vcpu *v, u64 enc, bool write, u64 value, u64 *out)
{
	switch (enc) {
	case ENC(2, 0, 0, 2, 2): /* MDSCR_EL1 */
		RW(mdscr_el1);
		return true;
	case ENC(2, 0, 1, 0, 4): /* OSLAR_EL1, write-only */
		if (!write)
			return false;
		write_sysreg(oslar_el1, value & 1);
		return true;
	case ENC(2, 0, 1, 1, 4): /* OSLSR_EL1, read-only */
		if (write)
			return false;
		*out = read_sysreg(oslsr_el1);
		return true;
	case ENC(2, 0, 1, 3, 4): /* OSDLR_EL1 */
		RW(osdlr_el1);
		return true;
	case ENC(2, 0, 7, 14, 6): /* DBGAUTHSTATUS_EL1, read-only */
		if (write)
			return false;
		*out = read_sysreg(dbgauthstatus_el1);
		return true;
	default: /* the ones not in the CPU: kernel/debugreg.c */
		return debugreg_emulate(v->sysregs, enc, write, value, out);
	}
}

bool vcpu_debug_emulate(struct tcb *t, u64 iss, u64 value)
{
	u64 enc = iss & DEBUGREG_ENC_MASK, out = 0;
	u32 op0 = (iss >> 20) & 3, op1 = (iss >> 14) & 7, crn = (iss >> 10) & 0xf;
	u32 crm = (iss >> 1) & 0xf, op2 = (iss >> 17) & 7, rt = (iss >> 5) & 0x1f;
	bool write = !(iss & 1), done;

	if (op0 != 2)
		return false;
	if (op1 == 0 && crn == 0 && op2 >= 4)
		done = bank_access(crm, op2, write, value, &out);
	else
		done = access(t->vcpu, enc, write, value, &out);
	if (!done)
		return false;
	if (write)
		isb(); /* a breakpoint or step control takes effect before the guest's next insn */
	else if (rt != 31)
		t->regs.x[rt] = out;
	t->regs.pc += 4;
	return true;
}
