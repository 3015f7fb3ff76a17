# Bootable images: a system description (systems/*.xml for demos, tests/system/*.xml for
# tests) compiled by wbuild with the kernel and the components into build/images/<name>.img,
# and for the project's monitor the flash image <name>.fw beside it.
# An image uses $(KERNEL_BIN) unless IMAGE_KERNEL_<name> names another kernel flavour.
image-kernel = $(or $(IMAGE_KERNEL_$(1)),$(KERNEL_BIN))
IMAGE_KERNEL_smc-trace := $(KERNEL_TRACE_BIN)
IMAGE_KERNEL_demo := $(KERNEL_TRACE_BIN)
IMAGE_KERNEL_hostile := $(KERNEL_TRACE_BIN)
IMAGE_KERNEL_vm-bind := $(KERNEL_TRACE_BIN)
IMAGE_DEPS = $(WBUILD) $(COMPONENTS) $(GUEST_IMAGES)
WBUILD_FLAGS = -I $(BUILD)/user -I $(BUILD)/guests -I $(LINUX_DIR)

$(BUILD)/images/%.img: systems/%.xml $(IMAGE_DEPS) $$(call image-kernel,$$*)
	@mkdir -p $(@D)
	$(WBUILD) -k $(call image-kernel,$*) $(WBUILD_FLAGS) -o $@ $<

$(BUILD)/images/%.img: tests/system/%.xml $(IMAGE_DEPS) $$(call image-kernel,$$*) $$(IMAGE_EXTRA_DEPS_$$*)
	@mkdir -p $(@D)
	$(WBUILD) -k $(call image-kernel,$*) $(WBUILD_FLAGS) -o $@ $<

SYSTEM_TEST_NAMES := $(patsubst tests/system/%.xml,%,$(wildcard tests/system/*.xml))
ifeq ($(wildcard $(LINUX_IMAGE)),)
SYSTEM_TEST_NAMES := $(filter-out $(LINUX_TEST_NAMES),$(SYSTEM_TEST_NAMES))
endif
TEST_IMAGES += $(foreach n,$(SYSTEM_TEST_NAMES),$(BUILD)/images/$(n).img $(BUILD)/images/$(n).fw)
# tests/system/demo.test boots the demo too.
TEST_IMAGES += $(BUILD)/images/demo.img $(BUILD)/images/demo.fw

# make run: the demo system, on the firmware and CPU chosen (FIRMWARE=, CPU=); the SMC trace
# the demo prints at the end is decoded by the host decoder (tools/smctrace). Under -icount the
# trace's costs are exact instruction counts. qemu.py writes the log itself (no pipe to lose its
# status): `make run` fails when the kernel's last line reports a guest or component stopped
# for a fault, after the trace is decoded.
DEMO ?= demo
RUN_IMAGE := $(BUILD)/images/$(DEMO).img
RUN_LOG := $(BUILD)/run.log
run: tools-check $(RUN_IMAGE) $(if $(filter warden,$(FIRMWARE)),$(RUN_IMAGE:.img=.fw)) $(SMCTRACE)
	@st=0; $(PYTHON) tools/qemu.py --icount --firmware $(FIRMWARE) --cpu $(CPU) --mem $(MEM) \
		$(if $(TFA_DIR),--tfa $(TFA_DIR)) --log $(RUN_LOG) $(RUN_IMAGE) || st=$$?; \
	echo; echo "The SMC trace, decoded by $(SMCTRACE):"; $(SMCTRACE) $(RUN_LOG) || [ $$st -ne 0 ] || st=1; \
	exit $$st

# make diagram: the demo system as a picture (wbuild --dot, Graphviz dot), as in docs/.
diagram: $(BUILD)/images/$(DEMO).svg $(BUILD)/images/$(DEMO).png
$(BUILD)/images/%.dot: systems/%.xml $(IMAGE_DEPS)
	@mkdir -p $(@D)
	$(WBUILD) $(WBUILD_FLAGS) --dot $@ $<
$(BUILD)/images/%.svg: $(BUILD)/images/%.dot
	dot -Tsvg -o $@ $<
$(BUILD)/images/%.png: $(BUILD)/images/%.dot
	dot -Tpng -o $@ $<

.PHONY: run diagram

# Early-boot tests (tests/system/early.test): kernel-el0 entered by the monitor with a chosen
# x0 (mkflash.sh --x0-test), one flash image per failure path of the kernel's DTB search.
X0_TESTS := zero unaligned beyond-ram corrupt no-dtb no-uart
$(BUILD)/images/x0-%.fw: $(BUILD)/images/kernel-el0.img $(MONITOR_BIN) tools/scripts/mkflash.sh
	tools/scripts/mkflash.sh --x0-test $* $(MONITOR_BIN) $< $@
TEST_IMAGES += $(foreach t,$(X0_TESTS),$(BUILD)/images/x0-$(t).fw)

# tests/system/smccc10.test: its flash image carries the SMCCC 1.0 test build of the monitor.
$(BUILD)/images/smccc10.fw: $(BUILD)/images/smccc10.img $(MONITOR10_BIN) tools/scripts/mkflash.sh
	tools/scripts/mkflash.sh $(MONITOR10_BIN) $< $@

# Boot parameters (tests/system/boot-params.test): kernel-el0 with an "initrd" (123456 bytes
# of zeros) and a command line, which the monitor must place and name in /chosen.
$(BUILD)/images/initrd-sample.bin:
	@mkdir -p $(@D)
	dd if=/dev/zero of=$@ bs=123456 count=1 status=none
$(BUILD)/images/boot-params.fw: $(BUILD)/images/kernel-el0.img $(BUILD)/images/initrd-sample.bin \
		$(MONITOR_BIN) tools/scripts/mkflash.sh
	tools/scripts/mkflash.sh --initrd $(BUILD)/images/initrd-sample.bin \
		--cmdline "console=ttyAMA0 warden.test=\"quoted words\"" $(MONITOR_BIN) $< $@
TEST_IMAGES += $(BUILD)/images/boot-params.fw

# Debian's Linux directly on the monitor (tests/system/linux-monitor.test): the kernel and
# initramfs of `make linux` (issue 13) in the flash, with a command line. Built only where
# `make linux` has run; the test is skipped elsewhere (requires =).
ifneq ($(wildcard $(BUILD)/linux/Image),)
$(BUILD)/images/linux-monitor.fw: $(BUILD)/linux/Image $(BUILD)/linux/initramfs.cpio \
		$(MONITOR_BIN) tools/scripts/mkflash.sh
	tools/scripts/mkflash.sh --initrd $(BUILD)/linux/initramfs.cpio \
		--cmdline "console=ttyAMA0 earlycon" $(MONITOR_BIN) $(BUILD)/linux/Image $@
TEST_IMAGES += $(BUILD)/images/linux-monitor.fw
endif
