/* The hazardous function IDs (DESIGN.md §4), the one table the image builder and the kernel
 * share; see smc_hazards.h. No pointers in the table: the kernel links it position-independent. */
#include <warden/smc_hazards.h>
#include <warden/smccc.h>

#define YIELD32_FIRST(oen) ((u32)(oen) << SMCCC_OEN_SHIFT)
#define YIELD32_LAST(oen) (YIELD32_FIRST(oen) | SMCCC_FUNC_MASK)
#define YIELD64_FIRST(oen) (YIELD32_FIRST(oen) | SMCCC_SMC64)
#define YIELD64_LAST(oen) (YIELD32_LAST(oen) | SMCCC_SMC64)

/* The hazardous function IDs (DESIGN.md §4): through an SMC capability a call acts with the
 * kernel's own authority, because EL3 sees the non-secure hypervisor as the caller. Each entry
 * says why. Both widths of a call where firmware may answer either. Sorted, disjoint. */
#define HAZARD_RANGE(first, last, why)                                                             \
	{                                                                                          \
		(first), (last), (u32)(why)                                                        \
	}
#define HAZARD(fid, why) HAZARD_RANGE((fid), (fid), why)

const struct smc_hazard smc_hazards[] = {
    HAZARD_RANGE(YIELD32_FIRST(SMCCC_OEN_TOS_FIRST), YIELD32_LAST(SMCCC_OEN_TOS_LAST),
		 HAZARD_TOS_YIELD),
    HAZARD_RANGE(YIELD64_FIRST(SMCCC_OEN_TOS_FIRST), YIELD64_LAST(SMCCC_OEN_TOS_LAST),
		 HAZARD_TOS_YIELD),
    HAZARD(PSCI_CPU_SUSPEND, HAZARD_CPU_ENTRY),
    HAZARD(PSCI_CPU_OFF, HAZARD_MACHINE_STOP),
    HAZARD(PSCI_CPU_ON, HAZARD_CPU_ENTRY),
    HAZARD(PSCI_MIGRATE, HAZARD_MACHINE_STOP),
    HAZARD(PSCI_SYSTEM_OFF, HAZARD_MACHINE_STOP),
    HAZARD(PSCI_SYSTEM_RESET, HAZARD_MACHINE_STOP),
    HAZARD(PSCI_CPU_FREEZE, HAZARD_MACHINE_STOP),
    HAZARD(PSCI_CPU_DEFAULT_SUSPEND, HAZARD_CPU_ENTRY),
    HAZARD(PSCI_SYSTEM_SUSPEND, HAZARD_CPU_ENTRY),
    HAZARD(PSCI_SET_SUSPEND_MODE, HAZARD_MACHINE_STOP),
    HAZARD(PSCI_SYSTEM_RESET2, HAZARD_MACHINE_STOP),
    HAZARD(PSCI_MEM_PROTECT, HAZARD_MEM_PROTECT),
    HAZARD(PSCI_MEM_PROTECT_CHECK_RANGE, HAZARD_MEM_PROTECT),
    HAZARD_RANGE(SDEI_FIRST, SDEI_LAST, HAZARD_SDEI),
    HAZARD(MM_COMMUNICATE, HAZARD_MM),
    HAZARD_RANGE(FFA_FIRST, FFA_VERSION - 1, HAZARD_FFA),
    HAZARD_RANGE(FFA_VERSION + 2, FFA_ID_GET - 1,
		 HAZARD_FFA), /* VERSION, FEATURES: informational */
    HAZARD_RANGE(FFA_ID_GET + 1, FFA_SPM_ID_GET - 1, HAZARD_FFA),
    HAZARD_RANGE(FFA_SPM_ID_GET + 1, FFA_LAST, HAZARD_FFA),
    HAZARD_RANGE(DRTM_FIRST, DRTM_LAST, HAZARD_DRTM),
    HAZARD(OPTEE_L2CC_MUTEX, HAZARD_OPTEE_PA),
    HAZARD_RANGE(OPTEE_EXCHANGE_CAPABILITIES, OPTEE_ENABLE_SHM_CACHE, HAZARD_OPTEE_VM),
    HAZARD(OPTEE_BOOT_SECONDARY, HAZARD_OPTEE_PA),
    HAZARD_RANGE(OPTEE_VM_CREATED, OPTEE_VM_DESTROYED, HAZARD_OPTEE_VM),
    HAZARD(PSCI_CPU_SUSPEND | SMCCC_SMC64, HAZARD_CPU_ENTRY),
    HAZARD(PSCI_CPU_OFF | SMCCC_SMC64, HAZARD_MACHINE_STOP),
    HAZARD(PSCI_CPU_ON | SMCCC_SMC64, HAZARD_CPU_ENTRY),
    HAZARD(PSCI_MIGRATE | SMCCC_SMC64, HAZARD_MACHINE_STOP),
    HAZARD(PSCI_SYSTEM_OFF | SMCCC_SMC64, HAZARD_MACHINE_STOP),
    HAZARD(PSCI_SYSTEM_RESET | SMCCC_SMC64, HAZARD_MACHINE_STOP),
    HAZARD(PSCI_CPU_FREEZE | SMCCC_SMC64, HAZARD_MACHINE_STOP),
    HAZARD(PSCI_CPU_DEFAULT_SUSPEND | SMCCC_SMC64, HAZARD_CPU_ENTRY),
    HAZARD(PSCI_SYSTEM_SUSPEND | SMCCC_SMC64, HAZARD_CPU_ENTRY),
    HAZARD(PSCI_SET_SUSPEND_MODE | SMCCC_SMC64, HAZARD_MACHINE_STOP),
    HAZARD(PSCI_SYSTEM_RESET2 | SMCCC_SMC64, HAZARD_MACHINE_STOP),
    HAZARD(PSCI_MEM_PROTECT | SMCCC_SMC64, HAZARD_MEM_PROTECT),
    HAZARD(PSCI_MEM_PROTECT_CHECK_RANGE | SMCCC_SMC64, HAZARD_MEM_PROTECT),
    HAZARD_RANGE(SDEI_FIRST | SMCCC_SMC64, SDEI_LAST | SMCCC_SMC64, HAZARD_SDEI),
    HAZARD(MM_COMMUNICATE | SMCCC_SMC64, HAZARD_MM),
    HAZARD_RANGE(FFA_FIRST | SMCCC_SMC64, (FFA_VERSION - 1) | SMCCC_SMC64, HAZARD_FFA),
    HAZARD_RANGE((FFA_VERSION + 2) | SMCCC_SMC64, (FFA_ID_GET - 1) | SMCCC_SMC64, HAZARD_FFA),
    HAZARD_RANGE((FFA_ID_GET + 1) | SMCCC_SMC64, (FFA_SPM_ID_GET - 1) | SMCCC_SMC64, HAZARD_FFA),
    HAZARD_RANGE((FFA_SPM_ID_GET + 1) | SMCCC_SMC64, FFA_LAST | SMCCC_SMC64, HAZARD_FFA),
    HAZARD_RANGE(DRTM_FIRST | SMCCC_SMC64, DRTM_LAST | SMCCC_SMC64, HAZARD_DRTM),
    HAZARD_RANGE(RMI_FIRST, RMI_LAST, HAZARD_RMI),
    HAZARD(OPTEE_L2CC_MUTEX | SMCCC_SMC64, HAZARD_OPTEE_PA),
    HAZARD_RANGE(OPTEE_EXCHANGE_CAPABILITIES | SMCCC_SMC64, OPTEE_ENABLE_SHM_CACHE | SMCCC_SMC64,
		 HAZARD_OPTEE_VM),
    HAZARD(OPTEE_BOOT_SECONDARY | SMCCC_SMC64, HAZARD_OPTEE_PA),
    HAZARD_RANGE(OPTEE_VM_CREATED | SMCCC_SMC64, OPTEE_VM_DESTROYED | SMCCC_SMC64, HAZARD_OPTEE_VM),
};
const size_t smc_hazard_count = ARRAY_SIZE(smc_hazards);

