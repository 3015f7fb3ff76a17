/* The ID registers guests and components see, field by field: each field is the hardware's
 * value (EXACT), capped (LOWER) or hidden (SET). A field is shown only where the kernel switches
 * the state the feature adds (or it adds none) and its traps are handled; anything else, and
 * every field this table does not name, reads as "not implemented". docs/id-registers.md
 * explains each choice. Field layouts: Arm ARM D23.2 (the ID_* register descriptions). */
#include <kernel/idreg.h>

#define F(shift, pol, val, name, why)                                                              \
	{                                                                                          \
		shift, 4, pol, val, name, why                                                      \
	}
#define EXACT(shift, name) F(shift, IDF_EXACT, 0, name, 0)
#define EXACT_WHY(shift, name, why) F(shift, IDF_EXACT, 0, name, why)
#define LOWER(shift, name, max, why) F(shift, IDF_LOWER, max, name, why)
#define HIDE(shift, name, why) F(shift, IDF_SET, 0, name, why)
#define REG(crm, op2, aa32, name, fields)                                                          \
	{                                                                                          \
		crm, op2, aa32, ARRAY_LEN(fields), name, fields, 0                                 \
	}
#define HIDDEN_REG(crm, op2, aa32, name, why)                                                      \
	{                                                                                          \
		crm, op2, aa32, 0, name, 0, why                                                    \
	}
#define ARRAY_LEN(a) ((u8)(sizeof(a) / sizeof((a)[0])))

/* Reasons used by several fields. */
#define WHY_PMU                                                                                    \
	"the PMU is not given to guests (MDCR_EL2.TPM traps it; it is the benchmarks' instrument)"
#define WHY_NO_EL2 "guests have no EL2 (no nested virtualization)"
#define WHY_NO_SECURE "guests have no Secure state"
#define WHY_RAS "RAS error records (ERR*_EL1) and their SErrors are not virtualized"
#define WHY_AMU "activity monitors' counters are not switched between guests"
#define WHY_MPAM "MPAM partition state is not switched"
#define WHY_TRACE "trace units are not switched or emulated"
#define WHY_CSV2                                                                                   \
	"CSV2_2 and CSV2_1p2 add SCXTNUM_EL0/EL1, which are not switched (HCR_EL2.EnSCXT is 0)"

