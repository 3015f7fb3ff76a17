/* IPC: endpoints (rendezvous, Call/Reply), notifications, fault messages, IRQ delivery. */
#ifndef KERNEL_IPC_H
#define KERNEL_IPC_H
#include <kernel/object.h>

/* System calls on an endpoint or notification capability; results land in t's registers or
 * t blocks. */
void ipc_send(struct tcb *t, struct cap *c, u64 info, bool call, bool block);
void ipc_recv(struct tcb *t, struct cap *c, bool block);
/* Fast paths for the common Call and ReplyRecv (short message, no capabilities, the partner
 * waiting and at least as urgent as every ready thread; the caller blocks either way): the thread
 * to run next, or NULL with nothing changed, in which case the ordinary path runs. They must behave
 * exactly like it. */
struct tcb *ipc_fastpath_call(struct tcb *t, struct cap *c);
struct tcb *ipc_fastpath_reply_recv(struct tcb *t, struct cap *c);
/* The same for a vCPU's fault message (VFAULT_* layout: t->fault_msg's syndrome words, then
 * x0..x17 from its frame, copied once) to a VMM already waiting. */
struct tcb *ipc_fastpath_vcpu_fault(struct tcb *t, u64 label);
/* Reply to t's caller; false when there is none. */
bool ipc_reply(struct tcb *t, u64 info);
/* Sends t's fault message (t->fault_msg, len words) to its fault endpoint as a Call. */
void ipc_send_fault(struct tcb *t, u64 label, u32 len);
/* A capability is about to be removed: wake any thread blocked through it. */
void ipc_cap_removed(struct cap *c);
/* Takes t out of whatever it waits on (endpoint queue, notification, reply). */
void ipc_cancel(struct tcb *t);

/* A message from the kernel (label, mr[0..len), badge) to a thread waiting on ep, which is
 * woken; no reply is expected. False, with nothing changed, if no thread waits there. */
bool ipc_kernel_message(struct endpoint *ep, u64 badge, u64 label, const u64 *mr, u32 len);

/* IRQs bound to notifications. */
void irq_bind(u32 intid, struct notification *n, u64 badge, bool edge);
void irq_deliver(u32 intid);
void irq_ack(u32 intid);
/* Whether the boot spec gave intid to a component (<irq>). */
bool irq_is_bound(u32 intid);
/* Whether an interrupt could still wake a thread (one waits on an IRQ's notification). */
bool irq_can_wake(void);

/* Every thread, for revocation scans. */
extern struct tcb **all_threads;
extern u32 thread_count;

#endif
