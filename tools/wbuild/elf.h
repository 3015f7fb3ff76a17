/* Reading a component's ELF64 executable: its entry point and loadable segments. */
#ifndef WBUILD_ELF_H
#define WBUILD_ELF_H
#include <warden/types.h>

#define ELF_MAX_SEGMENTS 16

struct elf_segment {
	u64 vaddr;	/* 4 KiB aligned */
	u64 memsz;	/* bytes in memory; the rest after filesz is zero */
	u64 filesz;	/* bytes of data */
	u32 perms;	/* BS_PERM_* */
	const u8 *data; /* filesz bytes inside the image's file */
};

struct elf_image {
	u8 *file; /* owned */
	size_t file_size;
	u64 entry;
	struct elf_segment segs[ELF_MAX_SEGMENTS]; /* sorted by vaddr */
	size_t seg_count;
};

/* Parses file (taking ownership of it, even on failure). On failure writes a message to err
 * and returns false. */
bool elf_parse(struct elf_image *img, u8 *file, size_t size, char *err, size_t err_size);
void elf_free(struct elf_image *img);

#endif
