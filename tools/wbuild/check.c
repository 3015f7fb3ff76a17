/* Cross-element checks of a system description (see check.h). */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include <warden/syscall.h>
#include <warden/vmm_config.h>

#include "broker.h"
#include "check.h"

/* A name and where it was defined, for the duplicate check. */
struct named {
	const char *name;
	int line;
};

static int by_line(const void *a, const void *b)
{
	const struct named *x = a, *y = b;

	return x->line - y->line;
}

static void check_names(const struct system *sys, struct diag *d)
{
	size_t n = sys->regions.n + sys->objects.n + sys->pds.n + sys->vms.n, k = 0;
	struct named *all;
	char(*derived)[BS_NAME_LEN];
	size_t n_derived = 0;

	/* A VM's protection domains are named "V-vmm" and "V-vcpu<i>" in the spec. */
	for (size_t i = 0; i < sys->vms.n; i++)
		n += 1 + sys->vms.v[i].vcpus;
	all = xmalloc(n * sizeof(*all));
	derived = xmalloc((n ? n : 1) * sizeof(*derived));
	for (size_t i = 0; i < sys->vms.n; i++) {
		const struct vm *vm = &sys->vms.v[i];

		snprintf(derived[n_derived], BS_NAME_LEN, "%.26s-vmm", vm->name);
		all[k++] = (struct named){derived[n_derived++], vm->line};
		for (u32 c = 0; c < vm->vcpus; c++) {
			vcpu_name(vm, c, derived[n_derived]);
			all[k++] = (struct named){derived[n_derived++], vm->line};
		}
	}

	for (size_t i = 0; i < sys->regions.n; i++)
		all[k++] = (struct named){sys->regions.v[i].name, sys->regions.v[i].line};
	for (size_t i = 0; i < sys->objects.n; i++)
		all[k++] = (struct named){sys->objects.v[i].name, sys->objects.v[i].line};
	for (size_t i = 0; i < sys->pds.n; i++)
		all[k++] = (struct named){sys->pds.v[i].name, sys->pds.v[i].line};
	for (size_t i = 0; i < sys->vms.n; i++)
		all[k++] = (struct named){sys->vms.v[i].name, sys->vms.v[i].line};
	qsort(all, n, sizeof(*all), by_line);
	for (size_t i = 0; i < n; i++) {
		for (size_t j = 0; j < i; j++) {
			if (strcmp(all[i].name, all[j].name) == 0) {
				diag_error(d, all[i].line, "duplicate name '%s' (first at line %d)",
					   all[i].name, all[j].line);
				break;
			}
		}
	}
	free(all);
	free(derived);
}

static const char *article(const char *noun)
{
	return strchr("aeiou", noun[0]) ? "an" : "a";
}

/* The index of name in the table of kind want; BS_NONE after an error. */
static u32 resolve(const struct system *sys, struct diag *d, int line, const char *name,
		   enum name_kind want)
{
	enum name_kind kind;
	u32 index = system_lookup(sys, name, &kind);

	if (kind == want)
		return index;
	if (kind == NAME_NONE)
		diag_error(d, line, "no %s named '%s'", name_kind_str(want), name);
	else
		diag_error(d, line, "'%s' is %s %s, not %s %s", name, article(name_kind_str(kind)),
			   name_kind_str(kind), article(name_kind_str(want)), name_kind_str(want));
	return BS_NONE;
}

void print_ranges(FILE *f, const struct smc_range *ranges, size_t count)
{
	for (size_t i = 0; i < count; i++)
		fprintf(f, "%s[0x%08" PRIx32 ", 0x%08" PRIx32 "]", i ? " " : "", ranges[i].first,
			ranges[i].last);
}

/* The hazardous IDs inside ranges as `0x84000001 0x84000002 0x32000000..0x3f00ffff` into a
 * new string, or NULL if there are none. */
