/* Diagnostics in the `file:line: error: message` form editors and make understand. */
#include <stdarg.h>

#include "diag.h"

static void report(struct diag *d, const char *file, int line, const char *fmt, va_list ap)
{
	if (line > 0)
		fprintf(d->out, "%s:%d: error: ", file, line);
	else
		fprintf(d->out, "%s: error: ", file);
	vfprintf(d->out, fmt, ap);
	fputc('\n', d->out);
	d->errors++;
}

void diag_error(struct diag *d, int line, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	report(d, d->file, line, fmt, ap);
	va_end(ap);
}

void diag_file_error(struct diag *d, const char *file, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	report(d, file, 0, fmt, ap);
	va_end(ap);
}

void diag_warning(struct diag *d, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fprintf(d->out, "%s: warning: ", d->file);
	vfprintf(d->out, fmt, ap);
	fputc('\n', d->out);
	va_end(ap);
	d->warnings++;
}
