/* Diagnostics: every error the builder reports reads `file:line: error: message`. */
#ifndef WBUILD_DIAG_H
#define WBUILD_DIAG_H
#include <stdio.h>

struct diag {
	FILE *out;
	const char *file; /* the description being compiled */
	unsigned errors;
	unsigned warnings;
};

/* An error at line of the description; line 0 means the file as a whole. */
void diag_error(struct diag *d, int line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* An error about another file (the kernel, an output). */
void diag_file_error(struct diag *d, const char *file, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* A warning about the description as a whole (`file: warning: message`): the image is still
 * built. */
void diag_warning(struct diag *d, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
