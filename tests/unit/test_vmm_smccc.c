/* Unit tests: the VMM's SMC/HVC policy, PSCI 1.1 state machine and SMCCC arch emulation
 * (user/vmm/smccc.c, user/vmm/vmm.c) against mock vCPU, SMC and console operations. */
#include <stdlib.h>
#include <warden/fdt.h>
#include "test_vmm_mock.h"

static void test_config_checks(void **state)
{
	struct vmm_config c = cfg_a;

	memset(&mock, 0, sizeof(mock));
	assert_null(vmm_init(&vm, &c, &mock_ops, NULL));
	assert_string_equal(vm.name, "a");
	assert_int_equal(vm.power[0], VCPU_ON);
	assert_int_equal(vm.power[1], VCPU_OFF);
	c.magic = 0x12345678;
	assert_non_null(vmm_init(&vm, &c, &mock_ops, NULL));
	c = cfg_a;
	c.version = VMM_CONFIG_VERSION + 1;
	assert_non_null(vmm_init(&vm, &c, &mock_ops, NULL));
	c = cfg_a;
	c.vcpu_count = 0;
	assert_non_null(vmm_init(&vm, &c, &mock_ops, NULL));
	c.vcpu_count = VMM_MAX_VCPUS + 1;
	assert_non_null(vmm_init(&vm, &c, &mock_ops, NULL));
	c = cfg_a;
	c.policy[1].first = 0x8000fff0; /* overlaps the entry before */
	assert_non_null(vmm_init(&vm, &c, &mock_ops, NULL));
	c = cfg_a;
	c.policy[2].action = 7;
	assert_non_null(vmm_init(&vm, &c, &mock_ops, NULL));
	c = cfg_a;
	c.init_size = 0x40000001; /* beyond what the VMM maps */
	assert_non_null(vmm_init(&vm, &c, &mock_ops, NULL));
	c = cfg_a;
	c.load_count = 1;
	c.load[0] = (struct vmm_load){GUEST_RAM_BASE + RAM_SIZE - 0x1000, 0, 0x1001};
	assert_non_null(vmm_init(&vm, &c, &mock_ops, NULL)); /* past the end of RAM */
	c.load[0] = (struct vmm_load){GUEST_RAM_BASE - 0x1000, 0, 0x10};
	assert_non_null(vmm_init(&vm, &c, &mock_ops, NULL)); /* below RAM */
	c.load[0] = (struct vmm_load){GUEST_RAM_BASE, c.init_size - 8, 0x10};
	assert_non_null(vmm_init(&vm, &c, &mock_ops, NULL)); /* beyond init_size */
	c.load[0] = (struct vmm_load){DTB, 0, 0x10};
	assert_null(vmm_init(&vm, &c, &mock_ops, NULL));
	c.dtb_space = RAM_SIZE;
	assert_non_null(vmm_init(&vm, &c, &mock_ops, NULL)); /* DTB room past RAM */
	c = cfg_a;
	c.load_count = 1;
	c.load[0] = (struct vmm_load){ENTRY, 0, 0x10};
	assert_non_null(vmm_init(&vm, &c, &mock_ops, NULL)); /* no load holds the DTB */
	c = cfg_a;
	c.load_count = VMM_MAX_LOADS + 1;
	assert_non_null(vmm_init(&vm, &c, &mock_ops, NULL));
	c = cfg_a;
	c.entry = GUEST_RAM_BASE + RAM_SIZE;
	assert_non_null(vmm_init(&vm, &c, &mock_ops, NULL));
	/* A name filling all 32 bytes without a NUL is still terminated. */
	c = cfg_a;
	memset(c.vm_name, 'x', sizeof(c.vm_name));
	assert_null(vmm_init(&vm, &c, &mock_ops, NULL));
	assert_int_equal(strlen(vm.name), sizeof(c.vm_name));
}

static void test_policy_lookup(void **state)
{
	const struct vmm_config *c = &cfg_a;

	assert_int_equal(vmm_policy_action(c, 0x80000000), VMM_EMULATE);
	assert_int_equal(vmm_policy_action(c, 0x8000ffff), VMM_EMULATE);
	assert_int_equal(vmm_policy_action(c, 0x80010000), VMM_DENY); /* gap */
	assert_int_equal(vmm_policy_action(c, 0x7fffffff), VMM_DENY); /* before the first */
	assert_int_equal(vmm_policy_action(c, 0x82000005), VMM_DENY);
	assert_int_equal(vmm_policy_action(c, 0x84000000), VMM_EMULATE);
	assert_int_equal(vmm_policy_action(c, 0x8400001f), VMM_EMULATE);
	assert_int_equal(vmm_policy_action(c, 0x84000020), VMM_DENY);
	assert_int_equal(vmm_policy_action(c, 0x84000050), VMM_FORWARD);
	assert_int_equal(vmm_policy_lookup(c, 0x84000053)->cap_slot, 40);
	assert_int_equal(vmm_policy_lookup(c, 0xc4000053)->cap_slot, 41);
	assert_int_equal(vmm_policy_action(c, 0xc4000054), VMM_DENY);
	assert_int_equal(vmm_policy_action(c, 0xffffffff), VMM_DENY); /* after the last */
	struct vmm_config empty = cfg_a;
	empty.policy_count = 0;
	assert_null(vmm_policy_lookup(&empty, 0x84000000));
	/* SVE hint: cleared for fast and yielding calls; upper 32 bits of x0 ignored. */
	assert_int_equal(vmm_fid_normalize(0x84010000), 0x84000000);
	assert_int_equal(vmm_fid_normalize(0x32010004), 0x32000004);
	assert_int_equal(vmm_fid_normalize(0xffffffff84000000ull), 0x84000000);
}