/* Characters, not pointers: the kernel is position-independent and relocates nothing. */
static const char reason_texts[][176] = {
    [HAZARD_CPU_ENTRY] = "starts or resumes a physical CPU at EL2 at an entry point the caller "
			 "picks: code execution as the hypervisor",
    [HAZARD_MACHINE_STOP] = "stops, resets or reconfigures the machine under the kernel",
    [HAZARD_MEM_PROTECT] = "changes the firmware's memory protection of all of RAM",
    [HAZARD_SDEI] = "SDEI registers an entry point EL3 enters at EL2 (EVENT_REGISTER), and "
		    "masks, routes or completes events the kernel owns",
    [HAZARD_MM] = "MM_COMMUNICATE passes the physical address of a buffer the secure world "
		  "reads and writes",
    [HAZARD_FFA] = "FF-A carries physical addresses (RXTX_MAP, MEM_SHARE/LEND/DONATE, "
		   "MEM_RETRIEVE, ...) and endpoint IDs the SPMC trusts the hypervisor to set: "
		   "a caller can pose as any VM",
    [HAZARD_DRTM] = "DRTM launches a new dynamic root of trust at an entry point the caller "
		    "picks, and unprotects memory",
    [HAZARD_RMI] = "RMI delegates physical granules to realms (a physical address in x1)",
    [HAZARD_TOS_YIELD] = "yielding trusted-OS calls pass physical addresses of shared buffers "
			 "(OP-TEE CALL_WITH_ARG, RETURN_FROM_RPC, CALL_WITH_REGD_ARG, ...)",
    [HAZARD_OPTEE_PA] = "OP-TEE: takes a physical address (L2CC_MUTEX) or an entry point "
			"(BOOT_SECONDARY)",
    [HAZARD_OPTEE_VM] = "OP-TEE: announces or destroys VMs by client ID, or switches the "
			"shared-memory mode of the whole trusted OS",
};

const char *smc_hazard_reason_text(u32 reason)
{
	return reason < ARRAY_SIZE(reason_texts) ? reason_texts[reason] : "?";
}

static bool smc_ranges_meet(struct smc_range a, struct smc_range b)
{
	return a.first <= b.last && b.first <= a.last;
}

bool smc_fid_is_hazardous(u32 fid)
{
	return smc_hazard_reason(fid) != NULL;
}

const char *smc_hazard_reason(u32 fid)
{
	for (size_t i = 0; i < smc_hazard_count; i++) {
		if (fid >= smc_hazards[i].first && fid <= smc_hazards[i].last)
			return smc_hazard_reason_text(smc_hazards[i].reason);
	}
	return NULL;
}

size_t smc_hazards_in_range(u32 first, u32 last, struct smc_range *out, size_t max)
{
	struct smc_range want = {first, last};
	size_t n = 0;

	for (size_t i = 0; i < smc_hazard_count; i++) {
		struct smc_range h = {smc_hazards[i].first, smc_hazards[i].last};

		if (!smc_ranges_meet(h, want))
			continue;
		if (n < max) {
			out[n].first = h.first > first ? h.first : first;
			out[n].last = h.last < last ? h.last : last;
		}
		n++;
	}
	return n;
}
