/* The builder's pipeline, from a description file to boot spec bytes, as the command line and
 * the tests drive it. */
#ifndef WBUILD_WBUILD_H
#define WBUILD_WBUILD_H
#include "diag.h"
#include "images.h"
#include "model.h"

struct wbuild_options {
	bool smc_cap; /* the kernel has the SMC capability type (SMC_CAP) */
	struct search_path search;
};

struct wbuild_result {
	struct system sys;
	u8 *spec;
	size_t spec_size;
};

/* Parses, checks and compiles d->file. On failure every problem found has been reported to d;
 * the result must be freed either way. */
bool wbuild_compile(const struct wbuild_options *opt, struct diag *d, struct wbuild_result *res);
void wbuild_result_free(struct wbuild_result *res);

#endif
