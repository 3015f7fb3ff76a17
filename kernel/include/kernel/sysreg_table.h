/* Who owns every system register EL0 or EL1 can reach on the supported CPUs (cortex-a57 and QEMU's
 * max): the one table (docs/registers.md). The vCPU save/restore lists in
 * kernel/arch/aarch64/vcpu.c are generated from it, and tests/unit/test_sysreg_table.c checks it
 * against QEMU's own register lists (tests/data/qemu-sysregs-<cpu>.txt), so a register QEMU
 * implements and this table forgets fails a test.
 *
 * SYSREG(name, qemu, class, feature, access, how)
 *   name     the architectural name
 *   qemu     QEMU's gdbstub name for it, or NULL where QEMU lists none (constants, PSTATE, ...)
 *   class    SR_* below
 *   feature  F_* (vcpu.c: sysreg_feature()): the register exists only on CPUs with it
 *   access   the mrs/msr spelling the switch code uses (class VCPU and VCPU_PARKED with one),
 *            or none
 *   how      how the class is enforced, for the reader and docs/registers.md
 *
 * Order matters within the switched classes: they are saved and loaded in table order (CVAL
 * before CTL, so a timer never fires on a stale compare value). */
#ifndef KERNEL_SYSREG_TABLE_H
#define KERNEL_SYSREG_TABLE_H

enum sysreg_class {
	SR_THREAD,	 /* each thread's own, switched on every thread switch */
	SR_VCPU,	 /* a vCPU's; native threads cannot reach it (HCR_EL2.TGE) */
	SR_VCPU_PARKED,	 /* a vCPU's, swapped out whenever a native thread runs (EL0 sees it) */
	SR_VCPU_BY_HAND, /* a vCPU's, switched by code of its own in vcpu.c (the OS Lock) */
	SR_ID,		 /* read-only, the same for every domain (values: issue 13's ID table) */
	SR_CONST,	 /* read-only, the same for every domain, no secret */
	SR_REFUSED,	 /* trapped to EL2 and refused (a component faults, a VMM gets the trap) */
	SR_EMULATED,	 /* trapped to EL2, emulated per vCPU by the kernel (kernel/vtimer.c,
			  * kernel/arch/aarch64/vdebug.c); the CPU's register is not the guest's */
	SR_EMULATED_CONST, /* trapped to EL2, emulated with one answer for every domain (vdebug.c)
			    */
	SR_HIDDEN,	   /* the feature is hidden and its registers trap */
	SR_SECURE,	   /* secure state only: UNDEFINED in the normal world */
	SR_EL2,		   /* listed by QEMU with the EL1 registers, but reachable only from EL2 */
	SR_NOT_ISOLATED,   /* still crosses between guests (issue 12 open): docs/registers.md */
};

enum sysreg_feature {
	F_BASE,	 /* ARMv8.0 */
	F_PAUTH, /* pointer authentication */
	F_RAS,
	F_LOR,
	F_SME,
	F_SVE,
	F_CSV2_2, /* SCXTNUM_ELx */
	F_IMPDEF, /* IMPLEMENTATION DEFINED (QEMU's cortex-a57 model) */
	F_BRP2,	  /* breakpoint 2 and up: ID_AA64DFR0_EL1.BRPs */
	F_BRP3,
	F_BRP4,
	F_BRP5,
	F_WRP2, /* watchpoint 2 and up: ID_AA64DFR0_EL1.WRPs */
	F_WRP3,
	F_PMU,
	F_PMU_V3P4, /* PMMIR_EL1 */
	F_COUNT
};

