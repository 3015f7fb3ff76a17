/* Translation tables: the kernel's EL2 identity map and the stage-2 tables of address spaces. */
#ifndef KERNEL_MMU_H
#define KERNEL_MMU_H
#include <warden/types.h>

#define PAGE_SIZE 4096ul
#define PAGE_SHIFT 12
/* Input-address size of the kernel map and of every stage-2 table: 39 bits, 3 levels. */
#define VA_BITS 39
#define IPA_LIMIT (1ull << VA_BITS)

/* RAM the boot map covers, from the DTB's /memory node. */
extern u64 ram_base, ram_size;

void boot_mmu_init(const void *dtb);
void arch_mmu_enable(u64 ttbr0, u64 tcr, u64 mair);
/* Cleans [addr, addr + size) to the point of coherency (memory another observer reads with its
 * caches off: a secondary CPU at boot, the secure world, a guest with its MMU off). */
void dcache_clean_range(u64 addr, u64 size);
void dcache_inval_range(u64 addr, u64 size);
/* Clean and invalidate to the point of coherency: memory leaves the caches entirely, so a reader
 * with its caches off sees what was written with them on, and no stale line is left to hit when
 * it turns them on (docs/memory.md). */
void dcache_clean_inval_range(u64 addr, u64 size);
/* Invalidates every instruction cache to the point of unification (after new code was written
 * through the data side and cleaned to at least the PoU). */
void icache_inval_all(void);
u64 pa_range_bits(void);
u64 tcr_ps_field(void);

#endif
