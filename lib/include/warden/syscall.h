/* The system-call ABI shared by the kernel and libwarden (docs/syscalls.md explains it).
 * A system call is `svc #N`, N a SYS_* number: the immediate names the call, so every general
 * register is free for the payload. */
#ifndef WARDEN_SYSCALL_H
#define WARDEN_SYSCALL_H

enum warden_sys {
	SYS_CALL = 0,	      /* x0 cap, x1 info, x2..x7 MR0..5 -> x0 status, x1 info, x2..x7 */
	SYS_REPLY_RECV = 1,   /* reply to the caller, then Recv on x0 */
	SYS_SEND = 2,	      /* endpoint send (blocks), or notification signal */
	SYS_NBSEND = 3,	      /* send only if a receiver waits (else WOULD_BLOCK, nothing queued) */
	SYS_RECV = 4,	      /* endpoint receive, or notification wait */
	SYS_NBRECV = 5,	      /* receive only if a sender waits, or notification poll */
	SYS_REPLY = 6,	      /* reply to the caller */
	SYS_YIELD = 7,	      /* give up the rest of the time slice */
	SYS_SMC_CALL = 8,     /* SMCCC <= 1.1 form: x0..x7 payload, x8 SMC cap -> x8 status */
	SYS_SMC_CALL_EXT = 9, /* SMCCC 1.2 form: x0..x17 payload, x18 SMC cap -> x18 status */
	SYS_DEBUG_PUTS = 10,  /* x0 length (<= 48), x1..x6 bytes -> console */
	SYS_EXIT = 11,	      /* x0 exit status; the thread stops */
	SYS_COUNT
};

/* Status codes (x0 of most calls; x8/x18 of the SMC forms). */
enum warden_error {
	WARDEN_OK = 0,
	WARDEN_INVALID_CAP = 1,		/* empty slot, slot out of range */
	WARDEN_ILLEGAL_OPERATION = 2,	/* the capability's type has no such operation */
	WARDEN_INSUFFICIENT_RIGHTS = 3, /* the capability lacks a right the operation needs */
	WARDEN_RANGE_ERROR = 4, /* a value outside the allowed range (incl. SMC function IDs) */
	WARDEN_TRUNCATED_MESSAGE = 5, /* message length or capability count out of bounds */
	WARDEN_INVALID_ARGUMENT = 6,  /* malformed argument */
	WARDEN_DELETE_FIRST = 7,      /* destination slot is not empty */
	WARDEN_NO_REPLY = 8,	      /* Reply with nobody to reply to */
	WARDEN_WOULD_BLOCK = 9,	      /* NBRecv found no sender, NBSend no receiver */
	WARDEN_REVOKED = 10,	      /* a blocked operation's capability was revoked */
	WARDEN_UNKNOWN_SYSCALL = 11,
	WARDEN_HAZARD = 12, /* a hazardous SMC function ID without an accepted hazard, or bound */
	WARDEN_ERROR_COUNT
};

/* Message info word: length in words, extra capabilities, label. */
#define MSG_LEN_BITS 7
#define MSG_MAX_LEN 64 /* words; MR0..MR5 travel in x2..x7, the rest in the IPC buffer */
#define MSG_REG_COUNT 6
#define MSG_MAX_CAPS 3
#define MSG_INFO(label, caps, len) (((unsigned long)(label) << 12) | ((caps) << 7) | (len))
#define MSG_LABEL(info) ((info) >> 12)
#define MSG_CAPS(info) (((info) >> 7) & 3)
#define MSG_LEN(info) ((info)&0x7f)

/* IPC buffer layout (one page at the thread's ipc_buffer address), in 64-bit words. */
#define IPCBUF_MR 0	    /* message registers MR0..MR63 (MR0..5 also in x2..x7) */
#define IPCBUF_CAPS 64	    /* slots of the capabilities to send */
#define IPCBUF_RECV_SLOT 67 /* where a received capability goes (0: accept none) */
#define IPCBUF_RECV_CAPS 68 /* how many capabilities the last receive transferred */
#define IPCBUF_BADGE 69	    /* badge of the last receive */

