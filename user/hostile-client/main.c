/* The victim client (tests/system/hostile.xml): two requests to the victim server per turn
 * the rescuer gives it, each answer checked word by word (words 6..9 travel in the IPC
 * buffer), while the hostile thread calls the same server. */
#include <warden/warden.h>

#include "../hostile/shared.h"

enum { C_SERVER = 1, C_TICK = 2, C_AUDIT = 3 };

#define REQUEST 0x5e7
#define WORDS 10

static volatile struct hostile_shared *const shared = (void *)HOSTILE_SHARED_VA;

int main(void)
{
	u64 rng = 0xc11e47, word;
	struct msg m;

	while (!shared->done) {
		for (int k = 0; k < 2; k++) {
			u64 req[WORDS];
			for (u32 i = 0; i < WORDS; i++) {
				rng = rng * 6364136223846793005ull + 1442695040888963407ull;
				m.mr[i] = req[i] = rng;
			}
			m.info = MSG_INFO(REQUEST, 0, WORDS);
			long st = w_call(C_SERVER, &m);
			shared->client_calls++;
			if (st != WARDEN_OK) {
				shared->client_errors++;
				continue;
			}
			bool right = MSG_LABEL(m.info) == REQUEST && MSG_LEN(m.info) == WORDS;
			u32 bad = WORDS;
			for (u32 i = 0; right && i < WORDS; i++) {
				right = m.mr[i] ==
					(req[i] ^ 0xa5a5a5a5a5a5a5a5ull) + i * req[(i + 1) % WORDS];
				if (!right)
					bad = i;
			}
			if (!right && shared->client_wrong++ < 3)
				w_printf(
				    "hostile-client: wrong answer: info 0x%lx, word %u 0x%lx\n",
				    m.info, bad, bad < WORDS ? m.mr[bad] : 0);
		}
		w_wait(C_TICK, &word);
	}
	w_signal(C_AUDIT);
	return 0;
}
