/* Names of SMCCC function IDs and status codes, for logs, the demo and the trace decoder. */
#ifndef WARDEN_SMCCC_NAMES_H
#define WARDEN_SMCCC_NAMES_H
#include <warden/types.h>

/* "PSCI_VERSION", "TRNG_RND64", ...; NULL for an ID without a name here. The SVE hint bit is
 * ignored. */
const char *smccc_fid_name(u32 fid);
/* The owning entity's name ("Arm architecture", "SiP", ...). */
const char *smccc_oen_name(u32 fid);

#endif
