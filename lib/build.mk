# Shared code, built once per target that uses it (kernel, monitor, user, host tests).
LIB_SRCS := lib/src/string.c lib/src/format.c lib/src/fdt.c lib/src/smccc_rules.c
