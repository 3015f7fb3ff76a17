# libFuzzer targets (tests/fuzz/fuzz_*.c; docs/fuzzing.md). Each is built twice over: plain, and
# once per bug it can plant (-DPLANT_BUG_<NAME>), to show the fuzzer finds that bug. Nothing
# here is part of `all`; `make test` builds them through fuzz-targets, `make fuzz` runs them long.
FUZZ_CC := clang
FUZZ_CFLAGS := -std=c11 -O1 -g $(WARN) -Ilib/include -D_DEFAULT_SOURCE -DWARDEN_HOST=1 \
	-DSMC_CAP=$(SMC_CAP) -DSMC_TRACE=$(SMC_TRACE) -fsanitize=fuzzer,address,undefined \
	-fno-sanitize-recover=all -fno-omit-frame-pointer
FUZZ_DIR := $(BUILD)/tests/fuzz

# Sources each target links and the bugs it can plant (the names after PLANT_BUG_).
FUZZ_SRCS_fdt := lib/src/fdt.c lib/src/fdt_edit.c
FUZZ_PLANTS_fdt := FDT_PROP_LEN
FUZZ_SRCS_wbuild := $(WBUILD_LIB_SRCS)
FUZZ_FLAGS_wbuild = $(shell pkg-config --cflags libxml-2.0)
FUZZ_LIBS_wbuild = $(shell pkg-config --libs libxml-2.0)
FUZZ_PLANTS_wbuild := SLOT_BOUND
FUZZ_SRCS_vmm := user/vmm/vmm.c user/vmm/smccc.c user/vmm/bench_mark.c user/vmm/devices.c \
	lib/src/format.c lib/src/fdt.c lib/src/fdt_edit.c
FUZZ_FLAGS_vmm := -Iuser/vmm -Itests
FUZZ_DEPS_vmm := tests/vmm_mock.h
FUZZ_PLANTS_vmm := VMM_FAULT_LEN
FUZZ_SRCS_cap := kernel/cap.c lib/src/smc_hazards.c lib/src/smccc_rules.c
FUZZ_FLAGS_cap := -Ikernel/include
FUZZ_PLANTS_cap := MINT_RANGE
FUZZ_SRCS_policy := user/vmm/smccc.c user/vmm/vmm.c user/vmm/devices.c user/vmm/bench_mark.c \
	lib/src/format.c lib/src/fdt.c lib/src/fdt_edit.c lib/src/smc_services.c lib/src/smc_hazards.c lib/src/smccc_rules.c
FUZZ_FLAGS_policy := -Iuser/vmm
FUZZ_PLANTS_policy := POLICY_LAST

FUZZ_SRCS_smccc := lib/src/smccc_rules.c
FUZZ_PLANTS_smccc := SMCCC_MBZ
FUZZ_SRCS_elf := tools/wbuild/elf.c
FUZZ_FLAGS_elf :=
FUZZ_PLANTS_elf := ELF_FILESZ

FUZZ_TARGETS := fdt wbuild vmm cap policy smccc elf
FUZZ_BINS := $(foreach t,$(FUZZ_TARGETS),$(FUZZ_DIR)/fuzz_$(t) \
	$(foreach p,$(FUZZ_PLANTS_$(t)),$(FUZZ_DIR)/plant-$(p)/fuzz_$(t)))

# fuzz-rule(target, plant or empty)
define fuzz-rule
$(FUZZ_DIR)/$(if $(2),plant-$(2)/)fuzz_$(1): tests/fuzz/fuzz_$(1).c $(FUZZ_SRCS_$(1)) \
		$(wildcard tests/fuzz/*.h) $(FUZZ_DEPS_$(1)) $(OPTS_STAMP) | tools-check
	@mkdir -p $$(@D)
	@echo "  FUZZCC  $$@"; $(FUZZ_CC) $(FUZZ_CFLAGS) $(FUZZ_FLAGS_$(1)) \
		$(if $(2),-DPLANT_BUG_$(2)=1) -o $$@ $$< $(FUZZ_SRCS_$(1)) $(FUZZ_LIBS_$(1))
endef
$(foreach t,$(FUZZ_TARGETS),$(eval $(call fuzz-rule,$(t),)) \
	$(foreach p,$(FUZZ_PLANTS_$(t)),$(eval $(call fuzz-rule,$(t),$(p)))))

fuzz-targets: $(FUZZ_BINS)
.PHONY: fuzz-targets

# The hostile component's planted bug: a kernel whose SMC range check is off by one
# (-DPLANT_BUG_SMC_RANGE), packed with the hostile system; its auditor must notice.
$(eval $(call kernel-flavour,kernel-plant-smc-range,-USMC_TRACE -DSMC_TRACE=1 -DPLANT_BUG_SMC_RANGE=1))
$(BUILD)/kernel-plant-smc-range/kernel/idreg.o: EXTRA_CFLAGS += -fpie
HOSTILE_PLANT_IMG := $(FUZZ_DIR)/plant-SMC_RANGE/hostile.img
$(HOSTILE_PLANT_IMG): $(BUILD)/kernel-plant-smc-range/kernel.bin tests/system/hostile.xml \
		$(WBUILD) $(COMPONENTS) $(MONITOR_BIN) tools/scripts/mkflash.sh
	@mkdir -p $(@D)
	$(WBUILD) -k $< -I $(BUILD)/user -o $@ tests/system/hostile.xml
	tools/scripts/mkflash.sh $(MONITOR_BIN) $@ $(@:.img=.fw)
fuzz-targets: $(HOSTILE_PLANT_IMG)
