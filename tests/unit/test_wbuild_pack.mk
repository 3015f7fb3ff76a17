UNIT_SRCS_test_wbuild_pack := tools/wbuild/pack.c
$(BUILD)/tests/unit/test_wbuild_pack: tools/wbuild/pack.h
