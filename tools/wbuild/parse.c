/* System description parser: XML elements and attributes into the model. Each element is
 * checked here on its own; what relates elements to each other is in check.c. */
#include <errno.h>
#include <inttypes.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>
#include <warden/vmm_config.h>

#include <warden/smccc_rules.h>

#include "parse.h"

struct parser {
	struct diag *d;
	struct system *sys;
};

/* Physical addresses a device region may name (the largest PA size of ARMv8.0). */
#define PHYS_LIMIT (1ull << 48)
/* Shared peripheral interrupts: the INTIDs a component may own. */
#define IRQ_SPI_FIRST 32
#define IRQ_SPI_LAST 1019

static int line_of(xmlNode *n)
{
	return (int)xmlGetLineNo(n);
}

static const char *elem(xmlNode *n)
{
	return (const char *)n->name;
}

static bool is(xmlNode *n, const char *name)
{
	return strcmp(elem(n), name) == 0;
}

/* Whether word is one of the space-separated words of list. */
static bool word_in(const char *list, const char *word)
{
	size_t len = strlen(word);

	for (const char *p = list; *p;) {
		const char *end = strchr(p, ' ');
		size_t wlen = end ? (size_t)(end - p) : strlen(p);

		if (wlen == len && strncmp(p, word, len) == 0)
			return true;
		p += wlen;
		while (*p == ' ')
			p++;
	}
	return false;
}

/* The attribute's value (caller frees), or NULL. */
static char *attr(xmlNode *n, const char *name)
{
	xmlChar *v = xmlGetProp(n, (const xmlChar *)name);
	char *s;

	if (!v)
		return NULL;
	s = xstrdup((const char *)v);
	xmlFree(v);
	return s;
}

static bool has_attr(xmlNode *n, const char *name)
{
	return xmlHasProp(n, (const xmlChar *)name) != NULL;
}

/* Every attribute of n is in known; every word of required is present. */
static void check_attrs(struct parser *p, xmlNode *n, const char *known, const char *required)
{
	for (xmlAttr *a = n->properties; a; a = a->next) {
		if (!word_in(known, (const char *)a->name)) {
			if (*known)
				diag_error(p->d, line_of(n),
					   "unknown attribute '%s' on <%s> (known: %s)", a->name,
					   elem(n), known);
			else
				diag_error(p->d, line_of(n),
					   "unknown attribute '%s' on <%s> (it takes none)",
					   a->name, elem(n));
		}
	}
	for (const char *w = required; *w;) {
		char name[64];
		size_t len = strcspn(w, " ");

		snprintf(name, sizeof(name), "%.*s", (int)len, w);
		if (!has_attr(n, name))
			diag_error(p->d, line_of(n), "<%s> needs attribute '%s'", elem(n), name);
		w += len;
		while (*w == ' ')
			w++;
	}
}

/* Decimal or 0x hexadecimal, nothing else; false on overflow. */
static bool parse_number(const char *s, u64 *out)
{
	unsigned base = 10;
	u64 v = 0;

	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		base = 16;
		s += 2;
	}
	if (!*s)
		return false;
	for (; *s; s++) {
		unsigned digit;

		if (*s >= '0' && *s <= '9')
			digit = *s - '0';
		else if (base == 16 && *s >= 'a' && *s <= 'f')
			digit = *s - 'a' + 10;
		else if (base == 16 && *s >= 'A' && *s <= 'F')
			digit = *s - 'A' + 10;
		else
			return false;
		if (v > (UINT64_MAX - digit) / base)
			return false;
		v = v * base + digit;
	}
	*out = v;
	return true;
}

/* An optional number in [min, max]; *out keeps its default when the attribute is absent.
 * False after reporting an error. */
