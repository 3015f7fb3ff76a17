UNIT_SRCS_test_console := kernel/console.c lib/src/format.c
$(BUILD)/tests/unit/test_console: HOST_CFLAGS += -Ikernel/include
