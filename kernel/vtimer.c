/* The guests' timers and WFI (docs/timers.md; kernel/include/kernel/vgic.h has the contract with
 * the vGIC).
 *
 * The EL1 virtual timer runs in the hardware while its vCPU is loaded: its output is physical
 * PPI 27. Exact level emulation: when PPI 27 fires, the kernel masks it at the redistributor
 * (never in the guest's CNTV_CTL, whose IMASK stays what the guest wrote) and drives the
 * vCPU's virtual line high; the line is re-sampled from CNTV_CTL when the guest deactivates the
 * interrupt (vtimer_line_eoi), on load and save, on WFI and at the tick, and once low, PPI 27
 * is unmasked again. While the vCPU is not loaded, an armed timer's deadline (CVAL + CNTVOFF,
 * CNTVOFF being 0) waits in the software timer queue.
 *
 * The EL1 physical timer traps (CNTHCTL_EL2.EL1PCEN = 0) and is emulated here: CTL and CVAL
 * per vCPU, TVAL a signed 32-bit view of CVAL, ISTATUS computed, its deadline always in the
 * queue; its line is PPI 30. */
#include <kernel/gic.h>
#include <kernel/gtimer.h>
#include <kernel/ipc.h>
#include <kernel/kernel.h>
#include <kernel/sysreg.h>
#include <kernel/thread.h>
#include <kernel/timer.h>
#include <kernel/vcpu.h>
#include <kernel/vgic.h>
#include <kernel/vtimer.h>

/* ISS of EC 0x18 without Rt and the direction: Op0 3, Op1 3, CRn 14, CRm 2, Op2 as given. */
#define ISS_REG_MASK (~(0x1full << 5 | 1ull) & 0x1ffffffull)
#define ISS_CNTP(op2) (3ull << 20 | (u64)(op2) << 17 | 3ull << 14 | 14ull << 10 | 2ull << 1)
#define ISS_CNTP_TVAL ISS_CNTP(0)
#define ISS_CNTP_CTL ISS_CNTP(1)
#define ISS_CNTP_CVAL ISS_CNTP(2)

static bool ppi27_masked; /* physical PPI 27 at this CPU's redistributor */

static void mask_ppi27(bool masked)
{
	if (masked == ppi27_masked)
		return;
	if (masked)
		gic_disable_irq(VTIMER_INTID);
	else
		gic_enable_irq(VTIMER_INTID, false);
	ppi27_masked = masked;
}

void vcpu_kick(struct tcb *v)
{
	if (v->state == THREAD_BLOCKED_WFI && vgic_has_pending(v))
		thread_wake(v);
}

/* Drives a line into the vGIC: on every change, and again while it stays high (the vGIC makes a
 * level interrupt pending again once the guest deactivates it). */
static void drive(struct tcb *t, u32 intid, bool *line, bool level)
{
	bool rose = level && !*line;

	if (level == *line && !level)
		return;
	*line = level;
	vgic_set_level(t, intid, level);
	if (rose)
		vcpu_kick(t);
}

/* --- the virtual timer ---------------------------------------------------------------------- */

static bool vtimer_level(struct tcb *t)
{
	struct vcpu *v = t->vcpu;

	if (v->loaded) {
		isb();
		u64 ctl = read_sysreg(cntv_ctl_el0);
		return (ctl & (CNT_CTL_ENABLE | CNT_CTL_IMASK | CNT_CTL_ISTATUS)) ==
		       (CNT_CTL_ENABLE | CNT_CTL_ISTATUS);
	}
	return gtimer_level(v->sysregs[SRI_CNTV_CTL_EL0], v->sysregs[SRI_CNTV_CVAL_EL0],
			    timer_now());
}

static void vtimer_sample(struct tcb *t)
{
	struct vcpu_timers *tm = &t->vcpu->timers;

	drive(t, VTIMER_INTID, &tm->vline, vtimer_level(t));
	if (t->vcpu->loaded)
		mask_ppi27(tm->vline);
}

void vtimer_phys_irq(void)
{
	struct vcpu *v = vcpu_loaded_now;

	if (!v) {
		/* Left over from a vCPU unloaded since (its CNTV_CTL was cleared): nothing. */
		return;
	}
	vtimer_sample(v->thread);
}

void vtimer_loaded(struct tcb *t)
{
	timer_remove(&t->vcpu->timers.vtimer_due);
	vtimer_sample(t);
}