static char *hazards_text(const struct smc_range *ranges, size_t count)
{
	char *text = NULL;
	size_t size = 0;
	FILE *f = open_memstream(&text, &size);
	size_t found = 0;

	for (size_t r = 0; r < count; r++) {
		size_t n = smc_hazards_in_range(ranges[r].first, ranges[r].last, NULL, 0);
		struct smc_range *h = xmalloc(n * sizeof(*h));

		smc_hazards_in_range(ranges[r].first, ranges[r].last, h, n);
		for (size_t i = 0; i < n; i++, found++) {
			fprintf(f, "%s0x%08" PRIx32, found ? " " : "", h[i].first);
			if (h[i].last != h[i].first)
				fprintf(f, "..0x%08" PRIx32, h[i].last);
		}
		free(h);
	}
	fclose(f);
	if (!found) {
		free(text);
		return NULL;
	}
	return text;
}

/* `'psci' [..] [..]` or `[..]`: how a target reads in a message. */
static char *target_text(const struct smc_target *t)
{
	char *text = NULL;
	size_t size = 0, count;
	FILE *f = open_memstream(&text, &size);
	const struct smc_range *ranges = smc_target_ranges(t, &count);

	if (t->service)
		fprintf(f, "'%s' ", t->service->name);
	print_ranges(f, ranges, count);
	fclose(f);
	return text;
}

static void check_grant(const struct smc_grant *g, bool smc_cap, struct diag *d)
{
	size_t count;
	const struct smc_range *ranges = smc_target_ranges(&g->target, &count);
	char *hazards, *target;

	if (!smc_cap) {
		diag_error(d, g->line,
			   "this kernel is built without the SMC capability (SMC_CAP=0); <smc> "
			   "grants are not allowed");
		return;
	}
	hazards = hazards_text(ranges, count);
	target = target_text(&g->target);
	if (hazards && !g->accept_hazard)
		diag_error(d, g->line,
			   "smc grant %s covers hazardous function IDs %s; add "
			   "accept_hazard=\"reason\" if this component must have them",
			   target, hazards);
	if (!hazards && g->accept_hazard)
		diag_error(d, g->line,
			   "smc grant %s covers no hazardous function ID; remove accept_hazard",
			   target);
	free(hazards);
	free(target);
}

/* A CNode slot in use, for the duplicate check. */
struct slot_use {
	u32 slot;
	int line;
};

/* note: how the slot came about, for grants that take several. */
static void use_slot(const struct pd *pd, struct slot_use *used, size_t *n, u32 slot, int line,
		     const char *note, struct diag *d)
{
	if (slot == 0) {
		diag_error(d, line, "slot 0 is always empty; use slots 1 to %u%s",
			   (1u << pd->cnode_bits) - 1, note);
		return;
	}
#ifdef PLANT_BUG_SLOT_BOUND
	u32 slots_end = (1u << pd->cnode_bits) + 1; /* planted bug (tests/fuzz): off by one */
#else
	u32 slots_end = 1u << pd->cnode_bits;
#endif
	if (slot >= slots_end) {
		diag_error(d, line,
			   "slot %" PRIu32 " is outside the CNode of '%s' (cnode_bits=\"%" PRIu32
			   "\" gives slots 1 to %u)%s",
			   slot, pd->name, pd->cnode_bits, (1u << pd->cnode_bits) - 1, note);
		return;
	}
	for (size_t i = 0; i < *n; i++) {
		if (used[i].slot == slot) {
			diag_error(d, line, "slot %" PRIu32 " is already used at line %d%s", slot,
				   used[i].line, note);
			return;
		}
	}
	used[(*n)++] = (struct slot_use){slot, line};
}

