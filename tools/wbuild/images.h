/* Finding and loading the files a description names: component ELF images, guest images. */
#ifndef WBUILD_IMAGES_H
#define WBUILD_IMAGES_H
#include "diag.h"
#include "model.h"

struct search_path {
	const char *const *dirs; /* -I directories, searched after the description's own */
	size_t count;
};

/* Loads every PD's and VMM's ELF image and finds every guest image and initrd. */
void load_images(struct system *sys, const struct search_path *search, struct diag *d);

/* Reads a whole file into a new buffer; false with errno set on failure. */
bool read_file(const char *path, u8 **data, size_t *size);

#endif
