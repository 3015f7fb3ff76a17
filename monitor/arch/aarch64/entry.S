/* EL3 entry: reset vector, exception vectors and the way out to non-secure EL2.
 * Every CPU starts at _start (QEMU virt resets all of them at EL3, PC = 0). */
#include "sysreg.h"

#define FRAME_SIZE 160 /* struct smc_frame */

	.section .text.boot, "ax"
	.global _start
_start:
	msr	daifset, #0xf
	ldr	x0, =el3_vectors
	msr	vbar_el3, x0
	ldr	x0, =SCTLR_EL3_RES1
	msr	sctlr_el3, x0
	isb
	/* CPU index = Aff0; CPUs outside QEMU virt's first cluster of 8 stay parked. */
	mrs	x0, mpidr_el1
	ldr	x2, =0xff00ffff00
	tst	x0, x2
	b.ne	park_forever
	and	x19, x0, #0xff
	cmp	x19, #MAX_CPUS
	b.hs	park_forever
	msr	tpidr_el3, x19
	ldr	x2, =monitor_stacks
	add	x3, x19, #1
	lsl	x3, x3, #STACK_SHIFT
	add	sp, x2, x3
	cbnz	x19, secondary

	/* Boot CPU: .data from flash to secure RAM, .bss zeroed. */
	ldr	x0, =__data_start
	ldr	x1, =__data_load
	ldr	x2, =__data_end
1:	cmp	x0, x2
	b.hs	2f
	ldr	x3, [x1], #8
	str	x3, [x0], #8
	b	1b
2:	ldr	x0, =__bss_start
	ldr	x2, =__bss_end
3:	cmp	x0, x2
	b.hs	4f
	str	xzr, [x0], #8
	b	3b
4:	bl	monitor_main
	b	park_forever

	/* Secondary CPUs wait until the boot CPU has set up memory (boot_done holds a magic
	 * value, as secure RAM is not zeroed at reset), then park in C until CPU_ON. */
secondary:
	ldr	x1, =boot_done
	ldr	x2, =BOOT_DONE_MAGIC
5:	ldr	x3, [x1]
	cmp	x3, x2
	b.eq	6f
	wfe
	b	5b
	/* The boot CPU's tables are ready: caches and MMU on before anything shared is touched
	 * (monitor_mmu_on uses no stack). */
6:	bl	monitor_mmu_on
	mov	x0, x19
	bl	monitor_secondary_main
park_forever:
	wfi
	b	park_forever
	.ltorg

/* monitor_mmu_on(): this CPU's EL3 MMU and caches on, with the tables and register values the
 * boot CPU prepared (el3_mmu_regs, mmu.c), which it reads from memory with its MMU still off.
 * On Cortex-A53/A57/A72 (by MIDR) it first sets CPUECTLR_EL1.SMPEN, which those CPUs need
 * before their caches join the coherency domain; other CPUs (QEMU's max) have no such register.
 * Uses x0..x3 only and no stack. */
	.global monitor_mmu_on
monitor_mmu_on:
	mrs	x0, midr_el1
	ldr	x1, =MIDR_MATCH_MASK
	and	x0, x0, x1
	ldr	x1, =MIDR_ARM_A53
	cmp	x0, x1
	ldr	x1, =MIDR_ARM_A57
	ccmp	x0, x1, #4, ne
	ldr	x1, =MIDR_ARM_A72
	ccmp	x0, x1, #4, ne
	b.ne	1f
	mrs	x0, CPUECTLR_EL1
	orr	x0, x0, #CPUECTLR_SMPEN
	msr	CPUECTLR_EL1, x0
	isb
