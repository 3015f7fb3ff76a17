/* Boot spec listing: decodes the bytes (checking every offset, count and index) rather than
 * printing the builder's own model, so it shows what the kernel will read. */
#include <inttypes.h>
#include <string.h>

#include <warden/bootspec.h>

#include "print.h"

static const size_t entry_sizes[BS_TABLE_COUNT] = {
    [BS_TABLE_PDS] = sizeof(struct bs_pd),     [BS_TABLE_REGIONS] = sizeof(struct bs_region),
    [BS_TABLE_MAPS] = sizeof(struct bs_map),   [BS_TABLE_OBJECTS] = sizeof(struct bs_object),
    [BS_TABLE_CAPS] = sizeof(struct bs_cap),   [BS_TABLE_IRQS] = sizeof(struct bs_irq),
    [BS_TABLE_VGICS] = sizeof(struct bs_vgic),
};

struct view {
	const u8 *spec;
	const struct bs_header *hdr;
};

/* Names in the spec are NUL-padded and at most BS_NAME_LEN bytes. */
#define NAME "%.32s"

static const void *entry(const struct view *v, enum bs_table_id t, u32 i)
{
	return v->spec + v->hdr->tables[t].offset + (size_t)i * entry_sizes[t];
}

static u32 count(const struct view *v, enum bs_table_id t)
{
	return v->hdr->tables[t].count;
}

/* The name of entry i of a table of named entries, "-" for BS_NONE, "?" out of range. */
static const char *name_of(const struct view *v, enum bs_table_id t, u32 i)
{
	if (i == BS_NONE)
		return "-";
	if (i >= count(v, t))
		return "?";
	switch (t) {
	case BS_TABLE_PDS:
		return ((const struct bs_pd *)entry(v, t, i))->name;
	case BS_TABLE_REGIONS:
		return ((const struct bs_region *)entry(v, t, i))->name;
	case BS_TABLE_OBJECTS:
		return ((const struct bs_object *)entry(v, t, i))->name;
	default:
		return "?";
	}
}

static void letters(char *out, u32 bits, const char *set)
{
	size_t n = 0;

	for (size_t i = 0; set[i]; i++)
		out[n++] = bits & (1u << i) ? set[i] : '-';
	out[n] = '\0';
}

static const char *cap_type_name(u32 type)
{
	static const char *const names[CAP_TYPE_COUNT] = {
	    "null",  "endpoint", "notification", "reply", "cnode", "tcb",
	    "frame", "aspace",	 "irq_handler",	 "vcpu",  "smc",   "trace",
	};
	return type < CAP_TYPE_COUNT ? names[type] : "?";
}

static bool valid(FILE *f, const u8 *spec, size_t size)
{
	const struct bs_header *h = (const struct bs_header *)spec;

	if (size < sizeof(*h) || h->magic != BOOTSPEC_MAGIC) {
		fprintf(f, "not a boot spec (bad magic)\n");
		return false;
	}
	if (h->total_size > size || h->name[BS_NAME_LEN - 1]) {
		fprintf(f, "malformed boot spec header\n");
		return false;
	}
	for (int t = 0; t < BS_TABLE_COUNT; t++) {
		u64 end = h->tables[t].offset + (u64)h->tables[t].count * entry_sizes[t];

		if (h->tables[t].offset % 8 || end > h->total_size) {
			fprintf(f, "boot spec table %d lies outside the spec\n", t);
			return false;
		}
	}
	return true;
}

static void print_pds(FILE *f, const struct view *v)
{
	fprintf(f, "protection domains (%" PRIu32 "):\n", count(v, BS_TABLE_PDS));
	for (u32 i = 0; i < count(v, BS_TABLE_PDS); i++) {
		const struct bs_pd *p = entry(v, BS_TABLE_PDS, i);

		if (p->flags & BS_PD_VCPU)
			fprintf(f,
				"  %" PRIu32 " %.*s: vCPU, entry 0x%" PRIx64 ", x0 0x%" PRIx64
				", MPIDR 0x%" PRIx64 ", priority %" PRIu32 ", cnode_bits %" PRIu32,
				i, BS_NAME_LEN, p->name, p->entry, p->arg0, p->vmpidr, p->priority,
				p->cnode_bits);
		if (p->flags & BS_PD_VCPU)
			fprintf(f, ", vGIC %" PRIu32 " redistributor %" PRIu32, p->vgic,
				p->vcpu_index);
		else
			fprintf(f,
				"  %" PRIu32 " %.*s: entry 0x%" PRIx64 ", stack top 0x%" PRIx64
				", IPC buffer 0x%" PRIx64 ", priority %" PRIu32
				", cnode_bits %" PRIu32,
				i, BS_NAME_LEN, p->name, p->entry, p->stack_top, p->ipc_buffer,
				p->priority, p->cnode_bits);
		if (p->flags & BS_PD_START_SUSPENDED)
			fprintf(f, ", starts suspended");
		if (p->flags & BS_PD_PMU)
			fprintf(f, ", PMU granted");
		if (p->flags & BS_PD_CONSOLE)
			fprintf(f, ", owns the console");
		if (p->flags & ~(BS_PD_VCPU | BS_PD_START_SUSPENDED | BS_PD_PMU | BS_PD_CONSOLE))
			fprintf(f, ", unknown flags 0x%" PRIx32, p->flags);
		if (p->aspace_of)
			fprintf(f, ", shares the address space of '" NAME "'",
				p->aspace_of <= i ? name_of(v, BS_TABLE_PDS, p->aspace_of - 1)
						  : "?");
		if (p->fault_ep != BS_NONE)
			fprintf(f, ", faults to '" NAME "' badge 0x%" PRIx64,
				name_of(v, BS_TABLE_OBJECTS, p->fault_ep), p->fault_badge);
		fputc('\n', f);
	}
}

