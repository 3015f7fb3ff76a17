/* The all-paths SMCCC test's table (tests/system/smccc-paths.test): each call, as a caller writes
 * it, and what must happen on each path to the secure world: an EL0 component's SMC capability
 * (user/smccc-paths, 1.1 and 1.2 forms), a guest's call forwarded by its VMM and by the kernel
 * (guests/pathguest). The expectations are written out here, not computed with the rulebook they
 * test. Every call goes to the monitor's register echo (warden/sip.h) or to a yielding SiP ID the
 * monitor counts and answers -1; the arguments x1..x17 are path_arg(i). */
#ifndef WARDEN_SMCCC_PATHS_H
#define WARDEN_SMCCC_PATHS_H
#include <warden/sip.h>
#include <warden/types.h>

/* What a caller's x(i) holds: upper and lower halves both nonzero. */
static inline u64 path_arg(unsigned i)
{
	return 0xa1b2000000000000ull | (u64)i << 40 | (u64)i << 32 | 0x01010000u * i | i;
}

enum path_outcome {
	PATH_ECHOED,	/* reached EL3 (as el3_fid) and answered by the echo */
	PATH_ANSWERED,	/* reached EL3 (as el3_fid), which answered NOT_SUPPORTED */
	PATH_REFUSED,	/* the capability ABI refuses it (RANGE_ERROR); EL3 never sees it */
	PATH_MINUS_ONE, /* a guest gets -1 in x0; EL3 never sees it */
};

struct path_case {
	const char *name;
	u64 x0;	 /* as the caller writes it */
	u32 imm; /* the guest's smc/hvc immediate (EL0 has none) */
	u32 el3_fid;
	enum path_outcome el0, guest;
};

#define SMC32_ECHO_FAST_MBZ (SIP_ECHO | 0x00020000u) /* bit 17: must be zero in a fast call */
#define SIP_YIELD_ECHO 0x02000007u		     /* the echo's number as a yielding call */

static const struct path_case path_cases[] = {
    /* SMC32: arguments cut to 32 bits on the way in, the echo's upper halves cut on the way
     * out (x0 sign-extended). */
    {"smc32-upper-bits-both-ways", SIP_ECHO, 0, SIP_ECHO, PATH_ECHOED, PATH_ECHOED},
    /* Bit 16 is matched away and never reaches EL3, fast or yielding. */
    {"smc32-bit16", SIP_ECHO | 0x10000u, 0, SIP_ECHO, PATH_ECHOED, PATH_ECHOED},
    {"smc64", SIP_ECHO64, 0, SIP_ECHO64, PATH_ECHOED, PATH_ECHOED},
    {"smc64-bit16", SIP_ECHO64 | 0x10000u, 0, SIP_ECHO64, PATH_ECHOED, PATH_ECHOED},
    {"yielding-bit16", SIP_YIELD_ECHO | 0x10000u, 0, SIP_YIELD_ECHO, PATH_ANSWERED, PATH_ANSWERED},
    /* Upper bits of x0: the capability ABI refuses them; a guest's ID is W0, as firmware
     * reads it. */
    {"x0-upper-bits", 0xdead000000000000ull | SIP_ECHO, 0, SIP_ECHO, PATH_REFUSED, PATH_ECHOED},
    /* A fast ID with bits 23:17 set names no call. */
    {"fast-mbz-bits", SMC32_ECHO_FAST_MBZ, 0, 0, PATH_REFUSED, PATH_MINUS_ONE},
    /* A nonzero immediate is reserved: -1 (guests only; EL0 cannot execute smc). */
    {"nonzero-immediate", SIP_ECHO, 1, 0, PATH_REFUSED, PATH_MINUS_ONE},
};

#define PATH_CASE_COUNT (sizeof(path_cases) / sizeof(path_cases[0]))

#endif
