UNIT_SRCS_test_monitor_boot := monitor/boot.c lib/src/fdt.c lib/src/fdt_edit.c
$(BUILD)/tests/unit/test_monitor_boot: HOST_CFLAGS += -Imonitor
