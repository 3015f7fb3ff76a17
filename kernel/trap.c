/* Exceptions from EL0 and from the kernel itself: system calls, faults, interrupts, and the
 * panic report for anything the kernel did not expect. */
#include <kernel/console.h>
#include <kernel/fpsimd.h>
#include <kernel/gic.h>
#include <kernel/idreg.h>
#include <kernel/ipc.h>
#include <kernel/kernel.h>
#include <kernel/thread.h>
#include <kernel/sysreg.h>
#include <kernel/serror.h>
#include <kernel/timer.h>
#include <kernel/vcpu.h>
#include <kernel/vtimer.h>
#include <kernel/vgic.h>
#include <warden/syscall.h>

static const char *ec_name(u64 ec)
{
	switch (ec) {
	case EC_UNKNOWN:
		return "unknown/undefined instruction";
	case EC_FP_ASIMD:
		return "FP/SIMD access";
	case EC_SVC64:
		return "SVC";
	case EC_HVC64:
		return "HVC";
	case EC_SMC64:
		return "SMC";
	case EC_SYSREG:
		return "system register access";
	case EC_IABT_LOW:
		return "instruction abort from a lower EL";
	case EC_IABT_CUR:
		return "instruction abort at EL2";
	case EC_PC_ALIGN:
		return "PC alignment";
	case EC_DABT_LOW:
		return "data abort from a lower EL";
	case EC_DABT_CUR:
		return "data abort at EL2";
	case EC_SP_ALIGN:
		return "SP alignment";
	case EC_BRK:
		return "BRK";
	case EC_SERROR:
		return "SError";
	default:
		return "other";
	}
}

void dump_regs(const struct regs *r)
{
	for (int i = 0; i < 31; i += 2) {
		if (i == 30)
			kprintf("  x30 %016lx  sp  %016lx\n", r->x[30], r->sp);
		else
			kprintf("  x%-2d %016lx  x%-2d %016lx\n", i, r->x[i], i + 1, r->x[i + 1]);
	}
	kprintf("  pc  %016lx  spsr %08lx\n", r->pc, r->spsr);
}

/* The kernel itself faulted: print everything and stop the machine. */
NORETURN void kernel_fault(u64 *frame, u64 esr, u64 far)
{
	kprintf("\nKERNEL PANIC: %s at EL2\n", ec_name(ESR_EC(esr)));
	kprintf("  ESR %016lx (EC 0x%lx)  ELR %016lx  FAR %016lx  SPSR %016lx\n", esr, ESR_EC(esr),
		frame[31], far, frame[32]);
	for (int i = 0; i < 30; i += 2)
		kprintf("  x%-2d %016lx  x%-2d %016lx\n", i, frame[i], i + 1, frame[i + 1]);
	kprintf("  x30 %016lx\n", frame[30]);
	panic_off();
}

/* The kernel took an FIQ (kind 0) or an SError (kind 1) at EL2; it masks both, so this means
 * the hardware or the firmware misbehaves. */
NORETURN void kernel_async_fault(u64 *frame, u64 kind, u64 esr)
{
	kprintf("\nKERNEL PANIC: %s at EL2\n", kind ? "SError" : "FIQ");
	kprintf("  ESR %016lx  ELR %016lx  FAR %016lx  SPSR %016lx\n", kind ? esr : 0, frame[31],
		read_sysreg(far_el2), frame[32]);
	panic_off();
}

static void report_fault(struct tcb *t, u64 esr, u64 addr)
{
	kprintf("warden: thread '%s' faulted: %s\n", t->name, ec_name(ESR_EC(esr)));
	kprintf("  ESR %016lx (EC 0x%lx)  ELR %016lx  FAR %016lx  SPSR %016lx\n", esr, ESR_EC(esr),
		t->regs.pc, addr, t->regs.spsr);
	dump_regs(&t->regs);
}

void thread_fault(struct tcb *t, u64 label, u64 addr, u64 esr)
{
	if (t->fault_ep) {
		t->fault_msg[0] = t->regs.pc;
		t->fault_msg[1] = addr;
		t->fault_msg[2] = esr;
		ipc_send_fault(t, label, 3);
		return;
	}
	report_fault(t, esr, addr);
	thread_stop(t, "fault with no fault handler");
}

/* An EL0 MRS of an ID register traps with FEAT_IDST (EC 0x18, kernel/arch/aarch64/idreg.c
 * answers it with the sanitized value); before FEAT_IDST (ARMv8.0 CPUs) it is simply undefined:
 * decode it from the instruction into the EC 0x18 syndrome form and answer it the same way. */
static bool emulate_undefined_mrs(struct tcb *t)
{
	u64 pa = (t->regs.pc & 3) ? 0 : aspace_lookup(t->as, t->regs.pc);
	u32 insn = pa ? *(volatile u32 *)pa : 0;

	if ((insn & 0xfff00000u) != 0xd5300000u) /* MRS Xt, <system register> */
		return false;
	u64 op0 = 2 + ((insn >> 19) & 1), op1 = (insn >> 16) & 7, crn = (insn >> 12) & 0xf;
	u64 crm = (insn >> 8) & 0xf, op2 = (insn >> 5) & 7, rt = insn & 0x1f;
	u64 iss = op0 << 20 | op2 << 17 | op1 << 14 | crn << 10 | rt << 5 | crm << 1 | 1;
	return idreg_emulate(t, iss);
}

