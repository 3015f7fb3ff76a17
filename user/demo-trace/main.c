/* Demo: at the end, prints the kernel's SMC trace ring (kernels built with SMC_TRACE=1); the
 * host decoder tools/smc-trace turns the lines into a table with function names. */
#include <warden/warden.h>

#define TRACE 1

int main(void)
{
	u64 v[6];
	long st = w_invoke(TRACE, TRACE_READ, (u64[]){0}, 1, v, 6);

	if (st == WARDEN_ILLEGAL_OPERATION) {
		w_printf("demo-trace: this kernel records no SMC trace (build with SMC_TRACE=1)\n");
		return 0;
	}
	u64 total = v[0], first = total > 64 ? total - 64 : 0;
	w_printf("demo-trace: %lu SMC invocations recorded\n", total);
	for (u64 seq = first; seq < total; seq++) {
		if (w_invoke(TRACE, TRACE_READ, &seq, 1, v, 6) != WARDEN_OK)
			continue;
		w_printf("smc-trace: seq=%lu caller=%lu fid=0x%lx status=%lu x0=0x%lx cost=%lu\n",
			 seq, v[1], v[2], v[3], v[4], v[5]);
	}
	return 0;
}
