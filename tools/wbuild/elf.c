/* ELF64 reader for component images: AArch64 executables whose PT_LOAD segments become
 * page-aligned memory regions of their protection domain. */
#include <elf.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <warden/bootspec.h>

#include "elf.h"
#include "model.h"

_Static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__,
	       "wbuild reads and writes little-endian structures in host order");

typedef unsigned long long ull;

__attribute__((format(printf, 3, 4))) static bool fail(char *err, size_t err_size, const char *fmt,
						       ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, err_size, fmt, ap);
	va_end(ap);
	return false;
}

static u32 perms_of(u32 p_flags)
{
	return (p_flags & PF_R ? BS_PERM_R : 0) | (p_flags & PF_W ? BS_PERM_W : 0) |
	       (p_flags & PF_X ? BS_PERM_X : 0);
}

static int by_vaddr(const void *a, const void *b)
{
	const struct elf_segment *x = a, *y = b;

	return x->vaddr < y->vaddr ? -1 : x->vaddr > y->vaddr;
}

static bool read_segments(struct elf_image *img, const Elf64_Ehdr *eh, char *err, size_t err_size)
{
	size_t size = img->file_size;

	if (eh->e_phentsize != sizeof(Elf64_Phdr))
		return fail(err, err_size, "bad program header size %u", eh->e_phentsize);
	if (eh->e_phoff > size || eh->e_phnum > (size - eh->e_phoff) / sizeof(Elf64_Phdr))
		return fail(err, err_size, "program headers lie outside the file");

	for (size_t i = 0; i < eh->e_phnum; i++) {
		Elf64_Phdr ph;

		memcpy(&ph, img->file + eh->e_phoff + i * sizeof(ph), sizeof(ph));
		if (ph.p_type != PT_LOAD || ph.p_memsz == 0)
			continue;
		if (img->seg_count == ELF_MAX_SEGMENTS)
			return fail(err, err_size, "more than %d loadable segments",
				    ELF_MAX_SEGMENTS);
#ifdef PLANT_BUG_ELF_FILESZ
		/* The fuzzer's planted bug (tests/fuzz, docs/fuzzing.md): the file size trusted. */
		if (ph.p_offset > size)
#else
		if (ph.p_offset > size || ph.p_filesz > size - ph.p_offset)
#endif
			return fail(err, err_size, "segment at 0x%llx lies outside the file",
				    (ull)ph.p_vaddr);
		if (ph.p_filesz > ph.p_memsz)
			return fail(err, err_size,
				    "segment at 0x%llx has more file bytes than memory bytes",
				    (ull)ph.p_vaddr);
		if (ph.p_vaddr % PAGE_SIZE)
			return fail(err, err_size,
				    "segment at 0x%llx is not 4 KiB aligned (link with 4 KiB "
				    "aligned segments)",
				    (ull)ph.p_vaddr);
		if (ph.p_vaddr >= IPA_LIMIT || ph.p_memsz > IPA_LIMIT - ph.p_vaddr)
			return fail(err, err_size,
				    "segment at 0x%llx ends beyond the 2^39 address limit",
				    (ull)ph.p_vaddr);

		struct elf_segment *s = &img->segs[img->seg_count++];
		s->vaddr = ph.p_vaddr;
		s->memsz = ph.p_memsz;
		s->filesz = ph.p_filesz;
		s->perms = perms_of(ph.p_flags);
		s->data = img->file + ph.p_offset;
	}
	if (img->seg_count == 0)
		return fail(err, err_size, "no loadable segments");

	qsort(img->segs, img->seg_count, sizeof(img->segs[0]), by_vaddr);
	for (size_t i = 1; i < img->seg_count; i++) {
		const struct elf_segment *prev = &img->segs[i - 1], *s = &img->segs[i];

		if (ALIGN_UP(prev->vaddr + prev->memsz, PAGE_SIZE) > s->vaddr)
			return fail(err, err_size,
				    "segments at 0x%llx and 0x%llx share a page (link with 4 KiB "
				    "aligned segments)",
				    (ull)prev->vaddr, (ull)s->vaddr);
	}
	return true;
}

static bool entry_is_executable(const struct elf_image *img)
{
	for (size_t i = 0; i < img->seg_count; i++) {
		const struct elf_segment *s = &img->segs[i];

		if ((s->perms & BS_PERM_X) && img->entry >= s->vaddr &&
		    img->entry - s->vaddr < s->memsz)
			return true;
	}
	return false;
}

bool elf_parse(struct elf_image *img, u8 *file, size_t size, char *err, size_t err_size)
{
	Elf64_Ehdr eh;

	memset(img, 0, sizeof(*img));
	img->file = file;
	img->file_size = size;

	if (size < sizeof(eh) || memcmp(file, ELFMAG, SELFMAG) != 0)
		return fail(err, err_size, "not an ELF file");
	memcpy(&eh, file, sizeof(eh));
	if (eh.e_ident[EI_CLASS] != ELFCLASS64 || eh.e_ident[EI_DATA] != ELFDATA2LSB)
		return fail(err, err_size, "not a little-endian ELF64 file");
	if (eh.e_machine != EM_AARCH64)
		return fail(err, err_size, "machine %u is not AArch64 (%u)", eh.e_machine,
			    EM_AARCH64);
	if (eh.e_type != ET_EXEC)
		return fail(err, err_size, "type %u is not an executable (ET_EXEC)", eh.e_type);
	if (!read_segments(img, &eh, err, err_size))
		return false;
	img->entry = eh.e_entry;
	if (!entry_is_executable(img))
		return fail(err, err_size, "entry point 0x%llx is not in an executable segment",
			    (ull)eh.e_entry);
	return true;
}

void elf_free(struct elf_image *img)
{
	free(img->file);
	memset(img, 0, sizeof(*img));
}
