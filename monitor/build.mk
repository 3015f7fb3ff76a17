# monitor: the EL3 firmware (docs/monitor.md), a raw binary for QEMU's -bios.
# -ffixed-x18: the SMC entry path does not save x18, so C must never use it.
# -mstrict-align: the monitor starts with the MMU off, where unaligned accesses fault.
MONITOR_FLAGS := -mgeneral-regs-only -mstrict-align -ffixed-x18
# Portable sources (also built for host unit tests) and the AArch64 glue.
MONITOR_PORTABLE_SRCS := monitor/smc.c monitor/call_counter.c monitor/arch_svc.c \
	monitor/psci.c monitor/trng.c monitor/siphash.c monitor/sip.c monitor/boot.c
MONITOR_SRCS := monitor/arch/aarch64/entry.S monitor/arch/aarch64/main.c \
	monitor/arch/aarch64/cpu.c monitor/arch/aarch64/gic.c monitor/arch/aarch64/plat.c \
	monitor/arch/aarch64/mmu.c \
	$(MONITOR_PORTABLE_SRCS) $(LIB_SRCS) lib/src/fdt_edit.c
MONITOR_OBJS := $(call target-objs,monitor,$(MONITOR_SRCS))
MONITOR_LDS := monitor/arch/aarch64/monitor.ld
MONITOR_ELF := $(BUILD)/monitor/monitor.elf
MONITOR_BIN := $(BUILD)/monitor/monitor.bin

$(eval $(call target-rules,monitor,$(MONITOR_FLAGS)))

$(MONITOR_ELF): $(MONITOR_OBJS) $(MONITOR_LDS)
	$(TARGET_LD) -T $(MONITOR_LDS) --gc-sections -o $@ $(MONITOR_OBJS)

$(MONITOR_BIN): $(MONITOR_ELF)
	$(OBJCOPY) -O binary $< $@

# The SMCCC 1.0 test build (tests/system/smccc10.test): reports SMCCC 1.0 (no SMCCC_VERSION,
# PSCI_FEATURES(SMCCC_VERSION) = NOT_SUPPORTED) and scribbles x4..x17 after every call, which
# SMCCC 1.0 allows. The kernel must give callers their own x4..x17 back.
MONITOR10_OBJS := $(call target-objs,monitor10,$(MONITOR_SRCS))
MONITOR10_ELF := $(BUILD)/monitor10/monitor.elf
MONITOR10_BIN := $(BUILD)/monitor10/monitor.bin
$(eval $(call target-rules,monitor10,$(MONITOR_FLAGS) -DMONITOR_SMCCC_1_0=1))
$(MONITOR10_ELF): $(MONITOR10_OBJS) $(MONITOR_LDS)
	$(TARGET_LD) -T $(MONITOR_LDS) --gc-sections -o $@ $(MONITOR10_OBJS)
$(MONITOR10_BIN): $(MONITOR10_ELF)
	$(OBJCOPY) -O binary $< $@

# The benchmark build (make bench and its smoke tests: mk/bench.mk): the same monitor, except that
# the PMU counts in the secure world too (MDCR_EL3.SPME), so benchmarks see the monitor's
# instructions. Every other image's monitor keeps the PMU out of EL3.
MONITOR_BENCH_OBJS := $(call target-objs,monitor-bench,$(MONITOR_SRCS))
MONITOR_BENCH_ELF := $(BUILD)/monitor-bench/monitor.elf
MONITOR_BENCH_BIN := $(BUILD)/monitor-bench/monitor.bin

$(eval $(call target-rules,monitor-bench,$(MONITOR_FLAGS) -DMONITOR_BENCH=1))

$(MONITOR_BENCH_ELF): $(MONITOR_BENCH_OBJS) $(MONITOR_LDS)
	$(TARGET_LD) -T $(MONITOR_LDS) --gc-sections -o $@ $(MONITOR_BENCH_OBJS)

$(MONITOR_BENCH_BIN): $(MONITOR_BENCH_ELF)
	$(OBJCOPY) -O binary $< $@

ALL_TARGETS += $(MONITOR_BIN) $(MONITOR_BENCH_BIN)
