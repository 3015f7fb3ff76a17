UNIT_SRCS_test_thread_states := kernel/cap.c kernel/ipc.c kernel/thread.c kernel/object/cnode.c \
	kernel/object/tcb.c lib/src/smc_hazards.c lib/src/smccc_rules.c
$(BUILD)/tests/unit/test_thread_states: HOST_CFLAGS += -Ikernel/include
