/* The EL0 side of `make bench` (docs/performance.md): instructions per SMC capability
 * invocation and per IPC round trip, split by exception level, one [BENCH] line each, with
 * [PASS]/[FAIL] sanity checks of the answers (never of the counts).
 *
 * It measures the paths its capabilities open, so one more system description with other
 * capabilities measures another path. Slots: 1 its own CNode (required); 2 a send capability to
 * bench-server's endpoint (ipc_call); 3 an SMC capability covering SMCCC_VERSION but not
 * PSCI_VERSION (smc_cap, smc_cap_ext, smc_cap_refused); 4 a send capability to the SMC broker
 * (broker_call, lib/include/warden/broker.h); 5 a notification capability whose badge is the
 * number of iterations per path (DEFAULT_ITERS without it). */
#include <stdarg.h>
#include <warden/broker.h>
#include <warden/check.h>
#include <warden/smccc.h>
#include <warden/warden.h>
#include "bench.h"

#define SLOT_CNODE 1
#define SLOT_EP 2
#define SLOT_SMC 3
#define SLOT_BROKER 4
#define SLOT_ITERS 5
#define DEFAULT_ITERS 1000
#define CAP_TYPE_ENDPOINT 1
#define CAP_TYPE_NOTIFICATION 2
#define CAP_TYPE_SMC 10

void bench_print(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	w_vprintf(fmt, ap);
	va_end(ap);
}

/* The type of the capability in a slot (0: empty), and its badge. */
static u64 cap_type(u64 slot, u64 *badge)
{
	u64 d[3];

	if (w_cnode_describe(SLOT_CNODE, slot, d) != WARDEN_OK)
		return 0;
	if (badge)
		*badge = d[2];
	return d[0];
}

static u32 iterations(void)
{
	u64 badge = 0;

	if (cap_type(SLOT_ITERS, &badge) != CAP_TYPE_NOTIFICATION)
		badge = 0;
	return badge == 0 || badge > 1000000 ? DEFAULT_ITERS : (u32)badge;
}

/* smc_cap, smc_cap_ext, smc_cap_refused: EL0 -> kernel -> (monitor) -> EL0. */
static void bench_smc_paths(u32 n)
{
	struct bench_result r;
	u64 in[19] = {0};

	in[0] = SMCCC_VERSION;
	in[8] = SLOT_SMC;
	bench_measure("smc_cap", bench_svc8, in, n, &r);
	check(r.last.x8 == WARDEN_OK && r.last.x0 == SMCCC_VERSION_1_2,
	      "bench smc_cap, SMCCC_VERSION through the capability answers 1.2",
	      "status %lu x0 0x%lx", r.last.x8, r.last.x0);

	in[8] = 0;
	in[18] = SLOT_SMC;
	bench_measure("smc_cap_ext", bench_svc9, in, n, &r);
	check(r.last.x18 == WARDEN_OK && r.last.x0 == SMCCC_VERSION_1_2,
	      "bench smc_cap_ext, SMCCC_VERSION through the 1.2 form answers 1.2",
	      "status %lu x0 0x%lx", r.last.x18, r.last.x0);

	in[0] = PSCI_VERSION; /* outside the capability's [SMCCC_VERSION, SMCCC_VERSION] */
	in[8] = SLOT_SMC;
	in[18] = 0;
	bench_measure("smc_cap_refused", bench_svc8, in, n, &r);
	check(r.last.x8 == WARDEN_RANGE_ERROR && r.last.x0 == PSCI_VERSION,
	      "bench smc_cap_refused, RANGE_ERROR and x0 untouched", "status %lu x0 0x%lx",
	      r.last.x8, r.last.x0);
	check(r.el[3] == 0, "bench smc_cap_refused, no instruction at EL3",
	      "%lu instructions at EL3", r.el[3]);
}

/* ipc_call: Call with one word, bench-server answers word + 1 with ReplyRecv. */
static void bench_ipc_paths(u32 n)
{
	struct bench_result r;
	u64 in[19] = {0};

	in[0] = SLOT_EP;
	in[1] = MSG_INFO(0, 0, 1);
	in[2] = 41;
	bench_measure("ipc_call", bench_svc0, in, n, &r);
	check(r.last.x0 == WARDEN_OK && MSG_LEN(r.last.x1) == 1 && r.last.x2 == 42,
	      "bench ipc_call, the server answered 41 + 1", "status %lu info 0x%lx mr0 %lu",
	      r.last.x0, r.last.x1, r.last.x2);
}

/* broker_call: client -> broker (BROKER_SMC, SMCCC_VERSION) -> monitor -> broker -> client. */
static void bench_broker_paths(u32 n)
{
	struct bench_result r;
	u64 in[19] = {0};

	in[0] = SLOT_BROKER;
	in[1] = MSG_INFO(BROKER_SMC, 0, 8);
	in[2] = SMCCC_VERSION; /* MR0..MR5 = x0..x5 in x2..x7; MR6, MR7 (x6, x7) in the buffer */
	warden_ipc_buffer[IPCBUF_MR + 6] = 0;
	warden_ipc_buffer[IPCBUF_MR + 7] = 0;
	bench_measure("broker_call", bench_svc0, in, n, &r);
	check(r.last.x0 == WARDEN_OK && r.last.x2 == BROKER_OK,
	      "bench broker_call, the broker said OK", "status %lu broker status %lu", r.last.x0,
	      r.last.x2);
}

int main(void)
{
	u32 n = iterations();

	w_printf("bench-client: %u iterations per path\n", n);
	if (bench_pmu_setup()) {
		if (cap_type(SLOT_SMC, NULL) == CAP_TYPE_SMC)
			bench_smc_paths(n);
		if (cap_type(SLOT_EP, NULL) == CAP_TYPE_ENDPOINT)
			bench_ipc_paths(n);
		if (cap_type(SLOT_BROKER, NULL) == CAP_TYPE_ENDPOINT)
			bench_broker_paths(n);
	}
	w_printf("bench-client: %d failed\n", check_failures);
	w_printf("[DONE]\n");
	return check_failures;
}