void vtimer_saved(struct tcb *t)
{
	struct vcpu *v = t->vcpu;
	u64 deadline = gtimer_deadline(v->sysregs[SRI_CNTV_CTL_EL0], v->sysregs[SRI_CNTV_CVAL_EL0]);

	vtimer_sample(t);
	if (!v->timers.vline && deadline != TIMER_NEVER)
		timer_add(&v->timers.vtimer_due, deadline);
}

void vtimer_cpu_cleared(void)
{
	mask_ppi27(false);
}

void vtimer_tick(void)
{
	struct vcpu *v = vcpu_loaded_now;

	if (v && v->timers.vline)
		vtimer_sample(v->thread);
}

/* --- the emulated physical timer ------------------------------------------------------------ */

static void ptimer_sample(struct tcb *t)
{
	struct vcpu_timers *tm = &t->vcpu->timers;
	u64 now = timer_now(), deadline = gtimer_deadline(tm->cntp_ctl, tm->cntp_cval);
	bool level = gtimer_level(tm->cntp_ctl, tm->cntp_cval, now);

	drive(t, PTIMER_INTID, &tm->pline, level);
	if (!level && deadline != TIMER_NEVER)
		timer_add(&tm->ptimer_due, deadline);
	else
		timer_remove(&tm->ptimer_due);
}

bool vtimer_sysreg(struct tcb *t, u64 iss)
{
	struct vcpu_timers *tm = &t->vcpu->timers;
	u64 reg = iss & ISS_REG_MASK, now = timer_now(), value = 0;
	u32 rt = (iss >> 5) & 0x1f;
	bool read = iss & 1;

	if (reg != ISS_CNTP_TVAL && reg != ISS_CNTP_CTL && reg != ISS_CNTP_CVAL)
		return false;
	if (!read && rt != 31)
		value = t->regs.x[rt];
	if (reg == ISS_CNTP_CTL) {
		if (read)
			value = gtimer_ctl_read(tm->cntp_ctl, tm->cntp_cval, now);
		else
			tm->cntp_ctl = gtimer_ctl_write(value);
	} else if (reg == ISS_CNTP_CVAL) {
		if (read)
			value = tm->cntp_cval;
		else
			tm->cntp_cval = value;
	} else {
		if (read)
			value = gtimer_tval_read(tm->cntp_cval, now);
		else
			tm->cntp_cval = gtimer_cval_from_tval(value, now);
	}
	if (read && rt != 31)
		t->regs.x[rt] = value;
	if (!read)
		ptimer_sample(t);
	t->regs.pc += 4;
	return true;
}

/* --- both --------------------------------------------------------------------------------- */

static void vtimer_due(struct timer_event *e)
{
	vtimer_sample(e->owner);
}

static void ptimer_due(struct timer_event *e)
{
	ptimer_sample(e->owner);
}

void vtimer_create(struct tcb *t)
{
	struct vcpu_timers *tm = &t->vcpu->timers;

	t->vcpu->thread = t;
	tm->vtimer_due.fire = vtimer_due;
	tm->vtimer_due.owner = t;
	tm->ptimer_due.fire = ptimer_due;
	tm->ptimer_due.owner = t;
}

void vtimer_reset(struct tcb *t)
{
	struct vcpu_timers *tm = &t->vcpu->timers;

	timer_remove(&tm->vtimer_due);
	timer_remove(&tm->ptimer_due);
	tm->cntp_ctl = tm->cntp_cval = 0;
	drive(t, VTIMER_INTID, &tm->vline, false);
	drive(t, PTIMER_INTID, &tm->pline, false);
}

void vtimer_resample(struct tcb *t)
{
	vtimer_sample(t);
	ptimer_sample(t);
}

void vtimer_line_eoi(struct tcb *v, u32 intid)
{
	if (intid == VTIMER_INTID)
		vtimer_sample(v);
	else if (intid == PTIMER_INTID)
		ptimer_sample(v);
}

bool vtimer_can_wake(void)
{
	for (u32 i = 0; i < thread_count; i++) {
		struct tcb *t = all_threads[i];
		if (t->state != THREAD_BLOCKED_WFI)
			continue;
		struct vcpu *v = t->vcpu;
		if (v->timers.vtimer_due.queued || v->timers.ptimer_due.queued)
			return true;
		if (v->loaded && gtimer_deadline(read_sysreg(cntv_ctl_el0), 0) != TIMER_NEVER)
			return true; /* armed in the hardware: PPI 27 will fire */
	}
	return false;
}
