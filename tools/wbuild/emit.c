/* Boot spec emission: header, the six tables, then the data area with segment contents. The
 * table order and the order of entries inside each are documented in
 * docs/system-description.md. */
#include <stdlib.h>
#include <string.h>

#include <warden/vmm_config.h>

#include "emit.h"
#include "layout.h"

#define SPEC_ALIGN 8
/* A vCPU's MPIDR_EL1: bit 31 is RES1, Aff0 the vCPU's index (its DTB cpu node's reg). */
#define VCPU_MPIDR(i) (0x80000000ull | (i))

/* The spec under construction: tables first (sized up front), data appended after. */
struct spec {
	u8 *buf;
	size_t size, cap;
};

/* The header at the start of the buffer (which moves as the spec grows). */
static struct bs_header *header(struct spec *s)
{
	return (struct bs_header *)s->buf;
}

static void reserve(struct spec *s, size_t more)
{
	if (s->size + more <= s->cap)
		return;
	while (s->size + more > s->cap)
		s->cap = s->cap ? s->cap * 2 : 4096;
	s->buf = realloc(s->buf, s->cap);
	if (!s->buf) {
		fputs("wbuild: error: out of memory\n", stderr);
		exit(1);
	}
}

/* count zeroed entries of entry_size bytes, 8-byte aligned; returns their offset. */
static size_t append(struct spec *s, size_t count, size_t entry_size)
{
	size_t offset = ALIGN_UP(s->size, SPEC_ALIGN), bytes = count * entry_size;

	reserve(s, offset - s->size + bytes);
	memset(s->buf + s->size, 0, offset - s->size + bytes);
	s->size = offset + bytes;
	return offset;
}

static void set_name(char dst[BS_NAME_LEN], const char *a, const char *b)
{
	size_t n = 0;

	memset(dst, 0, BS_NAME_LEN);
	for (const char *p = a; *p && n < BS_NAME_LEN - 1; p++)
		dst[n++] = *p;
	for (const char *p = b; p && *p && n < BS_NAME_LEN - 1; p++)
		dst[n++] = *p;
}

/* What one component PD (or VMM) adds to the tables. */
static void count_pd(const struct pd *pd, u32 counts[BS_TABLE_COUNT])
{
	counts[BS_TABLE_PDS]++;
	counts[BS_TABLE_REGIONS] += pd->elf.seg_count + 2;
	counts[BS_TABLE_MAPS] += layout_count(pd);
	counts[BS_TABLE_CAPS] += pd->caps.n;
	for (size_t g = 0; g < pd->smcs.n; g++) {
		size_t ranges;

		smc_target_ranges(&pd->smcs.v[g].target, &ranges);
		counts[BS_TABLE_CAPS] += ranges;
	}
	counts[BS_TABLE_IRQS] += pd->irqs.n;
}

/* Entry counts of every table. */
static void count_tables(const struct system *sys, u32 counts[BS_TABLE_COUNT])
{
	memset(counts, 0, BS_TABLE_COUNT * sizeof(counts[0]));
	counts[BS_TABLE_REGIONS] = sys->regions.n;
	counts[BS_TABLE_OBJECTS] = sys->objects.n;
	for (size_t i = 0; i < sys->pds.n; i++)
		count_pd(&sys->pds.v[i], counts);
	for (size_t i = 0; i < sys->vms.n; i++) {
		const struct vm *vm = &sys->vms.v[i];

		count_pd(&vm->vmm, counts);
		counts[BS_TABLE_PDS] += vm->vcpus;
		counts[BS_TABLE_VGICS]++;
		counts[BS_TABLE_MAPS] += sys->vms.v[i].build.segs; /* guest RAM in vCPU 0 */
	}
}

static const size_t entry_sizes[BS_TABLE_COUNT] = {
    [BS_TABLE_PDS] = sizeof(struct bs_pd),     [BS_TABLE_REGIONS] = sizeof(struct bs_region),
    [BS_TABLE_MAPS] = sizeof(struct bs_map),   [BS_TABLE_OBJECTS] = sizeof(struct bs_object),
    [BS_TABLE_CAPS] = sizeof(struct bs_cap),   [BS_TABLE_IRQS] = sizeof(struct bs_irq),
    [BS_TABLE_VGICS] = sizeof(struct bs_vgic),
};

static void *entry(struct spec *s, enum bs_table_id t, size_t i)
{
	return s->buf + header(s)->tables[t].offset + i * entry_sizes[t];
}

static int by_slot(const void *a, const void *b)
{
	const struct bs_cap *x = a, *y = b;

	return x->slot < y->slot ? -1 : x->slot > y->slot;
}

