/* The boot CPU's hand-off work that does not depend on the architecture: checking the
 * non-secure image, reading the machine from QEMU's DTB, adding the psci node (docs/boot.md). */
#ifndef MONITOR_BOOT_H
#define MONITOR_BOOT_H
#include "monitor.h"
#include <warden/platform.h>

/* What the flash's boot parameter block asks for (docs/boot.md, "Boot parameters"). */
enum boot_x0_test {
	BOOT_X0_DTB,	    /* normal: x0 = the DTB */
	BOOT_X0_ZERO,	    /* x0 = 0 */
	BOOT_X0_UNALIGNED,  /* x0 = the DTB's address + 1 */
	BOOT_X0_BEYOND_RAM, /* x0 = the end of DRAM, where nothing answers */
	BOOT_X0_CORRUPT,    /* x0 = a copy of the DTB header with a broken magic */
	BOOT_X0_NO_DTB,	    /* x0 = the DTB, whose magic the monitor breaks: no DTB anywhere */
	BOOT_X0_NO_UART,    /* x0 = the DTB, its /chosen stdout-path made to name no node */
};
struct boot_params {
	enum boot_x0_test x0_test;
	u64 initrd_offset, initrd_size; /* in flash; size 0: none */
	const char *cmdline;		/* NULL: none; not NUL-terminated, cmdline_len bytes */
	u32 cmdline_len;
};
extern const char *const boot_x0_test_names[];
/* Reads the block (len bytes); without the magic line, the defaults. NULL on success, else
 * what is wrong. */
const char *boot_read_params(const char *blk, u32 len, struct boot_params *p);

/* Where and how much to copy; NULL on success, else why the image cannot boot. `avail` is how
 * many bytes of flash follow the header. */
const char *boot_check_image(const struct arm64_image_header *h, u64 avail, u64 load_base,
			     u64 dram_end, u64 *load_addr, u64 *copy_size);
/* NS DRAM range and the CPUs from the DTB; NULL on success, else what is missing. */
const char *boot_read_platform(const void *dtb, struct platform_info *p);
/* Adds /psci (PSCI 1.0, method smc) unless the tree has one. Returns 1 if added, 0 if present,
 * < 0 if it does not fit in bufsize. */
int boot_add_psci_node(void *dtb, u32 bufsize);
/* Adds enable-method = "psci" to every /cpus cpu node that has none (QEMU's secure=on tree has
 * none, and Linux then starts no secondary CPU). Returns how many, or < 0 if out of room. */
int boot_add_enable_methods(void *dtb, u32 bufsize);
/* Names an initrd [start, end) (if end > start) and a command line (if cmdline) in /chosen.
 * Returns 0; -1 out of room; -2 the tree already names one; -3 command line too long. */
#define BOOT_CMDLINE_MAX 2048u
int boot_set_chosen(void *dtb, u32 bufsize, u64 initrd_start, u64 initrd_end, const char *cmdline,
		    u32 cmdline_len);

#endif
