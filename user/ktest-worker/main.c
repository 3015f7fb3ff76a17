/* Kernel test: a thread that only computes. It counts in shared memory, signals slot 2 every
 * 100000 counts, and stops when told to. */
#include <warden/warden.h>

#define SHARED ((volatile u64 *)0x20000000)

int main(void)
{
	while (!SHARED[1]) {
		u64 n = ++SHARED[0];
		if (n % 100000 == 0)
			w_signal(2);
	}
	return 0;
}
