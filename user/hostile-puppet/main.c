/* The puppet (tests/system/hostile.xml): a thread whose CNode and TCB the hostile thread holds
 * and does anything to. It waits on a notification nobody signals; its faults go to an
 * endpoint the hostile thread receives on. */
#include <warden/warden.h>

enum { P_NTFN = 1 };

int main(void)
{
	u64 word;

	for (;;)
		w_wait(P_NTFN, &word);
}
