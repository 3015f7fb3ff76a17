/* Kernel start: console, exception vectors, GIC, timer, stage 2, then the system from the boot
 * spec, then the first thread. */
#include <kernel/console.h>
#include <kernel/early.h>
#include <kernel/fpsimd.h>
#include <kernel/gic.h>
#include <kernel/idreg.h>
#include <kernel/kernel.h>
#include <kernel/mmu.h>
#include <kernel/smc.h>
#include <kernel/thread.h>
#include <kernel/sysreg.h>
#include <kernel/timer.h>
#include <kernel/vcpu.h>
#include <kernel/vgic.h>
#include <warden/fdt.h>
#include <warden/format.h>
#include <warden/smccc.h>

extern char _start[], __image_end[], el2_vectors[];
NORETURN void exception_return(struct regs *r);

/* EL0 components: stage 1 off (TGE) with Normal write-back memory (DC), stage 2 on (VM);
 * SMC traps; interrupts to EL2. */
#define HCR_COMPONENTS                                                                             \
	(HCR_RW | HCR_TGE | HCR_DC | HCR_VM | HCR_TSC | HCR_SWIO | HCR_IMO | HCR_FMO | HCR_AMO)

static bool panicked;

/* The system's last line (tools/qemu.py reads it: keep the wording in step). */
NORETURN void system_off(void)
{
	struct smc_args a = {{PSCI_SYSTEM_OFF}};
	const char *first;
	u32 failed = thread_failures(&first);

	if (panicked)
		kprintf("warden: power off after a kernel panic\n");
	else if (failed)
		kprintf("warden: power off: %u guest or component thread%s stopped for a fault or "
			"exited with a failure status (first: '%s')\n",
			failed, failed == 1 ? "" : "s", first);
	else
		kprintf("warden: power off: no guest or component was stopped for a fault\n");
	arch_smc_call(&a);
	kprintf("warden: PSCI SYSTEM_OFF returned %ld; halting\n", (s64)a.x[0]);
	for (;;)
		__asm__ volatile("wfe");
}

NORETURN void panic(const char *fmt, ...)
{
	va_list ap;

	kprintf("\nKERNEL PANIC: ");
	va_start(ap, fmt);
	kvprintf(fmt, ap);
	va_end(ap);
	kprintf("\n");
	panic_off();
}

NORETURN void panic_off(void)
{
	panicked = true;
	system_off();
}

/* The cycle counter counts at EL0, EL1 and EL2, and at EL3 only where the monitor allows it
 * (MDCR_EL3.SPME, benchmark builds of the monitor: PMCR_EL0.DP stops it wherever event counting
 * is prohibited). EL0 may use the PMU only in threads the system description grants it
 * (pmu="true", el0_state.h); no thread has it yet. Under QEMU -icount it counts instructions. */
void pmu_init(void)
{
	u64 n = (read_sysreg(pmcr_el0) >> 11) & 0x1f;

	write_sysreg(mdcr_el2, n); /* HPMN: all counters to EL0/EL1 */
	write_sysreg(pmccfiltr_el0, BIT(27));
	/* E, reset cycles, DP, 64-bit cycles */
	write_sysreg(pmcr_el0, BIT(0) | BIT(2) | BIT(5) | BIT(6));
	write_sysreg(pmcntenset_el0, BIT(31));
	write_sysreg(pmuserenr_el0, 0);
	isb();
}

static const char *firmware_name(const void *dtb)
{
	int n = fdt_path_offset(dtb, "/psci");
	u32 len;
	const char *m = n >= 0 ? fdt_getprop(dtb, n, "method", &len) : NULL;

	return m ? m : "none";
}

static u64 chosen_u64(const void *dtb, int node, const char *name, bool *ok)
{
	u32 len;
	const u8 *p = fdt_getprop(dtb, node, name, &len);

	*ok = p && (len == 4 || len == 8);
	if (!*ok)
		return 0;
	return len == 4 ? fdt_be32(p) : (u64)fdt_be32(p) << 32 | fdt_be32(p + 4);
}

/* What /chosen names besides the console: this kernel runs no initrd and reads no command
 * line, but says what it was given (a boot loader's hand-off is visible in the log). */
static void report_chosen(const void *dtb)
{
	int chosen = fdt_path_offset(dtb, "/chosen");
	bool ok_start, ok_end;
	u32 len;

	if (chosen < 0)
		return;
	const char *args = fdt_getprop(dtb, chosen, "bootargs", &len);
	if (args && len && args[len - 1] == '\0')
		kprintf("warden: /chosen bootargs \"%s\" (not used)\n", args);
	u64 start = chosen_u64(dtb, chosen, "linux,initrd-start", &ok_start);
	u64 end = chosen_u64(dtb, chosen, "linux,initrd-end", &ok_end);
	if (ok_start && ok_end)
		kprintf("warden: /chosen initrd %lx..%lx (not used)\n", start, end);
}

NORETURN void kernel_main(void *dtb)
{
	/* early_find_dtb (head.S) has validated dtb; it may lack the console, though. */
	if (!console_init(dtb)) {
		early_printf("warden: the device tree at %p names no console (/chosen stdout-path "
			     "to a node with a reg); stopping\n",
			     dtb);
		early_stop();
	}
	u64 image_size = *(u64 *)(_start + 16);
	if (early_report.x0_why)
		kprintf("warden: x0 = 0x%lx is not a device tree: %s; using the one at %p, where "
			"the platform (QEMU virt) leaves it\n",
			early_report.x0, early_report.x0_why, dtb);
	kprintf("warden: EL2 kernel at %p (image %lu KiB), DTB at %p, RAM %lx..%lx, PSCI via %s\n",
		_start, image_size / 1024, dtb, ram_base, ram_base + ram_size, firmware_name(dtb));
	write_sysreg(vbar_el2, (u64)el2_vectors);
	isb();
	if (!gic_init(dtb))
		panic("no usable GICv3 in the device tree");
	if (!timer_init(dtb))
		panic("no arm,armv8-timer in the device tree");
	stage2_init();
	pmu_init();
	fpsimd_init();		      /* CPTR_EL2: FP/SIMD, SVE, SME, trace and AMU trap */
	write_sysreg(cntkctl_el1, 3); /* EL0 may read the counters */
	write_sysreg(cpacr_el1, 3ull << 20);
	write_sysreg(hcr_el2, HCR_COMPONENTS);
	/* EL0 may clean caches by address (DC CVAC/CVAU/CIVAC, IC IVAU: harmless, they never drop
	 * data) and read CTR_EL0 for the line size: a VMM cleans the guest RAM it rewrites
	 * (docs/memory.md). With TGE set these SCTLR_EL1 bits still govern EL0; the register is
	 * written whole (SCTLR_EL1_NATIVE: every EL0-visible bit chosen). */
	write_sysreg(sctlr_el1, SCTLR_EL1_NATIVE);
	isb();
	idreg_init();
	vcpu_init_arch();

	mem_report();
	report_chosen(dtb);
	smc_discover_version(); /* before any component can make a call */
	boot_create_system(__image_end, (u64)_start + image_size - (u64)__image_end);
	console_start_input();
	if (vcpus_exist()) {
		gic_enable_irq(VTIMER_INTID, false);
		gic_enable_irq(VGIC_MAINT_INTID, false); /* the vGIC's (kernel/vgic.c) */
	}

	struct tcb *t = schedule();
	kprintf("warden: entering EL0\n");
	exception_return(&t->regs);
}
