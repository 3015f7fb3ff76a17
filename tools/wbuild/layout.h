/* A protection domain's address space: its ELF segments, stack, IPC buffer and mapped regions,
 * in the order the boot spec lists them. */
#ifndef WBUILD_LAYOUT_H
#define WBUILD_LAYOUT_H
#include "diag.h"
#include "model.h"

enum mapping_kind { MAPPING_SEGMENT, MAPPING_STACK, MAPPING_IPC_BUFFER, MAPPING_REGION };

struct mapping {
	enum mapping_kind kind;
	size_t index; /* segment or map index */
	int line;     /* the <map>, or the PD for what the builder adds */
	u64 vaddr;
	u64 size;
	u32 perms;
};

/* Fills out (room for layout_count(pd) entries): segments, stack, IPC buffer, then maps. Map
 * entries whose region did not resolve are left out. */
size_t layout_pd(const struct system *sys, const struct pd *pd, struct mapping *out);
size_t layout_count(const struct pd *pd);

/* Reports mappings that overlap or end beyond the address limit. */
void layout_check(const struct system *sys, const struct pd *pd, struct diag *d);

/* `server.elf segment 0`, `stack`, `IPC buffer`, or the region's name. */
void mapping_name(const struct system *sys, const struct pd *pd, const struct mapping *m, char *buf,
		  size_t size);

#endif
