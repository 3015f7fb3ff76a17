/* QEMU virt platform glue: console on PL011 UART0, power control through the secure PL061 GPIO
 * (pin 0 powers off, pin 1 resets), entropy from RNDRRS, and the park loop of CPUs that are off. */
#include <stdarg.h>
#include <warden/format.h>
#include "arch.h"
#include "mmio.h"
#include "sysreg.h"
#include "../../psci.h"

#define UART0_BASE 0x09000000ul
#define UART_DR 0x00
#define UART_FR 0x18
#define UART_IBRD 0x24
#define UART_FBRD 0x28
#define UART_LCRH 0x2c
#define UART_CR 0x30
#define UART_FR_TXFF (1u << 5)

#define SECURE_GPIO_BASE 0x090b0000ul
#define GPIO_DIR 0x400
#define GPIO_PIN_POWEROFF 0
#define GPIO_PIN_RESET 1

void console_init(void)
{
	/* 115200 8N1 from the 24 MHz clock; QEMU ignores it, a real PL011 needs it. */
	mmio_write32(UART0_BASE + UART_CR, 0);
	mmio_write32(UART0_BASE + UART_IBRD, 13);
	mmio_write32(UART0_BASE + UART_FBRD, 1);
	mmio_write32(UART0_BASE + UART_LCRH, 0x70);
	mmio_write32(UART0_BASE + UART_CR, 0x301);
}

static void uart_putc(void *ctx, char c)
{
	if (c == '\n')
		uart_putc(ctx, '\r');
	while (mmio_read32(UART0_BASE + UART_FR) & UART_FR_TXFF)
		;
	mmio_write32(UART0_BASE + UART_DR, (u8)c);
}

static void uart_puts(const char *s)
{
	while (*s)
		uart_putc(NULL, *s++);
}

void console_printf(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	uart_puts("monitor: ");
	format_v(uart_putc, NULL, fmt, ap);
	va_end(ap);
}

NORETURN void monitor_panic(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	uart_puts("monitor: PANIC: ");
	format_v(uart_putc, NULL, fmt, ap);
	va_end(ap);
	for (;;)
		__asm__ volatile("wfi");
}

NORETURN void monitor_panic_exception(u64 kind, u64 esr, u64 elr, u64 far)
{
	monitor_panic("exception %lu at EL3: ESR_EL3 0x%lx ELR_EL3 0x%lx FAR_EL3 0x%lx\n", kind,
		      esr, elr, far);
}

bool plat_entropy64(u64 *out)
{
	u64 v, ok;

	/* RNDRRS sets NZCV to 0b0000 on success, 0b0100 when no entropy was available. */
	__asm__ volatile("mrs %0, " SYSREG_STR(RNDRRS) "\n\tcset %1, ne"
			 : "=r"(v), "=r"(ok)
			 :
			 : "cc");
	*out = v;
	return ok;
}

void plat_cpu_wake(unsigned cpu)
{
	gic_wake_cpu(cpu);
}

void plat_cpu_standby(void)
{
	dsb_sy();
	__asm__ volatile("wfi");
}

NORETURN void monitor_park(unsigned cpu)
{
	u64 entry, context_id;

	/* wfi, not wfe: QEMU's TCG runs a wfe loop as a busy loop, and a sleeping CPU does not
	 * slow the others. A wake-up SGI that arrives between the check and the wfi stays pending,
	 * so the wfi returns at once. */
	gic_wake_enable(true);
	while (!psci_take_pending(cpu, &entry, &context_id)) {
		dsb_sy();
		__asm__ volatile("wfi" ::: "memory");
		gic_wake_ack();
	}
	gic_wake_enable(false);
	/* A CPU that was on before may hold instruction lines of whatever was at the entry point
	 * then; the caller has cleaned the new code to the PoC (docs/memory.md). */
	__asm__ volatile("ic iallu\n dsb nsh" ::: "memory");
	cpu_reset_el2();
	monitor_enter_ns(entry, context_id);
}

NORETURN void plat_cpu_off(unsigned cpu)
{
	monitor_park(cpu);
}

static NORETURN void gpio_pulse(unsigned pin)
{
	mmio_write32(SECURE_GPIO_BASE + GPIO_DIR,
		     mmio_read32(SECURE_GPIO_BASE + GPIO_DIR) | 1u << pin);
	/* PL061 data: address bits 9:2 select which pins a write changes. */
	mmio_write32(SECURE_GPIO_BASE + ((1u << pin) << 2), 1u << pin);
	for (;;)
		__asm__ volatile("wfi");
}

NORETURN void plat_system_off(void)
{
	gpio_pulse(GPIO_PIN_POWEROFF);
}

NORETURN void plat_system_reset(void)
{
	gpio_pulse(GPIO_PIN_RESET);
}
