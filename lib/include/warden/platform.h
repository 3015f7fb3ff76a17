/* Facts of the boot contract between the monitor and the image it boots (docs/boot.md). */
#ifndef WARDEN_PLATFORM_H
#define WARDEN_PLATFORM_H

/* The flash image (-bios): monitor at 0, the non-secure image at this offset. */
#define FLASH_NS_IMAGE_OFFSET 0x200000ul
/* What the non-secure image (kernel + boot spec) may take: the 64 MiB flash from there. */
#define FLASH_NS_IMAGE_LIMIT (0x4000000ul - FLASH_NS_IMAGE_OFFSET)
/* Boot parameters (tools/scripts/mkflash.sh options): the last 4 KiB below the image, text
 * "warden-boot-params 1\n" then key=value lines (docs/boot.md). */
#define FLASH_PARAMS_OFFSET 0x1ff000ul
#define FLASH_PARAMS_SIZE 0x1000ul
#define FLASH_PARAMS_MAGIC "warden-boot-params 1\n"
/* Where the monitor loads the non-secure image: 2 MiB aligned, above QEMU's DTB (which QEMU
 * places at the start of DRAM and reserves 1 MiB for). */
#define NS_IMAGE_LOAD_BASE 0x40200000ul
#define NS_DRAM_BASE 0x40000000ul

/* Linux arm64 Image header (Documentation/arch/arm64/booting.rst). */
#define ARM64_IMAGE_MAGIC 0x644d5241u /* "ARM\x64" at offset 0x38 */
struct arm64_image_header {
	unsigned int code0, code1;
	unsigned long text_offset;
	unsigned long image_size; /* effective size: everything the loader must leave room for */
	unsigned long flags;	  /* bit 0: big endian; bits 2:1 page size; bit 3: placement */
	unsigned long res2, res3, res4;
	unsigned int magic;
	unsigned int res5;
};

#endif