/* AArch32 views (guests' EL0 may run AArch32 where the hardware can). */
static const struct idreg_field id_pfr0[] = {
    EXACT(0, "State0"),
    EXACT(4, "State1"),
    EXACT(8, "State2"),
    EXACT(12, "State3"),
    LOWER(16, "CSV2", 1, WHY_CSV2),
    HIDE(20, "AMU", WHY_AMU),
    EXACT(24, "DIT"),
    HIDE(28, "RAS", WHY_RAS),
};
static const struct idreg_field id_pfr1[] = {
    EXACT(0, "ProgMod"),
    HIDE(4, "Security", WHY_NO_SECURE),
    HIDE(8, "MProgMod", "M-profile only"),
    HIDE(12, "Virtualization", WHY_NO_EL2),
    LOWER(16, "GenTimer", 1, "ECV is hidden (ID_AA64MMFR0_EL1.ECV)"),
    HIDE(20, "Sec_frac", WHY_NO_SECURE),
    HIDE(24, "Virt_frac", WHY_NO_EL2),
    LOWER(28, "GIC", 1, "the GICv3 CPU interface through ICH_*_EL2; nothing of GICv4.1"),
};
static const struct idreg_field id_dfr0[] = {
    EXACT(0, "CopDbg"),
    HIDE(4, "CopSDbg", WHY_NO_SECURE),
    EXACT(8, "MMapDbg"),
    HIDE(12, "CopTrc", WHY_TRACE),
    HIDE(16, "MMapTrc", WHY_TRACE),
    HIDE(20, "MProfDbg", "M-profile only"),
    HIDE(24, "PerfMon", WHY_PMU),
    HIDE(28, "TraceFilt", WHY_TRACE),
};
static const struct idreg_field id_mmfr0[] = {
    EXACT(0, "VMSA"), EXACT(4, "PMSA"),	   EXACT(8, "OuterShr"), EXACT(12, "ShareLvl"),
    EXACT(16, "TCM"), EXACT(20, "AuxReg"), EXACT(24, "FCSE"),	 EXACT(28, "InnerShr"),
};
static const struct idreg_field id_mmfr1[] = {
    EXACT(0, "L1HvdVA"), EXACT(4, "L1UniVA"), EXACT(8, "L1HvdSW"),   EXACT(12, "L1UniSW"),
    EXACT(16, "L1Hvd"),	 EXACT(20, "L1Uni"),  EXACT(24, "L1TstCln"), EXACT(28, "BPred"),
};
static const struct idreg_field id_mmfr2[] = {
    EXACT(0, "L1HvdFG"), EXACT(4, "L1HvdBG"),  EXACT(8, "L1HvdRng"),  EXACT(12, "HvdTLB"),
    EXACT(16, "UniTLB"), EXACT(20, "MemBarr"), EXACT(24, "WFIStall"), EXACT(28, "HWAccFlg"),
};
static const struct idreg_field id_mmfr3[] = {
    EXACT(0, "CMaintVA"), EXACT(4, "CMaintSW"), EXACT(8, "BPMaint"), EXACT(12, "MaintBcst"),
    EXACT(16, "PAN"),	  EXACT(20, "CohWalk"), EXACT(24, "CMemSz"), EXACT(28, "Supersec"),
};
static const struct idreg_field id_isar0[] = {
    EXACT(0, "Swap"),	 EXACT(4, "BitCount"), EXACT(8, "BitField"), EXACT(12, "CmpBranch"),
    EXACT(16, "Coproc"), EXACT(20, "Debug"),   EXACT(24, "Divide"),
};
static const struct idreg_field id_isar1[] = {
    EXACT(0, "Endian"),	 EXACT(4, "Except"),	 EXACT(8, "Except_AR"),	 EXACT(12, "Extend"),
    EXACT(16, "IfThen"), EXACT(20, "Immediate"), EXACT(24, "Interwork"), EXACT(28, "Jazelle"),
};
static const struct idreg_field id_isar2[] = {
    EXACT(0, "LoadStore"), EXACT(4, "MemHint"), EXACT(8, "MultiAccessInt"), EXACT(12, "Mult"),
    EXACT(16, "MultS"),	   EXACT(20, "MultU"),	EXACT(24, "PSR_AR"),	    EXACT(28, "Reversal"),
};
static const struct idreg_field id_isar3[] = {
    EXACT(0, "Saturate"),   EXACT(4, "SIMD"),	  EXACT(8, "SVC"),	EXACT(12, "SynchPrim"),
    EXACT(16, "TabBranch"), EXACT(20, "T32Copy"), EXACT(24, "TrueNOP"), EXACT(28, "T32EE"),
};
static const struct idreg_field id_isar4[] = {
    EXACT(0, "Unpriv"),	  EXACT(4, "WithShifts"),      EXACT(8, "Writeback"), EXACT(12, "SMC"),
    EXACT(16, "Barrier"), EXACT(20, "SynchPrim_frac"), EXACT(24, "PSR_M"),    EXACT(28, "SWP_frac"),
};
static const struct idreg_field id_isar5[] = {
    EXACT(0, "SEVL"),	EXACT(4, "AES"),  EXACT(8, "SHA1"),  EXACT(12, "SHA2"),
    EXACT(16, "CRC32"), EXACT(24, "RDM"), EXACT(28, "VCMA"),
};
static const struct idreg_field id_mmfr4[] = {
    EXACT(0, "SpecSEI"),
    EXACT(4, "AC2"),
    HIDE(8, "XNX", "stage-2 execute-never: " WHY_NO_EL2),
    EXACT(12, "CnP"),
    EXACT(16, "HPDS"),
    EXACT(20, "LSM"),
    EXACT(24, "CCIDX"),
    HIDE(28, "EVT", "EL2 trap controls: " WHY_NO_EL2),
};
static const struct idreg_field id_isar6[] = {
    EXACT(0, "JSCVT"),	  EXACT(4, "DP"),    EXACT(8, "FHM"),	EXACT(12, "SB"),
    EXACT(16, "SPECRES"), EXACT(20, "BF16"), EXACT(24, "I8MM"),
};
static const struct idreg_field mvfr0[] = {
    EXACT(0, "SIMDReg"),   EXACT(4, "FPSP"),	EXACT(8, "FPDP"),     EXACT(12, "FPTrap"),
    EXACT(16, "FPDivide"), EXACT(20, "FPSqrt"), EXACT(24, "FPShVec"), EXACT(28, "FPRound"),
};
static const struct idreg_field mvfr1[] = {
    EXACT(0, "FPFtZ"),	 EXACT(4, "FPDNaN"),  EXACT(8, "SIMDLS"), EXACT(12, "SIMDInt"),
    EXACT(16, "SIMDSP"), EXACT(20, "SIMDHP"), EXACT(24, "FPHP"),  EXACT(28, "SIMDFMAC"),
};
static const struct idreg_field mvfr2[] = {EXACT(0, "SIMDMisc"), EXACT(4, "FPMisc")};
static const struct idreg_field id_pfr2[] = {
    EXACT(0, "CSV3"),
    EXACT(4, "SSBS"),
    HIDE(8, "RAS_frac", WHY_RAS),
};
static const struct idreg_field id_dfr1[] = {HIDE(0, "MTPMU", WHY_PMU), HIDE(4, "HPMN0", WHY_PMU)};
static const struct idreg_field id_mmfr5[] = {EXACT(0, "ETS"), EXACT(4, "nTLBPA")};

