# tests/el2: the bare-metal EL2 payload that tests the monitor from non-secure EL2
# (tests/system/monitor.test). Two images from the same sources: monitor-tests runs every check
# and powers off; monitor-reset ends with PSCI SYSTEM_RESET.
EL2TEST_FLAGS := -mgeneral-regs-only -mstrict-align -Itests/el2
EL2TEST_SRCS := tests/el2/head.S tests/el2/main.c $(LIB_SRCS)
EL2TEST_LDS := tests/el2/el2.ld

$(eval $(call target-rules,el2test,$(EL2TEST_FLAGS)))
$(eval $(call target-rules,el2reset,$(EL2TEST_FLAGS) -DEL2_TEST_RESET=1))

# el2-image(name, object dir)
define el2-image
$(BUILD)/images/$(1).elf: $(call target-objs,$(2),$(EL2TEST_SRCS)) $(EL2TEST_LDS)
	@mkdir -p $$(@D)
	$(TARGET_LD) -T $(EL2TEST_LDS) -o $$@ $(call target-objs,$(2),$(EL2TEST_SRCS))
$(BUILD)/images/$(1).img: $(BUILD)/images/$(1).elf
	$(OBJCOPY) -O binary $$< $$@
endef
$(eval $(call el2-image,monitor-tests,el2test))
$(eval $(call el2-image,monitor-reset,el2reset))

TEST_IMAGES += $(foreach n,monitor-tests monitor-reset,$(BUILD)/images/$(n).img $(BUILD)/images/$(n).fw)
