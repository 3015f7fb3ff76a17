/* Unit tests: the image builder end to end. Every .xml in tests/wbuild/bad must fail with
 * exactly the errors its `<!-- expect: LINE: text -->` comments name; every .xml in
 * tests/wbuild/good must compile; chosen fixtures are decoded back from the boot spec bytes and
 * compared with what the XML says; the wbuild command is run for packing and for writing nothing on
 * error. */
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>

#include <warden/bootspec.h>
#include <warden/platform.h>
#include <warden/broker.h>
#include <warden/vmm_config.h>

#include "../../tools/wbuild/dot.h"
#include "../../tools/wbuild/images.h"
#include "../../tools/wbuild/print.h"
#include "../../tools/wbuild/wbuild.h"
#include "test_wbuild_elf.h"

static char tmpdir[] = "/tmp/wbuild-test-XXXXXX";

/* comp.elf: what the fixtures load. Contents are patterns the spec checks look for. */
static u8 comp_text[0x20], comp_rodata[0x10], comp_data[8];
#define COMP_ENTRY 0x400000

/* A path in the temporary directory; valid until four more calls. */
static char *tmp_path(const char *name)
{
	static char paths[4][256];
	static unsigned next;
	char *path = paths[next++ % 4];

	snprintf(path, sizeof(paths[0]), "%s/%s", tmpdir, name);
	return path;
}

/* Guest images: a raw binary, and a Linux arm64 Image (header, then a pattern) that asks for
 * text_offset 0x80000 and 0x30000 bytes. */
#define GUEST_BIN "guest kernel\n"
#define INITRD "070701 initrd\n"
#define LINUX_TEXT_OFFSET 0x80000
#define LINUX_IMAGE_SIZE 0x30000
#define LINUX_FILE_SIZE 0x1000
static u8 linux_image[LINUX_FILE_SIZE];

static bool write_linux_image(const char *name, u64 flags)
{
	struct arm64_image_header h = {0};
	FILE *f = fopen(tmp_path(name), "wb");

	h.code0 = 0x14000010; /* b +0x40 */
	h.text_offset = LINUX_TEXT_OFFSET;
	h.image_size = LINUX_IMAGE_SIZE;
	h.flags = flags | 2;
	h.magic = 0x644d5241;
	for (size_t i = 0; i < sizeof(linux_image); i++)
		linux_image[i] = (u8)(i * 7);
	memcpy(linux_image, &h, sizeof(h));
	return f && fwrite(linux_image, 1, sizeof(linux_image), f) == sizeof(linux_image) &&
	       fclose(f) == 0;
}

static int make_images(void **state)
{
	for (size_t i = 0; i < sizeof(comp_text); i++)
		comp_text[i] = (u8)(0x10 + i);
	for (size_t i = 0; i < sizeof(comp_rodata); i++)
		comp_rodata[i] = (u8)(0x80 + i);
	for (size_t i = 0; i < sizeof(comp_data); i++)
		comp_data[i] = (u8)(0xc0 + i);
	const struct test_segment comp[] = {
	    {0x400000, sizeof(comp_text), PF_R | PF_X, comp_text, sizeof(comp_text)},
	    {0x401000, sizeof(comp_rodata), PF_R, comp_rodata, sizeof(comp_rodata)},
	    {0x402000, 0x3000, PF_R | PF_W, comp_data, sizeof(comp_data)},
	};
	const struct test_segment misaligned = {0x400100, 8, PF_R | PF_X, comp_text, 8};
	const struct test_segment shared_page[] = {
	    {0x400000, 0x1800, PF_R | PF_X, comp_text, 8},
	    {0x401000, 0x10, PF_R | PF_W, comp_data, 8},
	};

	if (!mkdtemp(tmpdir))
		return -1;
	bool ok =
	    test_elf_write(tmp_path("comp.elf"), EM_AARCH64, ET_EXEC, COMP_ENTRY, comp, 3) &&
	    test_elf_write(tmp_path("misaligned.elf"), EM_AARCH64, ET_EXEC, 0x400100, &misaligned,
			   1) &&
	    test_elf_write(tmp_path("shared_page.elf"), EM_AARCH64, ET_EXEC, 0x400000, shared_page,
			   2) &&
	    test_elf_write(tmp_path("x86.elf"), EM_X86_64, ET_EXEC, 0x400000, comp, 3) &&
	    test_elf_write(tmp_path("entry_not_code.elf"), EM_AARCH64, ET_EXEC, 0x401000, comp, 3);
	FILE *f = fopen(tmp_path("not_elf.elf"), "w");
	ok = ok && f && fputs("not an executable\n", f) >= 0 && fclose(f) == 0;
	f = fopen(tmp_path("guest.bin"), "w");
	ok = ok && f && fputs(GUEST_BIN, f) >= 0 && fclose(f) == 0;
	ok = ok && write_linux_image("be.Image", 1) && write_linux_image("linux.Image", 0);
	f = fopen(tmp_path("initrd.cpio"), "w");
	ok = ok && f && fputs(INITRD, f) >= 0 && fclose(f) == 0;
	f = fopen(tmp_path("empty.bin"), "w");
	ok = ok && f && fclose(f) == 0;
	return ok ? 0 : -1;
}

static int remove_images(void **state)
{
	DIR *dir = opendir(tmpdir);
	struct dirent *e;

	while (dir && (e = readdir(dir))) {
		if (e->d_name[0] != '.')
			unlink(tmp_path(e->d_name));
	}
	if (dir)
		closedir(dir);
	rmdir(tmpdir);
	return 0;
}

/* One compile of a fixture, with what the builder said. */
struct run {
	bool ok;
	char *messages;
	size_t messages_size;
	struct diag d;
	struct wbuild_result res;
};

static void compile(struct run *r, const char *path, bool smc_cap)
{
	static const char *dirs[2];
	struct wbuild_options opt = {smc_cap, {dirs, 2}};
	FILE *out;

	dirs[0] = tmpdir;
	dirs[1] = CLANG_ELF_DIR;
	memset(r, 0, sizeof(*r));
	out = open_memstream(&r->messages, &r->messages_size);
	r->d = (struct diag){out, path, 0, 0};
	r->ok = wbuild_compile(&opt, &r->d, &r->res);
	fclose(out);
}

static void run_free(struct run *r)
{
	wbuild_result_free(&r->res);
	free(r->messages);
}

static char *fixture(const char *kind, const char *name)
{
	static char path[512];

	snprintf(path, sizeof(path), "%s/%s/%s", FIXTURE_DIR, kind, name);
	return path;
}

static char *slurp(const char *path)
{
	u8 *data;
	size_t size;

	if (!read_file(path, &data, &size))
		fail_msg("cannot read %s", path);
	data = realloc(data, size + 1);
	data[size] = '\0';
	return (char *)data;
}

/* --- fixture-driven tests ------------------------------------------------------------------ */

struct expectation {
	int line;
	char text[512];
	bool seen;
};

/* The `expect:` comments of a fixture; returns how many. */
static size_t read_expectations(const char *xml, struct expectation *exp, size_t max)
{
	size_t n = 0;

	for (const char *p = xml; (p = strstr(p, "<!-- expect: ")) && n < max; n++) {
		const char *end = strstr(p, " -->");
		char *colon;

		p += strlen("<!-- expect: ");
		exp[n].line = (int)strtol(p, &colon, 10);
		assert_true(end && *colon == ':');
		snprintf(exp[n].text, sizeof(exp[n].text), "%.*s", (int)(end - colon - 2),
			 colon + 2);
		exp[n].seen = false;
	}
	return n;
}

/* Marks the expectation an error line meets; false if it meets none. */
static bool meet(const char *path, const char *line, struct expectation *exp, size_t n)
{
	char prefix[600];

	for (size_t i = 0; i < n; i++) {
		snprintf(prefix, sizeof(prefix), "%s:%d: error: ", path, exp[i].line);
		if (!exp[i].seen && strncmp(line, prefix, strlen(prefix)) == 0 &&
		    strstr(line + strlen(prefix), exp[i].text)) {
			exp[i].seen = true;
			return true;
		}
	}
	return false;
}

