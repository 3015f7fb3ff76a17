/* The victim server (tests/system/hostile.xml): answers its client's requests, whose answer
 * the client checks word by word; anything else (the hostile thread's messages, badge
 * HOSTILE_BADGE) gets an empty answer. */
#include <warden/warden.h>

#include "../hostile/shared.h"

enum { S_EP = 1 };

#define REQUEST 0x5e7
#define WORDS 10

int main(void)
{
	struct msg m;
	long st = w_recv(S_EP, &m);

	for (;;) {
		if (st == WARDEN_OK && m.badge == CLIENT_BADGE && MSG_LABEL(m.info) == REQUEST &&
		    MSG_LEN(m.info) == WORDS) {
			u64 req[WORDS];
			for (u32 i = 0; i < WORDS; i++)
				req[i] = m.mr[i];
			for (u32 i = 0; i < WORDS; i++)
				m.mr[i] =
				    (req[i] ^ 0xa5a5a5a5a5a5a5a5ull) + i * req[(i + 1) % WORDS];
			m.info = MSG_INFO(REQUEST, 0, WORDS);
		} else {
			m.info = MSG_INFO(0, 0, 0);
		}
		st = w_reply_recv(S_EP, &m);
	}
}
