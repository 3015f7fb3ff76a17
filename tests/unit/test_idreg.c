/* Host tests of the ID register table (kernel/idreg.c): its shape, what it shows of the two CPU
 * models the project runs on (values read off QEMU 7.2's `max` and `cortex-a57` at EL2), and
 * that anything it does not name reads as zero. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include <kernel/idreg.h>

#define I(crm, op2) IDREG_INDEX(crm, op2)

/* QEMU 7.2 -cpu max (FEAT_SVE, SME, PMUv3p5, 52-bit PA, VHE, LOR, CSV2_2, ...). */
static const u64 hw_max[IDREG_COUNT] = {
    [I(1, 0)] = 0x11020131,
    [I(1, 1)] = 0x10011011,
    [I(1, 2)] = 0x6010099,
    [I(1, 4)] = 0x10101105,
    [I(1, 5)] = 0x40000000,
    [I(1, 6)] = 0x1260000,
    [I(1, 7)] = 0x2122211,
    [I(2, 0)] = 0x2101110,
    [I(2, 1)] = 0x13112111,
    [I(2, 2)] = 0x21232042,
    [I(2, 3)] = 0x1112131,
    [I(2, 4)] = 0x11142,
    [I(2, 5)] = 0x11011121,
    [I(2, 6)] = 0x11110,
    [I(2, 7)] = 0x1111111,
    [I(3, 0)] = 0x10110222,
    [I(3, 1)] = 0x13211111,
    [I(3, 2)] = 0x43,
    [I(3, 4)] = 0x11,
    [I(3, 6)] = 0x1,
    [I(4, 0)] = 0x1201001121112222,
    [I(4, 1)] = 0x1000021,
    [I(4, 4)] = 0x110110100110021,
    [I(4, 5)] = 0x80f100fd00000000,
    [I(5, 0)] = 0x10305609,
    [I(6, 0)] = 0x1221111110212120,
    [I(6, 1)] = 0x11111101211012,
    [I(7, 0)] = 0x32310201126,
    [I(7, 1)] = 0x11010211122,
    [I(7, 2)] = 0x1021011010011011,
};

/* QEMU 7.2 -cpu cortex-a57 (ARMv8.0, PMUv3, AArch32 at every EL). */
static const u64 hw_a57[IDREG_COUNT] = {
    [I(1, 0)] = 0x131,	    [I(1, 1)] = 0x10011011, [I(1, 2)] = 0x3010066,  [I(1, 4)] = 0x10101105,
    [I(1, 5)] = 0x40000000, [I(1, 6)] = 0x1260000,  [I(1, 7)] = 0x2102211,  [I(2, 0)] = 0x2101110,
    [I(2, 1)] = 0x13112111, [I(2, 2)] = 0x21232042, [I(2, 3)] = 0x1112131,  [I(2, 4)] = 0x11142,
    [I(2, 5)] = 0x11121,    [I(3, 0)] = 0x10110222, [I(3, 1)] = 0x12111111, [I(3, 2)] = 0x43,
    [I(4, 0)] = 0x1002222,  [I(5, 0)] = 0x10305106, [I(6, 0)] = 0x11120,    [I(7, 0)] = 0x1124,
};

static u32 field(u64 reg, u32 shift)
{
	return idreg_field_get(reg, shift);
}

static void compute(const u64 *hw, u64 *out)
{
	idreg_compute(hw, out);
}

