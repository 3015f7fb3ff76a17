/* The SiP service's state: the device secret and the monotonic counters (warden/sip.h). */
#ifndef MONITOR_SIP_H
#define MONITOR_SIP_H
#include "monitor.h"
#include "siphash.h"
#include <warden/sip.h>

/* Entropy reads per half of the device secret before the key service gives up. */
#define SIP_SECRET_TRIES 64u

struct sip_state {
	struct siphash_key secret; /* never leaves the monitor */
	bool has_secret;	   /* false: DERIVE_KEY64 answers NOT_SUPPORTED */
	u64 monotonic[SIP_MONOTONIC_COUNT];
};

extern struct sip_state sip_state;

/* Seeds the device secret from FEAT_RNG. Returns NULL, or why there is no secret (no entropy
 * source, or it failed SIP_SECRET_TRIES times for a half): then key derivation is refused. */
const char *sip_init(struct sip_state *s, bool has_rng);
/* key[i] = SipHash-2-4(secret, label[0..31] || i) for i = 0..3. */
void sip_derive_key(const struct sip_state *s, const u8 label[32], u64 key[4]);

#endif
