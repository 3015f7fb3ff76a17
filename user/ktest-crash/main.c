/* Kernel test: a component with no fault handler loads from an address it was not given.
 * The kernel reports the fault and stops this thread; the rest of the system runs on. */
#include <warden/warden.h>

#define UNMAPPED 0x30000000ul

int main(void)
{
	w_printf("crash: loading from 0x%lx\n", UNMAPPED);
	u64 v = *(volatile u64 *)UNMAPPED;
	w_printf("[FAIL] kernel EL0 fault stops the thread: load returned %lu\n", v);
	return 1;
}