static bool num_attr(struct parser *p, xmlNode *n, const char *name, u64 min, u64 max, u64 *out)
{
	char *s = attr(n, name);
	u64 v;
	bool ok = true;

	if (!s)
		return true;
	if (!parse_number(s, &v)) {
		diag_error(p->d, line_of(n), "%s=\"%s\" is not a number (use decimal or 0x hex)",
			   name, s);
		ok = false;
	} else if (v < min || v > max) {
		if (max > 0xffff)
			diag_error(p->d, line_of(n),
				   "%s=\"%s\" is out of range (0x%" PRIx64 " to 0x%" PRIx64 ")",
				   name, s, min, max);
		else
			diag_error(p->d, line_of(n),
				   "%s=\"%s\" is out of range (%" PRIu64 " to %" PRIu64 ")", name,
				   s, min, max);
		ok = false;
	} else {
		*out = v;
	}
	free(s);
	return ok;
}

static bool u32_attr(struct parser *p, xmlNode *n, const char *name, u64 min, u64 max, u32 *out)
{
	u64 v = *out;
	bool ok = num_attr(p, n, name, min, max, &v);

	*out = (u32)v;
	return ok;
}

/* A size or address that must be a multiple of 4 KiB. */
static void page_attr(struct parser *p, xmlNode *n, const char *name, u64 min, u64 max, u64 *out)
{
	if (num_attr(p, n, name, min, max, out) && *out % PAGE_SIZE)
		diag_error(p->d, line_of(n), "%s=\"0x%" PRIx64 "\" is not a multiple of 4 KiB",
			   name, *out);
}

static bool bool_attr(struct parser *p, xmlNode *n, const char *name, bool *out)
{
	char *s = attr(n, name);
	bool ok = true;

	if (!s)
		return true;
	if (strcmp(s, "true") == 0) {
		*out = true;
	} else if (strcmp(s, "false") == 0) {
		*out = false;
	} else {
		diag_error(p->d, line_of(n), "%s=\"%s\" must be true or false", name, s);
		ok = false;
	}
	free(s);
	return ok;
}

/* One of the space-separated choices; its index in *out. */
static void choice_attr(struct parser *p, xmlNode *n, const char *name, const char *choices,
			unsigned *out)
{
	char *s = attr(n, name);
	unsigned i = 0;

	if (!s)
		return;
	for (const char *w = choices; *w; i++) {
		size_t len = strcspn(w, " ");

		if (strlen(s) == len && strncmp(w, s, len) == 0) {
			*out = i;
			free(s);
			return;
		}
		w += len;
		while (*w == ' ')
			w++;
	}
	diag_error(p->d, line_of(n), "%s=\"%s\" must be one of: %s", name, s, choices);
	free(s);
}

/* Letters from letters (each at most once) as bits: letters[i] sets bit i. */
static bool letters_attr(struct parser *p, xmlNode *n, const char *name, const char *letters,
			 u32 *out)
{
	char *s = attr(n, name);
	u32 bits = 0;
	bool ok = s && *s;

	if (!s)
		return false;
	for (const char *c = s; *c && ok; c++) {
		const char *at = strchr(letters, *c);

		if (!at || (bits & (1u << (at - letters))))
			ok = false;
		else
			bits |= 1u << (at - letters);
	}
	if (ok)
		*out = bits;
	else
		diag_error(p->d, line_of(n),
			   "%s=\"%s\": use each of the letters '%s' at most once, at least one",
			   name, s, letters);
	free(s);
	return ok;
}

