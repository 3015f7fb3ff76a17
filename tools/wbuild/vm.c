/* Virtual machines (see vm.h): the guest's initial RAM, its DTB, the VMM's configuration and
 * authority. The VMM gets exactly what vmm_config.h lays out and nothing else: its guest's RAM,
 * its vCPUs, their fault endpoint, and one SMC capability per forwarded range. */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include <warden/vmm_config.h>

#include "dtb.h"
#include "images.h"
#include "vm.h"

_Static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__,
	       "the boot spec and the VMM configuration are written as the host lays them out");
_Static_assert(sizeof(struct vmm_config) <= PAGE_SIZE, "the configuration fits one page");

#define IMAGE_TEXT_OFFSET 8
#define IMAGE_SIZE 16
#define IMAGE_FLAGS 24
#define IMAGE_MAGIC 0x38
#define IMAGE_HEADER_SIZE 64
#define IMAGE_LEGACY_TEXT_OFFSET 0x80000 /* kernels before 3.17 (image_size 0) */

static u64 le64(const u8 *p)
{
	u64 v;

	memcpy(&v, p, sizeof(v));
	return v;
}

/* A file a VM names, read whole; false after an error. */
static bool read_vm_file(const struct vm *vm, const char *path, u8 **data, size_t *size,
			 struct diag *d)
{
	if (!read_file(path, data, size)) {
		diag_error(d, vm->line, "%s: %s", path, strerror(errno));
		return false;
	}
	return true;
}

/* Where the guest image goes and how much RAM it needs. */
struct placement {
	u64 image_offset; /* from GUEST_RAM_BASE */
	u64 footprint;	  /* bytes from image_offset the image needs (its bss too) */
};

/* QEMU's -kernel loader (hw/arm/boot.c, load_aarch64_image): a Linux arm64 Image with a nonzero
 * image_size at 2 MiB + text_offset (text_offset from a 2 MiB aligned base; QEMU's own boot stub
 * holds the first 4 KiB), needing image_size bytes; anything else, and a pre-3.17 Image
 * (image_size 0), at 0x80000, needing its file size. */
static bool place_image(const struct vm *vm, const u8 *img, size_t size, struct placement *pl,
			struct diag *d)
{
	u32 magic;

	if (size == 0) {
		diag_error(d, vm->line, "guest image '%s' is empty", vm->image);
		return false;
	}
	pl->image_offset = GUEST_RAW_IMAGE_OFFSET;
	pl->footprint = size;
	if (size < IMAGE_HEADER_SIZE)
		return true;
	memcpy(&magic, img + IMAGE_MAGIC, sizeof(magic));
	if (magic != LINUX_IMAGE_MAGIC)
		return true;

	u64 text_offset = le64(img + IMAGE_TEXT_OFFSET), image_size = le64(img + IMAGE_SIZE);

	if (le64(img + IMAGE_FLAGS) & 1) {
		diag_error(d, vm->line,
			   "guest image '%s' is a big-endian kernel; guests run little-endian",
			   vm->image);
		return false;
	}
	if (image_size == 0)
		return true; /* pre-3.17: text_offset is not valid */
	if (image_size > IPA_LIMIT) {
		diag_error(d, vm->line,
			   "guest image '%s': image_size 0x%" PRIx64 " in its Image header is "
			   "beyond any guest's RAM",
			   vm->image, image_size);
		return false;
	}
	if (text_offset >= vm->ram_size || text_offset % 8) {
		diag_error(d, vm->line,
			   "guest image '%s': text_offset 0x%" PRIx64 " in its Image header is not "
			   "a place in RAM",
			   vm->image, text_offset);
		return false;
	}
	pl->image_offset = text_offset < PAGE_SIZE ? GUEST_IMAGE_OFFSET + text_offset : text_offset;
	if (image_size > pl->footprint)
		pl->footprint = image_size;
	return true;
}

/* One piece of the initial RAM: what the builder checks and the VMM loads. */
struct piece {
	const char *what;
	u64 offset, need; /* from GUEST_RAM_BASE; bytes it occupies (bss, DTB room included) */
	const u8 *data;
	size_t size;
};

static int by_offset(const void *a, const void *b)
{
	const struct piece *x = a, *y = b;

	return x->offset < y->offset ? -1 : x->offset > y->offset;
}

/* Each piece inside RAM, none overlapping another (at page granularity: each begins a region
 * of its own); false after the errors. */
