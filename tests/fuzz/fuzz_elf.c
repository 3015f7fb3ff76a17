/* libFuzzer target: the image builder's ELF reader (tools/wbuild/elf.c), which takes the
 * component and VMM images a description names. An accepted image must be what the builder
 * relies on when it maps segments: checked here against the file's own program headers, read
 * a second way. */
#include <elf.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <warden/bootspec.h>

#include "../../tools/wbuild/elf.h"
#include "../../tools/wbuild/model.h"

static void check(bool ok, const char *what, unsigned long long a)
{
	if (!ok) {
		fprintf(stderr, "fuzz_elf: oracle failed: %s (0x%llx)\n", what, a);
		abort();
	}
}

static volatile u8 sink;

/* PT_LOAD segments with memory, counted from the raw program headers. */
static size_t loadable(const u8 *f, size_t size)
{
	Elf64_Ehdr eh;
	size_t n = 0;

	memcpy(&eh, f, sizeof(eh));
	for (size_t i = 0; i < eh.e_phnum; i++) {
		Elf64_Phdr ph;
		memcpy(&ph, f + eh.e_phoff + i * sizeof(ph), sizeof(ph));
		n += ph.p_type == PT_LOAD && ph.p_memsz != 0;
	}
	(void)size;
	return n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct elf_image img;
	char err[256] = "";
	u8 *file = malloc(size ? size : 1);

	memcpy(file, data, size);
	bool ok = elf_parse(&img, file, size, err, sizeof(err));
	if (!ok) {
		check(err[0] != '\0', "a refusal says why", size);
		elf_free(&img);
		return 0;
	}
	check(img.file == file && img.file_size == size, "the image is the file given", size);
	check(img.seg_count >= 1 && img.seg_count <= ELF_MAX_SEGMENTS, "1..16 segments",
	      img.seg_count);
	check(img.seg_count == loadable(file, size), "every loadable segment, no other",
	      img.seg_count);
	bool entry_in_x = false;
	for (size_t i = 0; i < img.seg_count; i++) {
		const struct elf_segment *s = &img.segs[i];
		check(s->vaddr % PAGE_SIZE == 0, "segment page-aligned", s->vaddr);
		check(s->memsz > 0 && s->filesz <= s->memsz, "file bytes within memory bytes",
		      s->filesz);
		check(s->vaddr < IPA_LIMIT && s->memsz <= IPA_LIMIT - s->vaddr,
		      "segment below the IPA limit", s->vaddr);
		check(s->data >= file && (size_t)(s->data - file) <= size &&
			  s->filesz <= size - (size_t)(s->data - file),
		      "segment data inside the file", s->filesz);
		check((s->perms & ~(BS_PERM_R | BS_PERM_W | BS_PERM_X)) == 0, "known permissions",
		      s->perms);
		if (i > 0) {
			const struct elf_segment *prev = &img.segs[i - 1];
			check(prev->vaddr < s->vaddr &&
				  ALIGN_UP(prev->vaddr + prev->memsz, PAGE_SIZE) <= s->vaddr,
			      "sorted, and no page shared", s->vaddr);
		}
		/* The builder copies the data: it must be readable (ASan checks the bytes). */
		for (u64 j = 0; j < s->filesz; j += 997)
			sink ^= s->data[j];
		if (s->filesz)
			sink ^= s->data[s->filesz - 1];
		if ((s->perms & BS_PERM_X) && img.entry >= s->vaddr &&
		    img.entry - s->vaddr < s->memsz)
			entry_in_x = true;
	}
	check(entry_in_x, "the entry point in an executable segment", img.entry);
	elf_free(&img);
	return 0;
}
