/* Guest debug registers kept in memory or answered alike for every guest (kernel/debugreg.h). */
#include <kernel/debugreg.h>
#include <kernel/sysreg_table.h>

#define ENC DEBUGREG_ENC

/* A register kept per vCPU, with the bits it implements. */
static void kept(u64 *reg, u64 bits, bool write, u64 value, u64 *out)
{
	if (write)
		*reg = value & bits;
	else
		*out = *reg;
}

bool debugreg_emulate(u64 *sysregs, u64 enc, bool write, u64 value, u64 *out)
{
	switch (enc) {
	case ENC(2, 3, 0, 1, 0): /* MDCCSR_EL0, read-only: nothing to receive, room to send */
		if (write)
			return false;
		*out = 0;
		return true;
	case ENC(2, 3, 0, 4, 0): /* DBGDTR_EL0 */
	case ENC(2, 3, 0, 5, 0): /* DBGDTRRX_EL0 (read), DBGDTRTX_EL0 (write): nobody there */
		if (!write)
			*out = 0;
		return true;
	case ENC(2, 0, 0, 2, 0): /* MDCCINT_EL1: the TX (29) and RX (30) interrupt enables */
		kept(&sysregs[SRI_MDCCINT_EL1], BIT(29) | BIT(30), write, value, out);
		return true;
	case ENC(2, 0, 7, 8, 6): /* DBGCLAIMSET_EL1: sets tags; reads which tags exist */
		if (write)
			sysregs[SRI_DBGCLAIMSET_EL1] |= value & DEBUGREG_CLAIM_TAGS;
		else
			*out = DEBUGREG_CLAIM_TAGS;
		return true;
	case ENC(2, 0, 7, 9, 6): /* DBGCLAIMCLR_EL1: clears tags; reads the tags set */
		if (write)
			sysregs[SRI_DBGCLAIMSET_EL1] &= ~(value & DEBUGREG_CLAIM_TAGS);
		else
			*out = sysregs[SRI_DBGCLAIMSET_EL1];
		return true;
	case ENC(2, 0, 1, 4, 4): /* DBGPRCR_EL1: CORENPDRQ */
		kept(&sysregs[SRI_DBGPRCR_EL1], 1, write, value, out);
		return true;
	case ENC(2, 0, 0, 6, 2): /* OSECCR_EL1 */
		kept(&sysregs[SRI_OSECCR_EL1], 0xffffffffull, write, value, out);
		return true;
	default:
		return false;
	}
}
