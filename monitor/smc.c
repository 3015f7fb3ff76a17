/* SMC dispatch: count the call, check the function ID's form, hand it to its owning entity. */
#include "monitor.h"
#include "call_counter.h"
#include <warden/smccc_rules.h>

/* Services by owning entity number; an empty entry answers NOT_SUPPORTED. */
static const smc_service_fn smc_services[SMCCC_OEN_COUNT] = {
    [SMCCC_OEN_ARCH] = arch_service,
    [SMCCC_OEN_SIP] = sip_service,
    [SMCCC_OEN_STD] = std_service,
};

static inline void dispatch(struct smc_frame *f, unsigned cpu);

/* The SMCCC 1.0 test build (make's monitor-smccc10 flavour, tests/system/smccc10.test) answers
 * as SMCCC 1.0 firmware may: no SMCCC_VERSION, and x4..x17 unpredictable after every call, here
 * overwritten with a pattern no caller passes. */
void smc_dispatch(struct smc_frame *f, unsigned cpu)
{
	dispatch(f, cpu);
#if MONITOR_SMCCC_1_0
	for (unsigned i = 4; i < 18; i++)
		f->x[i] = MONITOR_SCRIBBLE | i;
#endif
}

static inline void dispatch(struct smc_frame *f, unsigned cpu)
{
	u32 fid = (u32)f->x[0];

	call_counter_record(&call_counters, cpu, fid);
	/* The rulebook (warden/smccc_rules.h): no yielding calls are offered; a fast ID with bits
	 * 23:17 set names no call; bit 16 (the SVE hint) is ignored. */
	if (!SMCCC_IS_FAST(fid) || !smccc_fid_well_formed(fid)) {
		smc_set_status(f, SMCCC_NOT_SUPPORTED);
		return;
	}
	fid = smccc_match_key(fid);
	smc_service_fn service = smc_services[SMCCC_OEN(fid)];
	if (!service) {
		smc_set_status(f, SMCCC_NOT_SUPPORTED);
		return;
	}
	service(fid, f, cpu);
}

/* Standard secure service (OEN 4): PSCI in 0x00-0x1f, TRNG in 0x50-0x5f. */
void std_service(u32 fid, struct smc_frame *f, unsigned cpu)
{
	u32 func = SMCCC_FUNC(fid);

	if (func <= 0x1f)
		psci_service(fid, f, cpu);
	else if (func >= 0x50 && func <= 0x5f)
		trng_service(fid, f, cpu);
	else
		smc_set_status(f, SMCCC_NOT_SUPPORTED);
}
