/* The kernel's EL2 stage-1 identity map (1 GiB blocks: devices below RAM, RAM Normal
 * write-back) and cache maintenance by address. */
#include <kernel/early.h>
#include <kernel/kernel.h>
#include <kernel/mmu.h>
#include <kernel/sysreg.h>
#include <warden/fdt.h>
#include <warden/string.h>

#define DESC_VALID BIT(0)
#define DESC_BLOCK (0ull << 1)
#define DESC_ATTR(i) ((u64)(i) << 2)
#define DESC_AP_RW (1ull << 6) /* AP[2:1] = 01; AP[1] is RES1 in the EL2 regime */
#define DESC_SH_INNER (3ull << 8)
#define DESC_AF BIT(10)
#define DESC_XN BIT(54)

#define MAIR_NORMAL_WB 0xffull
#define MAIR_DEVICE_NGNRE 0x04ull
#define ATTR_NORMAL 0
#define ATTR_DEVICE 1

#define GIB (1ull << 30)

u64 ram_base, ram_size;
static u64 boot_l1[512] __attribute__((aligned(4096)));

enum cache_op { CLEAN, INVAL, CLEAN_INVAL };

static void cache_op_range(u64 addr, u64 size, enum cache_op op)
{
	u64 line = 4u << (read_sysreg(ctr_el0) >> 16 & 0xf);
	u64 end = addr + size;

	dsb(sy);
	for (addr = ALIGN_DOWN(addr, line); addr < end; addr += line) {
		if (op == CLEAN)
			__asm__ volatile("dc cvac, %0" ::"r"(addr) : "memory");
		else if (op == INVAL)
			__asm__ volatile("dc ivac, %0" ::"r"(addr) : "memory");
		else
			__asm__ volatile("dc civac, %0" ::"r"(addr) : "memory");
	}
	dsb(sy);
}

void dcache_clean_range(u64 addr, u64 size)
{
	cache_op_range(addr, size, CLEAN);
}

void dcache_inval_range(u64 addr, u64 size)
{
	cache_op_range(addr, size, INVAL);
}

void dcache_clean_inval_range(u64 addr, u64 size)
{
	cache_op_range(addr, size, CLEAN_INVAL);
}

void icache_inval_all(void)
{
	/* Inner shareable: every CPU that may fetch the new code (one today). */
	__asm__ volatile("dsb ish\n ic ialluis\n dsb ish\n isb" ::: "memory");
}

u64 pa_range_bits(void)
{
	static const u8 bits[] = {32, 36, 40, 42, 44, 48, 52};
	u64 r = read_sysreg(id_aa64mmfr0_el1) & 0xf;

	return r < ARRAY_SIZE(bits) ? bits[r] : 48;
}

u64 tcr_ps_field(void)
{
	u64 r = read_sysreg(id_aa64mmfr0_el1) & 0xf;

	return r > 5 ? 5 : r; /* no 52-bit output addresses: 4 KiB granule without LPA2 */
}

extern char _start[], __image_end[];

void boot_mmu_init(const void *dtb)
{
	u64 image = (u64)_start, image_size = *(u64 *)(_start + 16);

	if (!mem_init(dtb, image, image_size)) {
		early_printf("warden: the device tree at %p has no /memory node with a reg; "
			     "stopping\n",
			     dtb);
		early_stop();
	}
	/* Everything below RAM (flash, GIC, UART, ...) as device memory, never executable. */
	for (u64 a = 0; a < ALIGN_DOWN(ram_base, GIB) && a < IPA_LIMIT; a += GIB)
		boot_l1[a / GIB] = a | DESC_VALID | DESC_BLOCK | DESC_ATTR(ATTR_DEVICE) |
				   DESC_AP_RW | DESC_AF | DESC_XN;
	/* Each GiB that holds RAM as Normal write-back memory. */
	for (unsigned i = 0; i < boot_memmap.nram; i++)
		for (u64 a = ALIGN_DOWN(boot_memmap.ram[i].base, GIB);
		     a < boot_memmap.ram[i].end && a < IPA_LIMIT; a += GIB)
			boot_l1[a / GIB] = a | DESC_VALID | DESC_BLOCK | DESC_ATTR(ATTR_NORMAL) |
					   DESC_AP_RW | DESC_SH_INNER | DESC_AF;
	/* Relocations, bss and this table were written with the MMU off, straight to memory: drop
	 * any stale copies a cache may hold from before, so nothing shadows them later. */
	dcache_inval_range(image, (u64)__image_end - image);

	u64 tcr = (64 - VA_BITS) | (1ull << 8) | (1ull << 10) | (3ull << 12) |
		  (tcr_ps_field() << 16) | BIT(23) | BIT(31);
	arch_mmu_enable((u64)boot_l1, tcr, MAIR_NORMAL_WB | MAIR_DEVICE_NGNRE << 8);
}
