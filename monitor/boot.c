/* Boot hand-off checks and DTB work (see boot.h). */
#include "boot.h"
#include <warden/fdt.h>
#include <warden/fdt_edit.h>
#include <warden/string.h>

struct platform_info platform;

const char *boot_check_image(const struct arm64_image_header *h, u64 avail, u64 load_base,
			     u64 dram_end, u64 *load_addr, u64 *copy_size)
{
	if (avail < sizeof(*h) || h->magic != ARM64_IMAGE_MAGIC)
		return "no Linux arm64 Image header (magic \"ARM\\x64\" at 0x38) in flash at 2 MiB";
	if (h->image_size == 0)
		return "image_size is 0 (pre-3.17 Image headers are not supported)";
	if (h->flags & 1)
		return "big-endian image";
	if (h->text_offset > dram_end - load_base ||
	    h->image_size > dram_end - load_base - h->text_offset)
		return "image does not fit in DRAM";
	*load_addr = load_base + h->text_offset;
	/* image_size includes the image's BSS, which need not be in flash. */
	*copy_size = h->image_size < avail ? h->image_size : avail;
	return NULL;
}

static u64 read_be(const u8 *p, u32 len)
{
	u64 v = 0;

	for (u32 i = 0; i < len; i++)
		v = v << 8 | p[i];
	return v;
}

static bool cpu_reg(const void *dtb, int node, u64 *mpidr)
{
	u32 len;
	const char *type = fdt_getprop(dtb, node, "device_type", &len);
	const u8 *reg;

	if (!type || strcmp(type, "cpu") != 0)
		return false;
	reg = fdt_getprop(dtb, node, "reg", &len);
	if (!reg || (len != 4 && len != 8))
		return false;
	*mpidr = read_be(reg, len);
	return true;
}

const char *boot_read_platform(const void *dtb, struct platform_info *p)
{
	int mem = fdt_path_offset(dtb, "/memory"), cpus = fdt_path_offset(dtb, "/cpus");
	u64 base, size;
	int depth = 0;

	if (mem < 0 || !fdt_reg(dtb, mem, 0, &base, &size))
		return "no /memory node with a reg property in the device tree";
	p->ns_dram_base = base;
	p->ns_dram_end = base + size;
	if (cpus < 0)
		return "no /cpus node in the device tree";
	p->cpu_present = 0;
	for (int n = fdt_next_node(dtb, cpus, &depth); n >= 0 && depth > 0;
	     n = fdt_next_node(dtb, n, &depth)) {
		u64 mpidr;
		if (depth != 1 || !cpu_reg(dtb, n, &mpidr))
			continue;
		/* QEMU virt numbers CPUs by Aff0 within the first cluster. */
		if ((mpidr & ~0xffull) == 0 && mpidr < MONITOR_MAX_CPUS) {
			p->cpu_mpidr[mpidr] = mpidr;
			p->cpu_present |= 1u << mpidr;
		}
	}
	if (!(p->cpu_present & 1))
		return "CPU 0 is not in /cpus";
	return NULL;
}

int platform_cpu_index(u64 mpidr_aff)
{
	for (unsigned i = 0; i < MONITOR_MAX_CPUS; i++)
		if ((platform.cpu_present & (1u << i)) && platform.cpu_mpidr[i] == mpidr_aff)
			return (int)i;
	return -1;
}

int boot_add_psci_node(void *dtb, u32 bufsize)
{
	static const char compatible[] = "arm,psci-1.0\0arm,psci-0.2";
	static const char method[] = "smc";
	int node;

	if (fdt_path_offset(dtb, "/psci") >= 0 ||
	    fdt_find_compatible(dtb, -1, "arm,psci-1.0") >= 0 ||
	    fdt_find_compatible(dtb, -1, "arm,psci-0.2") >= 0 ||
	    fdt_find_compatible(dtb, -1, "arm,psci") >= 0)
		return 0;
	node = fdt_add_subnode(dtb, bufsize, 0, "psci");
	if (node < 0 ||
	    fdt_add_prop(dtb, bufsize, node, "compatible", compatible, sizeof(compatible)) < 0 ||
	    fdt_add_prop(dtb, bufsize, node, "method", method, sizeof(method)) < 0)
		return -1;
	return 1;
}

const char *const boot_x0_test_names[] = {"dtb",     "zero",   "unaligned", "beyond-ram",
					  "corrupt", "no-dtb", "no-uart",   NULL};

static bool starts(const char *s, u32 len, const char *prefix)
{
	u32 n = (u32)strlen(prefix);

	return len >= n && memcmp(s, prefix, n) == 0;
}

static bool parse_u64(const char *s, u32 len, u64 *out)
{
	u64 v = 0;
	u32 i = 0, base = 10;

	if (len > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		base = 16;
		i = 2;
	}
	if (i == len)
		return false;
	for (; i < len; i++) {
		char c = s[i];
		u32 d = c >= '0' && c <= '9'   ? (u32)(c - '0')
			: c >= 'a' && c <= 'f' ? (u32)(c - 'a' + 10)
			: c >= 'A' && c <= 'F' ? (u32)(c - 'A' + 10)
					       : 99;
		if (d >= base || v > (~0ull - d) / base)
			return false;
		v = v * base + d;
	}
	*out = v;
	return true;
}

