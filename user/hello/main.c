/* The first component: says hello from EL0 and exits. */
#include <warden/warden.h>

int main(void)
{
	w_printf("hello: running at EL0, IPC buffer at %p\n", (void *)warden_ipc_buffer);
	return 0;
}
