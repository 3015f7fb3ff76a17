/* Host tests of the kernel's RAM map (lib/src/memmap.c): all of /memory, minus the DTB,
 * /memreserve/, /reserved-memory and the image; disabled memory nodes are not RAM. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include <warden/memmap.h>

static void assert_range(const struct mem_range *r, u64 base, u64 end)
{
	assert_int_equal(r->base, base);
	assert_int_equal(r->end, end);
}

static void test_add_merges_and_sorts(void **state)
{
	struct memmap m = {0};

	memmap_add_ram(&m, 0x80000000, 0x1000);
	memmap_add_ram(&m, 0x40000000, 0x1000);
	memmap_add_ram(&m, 0x40001000, 0x1000); /* touches: merged */
	assert_int_equal(m.nram, 2);
	assert_range(&m.ram[0], 0x40000000, 0x40002000);
	assert_range(&m.ram[1], 0x80000000, 0x80001000);
	memmap_add_ram(&m, 0x40000000, 0x40001000); /* bridges both */
	assert_int_equal(m.nram, 1);
	assert_range(&m.ram[0], 0x40000000, 0x80001000);
}

static void test_reserve_cuts(void **state)
{
	struct memmap m = {0};

	memmap_add_ram(&m, 0x40000000, 0x20000000);
	memmap_reserve(&m, 0x40000000, 0x100000, "DTB");  /* at the start */
	memmap_reserve(&m, 0x50000000, 0x1000, "middle"); /* a hole: split */
	memmap_reserve(&m, 0x5ff00000, 0x200000, "end");  /* past the end: trimmed */
	memmap_reserve(&m, 0x70000000, 0x1000, "outside");
	assert_int_equal(m.nfree, 2);
	assert_range(&m.free[0], 0x40100000, 0x50000000);
	assert_range(&m.free[1], 0x50001000, 0x5ff00000);
	assert_int_equal(memmap_free_bytes(&m), 0x1fe00000 - 0x1000);
	memmap_reserve(&m, 0x3f000000, 0x30000000, "all");
	assert_int_equal(m.nfree, 0);
	assert_int_equal(m.nreserved, 5);
	assert_string_equal(m.reserved[1].what, "middle");
}

static void test_from_fdt(void **state)
{
	static u8 dtb[65536] __attribute__((aligned(8)));
	FILE *f = fopen(MEMMAP_DTB, "rb");
	struct memmap m;

	assert_non_null(f);
	size_t n = fread(dtb, 1, sizeof(dtb), f);
	fclose(f);
	assert_true(n > 0);
	assert_null(memmap_from_fdt(&m, dtb));
	/* The disabled secure RAM node is not RAM; the two memory nodes merge. */
	assert_int_equal(m.nram, 2);
	assert_range(&m.ram[0], 0x40000000, 0x80000000);
	assert_range(&m.ram[1], 0x100000000, 0x110000000);
	memmap_reserve(&m, 0x60000000, 0x400000, "image");
	/* The DTB itself lies in host memory, outside these ranges. */
	assert_int_equal(m.nfree, 5);
	assert_range(&m.free[0], 0x40000000, 0x50000000);
	assert_range(&m.free[1], 0x51000000, 0x5dd81000);
	assert_range(&m.free[2], 0x5ddb2000, 0x60000000);
	assert_range(&m.free[3], 0x60400000, 0x80000000);
	assert_range(&m.free[4], 0x100000000, 0x110000000);
	assert_string_equal(m.reserved[1].what, "memreserve");
	assert_string_equal(m.reserved[2].what, "tee@50000000");
}

static void test_no_memory(void **state)
{
	static const u8 empty[] = {
	    0xd0, 0x0d, 0xfe, 0xed, 0, 0,  0, 0x48, 0, 0,  0, 0x38, 0, 0, 0, 0x48, 0, 0,
	    0,	  0x28, 0,    0,    0, 17, 0, 0,    0, 16, 0, 0,    0, 0, 0, 0,	   0, 0,
	    0,	  0,	0,    0x10, 0, 0,  0, 0,    0, 0,  0, 0,    0, 0, 0, 0,	   0, 0,
	    0,	  0,	0,    0,    0, 1,  0, 0,    0, 0,  0, 0,    0, 2, 0, 0,	   0, 9};
	static u8 buf[sizeof(empty)] __attribute__((aligned(8)));
	struct memmap m;

	memcpy(buf, empty, sizeof(buf));
	assert_non_null(memmap_from_fdt(&m, buf));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_add_merges_and_sorts),
	    cmocka_unit_test(test_reserve_cuts),
	    cmocka_unit_test(test_from_fdt),
	    cmocka_unit_test(test_no_memory),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
