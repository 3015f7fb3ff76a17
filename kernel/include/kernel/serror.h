/* What the kernel does with an asynchronous SError taken from a lower EL (kernel/serror.c; the
 * policy and its reasons: docs/syscalls.md, "Asynchronous exceptions"). Portable: host-tested. */
#ifndef KERNEL_SERROR_H
#define KERNEL_SERROR_H
#include <warden/types.h>

enum serror_action {
	SERROR_LOG,    /* corrected or not yet consumed: report it and resume */
	SERROR_INJECT, /* give the guest that ran a virtual SError (HCR_EL2.VSE) */
	SERROR_PANIC,  /* uncontainable, or not attributable: stop the system */
};

/* The syndrome's severity in words ("uncontainable", "corrected", ...). */
const char *serror_severity(u64 esr, bool ras);
/* esr: ESR_EL2 of the SError (EC 0x2F); ras: the CPU has FEAT_RAS; from_guest: a vCPU was
 * running at EL1/EL0 when it was taken (else an EL0 component). */
enum serror_action serror_classify(u64 esr, bool ras, bool from_guest);

#endif