static void test_nonzero_immediate(void **state)
{
	u64 x[18] = {PSCI_VERSION, 1, 2, 3};
	struct vmm_reply r;

	setup_vm(&cfg_a);
	for (u64 label = FAULT_VCPU_SMC; label <= FAULT_VCPU_HVC; label++) {
		assert_int_equal(fault(0, label, 0, 0, 1, x, &r), VMM_OUT_REPLY);
		assert_int_equal(r.flags, 0);
		assert_int_equal(r.count, 1);
		assert_int_equal(r.first, 0);
		assert_int_equal(r.values[0], MINUS(-1));
	}
	x[0] = 0x84000050; /* forwarded range: still never reaches the secure world */
	assert_int_equal(fault(0, FAULT_VCPU_SMC, 0, 0, 0x1234, x, &r), VMM_OUT_REPLY);
	assert_int_equal(r.values[0], MINUS(-1));
	assert_int_equal(mock.smcs, 0);
}

static void test_deny(void **state)
{
	setup_vm(&cfg_a);
	assert_int_equal(smc_x0(0, 0x82000001, 0, 0, 0), MINUS(-1)); /* explicit deny */
	assert_int_equal(smc_x0(0, 0x86000000, 0, 0, 0), MINUS(-1)); /* not covered */
	assert_int_equal(smc_x0(0, 0x32000004, 0, 0, 0), MINUS(-1)); /* yielding, not covered */
	assert_int_equal(mock.smcs, 0);
	/* Guest b is denied TRNG and the arch calls: consistently. */
	setup_vm(&cfg_b);
	assert_int_equal(smc_x0(0, TRNG_VERSION, 0, 0, 0), MINUS(-1));
	assert_int_equal(smc_x0(0, TRNG_RND64, 64, 0, 0), MINUS(-1));
	assert_int_equal(smc_x0(0, SMCCC_VERSION, 0, 0, 0), MINUS(-1));
	assert_int_equal(smc_x0(0, PSCI_FEATURES, SMCCC_VERSION, 0, 0), MINUS(-1));
	assert_int_equal(smc_x0(0, PSCI_FEATURES, TRNG_VERSION, 0, 0), MINUS(-1));
	assert_int_equal(mock.smcs, 0);
}

static void test_hvc_same_as_smc(void **state)
{
	u64 x[18] = {PSCI_VERSION};
	struct vmm_reply r;

	setup_vm(&cfg_b);
	assert_int_equal(fault(0, FAULT_VCPU_HVC, 0x5a000000, 0, 0, x, &r), VMM_OUT_REPLY);
	assert_int_equal(r.flags, 0);
	assert_int_equal(r.count, 1);
	assert_int_equal(r.values[0], PSCI_VERSION_1_1);
}

static void test_version_and_features(void **state)
{
	setup_vm(&cfg_a);
	assert_int_equal(smc_x0(0, PSCI_VERSION, 0, 0, 0), PSCI_VERSION_1_1);
	assert_int_equal(smc_x0(0, PSCI_VERSION | SMCCC_SVE_HINT, 0, 0, 0), PSCI_VERSION_1_1);
	assert_int_equal(smc_x0(0, 0xffffffff00000000ull | PSCI_VERSION, 0, 0, 0),
			 PSCI_VERSION_1_1);
	const u32 implemented[] = {PSCI_VERSION,       PSCI_CPU_SUSPEND,     PSCI_CPU_SUSPEND64,
				   PSCI_CPU_OFF,       PSCI_CPU_ON,	     PSCI_CPU_ON64,
				   PSCI_AFFINITY_INFO, PSCI_AFFINITY_INFO64, PSCI_MIGRATE_INFO_TYPE,
				   PSCI_SYSTEM_OFF,    PSCI_SYSTEM_RESET,    PSCI_FEATURES,
				   SMCCC_VERSION};
	for (size_t i = 0; i < ARRAY_SIZE(implemented); i++)
		assert_int_equal(smc_x0(0, PSCI_FEATURES, implemented[i], 0, 0), 0);
	const u32 missing[] = {PSCI_MIGRATE,
			       PSCI_MIGRATE_INFO_UP_CPU,
			       PSCI_CPU_FREEZE,
			       PSCI_SYSTEM_SUSPEND,
			       PSCI_SYSTEM_RESET2,
			       PSCI_MEM_PROTECT,
			       PSCI_NODE_HW_STATE,
			       PSCI_STAT_COUNT,
			       PSCI_CPU_DEFAULT_SUSPEND,
			       TRNG_VERSION,
			       SMCCC_ARCH_FEATURES,
			       SMCCC_ARCH_SOC_ID,
			       0x8400001f,
			       0};
	for (size_t i = 0; i < ARRAY_SIZE(missing); i++)
		assert_int_equal(smc_x0(0, PSCI_FEATURES, missing[i], 0, 0), MINUS(-1));
	/* SMC32: only the low 32 bits of the queried ID count. */
	assert_int_equal(smc_x0(0, PSCI_FEATURES, 0xabcd000000000000ull | PSCI_CPU_ON, 0, 0), 0);
	/* The unimplemented PSCI IDs in an emulate range get NOT_SUPPORTED. */
	assert_int_equal(smc_x0(0, PSCI_SYSTEM_SUSPEND64, DTB, 0, 0), MINUS(-1));
	assert_int_equal(smc_x0(0, PSCI_MIGRATE_INFO_TYPE, 0, 0, 0), 2);
}

