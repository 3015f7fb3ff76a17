/* SError policy (kernel/include/kernel/serror.h). The syndrome (Arm ARM D17.2.37, ESR_ELx for
 * EC 0x2F): IDS (bit 24) set means an IMPLEMENTATION DEFINED syndrome; else with FEAT_RAS, DFSC
 * (bits 5:0) 0x11 is an asynchronous SError whose AET (bits 12:10) grades it. Like Linux and KVM:
 * what cannot be graded is treated as uncontainable for the kernel's own components and given
 * to a guest that was running (the guest is the one context it can be charged to); corrected
 * and restartable errors are only reported. */
#include <kernel/serror.h>

#define ESR_IDS (1ull << 24)
#define ESR_AET(esr) (((esr) >> 10) & 7)
#define ESR_DFSC(esr) ((esr)&0x3f)
#define DFSC_ASYNC_SERROR 0x11

enum aet { AET_UC = 0, AET_UEU = 1, AET_UEO = 2, AET_UER = 3, AET_CE = 6 }; /* names[] below */

static bool graded(u64 esr, bool ras)
{
	return ras && !(esr & ESR_IDS) && ESR_DFSC(esr) == DFSC_ASYNC_SERROR;
}

const char *serror_severity(u64 esr, bool ras)
{
	/* Characters, not pointers: the kernel links as PIE without data relocations to locals. */
	static const char names[8][32] = {
	    "uncontainable", "unrecoverable",	  "restartable, not yet consumed",
	    "recoverable",   "reserved severity", "reserved severity",
	    "corrected",     "reserved severity",
	};

	if (!graded(esr, ras))
		return "not graded (no RAS syndrome)";
	return names[ESR_AET(esr)];
}

enum serror_action serror_classify(u64 esr, bool ras, bool from_guest)
{
	if (!graded(esr, ras))
		return from_guest ? SERROR_INJECT : SERROR_PANIC;
	switch (ESR_AET(esr)) {
	case AET_CE:
	case AET_UEO:
		return SERROR_LOG;
	case AET_UEU:
	case AET_UER:
		return from_guest ? SERROR_INJECT : SERROR_PANIC;
	default: /* uncontainable, or a reserved value */
		return SERROR_PANIC;
	}
}