static bool check_pieces(const struct vm *vm, struct piece *p, u32 n, struct diag *d)
{
	bool ok = true;

	for (u32 i = 0; i < n; i++) {
		if (p[i].offset > vm->ram_size || p[i].need > vm->ram_size - p[i].offset) {
			diag_error(d, vm->line,
				   "ram_size=\"0x%" PRIx64
				   "\" is too small for the guest: the %s at "
				   "0x%" PRIx64 " needs 0x%" PRIx64 " bytes, up to 0x%" PRIx64
				   " (RAM ends at 0x%" PRIx64 ")",
				   vm->ram_size, p[i].what, GUEST_RAM_BASE + p[i].offset, p[i].need,
				   GUEST_RAM_BASE + p[i].offset + p[i].need,
				   GUEST_RAM_BASE + vm->ram_size);
			ok = false;
		}
	}
	if (!ok)
		return false;
	qsort(p, n, sizeof(*p), by_offset);
	for (u32 i = 0; i + 1 < n; i++) {
		if (ALIGN_UP(p[i].offset + p[i].need, PAGE_SIZE) >
		    ALIGN_DOWN(p[i + 1].offset, PAGE_SIZE)) {
			diag_error(
			    d, vm->line,
			    "the %s at 0x%" PRIx64 " (0x%" PRIx64 " bytes) overlaps the %s at "
			    "0x%" PRIx64 " in the RAM of '%s' (each takes whole 4 KiB pages)",
			    p[i].what, GUEST_RAM_BASE + p[i].offset, p[i].need, p[i + 1].what,
			    GUEST_RAM_BASE + p[i + 1].offset, vm->name);
			ok = false;
		}
	}
	return ok;
}

/* The guest's initial RAM: image, initrd and DTB where QEMU's -kernel loader would put them
 * (the initrd at max(RAM/2 capped at 128 MiB, the image's end), 4 KiB aligned; the DTB after
 * the initrd, 2 MiB aligned), or at initrd_addr/dtb_addr; then cut into segments. */
static bool make_blob(struct vm *vm, struct diag *d)
{
	struct vm_build *b = &vm->build;
	u8 *img = NULL, *initrd = NULL, *dtb = NULL;
	size_t img_size = 0, initrd_size = 0, dtb_size = 0;
	struct placement pl;
	struct piece pieces[VMM_MAX_LOADS];
	u32 n = 0;
	u64 initrd_offset;
	char err[512];
	bool ok = false;

	if (!read_vm_file(vm, vm->image_path, &img, &img_size, d) ||
	    (vm->initrd && !read_vm_file(vm, vm->initrd_path, &initrd, &initrd_size, d)) ||
	    !place_image(vm, img, img_size, &pl, d))
		goto out;
	b->entry = GUEST_RAM_BASE + pl.image_offset;
	initrd_offset = vm->ram_size / 2 < 128ull << 20 ? vm->ram_size / 2 : 128ull << 20;
	if (pl.image_offset + pl.footprint > initrd_offset)
		initrd_offset = pl.image_offset + pl.footprint;
	initrd_offset = ALIGN_UP(initrd_offset, PAGE_SIZE);
	if (vm->initrd_addr)
		initrd_offset = vm->initrd_addr - GUEST_RAM_BASE;
	if (vm->initrd) {
		b->initrd_start = GUEST_RAM_BASE + initrd_offset;
		b->initrd_end = b->initrd_start + initrd_size;
	}

	b->dts = vm_dts(vm);
	if (!dtc_compile(b->dts, &dtb, &dtb_size, err, sizeof(err))) {
		diag_error(d, vm->line, "virtual machine '%s': %s", vm->name, err);
		goto out;
	}
	b->dtb_size = dtb_size;
	b->dtb_space = ALIGN_UP(dtb_size + GUEST_DTB_SLACK, PAGE_SIZE);
	b->dtb_offset = vm->dtb_addr ? vm->dtb_addr - GUEST_RAM_BASE
				     : ALIGN_UP(initrd_offset + initrd_size, GUEST_DTB_ALIGN);

	pieces[n++] = (struct piece){"image", pl.image_offset, pl.footprint, img, img_size};
	if (vm->initrd)
		pieces[n++] =
		    (struct piece){"initrd", initrd_offset, initrd_size, initrd, initrd_size};
	pieces[n++] = (struct piece){"DTB", b->dtb_offset, b->dtb_space, dtb, dtb_size};
	if (!check_pieces(vm, pieces, n, d))
		goto out;

	/* Segments: one from each piece's page on (its data padded to start there), and one from
	 * 0 if the first piece starts above it. */
	b->segs = 0;
	b->init_size = 0;
	if (ALIGN_DOWN(pieces[0].offset, PAGE_SIZE) > 0) {
		b->seg_offset[0] = 0;
		b->seg_data[0] = NULL;
		b->seg_size[0] = 0;
		b->segs = 1;
	}
	for (u32 i = 0; i < n; i++) {
		u64 base = ALIGN_DOWN(pieces[i].offset, PAGE_SIZE), pad = pieces[i].offset - base;
		u32 k = b->segs++;

		b->seg_offset[k] = base;
		b->seg_size[k] = pad + pieces[i].size;
		b->seg_data[k] = xmalloc(b->seg_size[k]);
		memset(b->seg_data[k], 0, pad);
		memcpy(b->seg_data[k] + pad, pieces[i].data, pieces[i].size);
		b->init_size += ALIGN_UP(b->seg_size[k], PAGE_SIZE);
	}
	b->seg_offset[b->segs] = vm->ram_size;
	ok = true;
out:
	free(img);
	free(initrd);
	free(dtb);
	return ok;
}