static int by_first(const void *a, const void *b)
{
	const struct vmm_policy_entry *x = a, *y = b;

	return x->first < y->first ? -1 : x->first > y->first;
}

static void qsort_policy(struct vmm_config *c)
{
	qsort(c->policy, c->policy_count, sizeof(c->policy[0]), by_first);
}

static void test_smccc_arch(void **state)
{
	setup_vm(&cfg_a);
	assert_int_equal(smc_x0(0, SMCCC_VERSION, 0, 0, 0), 0x10002);
	assert_int_equal(smc_x0(0, SMCCC_ARCH_FEATURES, SMCCC_VERSION, 0, 0), 0);
	assert_int_equal(smc_x0(0, SMCCC_ARCH_FEATURES, SMCCC_ARCH_FEATURES, 0, 0), 0);
	assert_int_equal(smc_x0(0, SMCCC_ARCH_FEATURES, SMCCC_ARCH_WORKAROUND_1, 0, 0), MINUS(-1));
	assert_int_equal(smc_x0(0, SMCCC_ARCH_FEATURES, SMCCC_ARCH_WORKAROUND_2, 0, 0), MINUS(-1));
	assert_int_equal(smc_x0(0, SMCCC_ARCH_FEATURES, SMCCC_ARCH_WORKAROUND_3, 0, 0), MINUS(-1));
	assert_int_equal(smc_x0(0, SMCCC_ARCH_FEATURES, PSCI_VERSION, 0, 0), MINUS(-1));
	assert_int_equal(smc_x0(0, SMCCC_ARCH_WORKAROUND_1, 0, 0, 0), MINUS(-1));
	/* SoC ID emulated: the virtual platform's identity; the name only in the SMC64 form,
	 * which cfg_a's policy does not cover (denied). */
	assert_int_equal(smc_x0(0, SMCCC_ARCH_FEATURES, SMCCC_ARCH_SOC_ID, 0, 0), 0);
	assert_int_equal(smc_x0(0, SMCCC_ARCH_FEATURES, SMCCC_ARCH_SOC_ID64, 0, 0), MINUS(-1));
	assert_int_equal(smc_x0(0, SMCCC_ARCH_SOC_ID, SOC_ID_TYPE_VERSION, 0, 0), 0x043b5756);
	assert_int_equal(smc_x0(0, SMCCC_ARCH_SOC_ID, SOC_ID_TYPE_REVISION, 0, 0), 1);
	assert_int_equal(smc_x0(0, SMCCC_ARCH_SOC_ID, 0xffffffff00000001ull, 0, 0), 1); /* w1 */
	assert_int_equal(smc_x0(0, SMCCC_ARCH_SOC_ID, SOC_ID_TYPE_NAME, 0, 0), MINUS(-3));
	assert_int_equal(smc_x0(0, SMCCC_ARCH_SOC_ID, 3, 0, 0), MINUS(-3));
	assert_int_equal(smc_x0(0, SMCCC_ARCH_SOC_ID64, SOC_ID_TYPE_NAME, 0, 0), MINUS(-1));
	assert_int_equal(mock.smcs, 0);
}

/* SoC ID with the whole SMC64 arch range emulated (the name), forwarded (ARCH_FEATURES asks the
 * secure world through the same capability) and denied. */
