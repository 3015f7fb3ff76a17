/* Test helper: writes small AArch64 ELF executables with chosen segments, so tests of the
 * image builder control every byte without a toolchain. */
#ifndef TEST_WBUILD_ELF_H
#define TEST_WBUILD_ELF_H
#include <elf.h>
#include <stdio.h>
#include <string.h>

#include <warden/types.h>

struct test_segment {
	u64 vaddr;
	u64 memsz;
	u32 flags; /* PF_R, PF_W, PF_X */
	const void *data;
	size_t filesz;
};

/* Segment data starts here in the file, each segment at its own 4 KiB offset. */
#define TEST_ELF_DATA 0x1000u

/* Builds the file into buf (zeroed, at least test_elf_size(n) bytes); returns its size. */
static inline size_t test_elf_size(size_t n)
{
	return TEST_ELF_DATA + n * 0x1000;
}

static inline size_t test_elf_build(u8 *buf, u16 machine, u16 type, u64 entry,
				    const struct test_segment *segs, size_t n)
{
	Elf64_Ehdr eh = {0};

	memcpy(eh.e_ident, ELFMAG, SELFMAG);
	eh.e_ident[EI_CLASS] = ELFCLASS64;
	eh.e_ident[EI_DATA] = ELFDATA2LSB;
	eh.e_ident[EI_VERSION] = EV_CURRENT;
	eh.e_type = type;
	eh.e_machine = machine;
	eh.e_version = EV_CURRENT;
	eh.e_entry = entry;
	eh.e_phoff = sizeof(eh);
	eh.e_ehsize = sizeof(eh);
	eh.e_phentsize = sizeof(Elf64_Phdr);
	eh.e_phnum = (u16)n;
	memcpy(buf, &eh, sizeof(eh));
	for (size_t i = 0; i < n; i++) {
		Elf64_Phdr ph = {0};

		ph.p_type = PT_LOAD;
		ph.p_flags = segs[i].flags;
		ph.p_offset = TEST_ELF_DATA + i * 0x1000;
		ph.p_vaddr = ph.p_paddr = segs[i].vaddr;
		ph.p_filesz = segs[i].filesz;
		ph.p_memsz = segs[i].memsz;
		ph.p_align = 0x1000;
		memcpy(buf + sizeof(eh) + i * sizeof(ph), &ph, sizeof(ph));
		memcpy(buf + ph.p_offset, segs[i].data, segs[i].filesz);
	}
	return test_elf_size(n);
}

/* Writes an executable with these segments to path; false on an I/O error. */
static inline bool test_elf_write(const char *path, u16 machine, u16 type, u64 entry,
				  const struct test_segment *segs, size_t n)
{
	static u8 buf[TEST_ELF_DATA + 16 * 0x1000];
	size_t size;
	FILE *f = fopen(path, "wb");
	bool ok;

	if (!f)
		return false;
	memset(buf, 0, sizeof(buf));
	size = test_elf_build(buf, machine, type, entry, segs, n);
	ok = fwrite(buf, 1, size, f) == size;
	return fclose(f) == 0 && ok;
}

#endif
