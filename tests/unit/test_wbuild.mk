# The builder's pipeline against the fixtures in tests/wbuild/, plus the wbuild command itself.
UNIT_SRCS_test_wbuild := $(WBUILD_LIB_SRCS)
UNIT_LIBS_test_wbuild := $(shell pkg-config --libs libxml-2.0)
WBUILD_TEST_ELF := $(BUILD)/tests/wbuild/clang_component.elf
$(BUILD)/tests/unit/test_wbuild: private HOST_CFLAGS += $(shell pkg-config --cflags libxml-2.0) \
	-DFIXTURE_DIR='"$(CURDIR)/tests/wbuild"' -DCLANG_ELF_DIR='"$(CURDIR)/$(dir $(WBUILD_TEST_ELF))"' \
	-DWBUILD_BIN='"$(CURDIR)/$(WBUILD)"'
$(BUILD)/tests/unit/test_wbuild: tests/unit/test_wbuild_elf.h $(wildcard tools/wbuild/*.h) \
	$(wildcard tests/wbuild/*/*.xml) $(WBUILD_TEST_ELF) $(WBUILD)

# A component as the real toolchain links it, to check the ELF reader against lld's output.
$(WBUILD_TEST_ELF): tests/wbuild/component.c tests/wbuild/component.ld | tools-check
	@mkdir -p $(@D)
	$(TARGET_CC) -O2 -ffreestanding -nostdlib -c tests/wbuild/component.c -o $(@:.elf=.o)
	$(TARGET_LD) -T tests/wbuild/component.ld $(@:.elf=.o) -o $@