static void test_soc_id(void **state)
{
	struct vmm_config c = cfg_a;
	struct vmm_reply r;
	char name[17 * 8 + 1];

	c.policy[c.policy_count++] =
	    (struct vmm_policy_entry){0xc0000000, 0xc000ffff, VMM_EMULATE, 0};
	qsort_policy(&c);
	setup_vm(&c);
	assert_int_equal(smc_x0(0, SMCCC_ARCH_FEATURES, SMCCC_ARCH_SOC_ID64, 0, 0), 0);
	r = smc4(0, SMCCC_ARCH_SOC_ID64, SOC_ID_TYPE_NAME, 0, 0);
	assert_int_equal(r.count, 18);
	assert_int_equal(r.values[0], 0);
	for (int i = 0; i < 17 * 8; i++)
		name[i] = (char)(r.values[1 + i / 8] >> (8 * (i % 8)));
	name[17 * 8] = 0;
	assert_string_equal(name, "Warden virtual machine (QEMU virt-like)");
	assert_int_equal(smc_x0(0, SMCCC_ARCH_SOC_ID64, SOC_ID_TYPE_VERSION, 0, 0), MINUS(-3));

	/* Forwarded: SOC_ID through slot 50; the arch range around it emulated. */
	struct vmm_config f = cfg_a;
	f.policy[0] = (struct vmm_policy_entry){0x80000000, 0x80000001, VMM_EMULATE, 0};
	f.policy[f.policy_count++] =
	    (struct vmm_policy_entry){0x80000002, 0x80000002, VMM_FORWARD, 50};
	f.policy[f.policy_count++] =
	    (struct vmm_policy_entry){0x80000003, 0x8000ffff, VMM_EMULATE, 0};
	qsort_policy(&f);
	setup_vm(&f);
	mock.smc_out[0] = 0x043b5744;
	assert_int_equal(smc_x0(0, SMCCC_ARCH_FEATURES, SMCCC_ARCH_SOC_ID, 0, 0), 0);
	assert_int_equal(mock.smcs, 1);
	assert_int_equal(mock.smc_slot, 50);
	assert_int_equal(mock.smc_in[0], SMCCC_ARCH_SOC_ID);
	assert_int_equal(mock.smc_in[1], SOC_ID_TYPE_VERSION);
	mock.smc_out[0] = MINUS(-1); /* firmware without SoC ID (QEMU's, TF-A on virt) */
	assert_int_equal(smc_x0(0, SMCCC_ARCH_FEATURES, SMCCC_ARCH_SOC_ID, 0, 0), MINUS(-1));
	mock.smc_status = WARDEN_RANGE_ERROR; /* the capability refused: not supported either */
	assert_int_equal(smc_x0(0, SMCCC_ARCH_FEATURES, SMCCC_ARCH_SOC_ID, 0, 0), MINUS(-1));
	mock.smc_status = WARDEN_OK;
	mock.smc_out[0] = 0x043b5744;
	r = smc4(0, SMCCC_ARCH_SOC_ID, SOC_ID_TYPE_VERSION, 0, 0);
	assert_int_equal(r.values[0], 0x043b5744);
	assert_int_equal(mock.smc_slot, 50);
	assert_int_equal(smc_x0(0, SMCCC_VERSION, 0, 0, 0), 0x10002); /* still emulated */

	/* Denied: not implemented, and ARCH_FEATURES says so. */
	struct vmm_config d = f;
	for (u32 i = 0; i < d.policy_count; i++)
		if (d.policy[i].first == SMCCC_ARCH_SOC_ID)
			d.policy[i].action = VMM_DENY;
	setup_vm(&d);
	assert_int_equal(smc_x0(0, SMCCC_ARCH_FEATURES, SMCCC_ARCH_SOC_ID, 0, 0), MINUS(-1));
	assert_int_equal(smc_x0(0, SMCCC_ARCH_SOC_ID, SOC_ID_TYPE_VERSION, 0, 0), MINUS(-1));
	assert_int_equal(mock.smcs, 0);
}

static void test_cpu_on(void **state)
{
	setup_vm(&cfg_a);
	/* Unknown MPIDRs: beyond the vCPUs, Aff1 set, Aff3 set. */
	assert_int_equal(smc_x0(0, PSCI_CPU_ON64, 3, ENTRY, 0), MINUS(PSCI_INVALID_PARAMETERS));
	assert_int_equal(smc_x0(0, PSCI_CPU_ON64, 0x101, ENTRY, 0), MINUS(PSCI_INVALID_PARAMETERS));
	assert_int_equal(smc_x0(0, PSCI_CPU_ON64, 0x100000001ull, ENTRY, 0),
			 MINUS(PSCI_INVALID_PARAMETERS));
	/* Entry points outside guest RAM, or misaligned. */
	assert_int_equal(smc_x0(0, PSCI_CPU_ON64, 1, GUEST_RAM_BASE - 4, 0),
			 MINUS(PSCI_INVALID_ADDRESS));
	assert_int_equal(smc_x0(0, PSCI_CPU_ON64, 1, GUEST_RAM_BASE + RAM_SIZE, 0),
			 MINUS(PSCI_INVALID_ADDRESS));
	assert_int_equal(smc_x0(0, PSCI_CPU_ON64, 1, 0x100000000ull + ENTRY, 0),
			 MINUS(PSCI_INVALID_ADDRESS));
	assert_int_equal(smc_x0(0, PSCI_CPU_ON64, 1, ENTRY + 2, 0), MINUS(PSCI_INVALID_ADDRESS));
	assert_int_equal(mock.resets + mock.resumes, 0);
	/* Success: bit 31 of the MPIDR is ignored; reset with entry and context id, resume. */
	assert_int_equal(smc_x0(0, PSCI_CPU_ON64, 0x80000001ull, ENTRY + 0x40, 0xfeedface12345678),
			 0);
	assert_int_equal(mock.resets, 1);
	assert_int_equal(mock.reset[0].vcpu, 1);
	assert_int_equal(mock.reset[0].pc, ENTRY + 0x40);
	assert_int_equal(mock.reset[0].x0, 0xfeedface12345678ull);
	assert_int_equal(mock.resumes, 1);
	assert_int_equal(mock.resumed[0], 1);
	/* Again, and the caller itself: ALREADY_ON. */
	assert_int_equal(smc_x0(2, PSCI_CPU_ON64, 1, ENTRY, 0), MINUS(PSCI_ALREADY_ON));
	assert_int_equal(smc_x0(0, PSCI_CPU_ON64, 0, ENTRY, 0), MINUS(PSCI_ALREADY_ON));
	assert_int_equal(mock.resets, 1);
	/* SMC32 form: arguments truncated to 32 bits (upper garbage ignored). */
	assert_int_equal(smc_x0(1, PSCI_CPU_ON, 0xdead000000000002ull,
				0xffffffff00000000ull | (ENTRY + 8), 0x1111111122222222ull),
			 0);
	assert_int_equal(mock.reset[1].vcpu, 2);
	assert_int_equal(mock.reset[1].pc, ENTRY + 8);
	assert_int_equal(mock.reset[1].x0, 0x22222222);
}