/* AArch64. */
static const struct idreg_field id_aa64pfr0[] = {
    EXACT_WHY(0, "EL0",
	      "AArch64, and AArch32 where the hardware has it (no state beyond the "
	      "general and FP registers, which are switched)"),
    LOWER(4, "EL1", 1, "AArch64 only: HCR_EL2.RW is set for every guest"),
    HIDE(8, "EL2", WHY_NO_EL2),
    LOWER(12, "EL3", 1, "smc traps (HCR_EL2.TSC) and is answered per SMCCC by the VMM"),
    EXACT_WHY(16, "FP", "FP/SIMD registers are switched (lazily, CPTR_EL2.TFP)"),
    EXACT_WHY(20, "AdvSIMD", "as FP"),
    LOWER(24, "GIC", 1, "the GICv3 CPU interface through ICH_*_EL2; nothing of GICv4.1"),
    HIDE(28, "RAS", WHY_RAS),
    HIDE(32, "SVE", "SVE state (Z, P, FFR, ZCR_EL1) is not switched: CPTR_EL2.TZ traps it"),
    HIDE(36, "SEL2", WHY_NO_SECURE),
    HIDE(40, "MPAM", WHY_MPAM),
    HIDE(44, "AMU", WHY_AMU),
    EXACT_WHY(48, "DIT", "PSTATE.DIT lives in SPSR_EL2, which is switched"),
    HIDE(52, "RME", "no Realm state for guests"),
    LOWER(56, "CSV2", 1, WHY_CSV2),
    EXACT_WHY(60, "CSV3", "a property of the hardware"),
};
static const struct idreg_field id_aa64pfr1[] = {
    EXACT_WHY(0, "BT", "PSTATE.BTYPE (SPSR_EL2) and SCTLR_EL1.BTx are switched"),
    EXACT_WHY(4, "SSBS", "PSTATE.SSBS lives in SPSR_EL2"),
    HIDE(8, "MTE",
	 "allocation tags, TFSR*/GCR/RGSR are not switched and stage 2 does not "
	 "allow tagged memory"),
    HIDE(12, "RAS_frac", WHY_RAS),
    HIDE(16, "MPAM_frac", WHY_MPAM),
    HIDE(24, "SME", "SME state (ZA, streaming mode, SMCR_EL1, TPIDR2_EL0) is not switched"),
    HIDE(28, "RNDR_trap", "an EL3 control"),
    LOWER(32, "CSV2_frac", 1, WHY_CSV2),
    HIDE(36, "NMI", "PSTATE.ALLINT and the NMI controls are not virtualized"),
    HIDE(40, "MTE_frac", "MTE is hidden"),
    HIDE(44, "GCS", "guarded control stack registers are not switched"),
    HIDE(48, "THE", "RCWMASK registers are not switched"),
    HIDE(52, "MTEX", "MTE is hidden"),
    HIDE(56, "DF2", "ALLINT/SError controls are not virtualized"),
    HIDE(60, "PFAR", "PFAR_EL1 is not switched"),
};
static const struct idreg_field id_aa64dfr0[] = {
    EXACT_WHY(0, "DebugVer",
	      "the debug architecture cannot be absent; debug registers are "
	      "issue 12's register table"),
    HIDE(4, "TraceVer", WHY_TRACE),
    HIDE(8, "PMUVer", WHY_PMU),
    EXACT(12, "BRPs"),
    HIDE(16, "PMSS", WHY_PMU),
    EXACT(20, "WRPs"),
    EXACT(28, "CTX_CMPs"),
    HIDE(32, "PMSVer", "the statistical profiling buffer is not switched"),
    EXACT_WHY(36, "DoubleLock", "0 means implemented: OSDLR_EL1 is a debug register"),
    HIDE(40, "TraceFilt", WHY_TRACE),
    HIDE(44, "TraceBuffer", "the trace buffer (TRBE) is not switched"),
    HIDE(48, "MTPMU", WHY_PMU),
    HIDE(52, "BRBE", "branch records are not switched"),
    HIDE(56, "ExtTrcBuff", WHY_TRACE),
    HIDE(60, "HPMN0", WHY_PMU),
};
static const struct idreg_field id_aa64isar0[] = {
    EXACT(4, "AES"),
    EXACT(8, "SHA1"),
    EXACT(12, "SHA2"),
    EXACT(16, "CRC32"),
    EXACT(20, "Atomic"),
    HIDE(24, "TME", "transactional memory state is not switched"),
    EXACT(28, "RDM"),
    EXACT(32, "SHA3"),
    EXACT(36, "SM3"),
    EXACT(40, "SM4"),
    EXACT(44, "DP"),
    EXACT(48, "FHM"),
    EXACT(52, "TS"),
    EXACT(56, "TLB"),
    EXACT_WHY(60, "RNDR", "RNDR/RNDRRS read the hardware's generator; nothing to switch"),
};
static const struct idreg_field id_aa64isar1[] = {
    EXACT(0, "DPB"),
    EXACT_WHY(4, "APA", "pointer authentication keys are switched, HCR_EL2.API/APK set"),
    EXACT_WHY(8, "API", "as APA"),
    EXACT(12, "JSCVT"),
    EXACT(16, "FCMA"),
    EXACT(20, "LRCPC"),
    EXACT_WHY(24, "GPA", "as APA"),
    EXACT_WHY(28, "GPI", "as APA"),
    EXACT(32, "FRINTTS"),
    EXACT(36, "SB"),
    EXACT(40, "SPECRES"),
    EXACT(44, "BF16"),
    EXACT(48, "DGH"),
    EXACT(52, "I8MM"),
    EXACT(56, "XS"),
    HIDE(60, "LS64", "needs HCRX_EL2 enables the kernel does not set (the instructions trap)"),
};
static const struct idreg_field id_aa64isar2[] = {
    HIDE(0, "WFxT", "WFIT/WFET trap to the VMM like WFI/WFE, which does not model the timeout"),
    EXACT(4, "RPRES"),
    EXACT_WHY(8, "GPA3", "as ID_AA64ISAR1_EL1.APA"),
    EXACT_WHY(12, "APA3", "as ID_AA64ISAR1_EL1.APA"),
    HIDE(16, "MOPS", "needs HCRX_EL2.MSCEn, which the kernel leaves 0"),
    EXACT(20, "BC"),
    EXACT(24, "PAC_frac"),
    EXACT(28, "CLRBHB"),
    EXACT(48, "RPRFM"),
    EXACT(52, "CSSC"),
};
static const struct idreg_field id_aa64mmfr0[] = {
    LOWER(0, "PARange", 1,
	  "stage 2 translates 39-bit IPAs: 36 bits is the largest size "
	  "that fits (all guest memory lies below it)"),
    EXACT(4, "ASIDBits"),
    HIDE(8, "BigEnd", "the VMM decodes MMIO of little-endian guests only"),
    HIDE(12, "SNSMem", WHY_NO_SECURE),
    HIDE(16, "BigEndEL0", "as BigEnd"),
    EXACT(20, "TGran16"),
    EXACT(24, "TGran64"),
    EXACT(28, "TGran4"),
    HIDE(32, "TGran16_2", "0: as TGran16 (" WHY_NO_EL2 ")"),
    HIDE(36, "TGran64_2", "0: as TGran64 (" WHY_NO_EL2 ")"),
    HIDE(40, "TGran4_2", "0: as TGran4 (" WHY_NO_EL2 ")"),
    EXACT_WHY(44, "ExS", "SCTLR_EL1.EIS/EOS are switched"),
    HIDE(56, "FGT", WHY_NO_EL2),
    HIDE(60, "ECV", "the counter and timer extensions belong to the timer work (issue 17)"),
};
static const struct idreg_field id_aa64mmfr1[] = {
    EXACT_WHY(0, "HAFDBS", "TCR_EL1.HA/HD are switched"),
    HIDE(4, "VMIDBits", WHY_NO_EL2),
    HIDE(8, "VH", WHY_NO_EL2),
    EXACT(12, "HPDS"),
    HIDE(16, "LO", "LORegion registers are not switched"),
    EXACT_WHY(20, "PAN", "PSTATE.PAN (SPSR_EL2) and SCTLR_EL1.SPAN/EPAN are switched"),
    EXACT(24, "SpecSEI"),
    HIDE(28, "XNX", "stage-2 execute-never: " WHY_NO_EL2),
    HIDE(32, "TWED", WHY_NO_EL2),
    EXACT(36, "ETS"),
    HIDE(40, "HCX", WHY_NO_EL2),
    EXACT_WHY(44, "AFP", "FPCR is switched"),
    EXACT(48, "nTLBPA"),
    EXACT_WHY(52, "TIDCP1", "SCTLR_EL1.TIDCP is switched"),
    EXACT_WHY(56, "CMOW", "SCTLR_EL1.CMOW is switched"),
    EXACT(60, "ECBHB"),
};
static const struct idreg_field id_aa64mmfr2[] = {
    EXACT(0, "CnP"),
    EXACT_WHY(4, "UAO", "PSTATE.UAO lives in SPSR_EL2"),
    EXACT(8, "LSM"),
    EXACT(12, "IESB"),
    EXACT(16, "VARange"),
    EXACT(20, "CCIDX"),
    HIDE(24, "NV", WHY_NO_EL2),
    EXACT(28, "ST"),
    EXACT(32, "AT"),
    EXACT_WHY(36, "IDS", "how the hardware reports a guest EL0's ID register reads to its EL1"),
    HIDE(40, "FWB", WHY_NO_EL2),
    EXACT(48, "TTL"),
    EXACT(52, "BBM"),
    HIDE(56, "EVT", WHY_NO_EL2),
    EXACT_WHY(60, "E0PD", "TCR_EL1.E0PDx are switched"),
};

