/* Kernel test, the fault handler and TCB invocations. It receives ktest-fault-victim's fault
 * messages, checks them against the victim's registers and resumes it; then suspends and
 * resumes ktest-worker. Slots: 1 own CNode, 2 fault endpoint (receive), 3 victim's TCB,
 * 4 worker's TCB, 5 notification the worker signals, 6 notification ktest-signal signals. */
#include <warden/check.h>

#define FAULT_EP 2
#define VICTIM 3
#define WORKER 4
#define WAKE 5
#define WAKE_IDLE 6
#define SHARED ((volatile u64 *)0x20000000)
#define COUNT 0
#define STOP 1
#define UNMAPPED 0x30000000ul
#define ESR_EC(esr) ((esr) >> 26)

static void expect(long st, long want, const char *name)
{
	check(st == want, name, "%s, expected %s", w_strerror(st), w_strerror(want));
}

/* Receives one fault and checks label, badge and the victim's pc. */
static bool take_fault(struct msg *m, u64 label, const char *name)
{
	u64 pc = 0;
	long st = w_recv(FAULT_EP, m);

	if (st == WARDEN_OK)
		st = w_tcb_read_regs(VICTIM, TCB_REG_PC, 1, &pc);
	return check(st == WARDEN_OK && MSG_LABEL(m->info) == label && m->badge == 0xf &&
			 MSG_LEN(m->info) == 3 && m->mr[0] == pc,
		     name, "%s label %lx badge %lx len %lu pc %lx (MR0 %lx)", w_strerror(st),
		     MSG_LABEL(m->info), m->badge, MSG_LEN(m->info), pc, m->mr[0]);
}

static void resume_at(u64 pc, const char *name)
{
	struct msg r = {.info = 0};

	expect(w_tcb_write_regs(VICTIM, TCB_REG_PC, 1, &pc), WARDEN_OK, "kernel TCB write pc");
	expect(w_reply(&r), WARDEN_OK, name);
}

static void faults(void)
{
	struct msg m;
	u64 regs[TCB_REG_COUNT];

	if (take_fault(&m, FAULT_DATA_ABORT, "kernel data abort fault message")) {
		check(m.mr[1] == UNMAPPED && ESR_EC(m.mr[2]) == 0x24,
		      "kernel data abort address and ESR", "addr %lx esr %lx", m.mr[1], m.mr[2]);
		long st = w_tcb_read_regs(VICTIM, 0, TCB_REG_COUNT, regs);
		check(st == WARDEN_OK && regs[1] == UNMAPPED && regs[TCB_REG_PC] == m.mr[0] &&
			  regs[TCB_REG_SP] > 0x0f000000 && regs[TCB_REG_SP] <= 0x10000000,
		      "kernel TCB read all registers", "%s x1 %lx pc %lx sp %lx", w_strerror(st),
		      regs[1], regs[TCB_REG_PC], regs[TCB_REG_SP]);
		u64 x0 = 0x5afe;
		expect(w_tcb_write_regs(VICTIM, 0, 1, &x0), WARDEN_OK, "kernel TCB write x0");
		resume_at(m.mr[0] + 4, "kernel Reply to a data abort");
	}
	if (take_fault(&m, FAULT_UNKNOWN_SYSCALL, "kernel unknown syscall fault message")) {
		check(m.mr[1] == 77 && ESR_EC(m.mr[2]) == 0x15 && (m.mr[2] & 0xffff) == 77,
		      "kernel unknown syscall number and ESR", "nr %lu esr %lx", m.mr[1], m.mr[2]);
		resume_at(m.mr[0], "kernel Reply to an unknown syscall");
	}
	if (take_fault(&m, FAULT_INSTR_ABORT, "kernel instruction abort fault message")) {
		u64 lr = 0;
		w_tcb_read_regs(VICTIM, 30, 1, &lr);
		check(m.mr[0] == UNMAPPED && m.mr[1] == UNMAPPED && ESR_EC(m.mr[2]) == 0x20,
		      "kernel instruction abort address and ESR", "pc %lx addr %lx esr %lx",
		      m.mr[0], m.mr[1], m.mr[2]);
		resume_at(lr, "kernel Reply to an instruction abort");
	}
	if (take_fault(&m, FAULT_UNDEFINED, "kernel undefined instruction fault message")) {
		check(ESR_EC(m.mr[2]) == 0, "kernel undefined instruction ESR", "esr %lx", m.mr[2]);
		struct msg r = {.info = MSG_INFO(0, 0, 4), .mr = {FAULT_REPLY_ADVANCE, 5, 1, 0x77}};
		expect(w_reply(&r), WARDEN_OK, "kernel fault Reply setting x5 and advancing");
	}
}

static void tcb_ops(void)
{
	u64 word = 0, v[2];

	expect(w_tcb_read_regs(VICTIM, 30, 4, v), WARDEN_RANGE_ERROR,
	       "kernel TCB read past the last register refused");
	expect(w_invoke(VICTIM, 99, NULL, 0, NULL, 0), WARDEN_ILLEGAL_OPERATION,
	       "kernel unknown TCB label refused");
	expect(w_tcb_suspend(1), WARDEN_ILLEGAL_OPERATION, "kernel TCB Suspend on a CNode refused");

	w_wait(WAKE, &word); /* the victim finishes; the worker counts and signals */
	expect(w_tcb_resume(WORKER), WARDEN_ILLEGAL_OPERATION,
	       "kernel Resume of a running thread refused");
	expect(w_tcb_suspend(WORKER), WARDEN_OK, "kernel TCB Suspend");
	u64 c1 = SHARED[COUNT];
	/* Only ktest-signal, below the worker's priority, wakes us: it runs only if the worker
	 * really stopped. */
	w_wait(WAKE_IDLE, &word);
	u64 c2 = SHARED[COUNT];
	check(c1 == c2 && c1 >= 100000, "kernel suspended thread does not run",
	      "count %lu then %lu", c1, c2);
	expect(w_tcb_resume(WORKER), WARDEN_OK, "kernel TCB Resume");
	w_wait(WAKE, &word);
	u64 c3 = SHARED[COUNT];
	check(c3 > c2, "kernel resumed thread runs again", "count %lu then %lu", c2, c3);
	SHARED[STOP] = 1;
}

int main(void)
{
	faults();
	tcb_ops();
	return 0;
}
