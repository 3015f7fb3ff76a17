/* SMC dispatch: count the call, check the function ID's form, hand it to its owning entity. */
#include "monitor.h"
#include "call_counter.h"

/* Services by owning entity number; an empty entry answers NOT_SUPPORTED. */
static const smc_service_fn smc_services[SMCCC_OEN_COUNT] = {
    [SMCCC_OEN_ARCH] = arch_service,
    [SMCCC_OEN_SIP] = sip_service,
    [SMCCC_OEN_STD] = std_service,
};

void smc_dispatch(struct smc_frame *f, unsigned cpu)
{
	u32 fid = (u32)f->x[0];

	call_counter_record(&call_counters, cpu, fid);
	/* No yielding calls are offered; fast calls must have bits 23:17 clear. */
	if (!SMCCC_IS_FAST(fid) || (fid & SMCCC_FAST_MBZ_MASK) != 0) {
		smc_set_status(f, SMCCC_NOT_SUPPORTED);
		return;
	}
	fid &= ~SMCCC_SVE_HINT;
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
