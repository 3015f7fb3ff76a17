/* The VMM's portable core (docs/vmm.md): SMC/HVC policy, PSCI and SMCCC emulation, MMIO decode
 * and the PL011 register model. Nothing here makes a system call: what the core needs
 * done to vCPUs, the console or the secure world goes through struct vmm_ops, which main.c backs
 * with libwarden and the unit tests (tests/unit/test_vmm_*.c) with mocks. */
#ifndef VMM_VMM_H
#define VMM_VMM_H
#include <warden/pl011.h>
#include <warden/types.h>
#include <warden/vmm_config.h>
#include "bench_mark.h"

/* --- what the core asks of its environment ------------------------------------------------ */

struct vmm_ops {
	/* VCPU_RESET: EL1 reset state, MMU off, pc and x0 as given. Returns a WARDEN_* status. */
	long (*vcpu_reset)(void *ctx, u32 vcpu, u64 pc, u64 x0);
	long (*vcpu_suspend)(void *ctx, u32 vcpu); /* TCB_SUSPEND */
	long (*vcpu_resume)(void *ctx, u32 vcpu);  /* TCB_RESUME */
	/* Invoke the SMC capability in slot: ext selects the SMCCC 1.2 form (x0..x17), else the
	 * 1.1 form (x0..x7). regs in and out; returns the kernel's WARDEN_* status. */
	long (*smc)(void *ctx, u32 slot, bool ext, u64 regs[18]);
	/* Cleans [addr, addr + size) of the VMM's view of guest RAM to the point of coherency
	 * (the vCPU restarts with its MMU off and reads memory, not the caches). */
	void (*clean)(void *ctx, void *addr, u64 size);
	/* Console output (a whole line or more). */
	void (*puts)(void *ctx, const char *s);
	/* Drives the level-sensitive virtual interrupt line intid (an SPI) of the guest. */
	void (*set_irq_level)(void *ctx, u32 intid, bool level);
	/* The console guest's VMM only: tells the kernel whether the PL011 model's receive FIFO
	 * holds data (VCPU_CONSOLE_RX; docs/console.md). */
	void (*console_rx)(void *ctx, bool data);
	/* The bench marker (bench_mark.h): reads the PMU into c[0..3] (INST_RETIRED at EL0..EL3)
	 * and c[4] (cycles), programming it on first use; false if it cannot count instructions.
	 * Optional: NULL denies the marker. */
	bool (*pmu_read)(void *ctx, u64 c[5]);
	/* VCPU_RESET_VGIC: the VM's virtual GIC (the kernel's) back to its reset state. */
	long (*vgic_reset)(void *ctx);
};

/* A test hook (vendor-specific hypervisor call, owning entity 6, SMC32): x1 = an SPI INTID,
 * x2 = a level; the VMM drives that line of the guest's vGIC (VCPU_SET_IRQ_LEVEL), so the test
 * guest can check level-triggered SPIs (docs/vgic.md). Answered only where the policy
 * *emulates* 0x86000101 (tests/system/vm-smc.xml); x0 = 0, -2 for an INTID that is not an
 * SPI (32..95) or a level other than 0/1, -1 if the VMM has no set_irq_level operation. */
#define WARDEN_HYP_SET_SPI 0x86000101

/* --- state ---------------------------------------------------------------------------------- */

enum vcpu_power {
	VCPU_OFF = 0,
	VCPU_ON = 1,
};

#define VMM_UART_LINE 160
#define VMM_UART_BACKLOG 256

struct vmm_pl011 {
	u32 cr, lcr_h, ibrd, fbrd, ifls, imsc, dmacr, ilpr;
	u32 ris; /* latched raw interrupt bits (RXRIS, RTRIS, OERIS); TXRIS is computed */
	u32 rsr; /* receive status: OE (bit 3) */
	u8 rx_fifo[PL011_FIFO_DEPTH];
	u32 rx_head, rx_count;
	u8 backlog[VMM_UART_BACKLOG]; /* typed bytes still on the line (devices.c) */
	u32 backlog_head, backlog_count;
	u64 rx_dropped;	  /* bytes lost: receiver off, or the backlog full */
	bool irq_level;	  /* the interrupt output as last pushed */
	bool rx_reported; /* the receive FIFO's state as last told the kernel */
	u32 line_len;
	char line[VMM_UART_LINE + 1];
};

struct vmm {
	const struct vmm_config *cfg;
	const struct vmm_ops *ops;
	void *ctx;
	char name[sizeof(((struct vmm_config *)0)->vm_name) + 1];
	u32 vcpus;
	u8 power[VMM_MAX_VCPUS]; /* enum vcpu_power */
	struct vmm_pl011 uart;
	struct vmm_bench bench; /* WARDEN_HYP_BENCH_MARK (bench_mark.c) */
	bool fault_stopped;	/* the guest was stopped for a fault: the VMM exits with 1 */
	/* Guest RAM (ram_size bytes) and its initial contents (init_size bytes) as the VMM sees
	 * them; set after vmm_init (main.c: VMM_GUEST_RAM_VADDR, VMM_GUEST_INIT_VADDR). NULL:
	 * vmm_load_guest copies nothing (unit tests of other parts). */
	u8 *ram;
	const u8 *init;
	u32 boots; /* vmm_start calls: boot and resets */
};

/* --- the fault handler ---------------------------------------------------------------------- */