static int by_first(const void *a, const void *b)
{
	const struct vmm_policy_entry *x = a, *y = b;

	return x->first < y->first ? -1 : x->first > y->first;
}

/* The VMM's configuration page; the forwarded ranges, in policy order, into forward. */
static void make_config(struct vm *vm, struct smc_range forward[VMM_MAX_POLICY])
{
	struct vm_build *b = &vm->build;
	struct vmm_config *c;
	u32 n = 0;

	b->config = xmalloc(PAGE_SIZE);
	c = (struct vmm_config *)b->config;
	c->magic = VMM_CONFIG_MAGIC;
	c->version = VMM_CONFIG_VERSION;
	snprintf(c->vm_name, sizeof(c->vm_name), "%s", vm->name);
	c->vcpu_count = vm->vcpus;
	c->psci_conduit = vm->conduit == CONDUIT_HVC ? VMM_CONDUIT_HVC : VMM_CONDUIT_SMC;
	c->flags = (vm->stop_on_unmapped ? VMM_CFG_STOP_ON_UNMAPPED : 0) |
		   (vm->console ? VMM_CFG_CONSOLE : 0);
	c->load_count = 0;
	c->ram_size = vm->ram_size;
	c->init_size = b->init_size;
	c->entry = b->entry;
	c->dtb = GUEST_RAM_BASE + b->dtb_offset;
	c->dtb_space = b->dtb_space;
	for (u32 k = 0, off = 0; k < b->segs; k++) {
		if (!b->seg_size[k])
			continue;
		c->load[c->load_count++] =
		    (struct vmm_load){GUEST_RAM_BASE + b->seg_offset[k], off, b->seg_size[k]};
		off += (u32)ALIGN_UP(b->seg_size[k], PAGE_SIZE);
	}
	b->forward_count = 0;
	for (size_t i = 0; i < vm->policy.n; i++) {
		const struct policy_call *call = &vm->policy.v[i];
		size_t count;
		const struct smc_range *ranges = smc_target_ranges(&call->target, &count);

		for (size_t r = 0; r < count && n < VMM_MAX_POLICY; r++) {
			struct vmm_policy_entry *e = &c->policy[n++];

			e->first = ranges[r].first;
			e->last = ranges[r].last;
			switch (call->action) {
			case ACTION_EMULATE:
				e->action = VMM_EMULATE;
				break;
			case ACTION_FORWARD:
				e->action = call->in_kernel ? VMM_FORWARD_IN_KERNEL : VMM_FORWARD;
				e->cap_slot = VMM_SLOT_SMC_BASE + b->forward_count;
				forward[b->forward_count++] = ranges[r];
				break;
			case ACTION_DENY:
				e->action = VMM_DENY;
				break;
			}
		}
	}
	c->policy_count = n;
	qsort(c->policy, n, sizeof(c->policy[0]), by_first);
}

static u32 add_region(struct system *sys, const struct vm *vm, const char *suffix, u64 size,
		      const u8 *data, size_t data_size)
{
	struct region *r = VEC_PUSH(sys->regions);

	snprintf(r->name, BS_NAME_LEN, "%.*s%s", VM_NAME_MAX, vm->name, suffix);
	r->line = vm->line;
	r->size = size;
	r->data = data;
	r->data_size = data_size;
	return (u32)(sys->regions.n - 1);
}

