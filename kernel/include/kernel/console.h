/* Kernel console: the PL011 the DTB's /chosen/stdout-path names. */
#ifndef KERNEL_CONSOLE_H
#define KERNEL_CONSOLE_H
#include <warden/types.h>

bool console_init(const void *dtb);
void console_putc(char c);
void console_write(const char *s, size_t n);
#include <stdarg.h>
void kvprintf(const char *fmt, va_list ap);
void kprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
NORETURN void panic(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