static void test_cpu_on_race(void **state)
{
	int success = 0, already = 0;

	setup_vm(&cfg_a);
	assert_int_equal(smc_x0(0, PSCI_CPU_ON64, 1, ENTRY, 0), 0);
	/* vCPUs 0 and 1 race to start vCPU 2: the VMM sees their calls one after the other. */
	for (int i = 0; i < 6; i++) {
		u64 x0 = smc_x0((u32)(i & 1), PSCI_CPU_ON64, 2, ENTRY, (u64)i);
		success += x0 == 0;
		already += x0 == MINUS(PSCI_ALREADY_ON);
	}
	assert_int_equal(success, 1);
	assert_int_equal(already, 5);
	assert_int_equal(mock.resets, 2);
}

static void test_cpu_on_failure(void **state)
{
	setup_vm(&cfg_a);
	mock.reset_status = WARDEN_INVALID_CAP;
	assert_int_equal(smc_x0(0, PSCI_CPU_ON64, 1, ENTRY, 0), MINUS(PSCI_INTERNAL_FAILURE));
	assert_int_equal(vm.power[1], VCPU_OFF);
	mock.reset_status = WARDEN_OK;
	assert_int_equal(smc_x0(0, PSCI_CPU_ON64, 1, ENTRY, 0), 0);
}

static void test_affinity_info(void **state)
{
	setup_vm(&cfg_a);
	assert_int_equal(smc_x0(0, PSCI_AFFINITY_INFO64, 0, 0, 0), PSCI_AFFINITY_ON);
	assert_int_equal(smc_x0(0, PSCI_AFFINITY_INFO64, 0x80000000ull, 0, 0), PSCI_AFFINITY_ON);
	assert_int_equal(smc_x0(0, PSCI_AFFINITY_INFO64, 1, 0, 0), PSCI_AFFINITY_OFF);
	assert_int_equal(smc_x0(0, PSCI_AFFINITY_INFO, 0xffffffff00000002ull, 0, 0),
			 PSCI_AFFINITY_OFF);
	assert_int_equal(smc_x0(0, PSCI_AFFINITY_INFO64, 1, 1, 0), MINUS(PSCI_INVALID_PARAMETERS));
	assert_int_equal(smc_x0(0, PSCI_AFFINITY_INFO64, 7, 0, 0), MINUS(PSCI_INVALID_PARAMETERS));
	assert_int_equal(smc_x0(0, PSCI_CPU_ON64, 1, ENTRY, 0), 0);
	assert_int_equal(smc_x0(0, PSCI_AFFINITY_INFO64, 1, 0, 0), PSCI_AFFINITY_ON);
}

static void test_cpu_off(void **state)
{
	u64 x[18] = {PSCI_CPU_OFF};
	struct vmm_reply r;

	setup_vm(&cfg_a);
	assert_int_equal(smc_x0(0, PSCI_CPU_ON64, 1, ENTRY, 0), 0);
	/* vCPU 1 turns itself off: suspended, not replied to. */
	assert_int_equal(fault(1, FAULT_VCPU_SMC, 0, 0, 0, x, &r), VMM_OUT_NO_REPLY);
	assert_int_equal(mock.suspends, 1);
	assert_int_equal(mock.suspended[0], 1);
	assert_int_equal(smc_x0(0, PSCI_AFFINITY_INFO64, 1, 0, 0), PSCI_AFFINITY_OFF);
	/* It can be started again. */
	assert_int_equal(smc_x0(0, PSCI_CPU_ON64, 1, ENTRY + 4, 7), 0);
	assert_int_equal(mock.resets, 2);
	assert_int_equal(fault(1, FAULT_VCPU_SMC, 0, 0, 0, x, &r), VMM_OUT_NO_REPLY);
	/* The last vCPU on turning off powers the guest off. */
	assert_int_equal(fault(0, FAULT_VCPU_SMC, 0, 0, 0, x, &r), VMM_OUT_EXIT);
	assert_non_null(strstr(mock.out, "vmm[a]: guest powered off"));
	assert_int_equal(vm.power[0], VCPU_OFF);
}

