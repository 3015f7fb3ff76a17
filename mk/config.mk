# Build options and their defaults: every option a user can set, in one place.
# Set any of them on the command line: make test CPU=cortex-a57 FIRMWARE=qemu.

# QEMU CPU model for run, test and bench (max, cortex-a57, cortex-a72, cortex-a53).
CPU ?= max
# Secure-world firmware under the kernel: warden (the project's own EL3 monitor) or qemu
# (QEMU's built-in PSCI, kernel loaded with -kernel, no EL3 code at all).
FIRMWARE ?= warden
# 1: the kernel has the SMC capability object type; 0: the type does not exist and the image
# builder refuses descriptions that grant one.
SMC_CAP ?= 1
# 1: the kernel records every SMC capability invocation in a trace ring (costs instructions).
SMC_TRACE ?= 0
# Guest RAM given to QEMU, in MiB.
MEM ?= 512
# Seconds a system test may run before the harness calls it hung.
TEST_TIMEOUT ?= 60
