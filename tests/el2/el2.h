/* The EL2 test payload's helpers: console, checks, SMC calls, system registers. */
#ifndef TESTS_EL2_EL2_H
#define TESTS_EL2_EL2_H
#include <warden/types.h>

#define MAX_CPUS 8

/* Every general register and SP_EL0, before and after an smc. */
struct regs {
	u64 x[31];
	u64 sp_el0;
};

void smc_all_regs(u64 regs[31], u64 *sp_el0);
u64 smc_fast(u64 fid);
u64 smc_imm1(u64 fid);
void secondary_entry(void);

void print(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* One test line: [PASS] name, or [FAIL] name: detail. Returns ok. */
bool check(bool ok, const char *name, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

#define read_sysreg(reg)                                                                           \
	({                                                                                         \
		u64 v_;                                                                            \
		__asm__ volatile("mrs %0, " #reg : "=r"(v_));                                      \
		v_;                                                                                \
	})
#define write_sysreg(reg, val) __asm__ volatile("msr " #reg ", %0" ::"r"((u64)(val)))

static inline void isb(void)
{
	__asm__ volatile("isb" ::: "memory");
}

#endif
