/* Creates the system's objects from the boot spec the image builder appended to the kernel.
 * The spec is checked entry by entry; a bad one stops the boot with a message naming what is
 * wrong (the kernel runs nothing it cannot trust to be well formed). */
#include <kernel/cap.h>
#include <kernel/console.h>
#include <kernel/el0_state.h>
#include <kernel/gic.h>
#include <kernel/ipc.h>
#include <kernel/kernel.h>
#include <kernel/mmu.h>
#include <kernel/thread.h>
#include <kernel/sysreg.h>
#include <kernel/vcpu.h>
#include <kernel/vtimer.h>
#include <kernel/vgic.h>
#include <warden/smccc_rules.h>
#include <warden/string.h>
#include <warden/syscall.h>

static const u8 *spec;
static const struct bs_header *hdr;
static struct tcb **pds;
static struct endpoint **endpoints; /* per object index; NULL unless an endpoint */
static struct notification **notifications;
static u64 *region_pa;
static struct kvgic **vgics;
static u32 vgic_count;

static const void *table(enum bs_table_id id, u64 entry_size, u32 *count);

static void create_vgics(void)
{
	const struct bs_vgic *g = table(BS_TABLE_VGICS, sizeof(*g), &vgic_count);

	vgics = mem_alloc(sizeof(void *) * (vgic_count + 1), 8);
	for (u32 i = 0; i < vgic_count; i++)
		vgics[i] = vgic_create(&g[i], i);
}

/* Every redistributor of every vGIC has its vCPU. */
static void check_vgics(void)
{
	for (u32 i = 0; i < vgic_count; i++)
		for (u32 c = 0; c < vgics[i]->core.nr_cpus; c++)
			if (!vgics[i]->cpus[c].owner)
				panic("boot spec: vGIC %u has no vCPU for redistributor %u", i, c);
}

static const void *table(enum bs_table_id id, u64 entry_size, u32 *count)
{
	const struct bs_table *tb = &hdr->tables[id];
	u64 end = (u64)tb->offset + (u64)tb->count * entry_size;

	if (tb->count && ((tb->offset & 7) || end > hdr->total_size))
		panic("boot spec: table %u lies outside the spec (offset %u, %u entries)", id,
		      tb->offset, tb->count);
	*count = tb->count;
	return spec + tb->offset;
}

static void name_copy(char *dst, const char *src)
{
	memcpy(dst, src, BS_NAME_LEN);
	dst[BS_NAME_LEN - 1] = '\0';
}

static void create_objects(void)
{
	u32 n;
	const struct bs_object *o = table(BS_TABLE_OBJECTS, sizeof(*o), &n);

	endpoints = mem_alloc(sizeof(void *) * (n + 1), 8);
	notifications = mem_alloc(sizeof(void *) * (n + 1), 8);
	for (u32 i = 0; i < n; i++) {
		if (o[i].type == CAP_ENDPOINT)
			endpoints[i] = mem_alloc(sizeof(struct endpoint), 8);
		else if (o[i].type == CAP_NOTIFICATION)
			notifications[i] = mem_alloc(sizeof(struct notification), 8);
		else
			panic(
			    "boot spec: object %u has type %u (endpoint or notification expected)",
			    i, o[i].type);
	}
}

static void create_regions(void)
{
	u32 n;
	const struct bs_region *r = table(BS_TABLE_REGIONS, sizeof(*r), &n);

	region_pa = mem_alloc(sizeof(u64) * (n + 1), 8);
	for (u32 i = 0; i < n; i++) {
		if (!r[i].size || r[i].size & (PAGE_SIZE - 1))
			panic("boot spec: region %u has size %lu (whole pages expected)", i,
			      r[i].size);
		if (r[i].flags & BS_REGION_DEVICE) {
			if (r[i].phys & (PAGE_SIZE - 1) || r[i].data_size)
				panic("boot spec: device region %u is misaligned or has contents",
				      i);
			if (r[i].phys < ram_base + ram_size && r[i].phys + r[i].size > ram_base)
				panic("boot spec: device region %u lies in RAM", i);
			region_pa[i] = r[i].phys;
			continue;
		}
		if (r[i].data_size > r[i].size ||
		    (u64)r[i].data_offset + r[i].data_size > hdr->total_size)
			panic("boot spec: region %u's contents lie outside the spec", i);
		u8 *mem = mem_alloc(r[i].size, PAGE_SIZE);
		memcpy(mem, spec + r[i].data_offset, r[i].data_size);
		region_pa[i] = (u64)mem;
	}
}

