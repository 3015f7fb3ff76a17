/* Kernel tests: the lowest-priority component. It runs only when every other one is blocked
 * or finished, and then says so. */
#include <warden/warden.h>

int main(void)
{
	w_puts("[DONE]\n");
	return 0;
}
