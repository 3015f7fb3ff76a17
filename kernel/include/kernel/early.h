/* The kernel's first steps, before its MMU and console are up (kernel/early.c): choosing the
 * device tree and reporting on the build's console when there is none. */
#ifndef KERNEL_EARLY_H
#define KERNEL_EARLY_H
#include <warden/types.h>

/* Where the platform leaves a device tree when the boot loader's x0 is not one, and the UART
 * the kernel writes to before (or without) a device tree: the build names them
 * (mk/config.mk: KERNEL_FALLBACK_DTB, KERNEL_EARLY_UART; QEMU virt's values by default). */
#ifndef KERNEL_FALLBACK_DTB
#define KERNEL_FALLBACK_DTB 0x40000000ul
#endif
#ifndef KERNEL_EARLY_UART
#define KERNEL_EARLY_UART 0x09000000ul
#endif

/* What early_find_dtb saw, for kernel_main to report once the console is up. */
struct early_report {
	u64 x0;
	const char *x0_why; /* NULL: x0 was the DTB used */
};
extern struct early_report early_report;

/* The DTB to boot with: x0 if it is one, else the platform's (validated). Neither: says why on
 * the build's console and stops. Runs with the MMU off, after bss and relocations. */
const void *early_find_dtb(u64 x0);
/* printf to the build's console (KERNEL_EARLY_UART), each line prefixed by nothing. */
void early_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Asks PSCI SYSTEM_OFF by smc (if nothing answers, waits in wfi for good). */
NORETURN void early_stop(void);

#endif
