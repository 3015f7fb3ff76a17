UNIT_SRCS_test_memmap := lib/src/memmap.c lib/src/fdt.c
$(BUILD)/tests/unit/memmap.dtb: tests/unit/memmap.dts | tools-check
	@mkdir -p $(@D)
	dtc -q -I dts -O dtb -o $@ $<
$(BUILD)/tests/unit/test_memmap: $(BUILD)/tests/unit/memmap.dtb
$(BUILD)/tests/unit/test_memmap: HOST_CFLAGS += -DMEMMAP_DTB='"$(BUILD)/tests/unit/memmap.dtb"'
