/* Kernel objects: capabilities, CNodes, threads, endpoints, notifications, address spaces. */
#ifndef KERNEL_OBJECT_H
#define KERNEL_OBJECT_H
#include <kernel/sysreg_table.h>
#include <kernel/vtimer.h>
#include <warden/bootspec.h>
#include <warden/syscall.h>
#include <warden/types.h>

/* A thread's user registers; vectors.S knows this layout (sp at 248, pc at 256). */
struct regs {
	u64 x[31];
	u64 sp;
	u64 pc;
	u64 spsr;
	/* Per-thread EL0 state (docs/registers.md, class "thread"): not saved on entry but
	 * switched when another thread takes the CPU (kernel/include/kernel/el0_state.h), which
	 * loads both words with one ldp. */
	u64 tpidr_el0;
	u64 pmuserenr;	 /* PMUSERENR_EL0: PMUSERENR_GRANTED for pmu="true", else 0 */
	u64 smc_variant; /* an SMC to run on the way back to the thread (vectors.S), or 0 */
	u64 reserved;	 /* keeps the frame a multiple of 16 bytes */
};

struct fp_state {
	__uint128_t q[32];
	u64 fpsr, fpcr;
} __attribute__((aligned(16)));

/* A capability. Copies and mints are children of their source in the derivation tree. */
struct cap {
	u8 type;       /* enum cap_type */
	u8 rights;     /* CAP_RIGHT_* */
	u16 smc_flags; /* CAP_SMC: CAP_SMC_* (kernel/include/kernel/cap.h), set at Mint */
	u32 reserved2;
	void *obj;
	union {
		u64 badge;
		struct {
			u32 first, last; /* CAP_SMC: inclusive function-ID range */
		} smc;
	};
	struct cap *parent, *child, *next, *prev; /* derivation tree */
	struct tcb *waiter; /* the thread blocked through this capability (kernel/thread.h) */
};

struct cnode {
	u32 bits;
	struct cap *slots;
};

struct aspace {
	u64 *root; /* stage-2 level-1 table (its kernel address is its physical address) */
	u16 vmid;
};

/* Thread states; kernel/thread.h has the transitions. The running thread is the READY one that
 * is `current` (and not on the run queue). */
enum thread_state {
	THREAD_INACTIVE, /* created, not started yet */
	THREAD_READY,
	THREAD_BLOCKED_SEND,  /* Send or Call waiting for a receiver */
	THREAD_BLOCKED_RECV,  /* Recv waiting for a sender */
	THREAD_BLOCKED_REPLY, /* Call delivered, waiting for the reply */
	THREAD_BLOCKED_NOTIF, /* Wait on a notification */
	THREAD_BLOCKED_WFI,   /* a vCPU in WFI with no interrupt pending (kernel/vtimer.c) */
	THREAD_SUSPENDED,     /* stopped by a TCB invocation */
	THREAD_STOPPED,	      /* exited, or faulted with nobody to handle it */
};

struct endpoint;
struct notification;

/* What a blocked thread waits on, and the capability it came through (NULL for a reply and for
 * a fault message, which no capability names). Set and cleared only by kernel/thread.h, so that
 * it exists exactly while the thread is blocked. */
struct wait {
	void *obj;	 /* endpoint, notification, or the thread that will reply */
	struct cap *cap; /* its waiter is this thread */
};

struct vgic_cpu;
struct kvgic;

/* A guest's virtual CPU: the EL1 state that is not in struct regs. */
struct vcpu {
	u64 sysregs[SRI_COUNT];	    /* the switched rows of kernel/include/kernel/sysreg_table.h */
	struct vgic_cpu *gic;	    /* its redistributor and list registers (warden/vgic.h) */
	struct kvgic *kvgic;	    /* its VM's vGIC (kernel/vgic.h) */
	u64 vmcr, ap0r[4], ap1r[4]; /* ICH_VMCR_EL2, ICH_AP0R<n>_EL2, ICH_AP1R<n>_EL2 */
	u64 vmpidr;
	u64 fault_va; /* FAR_EL2 of its last stage-2 abort (an injected abort's FAR_EL1) */
	u32 index;    /* in its VM */
	bool loaded;  /* its state is in the CPU's registers */
	bool vserror; /* a virtual SError is pending for it (HCR_EL2.VSE while it runs) */
	u64 vsesr;    /* its syndrome (VSESR_EL2), with FEAT_RAS */
	/* SMC capabilities its VMM bound to it: the kernel forwards what they cover itself. */
	struct cap smc_bound[VCPU_SMC_BINDINGS];
	struct tcb *thread;	   /* the thread that runs it */
	struct vcpu_timers timers; /* kernel/vtimer.c */
};

#define CONSOLE_LINE 256 /* a component's line longer than this is written in pieces */

struct tcb {
	struct regs regs; /* first: the exception vectors store into it */
	struct fp_state fp;
	u32 state;
	u32 prio;
	u64 slice_tick;		   /* the timer tick its current time slice began in */
	bool slice_live;	   /* it has a time slice that no tick has ended yet */
	struct tcb *qnext, *qprev; /* run queue or the queue of the object it waits on */
	struct aspace *as;
	struct cnode *cnode;
	u64 *ipc_buf;	/* kernel address of the IPC buffer */
	u64 ipc_buf_va; /* its address in the thread's space */
	struct wait wait;
	u64 send_badge;	   /* badge of the capability a blocked sender used */
	u64 send_info;	   /* message info of a blocked sender */
	bool send_is_call; /* a blocked sender is in Call */
	bool send_can_grant;
	bool fault_pending;  /* it sent a fault message and waits for the reply */
	u64 fault_msg[22];   /* the fault message (VFAULT_LEN words at most) */
	struct vcpu *vcpu;   /* non-NULL: this thread runs a guest's virtual CPU at EL1 */
	bool smc_bound_ever; /* its vCPU had an SMC capability bound: traps look at the bindings */
	struct tcb *caller;  /* whom a Reply goes to */
	struct endpoint *fault_ep;
	u64 fault_badge;
	char name[BS_NAME_LEN];
	u32 con_len; /* bytes in con_line: its console output since its last '\n' */
	char con_line[CONSOLE_LINE];
};

struct endpoint {
	struct tcb *head, *tail; /* senders or receivers, never both */
	bool receivers;		 /* the queue holds receivers */
};

/* Idle, or active (signalled since the last Wait or Poll took it: `word` holds the badges ORed
 * since, 0 for unbadged signals), or waited on (idle, with its one waiter). */
struct notification {
	u64 word;
	bool active;
	struct tcb *waiter; /* one waiting thread at most */
};

#endif