/* Caps of one PD, sorted by slot, from index *next of the caps table. */
static void emit_caps(struct spec *s, u32 pd_index, const struct pd *pd, size_t *next)
{
	/* The accepted-hazard reasons go to the data area first: appending moves the buffer. */
	size_t *reasons = xmalloc((pd->smcs.n + 1) * sizeof(*reasons));
	for (size_t g = 0; g < pd->smcs.n; g++) {
		const char *why = pd->smcs.v[g].accept_hazard;

		reasons[g] = 0;
		if (why) {
			reasons[g] = append(s, 1, strlen(why) + 1);
			memcpy(s->buf + reasons[g], why, strlen(why) + 1);
		}
	}
	struct bs_cap *first = entry(s, BS_TABLE_CAPS, *next);
	struct bs_cap *c = first;

	for (size_t i = 0; i < pd->caps.n; i++, c++) {
		const struct cap *src = &pd->caps.v[i];

		c->pd = pd_index;
		c->slot = src->slot;
		c->type = src->type;
		c->object = src->object;
		c->rights = src->rights;
		c->badge = src->badge;
	}
	for (size_t g = 0; g < pd->smcs.n; g++) {
		size_t count;
		const struct smc_range *ranges = smc_target_ranges(&pd->smcs.v[g].target, &count);

		for (size_t r = 0; r < count; r++, c++) {
			c->pd = pd_index;
			c->slot = pd->smcs.v[g].slot + (u32)r;
			c->type = CAP_SMC;
			c->object = BS_NONE;
			c->smc_first = ranges[r].first;
			c->smc_last = ranges[r].last;
			c->hazard_reason = (u32)reasons[g];
		}
	}
	free(reasons);
	qsort(first, (size_t)(c - first), sizeof(*c), by_slot);
	*next += (size_t)(c - first);
}

/* A region for one segment, the stack or the IPC buffer, with its map; segment data goes to
 * the data area. */
static void emit_layout(struct spec *s, u32 pd_index, const struct system *sys, const struct pd *pd,
			size_t *next_region, size_t *next_map)
{
	struct mapping *maps = xmalloc(layout_count(pd) * sizeof(*maps));
	size_t n = layout_pd(sys, pd, maps);

	for (size_t i = 0; i < n; i++) {
		const struct mapping *m = &maps[i];
		u32 region = m->kind == MAPPING_REGION ? pd->maps.v[m->index].region_index
						       : (u32)(*next_region)++;
		struct bs_map *bm = entry(s, BS_TABLE_MAPS, (*next_map)++);

		bm->pd = pd_index;
		bm->region = region;
		bm->vaddr = m->vaddr;
		bm->perms = m->perms;
		if (m->kind == MAPPING_REGION)
			continue;

		struct bs_region *r = entry(s, BS_TABLE_REGIONS, region);
		char suffix[24];

		if (m->kind == MAPPING_SEGMENT)
			snprintf(suffix, sizeof(suffix), ".seg%zu", m->index);
		else
			snprintf(suffix, sizeof(suffix),
				 m->kind == MAPPING_STACK ? ".stack" : ".ipc");
		set_name(r->name, pd->name, suffix);
		r->size = m->size;
		if (m->kind == MAPPING_SEGMENT && pd->elf.segs[m->index].filesz) {
			const struct elf_segment *seg = &pd->elf.segs[m->index];
			size_t offset = append(s, 1, seg->filesz);

			/* append may move the buffer: find the region again. */
			r = entry(s, BS_TABLE_REGIONS, region);
			memcpy(s->buf + offset, seg->data, seg->filesz);
			r->data_offset = (u32)offset;
			r->data_size = (u32)seg->filesz;
		}
	}
	free(maps);
}

/* The next free entry of the tables filled per PD. */
struct cursor {
	size_t region, map, cap, irq;
};

/* A component PD (or a VMM): its entry, capabilities, IRQs and address space. */
static void emit_pd(struct spec *s, u32 index, const struct system *sys, const struct pd *pd,
		    struct cursor *next)
{
	struct bs_pd *bp = entry(s, BS_TABLE_PDS, index);

	set_name(bp->name, pd->name, NULL);
	bp->entry = pd->elf.entry;
	bp->stack_top = STACK_TOP;
	bp->ipc_buffer = IPC_BUFFER_VADDR;
	bp->priority = pd->priority;
	bp->cnode_bits = pd->cnode_bits;
	bp->fault_ep = pd->fault_index;
	bp->fault_badge = pd->fault_badge;
	bp->flags = pd->pmu ? BS_PD_PMU : 0;
	bp->aspace_of = 0;
	bp->arg0 = 0;
	bp->vmpidr = 0;
	bp->vgic = BS_NONE;

	emit_caps(s, index, pd, &next->cap);
	for (size_t i = 0; i < pd->irqs.n; i++) {
		const struct irq *src = &pd->irqs.v[i];
		struct bs_irq *q = entry(s, BS_TABLE_IRQS, next->irq++);

		q->irq = src->irq;
		q->notification = src->notification_index;
		q->badge = src->badge;
		q->pd = index;
		q->slot = src->slot;
		q->trigger = src->trigger;
	}
	emit_layout(s, index, sys, pd, &next->region, &next->map);
}

/* A virtual machine: its VMM, then one PD per vCPU; vCPU 0 maps the guest's RAM and the others
 * share its address space. The VM's regions and fault endpoint are in the model's tables. */