const struct idreg_desc idreg_table[] = {
    REG(1, 0, true, "ID_PFR0_EL1", id_pfr0),
    REG(1, 1, true, "ID_PFR1_EL1", id_pfr1),
    REG(1, 2, true, "ID_DFR0_EL1", id_dfr0),
    HIDDEN_REG(1, 3, true, "ID_AFR0_EL1",
	       "IMPLEMENTATION DEFINED features Warden knows nothing of"),
    REG(1, 4, true, "ID_MMFR0_EL1", id_mmfr0),
    REG(1, 5, true, "ID_MMFR1_EL1", id_mmfr1),
    REG(1, 6, true, "ID_MMFR2_EL1", id_mmfr2),
    REG(1, 7, true, "ID_MMFR3_EL1", id_mmfr3),
    REG(2, 0, true, "ID_ISAR0_EL1", id_isar0),
    REG(2, 1, true, "ID_ISAR1_EL1", id_isar1),
    REG(2, 2, true, "ID_ISAR2_EL1", id_isar2),
    REG(2, 3, true, "ID_ISAR3_EL1", id_isar3),
    REG(2, 4, true, "ID_ISAR4_EL1", id_isar4),
    REG(2, 5, true, "ID_ISAR5_EL1", id_isar5),
    REG(2, 6, true, "ID_MMFR4_EL1", id_mmfr4),
    REG(2, 7, true, "ID_ISAR6_EL1", id_isar6),
    REG(3, 0, true, "MVFR0_EL1", mvfr0),
    REG(3, 1, true, "MVFR1_EL1", mvfr1),
    REG(3, 2, true, "MVFR2_EL1", mvfr2),
    REG(3, 4, true, "ID_PFR2_EL1", id_pfr2),
    REG(3, 5, true, "ID_DFR1_EL1", id_dfr1),
    REG(3, 6, true, "ID_MMFR5_EL1", id_mmfr5),
    REG(4, 0, false, "ID_AA64PFR0_EL1", id_aa64pfr0),
    REG(4, 1, false, "ID_AA64PFR1_EL1", id_aa64pfr1),
    HIDDEN_REG(4, 4, false, "ID_AA64ZFR0_EL1", "SVE is hidden (ID_AA64PFR0_EL1.SVE)"),
    HIDDEN_REG(4, 5, false, "ID_AA64SMFR0_EL1", "SME is hidden (ID_AA64PFR1_EL1.SME)"),
    REG(5, 0, false, "ID_AA64DFR0_EL1", id_aa64dfr0),
    HIDDEN_REG(5, 1, false, "ID_AA64DFR1_EL1",
	       "PMU, breakpoint and trace extensions not "
	       "virtualized"),
    HIDDEN_REG(5, 4, false, "ID_AA64AFR0_EL1",
	       "IMPLEMENTATION DEFINED features Warden knows "
	       "nothing of"),
    HIDDEN_REG(5, 5, false, "ID_AA64AFR1_EL1", "as ID_AA64AFR0_EL1"),
    REG(6, 0, false, "ID_AA64ISAR0_EL1", id_aa64isar0),
    REG(6, 1, false, "ID_AA64ISAR1_EL1", id_aa64isar1),
    REG(6, 2, false, "ID_AA64ISAR2_EL1", id_aa64isar2),
    REG(7, 0, false, "ID_AA64MMFR0_EL1", id_aa64mmfr0),
    REG(7, 1, false, "ID_AA64MMFR1_EL1", id_aa64mmfr1),
    REG(7, 2, false, "ID_AA64MMFR2_EL1", id_aa64mmfr2),
};
const u32 idreg_table_len = ARRAY_LEN(idreg_table);

