/* Exceptions from EL0 and from the kernel itself: system calls, faults, interrupts, and the
 * panic report for anything the kernel did not expect. */
#include <kernel/console.h>
#include <kernel/fpsimd.h>
#include <kernel/gic.h>
#include <kernel/ipc.h>
#include <kernel/kernel.h>
#include <kernel/sysreg.h>
#include <kernel/timer.h>
#include <kernel/vcpu.h>
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
	system_off();
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
	fpsimd_forget(t);
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

static void dispatch_irq(void)
{
	u32 intid = gic_ack();

	if (intid >= GIC_SPURIOUS)
		return;
	if (intid == VTIMER_INTID) {
		vcpu_vtimer_irq();
		gic_eoi(intid);
		return;
	}
	if (intid == timer_intid()) {
		timer_rearm();
		gic_eoi(intid);
		sched_preempt();
		return;
	}
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
