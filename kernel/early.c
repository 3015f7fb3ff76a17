/* Before the MMU is on: which device tree to use. The boot loader's x0 is read under early_try
 * (head.S), so a fault while checking it means "no DTB there", not a hang; with the MMU off,
 * an unaligned or absent address faults. docs/boot.md, "What the kernel needs". */
#include <kernel/early.h>
#include <stdarg.h>
#include <warden/fdt.h>
#include <warden/format.h>
#include <warden/smccc.h>

#define DTB_MAX_SIZE (2u << 20)
#define EARLY_FAULTED (~0ull)
#define UART_DR 0x00
#define UART_FR 0x18
#define UART_FR_TXFF (1u << 5)

u64 early_try(u64 (*fn)(u64), u64 arg);
extern u64 early_fault_esr, early_fault_far;

struct early_report early_report;

enum { DTB_OK, DTB_BAD_HEADER, DTB_BAD_STRUCTURE };

/* Called under early_try: the header, every node, and the blob's last byte readable. */
static u64 check_dtb(u64 addr)
{
	const void *dtb = (const void *)addr;
	int depth = 0, nodes = 0;

	if (!fdt_check(dtb, DTB_MAX_SIZE))
		return DTB_BAD_HEADER;
	for (int n = fdt_next_node(dtb, -1, &depth); n >= 0; n = fdt_next_node(dtb, n, &depth))
		if (++nodes > 65536)
			return DTB_BAD_STRUCTURE;
	if (nodes == 0 || fdt_path_offset(dtb, "/") < 0)
		return DTB_BAD_STRUCTURE;
	(void)*(volatile const u8 *)(addr + fdt_totalsize(dtb) - 1);
	return DTB_OK;
}

/* Why addr is not a usable DTB, or NULL if it is. The text lives in buf for a fault. */
static const char *dtb_problem(u64 addr, char *buf, size_t len)
{
	if (!addr)
		return "it is 0";
	if (addr & 7)
		return "it is not 8-byte aligned";
	switch (early_try(check_dtb, addr)) {
	case DTB_OK:
		return NULL;
	case DTB_BAD_HEADER:
		return "no valid FDT header there (magic 0xd00dfeed, version >= 17, blocks inside "
		       "totalsize <= 2 MiB)";
	case DTB_BAD_STRUCTURE:
		return "its structure block is malformed";
	default:
		format_buf(buf, len, "reading it faulted (ESR 0x%lx, FAR 0x%lx)", early_fault_esr,
			   early_fault_far);
		return buf;
	}
}

const void *early_find_dtb(u64 x0)
{
	static char x0_buf[96];
	char fb_buf[96];
	const char *fb_why;

	early_report.x0 = x0;
	early_report.x0_why = dtb_problem(x0, x0_buf, sizeof(x0_buf));
	if (!early_report.x0_why)
		return (const void *)x0;
	fb_why = x0 == KERNEL_FALLBACK_DTB
		     ? early_report.x0_why
		     : dtb_problem(KERNEL_FALLBACK_DTB, fb_buf, sizeof(fb_buf));
	if (!fb_why)
		return (const void *)KERNEL_FALLBACK_DTB;
	early_printf("warden: no device tree: x0 = 0x%lx, %s; at 0x%lx (where the platform leaves "
		     "one), %s\nwarden: stopping: the kernel needs a DTB (docs/boot.md)\n",
		     x0, early_report.x0_why, (u64)KERNEL_FALLBACK_DTB, fb_why);
	early_stop();
}

static void early_putc(void *ctx, char c)
{
	volatile u32 *uart = (volatile u32 *)KERNEL_EARLY_UART;

	if (c == '\n')
		early_putc(ctx, '\r');
	while (uart[UART_FR / 4] & UART_FR_TXFF)
		;
	uart[UART_DR / 4] = (u8)c;
}

void early_printf(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	format_v(early_putc, NULL, fmt, ap);
	va_end(ap);
}

static u64 psci_system_off(u64 unused)
{
	register u64 x0 __asm__("x0") = PSCI_SYSTEM_OFF;

	__asm__ volatile("smc #0"
			 : "+r"(x0)
			 :
			 : "x1", "x2", "x3", "x4", "x5", "x6", "x7", "x8", "x9", "x10", "x11",
			   "x12", "x13", "x14", "x15", "x16", "x17", "memory");
	return x0;
}

NORETURN void early_stop(void)
{
	/* Without a DTB the PSCI conduit is unknown: smc is what every firmware here answers;
	 * where nothing does, the smc is undefined and early_try catches it. */
	early_try(psci_system_off, 0);
	for (;;)
		__asm__ volatile("wfi");
}

/* head.S: an exception other than those early_try expects, before kernel_main's vectors. */
NORETURN void early_exception(u64 kind, u64 esr, u64 elr, u64 far)
{
	early_printf("warden: exception (vector %lu) at EL2 during early boot: ESR 0x%lx ELR 0x%lx "
		     "FAR 0x%lx; stopping\n",
		     kind, esr, elr, far);
	early_stop();
}
