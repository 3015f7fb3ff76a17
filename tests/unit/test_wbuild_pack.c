/* Unit tests: packing the boot spec behind the kernel (tools/wbuild/pack.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <warden/platform.h>

#include "../../tools/wbuild/pack.h"

/* A fake kernel file: an arm64 Image header, then a recognisable body. */
static u8 *fake_kernel(size_t file_size, u64 image_size, u32 magic)
{
	u8 *k = malloc(file_size);

	for (size_t i = 0; i < file_size; i++)
		k[i] = (u8)(i * 7 + 1);
	memcpy(k + 16, &image_size, sizeof(image_size));
	memcpy(k + 0x38, &magic, sizeof(magic));
	return k;
}

static u64 read_u64(const u8 *p)
{
	u64 v;

	memcpy(&v, p, sizeof(v));
	return v;
}

static void test_spec_lands_at_old_image_size(void **state)
{
	const size_t file_size = 0x1234, old_image_size = 0x5000;
	u8 *kernel = fake_kernel(file_size, old_image_size, ARM64_IMAGE_MAGIC);
	u8 spec[200], *out;
	size_t out_size;
	char err[128];

	for (size_t i = 0; i < sizeof(spec); i++)
		spec[i] = (u8)(0xa0 ^ i);
	assert_true(
	    pack_image(kernel, file_size, spec, sizeof(spec), &out, &out_size, err, sizeof(err)));
	/* Padded to a whole page past the spec, and the header says so. */
	assert_int_equal(out_size, 0x6000);
	assert_int_equal(read_u64(out + 16), out_size);
	/* The kernel bytes are unchanged, except the image_size field. */
	assert_memory_equal(out, kernel, 16);
	assert_memory_equal(out + 24, kernel + 24, file_size - 24);
	/* Zeros where the bss goes, the spec at the old footprint, zeros after. */
	for (size_t i = file_size; i < old_image_size; i++)
		assert_int_equal(out[i], 0);
	assert_memory_equal(out + old_image_size, spec, sizeof(spec));
	for (size_t i = old_image_size + sizeof(spec); i < out_size; i++)
		assert_int_equal(out[i], 0);
	free(out);
	free(kernel);
}

static void test_exact_page_needs_no_padding(void **state)
{
	u8 *kernel = fake_kernel(0x1000, 0x1000, ARM64_IMAGE_MAGIC);
	u8 spec[0x1000] = {1}, *out;
	size_t out_size;
	char err[128];

	assert_true(
	    pack_image(kernel, 0x1000, spec, sizeof(spec), &out, &out_size, err, sizeof(err)));
	assert_int_equal(out_size, 0x2000);
	assert_int_equal(out[0x1000], 1);
	free(out);
	free(kernel);
}

static void test_refuses_kernel_without_magic(void **state)
{
	u8 *kernel = fake_kernel(0x1000, 0x1000, 0x464c457f);
	u8 spec[8] = {0}, *out = NULL;
	size_t out_size;
	char err[160];

	assert_false(
	    pack_image(kernel, 0x1000, spec, sizeof(spec), &out, &out_size, err, sizeof(err)));
	assert_non_null(strstr(err, "not an arm64 Image"));
	assert_null(out);
	free(kernel);
}

static void test_refuses_short_kernel(void **state)
{
	u8 kernel[32] = {0}, spec[8] = {0}, *out = NULL;
	size_t out_size;
	char err[160];

	assert_false(pack_image(kernel, sizeof(kernel), spec, sizeof(spec), &out, &out_size, err,
				sizeof(err)));
	assert_non_null(strstr(err, "too short"));
}

static void test_refuses_image_size_below_file(void **state)
{
	u8 *kernel = fake_kernel(0x2000, 0x1000, ARM64_IMAGE_MAGIC);
	u8 spec[8] = {0}, *out = NULL;
	size_t out_size;
	char err[160];

	assert_false(
	    pack_image(kernel, 0x2000, spec, sizeof(spec), &out, &out_size, err, sizeof(err)));
	assert_non_null(strstr(err, "image_size 0x1000"));
	free(kernel);
}

/* Kernel and boot spec together beyond the 62 MiB the flash holds for the non-secure image:
 * refused, saying why; exactly at the limit: accepted. */
static void test_refuses_image_beyond_flash(void **state)
{
	u8 *kernel = fake_kernel(0x1000, 0x1000, ARM64_IMAGE_MAGIC), *out = NULL;
	size_t out_size, spec_size = FLASH_NS_IMAGE_LIMIT - 0x1000 + 1;
	u8 *spec = calloc(1, spec_size);
	char err[512];

	assert_false(
	    pack_image(kernel, 0x1000, spec, spec_size, &out, &out_size, err, sizeof(err)));
	assert_non_null(strstr(err, "the flash holds at most 62 MiB for the non-secure image"));
	assert_true(
	    pack_image(kernel, 0x1000, spec, spec_size - 1, &out, &out_size, err, sizeof(err)));
	assert_int_equal(out_size, FLASH_NS_IMAGE_LIMIT);
	free(out);
	free(spec);
	free(kernel);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_spec_lands_at_old_image_size),
	    cmocka_unit_test(test_exact_page_needs_no_padding),
	    cmocka_unit_test(test_refuses_kernel_without_magic),
	    cmocka_unit_test(test_refuses_short_kernel),
	    cmocka_unit_test(test_refuses_image_size_below_file),
	    cmocka_unit_test(test_refuses_image_beyond_flash),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
