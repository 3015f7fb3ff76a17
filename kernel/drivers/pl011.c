/* The physical PL011 UART (Arm DDI 0183G) that /chosen/stdout-path names: the firmware or QEMU
 * has already configured its line; the kernel sends bytes and, for the console guest, takes its
 * receive interrupt (docs/console.md). What goes to it, and in what order, is kernel/console.c's
 * business. */
#include <kernel/console.h>
#include <warden/fdt.h>
#include <warden/pl011.h>
#include <warden/string.h>

static volatile u32 *uart;
static u32 rx_intid; /* its interrupt (an SPI), or 0 if the DTB names none */

bool uart_init(const void *dtb)
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
	/* interrupts = <type number flags>: type 0 is an SPI, INTID 32 + number. */
	const u8 *irq = fdt_getprop(dtb, node, "interrupts", &len);
	if (irq && len >= 12 && fdt_be32(irq) == 0 && fdt_be32(irq + 4) < 988)
		rx_intid = 32 + fdt_be32(irq + 4);
	return true;
}

void uart_putc(u8 c)
{
	if (!uart)
		return;
	while (uart[PL011_FR / 4] & PL011_FR_TXFF)
		;
	uart[PL011_DR / 4] = c;
}

u32 uart_rx_intid(void)
{
	return uart ? rx_intid : 0;
}

void uart_rx_enable(void)
{
	uart[PL011_ICR / 4] = PL011_INT_RX | PL011_INT_RT;
	uart[PL011_IMSC / 4] = uart[PL011_IMSC / 4] | PL011_INT_RX | PL011_INT_RT;
}

bool uart_getc(u8 *c)
{
	if (!uart || (uart[PL011_FR / 4] & PL011_FR_RXFE))
		return false;
	*c = (u8)uart[PL011_DR / 4];
	return true;
}