static void test_bad_fixture(void **state)
{
	const char *path = *state;
	char *xml = slurp(path);
	struct expectation exp[16];
	size_t n = read_expectations(xml, exp, 16);
	struct run r;
	bool unexpected = false;

	if (n == 0)
		fail_msg("%s has no <!-- expect: LINE: text --> comment", path);
	compile(&r, path, strstr(xml, "<!-- options: smc_cap=0 -->") == NULL);
	assert_false(r.ok);
	for (char *line = strtok(r.messages, "\n"); line; line = strtok(NULL, "\n")) {
		if (!meet(path, line, exp, n)) {
			print_error("unexpected: %s\n", line);
			unexpected = true;
		}
	}
	for (size_t i = 0; i < n; i++) {
		if (!exp[i].seen) {
			print_error("missing: %d: %s\n", exp[i].line, exp[i].text);
			unexpected = true;
		}
	}
	run_free(&r);
	free(xml);
	if (unexpected)
		fail_msg("%s: the errors differ from its expect comments", path);
}

static void test_good_fixture(void **state)
{
	const char *path = *state;
	struct run r;
	char *listing = NULL;
	size_t listing_size = 0;
	FILE *f;

	compile(&r, path, true);
	if (!r.ok)
		fail_msg("%s:\n%s", path, r.messages);
	assert_int_equal(r.d.errors, 0);
	/* The listing decodes every table, checking offsets and indices. */
	f = open_memstream(&listing, &listing_size);
	assert_true(spec_print(f, r.res.spec, r.res.spec_size));
	fclose(f);
	free(listing);
	run_free(&r);
}

/* --- decoding the spec --------------------------------------------------------------------- */

struct spec {
	const u8 *b;
	const struct bs_header *h;
};

static struct spec spec_of(const struct run *r)
{
	struct spec s = {r->res.spec, (const struct bs_header *)r->res.spec};

	assert_int_equal(s.h->magic, BOOTSPEC_MAGIC);
	assert_int_equal(s.h->version, BOOTSPEC_VERSION);
	assert_int_equal(s.h->total_size, r->res.spec_size);
	return s;
}

static const void *table(const struct spec *s, enum bs_table_id t, u32 *count)
{
	*count = s->h->tables[t].count;
	assert_int_equal(s->h->tables[t].offset % 8, 0);
	return s->b + s->h->tables[t].offset;
}

static u32 pd_index(const struct spec *s, const char *name)
{
	u32 n;
	const struct bs_pd *pds = table(s, BS_TABLE_PDS, &n);

	for (u32 i = 0; i < n; i++) {
		if (strcmp(pds[i].name, name) == 0)
			return i;
	}
	fail_msg("no PD '%s' in the spec", name);
	return BS_NONE;
}

static u32 object_index(const struct spec *s, const char *name, u32 type)
{
	u32 n;
	const struct bs_object *objs = table(s, BS_TABLE_OBJECTS, &n);

	for (u32 i = 0; i < n; i++) {
		if (strcmp(objs[i].name, name) == 0) {
			assert_int_equal(objs[i].type, type);
			return i;
		}
	}
	fail_msg("no object '%s' in the spec", name);
	return BS_NONE;
}

static u32 region_index(const struct spec *s, const char *name)
{
	u32 n;
	const struct bs_region *regions = table(s, BS_TABLE_REGIONS, &n);

	for (u32 i = 0; i < n; i++) {
		if (strcmp(regions[i].name, name) == 0)
			return i;
	}
	fail_msg("no region '%s' in the spec", name);
	return BS_NONE;
}

static const struct bs_cap *cap_at(const struct spec *s, u32 pd, u32 slot)
{
	u32 n;
	const struct bs_cap *caps = table(s, BS_TABLE_CAPS, &n);

	for (u32 i = 0; i < n; i++) {
		if (caps[i].pd == pd && caps[i].slot == slot)
			return &caps[i];
	}
	fail_msg("no cap in slot %u of PD %u", slot, pd);
	return NULL;
}

static u32 caps_of(const struct spec *s, u32 pd)
{
	u32 n, k = 0;
	const struct bs_cap *caps = table(s, BS_TABLE_CAPS, &n);

	for (u32 i = 0; i < n; i++)
		k += caps[i].pd == pd;
	return k;
}

static const struct bs_map *map_at(const struct spec *s, u32 pd, u64 vaddr)
{
	u32 n;
	const struct bs_map *maps = table(s, BS_TABLE_MAPS, &n);

	for (u32 i = 0; i < n; i++) {
		if (maps[i].pd == pd && maps[i].vaddr == vaddr)
			return &maps[i];
	}
	fail_msg("PD %u maps nothing at 0x%llx", pd, (unsigned long long)vaddr);
	return NULL;
}

static u32 maps_of(const struct spec *s, u32 pd)
{
	u32 n, k = 0;
	const struct bs_map *maps = table(s, BS_TABLE_MAPS, &n);

	for (u32 i = 0; i < n; i++)
		k += maps[i].pd == pd;
	return k;
}

static const struct bs_region *region(const struct spec *s, u32 index)
{
	u32 n;
	const struct bs_region *regions = table(s, BS_TABLE_REGIONS, &n);

	assert_true(index < n);
	return &regions[index];
}

/* The region a PD maps at vaddr, checked for size, permissions and initial contents. */
static void expect_mapping(const struct spec *s, u32 pd, u64 vaddr, u64 size, u32 perms,
			   const void *data, u32 data_size)
{
	const struct bs_map *m = map_at(s, pd, vaddr);
	const struct bs_region *r = region(s, m->region);

	assert_int_equal(m->perms, perms);
	assert_int_equal(r->size, size);
	assert_int_equal(r->flags, 0);
	assert_int_equal(r->data_size, data_size);
	if (data_size) {
		assert_true(r->data_offset % 8 == 0);
		assert_true((u64)r->data_offset + data_size <= s->h->total_size);
		assert_memory_equal(s->b + r->data_offset, data, data_size);
	}
}

static void expect_smc(const struct spec *s, u32 pd, u32 slot, u32 first, u32 last)
{
	const struct bs_cap *c = cap_at(s, pd, slot);

	assert_int_equal(c->type, CAP_SMC);
	assert_int_equal(c->object, BS_NONE);
	assert_int_equal(c->smc_first, first);
	assert_int_equal(c->smc_last, last);
}

static void expect_channel(const struct spec *s, u32 pd, u32 slot, u32 type, u32 object, u32 rights,
			   u64 badge)
{
	const struct bs_cap *c = cap_at(s, pd, slot);

	assert_int_equal(c->type, type);
	assert_int_equal(c->object, object);
	assert_int_equal(c->rights, rights);
	assert_int_equal(c->badge, badge);
}

