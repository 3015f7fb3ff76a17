/* PL011 UART output (Arm PL011 TRM): the firmware or QEMU has already configured it. */
#include <kernel/console.h>
#include <warden/fdt.h>
#include <warden/format.h>
#include <warden/string.h>

#define UART_DR 0x00
#define UART_FR 0x18
#define UART_FR_TXFF BIT(5)

static volatile u32 *uart;

bool console_init(const void *dtb)
{
	u32 len;
	int chosen = fdt_path_offset(dtb, "/chosen");
	const char *path = chosen >= 0 ? fdt_getprop(dtb, chosen, "stdout-path", &len) : NULL;
	char buf[64];
	u64 base, size;

	if (!path || len >= sizeof(buf))
		return false;
	/* stdout-path may carry options after ':' ("/pl011@9000000:115200n8"). */
	size_t n = 0;
	while (n < len && path[n] && path[n] != ':')
		n++;
	memcpy(buf, path, n);
	buf[n] = '\0';
	int node = fdt_path_offset(dtb, buf);
	if (node < 0 || !fdt_reg(dtb, node, 0, &base, &size))
		return false;
	uart = (volatile u32 *)base;
	return true;
}

void console_putc(char c)
{
	if (!uart)
		return;
	if (c == '\n')
		console_putc('\r');
	while (uart[UART_FR / 4] & UART_FR_TXFF)
		;
	uart[UART_DR / 4] = (u8)c;
}

void console_write(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		console_putc(s[i]);
}

static void sink(void *ctx, char c)
{
	console_putc(c);
}

void kvprintf(const char *fmt, va_list ap)
{
	format_v(sink, NULL, fmt, ap);
}

void kprintf(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	kvprintf(fmt, ap);
	va_end(ap);
}
