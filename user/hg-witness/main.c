/* The component beside the hostile guest (tests/system/hostile-guest.xml): at the guests'
 * priority, it fills its own memory and TPIDR_EL0 with a pattern, yields to the guests, and
 * checks nothing changed, round after round. */
#include <warden/warden.h>

#define ROUNDS 200
#define WORDS 2048

static u64 buf[WORDS];

int main(void)
{
	u64 wrong = 0, seed = 0x3177e55;

	for (u32 r = 0; r < ROUNDS; r++) {
		seed = seed * 6364136223846793005ull + 1442695040888963407ull;
		for (u32 i = 0; i < WORDS; i++)
			buf[i] = seed ^ i;
		__asm__ volatile("msr tpidr_el0, %0" ::"r"(seed));
		w_yield();
		u64 tp;
		__asm__ volatile("mrs %0, tpidr_el0" : "=r"(tp));
		wrong += tp != seed;
		for (u32 i = 0; i < WORDS; i++)
			wrong += buf[i] != (seed ^ i);
	}
	w_printf("%s hg-witness: %u rounds beside the guests, %lu words wrong\n",
		 wrong ? "[FAIL]" : "[PASS]", ROUNDS, wrong);
	return wrong ? 1 : 0;
}
