/* Reading a system description (XML) into the model, checking each element on its own: known
 * elements and attributes, required attributes, numbers, names, rights, ranges. */
#ifndef WBUILD_PARSE_H
#define WBUILD_PARSE_H
#include "diag.h"
#include "model.h"

/* Parses d->file into sys. Returns false if any error was reported; sys holds what could be
 * read either way and must be freed with system_free. */
bool parse_system(struct system *sys, struct diag *d);

#endif
