/* In-place device tree editing (see warden/fdt_edit.h). The blocks (memory reservation map,
 * structure, strings) may be in any order; free space is whatever lies between the end of the
 * last block and totalsize. */
#include <warden/fdt.h>
#include <warden/fdt_edit.h>
#include <warden/string.h>

#define HDR(fdt) ((struct fdt_header *)(fdt))

static void hdr_add(u32 *field, u32 delta)
{
	fdt_put_be32(field, fdt_be32(field) + delta);
}

/* End of the last block in use. */
static u32 used_end(void *fdt)
{
	struct fdt_header *h = HDR(fdt);
	u64 rsv = fdt_be32(&h->off_mem_rsvmap), total = fdt_be32(&h->totalsize);
	u32 end = fdt_be32(&h->off_dt_struct) + fdt_be32(&h->size_dt_struct);
	u32 s_end = fdt_be32(&h->off_dt_strings) + fdt_be32(&h->size_dt_strings);
	const u8 *p = (const u8 *)fdt;

	if (s_end > end)
		end = s_end;
	/* The reservation map ends with an all-zero 16-byte entry (64-bit sums: a map offset
	 * near 4 GiB must not wrap round to the start of the blob). */
	for (u64 off = rsv; off + 16 <= total; off += 16) {
		bool zero = true;
		for (unsigned i = 0; i < 16; i++)
			zero &= p[off + i] == 0;
		if (zero) {
			if (off + 16 > end)
				end = (u32)(off + 16);
			break;
		}
	}
	return end;
}

/* Moves everything at and after blob offset `at` up by `len` bytes, growing totalsize if the
 * free space does not suffice. Blocks that start at or after `at` move with it. */
static int open_gap(void *fdt, u32 bufsize, u32 at, u32 len)
{
	struct fdt_header *h = HDR(fdt);
	u32 end = used_end(fdt), total = fdt_be32(&h->totalsize);

	if ((u64)end + len > total) {
		u64 want = (u64)end + len + FDT_EDIT_SLACK;
		if ((u64)end + len > bufsize)
			return -1;
		total = want > bufsize ? bufsize : (u32)want;
		fdt_put_be32(&h->totalsize, total);
	}
	memmove((u8 *)fdt + at + len, (u8 *)fdt + at, end - at);
	memset((u8 *)fdt + at, 0, len);
	u32 *offs[] = {&h->off_dt_struct, &h->off_dt_strings, &h->off_mem_rsvmap};
	for (unsigned i = 0; i < ARRAY_SIZE(offs); i++)
		if (fdt_be32(offs[i]) >= at)
			hdr_add(offs[i], len);
	return 0;
}

/* Offset of `name` in the strings block, adding it if absent; < 0 if it does not fit. */
static int string_offset(void *fdt, u32 bufsize, const char *name)
{
	struct fdt_header *h = HDR(fdt);
	char *strs = (char *)fdt + fdt_be32(&h->off_dt_strings);
	u32 size = fdt_be32(&h->size_dt_strings), len = (u32)strlen(name) + 1;

	for (u32 i = 0; i + len <= size; i++)
		if (memcmp(strs + i, name, len) == 0)
			return (int)i;
	/* A gap of whole 8-byte units keeps the blocks after it aligned (the reservation map
	 * needs 8, the structure block 4); the bytes past the name are free space. */
	if (open_gap(fdt, bufsize, fdt_be32(&h->off_dt_strings) + size, (u32)ALIGN_UP(len, 8)) < 0)
		return -1;
	strs = (char *)fdt + fdt_be32(&h->off_dt_strings);
	memcpy(strs + size, name, len);
	hdr_add(&h->size_dt_strings, len);
	return (int)size;
}