static void test_full_spec_matches_description(void **state)
{
	struct run r;

	compile(&r, fixture("good", "full.xml"), true);
	assert_true(r.ok);
	struct spec s = spec_of(&r);
	u32 n, server = pd_index(&s, "server"), client = pd_index(&s, "client");
	u32 ep = object_index(&s, "ep", CAP_ENDPOINT);
	u32 faults = object_index(&s, "faults", CAP_ENDPOINT);
	u32 ntf = object_index(&s, "ntf", CAP_NOTIFICATION);
	const struct bs_pd *pds = table(&s, BS_TABLE_PDS, &n);

	assert_string_equal(s.h->name, "full");
	assert_int_equal(s.h->flags, BS_FLAG_SMC_CAP);
	assert_int_equal(n, 2);
	table(&s, BS_TABLE_OBJECTS, &n);
	assert_int_equal(n, 3);

	assert_int_equal(pds[server].entry, COMP_ENTRY);
	assert_int_equal(pds[server].stack_top, 0x10000000);
	assert_int_equal(pds[server].ipc_buffer, 0x10001000);
	assert_int_equal(pds[server].priority, 200);
	assert_int_equal(pds[server].cnode_bits, 5);
	assert_int_equal(pds[server].fault_ep, faults);
	assert_int_equal(pds[server].fault_badge, 7);
	assert_int_equal(pds[client].priority, 100);
	assert_int_equal(pds[client].cnode_bits, 8);
	assert_int_equal(pds[client].fault_ep, BS_NONE);

	/* Declared regions. */
	const struct bs_region *shared = region(&s, region_index(&s, "shared"));
	const struct bs_region *uart = region(&s, region_index(&s, "uart"));
	assert_int_equal(shared->size, 0x2000);
	assert_int_equal(shared->flags, 0);
	assert_int_equal(shared->data_size, 0);
	assert_int_equal(uart->size, 0x1000);
	assert_int_equal(uart->flags, BS_REGION_DEVICE);
	assert_int_equal(uart->phys, 0x9000000);

	/* The server's address space: three segments, stack, IPC buffer, two regions. */
	const u32 rw = BS_PERM_R | BS_PERM_W;
	assert_int_equal(maps_of(&s, server), 7);
	expect_mapping(&s, server, 0x400000, 0x1000, BS_PERM_R | BS_PERM_X, comp_text,
		       sizeof(comp_text));
	expect_mapping(&s, server, 0x401000, 0x1000, BS_PERM_R, comp_rodata, sizeof(comp_rodata));
	expect_mapping(&s, server, 0x402000, 0x3000, rw, comp_data, sizeof(comp_data));
	expect_mapping(&s, server, 0x10000000 - 0x4000, 0x4000, rw, NULL, 0);
	expect_mapping(&s, server, 0x10001000, 0x1000, rw, NULL, 0);
	assert_int_equal(map_at(&s, server, 0x20000000)->region, region_index(&s, "shared"));
	assert_int_equal(map_at(&s, server, 0x20000000)->perms, rw);
	assert_int_equal(map_at(&s, server, 0x30000000)->region, region_index(&s, "uart"));
	assert_int_equal(map_at(&s, server, 0x30000000)->perms, rw);
	/* The client shares the region read-only and has its own copy of the segments. */
	assert_int_equal(maps_of(&s, client), 6);
	assert_int_equal(map_at(&s, client, 0x20000000)->perms, BS_PERM_R);
	assert_int_equal(map_at(&s, client, 0x20000000)->region, region_index(&s, "shared"));
	assert_int_not_equal(map_at(&s, client, 0x400000)->region,
			     map_at(&s, server, 0x400000)->region);
	expect_mapping(&s, client, 0x10000000 - 0x10000, 0x10000, rw, NULL, 0);

	/* Capabilities. */
	const u32 all = CAP_RIGHT_READ | CAP_RIGHT_WRITE | CAP_RIGHT_GRANT;
	assert_int_equal(caps_of(&s, server), 10);
	expect_channel(&s, server, 1, CAP_ENDPOINT, ep, all, 0);
	expect_channel(&s, server, 2, CAP_NOTIFICATION, ntf, CAP_RIGHT_READ, 0);
	assert_int_equal(cap_at(&s, server, 3)->type, CAP_CNODE);
	assert_int_equal(cap_at(&s, server, 3)->object, server);
	assert_int_equal(cap_at(&s, server, 4)->type, CAP_TCB);
	assert_int_equal(cap_at(&s, server, 4)->object, client);
	assert_int_equal(cap_at(&s, server, 5)->type, CAP_TRACE);
	assert_int_equal(cap_at(&s, server, 5)->object, BS_NONE);
	expect_smc(&s, server, 8, 0x84000050, 0x84000053);
	expect_smc(&s, server, 9, 0xc4000050, 0xc4000053);
	expect_smc(&s, server, 10, 0x84000000, 0x84000000);
	expect_smc(&s, server, 11, 0x84000000, 0x8400001f);
	expect_smc(&s, server, 12, 0xc4000000, 0xc400001f);
	assert_int_equal(caps_of(&s, client), 2);
	expect_channel(&s, client, 1, CAP_ENDPOINT, ep, CAP_RIGHT_WRITE, 0x42);
	expect_channel(&s, client, 2, CAP_NOTIFICATION, ntf, CAP_RIGHT_WRITE, 0);

	/* The IRQ. */
	const struct bs_irq *irqs = table(&s, BS_TABLE_IRQS, &n);
	assert_int_equal(n, 1);
	assert_int_equal(irqs[0].irq, 33);
	assert_int_equal(irqs[0].notification, ntf);
	assert_int_equal(irqs[0].badge, 4);
	assert_int_equal(irqs[0].pd, server);
	assert_int_equal(irqs[0].slot, 13);
	assert_int_equal(irqs[0].trigger, 1);
	run_free(&r);
}

static void test_service_names_expand_to_ranges(void **state)
{
	struct run r;

	compile(&r, fixture("good", "smc_broker.xml"), true);
	assert_true(r.ok);
	struct spec s = spec_of(&r);
	u32 broker = pd_index(&s, "broker"), client = pd_index(&s, "client");

	expect_smc(&s, broker, 2, 0x80000000, 0x8000ffff);
	expect_smc(&s, broker, 3, 0xc0000000, 0xc000ffff);
	expect_smc(&s, broker, 4, 0x84000050, 0x84000053);
	expect_smc(&s, broker, 5, 0xc4000050, 0xc4000053);
	expect_smc(&s, broker, 6, 0x82000000, 0x8200ffff);
	expect_smc(&s, broker, 7, 0xc2000000, 0xc200ffff);
	expect_smc(&s, broker, 8, 0x84000000, 0x84000000);
	expect_smc(&s, broker, 9, 0x84000004, 0x84000004);
	assert_int_equal(caps_of(&s, broker), 11);
	expect_smc(&s, client, 2, 0x84000053, 0x84000053);
	run_free(&r);
}

/* An SMC broker's configuration page: one read-only page at BROKER_CONFIG_VADDR in the broker
 * and nowhere else, with each client's badge, name and ranges (services expanded). */
static void test_broker_config_matches_description(void **state)
{
	struct run r;

	compile(&r, fixture("good", "broker.xml"), true);
	if (!r.ok)
		fail_msg("%s", r.messages);
	struct spec s = spec_of(&r);
	u32 broker = pd_index(&s, "broker"), a = pd_index(&s, "client-a");
	u32 b = pd_index(&s, "client-b");
	u32 cfg_region = region_index(&s, "broker.broker");
	const struct bs_map *m = map_at(&s, broker, BROKER_CONFIG_VADDR);
	const struct bs_region *reg = region(&s, m->region);
	u32 n;
	const struct bs_map *maps = table(&s, BS_TABLE_MAPS, &n);

	/* After the declared region, before the PDs' own segments. */
	assert_int_equal(cfg_region, 1);
	assert_int_equal(m->region, cfg_region);
	assert_int_equal(m->perms, BS_PERM_R);
	assert_int_equal(reg->size, 0x1000);
	assert_int_equal(reg->flags, 0);
	assert_int_equal(reg->data_size, sizeof(struct broker_config));
	for (u32 i = 0; i < n; i++)
		assert_true(maps[i].region != cfg_region || maps[i].pd == broker);
	/* client-a maps its own region at the same address; client-b nothing there. */
	assert_int_not_equal(map_at(&s, a, BROKER_CONFIG_VADDR)->region, cfg_region);
	assert_int_equal(maps_of(&s, b), maps_of(&s, broker) - 1);

	const struct broker_config *c = (const void *)(s.b + reg->data_offset);
	assert_int_equal(c->magic, BROKER_CONFIG_MAGIC);
	assert_int_equal(c->version, BROKER_CONFIG_VERSION);
	assert_int_equal(c->client_count, 3);
	assert_int_equal(c->smc_cap_count, 3);
	assert_int_equal(c->clients[0].badge, 1);
	assert_string_equal(c->clients[0].name, "client-a");
	assert_int_equal(c->clients[0].range_count, 3);
	assert_int_equal(c->clients[0].ranges[0].first, 0x84000050);
	assert_int_equal(c->clients[0].ranges[0].last, 0x84000053);
	assert_int_equal(c->clients[0].ranges[1].first, 0xc4000050);
	assert_int_equal(c->clients[0].ranges[1].last, 0xc4000053);
	assert_int_equal(c->clients[0].ranges[2].first, 0x8200ff01);
	assert_int_equal(c->clients[0].ranges[2].last, 0x8200ff01);
	assert_int_equal(c->clients[1].badge, 0x20);
	assert_string_equal(c->clients[1].name, "client-b");
	assert_int_equal(c->clients[1].range_count, 1);
	assert_int_equal(c->clients[1].ranges[0].first, 0x82000004);
	assert_int_equal(c->clients[1].ranges[0].last, 0x82000005);
	assert_int_equal(c->clients[2].badge, 3);
	assert_int_equal(c->clients[2].range_count, 0);
	for (u32 i = 3; i < BROKER_MAX_CLIENTS; i++)
		assert_int_equal(c->clients[i].badge, 0);
	/* Its own capabilities where the broker looks for them. */
	expect_smc(&s, broker, BROKER_SLOT_SMC_BASE, 0x84000050, 0x84000053);
	expect_smc(&s, broker, BROKER_SLOT_SMC_BASE + 1, 0xc4000050, 0xc4000053);
	expect_smc(&s, broker, BROKER_SLOT_SMC_BASE + 2, 0x82000000, 0x8200ffff);
	assert_int_equal(cap_at(&s, broker, BROKER_SLOT_CNODE)->type, CAP_CNODE);
	assert_int_equal(cap_at(&s, broker, BROKER_SLOT_EP)->type, CAP_ENDPOINT);
	run_free(&r);
}

