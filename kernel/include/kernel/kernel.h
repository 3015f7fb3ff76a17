/* Kernel-wide declarations: memory, scheduling, traps, boot. */
#ifndef KERNEL_KERNEL_H
#define KERNEL_KERNEL_H
#include <kernel/object.h>
#include <kernel/timer.h>

/* mem.c: boot-time allocation from all RAM but the image (static system, never freed). */
#include <warden/memmap.h>
extern struct memmap boot_memmap;
/* All RAM of the DTB minus what must survive, the image included; false if it has no /memory. */
bool mem_init(const void *dtb, u64 image, u64 image_size);
void mem_report(void);		      /* the `warden: memory:` boot lines */
void *mem_alloc(u64 size, u64 align); /* zeroed; panics when RAM runs out */
u64 mem_free_bytes(void);
/* Cleans and invalidates to the PoC everything handed out so far (written with caches on). */
void mem_clean_inval_used(void);

/* sched.c (the run queue: kernel/thread.h) */
extern struct tcb *current;
/* Whether t's time slice is still running (no tick since it began). */
static inline bool sched_slice_left(const struct tcb *t)
{
	return t->slice_live && t->slice_tick == timer_tick_count;
}
struct tcb *schedule(void); /* the thread to run next (idles until there is one) */
void sched_preempt(void);   /* time slice over: current goes to the tail */
void sched_set_wakeup_sources(u32 n);
/* The highest priority with a ready thread, or -1: kept by the run queue (sched.c) whenever a
 * queue fills or empties, so that the IPC fast paths, which ask on every message, read one word
 * instead of scanning the 256-bit map. */
extern int sched_top;
static inline int sched_highest_ready(void)
{
	return sched_top;
}

/* trap.c */
struct tcb *handle_lower_sync(struct regs *r, u64 esr);
struct tcb *handle_lower_irq(struct regs *r);
void dump_regs(const struct regs *r);
/* Delivers a fault of `t` to its fault endpoint, or stops it. */
void thread_fault(struct tcb *t, u64 label, u64 addr, u64 esr);

/* syscall.c */
struct tcb *handle_syscall(struct tcb *t, u32 nr);

/* boot.c */
void boot_create_system(const void *spec, u64 spec_limit);

/* stage2.c */
struct aspace *aspace_create(void);
bool aspace_map(struct aspace *as, u64 ipa, u64 pa, u32 perms, bool device);
/* Physical address of a mapped IPA, or 0. */
u64 aspace_lookup(struct aspace *as, u64 ipa);
/* Makes as the stage-2 translation (inline: every thread switch passes here). */
extern struct aspace *aspace_active;
static inline void aspace_activate(struct aspace *as)
{
	if (as == aspace_active)
		return;
	aspace_active = as;
	__asm__ volatile("msr vttbr_el2, %0\n isb" ::"r"((u64)as->root | (u64)as->vmid << 48)
			 : "memory");
}
void stage2_init(void);

/* Powers the machine off through PSCI SYSTEM_OFF. Its last line says whether any thread was
 * stopped for a fault or exited with a failure status (thread_failed), or that the kernel
 * panicked (panic_off): tools/qemu.py turns that line into its exit status. */
NORETURN void system_off(void);
NORETURN void panic_off(void);

#endif
