/* printf-style formatting into a character sink: %s %c %d %i %u %x %X %p %%, with l/ll/z
 * length modifiers, a field width and the 0 and - flags. */
#ifndef WARDEN_FORMAT_H
#define WARDEN_FORMAT_H
#include <stdarg.h>
#include <warden/types.h>

typedef void (*format_sink)(void *ctx, char c);

void format_v(format_sink sink, void *ctx, const char *fmt, va_list ap);
/* Formats into buf (always NUL-terminated when size > 0); returns the untruncated length. */
int format_buf(char *buf, size_t size, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

#endif
