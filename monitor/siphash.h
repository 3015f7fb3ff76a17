/* SipHash-2-4 (Aumasson and Bernstein, 2012): a keyed pseudorandom function with a 128-bit key
 * and 64-bit output, used for device-key derivation. */
#ifndef MONITOR_SIPHASH_H
#define MONITOR_SIPHASH_H
#include <warden/types.h>

struct siphash_key {
	u64 k0, k1; /* key bytes 0..7 and 8..15, little-endian */
};

u64 siphash24(const struct siphash_key *key, const void *msg, size_t len);

#endif
