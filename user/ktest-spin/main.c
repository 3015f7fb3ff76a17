/* Kernel test: two components of equal priority hand a token back and forth through shared
 * memory without ever blocking, so each hand-over needs the timer to preempt the other one
 * (round robin within a priority). Slot 1 is the component's CNode, slot 2 a notification
 * whose badge (1 or 2) says which of the two this is. */
#include <warden/check.h>

#define SHARED ((volatile u64 *)0x20000000)
#define TURN 0 /* whose turn: 1 or 2 */
#define SEEN 1 /* hand-overs done */
#define ROUNDS 6

int main(void)
{
	u64 d[3];

	if (w_cnode_describe(1, 2, d) != WARDEN_OK || (d[2] != 1 && d[2] != 2)) {
		check(false, "spin identity", "describe gave type %lu badge %lu", d[0], d[2]);
		return 1;
	}
	u64 me = d[2], other = 3 - me;

	if (me == 1)
		SHARED[TURN] = 1;
	for (int round = 0; round < ROUNDS; round++) {
		/* Only the other component, preempting this one, can set TURN back. */
		while (SHARED[TURN] != me)
			;
		SHARED[SEEN]++;
		SHARED[TURN] = other;
	}
	if (me == 1) {
		while (SHARED[SEEN] < 2 * ROUNDS)
			;
		check(SHARED[SEEN] == 2 * ROUNDS, "kernel timer preempts equal priorities",
		      "seen %lu hand-overs", SHARED[SEEN]);
	}
	return 0;
}
