# smctrace: the host decoder for the kernel's SMC trace.
SMCTRACE := $(BUILD)/tools/smctrace
ALL_TARGETS += $(SMCTRACE)

$(SMCTRACE): tools/smctrace/smctrace.c lib/src/smccc_names.c | tools-check
	@mkdir -p $(@D)
	$(HOST_CC) $(HOST_CFLAGS) -o $@ $^