static void emit_vm(struct spec *s, const struct system *sys, const struct vm *vm, u32 index,
		    struct cursor *next)
{
	const struct vm_build *b = &vm->build;
	u32 vcpu0 = b->vmm_pd + 1;
	struct bs_vgic *g = entry(s, BS_TABLE_VGICS, index);

	/* Where the guest's DTB puts its GIC (the QEMU virt layout, vmm_config.h). */
	g->gicd_base = GUEST_GICD_BASE;
	g->gicr_base = GUEST_GICR_BASE;
	g->gicr_stride = GUEST_GICR_STRIDE;
	g->vcpus = vm->vcpus;

	emit_pd(s, b->vmm_pd, sys, &vm->vmm, next);
	for (u32 i = 0; i < vm->vcpus; i++) {
		struct bs_pd *bp = entry(s, BS_TABLE_PDS, vcpu0 + i);

		vcpu_name(vm, i, bp->name);
		bp->entry = b->entry;
		bp->stack_top = 0;
		bp->ipc_buffer = 0;
		bp->priority = vm->priority;
		bp->cnode_bits = 1; /* no capabilities */
		bp->fault_ep = b->faults;
		bp->fault_badge = i;
		/* Every vCPU starts suspended: the VMM starts vCPU 0 once it has written the DTB's
		 * seeds (docs/vmm.md, "Starting"), the others on PSCI CPU_ON. */
		bp->flags = BS_PD_VCPU | BS_PD_START_SUSPENDED | (vm->console ? BS_PD_CONSOLE : 0);
		bp->aspace_of = i ? vcpu0 + 1 : 0;
		bp->arg0 = GUEST_RAM_BASE + b->dtb_offset;
		bp->vmpidr = VCPU_MPIDR(i);
		bp->vgic = index;
		bp->vcpu_index = i;
	}

	for (u32 k = 0; k < b->segs; k++) {
		struct bs_map *m = entry(s, BS_TABLE_MAPS, next->map++);
		m->pd = vcpu0;
		m->region = b->ram_regions[k];
		m->vaddr = GUEST_RAM_BASE + b->seg_offset[k];
		m->perms = BS_PERM_R | BS_PERM_W | BS_PERM_X;
	}
}

bool emit_spec(const struct system *sys, bool smc_cap, u8 **spec, size_t *size, struct diag *d)
{
	struct spec s = {0};
	u32 counts[BS_TABLE_COUNT];
	struct cursor next = {sys->regions.n, 0, 0, 0};
	size_t *data_offsets = xmalloc(sys->regions.n * sizeof(*data_offsets));

	count_tables(sys, counts);
	append(&s, 1, sizeof(struct bs_header));
	for (int t = 0; t < BS_TABLE_COUNT; t++) {
		size_t offset = append(&s, counts[t], entry_sizes[t]);

		header(&s)->tables[t] = (struct bs_table){(u32)offset, counts[t]};
	}

	for (size_t i = 0; i < sys->regions.n; i++) {
		const struct region *src = &sys->regions.v[i];
		struct bs_region *r = entry(&s, BS_TABLE_REGIONS, i);

		set_name(r->name, src->name, NULL);
		r->size = src->size;
		r->phys = src->phys;
		r->flags = src->device ? BS_REGION_DEVICE : 0;
		if (!src->data_size)
			continue;
		/* A guest's RAM and its initial-contents region share their data. */
		data_offsets[i] = 0;
		for (size_t j = 0; j < i && !data_offsets[i]; j++) {
			if (sys->regions.v[j].data == src->data &&
			    sys->regions.v[j].data_size == src->data_size)
				data_offsets[i] = data_offsets[j];
		}
		if (!data_offsets[i]) {
			data_offsets[i] = append(&s, 1, src->data_size);
			memcpy(s.buf + data_offsets[i], src->data, src->data_size);
		}
		r = entry(&s, BS_TABLE_REGIONS, i);
		r->data_offset = (u32)data_offsets[i];
		r->data_size = (u32)src->data_size;
	}
	free(data_offsets);
	for (size_t i = 0; i < sys->objects.n; i++) {
		struct bs_object *o = entry(&s, BS_TABLE_OBJECTS, i);

		o->type = sys->objects.v[i].type;
		set_name(o->name, sys->objects.v[i].name, NULL);
	}
	for (size_t p = 0; p < sys->pds.n; p++)
		emit_pd(&s, (u32)p, sys, &sys->pds.v[p], &next);
	for (size_t i = 0; i < sys->vms.n; i++)
		emit_vm(&s, sys, &sys->vms.v[i], (u32)i, &next);

	append(&s, 0, 1);
	if (s.size > UINT32_MAX) {
		diag_error(d, sys->line,
			   "the boot spec would be %zu bytes; it must stay below 4 GiB", s.size);
		free(s.buf);
		return false;
	}
	header(&s)->magic = BOOTSPEC_MAGIC;
	header(&s)->version = BOOTSPEC_VERSION;
	header(&s)->total_size = (u32)s.size;
	header(&s)->flags = smc_cap ? BS_FLAG_SMC_CAP : 0;
	set_name(header(&s)->name, sys->name, NULL);
	*spec = s.buf;
	*size = s.size;
	return true;
}