static void test_cpu_suspend(void **state)
{
	setup_vm(&cfg_a);
	assert_int_equal(smc_x0(0, PSCI_CPU_SUSPEND, 0, 0, 0), 0);
	assert_int_equal(smc_x0(0, PSCI_CPU_SUSPEND64, 0x01000001, ENTRY, 0), 0);
	assert_int_equal(smc_x0(0, PSCI_CPU_SUSPEND64, 1u << 16, ENTRY, 0),
			 MINUS(PSCI_INVALID_PARAMETERS));
	assert_int_equal(mock.suspends, 0);
}

static void test_system_off(void **state)
{
	u64 x[18] = {PSCI_SYSTEM_OFF};
	struct vmm_reply r;

	setup_vm(&cfg_a);
	assert_int_equal(smc_x0(0, PSCI_CPU_ON64, 2, ENTRY, 0), 0);
	assert_int_equal(fault(2, FAULT_VCPU_SMC, 0, 0, 0, x, &r), VMM_OUT_EXIT);
	assert_string_equal(mock.out, "vmm[a]: guest powered off (PSCI SYSTEM_OFF)\n");
	assert_false(vm.fault_stopped);	    /* the VMM exits with 0 */
	assert_int_equal(mock.suspends, 3); /* every vCPU */
	for (u32 i = 0; i < 3; i++)
		assert_int_equal(vm.power[i], VCPU_OFF);
}

static void test_system_reset(void **state)
{
	u64 x[18] = {PSCI_SYSTEM_RESET};
	struct vmm_reply r;

	setup_vm(&cfg_a);
	assert_int_equal(smc_x0(0, PSCI_CPU_ON64, 1, ENTRY, 0), 0);
	assert_int_equal(smc_x0(0, PSCI_CPU_ON64, 2, ENTRY, 0), 0);
	mock.resets = mock.resumes = 0;
	/* vCPU 1 resets: everyone stops, RAM reloaded, vCPU 0 restarts at the image's entry. */
	assert_int_equal(fault(1, FAULT_VCPU_SMC, 0, 0, 0, x, &r), VMM_OUT_NO_REPLY);
	assert_string_equal(mock.out, "vmm[a]: guest reset (PSCI SYSTEM_RESET)\n");
	assert_int_equal(mock.suspends, 3);
	assert_int_equal(mock.resets, 1);
	assert_int_equal(mock.reset[0].vcpu, 0);
	assert_int_equal(mock.reset[0].pc, ENTRY);
	assert_int_equal(mock.reset[0].x0, DTB);
	assert_int_equal(mock.resumes, 1);
	assert_int_equal(mock.resumed[0], 0);
	assert_int_equal(vm.power[0], VCPU_ON);
	assert_int_equal(vm.power[1], VCPU_OFF);
	assert_int_equal(vm.power[2], VCPU_OFF);
	/* After the reset the secondaries can be started again. */
	assert_int_equal(smc_x0(0, PSCI_CPU_ON64, 1, ENTRY, 0), 0);
	/* vCPU 0 resets itself the same way. */
	assert_int_equal(fault(0, FAULT_VCPU_SMC, 0, 0, 0, x, &r), VMM_OUT_NO_REPLY);
	assert_int_equal(mock.reset[2].vcpu, 0);
}

/* Boot and reset load the guest's pieces and give the DTB fresh seeds from the TRNG. */
#define T_RAM 0x100000u
#define T_DTB_OFF 0x10000u
#define T_DTB_SPACE 0x4000u
static u64 t_ram[T_RAM / 8], t_init[0x3000 / 8];

static void put_be32(u8 *p, u32 v)
{
	p[0] = (u8)(v >> 24), p[1] = (u8)(v >> 16), p[2] = (u8)(v >> 8), p[3] = (u8)v;
}

/* An empty tree: header, an empty reservation map, the root node alone, no strings. */
static u32 empty_fdt(u8 *b)
{
	u32 off_struct = 40 + 16, struct_size = 16, total = off_struct + struct_size;

	memset(b, 0, total);
	put_be32(b + 0, FDT_MAGIC);
	put_be32(b + 4, total);
	put_be32(b + 8, off_struct);
	put_be32(b + 12, total); /* strings: empty, at the end */
	put_be32(b + 16, 40);	 /* memory reservation map */
	put_be32(b + 20, 17);
	put_be32(b + 24, 16);
	put_be32(b + 32, 0);
	put_be32(b + 36, struct_size);
	put_be32(b + off_struct, FDT_BEGIN_NODE); /* name "" padded to 4 */
	put_be32(b + off_struct + 8, FDT_END_NODE);
	put_be32(b + off_struct + 12, FDT_END);
	return total;
}

