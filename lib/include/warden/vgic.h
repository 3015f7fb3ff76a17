/* The virtual GICv3's state machine (docs/vgic.md): a guest's distributor (SPIs), one
 * redistributor per vCPU (SGIs, PPIs), and the choice of what goes into each vCPU's list
 * registers. Portable: the kernel (kernel/vgic.c) runs it for every VM, the host tests
 * (tests/unit/test_vgic.c) against arrays that stand in for the list registers.
 *
 * The state of an interrupt held in a list register is that register's: the core folds the
 * registers back into its own state (vgic_fold) before it reads or changes an interrupt, and
 * refills them (vgic_flush) after. The environment provides four hooks (below): keep a vCPU's
 * lr[] array current with the hardware, and hear of wake-ups and deactivated level PPIs. */
#ifndef WARDEN_VGIC_H
#define WARDEN_VGIC_H
#include <warden/types.h>

#define VGIC_MAX_CPUS 16
#define VGIC_NR_SPIS 64			 /* INTIDs 32..95: GICD_TYPER.ITLinesNumber = 2 */
#define VGIC_NR_IRQS (32 + VGIC_NR_SPIS) /* every INTID the vGIC has */
#define VGIC_MAX_LR 16
#define VGIC_MAINT_INTID 25 /* the maintenance interrupt's PPI on QEMU virt (and SBSA) */
#define VGIC_NO_PRIO 0x100  /* struct vgic_cpu.wait_prio: nothing waits */

/* Frame sizes in the guest's physical address space. */
#define VGIC_GICD_SIZE 0x10000ull
#define VGIC_GICR_SIZE 0x20000ull /* RD frame + SGI frame */

/* ICH_LR<n>_EL2 fields (GIC architecture 12.5.x). */
#define ICH_LR_VINTID_MASK 0xffffffffull
#define ICH_LR_EOI (1ull << 41) /* HW = 0: maintenance interrupt when deactivated */
#define ICH_LR_PRIO_SHIFT 48
#define ICH_LR_GROUP1 (1ull << 60)
#define ICH_LR_HW (1ull << 61)
#define ICH_LR_PENDING (1ull << 62)
#define ICH_LR_ACTIVE (1ull << 63)
#define ICH_LR_STATE (ICH_LR_PENDING | ICH_LR_ACTIVE)

/* ICH_HCR_EL2 bits the core sets; ICH_VMCR_EL2 fields it reads. */
#define ICH_HCR_EN (1ull << 0)
#define ICH_HCR_UIE (1ull << 1)	 /* maintenance when at most one LR is valid */
#define ICH_HCR_NPIE (1ull << 3) /* maintenance when no LR is pending */
#define ICH_HCR_EOICOUNT_SHIFT 27
#define ICH_VMCR_VENG0 (1ull << 0)
#define ICH_VMCR_VENG1 (1ull << 1)
#define ICH_VMCR_VEOIM (1ull << 9)
#define ICH_VMCR_VPMR_SHIFT 24

/* Per-interrupt state bits (struct vgic_irq.flags). */
#define VGIC_ENABLED (1u << 0)
#define VGIC_PENDING (1u << 1) /* the latch: an edge, ISPENDR, an SGI */
#define VGIC_LINE (1u << 2)    /* level of the input line (level-sensitive interrupts) */
#define VGIC_ACTIVE (1u << 3)
#define VGIC_GROUP1 (1u << 4)
#define VGIC_GRPMOD (1u << 5) /* IGRPMODR: stored only (one security state) */
#define VGIC_EDGE (1u << 6)   /* ICFGR: edge-triggered */
#define VGIC_IN_LR (1u << 7)  /* held in a list register of cpu lr_cpu: that LR is the state */

struct vgic_irq {
	u8 flags;
	u8 priority; /* as the guest wrote it, cut to the implemented bits */
	u8 lr_cpu;   /* VGIC_IN_LR: whose list register, and which */
	u8 lr;
};

struct vgic;

struct vgic_cpu {
	struct vgic *gic;
	void *owner; /* the environment's vCPU (the kernel's struct tcb) */
	u32 index;   /* in its VM: the redistributor's position, Processor_Number */
	u64 mpidr;   /* the vCPU's MPIDR_EL1 (affinity for GICR_TYPER, IROUTER, SGIs) */
	u32 waker;   /* GICR_WAKER.ProcessorSleep (bit 1); ChildrenAsleep follows it */
	struct vgic_irq priv[32];    /* SGIs 0..15, PPIs 16..31 */
	u64 lr[VGIC_MAX_LR];	     /* the list registers (the hooks keep them current) */
	u64 lr_written[VGIC_MAX_LR]; /* what vgic_flush wrote: to see what the guest did since */
	u32 lr_used;		     /* LRs 0..lr_used-1 may be valid; the rest are 0 */
	u64 hcr;		     /* ICH_HCR_EL2 to run with: En, UIE/NPIE on overflow */
	u32 eois_lost;		     /* EOIs of interrupts in no LR (ICH_HCR_EL2.EOIcount) */
	u32 eoi_ppis;		     /* level PPIs deactivated, to re-sample (bit n: INTID n) */
	/* The best (lowest) priority in Group 0 and Group 1 among the interrupts pending, enabled
	 * and group-enabled for this vCPU that are in no list register (more than fit), or
	 * VGIC_NO_PRIO: kept at every vgic_flush, so vgic_core_has_pending walks no INTIDs. */
	u16 wait_prio[2];
};

