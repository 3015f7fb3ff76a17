/* The in-memory system description: allocation helpers, lookups and cleanup. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model.h"

void *xmalloc(size_t size)
{
	void *p = calloc(1, size ? size : 1);

	if (!p) {
		fputs("wbuild: error: out of memory\n", stderr);
		exit(1);
	}
	return p;
}

char *xstrdup(const char *s)
{
	size_t len = strlen(s) + 1;
	char *p = xmalloc(len);

	memcpy(p, s, len);
	return p;
}

void *vec_push(void **items, size_t *n, size_t *cap, size_t size)
{
	if (*n == *cap) {
		size_t new_cap = *cap ? *cap * 2 : 8;
		void *grown = realloc(*items, new_cap * size);

		if (!grown) {
			fputs("wbuild: error: out of memory\n", stderr);
			exit(1);
		}
		*items = grown;
		*cap = new_cap;
	}
	void *e = (char *)*items + *n * size;
	memset(e, 0, size);
	(*n)++;
	return e;
}

const struct smc_range *smc_target_ranges(const struct smc_target *t, size_t *count)
{
	if (t->service) {
		*count = t->service->range_count;
		return t->service->ranges;
	}
	*count = 1;
	return &t->range;
}

static void pd_free(struct pd *pd)
{
	free(pd->image);
	free(pd->image_path);
	elf_free(&pd->elf);
	free(pd->fault_endpoint);
	for (size_t i = 0; i < pd->maps.n; i++)
		free(pd->maps.v[i].region);
	for (size_t i = 0; i < pd->caps.n; i++)
		free(pd->caps.v[i].target);
	for (size_t i = 0; i < pd->smcs.n; i++)
		free(pd->smcs.v[i].accept_hazard);
	for (size_t i = 0; i < pd->irqs.n; i++)
		free(pd->irqs.v[i].notification);
	for (size_t i = 0; i < pd->broker_clients.n; i++)
		free(pd->broker_clients.v[i].allows.v);
	free(pd->broker_clients.v);
	free(pd->broker_config);
	free(pd->maps.v);
	free(pd->caps.v);
	free(pd->smcs.v);
	free(pd->irqs.v);
}

void system_free(struct system *sys)
{
	for (size_t i = 0; i < sys->pds.n; i++)
		pd_free(&sys->pds.v[i]);
	for (size_t i = 0; i < sys->vms.n; i++) {
		struct vm *vm = &sys->vms.v[i];

		free(vm->image);
		free(vm->image_path);
		free(vm->initrd);
		free(vm->initrd_path);
		free(vm->cmdline);
		pd_free(&vm->vmm);
		free(vm->policy.v);
		for (u32 k = 0; k < vm->build.segs; k++)
			free(vm->build.seg_data[k]);
		free(vm->build.dts);
		free(vm->build.config);
	}
	free(sys->regions.v);
	free(sys->objects.v);
	free(sys->pds.v);
	free(sys->vms.v);
	memset(sys, 0, sizeof(*sys));
}

void vcpu_name(const struct vm *vm, u32 i, char out[BS_NAME_LEN])
{
	snprintf(out, BS_NAME_LEN, "%.*s-vcpu%" PRIu32, VM_NAME_MAX, vm->name, i % 100);
}

u32 system_lookup(const struct system *sys, const char *name, enum name_kind *kind)
{
	for (size_t i = 0; i < sys->regions.n; i++) {
		if (strcmp(sys->regions.v[i].name, name) == 0) {
			*kind = NAME_REGION;
			return i;
		}
	}
	for (size_t i = 0; i < sys->objects.n; i++) {
		if (strcmp(sys->objects.v[i].name, name) == 0) {
			*kind = sys->objects.v[i].type == CAP_ENDPOINT ? NAME_ENDPOINT
								       : NAME_NOTIFICATION;
			return i;
		}
	}
	for (size_t i = 0; i < sys->pds.n; i++) {
		if (strcmp(sys->pds.v[i].name, name) == 0) {
			*kind = NAME_PD;
			return i;
		}
	}
	for (size_t i = 0; i < sys->vms.n; i++) {
		if (strcmp(sys->vms.v[i].name, name) == 0) {
			*kind = NAME_VM;
			return i;
		}
	}
	*kind = NAME_NONE;
	return BS_NONE;
}

const char *name_kind_str(enum name_kind kind)
{
	switch (kind) {
	case NAME_REGION:
		return "memory region";
	case NAME_ENDPOINT:
		return "endpoint";
	case NAME_NOTIFICATION:
		return "notification";
	case NAME_PD:
		return "protection domain";
	case NAME_VM:
		return "virtual machine";
	case NAME_NONE:
		break;
	}
	return "nothing";
}

const char *action_str(enum policy_action action)
{
	switch (action) {
	case ACTION_EMULATE:
		return "emulate";
	case ACTION_FORWARD:
		return "forward";
	case ACTION_DENY:
		break;
	}
	return "deny";
}
