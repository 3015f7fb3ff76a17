/* Graphviz output. Node ids carry a kind prefix ("pd:x", "obj:x", ...) so names never clash;
 * SMC authority is drawn in bold red towards one "secure world" node. */
#include <string.h>
#include <inttypes.h>

#include <warden/vmm_config.h>

#include "dot.h"

#define SMC_COLOR "#b00000"

/* A string inside a double-quoted dot label. */
static void quoted(FILE *f, const char *s)
{
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			fputc('\\', f);
		fputc(*s, f);
	}
}

static void rights_text(FILE *f, u32 rights)
{
	if (rights & CAP_RIGHT_READ)
		fputc('r', f);
	if (rights & CAP_RIGHT_WRITE)
		fputc('w', f);
	if (rights & CAP_RIGHT_GRANT)
		fputc('g', f);
}

/* Edge direction for a channel cap: writing sends towards the object, reading receives. */
static const char *direction(u32 rights)
{
	bool r = rights & CAP_RIGHT_READ, w = rights & CAP_RIGHT_WRITE;

	return r && w ? "both" : r ? "back" : "forward";
}

static void smc_label(FILE *f, const struct smc_target *t)
{
	size_t count;
	const struct smc_range *ranges = smc_target_ranges(t, &count);

	if (t->service)
		fprintf(f, "%s\\n", t->service->name);
	for (size_t i = 0; i < count; i++) {
		fprintf(f, "%s0x%08" PRIx32, i ? "\\n" : "", ranges[i].first);
		if (ranges[i].last != ranges[i].first)
			fprintf(f, "..0x%08" PRIx32, ranges[i].last);
	}
}

static void pd_node(FILE *f, const struct pd *pd)
{
	bool trace = false;

	for (size_t i = 0; i < pd->caps.n; i++)
		trace |= pd->caps.v[i].type == CAP_TRACE;
	fprintf(f,
		"  \"pd:%s\" [shape=box, style=\"rounded,filled\", fillcolor=\"#dde8ff\", "
		"label=\"%s\\n",
		pd->name, pd->name);
	quoted(f, pd->image);
	fprintf(f, "\\npriority %" PRIu32 "%s\"];\n", pd->priority,
		trace ? "\\nreads SMC trace" : "");
}

/* smc: draw the PD's SMC grants (a VMM's are drawn from its policy instead). */
static void pd_edges(FILE *f, const struct pd *pd, bool smc)
{
	for (size_t i = 0; i < pd->maps.n; i++) {
		const struct map *m = &pd->maps.v[i];

		fprintf(f,
			"  \"pd:%s\" -> \"mem:%s\" [style=dashed, arrowhead=none, label=\"%s%s%s "
			"@0x%" PRIx64 "\"];\n",
			pd->name, m->region, m->perms & BS_PERM_R ? "r" : "",
			m->perms & BS_PERM_W ? "w" : "", m->perms & BS_PERM_X ? "x" : "", m->vaddr);
	}
	for (size_t i = 0; i < pd->caps.n; i++) {
		const struct cap *c = &pd->caps.v[i];

		if (c->type == CAP_ENDPOINT || c->type == CAP_NOTIFICATION) {
			fprintf(f, "  \"pd:%s\" -> \"obj:%s\" [dir=%s, label=\"", pd->name,
				c->target, direction(c->rights));
			rights_text(f, c->rights);
			if (c->badge)
				fprintf(f, " badge 0x%" PRIx64, c->badge);
			fprintf(f, "\"];\n");
		} else if (c->type == CAP_CNODE || c->type == CAP_TCB || c->type == CAP_VCPU) {
			fprintf(f, "  \"pd:%s\" -> \"pd:%s\" [style=dotted, label=\"%s\"];\n",
				pd->name, c->target,
				c->type == CAP_CNODE ? "cnode"
				: c->type == CAP_TCB ? "tcb"
						     : "vcpu");
		}
	}
	if (pd->fault_endpoint)
		fprintf(f,
			"  \"pd:%s\" -> \"obj:%s\" [style=dotted, label=\"faults badge 0x%" PRIx64
			"\"];\n",
			pd->name, pd->fault_endpoint, pd->fault_badge);
	for (size_t i = 0; i < pd->irqs.n; i++) {
		const struct irq *q = &pd->irqs.v[i];

		fprintf(f, "  \"irq:%" PRIu32 "\" [shape=cds, label=\"IRQ %" PRIu32 " (%s)\"];\n",
			q->irq, q->irq, q->trigger ? "edge" : "level");
		fprintf(f, "  \"irq:%" PRIu32 "\" -> \"obj:%s\" [label=\"badge 0x%" PRIx64 "\"];\n",
			q->irq, q->notification, q->badge);
		fprintf(f,
			"  \"pd:%s\" -> \"irq:%" PRIu32
			"\" [style=dotted, label=\"acknowledges\"];\n",
			pd->name, q->irq);
	}
	for (size_t i = 0; smc && i < pd->smcs.n; i++) {
		const struct smc_grant *g = &pd->smcs.v[i];

		fprintf(f,
			"  \"pd:%s\" -> secure [color=\"" SMC_COLOR "\", fontcolor=\"" SMC_COLOR
			"\", penwidth=3, style=bold, label=\"",
			pd->name);
		smc_label(f, &g->target);
		if (g->accept_hazard) {
			fprintf(f, "\\nHAZARD accepted: ");
			quoted(f, g->accept_hazard);
		}
		fprintf(f, "\"];\n");
	}
}