static void print_regions(FILE *f, const struct view *v)
{
	fprintf(f, "regions (%" PRIu32 "):\n", count(v, BS_TABLE_REGIONS));
	for (u32 i = 0; i < count(v, BS_TABLE_REGIONS); i++) {
		const struct bs_region *r = entry(v, BS_TABLE_REGIONS, i);

		fprintf(f, "  %" PRIu32 " %.*s: 0x%" PRIx64 " bytes", i, BS_NAME_LEN, r->name,
			r->size);
		if (r->flags & BS_REGION_DEVICE)
			fprintf(f, ", device at 0x%" PRIx64, r->phys);
		if (r->data_size)
			fprintf(f, ", 0x%" PRIx32 " bytes of data at +0x%" PRIx32, r->data_size,
				r->data_offset);
		fputc('\n', f);
	}
}

static void print_maps(FILE *f, const struct view *v)
{
	fprintf(f, "maps (%" PRIu32 "):\n", count(v, BS_TABLE_MAPS));
	for (u32 i = 0; i < count(v, BS_TABLE_MAPS); i++) {
		const struct bs_map *m = entry(v, BS_TABLE_MAPS, i);
		char perms[4];

		letters(perms, m->perms, "rwx");
		fprintf(f, "  " NAME ": 0x%" PRIx64 " %s " NAME "\n",
			name_of(v, BS_TABLE_PDS, m->pd), m->vaddr, perms,
			name_of(v, BS_TABLE_REGIONS, m->region));
	}
}

static void print_objects(FILE *f, const struct view *v)
{
	fprintf(f, "objects (%" PRIu32 "):\n", count(v, BS_TABLE_OBJECTS));
	for (u32 i = 0; i < count(v, BS_TABLE_OBJECTS); i++) {
		const struct bs_object *o = entry(v, BS_TABLE_OBJECTS, i);

		fprintf(f, "  %" PRIu32 " %s %.*s\n", i, cap_type_name(o->type), BS_NAME_LEN,
			o->name);
	}
}

static void print_caps(FILE *f, const struct view *v)
{
	fprintf(f, "caps (%" PRIu32 "):\n", count(v, BS_TABLE_CAPS));
	for (u32 i = 0; i < count(v, BS_TABLE_CAPS); i++) {
		const struct bs_cap *c = entry(v, BS_TABLE_CAPS, i);
		char rights[4];

		fprintf(f, "  " NAME " slot %" PRIu32 ": %s", name_of(v, BS_TABLE_PDS, c->pd),
			c->slot, cap_type_name(c->type));
		switch (c->type) {
		case CAP_ENDPOINT:
		case CAP_NOTIFICATION:
			letters(rights, c->rights, "rwg");
			fprintf(f, " '" NAME "' rights %s badge 0x%" PRIx64,
				name_of(v, BS_TABLE_OBJECTS, c->object), rights, c->badge);
			break;
		case CAP_CNODE:
		case CAP_TCB:
		case CAP_VCPU:
			fprintf(f, " of '" NAME "'", name_of(v, BS_TABLE_PDS, c->object));
			break;
		case CAP_SMC:
			fprintf(f, " [0x%08" PRIx32 ", 0x%08" PRIx32 "]", c->smc_first,
				c->smc_last);
			break;
		default:
			break;
		}
		fputc('\n', f);
	}
}

static void print_irqs(FILE *f, const struct view *v)
{
	fprintf(f, "irqs (%" PRIu32 "):\n", count(v, BS_TABLE_IRQS));
	for (u32 i = 0; i < count(v, BS_TABLE_IRQS); i++) {
		const struct bs_irq *q = entry(v, BS_TABLE_IRQS, i);

		fprintf(f,
			"  %" PRIu32 " (%s): signals '" NAME "' badge 0x%" PRIx64
			"; handler cap: " NAME " slot "
			"%" PRIu32 "\n",
			q->irq, q->trigger ? "edge" : "level",
			name_of(v, BS_TABLE_OBJECTS, q->notification), q->badge,
			name_of(v, BS_TABLE_PDS, q->pd), q->slot);
	}
}

static void print_vgics(FILE *f, const struct view *v)
{
	fprintf(f, "vgics (%" PRIu32 "):\n", count(v, BS_TABLE_VGICS));
	for (u32 i = 0; i < count(v, BS_TABLE_VGICS); i++) {
		const struct bs_vgic *g = entry(v, BS_TABLE_VGICS, i);

		fprintf(f,
			"  %" PRIu32 ": GICD 0x%" PRIx64 ", GICR 0x%" PRIx64 " stride 0x%" PRIx64
			", %" PRIu32 " vCPUs\n",
			i, g->gicd_base, g->gicr_base, g->gicr_stride, g->vcpus);
	}
}

bool spec_print(FILE *f, const u8 *spec, size_t size)
{
	struct view v = {spec, (const struct bs_header *)spec};

	if (!valid(f, spec, size))
		return false;
	fprintf(f,
		"boot spec '" NAME "': version %" PRIu32 ", %" PRIu32 " bytes, flags 0x%" PRIx32
		"%s\n",
		v.hdr->name, v.hdr->version, v.hdr->total_size, v.hdr->flags,
		v.hdr->flags & BS_FLAG_SMC_CAP ? " (smc_cap)" : "");
	print_pds(f, &v);
	print_regions(f, &v);
	print_maps(f, &v);
	print_objects(f, &v);
	print_caps(f, &v);
	print_irqs(f, &v);
	print_vgics(f, &v);
	return true;
}
