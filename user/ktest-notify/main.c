/* Kernel test, notification semantics (kernel-notify.xml; docs/syscalls.md): a signal is never
 * lost, whatever its badge. A notification is active once signalled, until a Wait or Poll takes
 * it: an unbadged signal nobody waits for makes the next Wait return at once with word 0, as in
 * seL4. Slot 2: the notification, unbadged (rw); slot 3: the same, badge 4 (w). Below this
 * thread's priority, 'late' signals it once with badge 2, so a Wait that should have returned
 * at once but blocked is ended by that signal, and the word says so. */
#include <warden/check.h>

#define UNBADGED 2
#define BADGED 3

int main(void)
{
	u64 word = ~0ull;
	long st;

	/* Signalled with badge 0 while nobody waits: the Wait returns at once, word 0. */
	w_signal(UNBADGED);
	st = w_wait(UNBADGED, &word);
	check(st == WARDEN_OK && word == 0, "notify-unbadged-signal-kept",
	      "Wait after an unbadged signal: %s, word 0x%lx (0x2: it blocked until the next "
	      "signal; the unbadged one was lost)",
	      w_strerror(st), word);

	/* Badges still accumulate beside the active state; an unbadged signal adds none. */
	w_signal(BADGED);
	w_signal(UNBADGED);
	st = w_wait(UNBADGED, &word);
	check(st == WARDEN_OK && word == 4, "notify-badge-and-unbadged", "%s, word 0x%lx",
	      w_strerror(st), word);

	/* Poll takes the active state too (word 0 here); two signals are one, not a count: the
	 * Wait after them blocks until 'late' signals with badge 2. */
	w_signal(UNBADGED);
	w_signal(UNBADGED);
	st = w_poll(UNBADGED, &word);
	check(st == WARDEN_OK && word == 0, "notify-poll-takes-unbadged", "%s, word 0x%lx",
	      w_strerror(st), word);
	st = w_wait(UNBADGED, &word);
	check(st == WARDEN_OK && word == 2, "notify-poll-consumed",
	      "Wait after Poll took the signal: %s, word 0x%lx (want 0x2, the later signal)",
	      w_strerror(st), word);
	return 0;
}