static void test_smc_cap_option(void **state)
{
	struct run r;

	/* Off: every grant is refused (bad/smc_cap_off.xml checks the message). */
	compile(&r, fixture("good", "smc_broker.xml"), false);
	assert_false(r.ok);
	assert_non_null(strstr(r.messages, "SMC_CAP=0"));
	run_free(&r);

	/* Off, without grants: compiles, and the spec says the kernel lacks the type. */
	compile(&r, fixture("good", "minimal.xml"), false);
	assert_true(r.ok);
	assert_int_equal(spec_of(&r).h->flags & BS_FLAG_SMC_CAP, 0);
	run_free(&r);

	compile(&r, fixture("good", "minimal.xml"), true);
	assert_true(r.ok);
	assert_int_equal(spec_of(&r).h->flags & BS_FLAG_SMC_CAP, BS_FLAG_SMC_CAP);
	run_free(&r);
}

static void test_clang_built_component(void **state)
{
	struct run r;

	compile(&r, fixture("good", "clang.xml"), true);
	assert_true(r.ok);
	struct spec s = spec_of(&r);
	u32 a = pd_index(&s, "a");
	const struct bs_map *text = map_at(&s, a, 0x400000);
	const struct bs_pd *pd = &((const struct bs_pd *)table(&s, BS_TABLE_PDS, &(u32){0}))[a];

	assert_int_equal(text->perms, BS_PERM_R | BS_PERM_X);
	assert_true(region(&s, text->region)->data_size > 0);
	assert_true(pd->entry >= 0x400000 && pd->entry < 0x400000 + region(&s, text->region)->size);
	run_free(&r);
}

/* --- virtual machines ---------------------------------------------------------------------- */

static const struct bs_pd *pd_at(const struct spec *s, u32 index)
{
	u32 n;
	const struct bs_pd *pds = table(s, BS_TABLE_PDS, &n);

	assert_true(index < n);
	return &pds[index];
}

static u32 smc_caps_of(const struct spec *s, u32 pd)
{
	u32 n, k = 0;
	const struct bs_cap *caps = table(s, BS_TABLE_CAPS, &n);

	for (u32 i = 0; i < n; i++)
		k += caps[i].pd == pd && caps[i].type == CAP_SMC;
	return k;
}

static u32 be32(const u8 *p)
{
	return (u32)p[0] << 24 | (u32)p[1] << 16 | (u32)p[2] << 8 | p[3];
}

static size_t count_of(const char *text, const char *what)
{
	size_t n = 0;

	for (const char *p = text; (p = strstr(p, what)); p++)
		n++;
	return n;
}

/* The DTB at the start of a guest's initial RAM, decompiled by dtc (a new string). */
static char *decompile_dtb(const u8 *ram)
{
	char cmd[1024], *dtb_path = strdup(tmp_path("guest.dtb")), *dts;
	FILE *f = fopen(dtb_path, "wb");

	assert_int_equal(be32(ram), 0xd00dfeed);
	assert_non_null(f);
	assert_int_equal(fwrite(ram, 1, be32(ram + 4), f), be32(ram + 4));
	fclose(f);
	snprintf(cmd, sizeof(cmd), "dtc -I dtb -O dts -o %s %s 2>%s", tmp_path("guest.out.dts"),
		 dtb_path, tmp_path("dtc.err"));
	assert_int_equal(system(cmd), 0);
	dts = slurp(tmp_path("guest.out.dts"));
	free(dtb_path);
	return dts;
}

/* A VM's parts in the spec: the VMM, vCPU i at vcpu[i], the regions. */
struct vm_parts {
	u32 vmm, vcpu[VMM_MAX_VCPUS], faults;
	const struct bs_region *config;
	const struct vmm_config *cfg;
};

static struct vm_parts vm_parts(const struct spec *s, const char *vm, u32 vcpus)
{
	struct vm_parts p;
	char name[64];

	snprintf(name, sizeof(name), "%s-vmm", vm);
	p.vmm = pd_index(s, name);
	for (u32 i = 0; i < vcpus; i++) {
		snprintf(name, sizeof(name), "%s-vcpu%u", vm, i);
		p.vcpu[i] = pd_index(s, name);
		assert_int_equal(p.vcpu[i], p.vmm + 1 + i);
	}
	snprintf(name, sizeof(name), "%s.faults", vm);
	p.faults = object_index(s, name, CAP_ENDPOINT);
	snprintf(name, sizeof(name), "%s.config", vm);
	p.config = region(s, region_index(s, name));
	p.cfg = (const struct vmm_config *)(s->b + p.config->data_offset);
	return p;
}

/* The RAM region of vCPU 0 that holds ipa, and ipa's offset in it. */
static const struct bs_region *ram_at(const struct spec *s, const struct vm_parts *p, u64 ipa,
				      u64 *off)
{
	u32 n;
	const struct bs_map *maps = table(s, BS_TABLE_MAPS, &n);

	for (u32 i = 0; i < n; i++) {
		const struct bs_region *r = region(s, maps[i].region);
		if (maps[i].pd == p->vcpu[0] && ipa >= maps[i].vaddr &&
		    ipa - maps[i].vaddr < r->size) {
			*off = ipa - maps[i].vaddr;
			return r;
		}
	}
	fail_msg("no guest RAM at 0x%llx", (unsigned long long)ipa);
	return NULL;
}

/* The initial contents of guest RAM at ipa (size bytes of them). */
static const u8 *guest_bytes(const struct spec *s, const struct vm_parts *p, u64 ipa, u64 size)
{
	u64 off;
	const struct bs_region *r = ram_at(s, p, ipa, &off);

	assert_true(off + size <= r->data_size);
	return s->b + r->data_offset + off;
}

