/* Flattened device tree reader (devicetree specification v0.4, chapter 5). */
#include <warden/fdt.h>
#include <warden/string.h>

static const u8 *fdt_struct(const void *fdt)
{
	return (const u8 *)fdt + fdt_be32(&((const struct fdt_header *)fdt)->off_dt_struct);
}

static const char *fdt_strings(const void *fdt)
{
	return (const char *)fdt + fdt_be32(&((const struct fdt_header *)fdt)->off_dt_strings);
}

u32 fdt_totalsize(const void *fdt)
{
	return fdt_be32(&((const struct fdt_header *)fdt)->totalsize);
}

bool fdt_check(const void *fdt, u32 max_size)
{
	const struct fdt_header *h = fdt;
	u32 total = fdt_be32(&h->totalsize);

	if (fdt_be32(&h->magic) != FDT_MAGIC || total > max_size || total < sizeof(*h))
		return false;
	if (fdt_be32(&h->version) < 17)
		return false;
	u64 s_off = fdt_be32(&h->off_dt_struct), s_end = s_off + fdt_be32(&h->size_dt_struct);
	u64 str_off = fdt_be32(&h->off_dt_strings);
	u64 str_end = str_off + fdt_be32(&h->size_dt_strings);
	u64 rsv = fdt_be32(&h->off_mem_rsvmap), rsv_end = 0;
	const u8 *p = fdt;

	if (s_end > total || str_end > total || (s_off & 3) || (rsv & 7))
		return false;
	/* The memory reservation block runs to its all-zero 16-byte terminator. */
	for (u64 off = rsv; off + 16 <= total && !rsv_end; off += 16) {
		bool zero = true;
		for (unsigned i = 0; i < 16; i++)
			zero = zero && p[off + i] == 0;
		if (zero)
			rsv_end = off + 16;
	}
	if (!rsv_end)
		return false;
	/* The three blocks follow the header and do not overlap (an editor moving one must not
	 * move part of another). */
	if (rsv < sizeof(*h) || s_off < sizeof(*h) || (str_off < sizeof(*h) && str_end > str_off))
		return false;
	if ((s_off < rsv_end && rsv < s_end) || (str_off < rsv_end && rsv < str_end) ||
	    (str_off < s_end && s_off < str_end))
		return false;
	return true;
}

static u32 struct_size(const void *fdt)
{
	return fdt_be32(&((const struct fdt_header *)fdt)->size_dt_struct);
}

/* The token at `off`, or FDT_END where no whole token fits in the structure block. */
static u32 token_at(const void *fdt, int off)
{
	if (off < 0 || (u64)off + 4 > struct_size(fdt))
		return FDT_END;
	return fdt_be32(fdt_struct(fdt) + off);
}

/* Whether a property at `off` with a value of len bytes lies inside the structure block. */
static bool prop_fits(const void *fdt, int off, u32 len)
{
#ifdef PLANT_BUG_FDT_PROP_LEN
	/* Planted bug (tests/fuzz): the length field is trusted. */
	return (u64)off + 12 <= struct_size(fdt);
#else
	return (u64)off + 12 + len <= struct_size(fdt);
#endif
}

/* Offset just past the token at `off` (a node's name or a property's value included), or -1
 * if that token does not lie wholly inside the structure block or nothing follows it. */
static int skip_token(const void *fdt, int off)
{
	const u8 *s = fdt_struct(fdt);
	u32 limit = struct_size(fdt);
	u32 tok = token_at(fdt, off);
	u64 next;

	if (off < 0 || (u64)off + 4 > limit)
		return -1;
	if (tok == FDT_BEGIN_NODE) {
		u32 i = (u32)off + 4;
		while (i < limit && s[i])
			i++;
		if (i >= limit)
			return -1; /* the name is not terminated inside the block */
		next = ALIGN_UP((u64)i + 1, 4);
	} else if (tok == FDT_PROP) {
		if (!prop_fits(fdt, off, 0))
			return -1;
		u32 len = fdt_be32(s + off + 4);
		if (!prop_fits(fdt, off, len))
			return -1;
		next = ALIGN_UP((u64)off + 12 + len, 4);
	} else {
		next = (u64)off + 4;
	}
	return next < limit ? (int)next : -1;
}

int fdt_next_node(const void *fdt, int node, int *depth)
{
	int off = node;

	if (node >= 0) {
		off = skip_token(fdt, node);
		(*depth)++;
	} else {
		off = 0;
		*depth = -1;
		if (token_at(fdt, 0) == FDT_BEGIN_NODE && skip_token(fdt, 0) >= 0) {
			*depth = 0;
			return 0;
		}
	}
	while (off >= 0) {
		u32 tok = token_at(fdt, off);
		/* A node is returned only with its name inside the block (fdt_node_name). */
		if (tok == FDT_BEGIN_NODE)
			return skip_token(fdt, off) >= 0 ? off : -1;
		if (tok == FDT_END_NODE) {
			(*depth)--;
			if (*depth < 0)
				return -1;
		} else if (tok == FDT_END) {
			return -1;
		}
		off = skip_token(fdt, off);
	}
	return -1;
}