const struct idreg_desc *idreg_find(u32 crm, u32 op2)
{
	for (u32 i = 0; i < idreg_table_len; i++)
		if (idreg_table[i].crm == crm && idreg_table[i].op2 == op2)
			return &idreg_table[i];
	return 0;
}

u64 idreg_sanitize(const struct idreg_desc *d, u64 hw)
{
	u64 out = 0;

	for (u32 i = 0; i < d->nfields; i++) {
		const struct idreg_field *f = &d->fields[i];
		u64 mask = (1ull << f->width) - 1, v = (hw >> f->shift) & mask;

		if (f->policy == IDF_SET || (f->policy == IDF_LOWER && v > f->value))
			v = f->value;
		out |= v << f->shift;
	}
	return out;
}

void idreg_compute(const u64 hw[IDREG_COUNT], u64 out[IDREG_COUNT])
{
	for (u32 i = 0; i < IDREG_COUNT; i++)
		out[i] = 0;
	for (u32 i = 0; i < idreg_table_len; i++) {
		const struct idreg_desc *d = &idreg_table[i];
		out[IDREG_INDEX(d->crm, d->op2)] =
		    idreg_sanitize(d, hw[IDREG_INDEX(d->crm, d->op2)]);
	}
	/* Without AArch32 at EL0 the AArch32 views are UNKNOWN in hardware: show zero. */
	if (idreg_field_get(out[IDREG_ID_AA64PFR0], ID_AA64PFR0_EL0_SHIFT) < 2)
		for (u32 i = 0; i < idreg_table_len; i++)
			if (idreg_table[i].aarch32)
				out[IDREG_INDEX(idreg_table[i].crm, idreg_table[i].op2)] = 0;
}

