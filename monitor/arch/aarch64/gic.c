/* The secure half of the GICv3 (Arm IHI 0069): QEMU with secure=on resets every interrupt to
 * Group 0, and only secure code can hand them to the non-secure world. The monitor makes every
 * SPI, SGI and PPI non-secure Group 1, turns on affinity routing, wakes each CPU's redistributor
 * and enables the system-register interface for EL3 and EL2. */
#include "arch.h"
#include "mmio.h"
#include "sysreg.h"

#define GICD_BASE 0x08000000ul
#define GICR_BASE 0x080a0000ul
#define GICR_STRIDE 0x20000ul /* RD_base + SGI_base frames */
#define GICR_SGI 0x10000ul

#define GICD_CTLR 0x0000
#define GICD_TYPER 0x0004
#define GICD_IGROUPR 0x0080
#define GICD_IGRPMODR 0x0d00
#define GICD_CTLR_ENABLE_G0 (1u << 0)
#define GICD_CTLR_ENABLE_G1NS (1u << 1)
#define GICD_CTLR_ARE_S (1u << 4)
#define GICD_CTLR_ARE_NS (1u << 5)
#define GICD_CTLR_RWP (1u << 31)

#define GICR_TYPER 0x0008
#define GICR_WAKER 0x0014
#define GICR_TYPER_LAST (1ul << 4)
#define GICR_WAKER_PROCESSOR_SLEEP (1u << 1)
#define GICR_WAKER_CHILDREN_ASLEEP (1u << 2)
#define GICR_IGROUPR0 (GICR_SGI + 0x0080)
#define GICR_IGRPMODR0 (GICR_SGI + 0x0d00)
#define GICR_ISENABLER0 (GICR_SGI + 0x0100)
#define GICR_IPRIORITYR (GICR_SGI + 0x0400)

/* ICC registers by encoding (Arm IHI 0069, 12.2). */
#define ICC_PMR_EL1 S3_0_C4_C6_0
#define ICC_IAR0_EL1 S3_0_C12_C8_0
#define ICC_EOIR0_EL1 S3_0_C12_C8_1
#define ICC_SGI0R_EL1 S3_0_C12_C11_7
#define ICC_IGRPEN0_EL1 S3_0_C12_C12_6
#define INTID_SPURIOUS 1023u

static void gicd_wait_rwp(void)
{
	while (mmio_read32(GICD_BASE + GICD_CTLR) & GICD_CTLR_RWP)
		;
}

void gic_init_distributor(void)
{
	unsigned lines = ((mmio_read32(GICD_BASE + GICD_TYPER) & 0x1f) + 1) * 32;

	mmio_write32(GICD_BASE + GICD_CTLR, GICD_CTLR_ARE_S | GICD_CTLR_ARE_NS);
	gicd_wait_rwp();
	/* With affinity routing, register 0 (INTIDs 0-31) lives in each redistributor. */
	for (unsigned n = 1; n < lines / 32; n++) {
		mmio_write32(GICD_BASE + GICD_IGROUPR + 4 * n, ~0u);
		mmio_write32(GICD_BASE + GICD_IGRPMODR + 4 * n, 0);
	}
	mmio_write32(GICD_BASE + GICD_CTLR, GICD_CTLR_ARE_S | GICD_CTLR_ARE_NS |
						GICD_CTLR_ENABLE_G1NS | GICD_CTLR_ENABLE_G0);
	gicd_wait_rwp();
}

/* This CPU's redistributor: the one whose GICR_TYPER affinity matches MPIDR_EL1. */
static u64 gicr_for_this_cpu(void)
{
	u64 mpidr = read_sysreg(mpidr_el1);
	u64 aff = (mpidr & 0xffffff) | ((mpidr >> 32) & 0xff) << 24;

	for (u64 rd = GICR_BASE;; rd += GICR_STRIDE) {
		u64 typer = mmio_read64(rd + GICR_TYPER);
		if ((typer >> 32) == aff)
			return rd;
		if (typer & GICR_TYPER_LAST)
			return 0;
	}
}

bool gic_init_cpu(void)
{
	u64 rd = gicr_for_this_cpu();

	if (!rd)
		return false;
	mmio_write32(rd + GICR_WAKER, mmio_read32(rd + GICR_WAKER) & ~GICR_WAKER_PROCESSOR_SLEEP);
	while (mmio_read32(rd + GICR_WAKER) & GICR_WAKER_CHILDREN_ASLEEP)
		;
	/* Every SGI and PPI non-secure Group 1 but the wake-up SGI: secure Group 0, enabled, at
	 * the highest priority, so only EL3 sees it (non-secure writes cannot change it). */
	mmio_write32(rd + GICR_IGROUPR0, ~(1u << GIC_WAKE_SGI));
	mmio_write32(rd + GICR_IGRPMODR0, 0);
	u64 prio = rd + GICR_IPRIORITYR + (GIC_WAKE_SGI & ~3u); /* one byte per INTID */
	mmio_write32(prio, mmio_read32(prio) & ~(0xffu << 8 * (GIC_WAKE_SGI & 3)));
	mmio_write32(rd + GICR_ISENABLER0, 1u << GIC_WAKE_SGI);
	write_sysreg(icc_sre_el3, ICC_SRE_SRE | ICC_SRE_DFB | ICC_SRE_DIB | ICC_SRE_ENABLE);
	isb();
	write_sysreg(icc_sre_el2, ICC_SRE_SRE | ICC_SRE_DFB | ICC_SRE_DIB | ICC_SRE_ENABLE);
	isb();
	return true;
}

void gic_wake_cpu(unsigned cpu)
{
	/* ICC_SGI0R_EL1: INTID 27:24, Aff3..Aff1 = 0 (QEMU virt's one cluster), target list 15:0.
	 */
	dsb_sy();
	write_sysreg(ICC_SGI0R_EL1, (u64)GIC_WAKE_SGI << 24 | (1u << cpu));
	isb();
}

void gic_wake_enable(bool on)
{
	if (on)
		write_sysreg(ICC_PMR_EL1, 0xff);
	write_sysreg(ICC_IGRPEN0_EL1, on ? 1 : 0);
	isb();
}

void gic_wake_ack(void)
{
	u64 intid = read_sysreg(ICC_IAR0_EL1) & 0xffffff;

	if (intid != INTID_SPURIOUS) {
		write_sysreg(ICC_EOIR0_EL1, intid);
		isb();
	}
}
