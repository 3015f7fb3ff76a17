# EL0 components. libwarden is built once; each component directory user/<name>/ (and any
# directory listed in COMPONENT_DIRS) becomes $(BUILD)/user/<name>.elf.
LIBWARDEN_SRCS := user/lib/start.S user/lib/smc_call.S user/lib/smc11_raw.S user/lib/libwarden.c user/lib/check.c lib/src/format.c \
	user/lib/broker_client.c \
	lib/src/smccc_names.c lib/src/smccc_rules.c \
	lib/src/string.c
LIBWARDEN_OBJS := $(call target-objs,user,$(LIBWARDEN_SRCS))
USER_CFLAGS := -Iuser/include -fno-pic -mstrict-align
$(eval $(call target-rules,user,$(USER_CFLAGS)))
# libwarden and the VMM need no FP/SIMD: kept off the FP registers, they never take the lazy
# FP/SIMD trap nor make the kernel switch FP state on their account (components may still use
# FP; only these objects are built without it).
$(BUILD)/user/user/lib/%.o $(BUILD)/user/lib/%.o $(BUILD)/user/user/vmm/%.o: \
	EXTRA_CFLAGS := -mgeneral-regs-only

# The VMM edits its guest's DTB (the seeds in /chosen): the portable FDT code, for it alone.
COMPONENT_EXTRA_SRCS_vmm := lib/src/fdt.c lib/src/fdt_edit.c

# component(name, dir): $(BUILD)/user/<name>.elf from every .c/.S in dir (and
# COMPONENT_EXTRA_SRCS_<name>).
define component
$(1)_OBJS := $$(call target-objs,user,$$(wildcard $(2)/*.c $(2)/*.S) $$(COMPONENT_EXTRA_SRCS_$(1)))
$(BUILD)/user/$(1).elf: $$($(1)_OBJS) $(LIBWARDEN_OBJS) user/component.ld
	$(TARGET_LD) -T user/component.ld -z max-page-size=4096 -o $$@ $$($(1)_OBJS) $(LIBWARDEN_OBJS)
COMPONENTS += $(BUILD)/user/$(1).elf
endef

USER_COMPONENT_DIRS := $(filter-out user/lib/ user/include/,$(wildcard user/*/))
$(foreach d,$(USER_COMPONENT_DIRS),$(eval $(call component,$(notdir $(d:/=)),$(d:/=))))
ALL_TARGETS += $(COMPONENTS)
