/* Host tests of the monitor's boot hand-off: the Image header check, reading the machine from
 * the DTB, and adding the psci node in place (monitor/boot.c, lib/src/fdt_edit.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "boot.h"
#include <warden/fdt.h>
#include <warden/fdt_edit.h>

/* --- a small DTB built by hand ------------------------------------------------------------- */

static u8 blob[4096];
static u32 pos;
static char strings[256];
static u32 strings_len;

static void put32(u32 v)
{
	fdt_put_be32(blob + pos, v);
	pos += 4;
}

static void begin_node(const char *name)
{
	put32(FDT_BEGIN_NODE);
	strcpy((char *)blob + pos, name);
	pos = (u32)ALIGN_UP(pos + strlen(name) + 1, 4);
}

static void prop(const char *name, const void *val, u32 len)
{
	u32 off = strings_len;

	strcpy(strings + strings_len, name);
	strings_len += (u32)strlen(name) + 1;
	put32(FDT_PROP);
	put32(len);
	put32(off);
	memcpy(blob + pos, val, len);
	pos = (u32)ALIGN_UP(pos + len, 4);
}

static void prop_cells(const char *name, const u32 *cells, unsigned n)
{
	u8 be[16];

	for (unsigned i = 0; i < n; i++)
		fdt_put_be32(be + 4 * i, cells[i]);
	prop(name, be, 4 * n);
}

/* A QEMU-virt-like tree with `ncpus` CPUs; compact (totalsize = used size) when `compact`. */
static void build_dtb(unsigned ncpus, bool with_psci, bool compact)
{
	struct fdt_header *h = (struct fdt_header *)blob;
	const u32 two = 2, one = 1, zero = 0, mem[4] = {0, 0x40000000, 0, 0x20000000};

	memset(blob, 0, sizeof(blob));
	strings_len = 0;
	pos = 40 + 16; /* header, then an empty memory reservation map */
	u32 struct_off = pos;
	begin_node("");
	prop_cells("#address-cells", &two, 1);
	prop_cells("#size-cells", &two, 1);
	begin_node("memory@40000000");
	prop("device_type", "memory", 7);
	prop_cells("reg", mem, 4);
	put32(FDT_END_NODE);
	begin_node("cpus");
	prop_cells("#address-cells", &one, 1);
	prop_cells("#size-cells", &zero, 1);
	for (unsigned i = 0; i < ncpus; i++) {
		char name[16] = "cpu@0";
		name[4] = (char)('0' + i);
		begin_node(name);
		prop("device_type", "cpu", 4);
		prop_cells("reg", &i, 1);
		put32(FDT_END_NODE);
	}
	put32(FDT_END_NODE);
	if (with_psci) {
		begin_node("psci");
		prop("compatible", "arm,psci-0.2", 13);
		put32(FDT_END_NODE);
	}
	begin_node("chosen");
	put32(FDT_END_NODE);
	put32(FDT_END_NODE);
	put32(FDT_END);
	u32 struct_size = pos - struct_off;
	memcpy(blob + pos, strings, strings_len);
	fdt_put_be32(&h->magic, FDT_MAGIC);
	fdt_put_be32(&h->off_dt_struct, struct_off);
	fdt_put_be32(&h->off_dt_strings, pos);
	fdt_put_be32(&h->off_mem_rsvmap, 40);
	fdt_put_be32(&h->version, 17);
	fdt_put_be32(&h->last_comp_version, 16);
	fdt_put_be32(&h->size_dt_strings, strings_len);
	fdt_put_be32(&h->size_dt_struct, struct_size);
	fdt_put_be32(&h->totalsize, compact ? pos + strings_len : 2048);
}

static void test_read_platform(void **state)
{
	struct platform_info p;

	memset(&p, 0, sizeof(p));
	build_dtb(4, false, false);
	assert_true(fdt_check(blob, sizeof(blob)));
	assert_null(boot_read_platform(blob, &p));
	assert_int_equal(p.ns_dram_base, 0x40000000);
	assert_int_equal(p.ns_dram_end, 0x60000000);
	assert_int_equal(p.cpu_present, 0xf);
	platform = p;
	assert_int_equal(platform_cpu_index(3), 3);
	assert_int_equal(platform_cpu_index(4), -1);
	assert_int_equal(platform_cpu_index(0x100), -1);
}

