/* ID registers at run time: the hardware's values read once at boot and sanitized by the table
 * (kernel/idreg.c); a guest's reads trap with HCR_EL2.TID3, a component's always trap (EL0),
 * and both get the sanitized values here, in the kernel, without a message to anyone. */
#include <kernel/idreg.h>
#include <kernel/kernel.h>
#include <kernel/vcpu.h>
#include <kernel/sysreg.h>

static u64 idreg_values[IDREG_COUNT];

#define RD(crm, op2)                                                                               \
	case IDREG_INDEX(crm, op2):                                                                \
		return read_sysreg(S3_0_C0_C##crm##_##op2)
#define RD8(crm)                                                                                   \
	RD(crm, 0);                                                                                \
	RD(crm, 1);                                                                                \
	RD(crm, 2);                                                                                \
	RD(crm, 3);                                                                                \
	RD(crm, 4);                                                                                \
	RD(crm, 5);                                                                                \
	RD(crm, 6);                                                                                \
	RD(crm, 7)

/* The hardware's value of an encoding with CRm 1..7 (the space is RAZ where unallocated). */
static u64 read_hw_idreg(u32 index)
{
	switch (index) {
		RD8(1);
		RD8(2);
		RD8(3);
		RD8(4);
		RD8(5);
		RD8(6);
		RD8(7);
	}
	return 0;
}

void idreg_init(void)
{
	u64 hw[IDREG_COUNT] = {0};

	for (u32 i = 0; i < idreg_table_len; i++) {
		u32 index = IDREG_INDEX(idreg_table[i].crm, idreg_table[i].op2);
		hw[index] = read_hw_idreg(index);
	}
	idreg_compute(hw, idreg_values);
	/* A guest's MIDR_EL1 reads VPIDR_EL2 (its reset value is not architected everywhere). */
	write_sysreg(vpidr_el2, read_sysreg(midr_el1));
}

bool idreg_undefined(u64 iss)
{
	return idreg_access_undefined(idreg_values, iss);
}

bool idreg_trap_undefined(u64 esr)
{
	return idreg_trap_class_undefined(idreg_values, (u32)ESR_EC(esr));
}

u64 idreg_value(u32 crm, u32 op2)
{
	return idreg_values[IDREG_INDEX(crm & 7, op2 & 7)];
}

/* An MRS in the ID space (ISS of EC 0x18: op0 3, op1 0, CRn 0, a read). CRm 0 holds MIDR,
 * MPIDR and REVIDR only (a guest reads them without a trap, from VPIDR/VMPIDR_EL2; a component
 * gets the hardware's); its other encodings are UNDEFINED: false, the caller reports it. */
bool idreg_emulate(struct tcb *t, u64 iss)
{
	u32 op0 = (iss >> 20) & 3, op2 = (iss >> 17) & 7, op1 = (iss >> 14) & 7;
	u32 crn = (iss >> 10) & 0xf, rt = (iss >> 5) & 0x1f, crm = (iss >> 1) & 0xf;
	u64 v;

	if (op0 != 3 || op1 != 0 || crn != 0 || crm > 7 || !(iss & 1))
		return false;
	if (crm != 0)
		v = idreg_values[IDREG_INDEX(crm, op2)];
	else if (op2 == 0)
		v = t->vcpu ? read_sysreg(vpidr_el2) : read_sysreg(midr_el1);
	else if (op2 == 5)
		v = t->vcpu ? t->vcpu->vmpidr : read_sysreg(mpidr_el1);
	else if (op2 == 6)
		v = read_sysreg(revidr_el1);
	else
		return false;
	if (rt != 31)
		t->regs.x[rt] = v;
	t->regs.pc += 4;
	return true;
}