/* What every VM's parts have in common: vCPUs, shared address space, the VMM's fixed layout. */
static void expect_vm_common(const struct spec *s, const struct vm_parts *p, u32 vcpus,
			     u32 priority, u32 vmm_priority, u64 ram_size, u64 entry)
{
	const u32 rw = BS_PERM_R | BS_PERM_W, rwx = rw | BS_PERM_X;
	const struct bs_pd *vmm = pd_at(s, p->vmm);
	const struct vmm_config *c = p->cfg;

	for (u32 i = 0; i < vcpus; i++) {
		const struct bs_pd *v = pd_at(s, p->vcpu[i]);

		/* All suspended: the VMM starts vCPU 0 once the DTB has its seeds. */
		assert_int_equal(v->flags & ~BS_PD_CONSOLE, BS_PD_VCPU | BS_PD_START_SUSPENDED);
		/* The kernel and the VMM agree on who owns the console. */
		assert_int_equal(!!(v->flags & BS_PD_CONSOLE), !!(p->cfg->flags & VMM_CFG_CONSOLE));
		assert_int_equal(v->entry, entry);
		assert_int_equal(v->arg0, c->dtb);
		assert_int_equal(v->vmpidr, 0x80000000u | i);
		assert_int_equal(v->fault_ep, p->faults);
		assert_int_equal(v->fault_badge, i);
		assert_int_equal(v->priority, priority);
		assert_int_equal(v->cnode_bits, 1);
		assert_int_equal(v->stack_top, 0);
		assert_int_equal(v->ipc_buffer, 0);
		assert_int_equal(v->aspace_of, i ? p->vcpu[0] + 1 : 0);
		assert_int_equal(caps_of(s, p->vcpu[i]), 0);
		if (i)
			assert_int_equal(maps_of(s, p->vcpu[i]), 0);
	}
	/* vCPU 0's address space is the guest's RAM: regions end to end from GUEST_RAM_BASE; the
	 * VMM maps each at the same offset from VMM_GUEST_RAM_VADDR. */
	u64 at = GUEST_RAM_BASE;
	u32 segs = maps_of(s, p->vcpu[0]);
	assert_true(segs >= 2 && segs <= VMM_MAX_LOADS + 1);
	for (u32 k = 0; k < segs; k++) {
		const struct bs_map *m = map_at(s, p->vcpu[0], at);
		const struct bs_region *r = region(s, m->region);
		const struct bs_map *vm_m =
		    map_at(s, p->vmm, VMM_GUEST_RAM_VADDR + at - GUEST_RAM_BASE);

		assert_int_equal(m->perms, rwx);
		assert_ptr_equal(region(s, vm_m->region), r);
		assert_int_equal(vm_m->perms, rw);
		assert_int_equal(r->flags, 0);
		assert_true(r->data_offset % 8 == 0);
		assert_true((u64)r->data_offset + r->data_size <= s->h->total_size);
		at += r->size;
	}
	assert_int_equal(at, GUEST_RAM_BASE + ram_size);
	/* Each load: a read-only region of the VMM's that shares its data with the RAM region it
	 * loads (one copy in the spec). */
	assert_true(c->load_count >= 2 && c->load_count <= VMM_MAX_LOADS);
	u64 init = 0;
	for (u32 i = 0; i < c->load_count; i++) {
		const struct vmm_load *l = &c->load[i];
		const struct bs_map *im = map_at(s, p->vmm, VMM_GUEST_INIT_VADDR + l->init_offset);
		const struct bs_region *ir = region(s, im->region);
		u64 off;
		const struct bs_region *rr = ram_at(s, p, l->ipa, &off);

		assert_int_equal(off, 0);
		assert_int_equal(l->init_offset, init);
		assert_int_equal(im->perms, BS_PERM_R);
		assert_int_equal(ir->data_offset, rr->data_offset);
		assert_int_equal(ir->data_size, rr->data_size);
		assert_int_equal(ir->data_size, l->size);
		assert_int_equal(ir->size, (l->size + 0xfff) & ~0xfffull);
		init += ir->size;
	}
	assert_int_equal(c->init_size, init);
	assert_ptr_equal(region(s, map_at(s, p->vmm, VMM_CONFIG_VADDR)->region), p->config);
	assert_int_equal(map_at(s, p->vmm, VMM_CONFIG_VADDR)->perms, BS_PERM_R);
	assert_int_equal(p->config->size, 0x1000);
	assert_int_equal(p->config->data_size, sizeof(struct vmm_config));

	/* The VMM: a component with the contract's CNode and slots. */
	assert_int_equal(vmm->flags, 0);
	assert_int_equal(vmm->priority, vmm_priority);
	assert_int_equal(vmm->cnode_bits, VMM_CNODE_BITS);
	assert_int_equal(vmm->stack_top, 0x10000000);
	assert_int_equal(vmm->fault_ep, BS_NONE);
	assert_int_equal(cap_at(s, p->vmm, VMM_SLOT_CNODE)->type, CAP_CNODE);
	assert_int_equal(cap_at(s, p->vmm, VMM_SLOT_CNODE)->object, p->vmm);
	expect_channel(s, p->vmm, VMM_SLOT_FAULT_EP, CAP_ENDPOINT, p->faults, CAP_RIGHT_READ, 0);
	for (u32 i = 0; i < vcpus; i++) {
		assert_int_equal(cap_at(s, p->vmm, VMM_SLOT_VCPU_BASE + i)->type, CAP_VCPU);
		assert_int_equal(cap_at(s, p->vmm, VMM_SLOT_VCPU_BASE + i)->object, p->vcpu[i]);
		assert_int_equal(cap_at(s, p->vmm, VMM_SLOT_TCB_BASE + i)->type, CAP_TCB);
		assert_int_equal(cap_at(s, p->vmm, VMM_SLOT_TCB_BASE + i)->object, p->vcpu[i]);
	}

	/* The configuration page. */
	assert_int_equal(c->magic, VMM_CONFIG_MAGIC);
	assert_int_equal(c->version, VMM_CONFIG_VERSION);
	assert_int_equal(c->vcpu_count, vcpus);
	assert_int_equal(c->ram_size, ram_size);
	assert_int_equal(c->entry, entry);
	assert_int_equal(c->dtb % 8, 0);
	assert_true(c->dtb_space >= 0x2000);
	assert_int_equal(c->flags & ~VMM_CFG_CONSOLE, 0);
	assert_true(c->policy_count <= VMM_MAX_POLICY);
	for (u32 i = 1; i < c->policy_count; i++)
		assert_true(c->policy[i - 1].last < c->policy[i].first);
	for (u32 i = c->policy_count; i < VMM_MAX_POLICY; i++)
		assert_int_equal(c->policy[i].first | c->policy[i].last | c->policy[i].action |
				     c->policy[i].cap_slot,
				 0);
}

static void expect_policy(const struct vmm_policy_entry *e, u32 first, u32 last, u32 action,
			  u32 slot)
{
	assert_int_equal(e->first, first);
	assert_int_equal(e->last, last);
	assert_int_equal(e->action, action);
	assert_int_equal(e->cap_slot, slot);
}

/* A system of `pds` components and `vms` virtual machines, written into the temporary
 * directory; returns its path. */
static const char *many_pds(size_t pds, size_t vms)
{
	const char *path = tmp_path("many.xml");
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	fprintf(f, "<system name=\"many\">\n");
	for (size_t i = 0; i < pds; i++)
		fprintf(f, "  <protection_domain name=\"p%zu\" image=\"comp.elf\"/>\n", i);
	for (size_t i = 0; i < vms; i++)
		fprintf(f,
			"  <virtual_machine name=\"v%zu\" vcpus=\"2\" ram_size=\"0x1000000\" "
			"image=\"guest.bin\"><vmm image=\"comp.elf\"/></virtual_machine>\n",
			i);
	fprintf(f, "</system>\n");
	assert_int_equal(fclose(f), 0);
	return path;
}

/* Address spaces against VMIDs: 255 (8-bit VMIDs, 0 unused) build silently; 256 build with a
 * warning that names the 16-bit requirement (a virtual machine counts two: its vCPUs' space and
 * its VMM's); more than 65535 are refused. */
static void test_vmid_space(void **state)
{
	struct run r;

	compile(&r, many_pds(253, 1), true);
	if (!r.ok)
		fail_msg("%s", r.messages);
	assert_int_equal(r.d.warnings, 0);
	assert_null(strstr(r.messages, "warning"));
	run_free(&r);

	compile(&r, many_pds(254, 1), true);
	assert_true(r.ok);
	assert_int_equal(r.d.warnings, 1);
	assert_non_null(
	    strstr(r.messages, "many.xml: warning: the system needs 256 address spaces"));
	assert_non_null(strstr(r.messages, "16-bit VMIDs"));
	run_free(&r);

	compile(&r, many_pds(65536, 0), true);
	assert_false(r.ok);
	assert_non_null(strstr(r.messages, "needs 65536 address spaces"));
	assert_non_null(strstr(r.messages, "65535 at most"));
	run_free(&r);
}

/* pmu="true" becomes BS_PD_PMU on that PD (a component or a VMM) and on nothing else. */
static void test_console_owner(void **state)
{
	struct run r;

	compile(&r, fixture("good", "console.xml"), true);
	if (!r.ok)
		fail_msg("%s", r.messages);
	struct spec s = spec_of(&r);
	const char *vcpus[] = {"a-vcpu0", "b-vcpu0", "b-vcpu1", "c-vcpu0"};
	const u32 owns[] = {0, BS_PD_CONSOLE, BS_PD_CONSOLE, 0};
	for (u32 i = 0; i < 4; i++)
		assert_int_equal(pd_at(&s, pd_index(&s, vcpus[i]))->flags & BS_PD_CONSOLE, owns[i]);
	assert_int_equal(vm_parts(&s, "a", 1).cfg->flags & VMM_CFG_CONSOLE, 0);
	assert_int_equal(vm_parts(&s, "b", 2).cfg->flags & VMM_CFG_CONSOLE, VMM_CFG_CONSOLE);
	assert_int_equal(vm_parts(&s, "c", 1).cfg->flags & VMM_CFG_CONSOLE, 0);
	run_free(&r);
}