const char *boot_read_params(const char *blk, u32 len, struct boot_params *p)
{
	u32 magic_len = (u32)strlen(FLASH_PARAMS_MAGIC);

	memset(p, 0, sizeof(*p));
	if (!starts(blk, len, FLASH_PARAMS_MAGIC))
		return NULL;
	for (u32 pos = magic_len; pos < len && blk[pos];) {
		const char *line = blk + pos;
		u32 n = 0;
		while (pos + n < len && line[n] && line[n] != '\n')
			n++;
		pos += n + (pos + n < len && line[n] == '\n');
		if (n == 0)
			continue;
		if (starts(line, n, "x0=")) {
			unsigned i;
			for (i = 0; boot_x0_test_names[i]; i++)
				if (n - 3 == strlen(boot_x0_test_names[i]) &&
				    memcmp(line + 3, boot_x0_test_names[i], n - 3) == 0)
					break;
			if (!boot_x0_test_names[i])
				return "boot parameters: unknown x0= test mode";
			p->x0_test = (enum boot_x0_test)i;
		} else if (starts(line, n, "initrd=")) {
			u32 comma = 7;
			while (comma < n && line[comma] != ',')
				comma++;
			if (comma == n || !parse_u64(line + 7, comma - 7, &p->initrd_offset) ||
			    !parse_u64(line + comma + 1, n - comma - 1, &p->initrd_size))
				return "boot parameters: initrd= wants OFFSET,SIZE";
		} else if (starts(line, n, "cmdline=")) {
			p->cmdline = line + 8;
			p->cmdline_len = n - 8;
		} else {
			return "boot parameters: unknown key (x0=, initrd=, cmdline= expected)";
		}
	}
	return NULL;
}

/* The depth-1 cpu node after `after` under /cpus (-1: the first), or < 0. */
static int next_cpu_node(const void *dtb, int after)
{
	int cpus = fdt_path_offset(dtb, "/cpus"), depth = 0;
	bool seen = after < 0;

	if (cpus < 0)
		return -1;
	for (int n = fdt_next_node(dtb, cpus, &depth); n >= 0 && depth > 0;
	     n = fdt_next_node(dtb, n, &depth)) {
		u64 mpidr;
		if (depth != 1 || !cpu_reg(dtb, n, &mpidr))
			continue;
		if (seen)
			return n;
		seen = n == after;
	}
	return -1;
}

int boot_add_enable_methods(void *dtb, u32 bufsize)
{
	static const char psci[] = "psci";
	int added = 0;

	/* Each insertion moves what follows: find the next cpu node again by its index. */
	for (unsigned index = 0;; index++) {
		int n = -1;
		for (unsigned i = 0; i <= index; i++) {
			n = next_cpu_node(dtb, n);
			if (n < 0)
				return added;
		}
		u32 len;
		if (fdt_getprop(dtb, n, "enable-method", &len))
			continue;
		if (fdt_add_prop(dtb, bufsize, n, "enable-method", psci, sizeof(psci)) < 0)
			return -1;
		added++;
	}
}

static void put_be64(u8 *p, u64 v)
{
	fdt_put_be32(p, (u32)(v >> 32));
	fdt_put_be32(p + 4, (u32)v);
}

int boot_set_chosen(void *dtb, u32 bufsize, u64 initrd_start, u64 initrd_end, const char *cmdline,
		    u32 cmdline_len)
{
	int chosen = fdt_path_offset(dtb, "/chosen");
	u8 cell[8];
	char args[BOOT_CMDLINE_MAX + 1];
	u32 len;

	if (chosen < 0) {
		chosen = fdt_add_subnode(dtb, bufsize, 0, "chosen");
		if (chosen < 0)
			return -1;
	}
	if (initrd_end > initrd_start) {
		if (fdt_getprop(dtb, chosen, "linux,initrd-start", &len) ||
		    fdt_getprop(dtb, chosen, "linux,initrd-end", &len))
			return -2;
		put_be64(cell, initrd_start);
		if (fdt_add_prop(dtb, bufsize, chosen, "linux,initrd-start", cell, 8) < 0)
			return -1;
		chosen = fdt_path_offset(dtb, "/chosen");
		put_be64(cell, initrd_end);
		if (fdt_add_prop(dtb, bufsize, chosen, "linux,initrd-end", cell, 8) < 0)
			return -1;
	}
	if (cmdline) {
		if (cmdline_len > BOOT_CMDLINE_MAX)
			return -3;
		chosen = fdt_path_offset(dtb, "/chosen");
		if (fdt_getprop(dtb, chosen, "bootargs", &len))
			return -2;
		memcpy(args, cmdline, cmdline_len);
		args[cmdline_len] = '\0';
		if (fdt_add_prop(dtb, bufsize, chosen, "bootargs", args, cmdline_len + 1) < 0)
			return -1;
	}
	return 0;
}
