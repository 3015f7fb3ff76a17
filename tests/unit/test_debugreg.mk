UNIT_SRCS_test_debugreg := kernel/debugreg.c
$(BUILD)/tests/unit/test_debugreg: HOST_CFLAGS += -Ikernel/include
