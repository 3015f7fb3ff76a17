UNIT_SRCS_test_timers := kernel/timer_queue.c
$(BUILD)/tests/unit/test_timers: HOST_CFLAGS += -Ikernel/include
