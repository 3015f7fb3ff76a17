/* The compile pipeline: parse, check, load images, build virtual machines (their RAM contents,
 * DTBs and VMMs) and SMC brokers' configuration pages, lay out address spaces, emit. Each stage
 * reports all it finds; a stage runs only when the ones before it found nothing wrong. */
#include <stdlib.h>
#include <string.h>

#include "broker.h"
#include "check.h"
#include "emit.h"
#include "layout.h"
#include "parse.h"
#include "vm.h"
#include "wbuild.h"

bool wbuild_compile(const struct wbuild_options *opt, struct diag *d, struct wbuild_result *res)
{
	struct system *sys = &res->sys;
	unsigned before = d->errors;

	memset(res, 0, sizeof(*res));
	if (!parse_system(sys, d))
		return false;
	check_system(sys, opt->smc_cap, d);
	if (d->errors != before)
		return false;
	load_images(sys, &opt->search, d);
	if (d->errors != before)
		return false;
	vm_build_all(sys, d);
	if (d->errors != before)
		return false;
	broker_build_all(sys);
	for (size_t i = 0; i < sys->pds.n; i++)
		layout_check(sys, &sys->pds.v[i], d);
	for (size_t i = 0; i < sys->vms.n; i++)
		layout_check(sys, &sys->vms.v[i].vmm, d);
	if (d->errors != before)
		return false;
	return emit_spec(sys, opt->smc_cap, &res->spec, &res->spec_size, d);
}

void wbuild_result_free(struct wbuild_result *res)
{
	system_free(&res->sys);
	free(res->spec);
	res->spec = NULL;
}
