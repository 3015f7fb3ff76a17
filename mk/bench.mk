# make bench (docs/performance.md): instructions per operation on every measured path, under
# QEMU -icount shift=0,sleep=off with the project's monitor, on $(CPU). tools/bench.py boots each
# image of BENCH_IMAGES, collects the [BENCH] lines they print, prints the table and writes
# $(BUILD)/bench/results.json.
#
# A new path is one more image that prints [BENCH] lines (user/bench-client/bench.h has the
# measuring code and the line format): a system description systems/bench-<x>.xml with its
# components, or an EL2 payload, added to BENCH_IMAGES below (and its smoke-test twin to
# BENCH_SMOKE_IMAGES and tests/system/bench.test).

# --- the EL2 payload: raw_smc, monitor_psci_version, monitor_trng_rnd64 --------------------------
BENCH_EL2_SRCS := tests/el2-bench/head.S tests/el2-bench/main.c user/bench-client/bench.c \
	user/bench-client/measure.S $(LIB_SRCS)
BENCH_EL2_FLAGS := -mgeneral-regs-only -mstrict-align -Iuser/bench-client
BENCH_EL2_LDS := tests/el2/el2.ld

# bench-el2-image(name, object dir, iterations)
define bench-el2-image
$(call target-rules,$(2),$(BENCH_EL2_FLAGS) -DBENCH_ITERS=$(3))
$(BUILD)/images/$(1).elf: $(call target-objs,$(2),$(BENCH_EL2_SRCS)) $(BENCH_EL2_LDS)
	@mkdir -p $$(@D)
	$(TARGET_LD) -T $(BENCH_EL2_LDS) -o $$@ $(call target-objs,$(2),$(BENCH_EL2_SRCS))
$(BUILD)/images/$(1).img: $(BUILD)/images/$(1).elf
	$(OBJCOPY) -O binary $$< $$@
endef
$(eval $(call bench-el2-image,bench-el2,el2bench,1000))
$(eval $(call bench-el2-image,bench-el2-smoke,el2bench-smoke,8))

# --- what make bench boots, and what make test boots (8 iterations per path) -------------------
# systems/bench.xml: smc_cap, smc_cap_ext, smc_cap_refused, ipc_call (user/bench-client,
# user/bench-server).
# systems/bench-guest.xml: guest_forward, guest_emulate, guest_deny (guests/benchguest under the
# VMM, which reads the PMU at the guest's WARDEN_HYP_BENCH_MARK calls: user/vmm/bench_mark.h).
# systems/bench-broker.xml: broker_call (user/bench-client as a client of user/smc-broker).
# systems/bench-guest-kernel.xml: guest_forward_in_kernel (the kernel's opt-in forwarding).
# systems/bench-guest-sgi.xml: guest_sgi (an SGI between two vCPUs of guests/benchguest, WFI).
BENCH_IMAGES := bench-el2 bench bench-guest bench-guest-kernel bench-broker bench-guest-sgi
BENCH_SMOKE_IMAGES := bench-el2-smoke bench-smoke bench-guest-smoke bench-guest-kernel-smoke \
	bench-broker-smoke bench-guest-sgi-smoke
TEST_IMAGES += $(foreach n,$(BENCH_SMOKE_IMAGES),$(BUILD)/images/$(n).img $(BUILD)/images/$(n).fw)

# Benchmark images get the monitor whose PMU counts at EL3 too (monitor/build.mk).
BENCH_FW := $(foreach n,$(BENCH_IMAGES) $(BENCH_SMOKE_IMAGES),$(BUILD)/images/$(n).fw)
$(BENCH_FW): $(BUILD)/images/%.fw: $(BUILD)/images/%.img $(MONITOR_BENCH_BIN) tools/scripts/mkflash.sh
	tools/scripts/mkflash.sh $(MONITOR_BENCH_BIN) $< $@

# systems/bench-linux.xml: linux_boot_ratio, where `make linux` has fetched the kernel.
BENCH_LINUX = $(if $(wildcard $(LINUX_IMAGE)),bench-linux)
$(BUILD)/images/bench-linux.img: $(LINUX_IMAGE) $(LINUX_INITRD)

bench: tools-check $(foreach n,$(BENCH_IMAGES) $(BENCH_LINUX),$(BUILD)/images/$(n).img $(BUILD)/images/$(n).fw)
	$(PYTHON) tools/bench.py --build $(BUILD) --cpu "$(CPU)" --mem $(MEM) \
		$(if $(BENCH_LINUX),--linux $(BENCH_LINUX)) $(BENCH_IMAGES)

# Where the instructions go: each operation's instructions per function (QEMU -singlestep log).
bench-profile: tools-check $(foreach n,$(BENCH_SMOKE_IMAGES),$(BUILD)/images/$(n).img $(BUILD)/images/$(n).fw)
	$(PYTHON) tools/bench.py --profile --build $(BUILD) --cpu "$(CPU)" --mem $(MEM) $(BENCH_SMOKE_IMAGES)

.PHONY: bench bench-profile