/* An SMC broker's clients reach the secure world through it: from each PD holding a badged
 * endpoint capability the broker receives on, a dashed red edge to the broker, labelled with
 * what that badge's policy allows. */
static void broker_edges(FILE *f, const struct system *sys, const struct pd *broker)
{
	for (size_t e = 0; e < broker->caps.n; e++) {
		const struct cap *in = &broker->caps.v[e];

		if (in->type != CAP_ENDPOINT || !(in->rights & CAP_RIGHT_READ))
			continue;
		for (size_t p = 0; p < sys->pds.n; p++) {
			const struct pd *client = &sys->pds.v[p];
			for (size_t c = 0; c < client->caps.n; c++) {
				const struct cap *out = &client->caps.v[c];
				if (out->type != CAP_ENDPOINT ||
				    strcmp(out->target, in->target) != 0)
					continue;
				for (size_t b = 0; b < broker->broker_clients.n; b++) {
					const struct broker_client_desc *bc =
					    &broker->broker_clients.v[b];
					if (bc->badge != out->badge)
						continue;
					fprintf(f,
						"  \"pd:%s\" -> \"pd:%s\" [color=\"" SMC_COLOR
						"\", fontcolor=\"" SMC_COLOR "\", style=dashed, "
						"penwidth=2, label=\"via broker (%s):",
						client->name, broker->name, bc->name);
					for (size_t a = 0; a < bc->allows.n; a++) {
						fprintf(f, "\\n");
						smc_label(f, &bc->allows.v[a].target);
					}
					fprintf(f, "\"];\n");
				}
			}
		}
	}
}

/* A guest: the VM with its vCPUs, its VMM with what it holds, and the VMM's SMC authority,
 * which is exactly the policy's forwarded ranges. */
