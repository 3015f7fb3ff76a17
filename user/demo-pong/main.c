/* Demo: answers each ping with its number plus one, and names the caller by badge. */
#include <warden/warden.h>

#define EP 1

int main(void)
{
	struct msg m;
	long st = w_recv(EP, &m);

	while (st == WARDEN_OK) {
		w_printf("demo-pong: got %lu from badge %lu\n", m.mr[0], m.badge);
		m.mr[0]++;
		m.info = MSG_INFO(0, 0, 1);
		st = w_reply_recv(EP, &m);
	}
	return 0;
}