enum vmm_outcome {
	VMM_OUT_REPLY,	  /* reply with struct vmm_reply, then receive the next fault */
	VMM_OUT_NO_REPLY, /* the faulting vCPU stays stopped (suspended); receive the next fault */
	VMM_OUT_EXIT,	  /* the guest is stopped (all vCPUs suspended): the VMM exits */
};

/* A fault reply in the FAULT_REPLY_* layout: set `count` registers from `first`, and skip the
 * trapped instruction when flags has FAULT_REPLY_ADVANCE. */
struct vmm_reply {
	u64 flags;
	u32 first, count;
	u64 values[18];
};

/* Checks the configuration and prepares the state (vCPU 0 on, the others off). Returns NULL on
 * success, else a message saying what is wrong with the configuration. */
const char *vmm_init(struct vmm *v, const struct vmm_config *cfg, const struct vmm_ops *ops,
		     void *ctx);

/* Handles one fault message (label, message registers mr[0..len)) from vCPU `vcpu`. */
enum vmm_outcome vmm_handle_fault(struct vmm *v, u64 vcpu, u64 label, const u64 *mr, u32 len,
				  struct vmm_reply *r);

/* Prints a formatted line through ops->puts. */
void vmm_printf(struct vmm *v, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Loads the guest's initial RAM (config.load[]) over guest RAM and writes fresh rng-seed and
 * kaslr-seed properties into the DTB's /chosen (vmm_seed_dtb), then cleans what it wrote. */
void vmm_load_guest(struct vmm *v);
/* Adds /chosen/rng-seed (64 bytes) and /chosen/kaslr-seed (8) to the DTB in guest RAM, from
 * the TRNG when the policy forwards TRNG_RND64 and the secure world has entropy; else adds
 * nothing and says so. Returns true if it added them. */
bool vmm_seed_dtb(struct vmm *v);
/* Boot and every reset: loads the guest and starts vCPU 0 at the entry with x0 = the DTB.
 * Returns false (after saying why) if vCPU 0 cannot be started. */
bool vmm_start(struct vmm *v);

/* Stops the guest: flushes the console line, suspends every vCPU. */
void vmm_stop_guest(struct vmm *v);
/* Stops the guest for a fault (says so; the VMM then exits with status 1, which the kernel's
 * power-off line counts). */
void vmm_fault_stop(struct vmm *v);

/* --- pieces, exposed for the unit tests ---------------------------------------------------- */

/* The policy entry covering fid (SVE hint already cleared), or NULL (denied). */
const struct vmm_policy_entry *vmm_policy_lookup(const struct vmm_config *cfg, u32 fid);
/* The function ID as looked up: w0, with the SVE hint (bit 16) cleared for fast calls. */
u32 vmm_fid_normalize(u64 x0);
/* The action the policy gives fid (VMM_DENY when no range covers it). */
u32 vmm_policy_action(const struct vmm_config *cfg, u32 fid);
/* The vCPU index an MPIDR names, or -1 (bit 31 ignored; Aff1..Aff3 and other bits must be 0). */
int vmm_mpidr_to_vcpu(const struct vmm *v, u64 mpidr);
/* "emulate", "forward", "deny". */
const char *vmm_action_name(u32 action);

/* SMC or HVC (label FAULT_VCPU_SMC/HVC): fills r or stops the vCPU. x = x0..x17. */
enum vmm_outcome vmm_smccc(struct vmm *v, u32 vcpu, u64 imm, const u64 *x, struct vmm_reply *r);

/* MMIO: a data abort with a valid syndrome at an emulated device. Returns false if no device
 * is at ipa. A read's value is returned in *val (size bytes, zero-extended). */
bool vmm_mmio_read(struct vmm *v, u32 vcpu, u64 ipa, u32 size, u64 *val);
bool vmm_mmio_write(struct vmm *v, u32 vcpu, u64 ipa, u32 size, u64 val);

/* Device models: offsets within the device, accesses of 1, 2, 4 or 8 bytes. */
void pl011_reset(struct vmm *v);
/* Bytes arrive on the UART's receive line (console input). */
void pl011_receive(struct vmm *v, const u8 *bytes, u32 n);
u64 pl011_read(struct vmm *v, u64 off, u32 size);
void pl011_write(struct vmm *v, u64 off, u32 size, u64 val);
void pl011_flush(struct vmm *v);

/* Register-model helpers: a device as 32-bit words; wider and narrower accesses are split or
 * masked (byte lanes, little-endian). */
typedef u32 (*vmm_word_read)(struct vmm *v, u32 unit, u64 off);
typedef void (*vmm_word_write)(struct vmm *v, u32 unit, u64 off, u32 val, u32 mask);
u64 vmm_access_read(struct vmm *v, u32 unit, u64 off, u32 size, vmm_word_read rd);
void vmm_access_write(struct vmm *v, u32 unit, u64 off, u32 size, u64 val, vmm_word_write wr);

/* The PL011's interrupt (SPI 1, as on QEMU's virt board) and what the model's UARTFR reads with
 * nothing received (registers: warden/pl011.h). */
#define PL011_INTID 33
#define PL011_FR_VALUE (PL011_FR_TXFE | PL011_FR_RXFE)

/* ESR fields of a data abort (ISS, Arm ARM D17.2.40). */
#define ESR_DABT_ISV (1u << 24)
#define ESR_DABT_SAS(esr) (((esr) >> 22) & 3u)
#define ESR_DABT_SSE (1u << 21)
#define ESR_DABT_SRT(esr) (((esr) >> 16) & 31u)
#define ESR_DABT_SF (1u << 15)
#define ESR_DABT_WNR (1u << 6)

#endif
