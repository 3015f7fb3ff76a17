/* RAM ranges minus reservations (see warden/memmap.h). Memory nodes whose status is not
 * "okay" are not RAM for the normal world. */
#include <warden/fdt.h>
#include <warden/memmap.h>
#include <warden/string.h>

static void insert(struct mem_range *r, unsigned *n, bool *truncated, u64 base, u64 end)
{
	unsigned i = 0;

	if (end <= base)
		return;
	while (i < *n && r[i].end < base)
		i++;
	if (i < *n && r[i].base <= end) { /* overlaps or touches r[i]: merge */
		r[i].base = r[i].base < base ? r[i].base : base;
		r[i].end = r[i].end > end ? r[i].end : end;
		while (i + 1 < *n && r[i + 1].base <= r[i].end) {
			r[i].end = r[i + 1].end > r[i].end ? r[i + 1].end : r[i].end;
			memmove(&r[i + 1], &r[i + 2], (*n - i - 2) * sizeof(*r));
			(*n)--;
		}
		return;
	}
	if (*n == MEMMAP_MAX_RANGES) {
		*truncated = true;
		return;
	}
	memmove(&r[i + 1], &r[i], (*n - i) * sizeof(*r));
	r[i] = (struct mem_range){base, end};
	(*n)++;
}

void memmap_add_ram(struct memmap *m, u64 base, u64 size)
{
	u64 end = base + size < base ? ~0ull : base + size;

	insert(m->ram, &m->nram, &m->truncated, base, end);
	insert(m->free, &m->nfree, &m->truncated, base, end);
}

void memmap_reserve(struct memmap *m, u64 base, u64 size, const char *what)
{
	u64 end = base + size < base ? ~0ull : base + size;

	if (end <= base)
		return;
	if (m->nreserved < MEMMAP_MAX_RESERVED)
		m->reserved[m->nreserved++] = (struct mem_reserved){base, end, what};
	for (unsigned i = 0; i < m->nfree; i++) {
		struct mem_range *r = &m->free[i];
		if (end <= r->base || base >= r->end)
			continue;
		if (base > r->base && end < r->end) { /* a hole in the middle: split */
			if (m->nfree == MEMMAP_MAX_RANGES) {
				r->end = base; /* no room for the upper part: lose it */
				m->truncated = true;
				continue;
			}
			memmove(&m->free[i + 1], &m->free[i], (m->nfree - i) * sizeof(*r));
			m->nfree++;
			m->free[i].end = base;
			m->free[i + 1].base = end;
			i++;
			continue;
		}
		if (base <= r->base)
			r->base = end < r->end ? end : r->end;
		else
			r->end = base;
		if (r->base >= r->end) {
			memmove(r, r + 1, (m->nfree - i - 1) * sizeof(*r));
			m->nfree--;
			i--;
		}
	}
}

static u64 be64(const u8 *p)
{
	return (u64)fdt_be32(p) << 32 | fdt_be32(p + 4);
}

const char *memmap_from_fdt(struct memmap *m, const void *dtb)
{
	const struct fdt_header *h = dtb;
	u32 total = fdt_totalsize(dtb);
	int depth = 0, resv = -1, resv_depth = -1;

	memset(m, 0, sizeof(*m));
	for (int n = fdt_next_node(dtb, -1, &depth); n >= 0; n = fdt_next_node(dtb, n, &depth)) {
		u32 len;
		const char *type = fdt_getprop(dtb, n, "device_type", &len);
		const char *status = fdt_getprop(dtb, n, "status", &len);
		u64 base, size;
		/* QEMU's secure=on tree lists secure RAM as a memory node with status "disabled"
		 * (secure-status "okay"): not the normal world's. */
		if (status && strcmp(status, "okay") != 0 && strcmp(status, "ok") != 0)
			continue;
		if (depth == 1 && type && strcmp(type, "memory") == 0)
			for (unsigned i = 0; fdt_reg(dtb, n, i, &base, &size); i++)
				memmap_add_ram(m, base, size);
	}
	if (!m->nram)
		return "the device tree has no /memory node with a reg";
	memmap_reserve(m, (u64)dtb, total, "DTB");
	/* /memreserve/: (address, size) pairs of big-endian u64, ending with a zero size. */
	u32 off = fdt_be32(&h->off_mem_rsvmap);
	for (; off && (u64)off + 16 <= total; off += 16) {
		const u8 *e = (const u8 *)dtb + off;
		u64 base = be64(e), size = be64(e + 8);
		if (!base && !size)
			break;
		memmap_reserve(m, base, size, "memreserve");
	}
	/* /reserved-memory children: their reg, read with the root's cell sizes (which QEMU's,
	 * TF-A's and U-Boot's trees share with /reserved-memory). */
	depth = 0;
	for (int n = fdt_next_node(dtb, -1, &depth); n >= 0; n = fdt_next_node(dtb, n, &depth)) {
		if (resv >= 0 && depth <= resv_depth)
			resv = -1;
		if (depth == 1 && strcmp(fdt_node_name(dtb, n), "reserved-memory") == 0) {
			resv = n;
			resv_depth = depth;
			continue;
		}
		u64 base, size;
		if (resv >= 0 && depth == resv_depth + 1)
			for (unsigned i = 0; fdt_reg(dtb, n, i, &base, &size); i++)
				memmap_reserve(m, base, size, fdt_node_name(dtb, n));
	}
	return NULL;
}

u64 memmap_free_bytes(const struct memmap *m)
{
	u64 sum = 0;

	for (unsigned i = 0; i < m->nfree; i++)
		sum += m->free[i].end - m->free[i].base;
	return sum;
}