static void name_attr(struct parser *p, xmlNode *n, char out[BS_NAME_LEN])
{
	char *s = attr(n, "name");

	if (!s)
		return;
	if (!*s || strlen(s) >= BS_NAME_LEN)
		diag_error(p->d, line_of(n), "name '%s' must be 1 to %d characters", s,
			   BS_NAME_LEN - 1);
	else if (s[strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-")])
		diag_error(p->d, line_of(n), "name '%s' may use only letters, digits, '_' and '-'",
			   s);
	snprintf(out, BS_NAME_LEN, "%.*s", BS_NAME_LEN - 1, s);
	free(s);
}

/* Child elements of n, reporting text where only elements belong. */
#define for_each_child(c, n) for (xmlNode *c = (n)->children; c; c = c->next)

static bool is_element(struct parser *p, xmlNode *c, xmlNode *parent)
{
	if (c->type == XML_ELEMENT_NODE)
		return true;
	if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) {
		const xmlChar *t = c->content;

		while (t && *t && strchr(" \t\r\n", *t))
			t++;
		/* libxml2 numbers a text node by the line it ends on; the element before it
		 * says better where it starts. */
		if (t && *t)
			diag_error(p->d, line_of(c->prev ? c->prev : parent),
				   "unexpected text in <%s>", elem(parent));
	}
	return false;
}

static void unknown_element(struct parser *p, xmlNode *c, xmlNode *parent, const char *known)
{
	diag_error(p->d, line_of(c), "unknown element <%s> in <%s> (known: %s)", elem(c),
		   elem(parent), known);
}

static void parse_region(struct parser *p, xmlNode *n)
{
	struct region *r = VEC_PUSH(p->sys->regions);
	bool has_phys = has_attr(n, "phys");

	r->line = line_of(n);
	check_attrs(p, n, "name size phys device", "name size");
	name_attr(p, n, r->name);
	page_attr(p, n, "size", PAGE_SIZE, IPA_LIMIT, &r->size);
	page_attr(p, n, "phys", 0, PHYS_LIMIT - PAGE_SIZE, &r->phys);
	if (!bool_attr(p, n, "device", &r->device))
		return;
	if (r->device && !has_phys)
		diag_error(p->d, r->line, "device region '%s' needs phys=\"address\"", r->name);
	if (!r->device && has_phys)
		diag_error(p->d, r->line,
			   "phys is only for device regions (device=\"true\"); RAM is allocated "
			   "by the kernel");
	if (r->phys + r->size > PHYS_LIMIT)
		diag_error(p->d, r->line, "region '%s' ends beyond the 2^48 physical address limit",
			   r->name);
}

static void parse_object(struct parser *p, xmlNode *n, u32 type)
{
	struct object *o = VEC_PUSH(p->sys->objects);

	o->line = line_of(n);
	o->type = type;
	check_attrs(p, n, "name", "name");
	name_attr(p, n, o->name);
}

/* service="name", or first="id" with an optional last="id" (default: first). */
static void parse_smc_target(struct parser *p, xmlNode *n, struct smc_target *t)
{
	char *service = attr(n, "service");
	u64 first = 0, last;

	if (service) {
		if (has_attr(n, "first") || has_attr(n, "last"))
			diag_error(p->d, line_of(n),
				   "<%s> takes either service or first/last, not both", elem(n));
		t->service = smc_service_find(service);
		if (!t->service) {
			char known[256] = "";

			for (size_t i = 0; i < smc_service_count; i++) {
				strncat(known, i ? ", " : "", sizeof(known) - strlen(known) - 1);
				strncat(known, smc_services[i].name,
					sizeof(known) - strlen(known) - 1);
			}
			diag_error(p->d, line_of(n), "unknown service '%s' (known: %s)", service,
				   known);
		}
		free(service);
		return;
	}
	if (!has_attr(n, "first")) {
		diag_error(p->d, line_of(n), "<%s> needs service=\"name\" or first=\"id\"",
			   elem(n));
		return;
	}
	if (!num_attr(p, n, "first", 0, UINT64_MAX, &first))
		return;
	last = first;
	if (!num_attr(p, n, "last", 0, UINT64_MAX, &last))
		return;
	if (first > UINT32_MAX || last > UINT32_MAX) {
		diag_error(p->d, line_of(n),
			   "function ID 0x%" PRIx64 " has bits above bit 31 set; SMCCC function "
			   "IDs are 32 bits",
			   first > UINT32_MAX ? first : last);
		return;
	}
	if (first > last) {
		diag_error(p->d, line_of(n),
			   "inverted range: first 0x%" PRIx64 " is above last 0x%" PRIx64, first,
			   last);
		return;
	}
	enum smccc_range_error e = smccc_range_check(first, last);
	if (e != SMCCC_RANGE_OK) {
		diag_error(p->d, line_of(n), "range [0x%08" PRIx64 ", 0x%08" PRIx64 "]: %s", first,
			   last, smccc_range_error_text(e));
		return;
	}
	t->range.first = (u32)first;
	t->range.last = (u32)last;
}

static void parse_map(struct parser *p, struct pd *pd, xmlNode *n)
{
	struct map *m = VEC_PUSH(pd->maps);

	m->line = line_of(n);
	m->perms = BS_PERM_R | BS_PERM_W;
	check_attrs(p, n, "region vaddr perms", "region vaddr");
	m->region = attr(n, "region");
	page_attr(p, n, "vaddr", 0, IPA_LIMIT - PAGE_SIZE, &m->vaddr);
	if (has_attr(n, "perms"))
		letters_attr(p, n, "perms", "rwx", &m->perms);
}

/* The cap kinds, the attribute that names each one's target, and its type. */
static const struct {
	const char *attr;
	u32 type;
} cap_kinds[] = {
    {"endpoint", CAP_ENDPOINT}, {"notification", CAP_NOTIFICATION},
    {"cnode", CAP_CNODE},	{"tcb", CAP_TCB},
    {"trace", CAP_TRACE},
};

static void parse_cap(struct parser *p, struct pd *pd, xmlNode *n)
{
	struct cap *c = VEC_PUSH(pd->caps);
	int kinds = 0;

	c->line = line_of(n);
	c->object = BS_NONE;
	check_attrs(p, n, "slot endpoint notification cnode tcb trace rights badge", "slot");
	u32_attr(p, n, "slot", 0, UINT32_MAX, &c->slot);
	for (size_t i = 0; i < ARRAY_SIZE(cap_kinds); i++) {
		if (has_attr(n, cap_kinds[i].attr)) {
			kinds++;
			c->type = cap_kinds[i].type;
		}
	}
	if (kinds != 1) {
		diag_error(p->d, c->line,
			   "<cap> needs exactly one of endpoint, notification, cnode, tcb, trace");
		return;
	}
	if (c->type == CAP_TRACE) {
		char *v = attr(n, "trace");

		if (strcmp(v, "true") != 0)
			diag_error(p->d, c->line, "trace=\"%s\" must be true", v);
		free(v);
	} else {
		c->target = attr(n, c->type == CAP_ENDPOINT	  ? "endpoint"
				    : c->type == CAP_NOTIFICATION ? "notification"
				    : c->type == CAP_CNODE	  ? "cnode"
								  : "tcb");
	}
	if (c->type == CAP_ENDPOINT || c->type == CAP_NOTIFICATION) {
		if (!has_attr(n, "rights"))
			diag_error(p->d, c->line, "<cap> to an %s needs rights=\"...\" (r, w, g)",
				   c->type == CAP_ENDPOINT ? "endpoint" : "notification");
		else if (letters_attr(p, n, "rights", "rwg", &c->rights) &&
			 c->type == CAP_NOTIFICATION && (c->rights & CAP_RIGHT_GRANT))
			diag_error(p->d, c->line,
				   "notification caps take rights r and w only (g is for "
				   "endpoints)");
		num_attr(p, n, "badge", 0, UINT64_MAX, &c->badge);
	} else if (has_attr(n, "rights") || has_attr(n, "badge")) {
		diag_error(p->d, c->line,
			   "rights and badge apply only to endpoint and notification caps");
	}
}

static void parse_smc(struct parser *p, struct pd *pd, xmlNode *n)
{
	struct smc_grant *g = VEC_PUSH(pd->smcs);

	g->line = line_of(n);
	check_attrs(p, n, "slot service first last accept_hazard", "slot");
	u32_attr(p, n, "slot", 0, UINT32_MAX, &g->slot);
	parse_smc_target(p, n, &g->target);
	g->accept_hazard = attr(n, "accept_hazard");
	if (g->accept_hazard && !g->accept_hazard[strspn(g->accept_hazard, " \t\r\n")])
		diag_error(p->d, g->line, "accept_hazard needs a reason");
}

static void parse_irq(struct parser *p, struct pd *pd, xmlNode *n)
{
	struct irq *q = VEC_PUSH(pd->irqs);
	unsigned trigger = 0;

	q->line = line_of(n);
	q->badge = 1;
	check_attrs(p, n, "irq notification badge slot trigger", "irq notification slot");
	u32_attr(p, n, "irq", IRQ_SPI_FIRST, IRQ_SPI_LAST, &q->irq);
	q->notification = attr(n, "notification");
	num_attr(p, n, "badge", 1, UINT64_MAX, &q->badge);
	u32_attr(p, n, "slot", 0, UINT32_MAX, &q->slot);
	choice_attr(p, n, "trigger", "level edge", &trigger);
	q->trigger = trigger;
}

/* <broker_client badge="N" name="x"> with <allow> children (docs/broker.md). */
static void parse_broker_client(struct parser *p, struct pd *pd, xmlNode *n)
{
	struct broker_client_desc *bc = VEC_PUSH(pd->broker_clients);

	bc->line = line_of(n);
	check_attrs(p, n, "badge name", "badge name");
	num_attr(p, n, "badge", 0, UINT64_MAX, &bc->badge);
	name_attr(p, n, bc->name);
	for_each_child(c, n)
	{
		if (!is_element(p, c, n))
			continue;
		if (is(c, "allow")) {
			struct broker_allow *a = VEC_PUSH(bc->allows);

			a->line = line_of(c);
			check_attrs(p, c, "service first last", "");
			parse_smc_target(p, c, &a->target);
			for_each_child(g, c)
			{
				if (is_element(p, g, c))
					unknown_element(p, g, c, "none");
			}
		} else {
			unknown_element(p, c, n, "allow");
		}
	}
}

/* Attributes a PD and a VMM share. */
static void parse_thread_attrs(struct parser *p, struct pd *pd, xmlNode *n)
{
	pd->line = line_of(n);
	pd->priority = DEFAULT_PRIORITY;
	pd->cnode_bits = DEFAULT_CNODE_BITS;
	pd->stack_size = DEFAULT_STACK_SIZE;
	pd->fault_index = BS_NONE;
	pd->image = attr(n, "image");
	u32_attr(p, n, "priority", 0, MAX_PRIORITY, &pd->priority);
	u32_attr(p, n, "cnode_bits", MIN_CNODE_BITS, MAX_CNODE_BITS, &pd->cnode_bits);
	page_attr(p, n, "stack_size", PAGE_SIZE, STACK_TOP, &pd->stack_size);
	bool_attr(p, n, "pmu", &pd->pmu);
}

static void parse_pd(struct parser *p, xmlNode *n)
{
	struct pd *pd = VEC_PUSH(p->sys->pds);

	check_attrs(p, n,
		    "name image priority cnode_bits stack_size fault_endpoint fault_badge pmu",
		    "name image");
	name_attr(p, n, pd->name);
	parse_thread_attrs(p, pd, n);
	pd->fault_endpoint = attr(n, "fault_endpoint");
	num_attr(p, n, "fault_badge", 0, UINT64_MAX, &pd->fault_badge);
	if (has_attr(n, "fault_badge") && !pd->fault_endpoint)
		diag_error(p->d, pd->line, "fault_badge needs a fault_endpoint");

	for_each_child(c, n)
	{
		if (!is_element(p, c, n))
			continue;
		if (is(c, "map"))
			parse_map(p, pd, c);
		else if (is(c, "cap"))
			parse_cap(p, pd, c);
		else if (is(c, "smc"))
			parse_smc(p, pd, c);
		else if (is(c, "irq"))
			parse_irq(p, pd, c);
		else if (is(c, "broker_client"))
			parse_broker_client(p, pd, c);
		else
			unknown_element(p, c, n, "map, cap, smc, irq, broker_client");
	}
}

static void parse_call(struct parser *p, struct vm *vm, xmlNode *n)
{
	struct policy_call *call = VEC_PUSH(vm->policy);
	unsigned action = ACTION_DENY;

	call->line = line_of(n);
	check_attrs(p, n, "service first last action in_kernel", "action");
	parse_smc_target(p, n, &call->target);
	choice_attr(p, n, "action", "emulate forward deny", &action);
	call->action = action;
	bool_attr(p, n, "in_kernel", &call->in_kernel);
	if (call->in_kernel && call->action != ACTION_FORWARD)
		diag_error(p->d, call->line,
			   "in_kernel=\"true\" applies to action=\"forward\" only");
}

static void parse_vm(struct parser *p, xmlNode *n)
{
	struct vm *vm = VEC_PUSH(p->sys->vms);
	unsigned conduit = CONDUIT_SMC, on_unmapped = 0, console = 2;
	bool vmm_priority_given = false;

	vm->line = line_of(n);
	vm->vcpus = 1;
	vm->priority = DEFAULT_PRIORITY;
	check_attrs(p, n,
		    "name vcpus ram_size image initrd initrd_addr dtb_addr cmdline psci_conduit "
		    "on_unmapped console priority",
		    "name ram_size image");
	name_attr(p, n, vm->name);
	u32_attr(p, n, "vcpus", 1, VMM_MAX_VCPUS, &vm->vcpus);
	page_attr(p, n, "ram_size", PAGE_SIZE, IPA_LIMIT - GUEST_RAM_BASE, &vm->ram_size);
	vm->image = attr(n, "image");
	vm->initrd = attr(n, "initrd");
	page_attr(p, n, "initrd_addr", GUEST_RAM_BASE, IPA_LIMIT - 1, &vm->initrd_addr);
	page_attr(p, n, "dtb_addr", GUEST_RAM_BASE, IPA_LIMIT - 1, &vm->dtb_addr);
	if (vm->initrd_addr && !vm->initrd)
		diag_error(p->d, vm->line, "initrd_addr without an initrd");
	vm->cmdline = attr(n, "cmdline");
	for (const char *c = vm->cmdline; c && *c; c++) {
		if ((unsigned char)*c < 0x20 || *c == 0x7f) {
			diag_error(p->d, vm->line, "cmdline may not contain control characters");
			break;
		}
	}
	choice_attr(p, n, "psci_conduit", "smc hvc", &conduit);
	vm->conduit = conduit;
	choice_attr(p, n, "on_unmapped", "abort stop", &on_unmapped);
	vm->stop_on_unmapped = on_unmapped == 1;
	choice_attr(p, n, "console", "false true", &console);
	vm->console_attr = console == 2 ? -1 : (int)console;
	u32_attr(p, n, "priority", 0, MAX_PRIORITY, &vm->priority);

	for_each_child(c, n)
	{
		if (!is_element(p, c, n))
			continue;
		if (is(c, "vmm")) {
			check_attrs(p, c, "image priority stack_size pmu", "image");
			if (vm->has_vmm) {
				diag_error(p->d, line_of(c), "second <vmm> in virtual machine '%s'",
					   vm->name);
				continue;
			}
			vm->has_vmm = true;
			snprintf(vm->vmm.name, BS_NAME_LEN, "%.26s-vmm", vm->name);
			parse_thread_attrs(p, &vm->vmm, c);
			vm->vmm.cnode_bits = VMM_CNODE_BITS;
			vmm_priority_given = has_attr(c, "priority");
			for_each_child(g, c)
			{
				if (!is_element(p, g, c))
					continue;
				if (!is(g, "cap")) {
					unknown_element(p, g, c, "cap");
					continue;
				}
				parse_cap(p, &vm->vmm, g);
				const struct cap *k = &vm->vmm.caps.v[vm->vmm.caps.n - 1];
				if (k->slot < VMM_SLOT_FREE || k->slot >= 1u << VMM_CNODE_BITS ||
				    (k->type != CAP_ENDPOINT && k->type != CAP_NOTIFICATION))
					diag_error(
					    p->d, line_of(g),
					    "a <vmm> takes endpoint and notification caps in "
					    "slots %d..%d (the others are the VMM's own)",
					    VMM_SLOT_FREE, (1 << VMM_CNODE_BITS) - 1);
			}
		} else if (is(c, "policy")) {
			if (vm->has_policy)
				diag_error(p->d, line_of(c),
					   "second <policy> in virtual machine '%s'", vm->name);
			vm->has_policy = true;
			check_attrs(p, c, "", "");
			for_each_child(g, c)
			{
				if (!is_element(p, g, c))
					continue;
				if (is(g, "call"))
					parse_call(p, vm, g);
				else
					unknown_element(p, g, c, "call");
			}
		} else {
			unknown_element(p, c, n, "vmm, policy");
		}
	}
	if (!vm->has_vmm)
		diag_error(p->d, vm->line, "virtual machine '%s' needs a <vmm image=\"...\"/>",
			   vm->name);
	/* The VMM handles its vCPUs' traps, so by default it runs just above them. */
	if (vm->has_vmm && !vmm_priority_given)
		vm->vmm.priority = vm->priority < MAX_PRIORITY ? vm->priority + 1 : MAX_PRIORITY;
}

static void parse_root(struct parser *p, xmlNode *root)
{
	struct system *sys = p->sys;

	sys->line = line_of(root);
	if (!is(root, "system")) {
		diag_error(p->d, sys->line, "the root element must be <system>, not <%s>",
			   elem(root));
		return;
	}
	check_attrs(p, root, "name", "name");
	name_attr(p, root, sys->name);
	for_each_child(c, root)
	{
		if (!is_element(p, c, root))
			continue;
		if (is(c, "memory_region"))
			parse_region(p, c);
		else if (is(c, "endpoint"))
			parse_object(p, c, CAP_ENDPOINT);
		else if (is(c, "notification"))
			parse_object(p, c, CAP_NOTIFICATION);
		else if (is(c, "protection_domain"))
			parse_pd(p, c);
		else if (is(c, "virtual_machine"))
			parse_vm(p, c);
		else
			unknown_element(p, c, root,
					"memory_region, endpoint, notification, "
					"protection_domain, virtual_machine");
	}
}

/* libxml2's own errors (malformed XML) in our format. */
static void xml_error(void *ctx, xmlErrorPtr e)
{
	struct diag *d = ctx;
	size_t len = e->message ? strlen(e->message) : 0;

	while (len && e->message[len - 1] == '\n')
		len--;
	diag_error(d, e->line, "%.*s", (int)len, e->message ? e->message : "");
}

bool parse_system(struct system *sys, struct diag *d)
{
	struct parser p = {d, sys};
	unsigned before = d->errors;
	FILE *f = fopen(d->file, "rb");
	xmlDoc *doc;

	if (!f) {
		diag_error(d, 0, "cannot read: %s", strerror(errno));
		return false;
	}
	fclose(f);
	xmlSetStructuredErrorFunc(d, xml_error);
	doc = xmlReadFile(d->file, NULL, XML_PARSE_NONET | XML_PARSE_BIG_LINES);
	xmlSetStructuredErrorFunc(NULL, NULL);
	if (doc && xmlDocGetRootElement(doc)) {
		parse_root(&p, xmlDocGetRootElement(doc));
	}
	xmlFreeDoc(doc);
	return d->errors == before && doc;
}