/* Arm ARM D23 (the system register encodings): the PMU is op0 3 with op1 3, CRn 9, CRm 12..14
 * (PMCR_EL0 ... PMOVSSET_EL0), op1 0, CRn 9, CRm 14 (PMINTENSET/CLR_EL1, PMMIR_EL1) and op1 3,
 * CRn 14, CRm 8..15 (PMEVCNTR<n>_EL0, PMEVTYPER<n>_EL0, PMCCFILTR_EL0); the RAS error records
 * op1 0, CRn 5, CRm 3..5 (ERRIDR/ERRSELR_EL1, ERX*_EL1); the LORegion registers op1 0, CRn 10,
 * CRm 4, op2 0..3 and 7; SCXTNUM_EL1 and SCXTNUM_EL0 op1 0 and 3, CRn 13, CRm 0, op2 7; the
 * SGI registers op1 0, CRn 12, CRm 11, op2 5..7. */
bool idreg_access_undefined(const u64 seen[IDREG_COUNT], u64 iss)
{
	u32 op0 = (iss >> 20) & 3, op2 = (iss >> 17) & 7, op1 = (iss >> 14) & 7;
	u32 crn = (iss >> 10) & 0xf, crm = (iss >> 1) & 0xf;
	bool read = iss & 1;
	u64 pfr0 = seen[IDREG_ID_AA64PFR0], pfr1 = seen[IDREG_ID_AA64PFR1];
	u32 pmuver = idreg_field_get(seen[IDREG_ID_AA64DFR0], ID_AA64DFR0_PMUVER_SHIFT);
	u32 csv2 = idreg_field_get(pfr0, ID_AA64PFR0_CSV2_SHIFT);

	if (op0 != 3)
		return false;
	if ((op1 == 3 && crn == 9 && crm >= 12 && crm <= 14) ||
	    (op1 == 0 && crn == 9 && crm == 14) || (op1 == 3 && crn == 14 && crm >= 8))
		return pmuver == 0 || pmuver == 0xf; /* 0xf: IMPLEMENTATION DEFINED, not PMUv3 */
	if (op1 == 0 && crn == 5 && crm >= 3 && crm <= 5)
		return idreg_field_get(pfr0, ID_AA64PFR0_RAS_SHIFT) == 0;
	if (op1 == 0 && crn == 10 && crm == 4 && (op2 <= 3 || op2 == 7))
		return idreg_field_get(seen[IDREG_ID_AA64MMFR1], ID_AA64MMFR1_LO_SHIFT) == 0;
	if ((op1 == 0 || op1 == 3) && crn == 13 && crm == 0 && op2 == 7) /* FEAT_CSV2_2, _1p2 */
		return !(csv2 >= 2 ||
			 (csv2 == 1 && idreg_field_get(pfr1, ID_AA64PFR1_CSV2_FRAC_SHIFT) >= 2));
	if (op1 == 0 && crn == 12 && crm == 11 && op2 >= 5)
		return read;
	return false;
}

bool idreg_trap_class_undefined(const u64 seen[IDREG_COUNT], u32 ec)
{
	if (ec == 0x19)
		return idreg_field_get(seen[IDREG_ID_AA64PFR0], ID_AA64PFR0_SVE_SHIFT) == 0;
	if (ec == 0x1d)
		return idreg_field_get(seen[IDREG_ID_AA64PFR1], ID_AA64PFR1_SME_SHIFT) == 0;
	return false;
}
