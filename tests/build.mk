# Host unit tests (cmocka) and the system-test harness.
# Each tests/unit/test_X.c is one test program; tests/unit/test_X.mk may set
# UNIT_SRCS_test_X (the portable sources it links) and UNIT_LIBS_test_X (extra -l flags).
UNIT_TESTS := $(patsubst tests/unit/%.c,%,$(wildcard tests/unit/test_*.c))
-include $(wildcard tests/unit/*.mk)
UNIT_BINS := $(addprefix $(BUILD)/tests/unit/,$(UNIT_TESTS))
# Images the system tests boot; component makefiles add to it.
TEST_IMAGES ?=
ALL_TARGETS += $(UNIT_BINS)

.SECONDEXPANSION:
$(BUILD)/tests/unit/%: tests/unit/%.c $$(UNIT_SRCS_$$*) $(OPTS_STAMP) | tools-check
	@mkdir -p $(@D)
	$(HOST_CC) $(HOST_CFLAGS) -Itests/unit -o $@ $< $(UNIT_SRCS_$*) -lcmocka $(UNIT_LIBS_$*)

unit-tests: $(UNIT_BINS)
include tests/el2/build.mk
