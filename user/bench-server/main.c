/* The server of the ipc_call benchmark (user/bench-client): receives on slot 1 and answers
 * every one-word message with word + 1 through ReplyRecv. The loop is assembly so that the
 * measured round trip holds the fewest EL0 instructions a server can have (add, mov, svc, b). */
#include <warden/warden.h>

#define SLOT_EP 1

int main(void)
{
	register u64 x0 __asm__("x0") = SLOT_EP;

	__asm__ volatile("mov	x19, x0\n"
			 "svc	#4\n" /* SYS_RECV */
			 "1:\n"
			 "add	x2, x2, #1\n"
			 "mov	x0, x19\n"
			 "svc	#1\n" /* SYS_REPLY_RECV: x1 = the received info (one word) */
			 "b	1b\n"
			 : "+r"(x0)
			 :
			 : "x1", "x2", "x3", "x4", "x5", "x6", "x7", "x8", "x19", "memory");
	return 0;
}
