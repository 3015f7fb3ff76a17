# The EL2 kernel: a position-independent Linux arm64 Image (kernel.bin); the image builder
# appends the boot spec and components to it.
KERNEL_SRCS := kernel/arch/aarch64/head.S kernel/arch/aarch64/vectors.S \
	kernel/arch/aarch64/fpsimd_regs.S kernel/arch/aarch64/fpsimd.c kernel/arch/aarch64/mmu.c \
	kernel/arch/aarch64/stage2.c kernel/drivers/pl011.c kernel/console.c kernel/drivers/gicv3.c \
	kernel/drivers/timer.c kernel/timer_queue.c kernel/early.c kernel/main.c kernel/mem.c kernel/sched.c kernel/trap.c \
	kernel/syscall.c kernel/ipc.c kernel/thread.c kernel/cap.c kernel/serror.c kernel/boot.c \
	kernel/object/cnode.c \
	kernel/object/tcb.c kernel/object/irq.c kernel/object/smc.c kernel/object/vcpu.c \
	kernel/arch/aarch64/vcpu.c kernel/arch/aarch64/vdebug.c kernel/arch/aarch64/idreg.c kernel/idreg.c kernel/vgic.c kernel/vtimer.c kernel/vcpu_trap.c kernel/debugreg.c \
	lib/src/smc_hazards.c lib/src/vgic.c \
	lib/src/memmap.c $(LIB_SRCS)
KERNEL_CFLAGS := -mgeneral-regs-only -mstrict-align -Ikernel/include -Ikernel/arch/aarch64/include \
	-DKERNEL_FALLBACK_DTB=$(KERNEL_FALLBACK_DTB)ul -DKERNEL_EARLY_UART=$(KERNEL_EARLY_UART)ul

# kernel-flavour(dir, extra-cflags): $(BUILD)/<dir>/kernel.bin. The default flavour follows the
# build options; kernel-trace always records the SMC trace (for its test), whatever SMC_TRACE.
define kernel-flavour
$(eval $(call target-rules,$(1),$(KERNEL_CFLAGS) $(2)))
$(BUILD)/$(1)/kernel.elf: $(call target-objs,$(1),$(KERNEL_SRCS)) kernel/kernel.ld
	$(TARGET_LD) --pie --no-dynamic-linker -z norelro --hash-style=sysv -T kernel/kernel.ld \
		-o $$@ $(call target-objs,$(1),$(KERNEL_SRCS))
$(BUILD)/$(1)/kernel.bin: $(BUILD)/$(1)/kernel.elf
	$(OBJCOPY) -O binary $$< $$@
endef

$(eval $(call kernel-flavour,kernel,))
$(eval $(call kernel-flavour,kernel-trace,-USMC_TRACE -DSMC_TRACE=1))
KERNEL_BIN := $(BUILD)/kernel/kernel.bin
KERNEL_TRACE_BIN := $(BUILD)/kernel-trace/kernel.bin
ALL_TARGETS += $(KERNEL_BIN)
# The ID register table holds pointers (field lists, names): -fpie puts it in .data.rel.ro,
# where head.S's R_AARCH64_RELATIVE relocations reach it, instead of .rodata.
$(BUILD)/kernel/kernel/idreg.o $(BUILD)/kernel-trace/kernel/idreg.o: EXTRA_CFLAGS += -fpie
