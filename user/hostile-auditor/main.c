/* The auditor (tests/system/hostile.xml): the highest priority. It zeroes the monitor's call
 * counters before the hostile thread's first call, waits until the rescuer (the thread has
 * exited) and the victim client have finished, then walks every counter position
 * (SIP_CALL_COUNTER_ENUM64): every function ID that reached EL3 in the meantime must be inside
 * the hostile thread's capabilities (or one of its own queries), and its count must equal the
 * number of calls the kernel told the hostile thread it forwarded. Then it checks the victims
 * and prints [DONE]. */
#include <warden/sip.h>
#include <warden/smccc_names.h>
#include <warden/warden.h>

#include "../hostile/shared.h"

enum { A_AUDIT = 1, A_RESET = 2, A_GET64 = 3, A_ENUM64 = 4 };

static volatile struct hostile_shared *const shared = (void *)HOSTILE_SHARED_VA;
static u32 failures;

static const char *name(u32 fid)
{
	const char *n = smccc_fid_name(fid);
	return n ? n : "-";
}

static void check(bool ok, const char *name, const char *why)
{
	if (ok) {
		w_printf("[PASS] %s\n", name);
	} else {
		w_printf("[FAIL] %s: %s\n", name, why);
		failures++;
	}
}

int main(void)
{
	struct smc_regs r = {{SIP_CALL_COUNTER_RESET}};
	u64 el3[HOSTILE_ALLOWED_FIDS] = {0}, own = 0, outside = 0, total = 0, word, seen = 0;

	long st = w_smc_call(A_RESET, &r);
	check(st == WARDEN_OK && r.x[0] == 0, "hostile-audit-reset",
	      "the monitor's counters could not be reset (is this the project's monitor?)");
	while ((seen & (AUDIT_RESCUER | AUDIT_CLIENT)) != (AUDIT_RESCUER | AUDIT_CLIENT)) {
		w_wait(A_AUDIT, &word);
		seen |= word;
	}

	for (u64 pos = 0;; pos++) {
		struct smc_regs e = {{SIP_CALL_COUNTER_ENUM64, pos}};
		if (w_smc_call(A_ENUM64, &e) != WARDEN_OK || e.x[0] != 0)
			break;
		if (e.x[1] == 0)
			continue;
		u32 fid = (u32)e.x[1];
		bool allowed = false;
		total += e.x[2];
		for (u32 i = 0; i < HOSTILE_ALLOWED_FIDS; i++) {
			if (hostile_allowed_fids[i] == fid) {
				el3[i] += e.x[2];
				allowed = true;
			}
		}
		if (allowed)
			continue;
		/* The walk's own calls: pos + 1 of them so far, all on this CPU. Any more are
		 * someone else's. */
		u64 count = e.x[2];
		if (fid == SIP_CALL_COUNTER_ENUM64 && count <= pos + 1) {
			own += count;
			continue;
		}
		if (fid == SIP_CALL_COUNTER_ENUM64) {
			own += pos + 1;
			count -= pos + 1;
		}
		outside += count;
		w_printf("auditor: 0x%08x (%s) reached EL3 %lu times: outside every capability\n",
			 fid, name(fid), count);
	}
	struct smc_regs g = {{SIP_CALL_COUNTER_GET64, SIP_CALL_COUNTER_ENUM64}};
	st = w_smc_call(A_GET64, &g);
	bool untracked = st != WARDEN_OK || g.x[2] != 0;

	w_printf("auditor: EL3 saw %lu calls since the reset (%lu of them the audit's own):\n",
		 total, own);
	bool counts_match = true;
	for (u32 i = 0; i < HOSTILE_ALLOWED_FIDS; i++) {
		bool same = el3[i] == shared->smc_ok[i];
		counts_match = counts_match && same;
		if (el3[i] || shared->smc_ok[i] || !same)
			w_printf(
			    "auditor:   0x%08x %-26s EL3 %8lu, forwarded for the hostile %8lu%s\n",
			    hostile_allowed_fids[i], name(hostile_allowed_fids[i]), el3[i],
			    shared->smc_ok[i], same ? "" : "  MISMATCH");
	}
	check(shared->done == 1, "hostile-finished", "the hostile thread did not finish its calls");
	check(outside == 0 && !untracked, "hostile-el3-only-inside",
	      "an ID outside the hostile thread's capabilities reached EL3 (or a call could not be "
	      "attributed)");
	check(counts_match && shared->smc_ok_outside == 0, "hostile-el3-counts",
	      "EL3's counts differ from what the kernel told the hostile thread it forwarded");
	w_printf("auditor: victim client %lu calls, %lu wrong answers, %lu errors; heartbeat %lu\n",
		 shared->client_calls, shared->client_wrong, shared->client_errors,
		 shared->heartbeat);
	check(shared->client_calls > 0 && shared->client_wrong == 0 && shared->client_errors == 0,
	      "hostile-victims", "the victim client saw a wrong answer or an error, or never ran");
	check(shared->heartbeat >= shared->phase, "hostile-heartbeat-count",
	      "fewer heartbeats than phases");
	check(shared->failed == 0, "hostile-own-checks", "the hostile thread's own checks failed");
	w_printf("auditor: %u failures\n", failures);
	w_puts("[DONE]\n");
	return 0;
}