1:	ldr	x0, =el3_mmu_regs
	ldp	x1, x2, [x0]		/* mair, tcr */
	msr	mair_el3, x1
	msr	tcr_el3, x2
	ldp	x1, x2, [x0, #16]	/* ttbr, sctlr */
	msr	ttbr0_el3, x1
	isb
	tlbi	alle3
	ic	iallu
	dsb	sy
	isb
	msr	sctlr_el3, x2
	isb
	ret
	.ltorg

/* monitor_enter_ns(entry, x0): leave for non-secure EL2 at `entry` with x0 and x1..x30 zero,
 * on a fresh EL3 stack for the next SMC. SCR_EL3 and the EL2 state are already set. */
	.text
	.global monitor_enter_ns
monitor_enter_ns:
	msr	elr_el3, x0
	mov	x2, #SPSR_EL2H_DAIF
	msr	spsr_el3, x2
	mrs	x2, tpidr_el3
	ldr	x3, =monitor_stacks
	add	x2, x2, #1
	lsl	x2, x2, #STACK_SHIFT
	add	sp, x3, x2
	mov	x0, x1
	.irp r, 1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30
	mov	x\r, xzr
	.endr
	eret
	.ltorg

/* An SMC (or another synchronous exception) from a lower EL: save x0..x17 and x30 in a frame on
 * this CPU's stack, call smc_dispatch(frame, cpu) for smc #0 from AArch64 or
 * monitor_sync_lower(frame, cpu, esr) for anything else, restore, return. The C code keeps
 * x19..x29 (callee-saved) and never touches x18 (-ffixed-x18); SP_EL0, SP_EL2 and the EL2/EL1
 * system registers are not touched. */
.macro lower_sync_entry
	stp	x0, x1, [sp, #-FRAME_SIZE]!
	stp	x2, x3, [sp, #16]
	stp	x4, x5, [sp, #32]
	stp	x6, x7, [sp, #48]
	stp	x8, x9, [sp, #64]
	stp	x10, x11, [sp, #80]
	stp	x12, x13, [sp, #96]
	stp	x14, x15, [sp, #112]
	stp	x16, x17, [sp, #128]
	str	x30, [sp, #144]
	mov	x0, sp
	mrs	x1, tpidr_el3
	mrs	x2, esr_el3
	/* The common case, smc #0 from AArch64, goes straight to the dispatcher. */
	lsr	x3, x2, #ESR_EC_SHIFT
	and	w4, w2, #0xffff		/* the smc immediate */
	cmp	x3, #ESR_EC_SMC64
	ccmp	w4, #0, #0, eq
	b.ne	1f
	bl	smc_dispatch
	b	2f
1:	bl	monitor_sync_lower
2:
	ldr	x30, [sp, #144]
	ldp	x16, x17, [sp, #128]
	ldp	x14, x15, [sp, #112]
	ldp	x12, x13, [sp, #96]
	ldp	x10, x11, [sp, #80]
	ldp	x8, x9, [sp, #64]
	ldp	x6, x7, [sp, #48]
	ldp	x4, x5, [sp, #32]
	ldp	x2, x3, [sp, #16]
	ldp	x0, x1, [sp], #FRAME_SIZE
	eret
.endm

/* Anything else is the monitor's own fault: report it and stop this CPU. */
.macro unexpected kind
	mov	x0, #\kind
	mrs	x1, esr_el3
	mrs	x2, elr_el3
	mrs	x3, far_el3
	b	monitor_panic_exception
.endm

	.section .text.vectors, "ax"
	.balign 2048
el3_vectors:
	.balign 0x80
	unexpected 0	/* current EL, SP_EL0: sync */
	.balign 0x80
	unexpected 1
	.balign 0x80
	unexpected 2
	.balign 0x80
	unexpected 3
	.balign 0x80
	unexpected 4	/* current EL, SP_EL3: sync */
	.balign 0x80
	unexpected 5
	.balign 0x80
	unexpected 6
	.balign 0x80
	unexpected 7
	.balign 0x80
	lower_sync_entry	/* lower EL, AArch64: sync (smc) */
	.balign 0x80
	unexpected 9
	.balign 0x80
	unexpected 10
	.balign 0x80
	unexpected 11
	.balign 0x80
	lower_sync_entry	/* lower EL, AArch32: sync */
	.balign 0x80
	unexpected 13
	.balign 0x80
	unexpected 14
	.balign 0x80
	unexpected 15