static void test_boot_load_and_seeds(void **state)
{
	struct vmm_config c = cfg_a;
	u8 *init = (u8 *)t_init, *ram = (u8 *)t_ram;
	u8 first[72];
	u32 len;

	c.ram_size = T_RAM;
	c.entry = GUEST_RAM_BASE + 0x1000;
	c.dtb = GUEST_RAM_BASE + T_DTB_OFF;
	c.dtb_space = T_DTB_SPACE;
	c.init_size = sizeof(t_init);
	c.load_count = 2;
	c.load[0] = (struct vmm_load){GUEST_RAM_BASE + 0x1000, 0, 0x20};
	memset(init, 0x5a, 0x20);
	c.load[1] = (struct vmm_load){c.dtb, 0x1000, empty_fdt(init + 0x1000)};
	setup_vm(&c);
	vm.ram = ram;
	vm.init = init;
	memset(ram, 0xee, T_RAM);
	for (int i = 1; i <= 3; i++)
		mock.smc_out[i] = 0x0101010101010101ull * (u64)(0x10 * i);
	assert_true(vmm_start(&vm));
	assert_int_equal(mock.smcs, 3); /* 72 bytes: three TRNG_RND64 of 192 bits */
	assert_int_equal(mock.smc_slot, 41);
	assert_int_equal(mock.smc_in[0], TRNG_RND64);
	assert_int_equal(mock.smc_in[1], 192);
	assert_memory_equal(ram + 0x1000, init, 0x20); /* the image */
	assert_int_equal(ram[0x1020], 0xee);	       /* nothing else written */
	const u8 *fdt = ram + T_DTB_OFF;
	assert_true(fdt_check(fdt, T_DTB_SPACE));
	int chosen = fdt_path_offset(fdt, "/chosen");
	assert_true(chosen >= 0);
	const u8 *rng = fdt_getprop(fdt, chosen, "rng-seed", &len);
	assert_non_null(rng);
	assert_int_equal(len, 64);
	assert_int_equal(rng[0], 0x30); /* from x3 first */
	assert_int_equal(rng[8], 0x20);
	assert_int_equal(rng[16], 0x10);
	memcpy(first, rng, 64);
	const u8 *kaslr = fdt_getprop(fdt, chosen, "kaslr-seed", &len);
	assert_non_null(kaslr);
	assert_int_equal(len, 8);
	memcpy(first + 64, kaslr, 8);
	assert_int_equal(mock.resets, 1);
	assert_int_equal(mock.reset[0].pc, c.entry);
	assert_int_equal(mock.reset[0].x0, c.dtb);
	assert_int_equal(mock.resumed[0], 0);
	assert_true(mock.reloads >= 2); /* cache cleans of what was written */
	assert_non_null(strstr(mock.out, "rng-seed and kaslr-seed from the TRNG"));

	/* A reset: the pristine DTB again, with new seeds (new TRNG output). */
	for (int i = 1; i <= 3; i++)
		mock.smc_out[i] = 0x0101010101010101ull * (u64)(0x40 + i);
	u64 x[18] = {PSCI_SYSTEM_RESET};
	struct vmm_reply r;
	assert_int_equal(fault(0, FAULT_VCPU_SMC, 0, 0, 0, x, &r), VMM_OUT_NO_REPLY);
	assert_int_equal(mock.smcs, 6);
	chosen = fdt_path_offset(fdt, "/chosen");
	rng = fdt_getprop(fdt, chosen, "rng-seed", &len);
	assert_non_null(rng);
	assert_int_equal(len, 64);
	assert_memory_not_equal(rng, first, 64);
	kaslr = fdt_getprop(fdt, chosen, "kaslr-seed", &len);
	assert_memory_not_equal(kaslr, first + 64, 8);
	assert_int_equal(fdt_totalsize(fdt) <= T_DTB_SPACE, 1);

	/* No entropy (NOT_SUPPORTED; NO_ENTROPY every time): no seeds at all, and it says so. */
	mock.smc_out[0] = MINUS(-1);
	assert_true(vmm_start(&vm));
	chosen = fdt_path_offset(fdt, "/chosen");
	assert_true(chosen < 0 || fdt_getprop(fdt, chosen, "rng-seed", &len) == NULL);
	assert_non_null(strstr(mock.out, "no rng-seed or kaslr-seed in /chosen: the secure "
					 "world's TRNG has no entropy"));
	mock.smc_out[0] = MINUS(-3);
	u32 before = mock.smcs;
	assert_true(vmm_start(&vm));
	assert_int_equal(mock.smcs - before, 16); /* retried, then given up */

	/* TRNG not forwarded: no call at all. */
	c.policy[3].action = VMM_DENY;
	c.policy[5].action = VMM_DENY;
	setup_vm(&c);
	vm.ram = ram;
	vm.init = init;
	assert_true(vmm_start(&vm));
	assert_int_equal(mock.smcs, 0);
	assert_non_null(strstr(mock.out, "the policy does not forward TRNG_RND64"));
	chosen = fdt_path_offset(fdt, "/chosen");
	assert_true(chosen < 0 || fdt_getprop(fdt, chosen, "rng-seed", &len) == NULL);
}