static void test_table_is_well_formed(void **state)
{
	for (u32 i = 0; i < idreg_table_len; i++) {
		const struct idreg_desc *d = &idreg_table[i];
		u64 covered = 0;

		assert_true(d->crm >= 1 && d->crm <= 7 && d->op2 <= 7);
		assert_ptr_equal(idreg_find(d->crm, d->op2), d); /* one entry per encoding */
		assert_non_null(d->name);
		if (d->nfields == 0)
			assert_non_null(d->why); /* a register shown as zero says why */
		for (u32 j = 0; j < d->nfields; j++) {
			const struct idreg_field *f = &d->fields[j];
			u64 mask = ((1ull << f->width) - 1) << f->shift;

			assert_non_null(f->name);
			assert_int_equal(f->width, 4);
			assert_true(f->shift + f->width <= 64);
			assert_int_equal(covered & mask, 0); /* fields do not overlap */
			covered |= mask;
			assert_true(f->value < (1u << f->width));
			if (f->policy != IDF_EXACT)
				assert_non_null(f->why); /* every change or hiding is explained */
			/* The AArch32 views are 32-bit registers: bits 63:32 are RES0. */
			if (d->aarch32)
				assert_true(f->shift < 32);
		}
	}
}

/* Whatever the hardware says, an unnamed field or encoding reads as zero, an exact field as
 * the hardware, a capped one at most its cap, a hidden one as its fixed value. */
static void test_all_ones_hardware(void **state)
{
	u64 hw[IDREG_COUNT], out[IDREG_COUNT];

	memset(hw, 0xff, sizeof(hw));
	compute(hw, out);
	for (u32 crm = 1; crm <= 7; crm++) {
		for (u32 op2 = 0; op2 <= 7; op2++) {
			const struct idreg_desc *d = idreg_find(crm, op2);
			u64 want = 0;

			for (u32 j = 0; d && j < d->nfields; j++) {
				const struct idreg_field *f = &d->fields[j];
				u64 v = f->policy == IDF_EXACT ? 0xf : f->value;
				want |= v << f->shift;
			}
			assert_int_equal(out[I(crm, op2)], want);
		}
	}
	/* EL0 reads 0xf (not "AArch32 too", 2): AArch32 registers would be zero if it were 1. */
	assert_int_equal(field(out[IDREG_ID_AA64PFR0], 0), 0xf);
}

static void test_unallocated_encodings_read_zero(void **state)
{
	u64 hw[IDREG_COUNT], out[IDREG_COUNT];
	static const u32 unallocated[][2] = {{3, 3}, {3, 7}, {4, 2}, {4, 3}, {4, 6}, {4, 7}, {5, 2},
					     {5, 3}, {5, 6}, {5, 7}, {6, 3}, {6, 4}, {6, 5}, {6, 6},
					     {6, 7}, {7, 3}, {7, 4}, {7, 5}, {7, 6}, {7, 7}};

	memset(hw, 0xff, sizeof(hw));
	compute(hw, out);
	for (u32 i = 0; i < sizeof(unallocated) / sizeof(unallocated[0]); i++) {
		assert_null(idreg_find(unallocated[i][0], unallocated[i][1]));
		assert_int_equal(out[I(unallocated[i][0], unallocated[i][1])], 0);
	}
}

