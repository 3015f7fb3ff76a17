UNIT_SRCS_test_serror := kernel/serror.c
$(BUILD)/tests/unit/test_serror: HOST_CFLAGS += -Ikernel/include
