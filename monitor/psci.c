/* PSCI 1.1 (Arm DEN0022D) for the physical CPUs of QEMU virt. CPUs start at NS EL2 (as TF-A does
 * when EL2 exists), power-down states are not offered, SYSTEM_OFF/RESET use the secure GPIO. */
#include "psci.h"

/* CPU_SUSPEND power_state, original format (DEN0022D §5.4.2): only standby at level 0 exists. */
#define PSCI_POWER_STATE_STANDBY 0u
/* PSCI_FEATURES(CPU_SUSPEND): bit 1 = 0 original power_state format, bit 0 = 0 no OS-initiated
 * mode (DEN0022D §5.15.2). */
#define PSCI_CPU_SUSPEND_FEATURES 0u
/* Affinity fields of an MPIDR value: Aff3 39:32, Aff2..Aff0 23:0. */
#define MPIDR_AFF_MASK 0xff00ffffffull

struct psci_cpu psci_cpus[MONITOR_MAX_CPUS];

void psci_init(unsigned boot_cpu)
{
	for (unsigned i = 0; i < MONITOR_MAX_CPUS; i++)
		psci_cpus[i].state = i == boot_cpu ? PSCI_STATE_ON : PSCI_STATE_OFF;
}

static int target_cpu(u64 mpidr)
{
	if (mpidr & ~MPIDR_AFF_MASK)
		return -1;
	return platform_cpu_index(mpidr);
}

static s64 cpu_on(u64 mpidr, u64 entry, u64 context_id)
{
	int cpu = target_cpu(mpidr);

	if (cpu < 0)
		return PSCI_INVALID_PARAMETERS;
	if (entry < platform.ns_dram_base || entry >= platform.ns_dram_end || (entry & 3))
		return PSCI_INVALID_ADDRESS;
	struct psci_cpu *c = &psci_cpus[cpu];
	u32 expected = PSCI_STATE_OFF;
	/* Claim the CPU first, so two racing CPU_ONs cannot both write its mailbox. */
	if (!__atomic_compare_exchange_n(&c->state, &expected, PSCI_STATE_ON_PENDING, false,
					 __ATOMIC_ACQUIRE, __ATOMIC_RELAXED))
		return expected == PSCI_STATE_ON ? PSCI_ALREADY_ON : PSCI_ON_PENDING;
	c->entry = entry;
	c->context_id = context_id;
	/* Publish the mailbox to the target CPU. */
	__atomic_store_n(&c->start_requested, 1, __ATOMIC_RELEASE);
	plat_cpu_wake((unsigned)cpu);
	return PSCI_SUCCESS;
}

bool psci_take_pending(unsigned cpu, u64 *entry, u64 *context_id)
{
	struct psci_cpu *c = &psci_cpus[cpu];

	if (__atomic_load_n(&c->start_requested, __ATOMIC_ACQUIRE) == 0)
		return false;
	*entry = c->entry;
	*context_id = c->context_id;
	c->start_requested = 0;
	__atomic_store_n(&c->state, PSCI_STATE_ON, __ATOMIC_RELEASE);
	return true;
}

static s64 affinity_info(u64 mpidr, u64 level)
{
	int cpu = target_cpu(mpidr);

	if (level != 0 || cpu < 0)
		return PSCI_INVALID_PARAMETERS;
	switch (__atomic_load_n(&psci_cpus[cpu].state, __ATOMIC_ACQUIRE)) {
	case PSCI_STATE_ON:
		return PSCI_AFFINITY_ON;
	case PSCI_STATE_ON_PENDING:
		return PSCI_AFFINITY_ON_PENDING;
	default:
		return PSCI_AFFINITY_OFF;
	}
}

static s64 psci_features(u32 queried)
{
	switch (queried) {
	case PSCI_CPU_SUSPEND:
	case PSCI_CPU_SUSPEND64:
		return PSCI_CPU_SUSPEND_FEATURES;
	case PSCI_VERSION:
	case PSCI_CPU_OFF:
	case PSCI_CPU_ON:
	case PSCI_CPU_ON64:
	case PSCI_AFFINITY_INFO:
	case PSCI_AFFINITY_INFO64:
	case PSCI_MIGRATE_INFO_TYPE:
	case PSCI_SYSTEM_OFF:
	case PSCI_SYSTEM_RESET:
	case PSCI_FEATURES:
		return PSCI_SUCCESS;
	case SMCCC_VERSION:
		return MONITOR_SMCCC_1_0 ? PSCI_NOT_SUPPORTED : PSCI_SUCCESS;
	default:
		return PSCI_NOT_SUPPORTED;
	}
}

static s64 cpu_suspend(u64 power_state)
{
	if (power_state != PSCI_POWER_STATE_STANDBY)
		return PSCI_INVALID_PARAMETERS;
	plat_cpu_standby();
	return PSCI_SUCCESS;
}

/* Calls that change or wait for power state, kept out of psci_service so that the queries need
 * no stack frame (the PSCI_VERSION round trip is a benchmark baseline). */
static __attribute__((noinline)) void psci_power(u32 fid, struct smc_frame *f, unsigned cpu)
{
	s64 ret;

	switch (fid) {
	case PSCI_CPU_SUSPEND:
	case PSCI_CPU_SUSPEND64:
		ret = cpu_suspend(smc_arg(fid, f, 1));
		break;
	case PSCI_CPU_OFF:
		__atomic_store_n(&psci_cpus[cpu].state, PSCI_STATE_OFF, __ATOMIC_RELEASE);
		plat_cpu_off(cpu);
	case PSCI_CPU_ON:
	case PSCI_CPU_ON64:
		ret = cpu_on(smc_arg(fid, f, 1), smc_arg(fid, f, 2), smc_arg(fid, f, 3));
		break;
	case PSCI_AFFINITY_INFO:
	case PSCI_AFFINITY_INFO64:
		ret = affinity_info(smc_arg(fid, f, 1), smc_arg(fid, f, 2));
		break;
	case PSCI_SYSTEM_OFF:
		plat_system_off();
	case PSCI_SYSTEM_RESET:
		plat_system_reset();
	default:
		ret = PSCI_NOT_SUPPORTED;
	}
	smc_set_status(f, ret);
}

void psci_service(u32 fid, struct smc_frame *f, unsigned cpu)
{
	switch (fid) {
	case PSCI_VERSION:
		smc_set_status(f, PSCI_VERSION_1_1);
		break;
	case PSCI_FEATURES:
		smc_set_status(f, psci_features((u32)f->x[1]));
		break;
	case PSCI_MIGRATE_INFO_TYPE:
		smc_set_status(f, PSCI_TOS_NOT_PRESENT_MP);
		break;
	default:
		psci_power(fid, f, cpu);
	}
}
