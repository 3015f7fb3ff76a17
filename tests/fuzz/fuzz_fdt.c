/* libFuzzer target: the device-tree reader and editor (lib/src/fdt.c, lib/src/fdt_edit.c) on
 * an arbitrary blob. The kernel and the monitor read the DTB the firmware or QEMU hands them;
 * the reader must stay inside the blob for whatever passes fdt_check(). The input's first byte
 * picks which edits follow the read-only walk. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <warden/fdt.h>
#include <warden/fdt_edit.h>

static volatile u64 sink;

/* Reads everything a caller can reach from a node. */
static void read_node(const u8 *fdt, int n)
{
	u32 len = 0;
	static const char *props[] = {"compatible", "reg",    "device_type",	"stdout-path",
				      "interrupts", "method", "#address-cells", "#size-cells"};

	const char *name = fdt_node_name(fdt, n);
	sink += strlen(name);
	for (size_t i = 0; i < sizeof(props) / sizeof(props[0]); i++) {
		const u8 *p = fdt_getprop(fdt, n, props[i], &len);
		if (p && len)
			sink += p[0] + p[len - 1];
	}
	u64 a, s;
	for (unsigned i = 0; i < 4 && fdt_reg(fdt, n, i, &a, &s); i++)
		sink += a + s;
}

/* Every read-only entry point, as the kernel and the monitor use them. */
static void read_all(const u8 *fdt, u32 size)
{
	int depth = 0, nodes = 0;

	/* Callers hand over at least a header's worth of readable memory. */
	if (size < sizeof(struct fdt_header) || !fdt_check(fdt, size))
		return;
	for (int n = fdt_next_node(fdt, -1, &depth); n >= 0 && nodes < 4096;
	     n = fdt_next_node(fdt, n, &depth), nodes++)
		read_node(fdt, n);
	static const char *paths[] = {"/",	     "/chosen",	       "/psci", "/memory",
				      "/cpus/cpu@0", "/pl011@9000000", "/a/b/c"};
	for (size_t i = 0; i < sizeof(paths) / sizeof(paths[0]); i++) {
		int n = fdt_path_offset(fdt, paths[i]);
		if (n >= 0)
			read_node(fdt, n);
	}
	static const char *compat[] = {"arm,gic-v3", "arm,armv8-timer", "arm,pl011", "x"};
	for (size_t i = 0; i < sizeof(compat) / sizeof(compat[0]); i++) {
		int n = fdt_find_compatible(fdt, -1, compat[i]);
		if (n >= 0)
			read_node(fdt, n);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1 || size > (1u << 20))
		return 0;
	u8 mode = data[0];
	data++;
	size--;
	/* An exact-size copy, so reading past the blob is an ASan error. */
	u8 *blob = malloc(size ? size : 1);
	memcpy(blob, data, size);
	read_all(blob, (u32)size);

	/* The editor, as the monitor uses it (chosen: initrd, bootargs), on a valid blob in a
	 * buffer with some room to grow. */
	if (size >= sizeof(struct fdt_header) && fdt_check(blob, (u32)size)) {
		u32 bufsize = (u32)size + (mode & 0x7f) * 16u;
		u8 *buf = malloc(bufsize);
		memcpy(buf, blob, size);
		int root = fdt_path_offset(buf, "/");
		int n = root;
		if (mode & 1 && root >= 0)
			n = fdt_add_subnode(buf, bufsize, root, "chosen");
		if (n >= 0) {
			u8 val[8] = {0, 0, 0, 1, 2, 3, 4, 5};
			fdt_add_prop(buf, bufsize, n, "linux,initrd-start", val, mode & 2 ? 8 : 4);
			fdt_add_prop(buf, bufsize, n, "bootargs", "console=ttyAMA0", 16);
		}
		/* The result must still be a blob the reader accepts and can walk. */
		if (!fdt_check(buf, bufsize))
			abort();
		read_all(buf, bufsize);
		free(buf);
	}
	free(blob);
	return 0;
}
