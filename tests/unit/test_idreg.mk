UNIT_SRCS_test_idreg := kernel/idreg.c
$(BUILD)/tests/unit/test_idreg: HOST_CFLAGS += -Ikernel/include
