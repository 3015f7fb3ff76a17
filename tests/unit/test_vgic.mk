UNIT_SRCS_test_vgic := lib/src/vgic.c
