/* Kernel test: per-thread EL0 registers do not cross between protection domains. Two instances
 * of equal priority (slot 2: a notification whose badge, 1 or 2, tells them apart) each check
 * that they start with zero, write their own pattern, check that it stuck (a register the CPU
 * makes RAZ/WI would prove nothing), then yield to each other and spin (so the timer preempts
 * too) and check that the pattern is still theirs. A third instance (badge 3), alone at the
 * highest priority, switches to itself: each yield makes the kernel switch from the thread to
 * the same thread, and a value written since the thread was last switched in must survive (the
 * switch saves before it loads). */
#include <warden/check.h>

#define ROUNDS 6

#define read_reg(r)                                                                                \
	({                                                                                         \
		u64 v_;                                                                            \
		__asm__ volatile("mrs %0, " #r : "=r"(v_));                                        \
		v_;                                                                                \
	})
#define write_reg(r, v) __asm__ volatile("msr " #r ", %0" ::"r"((u64)(v)))

static void let_the_other_run(void)
{
	for (u32 r = 0; r < ROUNDS; r++) {
		w_yield();
		for (volatile u32 i = 0; i < 0x40000; i++)
			;
	}
}

/* Badge 4: runs for about 4 s beside guests (vm-cross-regs), loading and storing its own
 * data while a guest has a watchpoint armed on EL0 accesses to exactly these addresses: the
 * kernel must run it with that guest's debug state off (a watchpoint firing here would be a
 * fault of this thread). */
static volatile u64 spin_data[4];

/* The EL0 controls the kernel chose for native threads (docs/registers.md, "SCTLR_EL1 of native
 * threads"; CPACR_EL1.FPEN = 3; CNTKCTL_EL1.EL0VCTEN, read by the loop itself): CTR_EL0 readable
 * (UCT), DC ZVA (DZE) and DC CVAC (UCI) allowed, FP/SIMD usable. The guests of vm-cross-regs run
 * with UCT, DZE or UCI clear, EL0 FP/SIMD trapped and EL0VCTEN clear: a native thread run with a
 * guest's SCTLR_EL1, CPACR_EL1 or CNTKCTL_EL1 faults here. */
static u8 zva_block[2048] __attribute__((aligned(2048)));

static void el0_controls(u64 n)
{
	u64 ctr, dczid, fp;

	__asm__ volatile("mrs %0, ctr_el0" : "=r"(ctr));
	__asm__ volatile("mrs %0, dczid_el0" : "=r"(dczid));
	if (!(dczid & 0x10)) /* DZP clear: DC ZVA permitted by the CPU */
		__asm__ volatile("dc zva, %0" ::"r"(zva_block) : "memory");
	__asm__ volatile("dc cvac, %0" ::"r"(&spin_data[0]) : "memory");
	__asm__ volatile("fmov d0, %1\n\tfmov %0, d0" : "=r"(fp) : "r"(n) : "v0");
	spin_data[n & 3] += (ctr ^ fp) & 1;
}

static int spinner(void)
{
	u64 freq = read_reg(cntfrq_el0), end = read_reg(cntvct_el0) + 4 * freq;
	u64 n = 0;

	while (read_reg(cntvct_el0) < end) {
		spin_data[n & 3] += n;
		if (++n % 4096 == 0) {
			el0_controls(n);
			w_yield();
		}
	}
	check(n > 0, "el0regs spinner ran beside the guests", "%lu iterations", n);
	return 0;
}

/* Yield with nobody else ready at this priority: the kernel switches to the same thread. */
static int self_switch(void)
{
	bool kept = true;
	u64 v = 0, want = 0;

	for (u64 r = 1; r <= ROUNDS && kept; r++) {
		want = 0x5e1f5e1f00000000ull | r;
		write_reg(tpidr_el0, want);
		w_yield();
		v = read_reg(tpidr_el0);
		kept = v == want;
	}
	check(kept, "el0regs TPIDR_EL0 survives a switch to the same thread",
	      "wrote %lx, yielded, read %lx", want, v);
	return 0;
}

int main(void)
{
	u64 d[3] = {0};

	w_cnode_describe(1, 2, d);
	u64 me = d[2];
	if (me == 3)
		return self_switch();
	if (me == 4)
		return spinner();
	u64 tpidr = 0x5ec2e7c0ffee0000ull | me;

	u64 v = read_reg(tpidr_el0);
	check(v == 0,
	      me == 1 ? "el0regs TPIDR_EL0 starts at zero (1)"
		      : "el0regs TPIDR_EL0 starts at zero (2)",
	      "read %lx", v);
	v = read_reg(tpidrro_el0);
	check(v == 0,
	      me == 1 ? "el0regs TPIDRRO_EL0 reads zero (1)" : "el0regs TPIDRRO_EL0 reads zero (2)",
	      "read %lx", v);
	write_reg(tpidr_el0, tpidr);
	v = read_reg(tpidr_el0);
	check(v == tpidr,
	      me == 1 ? "el0regs TPIDR_EL0 pattern stuck (1)"
		      : "el0regs TPIDR_EL0 pattern stuck (2)",
	      "wrote %lx, read %lx", tpidr, v);

	let_the_other_run();

	v = read_reg(tpidr_el0);
	check(v == tpidr,
	      me == 1 ? "el0regs TPIDR_EL0 is per thread (1)"
		      : "el0regs TPIDR_EL0 is per thread (2)",
	      "expected %lx, read %lx", tpidr, v);
	return 0;
}
