UNIT_SRCS_test_cap := kernel/cap.c lib/src/smc_hazards.c lib/src/smccc_rules.c
$(BUILD)/tests/unit/test_cap: HOST_CFLAGS += -Ikernel/include