static void test_pmu_grant(void **state)
{
	struct run r;

	compile(&r, fixture("good", "pmu.xml"), true);
	if (!r.ok)
		fail_msg("%s", r.messages);
	struct spec s = spec_of(&r);
	u32 n;
	const struct bs_pd *pds = table(&s, BS_TABLE_PDS, &n);

	assert_int_equal(n, 4);
	assert_int_equal(pds[pd_index(&s, "bench")].flags, BS_PD_PMU);
	assert_int_equal(pds[pd_index(&s, "plain")].flags, 0);
	assert_int_equal(pds[pd_index(&s, "guest-vmm")].flags, BS_PD_PMU);
	assert_int_equal(pds[pd_index(&s, "guest-vcpu0")].flags,
			 BS_PD_VCPU | BS_PD_START_SUSPENDED | BS_PD_CONSOLE);
}

static void test_vm_spec_matches_description(void **state)
{
	struct run r;

	compile(&r, fixture("good", "vm.xml"), true);
	if (!r.ok)
		fail_msg("%s", r.messages);
	struct spec s = spec_of(&r);
	u32 n;
	struct vm_parts g = vm_parts(&s, "guest", 3), l = vm_parts(&s, "linux", 1);
	const struct bs_pd *solo = pd_at(&s, pd_index(&s, "solo"));

	/* The declared PD first, then each VMM followed by its vCPUs. */
	table(&s, BS_TABLE_PDS, &n);
	assert_int_equal(n, 1 + 4 + 2);
	assert_int_equal(pd_index(&s, "solo"), 0);
	assert_int_equal(g.vmm, 1);
	assert_int_equal(l.vmm, 5);
	assert_int_equal(solo->flags | solo->aspace_of | solo->arg0 | solo->vmpidr, 0);
	assert_int_equal(object_index(&s, "ep", CAP_ENDPOINT), 0);

	/* guest: a raw image (no Image header) with three vCPUs, PSCI by smc, a policy with
	 * forwards; placed as QEMU's -kernel would: the image at 0x80000, the DTB after the (no)
	 * initrd at min(RAM/2, 128 MiB), 2 MiB aligned. */
	const u64 guest_entry = GUEST_RAM_BASE + GUEST_RAW_IMAGE_OFFSET;
	expect_vm_common(&s, &g, 3, 50, 120, 0x8000000, guest_entry);
	assert_memory_equal(guest_bytes(&s, &g, guest_entry, strlen(GUEST_BIN)), GUEST_BIN,
			    strlen(GUEST_BIN));
	assert_int_equal(g.cfg->dtb, GUEST_RAM_BASE + 0x4000000);
	assert_int_equal(g.cfg->load_count, 2);
	/* Exactly the forwarded ranges, in policy order; nothing for emulate or deny. */
	expect_smc(&s, g.vmm, VMM_SLOT_SMC_BASE + 0, 0x84000050, 0x84000053);
	expect_smc(&s, g.vmm, VMM_SLOT_SMC_BASE + 1, 0xc4000050, 0xc4000053);
	expect_smc(&s, g.vmm, VMM_SLOT_SMC_BASE + 2, 0xc2000010, 0xc2000011);
	assert_int_equal(smc_caps_of(&s, g.vmm), 3);
	assert_int_equal(caps_of(&s, g.vmm), 2 + 2 * 3 + 3);

	const struct vmm_config *c = g.cfg;
	assert_string_equal(c->vm_name, "guest");
	assert_int_equal(c->psci_conduit, VMM_CONDUIT_SMC);
	assert_int_equal(c->policy_count, 8);
	expect_policy(&c->policy[0], 0x80000000, 0x8000ffff, VMM_EMULATE, 0);
	expect_policy(&c->policy[1], 0x82000000, 0x8200ffff, VMM_DENY, 0);
	expect_policy(&c->policy[2], 0x84000000, 0x8400001f, VMM_EMULATE, 0);
	expect_policy(&c->policy[3], 0x84000050, 0x84000053, VMM_FORWARD, VMM_SLOT_SMC_BASE + 0);
	expect_policy(&c->policy[4], 0xc0000000, 0xc000ffff, VMM_EMULATE, 0);
	expect_policy(&c->policy[5], 0xc2000010, 0xc2000011, VMM_FORWARD, VMM_SLOT_SMC_BASE + 2);
	expect_policy(&c->policy[6], 0xc4000000, 0xc400001f, VMM_EMULATE, 0);
	expect_policy(&c->policy[7], 0xc4000050, 0xc4000053, VMM_FORWARD, VMM_SLOT_SMC_BASE + 1);

	char *dts = decompile_dtb(guest_bytes(&s, &g, g.cfg->dtb, 40));
	assert_non_null(strstr(dts, "method = \"smc\";"));
	assert_int_equal(count_of(dts, "cpu@"), 3);
	assert_int_equal(count_of(dts, "enable-method = \"psci\";"), 3);
	assert_non_null(strstr(dts, "compatible = \"arm,psci-1.0\\0arm,psci-0.2\";"));
	assert_non_null(strstr(dts, "bootargs = \"console=ttyAMA0 say=\\\"hi\\\"\";"));
	assert_non_null(strstr(dts, "reg = <0x00 0x40000000 0x00 0x8000000>;"));
	/* Redistributors: one 128 KiB frame pair per vCPU. */
	assert_non_null(strstr(dts, "0x00 0x80a0000 0x00 0x60000>"));
	assert_non_null(strstr(dts, "compatible = \"arm,gic-v3\";"));
	assert_non_null(strstr(dts, "stdout-path = \"/pl011@9000000\";"));
	assert_null(strstr(dts, "linux,initrd-start"));
	free(dts);

	/* linux: an Image at its text_offset (0x80000: above QEMU's 4 KiB boot stub, so not moved
	 * up by 2 MiB), the initrd at RAM/2 (above the image's image_size), the DTB after the
	 * initrd, 2 MiB aligned; PSCI by hvc, no policy (everything denied) and so no SMC
	 * capability at all. */
	const u64 image_ipa = GUEST_RAM_BASE + LINUX_TEXT_OFFSET;
	const u64 initrd_ipa = GUEST_RAM_BASE + 0x2000000;
	expect_vm_common(&s, &l, 1, 40, 41, 0x4000000, image_ipa);
	assert_memory_equal(guest_bytes(&s, &l, image_ipa, sizeof(linux_image)), linux_image,
			    sizeof(linux_image));
	assert_memory_equal(guest_bytes(&s, &l, initrd_ipa, strlen(INITRD)), INITRD,
			    strlen(INITRD));
	assert_int_equal(l.cfg->dtb, GUEST_RAM_BASE + 0x2200000);
	assert_int_equal(l.cfg->load_count, 3);
	/* The first VM owns the console when no VM says console="true" (docs/console.md). */
	assert_int_equal(g.cfg->flags & VMM_CFG_CONSOLE, VMM_CFG_CONSOLE);
	assert_int_equal(l.cfg->flags & VMM_CFG_CONSOLE, 0);
	assert_int_equal(smc_caps_of(&s, l.vmm), 0);
	assert_int_equal(caps_of(&s, l.vmm), 4);
	assert_int_equal(l.cfg->psci_conduit, VMM_CONDUIT_HVC);
	assert_int_equal(l.cfg->policy_count, 0);
	dts = decompile_dtb(guest_bytes(&s, &l, l.cfg->dtb, 40));
	assert_non_null(strstr(dts, "method = \"hvc\";"));
	assert_int_equal(count_of(dts, "cpu@"), 1);
	assert_non_null(strstr(dts, "linux,initrd-start = <0x00 0x42000000>;"));
	assert_non_null(strstr(dts, "linux,initrd-end = <0x00 0x4200000e>;"));
	assert_null(strstr(dts, "bootargs"));
	free(dts);
	run_free(&r);
}

