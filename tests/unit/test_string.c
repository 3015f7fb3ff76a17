/* Host tests of the freestanding memory and string helpers (lib/src/string.c), built under
 * other names so that the host C library's own stay in use. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#define memcpy lib_memcpy
#define memmove lib_memmove
#define memset lib_memset
#define memcmp lib_memcmp
#define strlen lib_strlen
#define strcmp lib_strcmp
#define strncmp lib_strncmp
#include "../../lib/src/string.c"

#define BUF 64

/* The reference result of memmove(buf + d, buf + s, n) on a buffer of distinct bytes. */
static void reference_move(u8 *ref, size_t d, size_t s, size_t n)
{
	u8 tmp[BUF];

	for (size_t i = 0; i < BUF; i++)
		ref[i] = (u8)(i * 7 + 1);
	for (size_t i = 0; i < n; i++)
		tmp[i] = ref[s + i];
	for (size_t i = 0; i < n; i++)
		ref[d + i] = tmp[i];
}

/* Every overlap, both directions, every alignment (the word path included). */
static void test_memmove_every_overlap(void **state)
{
	_Alignas(8) u8 buf[BUF], ref[BUF];

	for (size_t n = 0; n <= 32; n++) {
		for (size_t s = 0; s + n <= BUF; s++) {
			for (size_t d = 0; d + n <= BUF; d++) {
				for (size_t i = 0; i < BUF; i++)
					buf[i] = (u8)(i * 7 + 1);
				reference_move(ref, d, s, n);
				assert_ptr_equal(lib_memmove(buf + d, buf + s, n), buf + d);
				assert_memory_equal(buf, ref, BUF);
			}
		}
	}
}

/* memcpy and memset on disjoint buffers, word-aligned or not; memcmp's sign. */
static void test_copy_set_compare(void **state)
{
	_Alignas(8) u8 a[BUF], b[BUF];

	for (size_t off = 0; off < 9; off++) {
		for (size_t n = 0; n + off <= 48; n++) {
			for (size_t i = 0; i < BUF; i++) {
				a[i] = (u8)i;
				b[i] = 0xee;
			}
			lib_memcpy(b + off, a + off, n);
			for (size_t i = 0; i < BUF; i++)
				assert_int_equal(b[i], i >= off && i < off + n ? (u8)i : 0xee);
			lib_memset(b + off, 0, n);
			for (size_t i = off; i < off + n; i++)
				assert_int_equal(b[i], 0);
			lib_memset(b + off, 0x5a, n);
			for (size_t i = off; i < off + n; i++)
				assert_int_equal(b[i], 0x5a);
		}
	}
	assert_int_equal(lib_memcmp("abc", "abd", 3), -1);
	assert_int_equal(lib_memcmp("abd", "abc", 3), 1);
	assert_int_equal(lib_memcmp("abc", "abd", 2), 0);
	assert_int_equal(lib_memcmp("\x80", "\x01", 1), 1);
}

static void test_strings(void **state)
{
	assert_int_equal(lib_strlen(""), 0);
	assert_int_equal(lib_strlen("warden"), 6);
	assert_int_equal(lib_strcmp("a", "a"), 0);
	assert_true(lib_strcmp("a", "b") < 0);
	assert_true(lib_strcmp("ab", "a") > 0);
	assert_true(lib_strcmp("\xff", "a") > 0);
	assert_int_equal(lib_strncmp("abcx", "abcy", 3), 0);
	assert_true(lib_strncmp("abcx", "abcy", 4) < 0);
	assert_int_equal(lib_strncmp("ab", "ab", 10), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_memmove_every_overlap),
	    cmocka_unit_test(test_copy_set_compare),
	    cmocka_unit_test(test_strings),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
