/* The hostile guest's entry, vectors and stacks (the test guest's; exceptions go to this
 * guest's exception_entry, which recovers from all of them), and the stubs whose instruction
 * must be fixed at build time: smc/hvc with each immediate of a table, system-register accesses
 * from a table, loads and stores of each size, and undefined encodings. */
#include <warden/asm_regs.h>
#include "../testguest/start.S"

	.text
/* void hg_call(u64 x[18], u64 entry): x0..x17 from x[], then entry i of hg_call_table
 * (smc #imm or hvc #imm), x0..x17 back into x[]. x18..x30 must come back as they were. */
	.globl	hg_call
hg_call:
	stp	x19, x20, [sp, #-32]!
	str	x30, [sp, #16]
	mov	x19, x0
	adr	x20, hg_call_table
	add	x20, x20, x1, lsl #3
	load_x0_x17 x19
	blr	x20
	store_x0_x17 x19
	ldr	x30, [sp, #16]
	ldp	x19, x20, [sp], #32
	ret

	.balign	8
	.globl	hg_call_table
hg_call_table:
	.irp	imm, 0, 1, 2, 0x10, 0x100, 0x7fff, 0x8000, 0xffff
	smc	#\imm
	ret
	.endr
	.irp	imm, 0, 1, 2, 0x10, 0x100, 0x7fff, 0x8000, 0xffff
	hvc	#\imm
	ret
	.endr

/* u64 hg_sysreg(u64 entry, u64 value): entry i of hg_sysreg_table, reads into x0 or writes
 * value (x1). Every entry is two instructions. */
	.globl	hg_sysreg
hg_sysreg:
	adr	x2, hg_sysreg_table
	add	x2, x2, x0, lsl #3
	mov	x0, xzr
	br	x2

	.balign	8
	.globl	hg_sysreg_table
hg_sysreg_table:
.macro	rd reg
	mrs	x0, \reg
	ret
.endm
.macro	wr reg
	msr	\reg, x1
	ret
.endm
.macro	op insn
	\insn
	ret
.endm
	/* 0..9: ID registers (the kernel answers them sanitized) */
	rd	id_aa64pfr0_el1
	rd	id_aa64pfr1_el1
	rd	id_aa64dfr0_el1
	rd	id_aa64isar0_el1
	rd	id_aa64isar1_el1
	rd	id_aa64mmfr0_el1
	rd	id_aa64mmfr1_el1
	rd	midr_el1
	rd	S3_0_C0_C7_7		/* unallocated ID space */
	rd	id_pfr0_el1
	/* 10..17: virtual timer and counter (the guest's own) */
	rd	cntv_ctl_el0
	wr	cntv_ctl_el0
	rd	cntv_cval_el0
	wr	cntv_cval_el0
	wr	cntv_tval_el0
	rd	cntvct_el0
	rd	cntfrq_el0
	rd	cntkctl_el1
	/* 18..22: GIC CPU interface (not SGI generation) */
	rd	S3_0_C4_C6_0		/* ICC_PMR_EL1 */
	rd	S3_0_C12_C12_0		/* ICC_IAR1_EL1 */
	rd	S3_0_C12_C11_3		/* ICC_RPR_EL1 */
	rd	S3_0_C12_C12_4		/* ICC_CTLR_EL1 */
	rd	S3_0_C12_C12_5		/* ICC_SRE_EL1 */
	/* 23..25: EL1 registers a guest owns */
	rd	tpidr_el1
	wr	tpidr_el1
	rd	contextidr_el1
	/* 26..28: debug registers (the vCPU's own, switched with it) */
	rd	mdscr_el1
	wr	dbgbvr0_el1
	wr	oslar_el1
	/* 29..31: set/way cache maintenance (with HCR_EL2.VM, DC ISW cleans too) */
	op	"dc isw, x1"
	op	"dc csw, x1"
	op	"dc cisw, x1"
	/* 32..33: IMPLEMENTATION DEFINED (HCR_EL2.TIDCP: undefined for the guest) */
	rd	S3_0_C15_C0_0
	wr	S3_1_C15_C2_1
	/* 34..36: SGI generation (the kernel's vGIC emulates it: docs/vgic.md); values from
	 * sgi_value(): random INTIDs, target lists, affinities that name no vCPU, IRM */
	wr	S3_0_C12_C11_5		/* ICC_SGI1R_EL1 */
	wr	S3_0_C12_C11_6		/* ICC_ASGI1R_EL1 */
	wr	S3_0_C12_C11_7		/* ICC_SGI0R_EL1 */
	/* 37..43: the EL1 physical timer (the kernel emulates it: docs/timers.md) and its
	 * counter; deadlines from deadline(): the past, soon, the far future */
	rd	cntp_ctl_el0
	wr	cntp_ctl_el0
	rd	cntp_cval_el0
	wr	cntp_cval_el0
	rd	cntp_tval_el0
	wr	cntp_tval_el0
	rd	cntpct_el0
	/* 44..57: the PMU (hidden from guests: UNDEFINED, the kernel injects it) */
	rd	pmcr_el0
	wr	pmcr_el0
	rd	pmccntr_el0
	wr	pmselr_el0
	rd	pmxevcntr_el0
	wr	pmxevtyper_el0
	rd	pmevcntr0_el0
	wr	pmevtyper5_el0
	wr	pmcntenset_el0
	wr	pmintenclr_el1
	wr	pmovsclr_el0
	wr	pmuserenr_el0
	wr	pmccfiltr_el0
	wr	pmswinc_el0
	/* 58..61: RAS error records, LORegions, SCXTNUM_EL1 (hidden: UNDEFINED, trapped or not) */
	rd	S3_0_C5_C3_0		/* ERRIDR_EL1 */
	wr	S3_0_C5_C3_1		/* ERRSELR_EL1 */
	rd	S3_0_C10_C4_7		/* LORID_EL1 */
	rd	S3_0_C13_C0_7		/* SCXTNUM_EL1 */
	/* 62: a read of the write-only ICC_SGI1R_EL1 (UNDEFINED) */
	rd	S3_0_C12_C11_5
	/* FIRST_STOP_CLASS = 63: registers whose traps the VMM answers by stopping the guest
	 * (docs/vmm.md "Other traps"); only ever a run's last operation. */
	/* stop 0..1: ACTLR_EL1 (HCR_EL2.TACR) */
	rd	actlr_el1
	wr	actlr_el1
	.globl	hg_sysreg_table_end
hg_sysreg_table_end:

/* void hg_access(u64 entry, u64 addr, u64 value): entry i of hg_access_table: loads and stores
 * of 1, 2, 4, 8 bytes and a pair, at addr. */
	.globl	hg_access
hg_access:
	adr	x3, hg_access_table
	add	x3, x3, x0, lsl #3
	br	x3
	.balign	8
hg_access_table:
	op	"ldrb w0, [x1]"
	op	"ldrh w0, [x1]"
	op	"ldr w0, [x1]"
	op	"ldr x0, [x1]"
	op	"strb w2, [x1]"
	op	"strh w2, [x1]"
	op	"str w2, [x1]"
	op	"str x2, [x1]"
	op	"ldp x4, x5, [x1]"
	op	"stp x2, x2, [x1]"
	op	"ldrsb x0, [x1]"
	op	"ldrsh w0, [x1]"

/* void hg_undef(u64 entry): entry i of hg_undef_table: instructions that are undefined (or
 * take a debug exception) at EL1 here. */
	.globl	hg_undef
hg_undef:
	adr	x3, hg_undef_table
	add	x3, x3, x0, lsl #3
	br	x3
	.balign	8
hg_undef_table:
	op	"udf #0"
	op	"udf #0xffff"
	op	".inst 0xffffffff"
	op	".inst 0x00a00000"
	op	"hlt #0"
	op	"brk #0x42"
	op	"dcps1"
	op	"dcps3"
	op	".inst 0x04bf5020"	/* rdvl x0, #1: SVE, hidden (CPACR_EL1.ZEN set: traps to EL2) */
	op	".inst 0xd503477f"	/* smstart: SME, hidden (CPACR_EL1.SMEN set, likewise) */
