/* Demo: two components exchange messages over an endpoint (Call / ReplyRecv). */
#include <warden/warden.h>

#define EP 1

int main(void)
{
	struct msg m;

	for (u64 i = 1; i <= 3; i++) {
		m.info = MSG_INFO(1, 0, 1);
		m.mr[0] = i * 10;
		long st = w_call(EP, &m);
		w_printf("demo-ping: sent %lu, pong answered %lu (%s)\n", i * 10, m.mr[0],
			 w_strerror(st));
	}
	return 0;
}