const char *fdt_node_name(const void *fdt, int node)
{
	return (const char *)fdt_struct(fdt) + node + 4;
}

/* A path component matches a node name exactly, or without the node's "@unit" part. */
static bool name_matches(const char *name, const char *comp, size_t len)
{
	bool comp_has_unit = false;

	for (size_t i = 0; i < len; i++)
		comp_has_unit |= comp[i] == '@';
	if (strncmp(name, comp, len) != 0)
		return false;
	return name[len] == '\0' || (name[len] == '@' && !comp_has_unit);
}

int fdt_path_offset(const void *fdt, const char *path)
{
	int depth = 0, node = 0, want = 1;

	if (path[0] != '/')
		return -1;
	path++;
	while (*path) {
		size_t len = 0;
		while (path[len] && path[len] != '/')
			len++;
		int d = want - 1;
		int found = -1;
		depth = d;
		for (int n = fdt_next_node(fdt, node, &depth); n >= 0 && depth > d;
		     n = fdt_next_node(fdt, n, &depth)) {
			if (depth == want && name_matches(fdt_node_name(fdt, n), path, len)) {
				found = n;
				break;
			}
		}
		if (found < 0)
			return -1;
		node = found;
		depth = want;
		want++;
		path += len;
		if (*path == '/')
			path++;
	}
	return node;
}

/* The property name at nameoff in the strings block, or NULL if it is not a string that ends
 * inside the block. */
static const char *prop_name(const void *fdt, u32 nameoff)
{
	const char *strs = fdt_strings(fdt);
	u32 size = fdt_be32(&((const struct fdt_header *)fdt)->size_dt_strings);

	for (u32 i = nameoff; i < size; i++)
		if (!strs[i])
			return strs + nameoff;
	return NULL;
}

const void *fdt_getprop(const void *fdt, int node, const char *name, u32 *len)
{
	const u8 *s = fdt_struct(fdt);
	int off = skip_token(fdt, node);

	while (off >= 0) {
		u32 tok = token_at(fdt, off);
		if (tok == FDT_PROP) {
			if (!prop_fits(fdt, off, 0) || !prop_fits(fdt, off, fdt_be32(s + off + 4)))
				break;
			u32 plen = fdt_be32(s + off + 4);
			const char *pname = prop_name(fdt, fdt_be32(s + off + 8));
			if (pname && strcmp(pname, name) == 0) {
				if (len)
					*len = plen;
				return s + off + 12;
			}
		} else if (tok != FDT_NOP) {
			break; /* properties precede subnodes */
		}
		off = skip_token(fdt, off);
	}
	return NULL;
}

int fdt_find_compatible(const void *fdt, int start, const char *compat)
{
	int depth = 0;
	size_t clen = strlen(compat);

	for (int n = fdt_next_node(fdt, start, &depth); n >= 0; n = fdt_next_node(fdt, n, &depth)) {
		u32 len;
		const char *p = fdt_getprop(fdt, n, "compatible", &len);
		/* A list of strings; an unterminated last one matches nothing. */
		for (u32 i = 0; p && i < len;) {
			u32 l = 0;
			while (i + l < len && p[i + l])
				l++;
			if (i + l < len && l == clen && strcmp(p + i, compat) == 0)
				return n;
			i += l + 1;
		}
	}
	return -1;
}

static u64 read_cells(const u8 *p, u32 cells)
{
	u64 v = 0;

	for (u32 i = 0; i < cells; i++)
		v = v << 32 | fdt_be32(p + 4 * i);
	return v;
}

bool fdt_reg(const void *fdt, int node, unsigned index, u64 *addr, u64 *size)
{
	u32 ac = 2, sc = 1, len;
	const void *p = fdt_getprop(fdt, 0, "#address-cells", &len);

	if (p && len == 4)
		ac = fdt_be32(p);
	p = fdt_getprop(fdt, 0, "#size-cells", &len);
	if (p && len == 4)
		sc = fdt_be32(p);
	const u8 *reg = fdt_getprop(fdt, node, "reg", &len);
	u32 stride = 4 * (ac + sc);
	if (!reg || ac > 2 || sc > 2 || (u64)(index + 1) * stride > len)
		return false;
	*addr = read_cells(reg + index * stride, ac);
	*size = read_cells(reg + index * stride + 4 * ac, sc);
	return true;
}
