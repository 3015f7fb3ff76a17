/* The SMC broker (use case 2, DESIGN.md §1): its IPC protocol and the configuration the image
 * builder gives it. Clients are told apart by the badge of their endpoint capability. */
#ifndef WARDEN_BROKER_H
#define WARDEN_BROKER_H
#include <warden/smc_services.h>
#include <warden/types.h>

/* Requests: a Call on the broker endpoint with one of these labels. */
enum broker_label {
	BROKER_SMC = 1,	     /* MR0..MR7 = x0..x7 (SMCCC <= 1.1) */
	BROKER_SMC_EXT = 2,  /* MR0..MR17 = x0..x17 (SMCCC 1.2) */
	BROKER_DELEGATE = 3, /* MR0 first, MR1 last: a reduced SMC capability, returned in the reply
			      * (the client names IPCBUF_RECV_SLOT) */
	BROKER_REVOKE = 4,   /* MR0 client badge: revoke everything delegated to that client
			      * (only from the administrator badge, BROKER_ADMIN_BADGE) */
	BROKER_STATS = 5,    /* MR0 client badge (own, or any for the administrator) -> MR1 calls
			      * the broker forwarded, MR2 calls it refused */
};

/* Reply: MR0 broker status, then MR1.. = x0..x7 (or x0..x17) of the SMC. On any refusal x0 is
 * SMCCC NOT_SUPPORTED (-1) and MR0 says why. */
enum broker_status {
	BROKER_OK = 0,
	BROKER_NOT_IN_POLICY = 1, /* the function ID is outside this client's allowed ranges */
	BROKER_REVOKED = 2,	  /* the client's delegation was revoked (delegate requests) */
	BROKER_MALFORMED = 3,	  /* unknown label, short message, bad range, unknown client */
	BROKER_NO_CAPABILITY = 4, /* the broker holds no SMC capability covering the call */
	BROKER_DENIED = 5,	  /* BROKER_REVOKE from a non-administrator */
};

#define BROKER_ADMIN_BADGE 0xad

/* The configuration page, read-only at BROKER_CONFIG_VADDR in the broker. */
#define BROKER_CONFIG_MAGIC 0x4b524242u /* "BBRK" */
#define BROKER_CONFIG_VERSION 1u
#define BROKER_CONFIG_VADDR 0x20000000ul
#define BROKER_MAX_CLIENTS 16
#define BROKER_MAX_RANGES 8

/* The broker's capability slots (besides what the description lists). */
#define BROKER_SLOT_CNODE 1    /* its own CNode (for minting and revoking) */
#define BROKER_SLOT_EP 2       /* the endpoint clients call (rights r) */
#define BROKER_SLOT_SMC_BASE 8 /* its SMC capabilities, from the <smc> grants, in order */
#define BROKER_SLOT_FREE 32    /* first slot the broker may use for minted capabilities */

struct broker_client {
	u64 badge;
	char name[32];
	u32 range_count;
	u32 reserved;
	struct smc_range ranges[BROKER_MAX_RANGES]; /* what this client may call */
};

struct broker_config {
	u32 magic;
	u32 version;
	u32 client_count;
	u32 smc_cap_count; /* SMC capabilities at BROKER_SLOT_SMC_BASE.. */
	struct broker_client clients[BROKER_MAX_CLIENTS];
};

#endif
