/* Checks that relate elements of a description to each other: names, references, CNode slots,
 * IRQ numbers, SMC grants (the build option and hazardous IDs) and VM policies. */
#ifndef WBUILD_CHECK_H
#define WBUILD_CHECK_H
#include "diag.h"
#include "model.h"

/* Resolves every reference in sys and reports what is wrong. smc_cap: the kernel has the SMC
 * capability type (the SMC_CAP build option). */
void check_system(struct system *sys, bool smc_cap, struct diag *d);

/* Appends the ranges in the form `[0x84000000, 0x8400001f]`, space-separated, to f. */
void print_ranges(FILE *f, const struct smc_range *ranges, size_t count);

#endif
