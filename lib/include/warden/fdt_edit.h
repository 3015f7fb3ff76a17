/* In-place device tree editing: add nodes and properties to a DTB (devicetree specification
 * v0.4, chapter 5) inside a buffer of a known size. Node offsets are those of warden/fdt.h.
 * Each call moves the blocks after the insertion point; offsets taken before it are stale. */
#ifndef WARDEN_FDT_EDIT_H
#define WARDEN_FDT_EDIT_H
#include <warden/types.h>

/* When the blob has no free space left, totalsize grows by what is needed plus this much. */
#define FDT_EDIT_SLACK 4096u

/* Adds an empty node `name` as the last child of `parent`. Returns its offset, or < 0 if the
 * buffer (bufsize bytes from fdt) is too small or the tree is malformed. */
int fdt_add_subnode(void *fdt, u32 bufsize, int parent, const char *name);
/* Appends a property to `node`. Returns 0, or < 0 as above. Does not check for duplicates. */
int fdt_add_prop(void *fdt, u32 bufsize, int node, const char *name, const void *val, u32 len);

#endif
