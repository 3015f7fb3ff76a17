/* The SiP service's state: the device secret and the monotonic counters (warden/sip.h). */
#ifndef MONITOR_SIP_H
#define MONITOR_SIP_H
#include "monitor.h"
#include "siphash.h"
#include <warden/sip.h>

struct sip_state {
	struct siphash_key secret; /* never leaves the monitor */
	u64 monotonic[SIP_MONOTONIC_COUNT];
};

extern struct sip_state sip_state;

/* Seeds the device secret: from FEAT_RNG when the CPU has it, else the build-time constant. */
void sip_init(struct sip_state *s, bool has_rng);
/* key[i] = SipHash-2-4(secret, label[0..31] || i) for i = 0..3. */
void sip_derive_key(const struct sip_state *s, const u8 label[32], u64 key[4]);

#endif