static void test_max_hides_unswitched_features(void **state)
{
	u64 out[IDREG_COUNT];

	compute(hw_max, out);
	/* The hardware has them ... */
	assert_int_equal(field(hw_max[IDREG_ID_AA64PFR0], 32), 1);  /* SVE */
	assert_int_equal(field(hw_max[IDREG_ID_AA64PFR1], 24), 1);  /* SME */
	assert_int_equal(field(hw_max[IDREG_ID_AA64DFR0], 8), 6);   /* PMUv3p5 */
	assert_int_equal(field(hw_max[I(1, 2)], 24), 6);	    /* ID_DFR0.PerfMon */
	assert_int_equal(field(hw_max[IDREG_ID_AA64MMFR1], 16), 1); /* LOR */
	/* ... guests and components do not. */
	assert_int_equal(field(out[IDREG_ID_AA64PFR0], ID_AA64PFR0_SVE_SHIFT), 0);
	assert_int_equal(out[IDREG_ID_AA64ZFR0], 0);
	assert_int_equal(field(out[IDREG_ID_AA64PFR1], 24), 0);
	assert_int_equal(out[IDREG_ID_AA64SMFR0], 0);
	assert_int_equal(field(out[IDREG_ID_AA64DFR0], ID_AA64DFR0_PMUVER_SHIFT), 0);
	assert_int_equal(field(out[I(1, 2)], 24), 0);
	assert_int_equal(field(out[I(3, 5)], 0), 0); /* ID_DFR1.MTPMU */
	assert_int_equal(field(out[IDREG_ID_AA64MMFR1], 16), 0);
	assert_int_equal(field(out[IDREG_ID_AA64PFR1], 8), 0);	 /* MTE */
	assert_int_equal(field(out[IDREG_ID_AA64PFR0], 8), 0);	 /* EL2 */
	assert_int_equal(field(out[IDREG_ID_AA64MMFR1], 8), 0);	 /* VH */
	assert_int_equal(field(out[IDREG_ID_AA64MMFR0], 60), 0); /* ECV */
	assert_int_equal(field(out[IDREG_ID_AA64MMFR0], 56), 0); /* FGT */
	/* CSV2_2 (SCXTNUM) capped to CSV2. */
	assert_int_equal(field(hw_max[IDREG_ID_AA64PFR0], 56), 2);
	assert_int_equal(field(out[IDREG_ID_AA64PFR0], 56), 1);
	/* 52-bit PA on the hardware; 36 bits fit the 39-bit IPA space. */
	assert_int_equal(field(hw_max[IDREG_ID_AA64MMFR0], 0), 6);
	assert_int_equal(field(out[IDREG_ID_AA64MMFR0], 0), 1);
	/* Hand-decoded: PARange 1, ASIDBits 2 (16), TGran16 2, TGran64 0, TGran4 1; BigEnd,
	 * SNSMem and the stage-2 granule fields cleared. */
	assert_int_equal(out[IDREG_ID_AA64MMFR0], 0x10200021);
}

static void test_max_shows_switched_features(void **state)
{
	u64 out[IDREG_COUNT];

	compute(hw_max, out);
	/* FP, AdvSIMD, GIC, DIT, CSV3, AArch32 at EL0 as the hardware; EL1 AArch64 only. */
	assert_int_equal(field(out[IDREG_ID_AA64PFR0], 16), 1);
	assert_int_equal(field(out[IDREG_ID_AA64PFR0], 20), 1);
	assert_int_equal(field(out[IDREG_ID_AA64PFR0], 24), 1);
	assert_int_equal(field(out[IDREG_ID_AA64PFR0], 48), 1);
	assert_int_equal(field(out[IDREG_ID_AA64PFR0], 60), 1);
	assert_int_equal(field(out[IDREG_ID_AA64PFR0], 0), 2);
	assert_int_equal(field(out[IDREG_ID_AA64PFR0], 4), 1);
	/* Pointer authentication, BTI, SSBS2, the ISA, PAN3, LSE: unchanged. */
	assert_int_equal(out[IDREG_ID_AA64ISAR1], hw_max[IDREG_ID_AA64ISAR1]);
	assert_int_equal(out[I(6, 0)], hw_max[I(6, 0)]);
	assert_int_equal(out[IDREG_ID_AA64PFR1], 0x21);
	assert_int_equal(field(out[IDREG_ID_AA64MMFR1], 20), 2);
	/* Breakpoints and watchpoints are the hardware's. */
	assert_int_equal(out[IDREG_ID_AA64DFR0] & 0xf0f0f00f,
			 hw_max[IDREG_ID_AA64DFR0] & 0xf0f0f00f);
	/* MMFR2: everything but NV, FWB, EVT. */
	assert_int_equal(out[I(7, 2)],
			 hw_max[I(7, 2)] & ~(0xfull << 24 | 0xfull << 40 | 0xfull << 56));
	/* The AArch32 instruction-set registers are exact (AArch32 at EL0 exists). */
	for (u32 op2 = 0; op2 <= 5; op2++)
		assert_int_equal(out[I(2, op2)], hw_max[I(2, op2)]);
	assert_int_equal(out[I(3, 0)], hw_max[I(3, 0)]);
}

