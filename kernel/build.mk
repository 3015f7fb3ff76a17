# The EL2 kernel: a position-independent Linux arm64 Image (kernel.bin); the image builder
# appends the boot spec and components to it.
KERNEL_SRCS := kernel/arch/aarch64/head.S kernel/arch/aarch64/vectors.S \
	kernel/arch/aarch64/fpsimd_regs.S kernel/arch/aarch64/fpsimd.c kernel/arch/aarch64/mmu.c \
	kernel/arch/aarch64/stage2.c kernel/drivers/pl011.c kernel/drivers/gicv3.c \
	kernel/drivers/timer.c kernel/main.c kernel/mem.c kernel/sched.c kernel/trap.c \
	kernel/syscall.c kernel/ipc.c kernel/cap.c kernel/boot.c kernel/object/cnode.c \
	kernel/object/tcb.c kernel/object/irq.c kernel/object/smc.c $(LIB_SRCS)
KERNEL_OBJS := $(call target-objs,kernel,$(KERNEL_SRCS))
KERNEL_ELF := $(BUILD)/kernel/kernel.elf
KERNEL_BIN := $(BUILD)/kernel/kernel.bin
ALL_TARGETS += $(KERNEL_BIN)

$(eval $(call target-rules,kernel,-mgeneral-regs-only -mstrict-align -Ikernel/include))

$(KERNEL_ELF): $(KERNEL_OBJS) kernel/kernel.ld
	$(TARGET_LD) --pie --no-dynamic-linker -z norelro --hash-style=sysv -T kernel/kernel.ld \
		-o $@ $(KERNEL_OBJS)

$(KERNEL_BIN): $(KERNEL_ELF)
	$(OBJCOPY) -O binary $< $@
