/* Kernel test: signals the notification in slot 2 once and exits. Given a low priority, its
 * signal says that every thread above it is blocked or suspended. */
#include <warden/warden.h>

int main(void)
{
	return (int)w_signal(2);
}
