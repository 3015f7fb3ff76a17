/* Boot-time memory: a bump allocator over RAM after the kernel image and its boot spec. The
 * system is static (DESIGN.md §3): everything is allocated while the boot spec is read. */
#include <kernel/console.h>
#include <kernel/kernel.h>
#include <warden/string.h>

static u64 first, next, limit, avoid_lo, avoid_hi;

void mem_init(u64 start, u64 end, u64 avoid_start, u64 avoid_end)
{
	first = start;
	next = start;
	limit = end;
	avoid_lo = avoid_start;
	avoid_hi = avoid_end;
}

void *mem_alloc(u64 size, u64 align)
{
	u64 p = ALIGN_UP(next, align);

	/* Skip over what must survive (the DTB, when the boot loader put it above us). */
	if (p < avoid_hi && p + size > avoid_lo)
		p = ALIGN_UP(avoid_hi, align);
	if (p + size > limit || p + size < p)
		panic("out of memory: %lu bytes wanted, %lu free", size, limit - next);
	next = p + size;
	memset((void *)p, 0, size);
	return (void *)p;
}

void mem_used_range(u64 *start, u64 *end)
{
	*start = first;
	*end = next;
}

u64 mem_free_bytes(void)
{
	return limit - next;
}
