/* IPC: endpoints (rendezvous, Call/Reply), notifications, fault messages, IRQ delivery. */
#ifndef KERNEL_IPC_H
#define KERNEL_IPC_H
#include <kernel/object.h>

/* System calls on an endpoint or notification capability; results land in t's registers or
 * t blocks. */
void ipc_send(struct tcb *t, struct cap *c, u64 info, bool call, bool block);
void ipc_recv(struct tcb *t, struct cap *c, bool block);
/* Reply to t's caller; false when there is none. */
bool ipc_reply(struct tcb *t, u64 info);
/* Sends t's fault message (t->fault_msg, len words) to its fault endpoint as a Call. */
void ipc_send_fault(struct tcb *t, u64 label, u32 len);
/* A capability is about to be removed: wake any thread blocked through it. */
void ipc_cap_removed(struct cap *c);
/* Takes t out of whatever it waits on (endpoint queue, notification, reply). */
void ipc_cancel(struct tcb *t);

/* IRQs bound to notifications. */
void irq_bind(u32 intid, struct notification *n, u64 badge, bool edge);
void irq_deliver(u32 intid);
void irq_ack(u32 intid);
/* Whether an interrupt could still wake a thread (one waits on an IRQ's notification). */
bool irq_can_wake(void);

/* Every thread, for revocation scans. */
extern struct tcb **all_threads;
extern u32 thread_count;

#endif