static void create_pds(void)
{
	u32 n, nobj;
	const struct bs_pd *p = table(BS_TABLE_PDS, sizeof(*p), &n);

	table(BS_TABLE_OBJECTS, sizeof(struct bs_object), &nobj);
	pds = mem_alloc(sizeof(void *) * (n + 1), 8);
	all_threads = pds;
	thread_count = n;
	for (u32 i = 0; i < n; i++) {
		if (p[i].cnode_bits < 1 || p[i].cnode_bits > 12 || p[i].priority > 255)
			panic("boot spec: PD %u has cnode_bits %u, priority %u", i, p[i].cnode_bits,
			      p[i].priority);
		struct tcb *t = mem_alloc(sizeof(*t), 16);
		t->cnode = mem_alloc(sizeof(struct cnode), 8);
		t->cnode->bits = p[i].cnode_bits;
		t->cnode->slots = mem_alloc(sizeof(struct cap) << p[i].cnode_bits, 64);
		if (p[i].aspace_of > i)
			panic("boot spec: PD %u shares the address space of PD %u, not an earlier "
			      "one",
			      i, p[i].aspace_of - 1);
		t->as = p[i].aspace_of ? pds[p[i].aspace_of - 1]->as : aspace_create();
		t->prio = p[i].priority;
		name_copy(t->name, p[i].name);
		if (p[i].flags & BS_PD_VCPU) {
			if (p[i].fault_ep == BS_NONE)
				panic("boot spec: vCPU '%s' has no fault endpoint (no VMM)",
				      t->name);
			t->vcpu = vcpu_create(p[i].vmpidr, i);
			vtimer_create(t);
			if (p[i].vgic >= vgic_count)
				panic("boot spec: vCPU '%s' names vGIC %u of %u", t->name,
				      p[i].vgic, vgic_count);
			vgic_attach(vgics[p[i].vgic], t, p[i].vcpu_index);
			vcpu_reset(t, p[i].entry, p[i].arg0);
			if (p[i].flags & BS_PD_CONSOLE)
				console_set_guest(t->as, endpoints[p[i].fault_ep]);
		} else {
			t->regs.pc = p[i].entry;
			t->regs.sp = p[i].stack_top;
			t->regs.x[0] = p[i].ipc_buffer;
			t->regs.spsr = SPSR_EL0T;
			t->ipc_buf_va = p[i].ipc_buffer;
		}
		if (p[i].flags & BS_PD_PMU) {
			if (p[i].flags & BS_PD_VCPU)
				panic(
				    "boot spec: vCPU '%s' granted the PMU (only components may be)",
				    t->name);
			t->regs.pmuserenr = PMUSERENR_GRANTED;
			kprintf("warden: '%s' may use the PMU (pmu=\"true\": a benchmark grant; "
				"it can stop and reset every counter)\n",
				t->name);
		}
		if (p[i].fault_ep != BS_NONE) {
			if (p[i].fault_ep >= nobj || !endpoints[p[i].fault_ep])
				panic("boot spec: PD '%s' has fault endpoint %u, not an endpoint",
				      t->name, p[i].fault_ep);
			t->fault_ep = endpoints[p[i].fault_ep];
			t->fault_badge = p[i].fault_badge;
		}
		pds[i] = t;
	}
}

static void create_maps(void)
{
	u32 n, nregions;
	const struct bs_map *m = table(BS_TABLE_MAPS, sizeof(*m), &n);
	const struct bs_region *r = table(BS_TABLE_REGIONS, sizeof(*r), &nregions);

	for (u32 i = 0; i < n; i++) {
		if (m[i].pd >= thread_count || m[i].region >= nregions)
			panic("boot spec: map %u names PD %u / region %u", i, m[i].pd, m[i].region);
		const struct bs_region *reg = &r[m[i].region];
		bool device = reg->flags & BS_REGION_DEVICE;
		for (u64 off = 0; off < reg->size; off += PAGE_SIZE)
			if (!aspace_map(pds[m[i].pd]->as, m[i].vaddr + off,
					region_pa[m[i].region] + off, m[i].perms, device))
				panic("boot spec: map %u of region '%s' into '%s' at 0x%lx is "
				      "misaligned, out of range or overlaps",
				      i, reg->name, pds[m[i].pd]->name, m[i].vaddr + off);
	}
	for (u32 i = 0; i < thread_count; i++) {
		struct tcb *t = pds[i];
		if (t->vcpu)
			continue; /* a guest has no IPC buffer */
		u64 pa = aspace_lookup(t->as, t->ipc_buf_va);
		if (!pa || (t->ipc_buf_va & (PAGE_SIZE - 1)))
			panic("boot spec: PD '%s' has no IPC buffer page mapped at 0x%lx", t->name,
			      t->ipc_buf_va);
		t->ipc_buf = (u64 *)pa;
	}
}

