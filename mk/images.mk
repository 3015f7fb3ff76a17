# Bootable images: a system description (systems/*.xml for demos, tests/system/*.xml for
# tests) compiled by wbuild with the kernel and the components into build/images/<name>.img,
# and for the project's monitor the flash image <name>.fw beside it.
IMAGE_DEPS = $(KERNEL_BIN) $(WBUILD) $(COMPONENTS) $(GUEST_IMAGES)
WBUILD_FLAGS = -k $(KERNEL_BIN) -I $(BUILD)/user -I $(BUILD)/guests

$(BUILD)/images/%.img: systems/%.xml $(IMAGE_DEPS)
	@mkdir -p $(@D)
	$(WBUILD) $(WBUILD_FLAGS) -o $@ $<

$(BUILD)/images/%.img: tests/system/%.xml $(IMAGE_DEPS)
	@mkdir -p $(@D)
	$(WBUILD) $(WBUILD_FLAGS) -o $@ $<

SYSTEM_TEST_NAMES := $(patsubst tests/system/%.xml,%,$(wildcard tests/system/*.xml))
TEST_IMAGES += $(foreach n,$(SYSTEM_TEST_NAMES),$(BUILD)/images/$(n).img $(BUILD)/images/$(n).fw)

# make run: the demo system, on the firmware and CPU chosen (FIRMWARE=, CPU=).
DEMO ?= demo
RUN_IMAGE := $(BUILD)/images/$(DEMO).img
run: tools-check $(RUN_IMAGE) $(if $(filter warden,$(FIRMWARE)),$(RUN_IMAGE:.img=.fw))
	$(PYTHON) tools/qemu.py --firmware $(FIRMWARE) --cpu $(CPU) --mem $(MEM) $(RUN_IMAGE)

.PHONY: run