/* Structure-block offset just past the token at `off`, or -1 past the block's end. */
static int next_token(void *fdt, int off)
{
	struct fdt_header *h = HDR(fdt);
	const u8 *s = (const u8 *)fdt + fdt_be32(&h->off_dt_struct);
	u32 limit = fdt_be32(&h->size_dt_struct);
	u32 tok;

	if (off < 0 || (u32)off + 4 > limit)
		return -1;
	tok = fdt_be32(s + off);
	off += 4;
	if (tok == FDT_BEGIN_NODE) {
		while ((u32)off < limit && s[off])
			off++;
		off = (int)ALIGN_UP((u32)off + 1, 4);
	} else if (tok == FDT_PROP) {
		if ((u32)off + 8 > limit)
			return -1;
		off = (int)ALIGN_UP((u64)off + 8 + fdt_be32(s + off), 4);
	} else if (tok != FDT_END_NODE && tok != FDT_NOP) {
		return -1;
	}
	return (u32)off <= limit ? off : -1;
}

/* The token at structure offset `off`, or FDT_END where no whole token fits in the block
 * (next_token may return the block's end). */
static u32 token_at(void *fdt, int off)
{
	if (off < 0 || (u64)off + 4 > fdt_be32(&HDR(fdt)->size_dt_struct))
		return FDT_END;
	return fdt_be32((u8 *)fdt + fdt_be32(&HDR(fdt)->off_dt_struct) + off);
}

/* Opens `len` (a multiple of 4) zeroed bytes in the structure block at structure offset `off`;
 * NULL if no room. The gap is whole 8-byte units, so the blocks after it stay aligned: a last
 * 4 bytes the caller does not fill hold an FDT_NOP. */
static u8 *struct_gap(void *fdt, u32 bufsize, int off, u32 len)
{
	struct fdt_header *h = HDR(fdt);
	u32 at = fdt_be32(&h->off_dt_struct) + (u32)off, gap = (u32)ALIGN_UP(len, 8);

	if (open_gap(fdt, bufsize, at, gap) < 0)
		return NULL;
	if (gap != len)
		fdt_put_be32((u8 *)fdt + at + len, FDT_NOP);
	hdr_add(&h->size_dt_struct, gap);
	return (u8 *)fdt + at;
}

int fdt_add_subnode(void *fdt, u32 bufsize, int parent, const char *name)
{
	u8 *p;
	u32 nlen = (u32)strlen(name) + 1, len = 4 + (u32)ALIGN_UP(nlen, 4) + 4;
	int depth = 0, off = parent;

	if (parent < 0 || token_at(fdt, parent) != FDT_BEGIN_NODE || nlen > 256)
		return -1;
	/* Find the parent's END_NODE. */
	do {
		u32 tok = token_at(fdt, off);
		if (tok == FDT_BEGIN_NODE)
			depth++;
		else if (tok == FDT_END_NODE)
			depth--;
		if (depth == 0)
			break;
		off = next_token(fdt, off);
	} while (off >= 0);
	if (off < 0)
		return -1;
	p = struct_gap(fdt, bufsize, off, len);
	if (!p)
		return -1;
	fdt_put_be32(p, FDT_BEGIN_NODE);
	memcpy(p + 4, name, nlen);
	fdt_put_be32(p + len - 4, FDT_END_NODE);
	return off;
}

int fdt_add_prop(void *fdt, u32 bufsize, int node, const char *name, const void *val, u32 len)
{
	u8 *p;
	int nameoff, off;

	if (node < 0 || token_at(fdt, node) != FDT_BEGIN_NODE)
		return -1;
	nameoff = string_offset(fdt, bufsize, name);
	if (nameoff < 0)
		return -1;
	/* After the node's name and its existing properties. */
	off = next_token(fdt, node);
	while (off >= 0 && (token_at(fdt, off) == FDT_PROP || token_at(fdt, off) == FDT_NOP))
		off = next_token(fdt, off);
	if (off < 0)
		return -1;
	/* The gap is zero-filled, so the value's padding is too. */
	p = struct_gap(fdt, bufsize, off, 12 + (u32)ALIGN_UP(len, 4));
	if (!p)
		return -1;
	fdt_put_be32(p, FDT_PROP);
	fdt_put_be32(p + 4, len);
	fdt_put_be32(p + 8, (u32)nameoff);
	memcpy(p + 12, val, len);
	return 0;
}
