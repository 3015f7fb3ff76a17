/* The hostile-component system (tests/system/hostile.xml, docs/fuzzing.md): slots, the page
 * the components share, and the marks the rescuer leaves in the hostile thread's x0. Every
 * component of the system includes this; only the hostile thread makes random calls. */
#ifndef HOSTILE_SHARED_H
#define HOSTILE_SHARED_H
#include <warden/types.h>

/* The hostile thread's master capabilities (slots 1..HOSTILE_MASTERS-1): a phase starts by
 * revoking each and filling the working slots with copies and mints of them. Random calls never
 * name a master as what Delete removes or Move takes away, so each survives the whole run. */
enum hostile_slot {
	H_CNODE = 1,	     /* its own CNode */
	H_TCB = 2,	     /* its own TCB */
	H_EP = 3,	     /* endpoint "h-ep", rwg; the rescuer holds it too */
	H_SERVER = 4,	     /* the victim server's endpoint, w+g, badge HOSTILE_BADGE */
	H_NTFN = 5,	     /* notification "h-ntfn", rw */
	H_PUPPET_CNODE = 6,  /* the puppet's CNode */
	H_PUPPET_TCB = 7,    /* the puppet's TCB */
	H_PUPPET_FAULT = 8,  /* the puppet's fault endpoint, rwg */
	H_IRQ = 9,	     /* an IRQ handler (an SPI nothing raises) */
	H_TRACE = 10,	     /* the kernel's SMC trace */
	H_SMC_TRNG32 = 11,   /* TRNG, SMC32 */
	H_SMC_TRNG64 = 12,   /* TRNG, SMC64 */
	H_SMC_ECHO = 13,     /* SIP_ECHO */
	H_SMC_ECHO64 = 14,   /* SIP_ECHO64, SIP_ECHO_LAST64 */
	H_SMC_SIPQ = 15,     /* SiP call count, UID, revision */
	H_SMC_PSCI_VER = 16, /* PSCI_VERSION */
	H_SMC_REGTEST = 17,  /* SIP_REG_TEST64 */
	HOSTILE_MASTERS = 18,
	HOSTILE_SLOTS = 64, /* cnode_bits 6 */
};

/* Every function ID the hostile thread's masters cover, hence all any capability it can derive
 * covers (a child's range is inside its parent's): the auditor's allowed set. */
#define HOSTILE_ALLOWED_FIDS 17
static const u32 hostile_allowed_fids[HOSTILE_ALLOWED_FIDS] = {
    0x84000050, 0x84000051, 0x84000052, 0x84000053, 0xc4000050, 0xc4000051,
    0xc4000052, 0xc4000053, 0x82000007, 0xc2000007, 0xc2000008, 0x8200ff00,
    0x8200ff01, 0x8200ff02, 0x8200ff03, 0x84000000, 0xc2000004,
};

#define HOSTILE_BADGE 2 /* on the hostile thread's capability to the victim server */
#define CLIENT_BADGE 1	/* on the victim client's */

/* What the rescuer leaves in x0 when it takes the hostile thread out of a wait (RESCUED) or
 * out of a fault it cannot resume from (FAULTED). No status code has these values. */
#define HOSTILE_RESCUED 0x7e5c0ed0ull
#define HOSTILE_FAULTED 0x7e5c0ed1ull

/* Bits the auditor waits for on its notification. */
#define AUDIT_RESCUER 1u
#define AUDIT_CLIENT 2u

#define HOSTILE_SHARED_VA 0x20000000ull

struct hostile_shared {
	/* Written by the hostile thread. */
	u64 landing;	 /* where the rescuer resumes it (hostile_landing) */
	u64 phase;	 /* current phase, from 1 */
	u64 done;	 /* 1 once its calls are made and its results below are final */
	u64 failed;	 /* its own checks that failed */
	u64 calls;	 /* random calls made */
	u64 smc_ok[HOSTILE_ALLOWED_FIDS]; /* SMCs the kernel said it forwarded, per allowed ID */
	u64 smc_ok_outside;		  /* ... with an ID outside the allowed set (must be 0) */
	/* Written by the rescuer. */
	u64 rescues;	     /* waits it ended by suspending the thread */
	u64 deliveries;	     /* waits it ended with a message (NBSend) or by receiving one */
	u64 faults;	     /* fault messages it answered */
	u64 unknown_syscalls; /* ... of which unknown system calls */
	/* Written by the victim client. */
	u64 client_calls;
	u64 client_wrong;  /* answers that were not what the server must answer */
	u64 client_errors; /* calls that failed */
	/* Written by the heartbeat. */
	u64 heartbeat;
};

#endif
