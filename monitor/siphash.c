/* SipHash-2-4, written from the paper's description (section 2). */
#include "siphash.h"

static inline u64 rotl(u64 x, unsigned b)
{
	return x << b | x >> (64 - b);
}

static inline void sipround(u64 v[4])
{
	v[0] += v[1];
	v[1] = rotl(v[1], 13);
	v[1] ^= v[0];
	v[0] = rotl(v[0], 32);
	v[2] += v[3];
	v[3] = rotl(v[3], 16);
	v[3] ^= v[2];
	v[0] += v[3];
	v[3] = rotl(v[3], 21);
	v[3] ^= v[0];
	v[2] += v[1];
	v[1] = rotl(v[1], 17);
	v[1] ^= v[2];
	v[2] = rotl(v[2], 32);
}

static void compress(u64 v[4], u64 m)
{
	v[3] ^= m;
	sipround(v);
	sipround(v);
	v[0] ^= m;
}

u64 siphash24(const struct siphash_key *key, const void *msg, size_t len)
{
	const u8 *p = msg;
	u64 v[4] = {
	    key->k0 ^ 0x736f6d6570736575ull,
	    key->k1 ^ 0x646f72616e646f6dull,
	    key->k0 ^ 0x6c7967656e657261ull,
	    key->k1 ^ 0x7465646279746573ull,
	};
	size_t i = 0;

	/* Byte-wise loads: the monitor runs with the MMU off, where unaligned loads fault. */
	for (; i + 8 <= len; i += 8) {
		u64 m = 0;
		for (unsigned b = 0; b < 8; b++)
			m |= (u64)p[i + b] << (8 * b);
		compress(v, m);
	}
	u64 last = (u64)(len & 0xff) << 56;
	for (unsigned b = 0; i + b < len; b++)
		last |= (u64)p[i + b] << (8 * b);
	compress(v, last);
	v[2] ^= 0xff;
	for (unsigned r = 0; r < 4; r++)
		sipround(v);
	return v[0] ^ v[1] ^ v[2] ^ v[3];
}
