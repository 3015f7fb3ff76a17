UNIT_SRCS_test_smc_services := lib/src/smc_services.c lib/src/smc_hazards.c lib/src/smccc_rules.c