static void check_psci_added(u32 bufsize)
{
	assert_int_equal(boot_add_psci_node(blob, bufsize), 1);
	assert_true(fdt_check(blob, bufsize));
	int psci = fdt_path_offset(blob, "/psci");
	assert_true(psci >= 0);
	u32 len;
	const char *compat = fdt_getprop(blob, psci, "compatible", &len);
	assert_non_null(compat);
	assert_int_equal(len, sizeof("arm,psci-1.0\0arm,psci-0.2"));
	assert_memory_equal(compat, "arm,psci-1.0\0arm,psci-0.2", len);
	assert_string_equal(fdt_getprop(blob, psci, "method", NULL), "smc");
	/* Everything else is still there. */
	struct platform_info p;
	assert_null(boot_read_platform(blob, &p));
	assert_int_equal(p.cpu_present, 0x3);
	assert_true(fdt_path_offset(blob, "/chosen") >= 0);
	assert_int_equal(boot_add_psci_node(blob, bufsize), 0);
}

static void test_psci_node_free_space(void **state)
{
	build_dtb(2, false, false);
	check_psci_added(sizeof(blob));
	assert_int_equal(fdt_totalsize(blob), 2048); /* fitted in the existing free space */
}

static void test_psci_node_compact(void **state)
{
	build_dtb(2, false, true);
	u32 before = fdt_totalsize(blob);
	check_psci_added(sizeof(blob));
	assert_true(fdt_totalsize(blob) > before + 64); /* grown, with room to spare */
}

static void test_psci_node_no_room(void **state)
{
	build_dtb(2, false, true);
	assert_true(boot_add_psci_node(blob, fdt_totalsize(blob) + 8) < 0);
}

static void test_psci_node_present(void **state)
{
	build_dtb(2, true, false);
	assert_int_equal(boot_add_psci_node(blob, sizeof(blob)), 0);
}

/* --- the Image header ---------------------------------------------------------------------- */

static void test_check_image(void **state)
{
	struct arm64_image_header h;
	u64 load, size;

	memset(&h, 0, sizeof(h));
	h.magic = ARM64_IMAGE_MAGIC;
	h.image_size = 0x10000;
	assert_null(boot_check_image(&h, 0x8000, 0x40200000, 0x60000000, &load, &size));
	assert_int_equal(load, 0x40200000);
	assert_int_equal(size, 0x8000); /* the BSS part of image_size is not in flash */
	h.text_offset = 0x80000;
	assert_null(boot_check_image(&h, 0x100000, 0x40200000, 0x60000000, &load, &size));
	assert_int_equal(load, 0x40280000);
	assert_int_equal(size, 0x10000);
	h.image_size = 0x20000000;
	assert_non_null(boot_check_image(&h, 0x100000, 0x40200000, 0x60000000, &load, &size));
	h.text_offset = ~0ull;
	h.image_size = 0x1000;
	assert_non_null(boot_check_image(&h, 0x100000, 0x40200000, 0x60000000, &load, &size));
	h.text_offset = 0;
	h.image_size = 0;
	assert_non_null(boot_check_image(&h, 0x100000, 0x40200000, 0x60000000, &load, &size));
	h.image_size = 0x1000;
	h.magic = 0;
	assert_non_null(boot_check_image(&h, 0x100000, 0x40200000, 0x60000000, &load, &size));
}

/* --- enable-method and /chosen ------------------------------------------------------------ */

static void test_enable_methods(void **state)
{
	build_dtb(4, false, false);
	assert_int_equal(boot_add_enable_methods(blob, sizeof(blob)), 4);
	assert_true(fdt_check(blob, sizeof(blob)));
	for (unsigned i = 0; i < 4; i++) {
		char path[16] = "/cpus/cpu@0";
		path[10] = (char)('0' + i);
		int n = fdt_path_offset(blob, path);
		assert_true(n >= 0);
		assert_string_equal(fdt_getprop(blob, n, "enable-method", NULL), "psci");
	}
	struct platform_info p;
	assert_null(boot_read_platform(blob, &p));
	assert_int_equal(p.cpu_present, 0xf);
	assert_int_equal(boot_add_enable_methods(blob, sizeof(blob)), 0); /* all have one */
	build_dtb(4, false, true);
	assert_true(boot_add_enable_methods(blob, fdt_totalsize(blob) + 8) < 0);
}

