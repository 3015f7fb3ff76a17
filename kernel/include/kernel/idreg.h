/* The ID registers guests and components read: one field-by-field table (kernel/idreg.c) turns
 * the hardware's values into what Warden supports, once at boot. Portable; host-tested. */
#ifndef KERNEL_IDREG_H
#define KERNEL_IDREG_H
#include <warden/types.h>

/* The ID register space: op0 3, op1 0, CRn 0, CRm 0..7, op2 0..7 (Arm ARM D23.3.1). */
#define IDREG_COUNT 64
#define IDREG_INDEX(crm, op2) ((u32)(crm) << 3 | (u32)(op2))

/* What a field shows. Every bit no field covers reads as zero: RES0 bits, fields of features
 * this table does not know (newer than it), so a new CPU never shows a guest more than Warden
 * was written for. */
enum idreg_policy {
	IDF_EXACT, /* the hardware's value: the state is switched or the feature has none */
	IDF_LOWER, /* min(hardware, value): an unsigned field capped at what Warden supports */
	IDF_SET,   /* always `value`: the feature is hidden (value is its "not implemented") */
};

struct idreg_field {
	u8 shift, width, policy, value;
	const char *name, *why;
};

struct idreg_desc {
	u8 crm, op2;
	bool aarch32; /* describes AArch32 state: zero when guests have no AArch32 at EL0 */
	u8 nfields;
	const char *name;
	const struct idreg_field *fields;
	const char *why; /* for a register without fields: why it reads as zero */
};

extern const struct idreg_desc idreg_table[];
extern const u32 idreg_table_len;

/* The table entry of an encoding (CRm 1..7), or NULL: an unallocated encoding, RAZ. */
const struct idreg_desc *idreg_find(u32 crm, u32 op2);
/* One register's value under the table's fields. */
u64 idreg_sanitize(const struct idreg_desc *d, u64 hw);
/* All of them: hw[] holds the hardware's value of each table register (indexed by
 * IDREG_INDEX), out[] receives what guests and components see (zero where nothing is). */
void idreg_compute(const u64 hw[IDREG_COUNT], u64 out[IDREG_COUNT]);

/* A trapped system-register access (ISS of EC 0x18) that the ID registers seen[] (what guests
 * read, indexed by IDREG_INDEX) make UNDEFINED: a register of a feature they show absent (the
 * PMU, RAS error records, LORegions, SCXTNUM_ELx: the architecture leaves such encodings
 * unallocated), or a read of a write-only SGI register (ICC_SGI1R/ASGI1R/SGI0R_EL1). The
 * kernel answers those with an Undefined Instruction exception (docs/registers.md). */
bool idreg_access_undefined(const u64 seen[IDREG_COUNT], u64 iss);
/* A trap of exception class ec that the ID registers seen[] make UNDEFINED: an SVE or SME
 * instruction or register access (EC 0x19, 0x1d; CPTR_EL2.TZ, TSM) where they show no SVE or
 * no SME. */
bool idreg_trap_class_undefined(const u64 seen[IDREG_COUNT], u32 ec);

/* arch/aarch64/idreg.c: the run-time side. */
struct tcb;
void idreg_init(void);			    /* reads the hardware, computes the values; at boot */
u64 idreg_value(u32 crm, u32 op2);	    /* what guests and components read (CRm 1..7) */
bool idreg_emulate(struct tcb *t, u64 iss); /* a trapped MRS of the ID space: answered */
bool idreg_undefined(u64 iss);		    /* idreg_access_undefined with what guests see */
bool idreg_trap_undefined(u64 esr);	    /* idreg_trap_class_undefined, likewise */

/* Field extraction for the code that acts on a field the table exposes. */
static inline u32 idreg_field_get(u64 reg, u32 shift)
{
	return (u32)(reg >> shift) & 0xf;
}

/* Fields read by name elsewhere (kernel and tests). */
#define ID_AA64PFR0_EL0_SHIFT 0
#define ID_AA64PFR0_SVE_SHIFT 32
#define ID_AA64DFR0_PMUVER_SHIFT 8
#define ID_AA64PFR0_RAS_SHIFT 28
#define ID_AA64PFR0_CSV2_SHIFT 56
#define ID_AA64PFR1_CSV2_FRAC_SHIFT 32
#define ID_AA64PFR1_SME_SHIFT 24
#define ID_AA64MMFR1_LO_SHIFT 16
#define IDREG_ID_AA64PFR0 IDREG_INDEX(4, 0)
#define IDREG_ID_AA64PFR1 IDREG_INDEX(4, 1)
#define IDREG_ID_AA64ZFR0 IDREG_INDEX(4, 4)
#define IDREG_ID_AA64SMFR0 IDREG_INDEX(4, 5)
#define IDREG_ID_AA64DFR0 IDREG_INDEX(5, 0)
#define IDREG_ID_AA64ISAR1 IDREG_INDEX(6, 1)
#define IDREG_ID_AA64MMFR0 IDREG_INDEX(7, 0)
#define IDREG_ID_AA64MMFR1 IDREG_INDEX(7, 1)

#endif
