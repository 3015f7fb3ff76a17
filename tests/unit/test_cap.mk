UNIT_SRCS_test_cap := kernel/cap.c
$(BUILD)/tests/unit/test_cap: HOST_CFLAGS += -Ikernel/include
