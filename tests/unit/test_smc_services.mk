UNIT_SRCS_test_smc_services := lib/src/smc_services.c
