/* Device register access (the EL3 map makes the device range Device-nGnRnE, mmu.c). */
#ifndef MONITOR_ARCH_MMIO_H
#define MONITOR_ARCH_MMIO_H
#include <warden/types.h>

static inline u32 mmio_read32(u64 addr)
{
	return *(volatile u32 *)addr;
}

static inline u64 mmio_read64(u64 addr)
{
	return *(volatile u64 *)addr;
}

static inline void mmio_write32(u64 addr, u32 v)
{
	*(volatile u32 *)addr = v;
}

#endif
