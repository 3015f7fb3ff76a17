UNIT_SRCS_test_wbuild_elf := tools/wbuild/elf.c tools/wbuild/model.c lib/src/smc_services.c
$(BUILD)/tests/unit/test_wbuild_elf: tests/unit/test_wbuild_elf.h $(wildcard tools/wbuild/*.h)
