/* Unit tests: the image builder's ELF reader (tools/wbuild/elf.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <cmocka.h>

#include <warden/bootspec.h>

#include "../../tools/wbuild/elf.h"
#include "test_wbuild_elf.h"

static const u8 code[] = {0x1f, 0x20, 0x03, 0xd5, 0x00, 0x00, 0x00, 0x14}; /* nop; b . */
static const u8 data[] = {1, 2, 3, 4, 5};

struct parsed {
	struct elf_image img;
	char err[256];
	bool ok;
};

/* Builds an ELF with these segments and parses it. */
static struct parsed parse(u16 machine, u16 type, u64 entry, const struct test_segment *segs,
			   size_t n)
{
	struct parsed p;
	u8 *buf = calloc(1, test_elf_size(n));
	size_t size = test_elf_build(buf, machine, type, entry, segs, n);

	p.err[0] = '\0';
	p.ok = elf_parse(&p.img, buf, size, p.err, sizeof(p.err));
	return p;
}

static void expect_error(struct parsed *p, const char *text)
{
	assert_false(p->ok);
	if (!strstr(p->err, text))
		fail_msg("error '%s' does not say '%s'", p->err, text);
	elf_free(&p->img);
}

static void test_segments_and_perms(void **state)
{
	/* Listed out of order on purpose: the reader sorts by address. */
	const struct test_segment segs[] = {
	    {0x402000, 0x3000, PF_R | PF_W, data, sizeof(data)},
	    {0x400000, sizeof(code), PF_R | PF_X, code, sizeof(code)},
	    {0x401000, 0x10, PF_R, data, 3},
	};
	struct parsed p = parse(EM_AARCH64, ET_EXEC, 0x400004, segs, 3);

	assert_true(p.ok);
	assert_int_equal(p.img.entry, 0x400004);
	assert_int_equal(p.img.seg_count, 3);
	assert_int_equal(p.img.segs[0].vaddr, 0x400000);
	assert_int_equal(p.img.segs[0].perms, BS_PERM_R | BS_PERM_X);
	assert_memory_equal(p.img.segs[0].data, code, sizeof(code));
	assert_int_equal(p.img.segs[1].vaddr, 0x401000);
	assert_int_equal(p.img.segs[1].perms, BS_PERM_R);
	assert_int_equal(p.img.segs[1].filesz, 3);
	assert_int_equal(p.img.segs[2].perms, BS_PERM_R | BS_PERM_W);
	assert_int_equal(p.img.segs[2].memsz, 0x3000);
	assert_int_equal(p.img.segs[2].filesz, sizeof(data));
	assert_memory_equal(p.img.segs[2].data, data, sizeof(data));
	elf_free(&p.img);
}

static void test_rejects_other_machines_and_types(void **state)
{
	const struct test_segment seg = {0x400000, 8, PF_R | PF_X, code, 8};
	struct parsed p = parse(EM_X86_64, ET_EXEC, 0x400000, &seg, 1);

	expect_error(&p, "not AArch64");
	p = parse(EM_AARCH64, ET_DYN, 0x400000, &seg, 1);
	expect_error(&p, "not an executable");
}

static void test_rejects_non_elf(void **state)
{
	u8 *junk = calloc(1, 128);
	struct elf_image img;
	char err[128];

	memcpy(junk, "#!/bin/sh\n", 10);
	assert_false(elf_parse(&img, junk, 128, err, sizeof(err)));
	assert_non_null(strstr(err, "not an ELF file"));
	elf_free(&img);

	u8 *tiny = calloc(1, 4);
	memcpy(tiny, ELFMAG, 4);
	assert_false(elf_parse(&img, tiny, 4, err, sizeof(err)));
	elf_free(&img);
}

static void test_rejects_misaligned_segment(void **state)
{
	const struct test_segment seg = {0x400100, 8, PF_R | PF_X, code, 8};
	struct parsed p = parse(EM_AARCH64, ET_EXEC, 0x400100, &seg, 1);

	expect_error(&p, "segment at 0x400100 is not 4 KiB aligned");
}

static void test_rejects_shared_page(void **state)
{
	const struct test_segment segs[] = {
	    {0x400000, 0x1001, PF_R | PF_X, code, 8},
	    {0x401000, 0x10, PF_R | PF_W, data, 5},
	};
	struct parsed p = parse(EM_AARCH64, ET_EXEC, 0x400000, segs, 2);

	expect_error(&p, "segments at 0x400000 and 0x401000 share a page");
}

static void test_adjacent_pages_are_fine(void **state)
{
	const struct test_segment segs[] = {
	    {0x400000, 0x1000, PF_R | PF_X, code, 8},
	    {0x401000, 0x10, PF_R | PF_W, data, 5},
	};
	struct parsed p = parse(EM_AARCH64, ET_EXEC, 0x400000, segs, 2);

	assert_true(p.ok);
	elf_free(&p.img);
}

static void test_rejects_entry_outside_code(void **state)
{
	const struct test_segment segs[] = {
	    {0x400000, 8, PF_R | PF_X, code, 8},
	    {0x401000, 0x10, PF_R | PF_W, data, 5},
	};
	struct parsed p = parse(EM_AARCH64, ET_EXEC, 0x401000, segs, 2);

	expect_error(&p, "entry point 0x401000 is not in an executable segment");
}

static void test_rejects_addresses_beyond_ipa_limit(void **state)
{
	const struct test_segment seg = {(1ull << 39) - 0x1000, 0x2000, PF_R | PF_X, code, 8};
	struct parsed p = parse(EM_AARCH64, ET_EXEC, (1ull << 39) - 0x1000, &seg, 1);

	expect_error(&p, "beyond the 2^39 address limit");
}

static void test_rejects_truncated_segment(void **state)
{
	const struct test_segment seg = {0x400000, 8, PF_R | PF_X, code, 8};
	u8 *buf = calloc(1, test_elf_size(1));
	struct elf_image img;
	char err[128];

	test_elf_build(buf, EM_AARCH64, ET_EXEC, 0x400000, &seg, 1);
	/* Cut the file inside the segment's data. */
	assert_false(elf_parse(&img, buf, TEST_ELF_DATA + 4, err, sizeof(err)));
	assert_non_null(strstr(err, "outside the file"));
	elf_free(&img);
}

static void test_rejects_filesz_above_memsz(void **state)
{
	const struct test_segment seg = {0x400000, 4, PF_R | PF_X, code, 8};
	struct parsed p = parse(EM_AARCH64, ET_EXEC, 0x400000, &seg, 1);

	expect_error(&p, "more file bytes than memory bytes");
}

static void test_rejects_no_segments(void **state)
{
	struct parsed p = parse(EM_AARCH64, ET_EXEC, 0x400000, NULL, 0);

	expect_error(&p, "no loadable segments");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_segments_and_perms),
	    cmocka_unit_test(test_rejects_other_machines_and_types),
	    cmocka_unit_test(test_rejects_non_elf),
	    cmocka_unit_test(test_rejects_misaligned_segment),
	    cmocka_unit_test(test_rejects_shared_page),
	    cmocka_unit_test(test_adjacent_pages_are_fine),
	    cmocka_unit_test(test_rejects_entry_outside_code),
	    cmocka_unit_test(test_rejects_addresses_beyond_ipa_limit),
	    cmocka_unit_test(test_rejects_truncated_segment),
	    cmocka_unit_test(test_rejects_filesz_above_memsz),
	    cmocka_unit_test(test_rejects_no_segments),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