/* The hazard mark of a boot SMC capability: set where its grant accepted the hazards it
 * covers (the reason is printed); a capability covering a hazard without it gets the hazardous
 * IDs refused on every call (a boot spec the image builder never writes). */
static void place_smc_hazard_mark(struct cap *cap, const struct bs_cap *c, const char *pd)
{
	const char *why = NULL;

	if (c->hazard_reason) {
		if (c->hazard_reason >= hdr->total_size)
			panic("boot spec: SMC capability of '%s': hazard reason beyond the spec",
			      pd);
		why = (const char *)spec + c->hazard_reason;
		u32 n = 0;
		while (c->hazard_reason + n < hdr->total_size && why[n])
			n++;
		if (c->hazard_reason + n >= hdr->total_size)
			panic("boot spec: SMC capability of '%s': hazard reason not terminated",
			      pd);
	}
	cap->smc_flags = smc_cap_flags(c->smc_first, c->smc_last, why != NULL);
	if (!(cap->smc_flags & CAP_SMC_COVERS_HAZARD))
		return;
	if (why)
		kprintf("warden: '%s' slot %u: SMC [0x%08x, 0x%08x] holds hazardous IDs, accepted: "
			"%s\n",
			pd, c->slot, c->smc_first, c->smc_last, why);
	else
		kprintf("warden: '%s' slot %u: SMC [0x%08x, 0x%08x] holds hazardous IDs its grant "
			"did not accept: the kernel refuses them\n",
			pd, c->slot, c->smc_first, c->smc_last);
}

static void place_caps(void)
{
	u32 n, nobj;
	const struct bs_cap *c = table(BS_TABLE_CAPS, sizeof(*c), &n);

	table(BS_TABLE_OBJECTS, sizeof(struct bs_object), &nobj);
	for (u32 i = 0; i < n; i++) {
		if (c[i].pd >= thread_count)
			panic("boot spec: capability %u is for PD %u of %u", i, c[i].pd,
			      thread_count);
		struct cnode *cn = pds[c[i].pd]->cnode;
		if (c[i].slot == 0 || c[i].slot >= (1u << cn->bits) ||
		    !cap_is_null(&cn->slots[c[i].slot]))
			panic("boot spec: capability %u: slot %u of '%s' is invalid or taken", i,
			      c[i].slot, pds[c[i].pd]->name);
		struct cap *cap = &cn->slots[c[i].slot];
		void *obj = NULL;
		switch (c[i].type) {
		case CAP_ENDPOINT:
			obj = c[i].object < nobj ? endpoints[c[i].object] : NULL;
			break;
		case CAP_NOTIFICATION:
			obj = c[i].object < nobj ? notifications[c[i].object] : NULL;
			break;
		case CAP_CNODE:
			obj = c[i].object < thread_count ? pds[c[i].object]->cnode : NULL;
			break;
		case CAP_TCB:
			obj = c[i].object < thread_count ? pds[c[i].object] : NULL;
			break;
		case CAP_VCPU:
			obj = c[i].object < thread_count && pds[c[i].object]->vcpu
				  ? pds[c[i].object]
				  : NULL;
			break;
		case CAP_SMC:
			if (!SMC_CAP)
				panic("boot spec grants an SMC capability but this kernel is built "
				      "with SMC_CAP=0");
			if (smccc_range_check(c[i].smc_first, c[i].smc_last) != SMCCC_RANGE_OK)
				panic("boot spec: SMC capability %u [0x%x, 0x%x]: %s", i,
				      c[i].smc_first, c[i].smc_last,
				      smccc_range_error_text(
					  smccc_range_check(c[i].smc_first, c[i].smc_last)));
			obj = cap; /* the SMC capability names no separate object */
			cap->smc.first = c[i].smc_first;
			cap->smc.last = c[i].smc_last;
			place_smc_hazard_mark(cap, &c[i], pds[c[i].pd]->name);
			break;
		case CAP_TRACE:
			obj = cap;
			break;
		default:
			break;
		}
		if (!obj)
			panic("boot spec: capability %u has type %u and object %u, which do not "
			      "exist",
			      i, c[i].type, c[i].object);
		cap->type = (u8)c[i].type;
		cap->rights = (u8)(c[i].rights & CAP_RIGHTS_ALL);
		cap->obj = obj;
		if (c[i].type != CAP_SMC)
			cap->badge = c[i].badge;
	}
}

