/* What the two clients of the broker system test share: the commands broker-test-a sends to
 * broker-test-b, and the page where both note the order in which their calls were served. */
#ifndef BROKER_TEST_SHARED_H
#define BROKER_TEST_SHARED_H
#include <warden/types.h>

enum {
	CMD_DELEGATE = 1,   /* ask for [MONOTONIC_READ64] into slot 30 and use it */
	CMD_USE = 2,	    /* use slot 30 again: MR1 status, MR2 x0 */
	CMD_INTERLEAVE = 3, /* MR0 = n: n increments of SHARED_COUNTER through the broker */
	CMD_EXIT = 4,
};

#define INTERLEAVE_MAX 16
#define SHARED_COUNTER 3 /* the monitor's monotonic counter both clients increment */

struct order {
	u32 n;
	char who[4092];
};
#define ORDER ((volatile struct order *)0x21000000ul)

static inline void order_append(char c)
{
	u32 i = __atomic_fetch_add(&ORDER->n, 1, __ATOMIC_RELAXED);

	if (i < sizeof(ORDER->who))
		ORDER->who[i] = c;
}

#endif
