/* Image packing (see pack.h): the spec goes where the kernel's footprint ends, so the kernel
 * finds it at its own end symbol. */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <warden/platform.h>

#include "pack.h"

#define IMAGE_SIZE_OFFSET offsetof(struct arm64_image_header, image_size)
#define MAGIC_OFFSET offsetof(struct arm64_image_header, magic)
_Static_assert(IMAGE_SIZE_OFFSET == 16 && MAGIC_OFFSET == 0x38,
	       "the arm64 Image header layout (Documentation/arch/arm64/booting.rst)");

bool pack_image(const u8 *kernel, size_t kernel_size, const u8 *spec, size_t spec_size, u8 **out,
		size_t *out_size, char *err, size_t err_size)
{
	u32 magic;
	u64 image_size, total;
	u8 *buf;

	if (kernel_size < sizeof(struct arm64_image_header)) {
		snprintf(err, err_size, "too short for an arm64 Image header (%zu bytes)",
			 kernel_size);
		return false;
	}
	memcpy(&magic, kernel + MAGIC_OFFSET, sizeof(magic));
	memcpy(&image_size, kernel + IMAGE_SIZE_OFFSET, sizeof(image_size));
	if (magic != ARM64_IMAGE_MAGIC) {
		snprintf(err, err_size,
			 "not an arm64 Image (no \"ARM\\x64\" magic at offset 0x38); pass the "
			 "raw kernel binary, not the ELF");
		return false;
	}
	if (image_size < kernel_size || image_size % 8) {
		snprintf(err, err_size,
			 "header image_size 0x%llx must be a multiple of 8 and cover the file "
			 "(0x%zx bytes)",
			 (unsigned long long)image_size, kernel_size);
		return false;
	}
	total = ALIGN_UP(image_size + spec_size, IMAGE_ALIGN);
	if (total > FLASH_NS_IMAGE_LIMIT) {
		snprintf(err, err_size,
			 "the image would be %llu bytes (kernel 0x%llx, boot spec 0x%zx with every "
			 "guest's image, initrd and DTB); the flash holds at most %lu MiB for the "
			 "non-secure image (docs/boot.md): make a guest's image or initrd smaller",
			 (unsigned long long)total, (unsigned long long)image_size, spec_size,
			 FLASH_NS_IMAGE_LIMIT >> 20);
		return false;
	}
	buf = calloc(1, total);
	if (!buf) {
		snprintf(err, err_size, "out of memory for a 0x%llx byte image",
			 (unsigned long long)total);
		return false;
	}
	memcpy(buf, kernel, kernel_size);
	memcpy(buf + image_size, spec, spec_size);
	memcpy(buf + IMAGE_SIZE_OFFSET, &total, sizeof(total));
	*out = buf;
	*out_size = total;
	return true;
}