#define SYSREGS(X)                                                                                 \
	/* Per thread: struct regs, struct fp_state, el0_state.h. */                               \
	X(SP_EL0, "SP_EL0", SR_THREAD, F_BASE, none, "struct regs.sp, saved on every entry")       \
	X(FPCR, "FPCR", SR_THREAD, F_BASE, none, "struct fp_state, lazily (CPTR_EL2.TFP)")         \
	X(FPSR, "FPSR", SR_THREAD, F_BASE, none, "struct fp_state, lazily (CPTR_EL2.TFP)")         \
	X(TPIDR_EL0, "TPIDR_EL0", SR_THREAD, F_BASE, none, "struct regs.tpidr_el0, el0_state.h")   \
	X(PMUSERENR_EL0, "PMUSERENR_EL0", SR_THREAD, F_PMU, none,                                  \
	  "struct regs.pmuserenr: granted (pmu=\"true\"), EN for vCPUs (EL0 accesses reach EL2: "  \
	  "UNDEF), else 0; EL0 cannot write it")                                                   \
	/* A vCPU's, parked while native threads run: EL0 sees it or it shapes EL0. */             \
	X(SCTLR_EL1, "SCTLR", SR_VCPU_PARKED, F_BASE, sctlr_el1, "native: the kernel's choice")    \
	X(CPACR_EL1, "CPACR", SR_VCPU_PARKED, F_BASE, cpacr_el1, "native: FPEN = 3")               \
	X(TPIDRRO_EL0, "TPIDRRO_EL0", SR_VCPU_PARKED, F_BASE, tpidrro_el0, "native: 0")            \
	X(CNTKCTL_EL1, "CNTKCTL", SR_VCPU_PARKED, F_BASE, cntkctl_el1,                             \
	  "native: EL0PCTEN | EL0VCTEN")                                                           \
	X(MDSCR_EL1, "MDSCR_EL1", SR_VCPU_PARKED, F_BASE, mdscr_el1, "native: TDCC")               \
	/* A vCPU's EL1 state. */                                                                  \
	X(TTBR0_EL1, "TTBR0_EL1", SR_VCPU, F_BASE, ttbr0_el1, "")                                  \
	X(TTBR1_EL1, "TTBR1_EL1", SR_VCPU, F_BASE, ttbr1_el1, "")                                  \
	X(TCR_EL1, "TCR_EL1", SR_VCPU, F_BASE, tcr_el1, "")                                        \
	X(ESR_EL1, "ESR_EL1", SR_VCPU, F_BASE, esr_el1, "")                                        \
	X(AFSR0_EL1, "AFSR0_EL1", SR_VCPU, F_BASE, afsr0_el1, "")                                  \
	X(AFSR1_EL1, "AFSR1_EL1", SR_VCPU, F_BASE, afsr1_el1, "")                                  \
	X(FAR_EL1, "FAR_EL1", SR_VCPU, F_BASE, far_el1, "")                                        \
	X(MAIR_EL1, "MAIR_EL1", SR_VCPU, F_BASE, mair_el1, "")                                     \
	X(AMAIR_EL1, "AMAIR0", SR_VCPU, F_BASE, amair_el1, "")                                     \
	X(VBAR_EL1, "VBAR", SR_VCPU, F_BASE, vbar_el1, "")                                         \
	X(CONTEXTIDR_EL1, "CONTEXTIDR_EL1", SR_VCPU, F_BASE, contextidr_el1, "")                   \
	X(TPIDR_EL1, "TPIDR_EL1", SR_VCPU, F_BASE, tpidr_el1, "")                                  \
	X(PAR_EL1, "PAR_EL1", SR_VCPU, F_BASE, par_el1, "")                                        \
	X(SP_EL1, "SP_EL1", SR_VCPU, F_BASE, sp_el1, "")                                           \
	X(ELR_EL1, "ELR_EL1", SR_VCPU, F_BASE, elr_el1, "")                                        \
	X(SPSR_EL1, "SPSR_EL1", SR_VCPU, F_BASE, spsr_el1, "")                                     \
	X(CSSELR_EL1, "CSSELR", SR_VCPU, F_BASE, csselr_el1, "")                                   \
	X(CNTV_CVAL_EL0, "CNTV_CVAL_EL0", SR_VCPU, F_BASE, cntv_cval_el0,                          \
	  "native EL0: CNTKCTL_EL1.EL0VTEN = 0")                                                   \
	X(CNTV_CTL_EL0, "CNTV_CTL_EL0", SR_VCPU, F_BASE, cntv_ctl_el0,                             \
	  "native EL0: CNTKCTL_EL1.EL0VTEN = 0")                                                   \
	X(APIAKEYLO_EL1, "APIAKEYLO_EL1", SR_VCPU, F_PAUTH, S3_0_C2_C1_0, "")                      \
	X(APIAKEYHI_EL1, "APIAKEYHI_EL1", SR_VCPU, F_PAUTH, S3_0_C2_C1_1, "")                      \
	X(APIBKEYLO_EL1, "APIBKEYLO_EL1", SR_VCPU, F_PAUTH, S3_0_C2_C1_2, "")                      \
	X(APIBKEYHI_EL1, "APIBKEYHI_EL1", SR_VCPU, F_PAUTH, S3_0_C2_C1_3, "")                      \
	X(APDAKEYLO_EL1, "APDAKEYLO_EL1", SR_VCPU, F_PAUTH, S3_0_C2_C2_0, "")                      \
	X(APDAKEYHI_EL1, "APDAKEYHI_EL1", SR_VCPU, F_PAUTH, S3_0_C2_C2_1, "")                      \
	X(APDBKEYLO_EL1, "APDBKEYLO_EL1", SR_VCPU, F_PAUTH, S3_0_C2_C2_2, "")                      \
	X(APDBKEYHI_EL1, "APDBKEYHI_EL1", SR_VCPU, F_PAUTH, S3_0_C2_C2_3, "")                      \
	X(APGAKEYLO_EL1, "APGAKEYLO_EL1", SR_VCPU, F_PAUTH, S3_0_C2_C3_0, "")                      \
	X(APGAKEYHI_EL1, "APGAKEYHI_EL1", SR_VCPU, F_PAUTH, S3_0_C2_C3_1, "")                      \
	X(DISR_EL1, "DISR_EL1", SR_VCPU, F_RAS, S3_4_C12_C1_1,                                     \
	  "guest accesses reach VDISR_EL2 (HCR_EL2.AMO), switched here")                           \
	X(TPIDR2_EL0, "TPIDR2_EL0", SR_VCPU, F_SME, S3_3_C13_C0_5,                                 \
	  "native EL0: SCTLR_EL1.EnTP2 = 0")                                                       \
	/* Breakpoints, watchpoints, OS Lock: the vCPU's; native threads run with MDSCR_EL1 = TDCC \
	 * (MDE, KDE, SS clear), so none fires for them. Guest accesses to every debug register    \
	 * trap (MDCR_EL2.TDA, TDOSA) and the kernel performs them on the loaded vCPU's registers  \
	 * (vdebug.c), or emulates the rows of class SR_EMULATED and SR_EMULATED. */               \
	X(DBGBVR0_EL1, "DBGBVR0_EL1", SR_VCPU, F_BASE, dbgbvr0_el1, "")                            \
	X(DBGBCR0_EL1, "DBGBCR0_EL1", SR_VCPU, F_BASE, dbgbcr0_el1, "")                            \
	X(DBGBVR1_EL1, "DBGBVR1_EL1", SR_VCPU, F_BASE, dbgbvr1_el1, "")                            \
	X(DBGBCR1_EL1, "DBGBCR1_EL1", SR_VCPU, F_BASE, dbgbcr1_el1, "")                            \
	X(DBGBVR2_EL1, "DBGBVR2_EL1", SR_VCPU, F_BRP2, dbgbvr2_el1, "")                            \
	X(DBGBCR2_EL1, "DBGBCR2_EL1", SR_VCPU, F_BRP2, dbgbcr2_el1, "")                            \
	X(DBGBVR3_EL1, "DBGBVR3_EL1", SR_VCPU, F_BRP3, dbgbvr3_el1, "")                            \
	X(DBGBCR3_EL1, "DBGBCR3_EL1", SR_VCPU, F_BRP3, dbgbcr3_el1, "")                            \
	X(DBGBVR4_EL1, "DBGBVR4_EL1", SR_VCPU, F_BRP4, dbgbvr4_el1, "")                            \
	X(DBGBCR4_EL1, "DBGBCR4_EL1", SR_VCPU, F_BRP4, dbgbcr4_el1, "")                            \
	X(DBGBVR5_EL1, "DBGBVR5_EL1", SR_VCPU, F_BRP5, dbgbvr5_el1, "")                            \
	X(DBGBCR5_EL1, "DBGBCR5_EL1", SR_VCPU, F_BRP5, dbgbcr5_el1, "")                            \
	X(DBGWVR0_EL1, "DBGWVR0_EL1", SR_VCPU, F_BASE, dbgwvr0_el1, "")                            \
	X(DBGWCR0_EL1, "DBGWCR0_EL1", SR_VCPU, F_BASE, dbgwcr0_el1, "")                            \
	X(DBGWVR1_EL1, "DBGWVR1_EL1", SR_VCPU, F_BASE, dbgwvr1_el1, "")                            \
	X(DBGWCR1_EL1, "DBGWCR1_EL1", SR_VCPU, F_BASE, dbgwcr1_el1, "")                            \
	X(DBGWVR2_EL1, "DBGWVR2_EL1", SR_VCPU, F_WRP2, dbgwvr2_el1, "")                            \
	X(DBGWCR2_EL1, "DBGWCR2_EL1", SR_VCPU, F_WRP2, dbgwcr2_el1, "")                            \
	X(DBGWVR3_EL1, "DBGWVR3_EL1", SR_VCPU, F_WRP3, dbgwvr3_el1, "")                            \
	X(DBGWCR3_EL1, "DBGWCR3_EL1", SR_VCPU, F_WRP3, dbgwcr3_el1, "")                            \
	X(OSDLR_EL1, "OSDLR_EL1", SR_VCPU, F_BASE, osdlr_el1, "")                                  \
	X(OSLSR_EL1, "OSLSR_EL1", SR_VCPU_BY_HAND, F_BASE, none,                                   \
	  "the OS Lock: OSLSR_EL1.OSLK saved, restored through OSLAR_EL1 (vcpu.c)")                \
	/* The debug comms channel: hardware shared with an external debugger. Guests see a        \
	 * channel nobody is at the other end of (MDCR_EL2.TDA); native EL0: MDSCR_EL1.TDCC. */    \
	X(MDCCSR_EL0, "MDCCSR_EL0", SR_EMULATED_CONST, F_BASE, none, "RXfull = TXfull = 0")        \
	X(DBGDTR_EL0, NULL, SR_EMULATED_CONST, F_BASE, none, "reads 0, writes ignored")            \
	X(DBGDTRRX_EL0, NULL, SR_EMULATED_CONST, F_BASE, none,                                     \
	  "reads 0 (DBGDTRTX_EL0: writes ignored)")                                                \
	X(MDCCINT_EL1, NULL, SR_EMULATED, F_BASE, none, "kept; no DCC interrupt ever pends")       \
	/* Claim tags, power-down request, OS Lock exception catch: kept per vCPU, no effect. */   \
	X(DBGCLAIMSET_EL1, NULL, SR_EMULATED, F_BASE, none,                                        \
	  "8 tags: SET reads 0xff, ORs; DBGCLAIMCLR_EL1 reads the tags, clears")                   \
	X(DBGCLAIMCLR_EL1, NULL, SR_EMULATED_CONST, F_BASE, none,                                  \
	  "the other view of DBGCLAIMSET_EL1")                                                     \
	X(DBGPRCR_EL1, NULL, SR_EMULATED, F_BASE, none,                                            \
	  "CORENPDRQ kept (MDCR_EL2.TDOSA); the kernel never powers a core down")                  \
	X(OSECCR_EL1, NULL, SR_EMULATED, F_BASE, none, "kept (MDCR_EL2.TDOSA)")                    \
	X(DBGAUTHSTATUS_EL1, NULL, SR_CONST, F_BASE, none, "read for the guest by the kernel")     \
	X(MDRAR_EL1, "MDRAR_EL1", SR_CONST, F_BASE, none, "the debug ROM address")                 \
	/* The EL1 physical timer: trapped and emulated per vCPU, with its interrupt. */           \
	X(CNTP_CVAL_EL0, "CNTP_CVAL_EL0", SR_EMULATED, F_BASE, none,                               \
	  "CNTHCTL_EL2.EL1PCEN = 0, kernel/vtimer.c; native EL0: CNTKCTL_EL1.EL0PTEN = 0")         \
	X(CNTP_CTL_EL0, "CNTP_CTL_EL0", SR_EMULATED, F_BASE, none,                                 \
	  "CNTHCTL_EL2.EL1PCEN = 0, kernel/vtimer.c; native EL0: CNTKCTL_EL1.EL0PTEN = 0")         \
	X(CNTP_TVAL_EL0, NULL, SR_EMULATED, F_BASE, none,                                          \
	  "CNTHCTL_EL2.EL1PCEN = 0, kernel/vtimer.c")                                              \
	X(CNTV_TVAL_EL0, NULL, SR_VCPU_BY_HAND, F_BASE, none,                                      \
	  "a view of CNTV_CVAL_EL0, switched with it")                                             \
	X(CNTPCT_EL0, NULL, SR_CONST, F_BASE, none,                                                \
	  "CNTHCTL_EL2.EL1PCTEN = 1: the system counter")                                          \
	X(CNTVCT_EL0, NULL, SR_CONST, F_BASE, none, "CNTVOFF_EL2 = 0 for everyone")                \
	X(CNTFRQ_EL0, "CNTFRQ_EL0", SR_CONST, F_BASE, none, "writable at EL3 only")                \
	X(CNTPS_CTL_EL1, "CNTPS_CTL_EL1", SR_SECURE, F_BASE, none, "")                             \
	X(CNTPS_CVAL_EL1, "CNTPS_CVAL_EL1", SR_SECURE, F_BASE, none, "")                           \
	/* IMPLEMENTATION DEFINED registers: refused. */                                           \
	X(ACTLR_EL1, "ACTLR_EL1", SR_REFUSED, F_BASE, none, "HCR_EL2.TACR")                        \
	X(CPUACTLR_EL1, "CPUACTLR_EL1", SR_REFUSED, F_IMPDEF, none, "HCR_EL2.TIDCP")               \
	X(CPUECTLR_EL1, "CPUECTLR_EL1", SR_REFUSED, F_IMPDEF, none, "HCR_EL2.TIDCP")               \
	X(CPUMERRSR_EL1, "CPUMERRSR_EL1", SR_REFUSED, F_IMPDEF, none, "HCR_EL2.TIDCP")             \
	X(L2ACTLR_EL1, "L2ACTLR", SR_REFUSED, F_IMPDEF, none, "HCR_EL2.TIDCP")                     \
	X(L2CTLR_EL1, "L2CTLR_EL1", SR_REFUSED, F_IMPDEF, none, "HCR_EL2.TIDCP")                   \
	X(L2ECTLR_EL1, "L2ECTLR_EL1", SR_REFUSED, F_IMPDEF, none, "HCR_EL2.TIDCP")                 \
	X(L2MERRSR_EL1, "L2MERRSR_EL1", SR_REFUSED, F_IMPDEF, none, "HCR_EL2.TIDCP")               \
	X(CBAR_EL1, "CBAR_EL1", SR_REFUSED, F_IMPDEF, none, "HCR_EL2.TIDCP")                       \
	/* RAS, LORegions, SCXTNUM: refused where the CPU has them. */                             \
	X(ERRIDR_EL1, "ERRIDR_EL1", SR_REFUSED, F_RAS, none, "HCR_EL2.TERR")                       \
	X(LORSA_EL1, "LORSA_EL1", SR_REFUSED, F_LOR, none, "HCR_EL2.TLOR")                         \
	X(LOREA_EL1, "LOREA_EL1", SR_REFUSED, F_LOR, none, "HCR_EL2.TLOR")                         \
	X(LORN_EL1, "LORN_EL1", SR_REFUSED, F_LOR, none, "HCR_EL2.TLOR")                           \
	X(LORC_EL1, "LORC_EL1", SR_REFUSED, F_LOR, none, "HCR_EL2.TLOR")                           \
	X(LORID_EL1, "LORID_EL1", SR_REFUSED, F_LOR, none, "HCR_EL2.TLOR")                         \
	X(SCXTNUM_EL0, "SCXTNUM_EL0", SR_REFUSED, F_CSV2_2, none, "HCR_EL2.EnSCXT = 0")            \
	X(SCXTNUM_EL1, "SCXTNUM_EL1", SR_REFUSED, F_CSV2_2, none, "HCR_EL2.EnSCXT = 0")            \
	/* SVE and SME: hidden (issue 13's ID table) and trapped. */                               \
	X(ZCR_EL1, "ZCR_EL1", SR_HIDDEN, F_SVE, none, "CPTR_EL2.TZ")                               \
	X(SMCR_EL1, "SMCR_EL1", SR_HIDDEN, F_SME, none, "CPTR_EL2.TSM")                            \
	X(SMPRI_EL1, "SMPRI_EL1", SR_HIDDEN, F_SME, none, "CPTR_EL2.TSM")                          \
	X(SVCR, "SVCR", SR_HIDDEN, F_SME, none, "CPTR_EL2.TSM")                                    \
	/* The PMU: refused unless granted (pmu="true", native EL0 only); UNDEFINED for guests,    \
	 * whose PMUVer reads 0 (kernel/idreg.c idreg_access_undefined). */                        \
	PMU_REGS(X)                                                                                \
	/* ID registers: issue 13's. */                                                            \
	ID_REGS(X)                                                                                 \
	/* AArch32 banked SPSRs: EL2 only. */                                                      \
	X(SPSR_abt, "SPSR_ABT", SR_EL2, F_BASE, none, "")                                          \
	X(SPSR_fiq, "SPSR_FIQ", SR_EL2, F_BASE, none, "")                                          \
	X(SPSR_irq, "SPSR_IRQ", SR_EL2, F_BASE, none, "")                                          \
	X(SPSR_und, "SPSR_UND", SR_EL2, F_BASE, none, "")