static void check_slots(const struct pd *pd, struct diag *d)
{
	size_t max = pd->caps.n + pd->irqs.n, n = 0;
	struct slot_use *used;

	for (size_t i = 0; i < pd->smcs.n; i++) {
		size_t count;

		smc_target_ranges(&pd->smcs.v[i].target, &count);
		max += count;
	}
	used = xmalloc(max * sizeof(*used));
	for (size_t i = 0; i < pd->caps.n; i++)
		use_slot(pd, used, &n, pd->caps.v[i].slot, pd->caps.v[i].line, "", d);
	for (size_t i = 0; i < pd->smcs.n; i++) {
		const struct smc_grant *g = &pd->smcs.v[i];
		size_t count;
		char note[96] = "";

		smc_target_ranges(&g->target, &count);
		if (count > 1)
			snprintf(
			    note, sizeof(note),
			    "; service '%s' takes %zu slots, one per range, from slot %" PRIu32,
			    g->target.service->name, count, g->slot);
		for (size_t r = 0; r < count; r++)
			use_slot(pd, used, &n, g->slot + (u32)r, g->line, note, d);
	}
	for (size_t i = 0; i < pd->irqs.n; i++)
		use_slot(pd, used, &n, pd->irqs.v[i].slot, pd->irqs.v[i].line, "", d);
	free(used);
}

static void check_pd(struct system *sys, struct pd *pd, bool smc_cap, struct diag *d)
{
	if (pd->fault_endpoint)
		pd->fault_index = resolve(sys, d, pd->line, pd->fault_endpoint, NAME_ENDPOINT);
	for (size_t i = 0; i < pd->maps.n; i++) {
		struct map *m = &pd->maps.v[i];

		m->region_index = resolve(sys, d, m->line, m->region, NAME_REGION);
		if (m->region_index != BS_NONE && sys->regions.v[m->region_index].device &&
		    (m->perms & BS_PERM_X))
			diag_error(d, m->line, "device region '%s' cannot be mapped executable",
				   m->region);
	}
	for (size_t i = 0; i < pd->caps.n; i++) {
		struct cap *c = &pd->caps.v[i];

		if (c->type == CAP_ENDPOINT)
			c->object = resolve(sys, d, c->line, c->target, NAME_ENDPOINT);
		else if (c->type == CAP_NOTIFICATION)
			c->object = resolve(sys, d, c->line, c->target, NAME_NOTIFICATION);
		else if (c->type == CAP_CNODE || c->type == CAP_TCB)
			c->object = resolve(sys, d, c->line, c->target, NAME_PD);
	}
	for (size_t i = 0; i < pd->irqs.n; i++) {
		struct irq *q = &pd->irqs.v[i];

		q->notification_index =
		    resolve(sys, d, q->line, q->notification, NAME_NOTIFICATION);
	}
	for (size_t i = 0; i < pd->smcs.n; i++)
		check_grant(&pd->smcs.v[i], smc_cap, d);
	check_slots(pd, d);
}

static void check_irq_numbers(const struct system *sys, struct diag *d)
{
	for (size_t p = 0; p < sys->pds.n; p++) {
		for (size_t i = 0; i < sys->pds.v[p].irqs.n; i++) {
			const struct irq *q = &sys->pds.v[p].irqs.v[i];

			for (size_t p2 = 0; p2 <= p; p2++) {
				const struct pd *other = &sys->pds.v[p2];
				size_t end = p2 == p ? i : other->irqs.n;

				for (size_t j = 0; j < end; j++) {
					if (other->irqs.v[j].irq == q->irq) {
						diag_error(d, q->line,
							   "IRQ %" PRIu32
							   " is already delivered at line %d",
							   q->irq, other->irqs.v[j].line);
						goto next;
					}
				}
			}
		next:;
		}
	}
}

_Static_assert(VM_NAME_MAX + sizeof("-vcpu15") <= BS_NAME_LEN, "VM names leave room");
_Static_assert(VMM_MAX_VCPUS <= 100, "vCPU names use at most two digits");
_Static_assert(VMM_SLOT_SMC_BASE + VMM_MAX_POLICY <= 1u << VMM_CNODE_BITS,
	       "every forward range has a slot in the VMM's CNode");
