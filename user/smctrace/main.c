/* System test of the SMC trace (kernel built with SMC_TRACE=1): calls that reached EL3 and
 * calls the kernel refused are both recorded, with their caller, function ID, result and cost. */
#include <warden/check.h>
#include <warden/smccc.h>
#include <warden/warden.h>

#define TRACE 1
#define PSCI_CAP 2 /* [PSCI_VERSION, PSCI_VERSION] */

static long read_entry(u64 seq, u64 v[6])
{
	return w_invoke(TRACE, TRACE_READ, &seq, 1, v, 6);
}

int main(void)
{
	struct smc_regs r = {{PSCI_VERSION}};
	u64 v[6];

	long st = read_entry(0, v);
	check(st == WARDEN_RANGE_ERROR, "trace-empty-at-start", "%s", w_strerror(st));
	w_smc_call(PSCI_CAP, &r);
	u64 answer = r.x[0];
	struct smc_regs refused = {{TRNG_VERSION}};
	w_smc_call(PSCI_CAP, &refused);
	struct smc_regs wrong = {{PSCI_VERSION}};
	w_smc_call(TRACE, &wrong);

	st = read_entry(0, v);
	check(st == WARDEN_OK && v[0] == 3 && v[2] == PSCI_VERSION && v[3] == WARDEN_OK &&
		  v[4] == answer && v[5] > 0,
	      "trace-records-forwarded-call", "%s total %lu fid 0x%lx status %lu x0 0x%lx cost %lu",
	      w_strerror(st), v[0], v[2], v[3], v[4], v[5]);
	w_printf("smc-trace: seq=0 caller=%lu fid=0x%lx status=%lu x0=0x%lx cost=%lu\n", v[1], v[2],
		 v[3], v[4], v[5]);
	st = read_entry(1, v);
	check(st == WARDEN_OK && v[2] == TRNG_VERSION && v[3] == WARDEN_RANGE_ERROR && v[5] == 0,
	      "trace-records-refusal", "%s fid 0x%lx status %lu", w_strerror(st), v[2], v[3]);
	w_printf("smc-trace: seq=1 caller=%lu fid=0x%lx status=%lu x0=0x%lx cost=%lu\n", v[1], v[2],
		 v[3], v[4], v[5]);
	st = read_entry(2, v);
	check(st == WARDEN_OK && v[3] == WARDEN_ILLEGAL_OPERATION, "trace-records-wrong-type",
	      "%s status %lu", w_strerror(st), v[3]);
	st = read_entry(3, v);
	check(st == WARDEN_RANGE_ERROR && v[0] == 3, "trace-read-past-end-refused", "%s",
	      w_strerror(st));
	w_printf("[DONE]\n");
	return 0;
}
