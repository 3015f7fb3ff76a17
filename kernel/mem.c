/* Boot-time memory: a first-fit bump allocator over all RAM the DTB describes, minus the kernel
 * image (with its boot spec), the DTB, /memreserve/ and /reserved-memory (lib/src/memmap.c).
 * The system is static (DESIGN.md §3): everything is allocated while the boot spec is read. */
#include <kernel/console.h>
#include <kernel/kernel.h>
#include <kernel/mmu.h>
#include <warden/string.h>

struct memmap boot_memmap;
/* Where each free range began: mem_alloc only moves a range's base up, so [initial[i],
 * free[i].base) is what was handed out from it. */
static u64 initial[MEMMAP_MAX_RANGES];

bool mem_init(const void *dtb, u64 image, u64 image_size)
{
	struct memmap *m = &boot_memmap;

	if (memmap_from_fdt(m, dtb))
		return false;
	memmap_reserve(m, image, image_size, "image");
	for (unsigned i = 0; i < m->nfree; i++)
		initial[i] = m->free[i].base;
	ram_base = m->ram[0].base;
	ram_size = m->ram[m->nram - 1].end - ram_base;
	return true;
}

static void print_range(const char *sep, u64 base, u64 end)
{
	kprintf("%s%lx..%lx", sep, base, end);
}

void mem_report(void)
{
	const struct memmap *m = &boot_memmap;

	kprintf("warden: memory: RAM");
	for (unsigned i = 0; i < m->nram; i++)
		print_range(i ? ", " : " ", m->ram[i].base, m->ram[i].end);
	kprintf("; reserved:");
	for (unsigned i = 0; i < m->nreserved; i++)
		kprintf("%s %s %lx..%lx", i ? "," : "", m->reserved[i].what, m->reserved[i].base,
			m->reserved[i].end);
	kprintf("\nwarden: memory: free");
	for (unsigned i = 0; i < m->nfree; i++)
		print_range(i ? ", " : " ", m->free[i].base, m->free[i].end);
	kprintf(" (%lu KiB)%s\n", memmap_free_bytes(m) / 1024,
		m->truncated ? "; more ranges than the kernel tracks: some RAM unused" : "");
}

void *mem_alloc(u64 size, u64 align)
{
	struct memmap *m = &boot_memmap;

	for (unsigned i = 0; i < m->nfree; i++) {
		struct mem_range *r = &m->free[i];
		u64 p = ALIGN_UP(r->base, align);
		if (p < r->base || p > r->end || size > r->end - p)
			continue;
		r->base = p + size;
		memset((void *)p, 0, size);
		return (void *)p;
	}
	panic("out of memory: %lu bytes wanted (aligned to %lu), %lu free in %u ranges", size,
	      align, memmap_free_bytes(m), m->nfree);
}

void mem_clean_inval_used(void)
{
	for (unsigned i = 0; i < boot_memmap.nfree; i++)
		if (boot_memmap.free[i].base > initial[i])
			dcache_clean_inval_range(initial[i], boot_memmap.free[i].base - initial[i]);
}

u64 mem_free_bytes(void)
{
	return memmap_free_bytes(&boot_memmap);
}