#define PMU_HOW                                                                                    \
	"PMUSERENR_EL0 = 0 unless granted; guests: MDCR_EL2.TPM, TPMCR, UNDEF injected (EL0 too: " \
	"vCPUs run with PMUSERENR_EL0.EN)"
#define PMU_REGS(X)                                                                                \
	X(PMCR_EL0, "PMCR_EL0", SR_REFUSED, F_PMU, none, PMU_HOW)                                  \
	X(PMCNTENSET_EL0, "PMCNTENSET_EL0", SR_REFUSED, F_PMU, none, PMU_HOW)                      \
	X(PMCNTENCLR_EL0, "PMCNTENCLR_EL0", SR_REFUSED, F_PMU, none, PMU_HOW)                      \
	X(PMOVSCLR_EL0, "PMOVSCLR_EL0", SR_REFUSED, F_PMU, none, PMU_HOW)                          \
	X(PMOVSSET_EL0, "PMOVSSET_EL0", SR_REFUSED, F_PMU, none, PMU_HOW)                          \
	X(PMSELR_EL0, "PMSELR_EL0", SR_REFUSED, F_PMU, none, PMU_HOW)                              \
	X(PMCEID0_EL0, "PMCEID0_EL0", SR_REFUSED, F_PMU, none, PMU_HOW)                            \
	X(PMCEID1_EL0, "PMCEID1_EL0", SR_REFUSED, F_PMU, none, PMU_HOW)                            \
	X(PMCCNTR_EL0, "PMCCNTR_EL0", SR_REFUSED, F_PMU, none, PMU_HOW)                            \
	X(PMCCFILTR_EL0, "PMCCFILTR_EL0", SR_REFUSED, F_PMU, none, PMU_HOW)                        \
	X(PMXEVTYPER_EL0, NULL, SR_REFUSED, F_PMU, none, PMU_HOW)                                  \
	X(PMXEVCNTR_EL0, NULL, SR_REFUSED, F_PMU, none, PMU_HOW)                                   \
	X(PMSWINC_EL0, NULL, SR_REFUSED, F_PMU, none, PMU_HOW)                                     \
	X(PMEVCNTR0_EL0, "PMEVCNTR0_EL0", SR_REFUSED, F_PMU, none, PMU_HOW)                        \
	X(PMEVCNTR1_EL0, "PMEVCNTR1_EL0", SR_REFUSED, F_PMU, none, PMU_HOW)                        \
	X(PMEVCNTR2_EL0, "PMEVCNTR2_EL0", SR_REFUSED, F_PMU, none, PMU_HOW)                        \
	X(PMEVCNTR3_EL0, "PMEVCNTR3_EL0", SR_REFUSED, F_PMU, none, PMU_HOW)                        \
	X(PMEVCNTR4_EL0, "PMEVCNTR4_EL0", SR_REFUSED, F_PMU, none, PMU_HOW)                        \
	X(PMEVCNTR5_EL0, "PMEVCNTR5_EL0", SR_REFUSED, F_PMU, none, PMU_HOW)                        \
	X(PMEVTYPER0_EL0, "PMEVTYPER0_EL0", SR_REFUSED, F_PMU, none, PMU_HOW)                      \
	X(PMEVTYPER1_EL0, "PMEVTYPER1_EL0", SR_REFUSED, F_PMU, none, PMU_HOW)                      \
	X(PMEVTYPER2_EL0, "PMEVTYPER2_EL0", SR_REFUSED, F_PMU, none, PMU_HOW)                      \
	X(PMEVTYPER3_EL0, "PMEVTYPER3_EL0", SR_REFUSED, F_PMU, none, PMU_HOW)                      \
	X(PMEVTYPER4_EL0, "PMEVTYPER4_EL0", SR_REFUSED, F_PMU, none, PMU_HOW)                      \
	X(PMEVTYPER5_EL0, "PMEVTYPER5_EL0", SR_REFUSED, F_PMU, none, PMU_HOW)                      \
	X(PMINTENSET_EL1, "PMINTENSET_EL1", SR_REFUSED, F_PMU, none,                               \
	  "guests: MDCR_EL2.TPM, UNDEF injected")                                                  \
	X(PMINTENCLR_EL1, NULL, SR_REFUSED, F_PMU, none, "guests: MDCR_EL2.TPM, UNDEF injected")   \
	X(PMMIR_EL1, "PMMIR_EL1", SR_REFUSED, F_PMU_V3P4, none,                                    \
	  "guests: MDCR_EL2.TPM, UNDEF injected")

