/* A small printf engine shared by monitor, kernel, components and host tests. */
#include <warden/format.h>

static void emit_num(format_sink sink, void *ctx, u64 v, unsigned base, bool upper, bool neg,
		     int width, char pad, bool left)
{
	char tmp[24];
	const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	int n = 0;

	do {
		tmp[n++] = digits[v % base];
		v /= base;
	} while (v);
	int len = n + (neg ? 1 : 0);
	if (neg && pad == '0')
		sink(ctx, '-');
	for (; !left && len < width; width--)
		sink(ctx, pad);
	if (neg && pad != '0')
		sink(ctx, '-');
	while (n)
		sink(ctx, tmp[--n]);
	for (; left && len < width; width--)
		sink(ctx, ' ');
}

void format_v(format_sink sink, void *ctx, const char *fmt, va_list ap)
{
	for (; *fmt; fmt++) {
		if (*fmt != '%') {
			sink(ctx, *fmt);
			continue;
		}
		fmt++;
		bool left = false;
		char pad = ' ';
		int width = 0, lng = 0;
		for (;; fmt++) {
			if (*fmt == '-')
				left = true;
			else if (*fmt == '0')
				pad = '0';
			else
				break;
		}
		while (*fmt >= '0' && *fmt <= '9')
			width = width * 10 + (*fmt++ - '0');
		while (*fmt == 'l' || *fmt == 'z') {
			lng++;
			fmt++;
		}
		switch (*fmt) {
		case 'd':
		case 'i': {
			s64 v = lng ? va_arg(ap, s64) : va_arg(ap, int);
			emit_num(sink, ctx, v < 0 ? -(u64)v : (u64)v, 10, false, v < 0, width, pad,
				 left);
			break;
		}
		case 'u':
			emit_num(sink, ctx, lng ? va_arg(ap, u64) : va_arg(ap, unsigned), 10, false,
				 false, width, pad, left);
			break;
		case 'x':
		case 'X':
			emit_num(sink, ctx, lng ? va_arg(ap, u64) : va_arg(ap, unsigned), 16,
				 *fmt == 'X', false, width, pad, left);
			break;
		case 'p':
			sink(ctx, '0');
			sink(ctx, 'x');
			emit_num(sink, ctx, (uintptr_t)va_arg(ap, void *), 16, false, false, width,
				 pad, left);
			break;
		case 'c':
			sink(ctx, (char)va_arg(ap, int));
			break;
		case 's': {
			const char *s = va_arg(ap, const char *);
			int len = 0;
			if (!s)
				s = "(null)";
			while (s[len])
				len++;
			for (; !left && len < width; width--)
				sink(ctx, ' ');
			for (const char *p = s; *p; p++)
				sink(ctx, *p);
			for (; left && len < width; width--)
				sink(ctx, ' ');
			break;
		}
		case '%':
			sink(ctx, '%');
			break;
		case '\0':
			return;
		default:
			sink(ctx, '%');
			sink(ctx, *fmt);
		}
	}
}

struct buf_sink {
	char *buf;
	size_t size, len;
};

static void buf_put(void *ctx, char c)
{
	struct buf_sink *b = ctx;

	if (b->len + 1 < b->size)
		b->buf[b->len] = c;
	b->len++;
}

int format_buf(char *buf, size_t size, const char *fmt, ...)
{
	struct buf_sink b = {buf, size, 0};
	va_list ap;

	va_start(ap, fmt);
	format_v(buf_put, &b, fmt, ap);
	va_end(ap);
	if (size)
		buf[b.len < size ? b.len : size - 1] = '\0';
	return (int)b.len;
}
