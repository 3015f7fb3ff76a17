/* The register ownership table (kernel/include/kernel/sysreg_table.h) against what QEMU
 * implements: every system register QEMU's gdbstub lists for cortex-a57 or max that EL0 or EL1
 * can name (all but *_EL2, *_EL3 and the VHE aliases *_EL12, *_EL02) has exactly one row, and
 * every row's QEMU name is one QEMU lists. The lists are tests/data/qemu-sysregs-<cpu>.txt,
 * written by tools/scripts/qemu-sysregs.sh. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <kernel/sysreg_table.h>

struct row {
	const char *name, *qemu;
	enum sysreg_class class;
	enum sysreg_feature feature;
	const char *access, *how;
};

#define ROW(name, qemu, class, feature, access, how) {#name, qemu, class, feature, #access, how},
static const struct row rows[] = {SYSREGS(ROW)};
#define NROWS (sizeof(rows) / sizeof(rows[0]))

#define MAX_NAMES 512
struct list {
	const char *cpu;
	char *names[MAX_NAMES];
	size_t n;
};

static bool ends_with(const char *s, const char *tail)
{
	size_t a = strlen(s), b = strlen(tail);
	return a >= b && strcmp(s + a - b, tail) == 0;
}

static bool reachable_from_el0_el1(const char *name)
{
	return !ends_with(name, "_EL2") && !ends_with(name, "_EL3") && !ends_with(name, "_EL12") &&
	       !ends_with(name, "_EL02");
}

static void load(struct list *l, const char *cpu)
{
	char path[512], line[256];

	snprintf(path, sizeof(path), "%s/qemu-sysregs-%s.txt", DATA_DIR, cpu);
	FILE *f = fopen(path, "r");
	if (!f)
		fail_msg("cannot open %s (tools/scripts/qemu-sysregs.sh writes it)", path);
	l->cpu = cpu;
	l->n = 0;
	while (fgets(line, sizeof(line), f)) {
		line[strcspn(line, "\n")] = 0;
		if (line[0] == '#' || line[0] == 0)
			continue;
		assert_true(l->n < MAX_NAMES);
		l->names[l->n++] = strdup(line);
	}
	fclose(f);
	if (l->n < 100)
		fail_msg("%s lists only %zu registers: not a gdbstub register list", path, l->n);
}

static bool listed(const struct list *l, const char *name)
{
	for (size_t i = 0; i < l->n; i++)
		if (strcmp(l->names[i], name) == 0)
			return true;
	return false;
}

static const struct row *row_for_qemu(const char *qemu)
{
	for (size_t i = 0; i < NROWS; i++)
		if (rows[i].qemu && strcmp(rows[i].qemu, qemu) == 0)
			return &rows[i];
	return NULL;
}

static struct list a57, max;

static int setup(void **state)
{
	load(&a57, "cortex-a57");
	load(&max, "max");
	return 0;
}

/* Everything QEMU implements that EL0/EL1 can name is classified. */
static void test_every_qemu_register_has_a_row(void **state)
{
	const struct list *lists[] = {&a57, &max};
	int missing = 0;

	for (int k = 0; k < 2; k++) {
		for (size_t i = 0; i < lists[k]->n; i++) {
			const char *name = lists[k]->names[i];
			if (reachable_from_el0_el1(name) && !row_for_qemu(name)) {
				print_error(
				    "QEMU %s implements %s: the table does not say who owns it\n",
				    lists[k]->cpu, name);
				missing++;
			}
		}
	}
	assert_int_equal(missing, 0);
}

/* What the Cortex-A57 has of the table's features (Cortex-A57 TRM: ARMv8.0, PMUv3, six
 * breakpoints, four watchpoints, its IMPLEMENTATION DEFINED registers). */
static bool on_cortex_a57(enum sysreg_feature f)
{
	switch (f) {
	case F_BASE:
	case F_IMPDEF:
	case F_PMU:
	case F_BRP2:
	case F_BRP3:
	case F_BRP4:
	case F_BRP5:
	case F_WRP2:
	case F_WRP3:
		return true;
	default:
		return false;
	}
}

/* No row names a register QEMU does not have (a typo, or a register QEMU renamed), and the
 * ARMv8.0 rows exist on both models; cortex-a57 lists exactly the rows whose feature it has. */
static void test_every_row_names_a_qemu_register(void **state)
{
	int bad = 0;

	for (size_t i = 0; i < NROWS; i++) {
		const struct row *r = &rows[i];
		if (!r->qemu)
			continue;
		bool in_a57 = listed(&a57, r->qemu), in_max = listed(&max, r->qemu);
		if (!in_a57 && !in_max) {
			print_error("%s: QEMU lists no register %s\n", r->name, r->qemu);
			bad++;
		} else if (r->feature == F_BASE && !(in_a57 && in_max)) {
			print_error("%s is ARMv8.0 (F_BASE) but QEMU's %s lacks it\n", r->name,
				    in_a57 ? "max" : "cortex-a57");
			bad++;
		} else if (in_a57 != on_cortex_a57(r->feature)) {
			print_error("%s: QEMU's cortex-a57 %s it, the table's feature says %s\n",
				    r->name, in_a57 ? "lists" : "lacks",
				    in_a57 ? "it lacks it" : "it has it");
			bad++;
		}
	}
	assert_int_equal(bad, 0);
}

/* One row per register; switched rows say how they are accessed; the others do not. */
static void test_rows_are_consistent(void **state)
{
	for (size_t i = 0; i < NROWS; i++) {
		const struct row *r = &rows[i];
		for (size_t j = i + 1; j < NROWS; j++) {
			if (strcmp(r->name, rows[j].name) == 0)
				fail_msg("%s has two rows", r->name);
			if (r->qemu && rows[j].qemu && strcmp(r->qemu, rows[j].qemu) == 0)
				fail_msg("QEMU's %s is both %s and %s", r->qemu, r->name,
					 rows[j].name);
		}
		bool switched = r->class == SR_VCPU || r->class == SR_VCPU_PARKED ||
				r->class == SR_VCPU_BY_HAND;
		bool has_access = strcmp(r->access, "none") != 0;
		if (has_access != (switched && r->class != SR_VCPU_BY_HAND))
			fail_msg("%s: an accessor goes with class SR_VCPU or SR_VCPU_PARKED",
				 r->name);
		if (!switched && r->class != SR_THREAD && r->class != SR_ID &&
		    r->class != SR_CONST && r->class != SR_SECURE && r->class != SR_EL2 &&
		    !r->how[0])
			fail_msg("%s (trapped, hidden or not isolated) does not say how", r->name);
	}
}

/* Named, so the open ones show in every test run. */
static void test_not_isolated_rows_are_listed(void **state)
{
	for (size_t i = 0; i < NROWS; i++)
		if (rows[i].class == SR_NOT_ISOLATED)
			print_message("not isolated yet: %s (%s)\n", rows[i].name, rows[i].how);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_every_qemu_register_has_a_row),
	    cmocka_unit_test(test_every_row_names_a_qemu_register),
	    cmocka_unit_test(test_rows_are_consistent),
	    cmocka_unit_test(test_not_isolated_rows_are_listed),
	};
	return cmocka_run_group_tests(tests, setup, NULL);
}