/* --- listing and graph --------------------------------------------------------------------- */

static void test_print_lists_the_spec(void **state)
{
	struct run r;
	char *out = NULL;
	size_t size = 0;
	FILE *f;

	compile(&r, fixture("good", "full.xml"), true);
	assert_true(r.ok);
	f = open_memstream(&out, &size);
	assert_true(spec_print(f, r.res.spec, r.res.spec_size));
	fclose(f);
	assert_non_null(strstr(out, "server slot 8: smc [0x84000050, 0x84000053]"));
	assert_non_null(strstr(out, "client slot 1: endpoint 'ep' rights -w- badge 0x42"));
	assert_non_null(
	    strstr(out, "33 (edge): signals 'ntf' badge 0x4; handler cap: server slot 13"));
	free(out);

	/* A damaged spec is refused, not printed. */
	struct bs_header *h = (struct bs_header *)r.res.spec;
	f = open_memstream(&out, &size);
	h->tables[BS_TABLE_CAPS].count = 100000;
	assert_false(spec_print(f, r.res.spec, r.res.spec_size));
	h->magic = 0;
	assert_false(spec_print(f, r.res.spec, r.res.spec_size));
	fclose(f);
	free(out);
	run_free(&r);

	/* Virtual machines: vCPUs and the VMM's capabilities. */
	compile(&r, fixture("good", "vm.xml"), true);
	assert_true(r.ok);
	f = open_memstream(&out, &size);
	if (!spec_print(f, r.res.spec, r.res.spec_size)) {
		fclose(f);
		fail_msg("%s", out);
	}
	fclose(f);
	assert_non_null(strstr(
	    out, "3 guest-vcpu1: vCPU, entry 0x40080000, x0 0x44000000, MPIDR "
		 "0x80000001, priority 50, cnode_bits 1, vGIC 0 redistributor 1, "
		 "starts suspended, owns the console, shares the address space of 'guest-vcpu0', "
		 "faults to 'guest.faults' badge 0x1"));
	/* One vGIC per VM, its frames where the guest's DTB puts them. */
	assert_non_null(strstr(out, "\n  0: GICD 0x8000000, GICR 0x80a0000 stride 0x20000, 3 "
				    "vCPUs\n"));
	assert_non_null(strstr(out, "guest-vmm slot 8: vcpu of 'guest-vcpu0'"));
	assert_non_null(strstr(out, "guest-vcpu0: 0x40000000 rwx guest.ram"));
	free(out);
	run_free(&r);
}

static char *dot_of(const struct system *sys)
{
	char *out = NULL;
	size_t size = 0;
	FILE *f = open_memstream(&out, &size);

	dot_write(f, sys);
	fclose(f);
	return out;
}

/* Graphviz accepts the graph, if Graphviz is installed. */
static void expect_valid_dot(const char *text)
{
	char *path = tmp_path("graph.dot");
	FILE *f = fopen(path, "w");
	char cmd[512];

	assert_non_null(f);
	fputs(text, f);
	fclose(f);
	if (system("command -v dot >/dev/null 2>&1") != 0)
		return;
	snprintf(cmd, sizeof(cmd), "dot -Tsvg -o /dev/null %s", path);
	assert_int_equal(system(cmd), 0);
}

static void test_dot_draws_channels_and_smc_authority(void **state)
{
	struct run r;
	char *dot;

	compile(&r, fixture("good", "full.xml"), true);
	assert_true(r.ok);
	dot = dot_of(&r.res.sys);
	assert_non_null(strstr(dot, "\"pd:server\" -> \"obj:ep\" [dir=both, label=\"rwg\"]"));
	assert_non_null(
	    strstr(dot, "\"pd:client\" -> \"obj:ep\" [dir=forward, label=\"w badge 0x42\"]"));
	assert_non_null(strstr(dot, "\"pd:server\" -> \"obj:ntf\" [dir=back"));
	assert_non_null(strstr(dot, "\"pd:server\" -> secure [color=\"#b00000\""));
	assert_non_null(strstr(dot, "trng\\n0x84000050..0x84000053\\n0xc4000050..0xc4000053"));
	assert_non_null(strstr(dot, "HAZARD accepted: the power manager owns CPU power"));
	assert_null(strstr(dot, "\"pd:client\" -> secure"));
	expect_valid_dot(dot);
	free(dot);
	run_free(&r);

	/* A guest: its VMM reaches the secure world only for the forwarded ranges. */
	compile(&r, fixture("good", "vm.xml"), true);
	assert_true(r.ok);
	dot = dot_of(&r.res.sys);
	assert_non_null(strstr(dot, "\"vm:guest\" -> \"pd:guest-vmm\""));
	assert_non_null(strstr(dot, "\"pd:guest-vmm\" -> secure [color=\"#b00000\""));
	assert_non_null(
	    strstr(dot, "forward trng\\n0x84000050..0x84000053\\n0xc4000050..0xc4000053"));
	assert_non_null(strstr(dot, "forward 0xc2000010..0xc2000011"));
	assert_null(strstr(dot, "forward psci"));
	assert_null(strstr(dot, "\"pd:linux-vmm\" -> secure"));
	assert_non_null(strstr(dot, "\"pd:guest-vcpu2\" [shape=box"));
	assert_non_null(
	    strstr(dot, "\"pd:guest-vmm\" -> \"pd:guest-vcpu1\" [style=dotted, label=\"vcpu\"]"));
	assert_non_null(strstr(dot, "\"pd:guest-vcpu1\" -> \"obj:guest.faults\""));
	assert_non_null(strstr(dot, "\"pd:guest-vmm\" -> \"obj:guest.faults\" [dir=back"));
	assert_non_null(strstr(dot, "\"pd:guest-vcpu0\" -> \"mem:guest.ram\""));
	expect_valid_dot(dot);
	free(dot);
	run_free(&r);
	/* A broker's clients reach the secure world through it, with their own policy. */
	compile(&r, fixture("good", "broker.xml"), true);
	assert_true(r.ok);
	dot = dot_of(&r.res.sys);
	assert_non_null(strstr(dot, "\"pd:client-a\" -> \"pd:broker\" [color=\"#b00000\""));
	assert_non_null(strstr(dot, "via broker (client-b):\\n0x82000004..0x82000005"));
	assert_null(strstr(dot, "via broker (nobody)"));
	expect_valid_dot(dot);
	free(dot);
	run_free(&r);
}

/* --- the wbuild command -------------------------------------------------------------------- */

