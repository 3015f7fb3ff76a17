/* Boot flow on QEMU virt: the boot CPU sets up EL3 and the GIC, loads the non-secure image from
 * flash, adds the psci node to QEMU's DTB and enters NS EL2 by the Linux arm64 boot protocol;
 * the other CPUs set themselves up and park until PSCI CPU_ON. Also the C side of SMC entry. */
#include <warden/fdt.h>
#include <warden/platform.h>
#include <warden/string.h>
#include "arch.h"
#include "sysreg.h"
#include "../../boot.h"
#include "../../call_counter.h"
#include "../../psci.h"
#include "../../sip.h"

#define FLASH_SIZE 0x04000000ul
/* QEMU reserves the first 1 MiB of DRAM for its DTB. */
#define DTB_MAX_SIZE 0x100000u

volatile u64 boot_done;

/* Per-CPU EL3 stacks (entry.S computes each CPU's top). */
u8 monitor_stacks[MAX_CPUS << STACK_SHIFT] __attribute__((aligned(16)));

/* The initrd from flash to the top of DRAM (2 MiB aligned), named in /chosen with the
 * command line (boot parameters, docs/boot.md). */
static void load_initrd_and_cmdline(void *dtb, const struct boot_params *p, u64 image_end)
{
	u64 start = 0, end = 0;
	int err;

	if (p->initrd_size) {
		if (p->initrd_offset < FLASH_NS_IMAGE_OFFSET || p->initrd_offset > FLASH_SIZE ||
		    p->initrd_size > FLASH_SIZE - p->initrd_offset)
			monitor_panic("boot parameters: the initrd lies outside the flash\n");
		start = (platform.ns_dram_end - p->initrd_size) & ~0x1fffffull;
		end = start + p->initrd_size;
		if (p->initrd_size > platform.ns_dram_end - platform.ns_dram_base ||
		    start < image_end)
			monitor_panic(
			    "boot parameters: no room for the initrd (%lu bytes) above the "
			    "image\n",
			    p->initrd_size);
		memcpy((void *)start, (const void *)p->initrd_offset, p->initrd_size);
		cache_clean_inval_poc(start, p->initrd_size);
		console_printf("initrd: %lu bytes at 0x%lx..0x%lx\n", p->initrd_size, start, end);
	}
	err = boot_set_chosen(dtb, DTB_MAX_SIZE, start, end, p->cmdline, p->cmdline_len);
	if (err)
		monitor_panic("cannot name the initrd and command line in /chosen (%s)\n",
			      err == -2	  ? "it names them already"
			      : err == -3 ? "command line too long"
					  : "no room in the device tree");
	if (p->cmdline) {
		u32 len;
		const char *args =
		    fdt_getprop(dtb, fdt_path_offset(dtb, "/chosen"), "bootargs", &len);
		console_printf("bootargs: \"%s\"\n", args ? args : "");
	}
}

static void load_ns_image(u64 *entry, u64 *end)
{
	const struct arm64_image_header *h = (const void *)FLASH_NS_IMAGE_OFFSET;
	u64 load, size;
	const char *err = boot_check_image(h, FLASH_SIZE - FLASH_NS_IMAGE_OFFSET,
					   NS_IMAGE_LOAD_BASE, platform.ns_dram_end, &load, &size);

	if (err)
		monitor_panic("cannot boot the non-secure image: %s\n", err);
	memcpy((void *)load, h, size);
	/* Written with the caches on; the kernel reads it with its MMU off (docs/memory.md). */
	cache_clean_inval_poc(load, size);
	*entry = load;
	*end = load + h->image_size;
}

/* A test mode of the boot parameters: the x0 the image gets, and what is done to the DTB, so
 * tests reach each of the kernel's early failure paths (QEMU always provides a good DTB). */
static u64 x0_for_test(enum boot_x0_test mode, void *dtb)
{
	u8 *copy = (u8 *)NS_DRAM_BASE + DTB_MAX_SIZE - 4096; /* free: below the image */

	switch (mode) {
	case BOOT_X0_ZERO:
		return 0;
	case BOOT_X0_UNALIGNED:
		return NS_DRAM_BASE + 1;
	case BOOT_X0_BEYOND_RAM:
		return platform.ns_dram_end;
	case BOOT_X0_CORRUPT:
		memcpy(copy, dtb, sizeof(struct fdt_header));
		copy[0] ^= 0xff;
		cache_clean_inval_poc((u64)copy, sizeof(struct fdt_header));
		return (u64)copy;
	case BOOT_X0_NO_DTB:
		((u8 *)dtb)[0] ^= 0xff;
		return NS_DRAM_BASE;
	case BOOT_X0_NO_UART: {
		u32 len;
		int chosen = fdt_path_offset(dtb, "/chosen");
		char *path =
		    chosen >= 0 ? (char *)fdt_getprop(dtb, chosen, "stdout-path", &len) : NULL;
		if (path && len >= 6) {
			memset(path, 0, len);
			memcpy(path, "/none", 5);
		}
		return NS_DRAM_BASE;
	}
	default:
		return NS_DRAM_BASE;
	}
}

