# tools: host programs. wbuild compiles a system description into a boot spec and packs it
# behind the kernel (docs/system-description.md).
WBUILD := $(BUILD)/tools/wbuild
WBUILD_SRCS := $(wildcard tools/wbuild/*.c) lib/src/smc_services.c lib/src/smc_hazards.c lib/src/smccc_rules.c
# The builder's sources without its main(), for the unit tests.
WBUILD_LIB_SRCS := $(filter-out tools/wbuild/main.c,$(WBUILD_SRCS))
WBUILD_CFLAGS = $$(pkg-config --cflags libxml-2.0)
WBUILD_LIBS = $$(pkg-config --libs libxml-2.0)
ALL_TARGETS += $(WBUILD)

$(WBUILD): $(WBUILD_SRCS) $(wildcard tools/wbuild/*.h) $(wildcard lib/include/warden/*.h) \
		$(OPTS_STAMP) | tools-check
	@mkdir -p $(@D)
	$(HOST_CC) $(HOST_CFLAGS) $(WBUILD_CFLAGS) -o $@ $(WBUILD_SRCS) $(WBUILD_LIBS)
