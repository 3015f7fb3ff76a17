/* GICv3 driver for the non-secure side (Arm IHI 0069). Under the project's monitor the secure
 * half is already set up (interrupts in non-secure Group 1); under firmware without security
 * (QEMU's own) this code also moves interrupts to Group 1, which is harmless otherwise. */
#include <kernel/console.h>
#include <kernel/gic.h>
#include <kernel/sysreg.h>
#include <warden/fdt.h>

#define GICD_CTLR 0x0000
#define GICD_TYPER 0x0004
#define GICD_IGROUPR 0x0080
#define GICD_ISENABLER 0x0100
#define GICD_ICENABLER 0x0180
#define GICD_IPRIORITYR 0x0400
#define GICD_ICFGR 0x0c00
#define GICD_IROUTER 0x6000
#define GICD_CTLR_RWP BIT(31)
#define GICD_CTLR_ARE_NS BIT(4)
#define GICD_CTLR_ENABLE_G1 BIT(1)

#define GICR_WAKER 0x0014
#define GICR_TYPER 0x0008
#define GICR_SGI 0x10000 /* the SGI/PPI frame */
#define GICR_IGROUPR0 (GICR_SGI + 0x0080)
#define GICR_ISENABLER0 (GICR_SGI + 0x0100)
#define GICR_ICENABLER0 (GICR_SGI + 0x0180)
#define GICR_IPRIORITYR (GICR_SGI + 0x0400)
#define GICR_ICFGR1 (GICR_SGI + 0x0c04)
#define GICR_TYPER_LAST BIT(4)
#define GICR_TYPER_VLPIS BIT(1)

#define IRQ_PRIORITY 0xa0

static u64 gicd, gicr; /* gicr: this CPU's redistributor */
static u32 max_intid;

static inline u32 rd32(u64 a)
{
	return *(volatile u32 *)a;
}

static inline void wr32(u64 a, u32 v)
{
	*(volatile u32 *)a = v;
}

static void gicd_wait(void)
{
	while (rd32(gicd + GICD_CTLR) & GICD_CTLR_RWP)
		;
}

static bool find_redistributor(u64 base, u64 size)
{
	u64 mpidr = cpu_mpidr();
	u64 aff = (mpidr & 0xffffff) | ((mpidr >> 32 & 0xff) << 24);

	for (u64 off = 0; off < size;) {
		u64 typer = *(volatile u64 *)(base + off + GICR_TYPER);
		if ((typer >> 32) == aff) {
			gicr = base + off;
			return true;
		}
		if (typer & GICR_TYPER_LAST)
			break;
		off += (typer & GICR_TYPER_VLPIS) ? 0x40000 : 0x20000;
	}
	return false;
}

bool gic_init(const void *dtb)
{
	int node = fdt_find_compatible(dtb, -1, "arm,gic-v3");
	u64 size, rbase, rsize;

	if (node < 0 || !fdt_reg(dtb, node, 0, &gicd, &size) ||
	    !fdt_reg(dtb, node, 1, &rbase, &rsize) || !find_redistributor(rbase, rsize))
		return false;
	max_intid = 32 * ((rd32(gicd + GICD_TYPER) & 0x1f) + 1) - 1;
	if (max_intid > 1019)
		max_intid = 1019;

	/* Distributor: affinity routing, Group 1 enabled; SPIs disabled until bound. */
	for (u32 i = 32; i <= max_intid; i += 32) {
		wr32(gicd + GICD_ICENABLER + i / 8, ~0u);
		wr32(gicd + GICD_IGROUPR + i / 8, ~0u);
	}
	wr32(gicd + GICD_CTLR, GICD_CTLR_ARE_NS | GICD_CTLR_ENABLE_G1);
	gicd_wait();

	/* Redistributor: awake, SGIs and PPIs in Group 1, all disabled. */
	wr32(gicr + GICR_WAKER, rd32(gicr + GICR_WAKER) & ~2u);
	while (rd32(gicr + GICR_WAKER) & 4u)
		;
	wr32(gicr + GICR_ICENABLER0, ~0u);
	wr32(gicr + GICR_IGROUPR0, ~0u);

	/* CPU interface: system registers, all priorities unmasked, Group 1 on. */
	write_sysreg(S3_4_C12_C9_5, read_sysreg(S3_4_C12_C9_5) | 0x9); /* ICC_SRE_EL2: SRE|Enable */
	isb();
	write_sysreg(S3_0_C4_C6_0, 0xff); /* ICC_PMR_EL1 */
	write_sysreg(S3_0_C12_C12_3, 0);  /* ICC_BPR1_EL1 */
	write_sysreg(S3_0_C12_C12_7, 1);  /* ICC_IGRPEN1_EL1 */
	isb();
	return true;
}

void gic_enable_irq(u32 intid, bool edge)
{
	if (intid < 32) {
		u64 pr = gicr + GICR_IPRIORITYR + (intid & ~3u);
		wr32(pr,
		     (rd32(pr) & ~(0xffu << 8 * (intid & 3))) | IRQ_PRIORITY << 8 * (intid & 3));
		if (intid >= 16) {
			u32 shift = 2 * (intid - 16);
			u32 cfg = rd32(gicr + GICR_ICFGR1) & ~(2u << shift);
			wr32(gicr + GICR_ICFGR1, cfg | (edge ? 2u << shift : 0));
		}
		wr32(gicr + GICR_ISENABLER0, 1u << intid);
		return;
	}
	u64 pr = gicd + GICD_IPRIORITYR + (intid & ~3u);
	wr32(pr, (rd32(pr) & ~(0xffu << 8 * (intid & 3))) | IRQ_PRIORITY << 8 * (intid & 3));
	u64 cfgr = gicd + GICD_ICFGR + (intid / 16) * 4;
	u32 shift = 2 * (intid % 16);
	wr32(cfgr, (rd32(cfgr) & ~(2u << shift)) | (edge ? 2u << shift : 0));
	u64 mpidr = cpu_mpidr();
	*(volatile u64 *)(gicd + GICD_IROUTER + 8 * intid) = mpidr & 0xff00ffffffull;
	wr32(gicd + GICD_ISENABLER + (intid / 32) * 4, 1u << (intid % 32));
}

void gic_disable_irq(u32 intid)
{
	if (intid < 32)
		wr32(gicr + GICR_ICENABLER0, 1u << intid);
	else
		wr32(gicd + GICD_ICENABLER + (intid / 32) * 4, 1u << (intid % 32));
}

u32 gic_max_intid(void)
{
	return max_intid;
}

u32 gic_ack(void)
{
	u32 intid = (u32)read_sysreg(S3_0_C12_C12_0); /* ICC_IAR1_EL1 */
	dsb(sy);
	return intid;
}

void gic_eoi(u32 intid)
{
	write_sysreg(S3_0_C12_C12_1, intid); /* ICC_EOIR1_EL1 */
	isb();
}
