/* TRNG 1.0 (Arm DEN0098) bit packing, separate from the service so host tests can check it. */
#ifndef MONITOR_TRNG_H
#define MONITOR_TRNG_H
#include "monitor.h"

/* The UUID TRNG_GET_UUID returns in w0..w3 (this implementation's, made up for Warden). */
#define TRNG_UUID_W0 0x2f0c7e51u
#define TRNG_UUID_W1 0x4b39a6d2u
#define TRNG_UUID_W2 0x9e14c387u
#define TRNG_UUID_W3 0x5a7d02b6u
/* Attempts at one 64-bit entropy value before answering NO_ENTROPY. */
#define TRNG_RETRIES 16u

typedef bool (*entropy_fn)(u64 *out);

/* Fills out[0..2] (x1..x3) with `bits` fresh random bits for RND32 (reg_bits 32) or RND64
 * (reg_bits 64): bit 0 is bit 0 of x3, upward through x2 and x1; bits beyond `bits` are zero.
 * Returns SMCCC_SUCCESS, SMCCC_INVALID_PARAMETER (0 or too many bits) or TRNG_NO_ENTROPY. */
s64 trng_fill(u64 bits, unsigned reg_bits, entropy_fn source, u64 out[3]);

#endif
