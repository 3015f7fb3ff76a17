/* The boot CPU's hand-off work that does not depend on the architecture: checking the
 * non-secure image, reading the machine from QEMU's DTB, adding the psci node (docs/boot.md). */
#ifndef MONITOR_BOOT_H
#define MONITOR_BOOT_H
#include "monitor.h"
#include <warden/platform.h>

/* Where and how much to copy; NULL on success, else why the image cannot boot. `avail` is how
 * many bytes of flash follow the header. */
const char *boot_check_image(const struct arm64_image_header *h, u64 avail, u64 load_base,
			     u64 dram_end, u64 *load_addr, u64 *copy_size);
/* NS DRAM range and the CPUs from the DTB; NULL on success, else what is missing. */
const char *boot_read_platform(const void *dtb, struct platform_info *p);
/* Adds /psci (PSCI 1.0, method smc) unless the tree has one. Returns 1 if added, 0 if present,
 * < 0 if it does not fit in bufsize. */
int boot_add_psci_node(void *dtb, u32 bufsize);

#endif