static void test_forward_smc32(void **state)
{
	u64 x[18];
	struct vmm_reply r;

	setup_vm(&cfg_a);
	for (int i = 0; i < 18; i++) {
		x[i] = 0xaaaa000000000000ull | (u64)(i * 0x111);
		mock.smc_out[i] = 0x5555000000000000ull | (u64)(0x1000 + i);
	}
	x[0] = TRNG_RND32;
	mock.smc_out[0] = 0;
	assert_int_equal(fault(0, FAULT_VCPU_SMC, 0, 0, 0, x, &r), VMM_OUT_REPLY);
	assert_int_equal(mock.smcs, 1);
	assert_int_equal(mock.smc_slot, 40);
	assert_false(mock.smc_ext);
	assert_int_equal(mock.smc_in[0], TRNG_RND32);
	/* The guest's own registers: the kernel's capability path cuts SMC32 arguments, and gives
	 * back as passed whatever the firmware's version does not return. */
	for (int i = 1; i < 8; i++)
		assert_int_equal(mock.smc_in[i], x[i]);
	for (int i = 8; i < 18; i++)
		assert_int_equal(mock.smc_in[i], 0);
	/* Results: x0..x7 as the capability path returned them (SMCCC 1.2: w0..w7). */
	assert_int_equal(r.flags, 0);
	assert_int_equal(r.first, 0);
	assert_int_equal(r.count, 8);
	assert_int_equal(r.values[0], 0);
	for (int i = 1; i < 8; i++)
		assert_int_equal(r.values[i], mock.smc_out[i]);
	/* An error the secure world sign-extends stays -1 in x0 (compared as a 64-bit value). */
	mock.smc_out[0] = MINUS(-1);
	x[0] = TRNG_VERSION;
	assert_int_equal(fault(0, FAULT_VCPU_SMC, 0, 0, 0, x, &r), VMM_OUT_REPLY);
	assert_int_equal(r.values[0], MINUS(-1));
	/* The SVE hint bit never travels to the secure world. */
	x[0] = TRNG_VERSION | SMCCC_SVE_HINT;
	assert_int_equal(fault(0, FAULT_VCPU_SMC, 0, 0, 0, x, &r), VMM_OUT_REPLY);
	assert_int_equal(mock.smc_in[0], TRNG_VERSION);
	/* A fast ID with bits 23:17 set names no call: -1, nothing forwarded. */
	u32 before = mock.smcs;
	x[0] = TRNG_VERSION | 0x00020000;
	assert_int_equal(fault(0, FAULT_VCPU_SMC, 0, 0, 0, x, &r), VMM_OUT_REPLY);
	assert_int_equal(r.values[0], MINUS(-1));
	assert_int_equal(mock.smcs, before);
}

static void test_forward_smc64(void **state)
{
	u64 x[18];
	struct vmm_reply r;

	setup_vm(&cfg_a);
	for (int i = 0; i < 18; i++) {
		x[i] = 0xaaaa000000000000ull | (u64)i;
		mock.smc_out[i] = 0x5555000000000000ull | (u64)(0x1000 + i);
	}
	x[0] = 0xffffffff00000000ull | TRNG_RND64; /* upper half of x0 is not passed on */
	assert_int_equal(fault(0, FAULT_VCPU_HVC, 0, 0, 0, x, &r), VMM_OUT_REPLY);
	assert_int_equal(mock.smc_slot, 41);
	assert_true(mock.smc_ext);
	assert_int_equal(mock.smc_in[0], TRNG_RND64);
	for (int i = 1; i < 18; i++)
		assert_int_equal(mock.smc_in[i], x[i]); /* x8..x17 too (SMCCC 1.2) */
	assert_int_equal(r.flags, 0);
	assert_int_equal(r.count, 18);
	for (int i = 0; i < 18; i++)
		assert_int_equal(r.values[i], mock.smc_out[i]);
}

static void test_forward_refused(void **state)
{
	setup_vm(&cfg_a);
	mock.smc_status = WARDEN_RANGE_ERROR;
	assert_int_equal(smc_x0(0, TRNG_VERSION, 0, 0, 0), MINUS(-1));
	assert_int_equal(smc_x0(0, TRNG_RND64, 64, 0, 0), MINUS(-1));
	assert_int_equal(mock.smcs, 2);
}

static void test_unknown_badge_and_label(void **state)
{
	struct vmm_reply r;

	setup_vm(&cfg_a);
	assert_int_equal(fault(5, FAULT_VCPU_SMC, 0, 0, 0, NULL, &r), VMM_OUT_NO_REPLY);
	assert_int_equal(fault(0, 0x999, 0, 0, 0, NULL, &r), VMM_OUT_EXIT);
	assert_non_null(strstr(mock.out, "guest stopped"));
	assert_true(vm.fault_stopped);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_config_checks),
	    cmocka_unit_test(test_policy_lookup),
	    cmocka_unit_test(test_nonzero_immediate),
	    cmocka_unit_test(test_deny),
	    cmocka_unit_test(test_hvc_same_as_smc),
	    cmocka_unit_test(test_version_and_features),
	    cmocka_unit_test(test_smccc_arch),
	    cmocka_unit_test(test_soc_id),
	    cmocka_unit_test(test_boot_load_and_seeds),
	    cmocka_unit_test(test_cpu_on),
	    cmocka_unit_test(test_cpu_on_race),
	    cmocka_unit_test(test_cpu_on_failure),
	    cmocka_unit_test(test_affinity_info),
	    cmocka_unit_test(test_cpu_off),
	    cmocka_unit_test(test_cpu_suspend),
	    cmocka_unit_test(test_system_off),
	    cmocka_unit_test(test_system_reset),
	    cmocka_unit_test(test_forward_smc32),
	    cmocka_unit_test(test_forward_smc64),
	    cmocka_unit_test(test_forward_refused),
	    cmocka_unit_test(test_unknown_badge_and_label),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
