/* A guest's device tree: its source, generated from the description, and its compilation by dtc
 * (Debian package device-tree-compiler). */
#ifndef WBUILD_DTB_H
#define WBUILD_DTB_H
#include "model.h"

/* The DTS of vm's guest platform (vmm_config.h; docs/system-description.md), using
 * vm->build.initrd_start/end. A new string. */
char *vm_dts(const struct vm *vm);

/* Runs `dtc -I dts -O dtb` on dts. On failure writes a message to err and returns false. */
bool dtc_compile(const char *dts, u8 **dtb, size_t *size, char *err, size_t err_size);

#endif
