/* Packing a boot spec behind the kernel: one image the Linux arm64 boot protocol loads. */
#ifndef WBUILD_PACK_H
#define WBUILD_PACK_H
#include <warden/types.h>

#define IMAGE_ALIGN 0x1000u

/* out = kernel, zeros up to the kernel's image_size (its bss), the spec, zeros to a 4 KiB
 * boundary; the header's image_size becomes the new length. False with a message in err if
 * the kernel is not an arm64 Image. */
bool pack_image(const u8 *kernel, size_t kernel_size, const u8 *spec, size_t spec_size, u8 **out,
		size_t *out_size, char *err, size_t err_size);

#endif
