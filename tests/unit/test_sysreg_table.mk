# The register ownership table against QEMU's register lists (tests/data/).
UNIT_SRCS_test_sysreg_table :=
$(BUILD)/tests/unit/test_sysreg_table: HOST_CFLAGS += -Ikernel/include -DDATA_DIR='"$(CURDIR)/tests/data"'
$(BUILD)/tests/unit/test_sysreg_table: kernel/include/kernel/sysreg_table.h tests/data/qemu-sysregs-max.txt tests/data/qemu-sysregs-cortex-a57.txt
