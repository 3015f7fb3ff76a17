# Build options and their defaults: every option a user can set, in one place.
# Set any of them on the command line: make test CPU=cortex-a57 FIRMWARE=qemu.

# QEMU CPU model for run, test and bench (max, cortex-a57, cortex-a72, cortex-a53).
CPU ?= max
# Firmware under the kernel (docs/boot.md has the table): warden (the project's own EL3
# monitor), qemu (QEMU's built-in PSCI, kernel loaded with -kernel, no EL3 code at all), tfa
# (Trusted Firmware-A with the kernel as BL33; TFA_DIR), uboot (Debian's U-Boot above QEMU's
# PSCI, booting the image it finds through fw_cfg).
FIRMWARE ?= warden
# FIRMWARE=tfa: a TF-A build (bl1.bin, bl2.bin, bl31.bin) or a folder of builds, each of which
# the tests run on; empty: ../shared/firmware/tf-a beside the repository (both hand-offs).
TFA_DIR ?=
# 1: the kernel has the SMC capability object type; 0: the type does not exist and the image
# builder refuses descriptions that grant one.
SMC_CAP ?= 1
# 1: the kernel records every SMC capability invocation in a trace ring (costs instructions).
SMC_TRACE ?= 0
# The platform's facts the kernel needs before it has a device tree: where a DTB is when the
# boot loader's x0 is not one (QEMU virt puts its own at the start of RAM), and the UART that
# says why the kernel stops when it has none (QEMU virt's UART0).
KERNEL_FALLBACK_DTB ?= 0x40000000
KERNEL_EARLY_UART ?= 0x09000000
# Guest RAM given to QEMU, in MiB.
MEM ?= 512
# Seconds a system test may run before the harness calls it hung.
TEST_TIMEOUT ?= 60
