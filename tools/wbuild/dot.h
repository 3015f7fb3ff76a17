/* The system as a Graphviz graph (`wbuild --dot`): components, channels, memory, guests, and
 * the secure-world authority each one holds. */
#ifndef WBUILD_DOT_H
#define WBUILD_DOT_H
#include <stdio.h>

#include "model.h"

/* Writes the graph of a checked description. */
void dot_write(FILE *f, const struct system *sys);

#endif
