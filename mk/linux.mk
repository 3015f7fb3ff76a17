# make linux: Debian's arm64 kernel and a busybox initramfs for Linux guests, under
# $(BUILD)/linux (tools/scripts/get-linux.sh fetches from Debian's archive; run as root the first
# time; `make deps` runs it). Tests that boot Linux skip, saying so, where these are absent.
LINUX_DIR := $(BUILD)/linux
LINUX_IMAGE := $(LINUX_DIR)/Image
LINUX_INITRD := $(LINUX_DIR)/initramfs.cpio

linux: $(LINUX_IMAGE) $(LINUX_INITRD)

$(LINUX_IMAGE): tools/scripts/get-linux.sh
	tools/scripts/get-linux.sh $(LINUX_DIR)

$(LINUX_INITRD): $(LINUX_IMAGE) guests/linux/init tools/scripts/mkinitramfs.py
	$(PYTHON) tools/scripts/mkinitramfs.py $@ dir:bin dir:dev dir:proc dir:sys dir:tmp dir:etc \
		dir:lib dir:lib/modules char:dev/console=5,1 \
		file:bin/busybox=$(LINUX_DIR)/busybox:755 link:bin/sh=busybox \
		file:init=guests/linux/init:755 \
		file:lib/modules/arm_smccc_trng.ko=$(LINUX_DIR)/arm_smccc_trng.ko

# System tests whose guest is Debian's Linux (tests/system/<name>.xml naming image="Image"):
# built only when the kernel is there; tests/run.py skips their runs otherwise (`requires =` in
# the .test file). Found by what they name, so a new one cannot be forgotten here.
LINUX_TEST_NAMES := $(patsubst tests/system/%.xml,%,$(shell grep -l 'image="Image"' tests/system/*.xml))
$(foreach n,$(LINUX_TEST_NAMES),$(eval IMAGE_EXTRA_DEPS_$(n) := $(LINUX_IMAGE) $(LINUX_INITRD)))

# make run-linux: Linux as the console guest beside the SMC broker and a client of it
# (systems/run-linux.xml), an interactive busybox shell on the console; Ctrl-a x leaves QEMU.
RUN_LINUX_IMAGE := $(BUILD)/images/run-linux.img
$(RUN_LINUX_IMAGE): $(LINUX_IMAGE) $(LINUX_INITRD)
run-linux: tools-check $(RUN_LINUX_IMAGE) $(RUN_LINUX_IMAGE:.img=.fw)
	$(PYTHON) tools/qemu.py --interactive --cpu $(CPU) --mem $(MEM) $(RUN_LINUX_IMAGE)

.PHONY: linux run-linux
