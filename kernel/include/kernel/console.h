/* Kernel console (docs/console.md): the PL011 the DTB's /chosen/stdout-path names, shared by the
 * kernel, the components (SYS_DEBUG_PUTS) and the console guest. The kernel's and components'
 * lines are written whole; the console guest's bytes pass through raw, and its data-register
 * stores and flag-register reads are answered here without a trip to its VMM. Typed bytes go to
 * the console guest's VMM as FAULT_CONSOLE_INPUT messages. */
#ifndef KERNEL_CONSOLE_H
#define KERNEL_CONSOLE_H
#include <warden/types.h>

struct tcb;
struct aspace;
struct endpoint;

/* The physical UART (kernel/drivers/pl011.c). */
bool uart_init(const void *dtb);
void uart_putc(u8 c);
u32 uart_rx_intid(void); /* its receive interrupt, 0 if unknown */
void uart_rx_enable(void);
bool uart_getc(u8 *c); /* a received byte, if any */

bool console_init(const void *dtb);
/* The kernel's own output (kprintf); a '\n' ends a line. */
void console_putc(char c);
void console_write(const char *s, size_t n);

/* A component's output: buffered per thread (t->con_line) and written a whole line at a time. */
void console_thread_write(struct tcb *t, const char *s, size_t n);
/* Writes what t has buffered without its line end (t exits or stops). */
void console_thread_flush(struct tcb *t);

/* The console guest: the VM whose vCPUs run in address space as (boot spec BS_PD_CONSOLE), whose
 * VMM receives on ep. */
void console_set_guest(struct aspace *as, struct endpoint *ep);
/* Starts taking input for the console guest, unless intid is bound to a component (then the
 * UART's receive interrupt is that component's). Call after the boot spec is applied. */
void console_start_input(void);
/* A stage-2 data abort of vCPU t at ipa (syndrome iss): true if it was the console guest's
 * UARTDR store or UARTFR load and is done (PC advanced). */
bool console_guest_mmio(struct tcb *t, u64 iss, u64 ipa);
/* VCPU_CONSOLE_RX: whether the VMM's model holds received data (FR reads then go to it). False
 * if t is not a vCPU of the console guest. */
bool console_set_rx_pending(struct tcb *t, bool pending);
/* The interrupt intid was the UART's receive interrupt: true if handled (the caller EOIs). */
bool console_irq(u32 intid);
/* Delivers buffered input to the console guest's VMM if it waits (each timer tick). */
void console_poll(void);
/* Whether typed input could still wake a thread. */
bool console_can_wake(void);

#include <stdarg.h>
void kvprintf(const char *fmt, va_list ap);
void kprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
NORETURN void panic(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