void monitor_main(void)
{
	struct boot_params params;
	struct cpu_features f;
	void *dtb = (void *)NS_DRAM_BASE;
	const char *err;
	u64 entry, image_end;

	console_init();
	cpu_init_el3(&f);
	gic_init_distributor();
	if (!gic_init_cpu())
		monitor_panic("no GIC redistributor for the boot CPU\n");
	if (!fdt_check(dtb, DTB_MAX_SIZE))
		monitor_panic("no valid device tree at 0x%lx\n", NS_DRAM_BASE);
	err = boot_read_platform(dtb, &platform);
	if (err)
		monitor_panic("%s\n", err);
	/* The DTB has been read with the MMU off; from here on, caches on (docs/monitor.md). */
	monitor_mmu_build(platform.ns_dram_base, platform.ns_dram_end);
	monitor_mmu_on();
	platform.has_rng = f.rng;
	psci_init(0);
	err = sip_init(&sip_state, f.rng);
	console_printf("EL3 up, %u CPUs, %lu MiB DRAM, features:%s%s%s%s%s\n",
		       (unsigned)__builtin_popcount(platform.cpu_present),
		       (platform.ns_dram_end - platform.ns_dram_base) >> 20,
		       f.pauth ? " pauth" : "", f.sve ? " sve" : "", f.sme ? " sme" : "",
		       f.mte ? " mte" : "", f.rng ? " rng" : " (no rng: TRNG off)");
	u64 sctlr = read_sysreg(sctlr_el3);
	if ((sctlr & (SCTLR_M | SCTLR_C | SCTLR_I)) == (SCTLR_M | SCTLR_C | SCTLR_I))
		console_printf("EL3 MMU and caches on (SCTLR_EL3 0x%lx)\n", sctlr);
	if (err)
		console_printf("no device secret: %s; SIP_DERIVE_KEY64 answers -1\n", err);
	err = boot_read_params((const char *)FLASH_PARAMS_OFFSET, FLASH_PARAMS_SIZE, &params);
	if (err)
		monitor_panic("%s\n", err);
	load_ns_image(&entry, &image_end);
	if (boot_add_psci_node(dtb, DTB_MAX_SIZE) < 0)
		monitor_panic("no room for the psci node in the device tree\n");
	int methods = boot_add_enable_methods(dtb, DTB_MAX_SIZE);
	if (methods < 0)
		monitor_panic("no room for enable-method in the device tree's cpu nodes\n");
	if (methods)
		console_printf("enable-method = \"psci\" added to %d cpu nodes\n", methods);
	load_initrd_and_cmdline(dtb, &params, image_end);
	u64 x0 = NS_DRAM_BASE;
	if (params.x0_test != BOOT_X0_DTB) {
		x0 = x0_for_test(params.x0_test, dtb);
		console_printf("test mode x0=%s: x0 = 0x%lx\n", boot_x0_test_names[params.x0_test],
			       x0);
	}
	cache_clean_inval_poc(NS_DRAM_BASE, DTB_MAX_SIZE);
	__asm__ volatile("ic iallu" ::: "memory");
	dsb_sy();
	/* The other CPUs poll this with their MMU still off: push it to memory. */
	boot_done = BOOT_DONE_MAGIC;
	cache_clean_inval_poc((u64)&boot_done, sizeof(boot_done));
	__asm__ volatile("sev");
	console_printf("entering EL2 at 0x%lx, dtb 0x%lx\n", entry, NS_DRAM_BASE);
	cpu_reset_el2();
	monitor_enter_ns(entry, x0);
}

void monitor_secondary_main(u64 cpu)
{
	struct cpu_features f;

	cpu_init_el3(&f);
	if (!gic_init_cpu())
		monitor_panic("no GIC redistributor for CPU %lu\n", cpu);
	monitor_park((unsigned)cpu);
}

/* A trap from a lower EL that is not an SMC (an EL3 trap the monitor did not mean to set): the
 * caller gets an undefined-instruction exception at EL2, as if the instruction did not exist. */
static void inject_undef_el2(u64 esr)
{
	u64 spsr = read_sysreg(spsr_el3), elr = read_sysreg(elr_el3);
	u64 mode = spsr & 0x1f, offset;

	if (mode == 0x9) /* EL2h */
		offset = 0x200;
	else if (mode == 0x8) /* EL2t */
		offset = 0x000;
	else if (mode & 0x10) /* AArch32 lower EL */
		offset = 0x600;
	else
		offset = 0x400;
	console_printf(
	    "trap from NS (ESR_EL3 0x%lx, ELR_EL3 0x%lx): undefined instruction at EL2\n", esr,
	    elr);
	write_sysreg(elr_el2, elr);
	write_sysreg(spsr_el2, spsr);
	write_sysreg(esr_el2, ESR_IL);
	write_sysreg(elr_el3, read_sysreg(vbar_el2) + offset);
	write_sysreg(spsr_el3, SPSR_EL2H_DAIF);
}

void monitor_sync_lower(struct smc_frame *f, u64 cpu, u64 esr)
{
	u32 ec = (u32)(esr >> ESR_EC_SHIFT);

	/* entry.S sends smc #0 from AArch64 to smc_dispatch directly. */
	if (ec == ESR_EC_SMC64 || ec == ESR_EC_SMC32) {
		/* A nonzero immediate is reserved; AArch32 callers are not served. */
		call_counter_record(&call_counters, (unsigned)cpu, (u32)f->x[0]);
		smc_set_status(f, SMCCC_NOT_SUPPORTED);
	} else {
		inject_undef_el2(esr);
	}
}
