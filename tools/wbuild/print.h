/* A readable listing of a boot spec (`wbuild --print`), decoded from its bytes. */
#ifndef WBUILD_PRINT_H
#define WBUILD_PRINT_H
#include <stdio.h>

#include <warden/types.h>

/* Prints the spec; false (after saying why on f) if it is malformed. */
bool spec_print(FILE *f, const u8 *spec, size_t size);

#endif
