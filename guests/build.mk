# Bare-metal test guests (EL1, MMU off): every directory guests/<name>/ (except include/)
# becomes $(BUILD)/guests/<name>.bin, a raw image linked at GUEST_RAM_BASE + GUEST_IMAGE_OFFSET
# (lib/include/warden/vmm_config.h) whose first byte is the entry point. The VMM loads it as is;
# a Linux arm64 Image header also lets QEMU boot it directly with -kernel (docs in
# guests/testguest/main.c). Memory is Device type until a guest turns its MMU on: -mstrict-align.
GUEST_CFLAGS := -mstrict-align -fno-pic -Iguests/include
GUEST_LIB_SRCS := lib/src/format.c lib/src/string.c lib/src/fdt.c
GUEST_LIB_OBJS := $(call target-objs,guests,$(GUEST_LIB_SRCS))
$(eval $(call target-rules,guests,$(GUEST_CFLAGS)))

# guest(name, dir): $(BUILD)/guests/<name>.elf and .bin from every .c/.S in dir.
define guest
guest_$(1)_OBJS := $$(call target-objs,guests,$$(wildcard $(2)/*.c $(2)/*.S))
$(BUILD)/guests/$(1).elf: $$(guest_$(1)_OBJS) $(GUEST_LIB_OBJS) guests/guest.ld
	$(TARGET_LD) -T guests/guest.ld -z max-page-size=4096 -o $$@ $$(guest_$(1)_OBJS) \
		$(GUEST_LIB_OBJS)
$(BUILD)/guests/$(1).bin: $(BUILD)/guests/$(1).elf
	$(OBJCOPY) -O binary $$< $$@
GUEST_IMAGES += $(BUILD)/guests/$(1).bin
endef

GUEST_DIRS := $(filter-out guests/include/,$(wildcard guests/*/))
$(foreach d,$(GUEST_DIRS),$(eval $(call guest,$(notdir $(d:/=)),$(d:/=))))
ALL_TARGETS += $(GUEST_IMAGES)
guests: $(GUEST_IMAGES)
.PHONY: guests
