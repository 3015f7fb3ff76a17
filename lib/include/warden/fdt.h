/* A read-only flattened device tree (DTB) reader: enough to find nodes by path or compatible
 * string and read their properties. Node handles are structure-block offsets; < 0 is "none". */
#ifndef WARDEN_FDT_H
#define WARDEN_FDT_H
#include <warden/types.h>

#define FDT_MAGIC 0xd00dfeedu
#define FDT_BEGIN_NODE 1u
#define FDT_END_NODE 2u
#define FDT_PROP 3u
#define FDT_NOP 4u
#define FDT_END 9u

struct fdt_header {
	u32 magic, totalsize, off_dt_struct, off_dt_strings, off_mem_rsvmap, version,
	    last_comp_version, boot_cpuid_phys, size_dt_strings, size_dt_struct;
};

static inline u32 fdt_be32(const void *p)
{
	const u8 *b = p;
	return (u32)b[0] << 24 | (u32)b[1] << 16 | (u32)b[2] << 8 | b[3];
}

static inline void fdt_put_be32(void *p, u32 v)
{
	u8 *b = p;
	b[0] = (u8)(v >> 24);
	b[1] = (u8)(v >> 16);
	b[2] = (u8)(v >> 8);
	b[3] = (u8)v;
}

/* Checks the header and that every block lies inside totalsize (at most max_size bytes). */
bool fdt_check(const void *fdt, u32 max_size);
u32 fdt_totalsize(const void *fdt);
/* Offset of the next node after `node` in document order, updating *depth; < 0 at the end. */
int fdt_next_node(const void *fdt, int node, int *depth);
const char *fdt_node_name(const void *fdt, int node);
/* Node at an absolute path such as "/chosen" or "/pl011@9000000". */
int fdt_path_offset(const void *fdt, const char *path);
/* First node after `start` (-1 = from the root) whose compatible list contains `compat`. */
int fdt_find_compatible(const void *fdt, int start, const char *compat);
const void *fdt_getprop(const void *fdt, int node, const char *name, u32 *len);
/* The index-th (address, size) pair of a node's reg, using the root's cell counts. */
bool fdt_reg(const void *fdt, int node, unsigned index, u64 *addr, u64 *size);

#endif
