/* What ktest-wait tells a ktest-wait-victim to do, in a page both map. */
#ifndef KTEST_WAIT_ORDER_H
#define KTEST_WAIT_ORDER_H
#include <warden/types.h>

enum wait_op {
	OP_RECV = 1, /* Recv on slot; value = MR0 */
	OP_WAIT,     /* Wait on the notification in slot; value = the word */
	OP_CALL,     /* Call slot with MR0 = arg; value = the reply's MR0 */
	OP_SERVE,    /* Recv on slot, ReplyRecv with MR0 = arg; status and value of the second */
	OP_FAULT,    /* a data abort; value = x0 as the fault reply set it */
	OP_SIGNAL,   /* Signal the notification in slot */
	OP_EXIT,     /* exit with status 0 (exits counts how often it got that far) */
};

struct wait_order {
	u64 op, slot, arg;		  /* written by the driver */
	u64 started, done, status, value; /* written by the victim */
	u64 exits;
};

/* The victim's page; the driver maps victim i's at WAIT_ORDER + i pages. */
#define WAIT_ORDER ((volatile struct wait_order *)0x20000000ul)

#endif