struct vgic {
	u32 ctlr; /* GICD_CTLR: EnableGrp0, EnableGrp1 */
	u32 nr_cpus, nr_lr;
	u8 prio_mask; /* the priority bits implemented (ICH_VTR_EL2.PRIbits) */
	struct vgic_irq spi[VGIC_NR_SPIS];
	u64 irouter[VGIC_NR_SPIS];
	struct vgic_cpu *cpu[VGIC_MAX_CPUS];
};

/* --- hooks the environment provides ---------------------------------------------------------- */

/* Make c->lr[0..nr_lr) what the hardware holds (c's registers may be live in the CPU). */
void vgic_hook_lr_fetch(struct vgic_cpu *c);
/* c->lr[] and c->hcr changed: put them into the hardware if c's registers are live. */
void vgic_hook_lr_commit(struct vgic_cpu *c);
/* An interrupt became pending for c: wake it if it waits (vcpu_kick). */
void vgic_hook_kick(struct vgic_cpu *c);
/* c deactivated level-sensitive PPI intid: re-sample its line (vtimer_line_eoi). */
void vgic_hook_line_eoi(struct vgic_cpu *c, u32 intid);

/* --- set-up ------------------------------------------------------------------------------------
 */

/* A VM's vGIC with nr_cpus vCPUs, each with nr_lr list registers and pri_bits priority bits
 * (ICH_VTR_EL2); cpus[0..nr_cpus) hold the vCPUs' state. Everything at reset. */
void vgic_init(struct vgic *g, struct vgic_cpu *cpus, u32 nr_cpus, u32 nr_lr, u32 pri_bits);
/* Names vCPU index's MPIDR and the environment's object for it; returns its state. */
struct vgic_cpu *vgic_cpu_attach(struct vgic *g, u32 index, u64 mpidr, void *owner);
/* Every interrupt, every redistributor and every list register back to reset (SYSTEM_RESET). */
void vgic_reset(struct vgic *g);
/* vCPU c is reset (VCPU_RESET, PSCI CPU_ON): its list registers are folded back and emptied,
 * and the active state of its interrupts dropped (its CPU interface forgets them); pending
 * state and the redistributor's configuration survive, as on hardware. */
void vgic_cpu_reset(struct vgic_cpu *c);

/* --- interrupt sources ------------------------------------------------------------------------ */

/* Drive an interrupt's input line: INTID 16..31 is c's PPI, 32.. an SPI (c is any vCPU). A
 * level-sensitive interrupt is pending while high; an edge-triggered one becomes pending at a
 * rising edge. Returns false for an INTID the vGIC does not have. */
bool vgic_core_set_level(struct vgic_cpu *c, u32 intid, bool level);
/* Latch an interrupt pending: an SGI or PPI of c, or an SPI. */
bool vgic_core_pend(struct vgic_cpu *c, u32 intid);

/* Which system register generated an SGI (Arm ARM: ICC_SGI1R_EL1, ICC_ASGI1R_EL1,
 * ICC_SGI0R_EL1). With one security state (GICD_CTLR.DS = 1), SGI1R pends an SGI of either
 * group; SGI0R and ASGI1R pend only an SGI its target configured as Group 0. */
enum vgic_sgi_reg { VGIC_SGI1R, VGIC_ASGI1R, VGIC_SGI0R };
/* c wrote value to an SGI register: pends the SGI on every target (TargetList with
 * Aff3.Aff2.Aff1 and RS, or with IRM every vCPU but c). Returns the number of targets. */
u32 vgic_core_sgi(struct vgic_cpu *c, u64 value, enum vgic_sgi_reg reg);

/* --- the guest's view ------------------------------------------------------------------------- */

/* An access of size 1, 2, 4 or 8 bytes at off in the distributor (accessor: the vCPU that
 * made it) or in redistributor rd's frames (off < VGIC_GICR_SIZE). Reads return the value in
 * *val; unknown offsets read 0 and ignore writes. */
void vgic_gicd_access(struct vgic_cpu *accessor, u64 off, u32 size, bool write, u64 *val);
void vgic_gicr_access(struct vgic_cpu *rd, u64 off, u32 size, bool write, u64 *val);