static void add_map(struct system *sys, struct pd *pd, u32 region, u64 vaddr, u32 perms)
{
	struct map *m = VEC_PUSH(pd->maps);

	m->line = pd->line;
	m->region = xstrdup(sys->regions.v[region].name);
	m->region_index = region;
	m->vaddr = vaddr;
	m->perms = perms;
}

static void add_cap(struct pd *pd, u32 slot, u32 type, const char *target, u32 object, u32 rights)
{
	struct cap *c = VEC_PUSH(pd->caps);

	c->line = pd->line;
	c->slot = slot;
	c->type = type;
	c->target = xstrdup(target);
	c->object = object;
	c->rights = rights;
}

static void build_vm(struct system *sys, struct vm *vm, u32 vmm_pd, struct diag *d)
{
	struct vm_build *b = &vm->build;
	struct pd *vmm = &vm->vmm;
	struct smc_range forward[VMM_MAX_POLICY];
	struct object *faults;
	char name[BS_NAME_LEN];

	b->vmm_pd = vmm_pd;
	if (!make_blob(vm, d))
		return;
	make_config(vm, forward);

	/* RAM: one region a segment, their initial contents shared (in the spec, no copy) with
	 * the V.init<k> regions the VMM reloads them from. */
	for (u32 k = 0, init = 0; k < b->segs; k++) {
		char suffix[16];

		snprintf(suffix, sizeof(suffix), k ? ".ram%u" : ".ram", k);
		b->ram_regions[k] =
		    add_region(sys, vm, suffix, b->seg_offset[k + 1] - b->seg_offset[k],
			       b->seg_data[k], b->seg_size[k]);
		b->init_regions[k] = ~0u;
		if (!b->seg_size[k])
			continue;
		snprintf(suffix, sizeof(suffix), ".init%u", init++);
		b->init_regions[k] =
		    add_region(sys, vm, suffix, ALIGN_UP(b->seg_size[k], PAGE_SIZE), b->seg_data[k],
			       b->seg_size[k]);
	}
	b->config_region =
	    add_region(sys, vm, ".config", PAGE_SIZE, b->config, sizeof(struct vmm_config));
	faults = VEC_PUSH(sys->objects);
	snprintf(faults->name, BS_NAME_LEN, "%.*s.faults", VM_NAME_MAX, vm->name);
	faults->line = vm->line;
	faults->type = CAP_ENDPOINT;
	b->faults = (u32)(sys->objects.n - 1);

	add_map(sys, vmm, b->config_region, VMM_CONFIG_VADDR, BS_PERM_R);
	for (u32 k = 0, off = 0; k < b->segs; k++) {
		add_map(sys, vmm, b->ram_regions[k], VMM_GUEST_RAM_VADDR + b->seg_offset[k],
			BS_PERM_R | BS_PERM_W);
		if (b->init_regions[k] == ~0u)
			continue;
		add_map(sys, vmm, b->init_regions[k], VMM_GUEST_INIT_VADDR + off, BS_PERM_R);
		off += (u32)ALIGN_UP(b->seg_size[k], PAGE_SIZE);
	}

	add_cap(vmm, VMM_SLOT_CNODE, CAP_CNODE, vmm->name, vmm_pd, 0);
	add_cap(vmm, VMM_SLOT_FAULT_EP, CAP_ENDPOINT, faults->name, b->faults, CAP_RIGHT_READ);
	for (u32 i = 0; i < vm->vcpus; i++) {
		vcpu_name(vm, i, name);
		add_cap(vmm, VMM_SLOT_VCPU_BASE + i, CAP_VCPU, name, vmm_pd + 1 + i, 0);
		add_cap(vmm, VMM_SLOT_TCB_BASE + i, CAP_TCB, name, vmm_pd + 1 + i, 0);
	}
	for (u32 k = 0; k < b->forward_count; k++) {
		struct smc_grant *g = VEC_PUSH(vmm->smcs);

		g->line = vm->line;
		g->slot = VMM_SLOT_SMC_BASE + k;
		g->target.range = forward[k];
	}
	b->done = true;
}

void vm_build_all(struct system *sys, struct diag *d)
{
	u32 next_pd = (u32)sys->pds.n;

	for (size_t i = 0; i < sys->vms.n; i++) {
		struct vm *vm = &sys->vms.v[i];

		build_vm(sys, vm, next_pd, d);
		next_pd += 1 + vm->vcpus;
	}
}
