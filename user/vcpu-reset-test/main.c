/* System test of VCPU_RESET (tests/system/vm-reset-reply.xml): this component stands in for the
 * VM's VMM. It takes the guest's first trap, resets the vCPU while that trap waits for its reply,
 * then replies anyway (registers and a PC advance): the reply must not reach the fresh context.
 * The vCPU, resumed, must trap exactly as it did the first time. */
#include <warden/check.h>
#include <warden/vmm_config.h>
#include <warden/warden.h>

#define VCPU VMM_SLOT_VCPU_BASE
#define TCB VMM_SLOT_TCB_BASE

static struct msg m;

int main(void)
{
	const struct vmm_config *cfg = (const struct vmm_config *)VMM_CONFIG_VADDR;
	u64 first[VFAULT_LEN], label;

	/* Every vCPU starts suspended (a VMM starts vCPU 0 when it has prepared the guest's RAM;
	 * the boot spec already holds this guest's image). */
	long st = w_tcb_resume(TCB);
	check(st == WARDEN_OK, "start-vcpu0", "%s", w_strerror(st));
	st = w_recv(VMM_SLOT_FAULT_EP, &m);
	check(st == WARDEN_OK && MSG_LEN(m.info) == VFAULT_LEN, "first-trap", "%s, length %lu",
	      w_strerror(st), (u64)MSG_LEN(m.info));
	label = MSG_LABEL(m.info);
	for (u32 i = 0; i < VFAULT_LEN; i++)
		first[i] = m.mr[i];
	w_printf("vcpu-reset-test: first trap: label 0x%lx, ESR 0x%lx, PC 0x%lx\n", label,
		 first[VFAULT_ESR], first[VFAULT_PC]);

	/* Reset while the trap waits for its reply: the vCPU is left suspended. */
	u64 a[2] = {cfg->entry, cfg->dtb};
	st = w_invoke(VCPU, VCPU_RESET, a, 2, NULL, 0);
	check(st == WARDEN_OK, "reset-during-fault", "%s", w_strerror(st));

	/* The late reply: x0 = 0xbad, x1 = 0xbad, skip an instruction. */
	m.mr[FAULT_REPLY_FLAGS] = FAULT_REPLY_ADVANCE;
	m.mr[FAULT_REPLY_FIRST] = 0;
	m.mr[FAULT_REPLY_COUNT] = 2;
	m.mr[FAULT_REPLY_VALUES] = 0xbad;
	m.mr[FAULT_REPLY_VALUES + 1] = 0xbad;
	m.info = MSG_INFO(0, 0, FAULT_REPLY_VALUES + 2);
	st = w_reply(&m);
	check(st == WARDEN_NO_REPLY, "late-reply-refused", "%s, want NO_REPLY", w_strerror(st));

	/* Still suspended: nothing from it until it is resumed. */
	st = w_nbrecv(VMM_SLOT_FAULT_EP, &m);
	check(st == WARDEN_WOULD_BLOCK, "reset-vcpu-stays-suspended", "%s", w_strerror(st));
	u64 regs[2];
	st = w_tcb_read_regs(TCB, TCB_REG_PC, 1, regs);
	check(st == WARDEN_OK && regs[0] == cfg->entry, "reset-pc-is-entry",
	      "%s, PC 0x%lx, entry 0x%lx", w_strerror(st), regs[0], cfg->entry);
	st = w_tcb_read_regs(TCB, 0, 2, regs);
	check(st == WARDEN_OK && regs[0] == cfg->dtb && regs[1] == 0, "reset-x0-is-dtb",
	      "%s, x0 0x%lx x1 0x%lx", w_strerror(st), regs[0], regs[1]);

	st = w_tcb_resume(TCB);
	check(st == WARDEN_OK, "resume-after-reset", "%s", w_strerror(st));
	st = w_recv(VMM_SLOT_FAULT_EP, &m);
	bool same = st == WARDEN_OK && MSG_LABEL(m.info) == label;
	for (u32 i = 0; same && i < VFAULT_LEN; i++)
		same = m.mr[i] == first[i];
	check(same, "fresh-context-traps-as-before",
	      "%s, label 0x%lx, ESR 0x%lx, PC 0x%lx, x0 0x%lx", w_strerror(st),
	      (u64)MSG_LABEL(m.info), m.mr[VFAULT_ESR], m.mr[VFAULT_PC], m.mr[VFAULT_X0]);

	w_tcb_suspend(TCB);
	w_printf("vcpu-reset-test: %d failures\n[DONE]\n", check_failures);
	return check_failures;
}
