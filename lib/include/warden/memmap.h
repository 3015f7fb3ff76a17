/* The RAM a kernel may use: every range the DTB's /memory nodes describe, minus what must
 * survive (the kernel image, the DTB, /memreserve/ entries, /reserved-memory nodes). Portable,
 * so host tests check it (tests/unit/test_memmap.c). */
#ifndef WARDEN_MEMMAP_H
#define WARDEN_MEMMAP_H
#include <warden/types.h>

#define MEMMAP_MAX_RANGES 32
#define MEMMAP_MAX_RESERVED 16

struct mem_range {
	u64 base, end; /* [base, end) */
};

/* What was carved out, and why (for the boot lines). */
struct mem_reserved {
	u64 base, end;
	const char *what; /* "image", "DTB", "memreserve", or the /reserved-memory node's name */
};

struct memmap {
	struct mem_range ram[MEMMAP_MAX_RANGES]; /* /memory as described, sorted, merged */
	struct mem_range free[MEMMAP_MAX_RANGES];
	struct mem_reserved reserved[MEMMAP_MAX_RESERVED];
	unsigned nram, nfree, nreserved;
	bool truncated; /* more ranges than fit: some RAM is left unused */
};

/* Adds RAM [base, base + size) (sorted, merged with neighbours). */
void memmap_add_ram(struct memmap *m, u64 base, u64 size);
/* Removes [base, base + size) from the free ranges and records why. */
void memmap_reserve(struct memmap *m, u64 base, u64 size, const char *what);
/* Fills m from the DTB: RAM from every /memory node's reg, then reserves the DTB itself, its
 * /memreserve/ entries and every /reserved-memory child's reg. NULL, or why there is no RAM. */
const char *memmap_from_fdt(struct memmap *m, const void *dtb);
u64 memmap_free_bytes(const struct memmap *m);

#endif
