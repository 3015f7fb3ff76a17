/* The heartbeat (tests/system/hostile.xml): below everything but the puppet, one beat each
 * time the rescuer asks for one; the hostile thread checks that every phase saw a beat. */
#include <warden/warden.h>

#include "../hostile/shared.h"

enum { B_BEAT = 1, B_ACK = 2 };

static volatile struct hostile_shared *const shared = (void *)HOSTILE_SHARED_VA;

int main(void)
{
	u64 word;

	for (;;) {
		w_wait(B_BEAT, &word);
		shared->heartbeat++;
		w_signal(B_ACK);
	}
}
