# Warden: top-level build. `make` builds everything under build/; `make run` boots the demo;
# `make test` runs unit and system tests; `make bench` measures; `make deps` installs packages.
include mk/config.mk

BUILD ?= build
.DEFAULT_GOAL := all

# --- toolchains -------------------------------------------------------------------------------
TARGET_CC := clang --target=aarch64-none-elf
TARGET_LD := ld.lld
OBJCOPY := llvm-objcopy
HOST_CC := cc
PYTHON := python3

WARN := -Wall -Wextra -Werror -Wno-unused-parameter
# Flags for everything that runs on Arm. Kernel and monitor add -mgeneral-regs-only.
TARGET_CFLAGS := -std=c11 -O2 -g $(WARN) -ffreestanding -fno-builtin -nostdlib \
	-fno-stack-protector -fno-common -mcpu=cortex-a57 -Ilib/include \
	-DSMC_CAP=$(SMC_CAP) -DSMC_TRACE=$(SMC_TRACE)
TARGET_ASFLAGS := $(TARGET_CFLAGS) -D__ASSEMBLY__
HOST_CFLAGS := -std=c11 -O1 -g $(WARN) -Ilib/include -D_DEFAULT_SOURCE -DWARDEN_HOST=1 \
	-DSMC_CAP=$(SMC_CAP) -DSMC_TRACE=$(SMC_TRACE)

# Option values the objects depend on: a change of option rebuilds what it touches.
OPTS_STAMP := $(BUILD)/opts-smc$(SMC_CAP)-trace$(SMC_TRACE).stamp
$(OPTS_STAMP):
	@mkdir -p $(BUILD) && rm -f $(BUILD)/opts-*.stamp && touch $@

# target-objs(target-dir, sources): the objects of sources built for one target, under
# $(BUILD)/<target-dir>/ (so lib/ code is built once per target that uses it).
define target-objs
$(patsubst %.c,$(BUILD)/$(1)/%.o,$(filter %.c,$(2))) $(patsubst %.S,$(BUILD)/$(1)/%.o,$(filter %.S,$(2)))
endef

# Pattern rules per target directory: build/<dir>/%.o from %.c / %.S with that dir's flags
# (and EXTRA_CFLAGS, which a part may set for some of its objects as a pattern-specific variable).
# Each component makefile sets <DIR>_CFLAGS via $(eval $(call target-rules,dir,flags)).
define target-rules
$(BUILD)/$(1)/%.o: %.c $(OPTS_STAMP) | tools-check
	@mkdir -p $$(@D)
	@echo "  CC      $$@"; $(TARGET_CC) $(TARGET_CFLAGS) $(2) $$(EXTRA_CFLAGS) -MMD -MP -c $$< -o $$@
$(BUILD)/$(1)/%.o: %.S $(OPTS_STAMP) | tools-check
	@mkdir -p $$(@D)
	@echo "  AS      $$@"; $(TARGET_CC) $(TARGET_ASFLAGS) $(2) -MMD -MP -c $$< -o $$@
endef

ALL_TARGETS :=
include mk/deps.mk
include lib/build.mk
include monitor/build.mk
include kernel/build.mk
include user/build.mk
-include guests/build.mk
include tools/build.mk
include tools/smctrace/build.mk
include tests/build.mk
include mk/linux.mk
include tests/fuzz/build.mk
include mk/images.mk
include mk/bench.mk
-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)

# After every include, so TEST_IMAGES holds what each part added.
test-images: $(TEST_IMAGES)

# The README's test command: builds what the tests need, runs everything, one closing line.
test: unit-tests test-images fuzz-targets
	WARDEN_BUILD=$(BUILD) CPU="$(CPU)" FIRMWARE=$(FIRMWARE) TFA_DIR="$(TFA_DIR)" \
		TEST_TIMEOUT=$(TEST_TIMEOUT) \
		$(PYTHON) tests/run.py $(TESTS)

# Long fuzzing (docs/fuzzing.md): SEED=, SECONDS= per libFuzzer target; then the hostile
# component (CALLS= calls) and the hostile guest (OPS= operations), from each of SEEDS= seeds
# SEED, SEED+1, ... on each CPU=.
FUZZ_ENV = WARDEN_BUILD=$(BUILD) SEED=$(SEED) SECONDS=$(SECONDS) CALLS=$(CALLS) OPS=$(OPS) \
	SEEDS=$(SEEDS) CPU="$(CPU)"
fuzz: fuzz-targets test-images
	$(FUZZ_ENV) $(PYTHON) tests/fuzz/fuzz.py long
fuzz-hostile: test-images
	$(FUZZ_ENV) $(PYTHON) tests/fuzz/fuzz.py hostile
fuzz-guest: test-images
	$(FUZZ_ENV) $(PYTHON) tests/fuzz/fuzz.py guest

.PHONY: test unit-tests test-images fuzz fuzz-hostile fuzz-guest

all: $(ALL_TARGETS)

format:
	clang-format -i $$(git ls-files '*.c' '*.h')

clean:
	rm -rf $(BUILD)

.PHONY: all clean format

# Flash images for the project's monitor: monitor at 0, the non-secure image at 2 MiB.
$(BUILD)/images/%.fw: $(BUILD)/images/%.img $(MONITOR_BIN) tools/scripts/mkflash.sh
	tools/scripts/mkflash.sh $(MONITOR_BIN) $< $@