static void test_a57(void **state)
{
	u64 out[IDREG_COUNT];

	compute(hw_a57, out);
	/* Hand-decoded: EL0 2 (AArch32 too), EL1 1, EL2 0, EL3 1, FP 0, AdvSIMD 0, GIC 1. */
	assert_int_equal(out[IDREG_ID_AA64PFR0], 0x1001012);
	/* PMUv3 hidden, debug exact: DebugVer 6, BRPs 5, WRPs 3, CTX_CMPs 1. */
	assert_int_equal(out[IDREG_ID_AA64DFR0], 0x10305006);
	assert_int_equal(out[I(1, 2)], 0x6); /* ID_DFR0: only CopDbg */
	/* 44-bit PA capped to 36; ASIDBits 16; BigEnd cleared. */
	assert_int_equal(out[IDREG_ID_AA64MMFR0], 0x21);
	/* ID_PFR1: ProgMod, GenTimer, GIC; AArch32 EL3 (Security) and EL2 hidden. */
	assert_int_equal(out[I(1, 1)], 0x10010001);
}

/* ISS of an EC 0x18 trap (docs/registers.md): op0, op1, CRn, CRm, op2 and the direction. */
static u64 iss(u32 op0, u32 op1, u32 crn, u32 crm, u32 op2, bool read)
{
	return (u64)op0 << 20 | (u64)op2 << 17 | (u64)op1 << 14 | (u64)crn << 10 | (u64)crm << 1 |
	       (read ? 1 : 0);
}

/* On both models guests see no PMU, RAS, LORegions or SCXTNUM: every register of them is
 * UNDEFINED, reads and writes; a read of a write-only SGI register too, not a write. Nothing
 * beside them is: the timers, the debug and ID registers, ACTLR_EL1, the GIC CPU interface. */
static void test_absent_features_undefined(void **state)
{
	const u64 *hws[] = {hw_max, hw_a57};

	for (u32 m = 0; m < 2; m++) {
		u64 out[IDREG_COUNT];
		compute(hws[m], out);
		for (u32 rd = 0; rd < 2; rd++) {
			assert_true(
			    idreg_access_undefined(out, iss(3, 3, 9, 12, 0, rd))); /* PMCR */
			assert_true(
			    idreg_access_undefined(out, iss(3, 3, 9, 12, 4, rd))); /* SWINC */
			assert_true(
			    idreg_access_undefined(out, iss(3, 3, 9, 13, 0, rd))); /* CCNTR */
			assert_true(
			    idreg_access_undefined(out, iss(3, 3, 9, 14, 0, rd))); /* USERENR */
			assert_true(
			    idreg_access_undefined(out, iss(3, 0, 9, 14, 1, rd))); /* INTENSET */
			assert_true(
			    idreg_access_undefined(out, iss(3, 3, 14, 8, 0, rd))); /* EVCNTR0 */
			assert_true(
			    idreg_access_undefined(out, iss(3, 3, 14, 15, 7, rd))); /* CCFILTR */
			assert_true(
			    idreg_access_undefined(out, iss(3, 0, 5, 3, 0, rd))); /* ERRIDR */
			assert_true(
			    idreg_access_undefined(out, iss(3, 0, 5, 4, 2, rd))); /* ERXSTATUS */
			assert_true(
			    idreg_access_undefined(out, iss(3, 0, 10, 4, 7, rd))); /* LORID */
			assert_true(
			    idreg_access_undefined(out, iss(3, 0, 10, 4, 0, rd))); /* LORSA */
			assert_true(
			    idreg_access_undefined(out, iss(3, 0, 13, 0, 7, rd))); /* SCXTNUM1 */
			assert_true(
			    idreg_access_undefined(out, iss(3, 3, 13, 0, 7, rd))); /* SCXTNUM0 */
			assert_int_equal(idreg_access_undefined(out, iss(3, 0, 12, 11, 5, rd)), rd);
			assert_int_equal(idreg_access_undefined(out, iss(3, 0, 12, 11, 7, rd)), rd);
			assert_false(
			    idreg_access_undefined(out, iss(3, 3, 14, 2, 1, rd))); /* CNTP_CTL */
			assert_false(
			    idreg_access_undefined(out, iss(3, 3, 14, 3, 1, rd))); /* CNTV_CTL */
			assert_false(
			    idreg_access_undefined(out, iss(3, 0, 1, 0, 1, rd))); /* ACTLR */
			assert_false(
			    idreg_access_undefined(out, iss(3, 0, 12, 12, 0, rd))); /* IAR1 */
			assert_false(
			    idreg_access_undefined(out, iss(3, 0, 5, 2, 0, rd))); /* ESR_EL1 */
			assert_false(
			    idreg_access_undefined(out, iss(3, 0, 10, 4, 4, rd))); /* MPAM */
			assert_false(
			    idreg_access_undefined(out, iss(2, 0, 0, 0, 4, rd))); /* DBGBVR0 */
			assert_false(
			    idreg_access_undefined(out, iss(3, 0, 0, 4, 0, rd))); /* PFR0 */
		}
		assert_true(idreg_trap_class_undefined(out, 0x19));  /* SVE */
		assert_true(idreg_trap_class_undefined(out, 0x1d));  /* SME */
		assert_false(idreg_trap_class_undefined(out, 0x07)); /* FP/SIMD: shown */
		assert_false(idreg_trap_class_undefined(out, 0x18));
	}
}