_Static_assert(VMM_SLOT_TCB_BASE >= VMM_SLOT_VCPU_BASE + VMM_MAX_VCPUS &&
		   VMM_SLOT_SMC_BASE >= VMM_SLOT_TCB_BASE + VMM_MAX_VCPUS,
	       "the VMM's slot ranges are disjoint");

/* What the VMM's contract (vmm_config.h) requires of a virtual machine. */
static void check_vm(struct system *sys, struct vm *vm, struct diag *d)
{
	size_t ranges = 0;

	/* The description's own caps for the VMM (parse_vm checked their kind and slots). */
	for (size_t i = 0; i < vm->vmm.caps.n; i++) {
		struct cap *c = &vm->vmm.caps.v[i];

		c->object = resolve(sys, d, c->line, c->target,
				    c->type == CAP_ENDPOINT ? NAME_ENDPOINT : NAME_NOTIFICATION);
	}

	if (strlen(vm->name) > VM_NAME_MAX)
		diag_error(d, vm->line,
			   "virtual machine name '%s' is too long: at most %d characters, so that "
			   "'%.*s-vcpu15' and the other names derived from it fit the boot spec",
			   vm->name, VM_NAME_MAX, VM_NAME_MAX, vm->name);
	if (vm->ram_size > VMM_GUEST_INIT_VADDR - VMM_GUEST_RAM_VADDR)
		diag_error(d, vm->line,
			   "ram_size=\"0x%" PRIx64 "\" is above 0x%lx, the most a VMM maps (guest "
			   "RAM at 0x%lx, its initial contents at 0x%lx in the VMM)",
			   vm->ram_size, VMM_GUEST_INIT_VADDR - VMM_GUEST_RAM_VADDR,
			   VMM_GUEST_RAM_VADDR, VMM_GUEST_INIT_VADDR);
	if (vm->has_vmm && vm->vmm.priority <= vm->priority)
		diag_error(d, vm->vmm.line,
			   "the VMM of '%s' has priority %" PRIu32 ", not above its vCPUs' %" PRIu32
			   "; it must run first to handle their traps",
			   vm->name, vm->vmm.priority, vm->priority);
	for (size_t i = 0; i < vm->policy.n; i++) {
		size_t count;

		smc_target_ranges(&vm->policy.v[i].target, &count);
		ranges += count;
	}
	if (ranges > VMM_MAX_POLICY)
		diag_error(
		    d, vm->line,
		    "the policy of '%s' has %zu ranges (services count one per range); a VMM "
		    "takes at most %d",
		    vm->name, ranges, VMM_MAX_POLICY);
}

static void check_policy(const struct vm *vm, bool smc_cap, struct diag *d)
{
	size_t bound = 0;

	for (size_t i = 0; i < vm->policy.n; i++) {
		const struct policy_call *call = &vm->policy.v[i];
		size_t count;
		const struct smc_range *ranges = smc_target_ranges(&call->target, &count);

		if (call->in_kernel && (bound += count) > VCPU_SMC_BINDINGS)
			diag_error(
			    d, call->line,
			    "at most %u ranges may be forwarded in the kernel (in_kernel), one "
			    "SMC capability bound to each vCPU per range",
			    VCPU_SMC_BINDINGS);

		if (call->action == ACTION_FORWARD) {
			char *hazards = hazards_text(ranges, count);
			char *target = target_text(&call->target);

			if (!smc_cap)
				diag_error(d, call->line,
					   "this kernel is built without the SMC capability "
					   "(SMC_CAP=0); a policy cannot forward");
			else if (hazards)
				diag_error(
				    d, call->line,
				    "policy forwards %s, which covers hazardous function IDs "
				    "%s; a VMM never forwards these (use emulate or deny)",
				    target, hazards);
			free(hazards);
			free(target);
		}
		for (size_t j = 0; j < i; j++) {
			const struct policy_call *earlier = &vm->policy.v[j];
			size_t earlier_count;
			const struct smc_range *earlier_ranges =
			    smc_target_ranges(&earlier->target, &earlier_count);

			for (size_t a = 0; a < count; a++) {
				for (size_t b = 0; b < earlier_count; b++) {
					if (!smc_ranges_overlap(ranges[a], earlier_ranges[b]))
						continue;
					diag_error(d, call->line,
						   "policy range [0x%08" PRIx32 ", 0x%08" PRIx32
						   "] overlaps [0x%08" PRIx32 ", 0x%08" PRIx32
						   "] at line %d",
						   ranges[a].first, ranges[a].last,
						   earlier_ranges[b].first, earlier_ranges[b].last,
						   earlier->line);
				}
			}
		}
	}
}