static u64 prop_be64(int node, const char *name)
{
	u32 len;
	const u8 *p = fdt_getprop(blob, node, name, &len);

	assert_non_null(p);
	assert_int_equal(len, 8);
	return (u64)fdt_be32(p) << 32 | fdt_be32(p + 4);
}

static void test_set_chosen(void **state)
{
	static const char args[] = "console=ttyAMA0 rdinit=/init";

	build_dtb(2, false, false);
	assert_int_equal(
	    boot_set_chosen(blob, sizeof(blob), 0x5fe00000, 0x5fe12345, args, sizeof(args) - 1), 0);
	assert_true(fdt_check(blob, sizeof(blob)));
	int chosen = fdt_path_offset(blob, "/chosen");
	assert_int_equal(prop_be64(chosen, "linux,initrd-start"), 0x5fe00000);
	assert_int_equal(prop_be64(chosen, "linux,initrd-end"), 0x5fe12345);
	assert_string_equal(fdt_getprop(blob, chosen, "bootargs", NULL), args);
	/* A second time: the tree names them already. */
	assert_int_equal(boot_set_chosen(blob, sizeof(blob), 0x5fe00000, 0x5fe12345, NULL, 0), -2);
	/* Nothing asked: nothing changes. */
	build_dtb(2, false, false);
	u32 before = fdt_totalsize(blob);
	assert_int_equal(boot_set_chosen(blob, sizeof(blob), 0, 0, NULL, 0), 0);
	assert_int_equal(fdt_totalsize(blob), before);
	assert_null(fdt_getprop(blob, fdt_path_offset(blob, "/chosen"), "bootargs", NULL));
	assert_int_equal(boot_set_chosen(blob, sizeof(blob), 0, 0, args, BOOT_CMDLINE_MAX + 1), -3);
}

/* --- the flash's boot parameter block -------------------------------------------------- */

static void test_boot_params(void **state)
{
	static const char good[] = "warden-boot-params 1\nx0=beyond-ram\ninitrd=0x400000,1234\n"
				   "cmdline=console=ttyAMA0 rdinit=/init\n";
	struct boot_params p;

	assert_null(boot_read_params("\0\0\0", 3, &p)); /* no block: the defaults */
	assert_int_equal(p.x0_test, BOOT_X0_DTB);
	assert_int_equal(p.initrd_size, 0);
	assert_null(p.cmdline);
	assert_null(boot_read_params(good, sizeof(good), &p));
	assert_int_equal(p.x0_test, BOOT_X0_BEYOND_RAM);
	assert_int_equal(p.initrd_offset, 0x400000);
	assert_int_equal(p.initrd_size, 1234);
	assert_int_equal(p.cmdline_len, strlen("console=ttyAMA0 rdinit=/init"));
	assert_memory_equal(p.cmdline, "console=ttyAMA0 rdinit=/init", p.cmdline_len);
	assert_non_null(boot_read_params("warden-boot-params 1\nx0=sideways\n", 34, &p));
	assert_non_null(boot_read_params("warden-boot-params 1\ninitrd=12\n", 32, &p));
	assert_non_null(boot_read_params("warden-boot-params 1\ninitrd=0x,1\n", 34, &p));
	assert_non_null(boot_read_params("warden-boot-params 1\ncolour=blue\n", 34, &p));
	/* A block cut short (no final newline) still reads up to its length. */
	assert_null(boot_read_params("warden-boot-params 1\nx0=zero", 28, &p));
	assert_int_equal(p.x0_test, BOOT_X0_ZERO);
}

/* fdt_check: the memory reservation map must be 8-byte aligned and end (its zero terminator)
 * inside the blob, without a 32-bit wrap; the blocks must follow the header and not overlap
 * (found by fuzz_fdt: tests/fuzz/seeds/fdt-rsvmap-wrap.bin, fdt-overlap-edit.bin). */