struct tcb *handle_lower_sync(struct regs *r, u64 esr)
{
	struct tcb *t = current;
	u64 ec = ESR_EC(esr);

	if (t->vcpu)
		return vcpu_trap(t, esr);
	switch (ec) {
	case EC_SVC64:
		return handle_syscall(t, esr & 0xffff);
	case EC_FP_ASIMD:
		fpsimd_trap(t);
		return t;
	case EC_SYSREG:
		if (idreg_emulate(t, ESR_ISS(esr)))
			return t;
		thread_fault(t, FAULT_UNDEFINED, 0, esr);
		break;
	case EC_UNKNOWN:
		if (emulate_undefined_mrs(t))
			return t;
		thread_fault(t, FAULT_UNDEFINED, 0, esr);
		break;
	case EC_DABT_LOW:
		thread_fault(t, FAULT_DATA_ABORT, read_sysreg(far_el2), esr);
		break;
	case EC_IABT_LOW:
		thread_fault(t, FAULT_INSTR_ABORT, read_sysreg(far_el2), esr);
		break;
	default:
		thread_fault(t, FAULT_UNDEFINED, read_sysreg(far_el2), esr);
		break;
	}
	return schedule();
}

struct tcb *handle_lower_bad(struct regs *r, u64 esr)
{
	thread_fault(current, FAULT_UNDEFINED, 0, esr);
	return schedule();
}

static const char *running(const struct tcb *t)
{
	return t->vcpu ? "guest vCPU" : "component";
}

/* A physical FIQ while a lower EL ran. The kernel uses none: with this project's monitor every
 * interrupt is non-secure Group 1 (an IRQ), and secure or Group 0 interrupts belong to EL3
 * (SCR_EL3.FIQ). It is nobody's fault at EL0/EL1 and the kernel cannot acknowledge it (a Group 0
 * interrupt's registers are not the non-secure world's): left pending it would be taken again
 * at once, so the system stops with the evidence. */
NORETURN struct tcb *handle_lower_fiq(struct regs *r)
{
	struct tcb *t = current;

	kprintf("\nKERNEL PANIC: physical FIQ taken while %s '%s' ran; this kernel handles no "
		"FIQs (secure and Group 0 interrupts must be routed to EL3 by the firmware)\n",
		running(t), t->name);
	kprintf("  ESR %016lx  ELR %016lx  FAR %016lx  SPSR %016lx  ISR_EL1 %lx\n",
		read_sysreg(esr_el2), r->pc, read_sysreg(far_el2), r->spsr, read_sysreg(isr_el1));
	panic_off();
}

/* An SError while a lower EL ran (docs/syscalls.md, "Asynchronous exceptions"): reported as a
 * kernel event, given to the guest that ran where it can only be that guest's, never delivered
 * as the running thread's fault. */
struct tcb *handle_lower_serror(struct regs *r, u64 esr)
{
	struct tcb *t = current;
	bool ras = ((read_sysreg(id_aa64pfr0_el1) >> 28) & 0xf) != 0;
	bool guest = t->vcpu && vcpu_guest_mode_on();
	const char *severity = serror_severity(esr, ras);

	switch (serror_classify(esr, ras, guest)) {
	case SERROR_LOG:
		kprintf("warden: SError (%s) while %s '%s' ran: ESR %lx ELR %lx; resumed\n",
			severity, running(t), t->name, esr, r->pc);
		return t;
	case SERROR_INJECT:
		kprintf("warden: SError (%s) while guest vCPU '%s' ran: ESR %lx ELR %lx; given to "
			"the guest as a virtual SError\n",
			severity, t->name, esr, r->pc);
		vcpu_inject_serror(t, ras ? ESR_ISS(esr) : 0);
		return t;
	default:
		kprintf(
		    "\nKERNEL PANIC: SError (%s) while %s '%s' ran; the system's state cannot be "
		    "trusted and the error cannot be charged to one context\n",
		    severity, running(t), t->name);
		kprintf("  ESR %016lx  ELR %016lx  FAR %016lx  SPSR %016lx\n", esr, r->pc,
			read_sysreg(far_el2), r->spsr);
		panic_off();
	}
}

static void dispatch_irq(void)
{
	u32 intid = gic_ack();

	if (intid >= GIC_SPURIOUS)
		return;
	if (intid == VTIMER_INTID) {
		vtimer_phys_irq();
		gic_eoi(intid);
		return;
	}
	if (intid == VGIC_MAINT_INTID) {
		vgic_maintenance_irq();
		gic_eoi(intid);
		return;
	}
	if (intid == timer_intid()) {
		bool tick = timer_irq();
		gic_eoi(intid);
		if (tick) {
			vtimer_tick();
			console_poll();
			sched_preempt();
		}
		return;
	}
	if (!console_irq(intid))
		irq_deliver(intid);
	gic_eoi(intid);
}

struct tcb *handle_lower_irq(struct regs *r)
{
	dispatch_irq();
	return schedule();
}

void handle_kernel_irq(void)
{
	dispatch_irq();
}