/* Runs wbuild with args; returns its exit status, its stderr in *err (caller frees). */
static int wbuild(const char *args, char **err)
{
	char cmd[2048];
	int status;

	snprintf(cmd, sizeof(cmd), "%s -I %s %s 2>%s >%s", WBUILD_BIN, tmpdir, args,
		 tmp_path("stderr"), tmp_path("stdout_"));
	status = system(cmd);
	*err = slurp(tmp_path("stderr"));
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

static void write_kernel(const char *name, u32 magic, u64 image_size, size_t file_size)
{
	u8 *k = calloc(1, file_size);
	FILE *f = fopen(tmp_path(name), "wb");

	for (size_t i = 64; i < file_size; i++)
		k[i] = (u8)i;
	memcpy(k + 16, &image_size, 8);
	memcpy(k + 0x38, &magic, 4);
	assert_non_null(f);
	assert_int_equal(fwrite(k, 1, file_size, f), file_size);
	fclose(f);
	free(k);
}

static bool exists(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0;
}

static void test_cli_packs_the_image(void **state)
{
	char args[1024], *err, *out_path = strdup(tmp_path("minimal.img"));
	u8 *img;
	size_t size;
	u64 image_size;
	struct run r;

	write_kernel("kernel.bin", ARM64_IMAGE_MAGIC, 0x3000, 0x1800);
	snprintf(args, sizeof(args), "-k %s -o %s %s", tmp_path("kernel.bin"), out_path,
		 fixture("good", "minimal.xml"));
	assert_int_equal(wbuild(args, &err), 0);
	assert_string_equal(err, "");
	free(err);

	assert_true(read_file(out_path, &img, &size));
	compile(&r, fixture("good", "minimal.xml"), SMC_CAP);
	assert_true(r.ok);
	memcpy(&image_size, img + 16, 8);
	assert_int_equal(image_size, size);
	assert_int_equal(size % 0x1000, 0);
	assert_true(size >= 0x3000 + r.res.spec_size);
	assert_memory_equal(img + 0x3000, r.res.spec, r.res.spec_size);
	for (size_t i = 0x1800; i < 0x3000; i++)
		assert_int_equal(img[i], 0);
	run_free(&r);
	free(img);
	unlink(out_path);
	free(out_path);
}

static void test_cli_writes_nothing_on_error(void **state)
{
	char args[1024], *err, *out_path = strdup(tmp_path("never.img"));
	char *dot_path = strdup(tmp_path("never.dot"));
	char prefix[600];

	write_kernel("kernel.bin", ARM64_IMAGE_MAGIC, 0x3000, 0x1800);
	snprintf(args, sizeof(args), "-k %s -o %s --dot %s %s", tmp_path("kernel.bin"), out_path,
		 dot_path, fixture("bad", "duplicate_name.xml"));
	assert_int_equal(wbuild(args, &err), 1);
	snprintf(prefix, sizeof(prefix), "%s:5: error: duplicate name 'ep'",
		 fixture("bad", "duplicate_name.xml"));
	assert_non_null(strstr(err, prefix));
	assert_false(exists(out_path));
	assert_false(exists(dot_path));
	free(err);

	/* A kernel that is not an arm64 Image: refused, nothing written. */
	write_kernel("vmlinux", 0x464c457f, 0x3000, 0x1800);
	snprintf(args, sizeof(args), "-k %s -o %s --dot %s %s", tmp_path("vmlinux"), out_path,
		 dot_path, fixture("good", "minimal.xml"));
	assert_int_equal(wbuild(args, &err), 1);
	assert_non_null(strstr(err, "vmlinux: error: not an arm64 Image"));
	assert_false(exists(out_path));
	assert_false(exists(dot_path));
	free(err);
	free(out_path);
	free(dot_path);
}

static void test_cli_dot_and_print(void **state)
{
	char args[1024], *err, *dot_path = strdup(tmp_path("minimal.dot")), *text;

	snprintf(args, sizeof(args), "--print --dot %s %s", dot_path,
		 fixture("good", "minimal.xml"));
	assert_int_equal(wbuild(args, &err), 0);
	free(err);
	text = slurp(tmp_path("stdout_"));
	assert_non_null(strstr(text, "boot spec 'minimal'"));
	assert_non_null(strstr(text, "0 solo: entry 0x400000"));
	free(text);
	text = slurp(dot_path);
	assert_non_null(strstr(text, "digraph \"minimal\""));
	free(text);
	unlink(dot_path);
	free(dot_path);

	assert_int_equal(wbuild("-k only-a-kernel.bin x.xml", &err), 2);
	free(err);
}

/* With a VM: each guest's DTS next to the image, dtc-clean; nothing when something fails. */
static void test_cli_writes_guest_dts(void **state)
{
	char args[1024], cmd[1024], *err, *text;
	char *out_path = strdup(tmp_path("vms.img")), *dts_path = strdup(tmp_path("vms.guest.dts"));
	char *linux_dts = strdup(tmp_path("vms.linux.dts"));

	write_kernel("kernel.bin", ARM64_IMAGE_MAGIC, 0x3000, 0x1800);
	snprintf(args, sizeof(args), "-I %s -k %s -o %s %s", CLANG_ELF_DIR, tmp_path("kernel.bin"),
		 out_path, fixture("good", "vm.xml"));
	assert_int_equal(wbuild(args, &err), SMC_CAP ? 0 : 1);
	free(err);
	if (!SMC_CAP)
		goto out;
	text = slurp(dts_path);
	assert_non_null(strstr(text, "method = \"smc\";"));
	assert_non_null(strstr(text, "cpu@2 {"));
	free(text);
	assert_true(exists(linux_dts));
	/* dtc takes the sources without a warning. */
	snprintf(cmd, sizeof(cmd), "dtc -I dts -O dtb -o /dev/null %s 2>%s", dts_path,
		 tmp_path("dtc.err"));
	assert_int_equal(system(cmd), 0);
	text = slurp(tmp_path("dtc.err"));
	assert_string_equal(text, "");
	free(text);
	unlink(out_path);
	unlink(dts_path);
	unlink(linux_dts);

	/* Without dtc: an error naming the package, nothing written. */
	snprintf(cmd, sizeof(cmd), "PATH=/nonexistent %s -I %s -I %s -k %s -o %s %s 2>%s",
		 WBUILD_BIN, tmpdir, CLANG_ELF_DIR, tmp_path("kernel.bin"), out_path,
		 fixture("good", "vm.xml"), tmp_path("stderr"));
	assert_int_not_equal(system(cmd), 0);
	text = slurp(tmp_path("stderr"));
	assert_non_null(strstr(text, "virtual machine 'guest': dtc not found; install the Debian "
				     "package device-tree-compiler"));
	free(text);
	assert_false(exists(out_path));
	assert_false(exists(dts_path));
out:
	free(out_path);
	free(dts_path);
	free(linux_dts);
}

/* The command follows the build's SMC_CAP option. */
static void test_cli_follows_smc_cap(void **state)
{
	char args[1024], *err;

	snprintf(args, sizeof(args), "%s", fixture("good", "smc_broker.xml"));
	assert_int_equal(wbuild(args, &err), SMC_CAP ? 0 : 1);
	assert_true((strstr(err, "SMC_CAP=0") != NULL) == !SMC_CAP);
	free(err);
}

/* --- registration: one test per fixture file ----------------------------------------------- */

static int by_name(const void *a, const void *b)
{
	return strcmp(((const struct CMUnitTest *)a)->name, ((const struct CMUnitTest *)b)->name);
}

/* Tests for every .xml in dir, appended at *n. */
static void add_fixtures(struct CMUnitTest *tests, size_t *n, size_t max, const char *kind,
			 CMUnitTestFunction fn)
{
	char dir_path[512];
	DIR *dir;
	struct dirent *e;
	size_t first = *n;

	snprintf(dir_path, sizeof(dir_path), "%s/%s", FIXTURE_DIR, kind);
	dir = opendir(dir_path);
	assert_non_null(dir);
	while ((e = readdir(dir)) && *n < max) {
		size_t len = strlen(e->d_name);
		char *path;

		if (len < 4 || strcmp(e->d_name + len - 4, ".xml") != 0)
			continue;
		path = strdup(fixture(kind, e->d_name));
		tests[*n] = (struct CMUnitTest){strdup(path + strlen(FIXTURE_DIR) + 1), fn, NULL,
						NULL, path};
		(*n)++;
	}
	closedir(dir);
	qsort(tests + first, *n - first, sizeof(*tests), by_name);
}

int main(void)
{
	static struct CMUnitTest tests[256] = {
	    cmocka_unit_test(test_full_spec_matches_description),
	    cmocka_unit_test(test_service_names_expand_to_ranges),
	    cmocka_unit_test(test_smc_cap_option),
	    cmocka_unit_test(test_clang_built_component),
	    cmocka_unit_test(test_print_lists_the_spec),
	    cmocka_unit_test(test_dot_draws_channels_and_smc_authority),
	    cmocka_unit_test(test_cli_packs_the_image),
	    cmocka_unit_test(test_cli_writes_nothing_on_error),
	    cmocka_unit_test(test_cli_dot_and_print),
	    cmocka_unit_test(test_cli_follows_smc_cap),
	    cmocka_unit_test(test_vm_spec_matches_description),
	    cmocka_unit_test(test_pmu_grant),
	    cmocka_unit_test(test_vmid_space),
	    cmocka_unit_test(test_console_owner),
	    cmocka_unit_test(test_cli_writes_guest_dts),
	    cmocka_unit_test(test_broker_config_matches_description),
	};
	size_t n = 0;

	while (tests[n].name)
		n++;

	add_fixtures(tests, &n, ARRAY_SIZE(tests), "good", test_good_fixture);
	add_fixtures(tests, &n, ARRAY_SIZE(tests), "bad", test_bad_fixture);
	return _cmocka_run_group_tests("wbuild", tests, n, make_images, remove_images);
}
