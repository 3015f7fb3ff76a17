/* Emitting the boot spec (lib/include/warden/bootspec.h) from a checked description. */
#ifndef WBUILD_EMIT_H
#define WBUILD_EMIT_H
#include "diag.h"
#include "model.h"

/* The spec bytes in a new buffer. Only for a description that passed every check and whose
 * images are loaded; false (after an error) if the spec would not fit its 32-bit offsets. */
bool emit_spec(const struct system *sys, bool smc_cap, u8 **spec, size_t *size, struct diag *d);

#endif