static void test_fdt_check_blocks(void **state)
{
	struct fdt_header *h = (struct fdt_header *)blob;

	(void)state;
	build_dtb(2, false, false);
	assert_true(fdt_check(blob, sizeof(blob)));
	fdt_put_be32(&h->off_mem_rsvmap, 0xffffffd8u); /* + 16 wraps to 8 in 32 bits */
	assert_false(fdt_check(blob, sizeof(blob)));
	fdt_put_be32(&h->off_mem_rsvmap, 44); /* not 8-byte aligned */
	assert_false(fdt_check(blob, sizeof(blob)));
	fdt_put_be32(&h->off_mem_rsvmap, 2048 - 8); /* no room for the terminator */
	assert_false(fdt_check(blob, sizeof(blob)));
	fdt_put_be32(&h->off_mem_rsvmap, 40);
	assert_true(fdt_check(blob, sizeof(blob)));
	u32 strings_off = fdt_be32(&h->off_dt_strings);
	fdt_put_be32(&h->off_dt_strings, 0); /* over the header */
	assert_false(fdt_check(blob, sizeof(blob)));
	fdt_put_be32(&h->off_dt_strings, fdt_be32(&h->off_dt_struct) + 8); /* inside the struct */
	assert_false(fdt_check(blob, sizeof(blob)));
	fdt_put_be32(&h->off_dt_strings, strings_off);
	fdt_put_be32(&h->off_mem_rsvmap, fdt_be32(&h->off_dt_struct)); /* on the struct */
	assert_false(fdt_check(blob, sizeof(blob)));
}

/* Edits keep every block after the one edited aligned: here the reservation map follows the
 * strings block, so adding a 2-byte string or a 12-byte node moves it; it must stay 8-aligned
 * and the result must still be a valid, walkable blob with the edits in it. */
static void test_fdt_edit_keeps_alignment(void **state)
{
	struct fdt_header *h = (struct fdt_header *)blob;
	u32 len = 0;

	(void)state;
	build_dtb(2, false, false);
	u32 end = fdt_be32(&h->off_dt_strings) + fdt_be32(&h->size_dt_strings);
	fdt_put_be32(&h->off_mem_rsvmap, (u32)ALIGN_UP(end, 8)); /* blob is zeroed there */
	assert_true(fdt_check(blob, 2048));
	int chosen = fdt_path_offset(blob, "/chosen");
	assert_true(chosen >= 0);
	assert_int_equal(fdt_add_prop(blob, 2048, chosen, "x", "ab", 3), 0);
	assert_int_equal(fdt_be32(&h->off_mem_rsvmap) & 7, 0);
	assert_true(fdt_check(blob, 2048));
	assert_true(fdt_add_subnode(blob, 2048, fdt_path_offset(blob, "/"), "ab") >= 0);
	assert_int_equal(fdt_be32(&h->off_mem_rsvmap) & 7, 0);
	assert_int_equal(fdt_be32(&h->off_dt_struct) & 3, 0);
	assert_true(fdt_check(blob, 2048));
	assert_true(fdt_path_offset(blob, "/ab") >= 0);
	chosen = fdt_path_offset(blob, "/chosen");
	const char *x = fdt_getprop(blob, chosen, "x", &len);
	assert_non_null(x);
	assert_int_equal(len, 3);
	assert_string_equal(x, "ab");
	assert_true(fdt_path_offset(blob, "/cpus/cpu@1") >= 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_read_platform),
	    cmocka_unit_test(test_psci_node_free_space),
	    cmocka_unit_test(test_psci_node_compact),
	    cmocka_unit_test(test_psci_node_no_room),
	    cmocka_unit_test(test_psci_node_present),
	    cmocka_unit_test(test_check_image),
	    cmocka_unit_test(test_boot_params),
	    cmocka_unit_test(test_enable_methods),
	    cmocka_unit_test(test_set_chosen),
	    cmocka_unit_test(test_fdt_check_blocks),
	    cmocka_unit_test(test_fdt_edit_keeps_alignment),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