static void vm_graph(FILE *f, const struct vm *vm)
{
	char vcpu[BS_NAME_LEN];

	fprintf(f, "  subgraph \"cluster_vm_%s\" {\n    style=filled; color=\"#e6f5e6\";\n",
		vm->name);
	fprintf(f, "    label=\"virtual machine %s\";\n", vm->name);
	fprintf(f,
		"    \"vm:%s\" [shape=box3d, style=filled, fillcolor=\"#ffffff\", label=\"%s "
		"(guest)\\n",
		vm->name, vm->name);
	quoted(f, vm->image ? vm->image : "");
	fprintf(f, "\\n%" PRIu32 " vCPU%s, 0x%" PRIx64 " bytes RAM\\nPSCI via %s\"];\n", vm->vcpus,
		vm->vcpus == 1 ? "" : "s", vm->ram_size,
		vm->conduit == CONDUIT_SMC ? "smc" : "hvc");
	for (u32 i = 0; i < vm->vcpus; i++) {
		vcpu_name(vm, i, vcpu);
		fprintf(
		    f,
		    "    \"pd:%s\" [shape=box, style=\"rounded,filled\", fillcolor=\"#ffffff\", "
		    "label=\"%s\\nvCPU %" PRIu32 " at EL1\\npriority %" PRIu32 "%s\"];\n",
		    vcpu, vcpu, i, vm->priority, i ? "\\nstarts suspended" : "");
	}
	fprintf(f, "  }\n");
	for (u32 i = 0; i < vm->vcpus; i++) {
		vcpu_name(vm, i, vcpu);
		fprintf(f, "  \"vm:%s\" -> \"pd:%s\" [arrowhead=none];\n", vm->name, vcpu);
		fprintf(f,
			"  \"pd:%s\" -> \"obj:%s.faults\" [style=dotted, label=\"traps badge "
			"%" PRIu32 "\"];\n",
			vcpu, vm->name, i);
	}
	if (vm->build.done) {
		vcpu_name(vm, 0, vcpu);
		fprintf(f,
			"  \"pd:%s\" -> \"mem:%s.ram\" [style=dashed, arrowhead=none, label=\"rwx "
			"@0x%lx\"];\n",
			vcpu, vm->name, GUEST_RAM_BASE);
	}

	if (!vm->has_vmm)
		return;
	pd_node(f, &vm->vmm);
	pd_edges(f, &vm->vmm, false);
	fprintf(f, "  \"vm:%s\" -> \"pd:%s\" [label=\"SMC/HVC traps\\n", vm->name, vm->vmm.name);
	for (size_t i = 0; i < vm->policy.n; i++) {
		const struct policy_call *c = &vm->policy.v[i];

		if (c->action == ACTION_FORWARD)
			continue;
		fprintf(f, "%s ", action_str(c->action));
		if (c->target.service)
			fprintf(f, "%s", c->target.service->name);
		else
			fprintf(f, "0x%08" PRIx32 "..0x%08" PRIx32, c->target.range.first,
				c->target.range.last);
		fprintf(f, "\\n");
	}
	fprintf(f, "deny the rest\"];\n");
	for (size_t i = 0; i < vm->policy.n; i++) {
		const struct policy_call *c = &vm->policy.v[i];

		if (c->action != ACTION_FORWARD)
			continue;
		fprintf(f,
			"  \"pd:%s\" -> secure [color=\"" SMC_COLOR "\", fontcolor=\"" SMC_COLOR
			"\", penwidth=3, style=bold, label=\"forward%s ",
			vm->vmm.name, c->in_kernel ? " (in the kernel)" : "");
		smc_label(f, &c->target);
		fprintf(f, "\"];\n");
	}
}

void dot_write(FILE *f, const struct system *sys)
{
	fprintf(f, "digraph \"%s\" {\n", sys->name);
	fprintf(f, "  graph [rankdir=LR, fontname=\"Helvetica\", labelloc=t, label=\"%s\"];\n",
		sys->name);
	fprintf(f, "  node [fontname=\"Helvetica\", fontsize=10];\n");
	fprintf(f, "  edge [fontname=\"Helvetica\", fontsize=9];\n");
	fprintf(f, "  secure [shape=doubleoctagon, style=\"filled,bold\", color=\"" SMC_COLOR
		   "\", fillcolor=\"#ffe0e0\", fontcolor=\"" SMC_COLOR
		   "\", label=\"secure world (EL3)\\nreached only through SMC capabilities\"];\n");
	for (size_t i = 0; i < sys->regions.n; i++) {
		const struct region *r = &sys->regions.v[i];

		fprintf(f, "  \"mem:%s\" [shape=note, label=\"%s\\n0x%" PRIx64 " bytes", r->name,
			r->name, r->size);
		if (r->device)
			fprintf(f, "\\ndevice at 0x%" PRIx64, r->phys);
		fprintf(f, "\"];\n");
	}
	for (size_t i = 0; i < sys->objects.n; i++) {
		const struct object *o = &sys->objects.v[i];
		bool ep = o->type == CAP_ENDPOINT;

		fprintf(f, "  \"obj:%s\" [shape=%s, label=\"%s\\n(%s)\"];\n", o->name,
			ep ? "ellipse" : "diamond", o->name, ep ? "endpoint" : "notification");
	}
	for (size_t i = 0; i < sys->pds.n; i++)
		pd_node(f, &sys->pds.v[i]);
	for (size_t i = 0; i < sys->pds.n; i++)
		pd_edges(f, &sys->pds.v[i], true);
	for (size_t i = 0; i < sys->pds.n; i++)
		if (sys->pds.v[i].broker_clients.n)
			broker_edges(f, sys, &sys->pds.v[i]);
	for (size_t i = 0; i < sys->vms.n; i++)
		vm_graph(f, &sys->vms.v[i]);
	fprintf(f, "}\n");
}
