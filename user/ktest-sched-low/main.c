/* Kernel test, scheduling (the low-priority spinner): wakes ktest-sched-high by a signal and
 * by raising the PL061 GPIO interrupt, and checks that the higher priority ran before this
 * thread got another instruction in. Slot 2: notification (signal). Shared memory at
 * 0x20000000, the GPIO at 0x21000000. */
#include <warden/check.h>

#define SHARED ((volatile u64 *)0x20000000)
#define WOKE_SIGNAL 0
#define WOKE_IRQ 1
#define LOW_SPINNING 2
#define GPIO ((volatile u32 *)0x21000000)
/* PL061 registers (Arm PL061 TRM 3.3), in 32-bit words. */
#define GPIODATA_PIN0 (0x004 / 4) /* address bits [9:2] mask the write: pin 0 only */
#define GPIODIR (0x400 / 4)
#define GPIOIS (0x404 / 4)
#define GPIOIEV (0x40c / 4)
#define GPIOIE (0x410 / 4)
#define LIMIT 10000000ul

int main(void)
{
	for (volatile u32 i = 0; i < 100000; i++)
		;
	SHARED[LOW_SPINNING] = 1;
	long st = w_signal(2);
	u64 seen = SHARED[WOKE_SIGNAL];
	check(st == WARDEN_OK && seen == 1, "kernel signal to a higher priority preempts at once",
	      "%s, woke %lu", w_strerror(st), seen);

	/* Pin 0 as an output driven high, level-sensitive, active high; unmasking it raises the
	 * interrupt while this thread spins. */
	SHARED[LOW_SPINNING] = 2;
	GPIO[GPIODIR] = 1;
	GPIO[GPIOIS] = 1;
	GPIO[GPIOIEV] = 1;
	GPIO[GPIODATA_PIN0] = 1;
	GPIO[GPIOIE] = 1;
	u64 polls = 0;
	while (!SHARED[WOKE_IRQ] && polls < LIMIT)
		polls++;
	check(SHARED[WOKE_IRQ] == 1 && polls < 1000,
	      "kernel IRQ preempts a spinning lower priority", "woke %lu after %lu polls",
	      SHARED[WOKE_IRQ], polls);
	return 0;
}
