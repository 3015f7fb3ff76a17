UNIT_SRCS_test_monitor_services := monitor/smc.c monitor/call_counter.c monitor/arch_svc.c \
	monitor/psci.c monitor/trng.c monitor/siphash.c monitor/sip.c monitor/boot.c \
	lib/src/fdt.c lib/src/fdt_edit.c
$(BUILD)/tests/unit/test_monitor_services: HOST_CFLAGS += -Imonitor