/* Where the ID registers show a feature, its registers are not UNDEFINED (a model that gave
 * guests the PMU, RAS, LORegions or CSV2_2 would have to serve them). */
static void test_shown_features_defined(void **state)
{
	u64 seen[IDREG_COUNT] = {0};

	seen[IDREG_ID_AA64DFR0] = 1ull << ID_AA64DFR0_PMUVER_SHIFT;
	seen[IDREG_ID_AA64PFR0] = 1ull << ID_AA64PFR0_RAS_SHIFT | 2ull << ID_AA64PFR0_CSV2_SHIFT;
	seen[IDREG_ID_AA64MMFR1] = 1ull << ID_AA64MMFR1_LO_SHIFT;
	assert_false(idreg_access_undefined(seen, iss(3, 3, 9, 12, 0, true)));
	assert_false(idreg_access_undefined(seen, iss(3, 0, 5, 3, 0, true)));
	assert_false(idreg_access_undefined(seen, iss(3, 0, 10, 4, 7, true)));
	assert_false(idreg_access_undefined(seen, iss(3, 0, 13, 0, 7, true)));
	/* PMUVer 0xf: an IMPLEMENTATION DEFINED PMU, not PMUv3: its registers are not these. */
	seen[IDREG_ID_AA64DFR0] = 0xfull << ID_AA64DFR0_PMUVER_SHIFT;
	assert_true(idreg_access_undefined(seen, iss(3, 3, 9, 12, 0, true)));
	/* CSV2 1 with CSV2_frac 2 (FEAT_CSV2_1p2) has SCXTNUM too. */
	seen[IDREG_ID_AA64PFR0] = 1ull << ID_AA64PFR0_CSV2_SHIFT;
	assert_true(idreg_access_undefined(seen, iss(3, 0, 13, 0, 7, true)));
	seen[IDREG_ID_AA64PFR1] = 2ull << ID_AA64PFR1_CSV2_FRAC_SHIFT;
	assert_false(idreg_access_undefined(seen, iss(3, 0, 13, 0, 7, true)));
	seen[IDREG_ID_AA64PFR0] |= 1ull << ID_AA64PFR0_SVE_SHIFT;
	seen[IDREG_ID_AA64PFR1] |= 1ull << ID_AA64PFR1_SME_SHIFT;
	assert_false(idreg_trap_class_undefined(seen, 0x19));
	assert_false(idreg_trap_class_undefined(seen, 0x1d));
}

