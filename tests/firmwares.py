"""What each firmware below the kernel answers: the expectations system tests check, written
down here rather than taken from what the firmware happens to answer, so a wrong answer fails.

A .test file names an entry as {fw:KEY} inside an expect or reject regex; the harness puts in
the value for the firmware and CPU of the run (re.escape'd). Sources: docs/monitor.md (the
project's monitor), ../shared/firmware/tf-a/README.md and FACTS.md (TF-A v2.15, PLAT=qemu),
QEMU 7.2's built-in PSCI (target/arm/psci.c: PSCI only; any other ID answers -1). U-Boot runs
above QEMU's PSCI and adds no secure service."""

MINUS_ONE = "0xffffffffffffffff"  # NOT_SUPPORTED (-1) as the kernel's x0
# QEMU CPU models with FEAT_RNG (ID_AA64ISAR0_EL1.RNDR): the monitor offers TRNG only there.
CPUS_WITH_RNG = ("max",)

_QEMU = {
    "firmware": "other",  # smctest: not the project's monitor (no Warden SiP UID)
    "smccc_version": MINUS_ONE,
    "psci_version": "0x10001",
    "psci_features_smccc": MINUS_ONE,  # PSCI_FEATURES(SMCCC_VERSION): so SMCCC 1.0 assumed
    "trng_version": MINUS_ONE,
    "soc_id": MINUS_ONE,  # ARCH_FEATURES(SOC_ID)
    "sip_uid": MINUS_ONE,
    # The kernel's boot line: the version it found (PSCI_FEATURES(SMCCC_VERSION) first).
    "kernel_smccc": "1.0: results in x0..x3 (SMC32 w0..w3)",
}

TABLE = {
    "warden": {
        "firmware": "warden",
        "smccc_version": "0x10002",
        "psci_version": "0x10001",
        "psci_features_smccc": "0x0",
        "trng_version": lambda cpu: "0x10000" if cpu in CPUS_WITH_RNG else MINUS_ONE,
        "soc_id": "0x0",
        "sip_uid": "0x4e8c3b27",
        "kernel_smccc": "1.2: results in x0..x17 (SMC32 w0..w7)",
    },
    "tfa": {
        "firmware": "other",
        "smccc_version": "0x10005",
        "psci_version": "0x10001",
        "psci_features_smccc": "0x0",
        "trng_version": MINUS_ONE,
        "soc_id": MINUS_ONE,
        "sip_uid": MINUS_ONE,
        "kernel_smccc": "1.5: results in x0..x17 (SMC32 w0..w7)",
    },
    "qemu": _QEMU,
    "uboot": _QEMU,
}


def value(firmware, cpu, key):
    v = TABLE[firmware][key]
    return v(cpu) if callable(v) else v
