UNIT_SRCS_test_smccc_rules := lib/src/smccc_rules.c
