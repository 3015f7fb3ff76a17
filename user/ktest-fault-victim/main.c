/* Kernel test, the faulting thread (its fault endpoint is served by ktest-fault-handler):
 * a load from memory it was not given, an unknown system call, a jump to an unmapped address
 * and an undefined instruction, each resumed by the handler. */
#include <warden/check.h>

#define UNMAPPED 0x30000000ul

int main(void)
{
	u64 v;

	/* The handler skips the load and puts 0x5afe in x0. */
	__asm__ volatile("mov x1, %1\n\tldr x0, [x1]\n\tmov %0, x0"
			 : "=r"(v)
			 : "r"(UNMAPPED)
			 : "x0", "x1", "memory");
	check(v == 0x5afe, "kernel data abort resumed by the handler", "x0 = %lx", v);

	/* Unknown system call: x0 keeps the kernel's UNKNOWN_SYSCALL status after the reply. */
	__asm__ volatile("mov x0, #0x1234\n\tsvc #77\n\tmov %0, x0"
			 : "=r"(v)
			 :
			 : "x0", "x1", "x2", "x3", "x4", "x5", "x6", "x7", "x8", "memory");
	check(v == WARDEN_UNKNOWN_SYSCALL, "kernel unknown syscall resumed with status", "x0 = %lx",
	      v);

	/* Instruction abort: the handler returns to the link register. */
	v = 0;
	__asm__ volatile("mov x9, %1\n\tblr x9\n\tmov %0, #1"
			 : "+r"(v)
			 : "r"(UNMAPPED)
			 : "x9", "x30", "memory");
	check(v == 1, "kernel instruction abort resumed by the handler", "v = %lu", v);

	/* The handler's reply skips the instruction and sets x5. */
	__asm__ volatile("mov x5, #0\n\tudf #0\n\tmov %0, x5" : "=r"(v) : : "x5", "memory");
	check(v == 0x77, "kernel fault reply sets registers and skips", "x5 = %lx", v);
	return 0;
}
