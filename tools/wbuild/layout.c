/* Protection domain address-space layout and its checks (see layout.h). */
#include <inttypes.h>
#include <stdlib.h>

#include "layout.h"

size_t layout_count(const struct pd *pd)
{
	return pd->elf.seg_count + 2 + pd->maps.n;
}

size_t layout_pd(const struct system *sys, const struct pd *pd, struct mapping *out)
{
	size_t n = 0;

	for (size_t i = 0; i < pd->elf.seg_count; i++) {
		const struct elf_segment *s = &pd->elf.segs[i];

		out[n++] = (struct mapping){
		    MAPPING_SEGMENT, i, pd->line, s->vaddr, ALIGN_UP(s->memsz, PAGE_SIZE),
		    s->perms};
	}
	out[n++] = (struct mapping){MAPPING_STACK,  0,
				    pd->line,	    STACK_TOP - pd->stack_size,
				    pd->stack_size, BS_PERM_R | BS_PERM_W};
	out[n++] = (struct mapping){MAPPING_IPC_BUFFER, 0,	   pd->line,
				    IPC_BUFFER_VADDR,	PAGE_SIZE, BS_PERM_R | BS_PERM_W};
	for (size_t i = 0; i < pd->maps.n; i++) {
		const struct map *m = &pd->maps.v[i];

		if (m->region_index == BS_NONE)
			continue;
		out[n++] = (struct mapping){
		    MAPPING_REGION, i, m->line, m->vaddr, sys->regions.v[m->region_index].size,
		    m->perms};
	}
	return n;
}

void mapping_name(const struct system *sys, const struct pd *pd, const struct mapping *m, char *buf,
		  size_t size)
{
	switch (m->kind) {
	case MAPPING_SEGMENT:
		snprintf(buf, size, "%s segment %zu", pd->image, m->index);
		break;
	case MAPPING_STACK:
		snprintf(buf, size, "stack");
		break;
	case MAPPING_IPC_BUFFER:
		snprintf(buf, size, "IPC buffer");
		break;
	case MAPPING_REGION:
		snprintf(buf, size, "%s", sys->regions.v[pd->maps.v[m->index].region_index].name);
		break;
	}
}

static int by_vaddr(const void *a, const void *b)
{
	const struct mapping *x = a, *y = b;

	return x->vaddr < y->vaddr ? -1 : x->vaddr > y->vaddr;
}

struct overlap {
	const struct mapping *earlier, *later;
};

static int by_later_line(const void *a, const void *b)
{
	const struct overlap *x = a, *y = b;

	return x->later->line - y->later->line;
}

void layout_check(const struct system *sys, const struct pd *pd, struct diag *d)
{
	struct mapping *maps = xmalloc(layout_count(pd) * sizeof(*maps));
	size_t n = layout_pd(sys, pd, maps);
	char a[BS_NAME_LEN + 64], b[BS_NAME_LEN + 64];

	for (size_t i = 0; i < n; i++) {
		if (maps[i].size > IPA_LIMIT - maps[i].vaddr) {
			mapping_name(sys, pd, &maps[i], a, sizeof(a));
			diag_error(d, maps[i].line,
				   "mapping '%s' at 0x%" PRIx64
				   " ends beyond the 2^39 address limit",
				   a, maps[i].vaddr);
		}
	}
	/* Sorted by address, a mapping can only overlap those after it that start before its end.
	 * Each overlapping pair is reported once, at the line of the later-written one, in line
	 * order. */
	qsort(maps, n, sizeof(*maps), by_vaddr);
	VEC(struct overlap) found = {0};
	for (size_t i = 0; i < n; i++) {
		for (size_t j = i + 1; j < n && maps[j].vaddr - maps[i].vaddr < maps[i].size; j++) {
			const struct mapping *x = &maps[i], *y = &maps[j];
			bool swap = y->line < x->line || (y->line == x->line && y->kind < x->kind);

			*VEC_PUSH(found) = swap ? (struct overlap){y, x} : (struct overlap){x, y};
		}
	}
	if (found.n)
		qsort(found.v, found.n, sizeof(*found.v), by_later_line);
	for (size_t i = 0; i < found.n; i++) {
		const struct overlap *o = &found.v[i];

		mapping_name(sys, pd, o->later, a, sizeof(a));
		mapping_name(sys, pd, o->earlier, b, sizeof(b));
		diag_error(d, o->later->line,
			   "mapping '%s' at 0x%" PRIx64 " overlaps '%s' at 0x%" PRIx64 " in '%s'",
			   a, o->later->vaddr, b, o->earlier->vaddr, pd->name);
	}
	free(found.v);
	free(maps);
}