/* --- the list registers ----------------------------------------------------------------------- */

/* Moves what the list registers hold back into the state, and empties them (committing). */
void vgic_fold(struct vgic_cpu *c);
/* Fills c's list registers from the state: active interrupts first, then pending ones by
 * priority; sets UIE/NPIE in c->hcr when more wait than fit (commits). */
void vgic_flush(struct vgic_cpu *c);
/* The maintenance interrupt, or any reason to re-evaluate c: fold, flush, and re-sample the
 * level PPIs the guest deactivated. */
void vgic_refresh(struct vgic_cpu *c);

/* Whether c has an interrupt that ends a WFI: pending, enabled, its group enabled in the
 * distributor and in vmcr (ICH_VMCR_EL2), and of higher priority than vmcr's VPMR and than the
 * running priority. Reads c's list registers and c->wait_prio, not every INTID. */
bool vgic_core_has_pending(struct vgic_cpu *c, u64 vmcr);

/* State of one interrupt as the guest sees it (folding first): for tests and diagnostics. */
bool vgic_is_pending(struct vgic_cpu *c, u32 intid);
bool vgic_is_active(struct vgic_cpu *c, u32 intid);

/* --- register offsets ------------------------------------------------------------------------- */

#define GICD_CTLR 0x0000
#define GICD_TYPER 0x0004
#define GICD_IIDR 0x0008
#define GICD_TYPER2 0x000c
#define GICD_STATUSR 0x0010
#define GICD_IGROUPR 0x0080
#define GICD_ISENABLER 0x0100
#define GICD_ICENABLER 0x0180
#define GICD_ISPENDR 0x0200
#define GICD_ICPENDR 0x0280
#define GICD_ISACTIVER 0x0300
#define GICD_ICACTIVER 0x0380
#define GICD_IPRIORITYR 0x0400
#define GICD_ICFGR 0x0c00
#define GICD_IGRPMODR 0x0d00
#define GICD_IROUTER 0x6000
#define GICD_PIDR2 0xffe8
#define GICD_CTLR_ENABLE_G0 (1u << 0)
#define GICD_CTLR_ENABLE_G1 (1u << 1)
#define GICD_CTLR_ARE (1u << 4)
#define GICD_CTLR_DS (1u << 6)
#define GICD_CTLR_RWP (1u << 31)
#define GIC_IIDR_VALUE 0x0000043bu /* implementer Arm */
#define GIC_PIDR2_V3 0x30u
/* IDbits 10 (9 + 1), no LPIs, no MBIs, one security state, ITLinesNumber for the SPIs. */
#define GICD_TYPER_VALUE ((9u << 19) | ((VGIC_NR_IRQS / 32u) - 1u))

#define GICR_CTLR 0x0000
#define GICR_IIDR 0x0004
#define GICR_TYPER 0x0008
#define GICR_STATUSR 0x0010
#define GICR_WAKER 0x0014
#define GICR_PIDR2 0xffe8
#define GICR_SGI_FRAME 0x10000
#define GICR_IGROUPR0 (GICR_SGI_FRAME + 0x0080)
#define GICR_ISENABLER0 (GICR_SGI_FRAME + 0x0100)
#define GICR_ICENABLER0 (GICR_SGI_FRAME + 0x0180)
#define GICR_ISPENDR0 (GICR_SGI_FRAME + 0x0200)
#define GICR_ICPENDR0 (GICR_SGI_FRAME + 0x0280)
#define GICR_ISACTIVER0 (GICR_SGI_FRAME + 0x0300)
#define GICR_ICACTIVER0 (GICR_SGI_FRAME + 0x0380)
#define GICR_IPRIORITYR (GICR_SGI_FRAME + 0x0400)
#define GICR_ICFGR0 (GICR_SGI_FRAME + 0x0c00)
#define GICR_ICFGR1 (GICR_SGI_FRAME + 0x0c04)
#define GICR_IGRPMODR0 (GICR_SGI_FRAME + 0x0d00)
#define GICR_WAKER_SLEEP (1u << 1)
#define GICR_WAKER_CHILDREN_ASLEEP (1u << 2)
#define GICR_TYPER_LAST (1ull << 4)

/* SGI register fields (ICC_SGI1R_EL1 and its siblings). */
#define ICC_SGIR_TARGETS(v) ((u32)(v)&0xffffu)
#define ICC_SGIR_AFF1(v) (((v) >> 16) & 0xffu)
#define ICC_SGIR_INTID(v) ((u32)((v) >> 24) & 0xfu)
#define ICC_SGIR_AFF2(v) (((v) >> 32) & 0xffu)
#define ICC_SGIR_IRM (1ull << 40)
#define ICC_SGIR_RS(v) (((v) >> 44) & 0xfu)
#define ICC_SGIR_AFF3(v) (((v) >> 48) & 0xffu)

#endif