static void bind_irqs(void)
{
	u32 n, nobj;
	const struct bs_irq *q = table(BS_TABLE_IRQS, sizeof(*q), &n);

	table(BS_TABLE_OBJECTS, sizeof(struct bs_object), &nobj);
	for (u32 i = 0; i < n; i++) {
		if (q[i].irq < 32 || q[i].irq > gic_max_intid() || q[i].notification >= nobj ||
		    !notifications[q[i].notification] || q[i].pd >= thread_count)
			panic("boot spec: IRQ %u (INTID %u) is not an SPI bound to a notification",
			      i, q[i].irq);
		struct cnode *cn = pds[q[i].pd]->cnode;
		if (q[i].slot == 0 || q[i].slot >= (1u << cn->bits) ||
		    !cap_is_null(&cn->slots[q[i].slot]))
			panic("boot spec: IRQ %u: slot %u is invalid or taken", i, q[i].slot);
		struct cap *cap = &cn->slots[q[i].slot];
		cap->type = CAP_IRQ_HANDLER;
		cap->obj = cap;
		cap->badge = q[i].irq;
		irq_bind(q[i].irq, notifications[q[i].notification], q[i].badge, q[i].trigger);
	}
	sched_set_wakeup_sources(n);
}

void boot_create_system(const void *bootspec, u64 limit)
{
	spec = bootspec;
	hdr = bootspec;
	if (limit < sizeof(*hdr) || hdr->magic != BOOTSPEC_MAGIC) {
		kprintf("warden: the image carries no boot spec: nothing to run\n");
		return;
	}
	if (hdr->version != BOOTSPEC_VERSION)
		panic("boot spec version %u; this kernel reads version %u", hdr->version,
		      BOOTSPEC_VERSION);
	if (hdr->total_size > limit)
		panic("boot spec is %u bytes but only %lu were loaded", hdr->total_size, limit);
	if ((hdr->flags & BS_FLAG_SMC_CAP) != (SMC_CAP ? BS_FLAG_SMC_CAP : 0))
		panic("boot spec was built for SMC_CAP=%d, this kernel has SMC_CAP=%d",
		      !!(hdr->flags & BS_FLAG_SMC_CAP), SMC_CAP);
	char name[BS_NAME_LEN];
	name_copy(name, hdr->name);
	create_objects();
	create_regions();
	create_vgics();
	create_pds();
	check_vgics();
	create_maps();
	place_caps();
	bind_irqs();
	/* Everything above was written with the caches on: guest images, DTBs and initrds that a
	 * vCPU will read with its MMU off (non-cacheable), component code that EL0 will fetch.
	 * Clean and invalidate it all to the PoC (which covers the PoU), then drop every
	 * instruction-cache line (docs/memory.md). */
	mem_clean_inval_used();
	icache_inval_all();
	u32 n;
	const struct bs_pd *p = table(BS_TABLE_PDS, sizeof(*p), &n);
	for (u32 i = 0; i < n; i++)
		thread_start(pds[i], (p[i].flags & BS_PD_START_SUSPENDED) != 0);
	kprintf("warden: system '%s': %u components, %lu KiB free\n", name, thread_count,
		mem_free_bytes() / 1024);
	/* The SMC trace names callers by index: say which is which, for the decoder. */
	for (u32 i = 0; SMC_TRACE && i < thread_count; i++)
		kprintf("warden: pd#%u %s\n", i, pds[i]->name);
}