/* Every address space takes a VMID (kernel/arch/aarch64/stage2.c; 0 is never used, a static
 * system never frees one): a component PD or a VMM one each, a virtual machine one for all its
 * vCPUs. The builder cannot know the CPU: above 255 the system boots only where
 * ID_AA64MMFR1_EL1.VMIDBits shows 16-bit VMIDs (ARMv8.1 and later; Cortex-A57 has 8), and the
 * kernel stops at boot elsewhere, so that is a warning; above 65535 no CPU can run it. */
#define VMIDS_8BIT 255
#define VMIDS_16BIT 65535

static bool check_address_spaces(const struct system *sys, struct diag *d)
{
	size_t n = sys->pds.n + 2 * sys->vms.n;

	if (n > VMIDS_16BIT) {
		diag_error(
		    d, 0,
		    "the system needs %zu address spaces (%zu protection domains, %zu virtual "
		    "machines with their VMMs); VMIDs are at most 16 bits: %u at most",
		    n, sys->pds.n, sys->vms.n, VMIDS_16BIT);
		return false;
	}
	if (n > VMIDS_8BIT)
		diag_warning(
		    d,
		    "the system needs %zu address spaces (%zu protection domains, %zu "
		    "virtual machines with their VMMs), more than the %u 8-bit VMIDs allow: "
		    "it boots only on CPUs with 16-bit VMIDs (ID_AA64MMFR1_EL1.VMIDBits = 2, "
		    "ARMv8.1 and later; not Cortex-A57), elsewhere the kernel stops at boot",
		    n, sys->pds.n, sys->vms.n, VMIDS_8BIT);
	return true;
}

/* Who owns the console (docs/console.md): the VM with console="true", else the first VM unless
 * it says console="false"; at most one. */
static void choose_console(struct system *sys, struct diag *d)
{
	struct vm *owner = NULL;

	for (size_t i = 0; i < sys->vms.n; i++) {
		struct vm *vm = &sys->vms.v[i];
		if (vm->console_attr != 1)
			continue;
		if (owner)
			diag_error(d, vm->line,
				   "virtual machine '%s' has console=\"true\", but '%s' (line %d) "
				   "already owns the console; one guest may",
				   vm->name, owner->name, owner->line);
		else
			owner = vm;
	}
	if (!owner && sys->vms.n && sys->vms.v[0].console_attr != 0)
		owner = &sys->vms.v[0];
	if (owner)
		owner->console = true;
}

void check_system(struct system *sys, bool smc_cap, struct diag *d)
{
	/* A system no CPU can run is not checked further (the name checks compare every pair). */
	if (!check_address_spaces(sys, d))
		return;
	choose_console(sys, d);
	check_names(sys, d);
	for (size_t i = 0; i < sys->pds.n; i++) {
		check_pd(sys, &sys->pds.v[i], smc_cap, d);
		broker_check(sys, &sys->pds.v[i], (u32)i, d);
	}
	check_irq_numbers(sys, d);
	for (size_t i = 0; i < sys->vms.n; i++) {
		check_vm(sys, &sys->vms.v[i], d);
		check_policy(&sys->vms.v[i], smc_cap, d);
	}
}