#define ID_HOW "issue 13's ID table"
#define ID_REGS(X)                                                                                 \
	X(MIDR_EL1, NULL, SR_ID, F_BASE, none, "guests: VPIDR_EL2")                                \
	X(MPIDR_EL1, NULL, SR_ID, F_BASE, none, "guests: VMPIDR_EL2, per vCPU")                    \
	X(REVIDR_EL1, "REVIDR_EL1", SR_ID, F_BASE, none, ID_HOW)                                   \
	X(AIDR_EL1, "AIDR", SR_ID, F_BASE, none, ID_HOW)                                           \
	X(CLIDR_EL1, "CLIDR", SR_ID, F_BASE, none, ID_HOW)                                         \
	X(CCSIDR_EL1, NULL, SR_ID, F_BASE, none, ID_HOW)                                           \
	X(CTR_EL0, "CTR_EL0", SR_ID, F_BASE, none, "native EL0: SCTLR_EL1.UCT")                    \
	X(DCZID_EL0, NULL, SR_ID, F_BASE, none, ID_HOW)                                            \
	X(SMIDR_EL1, "SMIDR_EL1", SR_ID, F_SME, none, ID_HOW)                                      \
	X(ID_AA64PFR0_EL1, NULL, SR_ID, F_BASE, none, ID_HOW)                                      \
	X(ID_AA64PFR1_EL1, "ID_AA64PFR1_EL1", SR_ID, F_BASE, none, ID_HOW)                         \
	X(ID_AA64PFR2_EL1, "ID_AA64PFR2_EL1_RESERVED", SR_ID, F_BASE, none, ID_HOW)                \
	X(ID_AA64PFR3_EL1, "ID_AA64PFR3_EL1_RESERVED", SR_ID, F_BASE, none, ID_HOW)                \
	X(ID_AA64ZFR0_EL1, "ID_AA64ZFR0_EL1", SR_ID, F_BASE, none, ID_HOW)                         \
	X(ID_AA64SMFR0_EL1, "ID_AA64SMFR0_EL1", SR_ID, F_BASE, none, ID_HOW)                       \
	X(ID_AA64PFR6_EL1, "ID_AA64PFR6_EL1_RESERVED", SR_ID, F_BASE, none, ID_HOW)                \
	X(ID_AA64PFR7_EL1, "ID_AA64PFR7_EL1_RESERVED", SR_ID, F_BASE, none, ID_HOW)                \
	X(ID_AA64DFR0_EL1, "ID_AA64DFR0_EL1", SR_ID, F_BASE, none, ID_HOW)                         \
	X(ID_AA64DFR1_EL1, "ID_AA64DFR1_EL1", SR_ID, F_BASE, none, ID_HOW)                         \
	X(ID_AA64DFR2_EL1, "ID_AA64DFR2_EL1_RESERVED", SR_ID, F_BASE, none, ID_HOW)                \
	X(ID_AA64DFR3_EL1, "ID_AA64DFR3_EL1_RESERVED", SR_ID, F_BASE, none, ID_HOW)                \
	X(ID_AA64AFR0_EL1, "ID_AA64AFR0_EL1", SR_ID, F_BASE, none, ID_HOW)                         \
	X(ID_AA64AFR1_EL1, "ID_AA64AFR1_EL1", SR_ID, F_BASE, none, ID_HOW)                         \
	X(ID_AA64AFR2_EL1, "ID_AA64AFR2_EL1_RESERVED", SR_ID, F_BASE, none, ID_HOW)                \
	X(ID_AA64AFR3_EL1, "ID_AA64AFR3_EL1_RESERVED", SR_ID, F_BASE, none, ID_HOW)                \
	X(ID_AA64ISAR0_EL1, "ID_AA64ISAR0_EL1", SR_ID, F_BASE, none, ID_HOW)                       \
	X(ID_AA64ISAR1_EL1, "ID_AA64ISAR1_EL1", SR_ID, F_BASE, none, ID_HOW)                       \
	X(ID_AA64ISAR2_EL1, "ID_AA64ISAR2_EL1_RESERVED", SR_ID, F_BASE, none, ID_HOW)              \
	X(ID_AA64ISAR3_EL1, "ID_AA64ISAR3_EL1_RESERVED", SR_ID, F_BASE, none, ID_HOW)              \
	X(ID_AA64ISAR4_EL1, "ID_AA64ISAR4_EL1_RESERVED", SR_ID, F_BASE, none, ID_HOW)              \
	X(ID_AA64ISAR5_EL1, "ID_AA64ISAR5_EL1_RESERVED", SR_ID, F_BASE, none, ID_HOW)              \
	X(ID_AA64ISAR6_EL1, "ID_AA64ISAR6_EL1_RESERVED", SR_ID, F_BASE, none, ID_HOW)              \
	X(ID_AA64ISAR7_EL1, "ID_AA64ISAR7_EL1_RESERVED", SR_ID, F_BASE, none, ID_HOW)              \
	X(ID_AA64MMFR0_EL1, "ID_AA64MMFR0_EL1", SR_ID, F_BASE, none, ID_HOW)                       \
	X(ID_AA64MMFR1_EL1, "ID_AA64MMFR1_EL1", SR_ID, F_BASE, none, ID_HOW)                       \
	X(ID_AA64MMFR2_EL1, "ID_AA64MMFR2_EL1", SR_ID, F_BASE, none, ID_HOW)                       \
	X(ID_AA64MMFR3_EL1, "ID_AA64MMFR3_EL1_RESERVED", SR_ID, F_BASE, none, ID_HOW)              \
	X(ID_AA64MMFR4_EL1, "ID_AA64MMFR4_EL1_RESERVED", SR_ID, F_BASE, none, ID_HOW)              \
	X(ID_AA64MMFR5_EL1, "ID_AA64MMFR5_EL1_RESERVED", SR_ID, F_BASE, none, ID_HOW)              \
	X(ID_AA64MMFR6_EL1, "ID_AA64MMFR6_EL1_RESERVED", SR_ID, F_BASE, none, ID_HOW)              \
	X(ID_AA64MMFR7_EL1, "ID_AA64MMFR7_EL1_RESERVED", SR_ID, F_BASE, none, ID_HOW)              \
	X(ID_PFR0_EL1, "ID_PFR0", SR_ID, F_BASE, none, ID_HOW)                                     \
	X(ID_PFR1_EL1, NULL, SR_ID, F_BASE, none, ID_HOW)                                          \
	X(ID_PFR2_EL1, "ID_PFR2", SR_ID, F_BASE, none, ID_HOW)                                     \
	X(ID_DFR0_EL1, "ID_DFR0", SR_ID, F_BASE, none, ID_HOW)                                     \
	X(ID_DFR1_EL1, "ID_DFR1", SR_ID, F_BASE, none, ID_HOW)                                     \
	X(ID_AFR0_EL1, "ID_AFR0", SR_ID, F_BASE, none, ID_HOW)                                     \
	X(ID_MMFR0_EL1, "ID_MMFR0", SR_ID, F_BASE, none, ID_HOW)                                   \
	X(ID_MMFR1_EL1, "ID_MMFR1", SR_ID, F_BASE, none, ID_HOW)                                   \
	X(ID_MMFR2_EL1, "ID_MMFR2", SR_ID, F_BASE, none, ID_HOW)                                   \
	X(ID_MMFR3_EL1, "ID_MMFR3", SR_ID, F_BASE, none, ID_HOW)                                   \
	X(ID_MMFR4_EL1, "ID_MMFR4", SR_ID, F_BASE, none, ID_HOW)                                   \
	X(ID_MMFR5_EL1, "ID_MMFR5", SR_ID, F_BASE, none, ID_HOW)                                   \
	X(ID_ISAR0_EL1, "ID_ISAR0", SR_ID, F_BASE, none, ID_HOW)                                   \
	X(ID_ISAR1_EL1, "ID_ISAR1", SR_ID, F_BASE, none, ID_HOW)                                   \
	X(ID_ISAR2_EL1, "ID_ISAR2", SR_ID, F_BASE, none, ID_HOW)                                   \
	X(ID_ISAR3_EL1, "ID_ISAR3", SR_ID, F_BASE, none, ID_HOW)                                   \
	X(ID_ISAR4_EL1, "ID_ISAR4", SR_ID, F_BASE, none, ID_HOW)                                   \
	X(ID_ISAR5_EL1, "ID_ISAR5", SR_ID, F_BASE, none, ID_HOW)                                   \
	X(ID_ISAR6_EL1, "ID_ISAR6", SR_ID, F_BASE, none, ID_HOW)                                   \
	X(MVFR0_EL1, "MVFR0_EL1", SR_ID, F_BASE, none, ID_HOW)                                     \
	X(MVFR1_EL1, "MVFR1_EL1", SR_ID, F_BASE, none, ID_HOW)                                     \
	X(MVFR2_EL1, "MVFR2_EL1", SR_ID, F_BASE, none, ID_HOW)                                     \
	X(ID_RES_0_C0_C3_3, "RES_0_C0_C3_3", SR_ID, F_BASE, none, "reserved ID space: RAZ")        \
	X(ID_RES_0_C0_C3_7, "RES_0_C0_C3_7", SR_ID, F_BASE, none, "reserved ID space: RAZ")

/* Every row's index (storage for the switched ones: struct vcpu.sysregs). */
#define SYSREG_INDEX(name, qemu, class, feature, access, how) SRI_##name,
enum sysreg_index { SYSREGS(SYSREG_INDEX) SRI_COUNT };

#endif
