UNIT_SRCS_test_vmm_smccc := user/vmm/vmm.c user/vmm/smccc.c user/vmm/bench_mark.c user/vmm/devices.c lib/src/format.c lib/src/fdt.c lib/src/fdt_edit.c
$(BUILD)/tests/unit/test_vmm_smccc: HOST_CFLAGS += -Iuser/vmm -Itests
$(BUILD)/tests/unit/test_vmm_smccc: tests/unit/test_vmm_mock.h tests/vmm_mock.h user/vmm/vmm.h