/* Object invocation labels (a Call on the object's capability). */
enum warden_label {
	/* CNode: MR0 destination slot, MR1 source slot, ... */
	CNODE_COPY = 1,	  /* dest, src, rights mask */
	CNODE_MINT = 2,	  /* dest, src, rights mask, badge | SMC: dest, src, rights, first, last */
	CNODE_MOVE = 3,	  /* dest, src */
	CNODE_DELETE = 4, /* slot */
	CNODE_REVOKE = 5, /* slot: deletes every descendant of the capability */
	CNODE_DESCRIBE = 6, /* slot -> MR0 type, MR1 rights, MR2 badge/range */
	/* TCB */
	TCB_SUSPEND = 16,
	TCB_RESUME = 17,
	TCB_READ_REGS = 18,  /* MR0 first register index, MR1 count -> values */
	TCB_WRITE_REGS = 19, /* MR0 first index, MR1 count, MR2.. values */
	/* IRQ handler */
	IRQ_ACK = 32,
	/* Trace ring */
	/* Trace ring: MR0 sequence number -> total, caller, x0 in, status, x0 out, cost */
	TRACE_READ = 48,
	/* vCPU (a guest thread's virtual CPU) */
	/* 64 was VCPU_INJECT_IRQ (straight into a list register); the kernel's vGIC replaced it. */
	VCPU_RESET = 65, /* MR0 pc, MR1 x0: EL1 state as at reset, MMU off, other registers 0 */
	/* MR0 slot of an SMC capability in the caller's CNode, MR1 binding index (below
	 * VCPU_SMC_BINDINGS): a copy (a child: revoking the source removes it) is bound to the
	 * vCPU, and the kernel then forwards the guest's smc/hvc #0 calls that copy covers
	 * itself, without a fault message to the VMM. */
	VCPU_BIND_SMC = 66,
	VCPU_UNBIND_SMC = 67, /* MR0 binding index */
	/* The VM's virtual GIC (docs/vgic.md), through any vCPU capability of the VM: */
	VCPU_SET_IRQ_LEVEL = 68, /* MR0 SPI INTID (32..95), MR1 line level (0 or 1) */
	VCPU_RESET_VGIC = 69,	 /* every interrupt, redistributor and list register to reset */
	/* The console guest's VMM (docs/console.md), on any vCPU of that guest: MR0 1 when its
	 * PL011 model's receive FIFO holds data (the kernel then leaves the guest's flag-register
	 * reads to the VMM), 0 when it is empty (the kernel answers them itself). */
	VCPU_CONSOLE_RX = 72,
};

#define VCPU_SMC_BINDINGS 4

/* FAULT_CONSOLE_INPUT messages. */
#define CONSOLE_INPUT_BADGE (~0ull)
#define CONSOLE_INPUT_MAX 40 /* bytes in one message: MR1..MR5 */

/* Register indexes for TCB_READ_REGS/WRITE_REGS: x0..x30, then these. */
#define TCB_REG_SP 31
#define TCB_REG_PC 32
#define TCB_REG_COUNT 33

/* Fault message labels (a thread's fault, sent to its fault endpoint as a Call; the badge is
 * the thread's fault badge). Native threads: MR0 pc, MR1 address (or syscall number), MR2 ESR. */
enum warden_fault {
	FAULT_DATA_ABORT = 0x100,
	FAULT_INSTR_ABORT = 0x101,
	FAULT_UNDEFINED = 0x102,
	FAULT_UNKNOWN_SYSCALL = 0x103,
	/* vCPU traps, all with the VFAULT_* layout below. */
	FAULT_VCPU_SMC = 0x200,		/* PC already past the smc; VFAULT_ARG = immediate */
	FAULT_VCPU_HVC = 0x201,		/* PC already past the hvc; VFAULT_ARG = immediate */
	FAULT_VCPU_DATA_ABORT = 0x202,	/* VFAULT_ADDR = IPA; VFAULT_ARG = value of a write */
	FAULT_VCPU_INSTR_ABORT = 0x203, /* VFAULT_ADDR = IPA */
	FAULT_VCPU_WFX = 0x204,		/* not sent any more: the kernel does WFI/WFE */
	FAULT_VCPU_SYSREG = 0x205,	/* trapped MSR/MRS: VFAULT_ARG = value of a write */
	FAULT_VCPU_OTHER = 0x206,	/* any other trap: see VFAULT_ESR */
	/* Not a fault: bytes typed on the console, sent by the kernel to the console guest's
	 * VMM (docs/console.md) with badge CONSOLE_INPUT_BADGE, no reply expected. MR0 the byte
	 * count (1..CONSOLE_INPUT_MAX), MR1.. the bytes, 8 per word, first byte lowest. */
	FAULT_CONSOLE_INPUT = 0x280,
};

/* vCPU fault message: message registers. x0..x17 are always included (SMCCC 1.2 arguments). */
#define VFAULT_ESR 0
#define VFAULT_PC 1
#define VFAULT_ADDR 2
#define VFAULT_ARG 3
#define VFAULT_X0 4 /* x0..x17 in MR4..MR21 */
#define VFAULT_LEN 22

/* The reply to any fault message (native or vCPU): MR0 flags, MR1 first register index (as for
 * TCB_WRITE_REGS), MR2 count, MR3.. values. A reply of length 0 resumes unchanged. */
#define FAULT_REPLY_ADVANCE (1u << 0) /* skip the trapped instruction (pc += 4) */
/* To a vCPU's stage-2 data or instruction abort (FAULT_VCPU_DATA_ABORT/INSTR_ABORT) only: the
 * kernel takes a synchronous external abort to the guest's EL1 for it (ESR_EL1, FAR_EL1,
 * ELR_EL1, SPSR_EL1 and PSTATE as the architecture says; pc at VBAR_EL1's vector), after any
 * registers the reply sets. Ignored for any other fault. docs/vmm.md */
#define FAULT_REPLY_INJECT_SEA (1u << 1)
#define FAULT_REPLY_FLAGS 0
#define FAULT_REPLY_FIRST 1
#define FAULT_REPLY_COUNT 2
#define FAULT_REPLY_VALUES 3

#endif
