/* Kernel test, capability operations (the blocked sender, highest priority): sends a
 * capability derived from its slot 2 on ep4, where nobody receives yet; ktest-cap-a revokes
 * slot 2 meanwhile. Slots: 1 own CNode, 2 notification (signal, badge 7), 4 endpoint ep4
 * (send, grant). */
#include <warden/check.h>

int main(void)
{
	struct msg m = {.info = MSG_INFO(5, 1, 1), .mr = {0xc0ffee}};
	long st;

	st = w_cnode_copy(1, 3, 2);
	check(st == WARDEN_OK, "kernel sender derives its cap", "%s", w_strerror(st));
	warden_ipc_buffer[IPCBUF_CAPS] = 3;
	st = w_send(4, &m);
	check(st == WARDEN_OK, "kernel blocked sender completes", "%s", w_strerror(st));
	return 0;
}