static void test_no_aarch32_el0_means_no_aarch32_registers(void **state)
{
	u64 hw[IDREG_COUNT], out[IDREG_COUNT];

	memcpy(hw, hw_a57, sizeof(hw));
	hw[IDREG_ID_AA64PFR0] = (hw[IDREG_ID_AA64PFR0] & ~0xfull) | 1; /* EL0: AArch64 only */
	compute(hw, out);
	for (u32 i = 0; i < idreg_table_len; i++) {
		const struct idreg_desc *d = &idreg_table[i];
		if (d->aarch32)
			assert_int_equal(out[I(d->crm, d->op2)], 0);
	}
	assert_int_not_equal(out[IDREG_ID_AA64MMFR0], 0);
}

static void test_lower_passes_smaller_values(void **state)
{
	u64 hw[IDREG_COUNT] = {0}, out[IDREG_COUNT];

	hw[IDREG_ID_AA64MMFR0] = 0x0; /* 32-bit PA: below the cap, unchanged */
	hw[IDREG_ID_AA64PFR0] = 0x11;
	compute(hw, out);
	assert_int_equal(field(out[IDREG_ID_AA64MMFR0], 0), 0);
	assert_int_equal(out[IDREG_ID_AA64PFR0], 0x11);
}

static void test_sanitizing_twice_changes_nothing(void **state)
{
	const u64 *cpus[] = {hw_max, hw_a57};

	for (u32 c = 0; c < 2; c++) {
		u64 once[IDREG_COUNT], twice[IDREG_COUNT];
		compute(cpus[c], once);
		compute(once, twice);
		assert_memory_equal(once, twice, sizeof(once));
	}
}

/* docs/id-registers.md names every register and field of the table. */
static void test_docs_cover_the_table(void **state)
{
	static char doc[1 << 17];
	FILE *f = fopen("docs/id-registers.md", "r");
	char want[80];

	assert_non_null(f);
	size_t n = fread(doc, 1, sizeof(doc) - 1, f);
	fclose(f);
	doc[n] = 0;
	for (u32 i = 0; i < idreg_table_len; i++) {
		const struct idreg_desc *d = &idreg_table[i];
		snprintf(want, sizeof(want), "### %s\n", d->name);
		char *sec = strstr(doc, want);
		if (!sec)
			fail_msg("docs/id-registers.md has no section '%s'", want);
		char *next = strstr(sec + 1, "\n### ");
		for (u32 j = 0; j < d->nfields; j++) {
			snprintf(want, sizeof(want), "| %s |", d->fields[j].name);
			char *hit = strstr(sec, want);
			if (!hit || (next && hit > next))
				fail_msg("docs/id-registers.md: %s lacks a row '%s'", d->name,
					 want);
		}
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_table_is_well_formed),
	    cmocka_unit_test(test_all_ones_hardware),
	    cmocka_unit_test(test_unallocated_encodings_read_zero),
	    cmocka_unit_test(test_max_hides_unswitched_features),
	    cmocka_unit_test(test_max_shows_switched_features),
	    cmocka_unit_test(test_a57),
	    cmocka_unit_test(test_absent_features_undefined),
	    cmocka_unit_test(test_shown_features_defined),
	    cmocka_unit_test(test_no_aarch32_el0_means_no_aarch32_registers),
	    cmocka_unit_test(test_lower_passes_smaller_values),
	    cmocka_unit_test(test_sanitizing_twice_changes_nothing),
	    cmocka_unit_test(test_docs_cover_the_table),
	};
	return cmocka_run_group_tests(tests, 0, 0);
}
