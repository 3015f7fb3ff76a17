/* The monitor's EL3 translation tables: an identity map with secure flash as Normal write-back
 * (read-only, executable), the devices as Device-nGnRnE, secure RAM as Normal write-back, and
 * non-secure DRAM as Normal write-back with the NS attribute. Every CPU turns its MMU and caches
 * on with these same tables before it touches shared state (docs/monitor.md), so the CPU_ON
 * mailbox and the SiP counters are in coherent, cacheable memory and their exclusives work. */
#include "arch.h"
#include "sysreg.h"

#define DESC_BLOCK 1ull
#define DESC_TABLE 3ull
#define DESC_ATTR(i) ((u64)(i) << 2)
#define DESC_NS (1ull << 5)
#define DESC_RO (1ull << 7) /* AP[2]: read-only */
#define DESC_SH_INNER (3ull << 8)
#define DESC_AF (1ull << 10)
#define DESC_XN (1ull << 54)

#define ATTR_NORMAL_WB 0
#define ATTR_DEVICE 1
#define MAIR_VALUE 0xffull /* attr0 Normal WB RW-allocate, attr1 Device-nGnRnE (0x00) */

#define NORMAL (DESC_ATTR(ATTR_NORMAL_WB) | DESC_SH_INNER | DESC_AF)
#define DEVICE (DESC_ATTR(ATTR_DEVICE) | DESC_AF | DESC_XN)

#define MIB2 (2ull << 20)
#define GIB (1ull << 30)
#define VA_BITS 39

/* QEMU virt's memory map below 1 GiB (hw/arm/virt.c): secure flash, then the devices the
 * monitor drives (GIC, UART, secure GPIO), then secure RAM. */
#define FLASH_END 0x08000000ull
#define DEVICE_END 0x0e000000ull
#define SECURE_RAM_END 0x0f000000ull

static u64 l1[512] __attribute__((aligned(4096)));
static u64 l2_low[512] __attribute__((aligned(4096)));

/* What entry.S loads into the MMU registers on every CPU (read with the MMU still off). */
struct el3_mmu_regs el3_mmu_regs;

extern char __data_start[], __bss_end[];

static unsigned ps_field(void)
{
	unsigned pa = read_sysreg(id_aa64mmfr0_el1) & 0xf;

	return pa < 2 ? pa : 2; /* 40 bits cover every address mapped here */
}

void monitor_mmu_build(u64 ns_dram_base, u64 ns_dram_end)
{
	for (u64 a = 0; a < SECURE_RAM_END; a += MIB2) {
		u64 attrs;
		if (a < FLASH_END)
			attrs = NORMAL | DESC_RO;
		else if (a < DEVICE_END)
			attrs = DEVICE;
		else
			attrs = NORMAL | DESC_XN;
		l2_low[a / MIB2] = a | DESC_BLOCK | attrs;
	}
	l1[0] = (u64)l2_low | DESC_TABLE;
	/* Non-secure DRAM, whole GiBs from the DTB's /memory node (QEMU virt: 1 GiB-aligned). */
	for (u64 a = ns_dram_base & ~(GIB - 1); a < ns_dram_end && a < (1ull << VA_BITS); a += GIB)
		if (a / GIB != 0)
			l1[a / GIB] = a | DESC_BLOCK | NORMAL | DESC_NS | DESC_XN;
	el3_mmu_regs.mair = MAIR_VALUE;
	el3_mmu_regs.tcr = TCR_EL3_RES1 | (64 - VA_BITS) | TCR_IRGN_WB | TCR_ORGN_WB |
			   TCR_SH_INNER | (u64)ps_field() << 16;
	el3_mmu_regs.ttbr = (u64)l1;
	el3_mmu_regs.sctlr = SCTLR_EL3_RES1 | SCTLR_M | SCTLR_C | SCTLR_I;
	/* Everything in secure RAM so far was written with the MMU off, straight to memory: drop
	 * any line a cache may hold for it, so that nothing stale shadows it once caches are on.
	 * With the MMU off these are Device accesses, broadcast to every CPU. */
	dsb_sy();
	cache_inval_poc((u64)__data_start, (u64)__bss_end - (u64)__data_start);
}
