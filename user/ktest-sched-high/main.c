/* Kernel test, scheduling (the high-priority thread): woken first by a notification and then
 * by an interrupt (the PL061 GPIO's SPI, which ktest-sched-low raises), each time while
 * ktest-sched-low spins. Slots: 2 notification (wait), 3 notification bound to the IRQ (wait),
 * 4 IRQ handler. Shared memory at 0x20000000, the GPIO at 0x21000000. */
#include <warden/check.h>

#define SHARED ((volatile u64 *)0x20000000)
#define WOKE_SIGNAL 0
#define WOKE_IRQ 1
#define LOW_SPINNING 2
#define GPIO ((volatile u32 *)0x21000000)
#define GPIOIE (0x410 / 4)

int main(void)
{
	u64 word = 0;
	long st;

	st = w_wait(2, &word);
	SHARED[WOKE_SIGNAL] = 1;
	check(st == WARDEN_OK && word == 1 && SHARED[LOW_SPINNING] == 1,
	      "kernel notification wakes the waiter", "%s word %lu low %lu", w_strerror(st), word,
	      SHARED[LOW_SPINNING]);

	st = w_wait(3, &word);
	SHARED[WOKE_IRQ] = 1;
	GPIO[GPIOIE] = 0; /* quiet the level-triggered source before unmasking */
	check(st == WARDEN_OK && word == 0x10 && SHARED[LOW_SPINNING] == 2,
	      "kernel IRQ signals its notification", "%s word %lx low %lu", w_strerror(st), word,
	      SHARED[LOW_SPINNING]);
	st = w_irq_ack(4);
	check(st == WARDEN_OK, "kernel IRQ Ack", "%s", w_strerror(st));
	st = w_irq_ack(2);
	check(st == WARDEN_ILLEGAL_OPERATION, "kernel IRQ Ack on a notification refused", "%s",
	      w_strerror(st));
	return 0;
}
