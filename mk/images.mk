# Bootable images: a system description (systems/*.xml for demos, tests/system/*.xml for
# tests) compiled by wbuild with the kernel and the components into build/images/<name>.img,
# and for the project's monitor the flash image <name>.fw beside it.
# An image uses $(KERNEL_BIN) unless IMAGE_KERNEL_<name> names another kernel flavour.
image-kernel = $(or $(IMAGE_KERNEL_$(1)),$(KERNEL_BIN))
IMAGE_KERNEL_smc-trace := $(KERNEL_TRACE_BIN)
IMAGE_DEPS = $(WBUILD) $(COMPONENTS) $(GUEST_IMAGES)
WBUILD_FLAGS = -I $(BUILD)/user -I $(BUILD)/guests

$(BUILD)/images/%.img: systems/%.xml $(IMAGE_DEPS) $$(call image-kernel,$$*)
	@mkdir -p $(@D)
	$(WBUILD) -k $(call image-kernel,$*) $(WBUILD_FLAGS) -o $@ $<

$(BUILD)/images/%.img: tests/system/%.xml $(IMAGE_DEPS) $$(call image-kernel,$$*)
	@mkdir -p $(@D)
	$(WBUILD) -k $(call image-kernel,$*) $(WBUILD_FLAGS) -o $@ $<

SYSTEM_TEST_NAMES := $(patsubst tests/system/%.xml,%,$(wildcard tests/system/*.xml))
TEST_IMAGES += $(foreach n,$(SYSTEM_TEST_NAMES),$(BUILD)/images/$(n).img $(BUILD)/images/$(n).fw)

# make run: the demo system, on the firmware and CPU chosen (FIRMWARE=, CPU=).
DEMO ?= demo
RUN_IMAGE := $(BUILD)/images/$(DEMO).img
run: tools-check $(RUN_IMAGE) $(if $(filter warden,$(FIRMWARE)),$(RUN_IMAGE:.img=.fw))
	$(PYTHON) tools/qemu.py --firmware $(FIRMWARE) --cpu $(CPU) --mem $(MEM) $(RUN_IMAGE)

.PHONY: run
