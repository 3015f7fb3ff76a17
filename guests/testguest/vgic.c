/* The test guest's GICv3 checks (docs/vgic.md): SGIs through ICC_SGI1R_EL1 (unicast, target
 * list, broadcast) and ICC_SGI0R_EL1's group rule, pending and active state read back through
 * the redistributor and the distributor (also while the interrupt sits in a list register),
 * ICPENDR, the priority mask, more pending interrupts than list registers, a level-triggered
 * SPI raised by the VMM and re-sampled at EOI (bootargs vgic-spi: the policy emulates
 * WARDEN_HYP_SET_SPI), and EOImode 1 with ICC_DIR_EL1.
 *
 * vCPU 0 keeps its IRQs masked and acknowledges by hand (ICC_IAR1_EL1 works whatever PSTATE.I
 * says); vCPUs 1..3 take their interrupts in the IRQ handler, which counts them in irq_seen. */
#include <guest.h>
#include <warden/smccc.h>

#include "vgic.h"

#define GICD_CTLR 0x0000
#define GICD_IGROUPR 0x0080
#define GICD_ISENABLER 0x0100
#define GICD_ISPENDR 0x0200
#define GICD_ISACTIVER 0x0300
#define GICD_IPRIORITYR 0x0400
#define GICD_ICFGR 0x0c00
#define GICD_IROUTER 0x6000
#define GICR_WAKER 0x0014
#define GICR_SGI 0x10000
#define GICR_IGROUPR0 (GICR_SGI + 0x080)
#define GICR_ISENABLER0 (GICR_SGI + 0x100)
#define GICR_ISPENDR0 (GICR_SGI + 0x200)
#define GICR_ICPENDR0 (GICR_SGI + 0x280)
#define GICR_ISACTIVER0 (GICR_SGI + 0x300)
#define GICR_ICACTIVER0 (GICR_SGI + 0x380)
#define GICR_IPRIORITYR (GICR_SGI + 0x400)

#define WARDEN_HYP_SET_SPI 0x86000101u /* user/vmm/vmm.h */
#define SPURIOUS 1023u
#define WAIT_MS 1000

/* Plain ldr/str only: a load or store with writeback has no syndrome to emulate from. */
static void mmio_write8(u64 addr, u8 v)
{
	__asm__ volatile("strb %w0, [%1]" ::"r"(v), "r"(addr) : "memory");
}

static void mmio_write64(u64 addr, u64 v)
{
	__asm__ volatile("str %0, [%1]" ::"r"(v), "r"(addr) : "memory");
}

static u64 rd_base(unsigned cpu)
{
	return GUEST_GICR_BASE + cpu * GUEST_GICR_STRIDE;
}

static u32 iar(void)
{
	u32 v = (u32)sysreg_read(S3_0_C12_C12_0); /* ICC_IAR1_EL1 */
	isb();
	return v;
}

static void eoir(u32 intid)
{
	sysreg_write(S3_0_C12_C12_1, intid); /* ICC_EOIR1_EL1 */
	isb();
}

static void dir(u32 intid)
{
	sysreg_write(S3_0_C12_C11_1, intid); /* ICC_DIR_EL1 */
	isb();
}

static void sgi1r(u64 v)
{
	sysreg_write(S3_0_C12_C11_5, v);
	isb();
}

static void sgi0r(u64 v)
{
	sysreg_write(S3_0_C12_C11_7, v);
	isb();
}

static u64 sgi_to(u32 intid, u32 targets)
{
	return (u64)intid << 24 | targets;
}

#define SGIR_IRM (1ull << 40)

/* An acknowledge that lets a maintenance interrupt refill the list registers first: a few
 * tries before "nothing pending" counts. */
static u32 iar_settled(void)
{
	u32 v = SPURIOUS;
	for (int i = 0; i < 200 && v == SPURIOUS; i++)
		v = iar();
	return v;
}

/* Every SGI and PPI of this vCPU Group 1 at priority 0xa0, SGIs enabled, CPU interface on. */
void vgic_cpu_setup(unsigned cpu)
{
	u64 rd = rd_base(cpu);

	mmio_write32(rd + GICR_WAKER, 0);
	for (int i = 0; i < 1000 && (mmio_read32(rd + GICR_WAKER) & 4); i++)
		;
	mmio_write32(rd + GICR_IGROUPR0, 0xffffffff);
	for (unsigned i = 0; i < 4; i++)
		mmio_write32(rd + GICR_IPRIORITYR + 4 * i, 0xa0a0a0a0);
	mmio_write32(rd + GICR_ISENABLER0, 0xffff);
	sysreg_write(S3_0_C12_C12_5, sysreg_read(S3_0_C12_C12_5) | 1); /* ICC_SRE_EL1.SRE */
	isb();
	sysreg_write(S3_0_C4_C6_0, 0xff); /* ICC_PMR_EL1 */
	sysreg_write(S3_0_C12_C12_3, 0);  /* ICC_BPR1_EL1 */
	sysreg_write(S3_0_C12_C12_4, 0);  /* ICC_CTLR_EL1: EOImode 0 */
	sysreg_write(S3_0_C12_C12_7, 1);  /* ICC_IGRPEN1_EL1 */
	isb();
}

static bool seen_within(unsigned cpu, u32 intid, u32 want)
{
	u64 end = now_ticks() + ms_to_ticks(WAIT_MS);
	while (irq_seen[cpu][intid] < want && now_ticks() < end)
		__asm__ volatile("wfe" ::: "memory");
	return irq_seen[cpu][intid] >= want;
}

/* Gives the other vCPUs time to take what they might wrongly have been sent. */
static void settle(void)
{
	u64 end = now_ticks() + ms_to_ticks(50);
	while (now_ticks() < end)
		__asm__ volatile("wfe" ::: "memory");
}

static bool pend_bit(unsigned cpu, u32 intid)
{
	return (mmio_read32(rd_base(cpu) + GICR_ISPENDR0) >> intid) & 1;
}

static bool active_bit(unsigned cpu, u32 intid)
{
	return (mmio_read32(rd_base(cpu) + GICR_ISACTIVER0) >> intid) & 1;
}

static void test_self_sgi(void)
{
	sgi1r(sgi_to(1, 1)); /* to vCPU 0 itself */
	check(pend_bit(0, 1), "vgic-sgi-pending-readback", "GICR_ISPENDR0 0x%x after an SGI 1",
	      mmio_read32(rd_base(0) + GICR_ISPENDR0));
	u32 got = iar();
	check(got == 1, "vgic-sgi-self", "ICC_IAR1_EL1 = %u, want 1", got);
	check(active_bit(0, 1) && !pend_bit(0, 1), "vgic-active-readback",
	      "after the acknowledge: ISACTIVER0 0x%x, ISPENDR0 0x%x",
	      mmio_read32(rd_base(0) + GICR_ISACTIVER0), mmio_read32(rd_base(0) + GICR_ISPENDR0));
	/* Pending again while active: both bits. */
	sgi1r(sgi_to(1, 1));
	check(active_bit(0, 1) && pend_bit(0, 1), "vgic-active-and-pending-readback",
	      "ISACTIVER0 0x%x, ISPENDR0 0x%x", mmio_read32(rd_base(0) + GICR_ISACTIVER0),
	      mmio_read32(rd_base(0) + GICR_ISPENDR0));
	eoir(1);
	got = iar();
	eoir(got);
	check(got == 1 && !active_bit(0, 1) && !pend_bit(0, 1), "vgic-sgi-taken-twice",
	      "second acknowledge %u, then ISACTIVER0 0x%x", got,
	      mmio_read32(rd_base(0) + GICR_ISACTIVER0));
	/* ICPENDR and ICACTIVER reach an interrupt held in a list register. */
	sgi1r(sgi_to(2, 1));
	mmio_write32(rd_base(0) + GICR_ICPENDR0, 1u << 2);
	got = iar();
	check(got == SPURIOUS && !pend_bit(0, 2), "vgic-icpendr-in-lr",
	      "after ICPENDR0: acknowledge %u, ISPENDR0 0x%x", got,
	      mmio_read32(rd_base(0) + GICR_ISPENDR0));
	sgi1r(sgi_to(2, 1));
	got = iar();
	mmio_write32(rd_base(0) + GICR_ICACTIVER0, 1u << 2);
	check(got == 2 && !active_bit(0, 2), "vgic-icactiver-in-lr",
	      "acknowledged %u; after ICACTIVER0: ISACTIVER0 0x%x", got,
	      mmio_read32(rd_base(0) + GICR_ISACTIVER0));
	eoir(2); /* the CPU interface still has its priority active: drop it */
	/* A disabled SGI stays pending and is not signalled until enabled. */
	mmio_write32(rd_base(0) + GICR_SGI + 0x180, 1u << 3); /* ICENABLER0 */
	sgi1r(sgi_to(3, 1));
	got = iar();
	check(got == SPURIOUS && pend_bit(0, 3), "vgic-disabled-held", "acknowledge %u", got);
	mmio_write32(rd_base(0) + GICR_ISENABLER0, 1u << 3);
	got = iar();
	eoir(got);
	check(got == 3, "vgic-enabled-delivered", "acknowledge %u after ISENABLER0", got);
}

static void test_other_vcpus(void)
{
	u32 b[GUEST_MAX_CPUS][16];
	for (unsigned c = 0; c < 4; c++)
		for (unsigned i = 0; i < 16; i++)
			b[c][i] = irq_seen[c][i];

	sgi1r(sgi_to(3, 1u << 2)); /* vCPU 2 only */
	bool two = seen_within(2, 3, b[2][3] + 1);
	settle();
	check(two && irq_seen[1][3] == b[1][3] && irq_seen[3][3] == b[3][3] && !pend_bit(0, 3),
	      "vgic-sgi-unicast", "vCPU 2 %s it; vCPUs 1, 3 took it %u, %u times",
	      two ? "took" : "never took", irq_seen[1][3] - b[1][3], irq_seen[3][3] - b[3][3]);

	sgi1r(sgi_to(4, (1u << 1) | (1u << 3))); /* vCPUs 1 and 3 */
	bool one = seen_within(1, 4, b[1][4] + 1), three = seen_within(3, 4, b[3][4] + 1);
	settle();
	check(one && three && irq_seen[2][4] == b[2][4] && !pend_bit(0, 4), "vgic-sgi-target-list",
	      "vCPU 1 %u, vCPU 3 %u, vCPU 2 %u, vCPU 0 pending %u", irq_seen[1][4] - b[1][4],
	      irq_seen[3][4] - b[3][4], irq_seen[2][4] - b[2][4], pend_bit(0, 4));

	sgi1r(sgi_to(5, 0) | SGIR_IRM); /* everyone but the sender */
	bool all = seen_within(1, 5, b[1][5] + 1) && seen_within(2, 5, b[2][5] + 1) &&
		   seen_within(3, 5, b[3][5] + 1);
	settle();
	check(all && !pend_bit(0, 5) && irq_seen[1][5] == b[1][5] + 1 &&
		  irq_seen[2][5] == b[2][5] + 1 && irq_seen[3][5] == b[3][5] + 1,
	      "vgic-sgi-broadcast", "vCPUs 1..3 took it %u, %u, %u times; the sender pending %u",
	      irq_seen[1][5] - b[1][5], irq_seen[2][5] - b[2][5], irq_seen[3][5] - b[3][5],
	      pend_bit(0, 5));

	/* ICC_SGI0R_EL1 generates Group 0 SGIs only: the guest's SGIs are all Group 1. */
	sgi0r(sgi_to(6, 1u << 1));
	settle();
	check(irq_seen[1][6] == b[1][6] && !pend_bit(1, 6), "vgic-sgi0r-group1-ignored",
	      "vCPU 1 took it %u times, pending %u", irq_seen[1][6] - b[1][6], pend_bit(1, 6));
}

static void test_pmr(void)
{
	sysreg_write(S3_0_C4_C6_0, 0x80); /* ICC_PMR_EL1: only priorities above 0x80 */
	isb();
	sgi1r(sgi_to(7, 1)); /* priority 0xa0 */
	u32 got = iar();
	check(got == SPURIOUS && pend_bit(0, 7), "vgic-pmr-masks",
	      "PMR 0x80, SGI at 0xa0: acknowledge %u, pending %u", got, pend_bit(0, 7));
	sysreg_write(S3_0_C4_C6_0, 0xff);
	isb();
	got = iar();
	eoir(got);
	check(got == 7, "vgic-pmr-opened", "PMR 0xff: acknowledge %u", got);
}

static s64 set_spi(u32 intid, u32 level)
{
	return call3(CONDUIT_HVC, WARDEN_HYP_SET_SPI, intid, level, 0);
}

/* SPIs first..first+n-1 to vCPU 0, Group 1, priority prio, enabled, edge or level. */
static void spi_setup(u32 first, u32 n, bool edge, u8 prio)
{
	for (u32 i = first; i < first + n; i++) {
		u64 d = GUEST_GICD_BASE;
		mmio_write32(d + GICD_IGROUPR + 4 * (i / 32),
			     mmio_read32(d + GICD_IGROUPR + 4 * (i / 32)) | 1u << (i % 32));
		mmio_write8(d + GICD_IPRIORITYR + i, prio);
		u32 cfg = mmio_read32(d + GICD_ICFGR + 4 * (i / 16));
		cfg = edge ? cfg | 2u << (2 * (i % 16)) : cfg & ~(2u << (2 * (i % 16)));
		mmio_write32(d + GICD_ICFGR + 4 * (i / 16), cfg);
		mmio_write64(d + GICD_IROUTER + 8 * i, 0); /* vCPU 0 */
		mmio_write32(d + GICD_ISENABLER + 4 * (i / 32), 1u << (i % 32));
	}
}

static bool spi_bit(u32 reg, u32 intid)
{
	return (mmio_read32(GUEST_GICD_BASE + reg + 4 * (intid / 32)) >> (intid % 32)) & 1;
}

static void test_overflow(bool spis)
{
	/* 16 pending (8 SGIs, and 8 edge SPIs raised by the VMM, or 16 SGIs), 4 list registers
	 * on QEMU: each is acknowledged exactly once. */
	u32 want = 0, seen[GUEST_IRQS] = {0}, taken = 0, dup = 0, odd = 0;
	if (spis) {
		spi_setup(40, 8, true, 0x90);
		for (u32 i = 40; i < 48; i++)
			set_spi(i, 1), set_spi(i, 0);
	}
	for (u32 i = spis ? 8 : 0; i < 16; i++)
		sgi1r(sgi_to(i, 1));
	want = 16;
	for (u32 n = 0; n < 40; n++) {
		u32 got = iar_settled();
		if (got == SPURIOUS)
			break;
		if (got < GUEST_IRQS) {
			if (seen[got]++)
				dup++;
		} else {
			odd++;
		}
		taken++;
		eoir(got);
	}
	u32 missing = 0;
	for (u32 i = spis ? 8 : 0; i < 16; i++)
		missing += seen[i] == 0;
	for (u32 i = 40; spis && i < 48; i++)
		missing += seen[i] == 0;
	check(taken == want && !dup && !odd && !missing, "vgic-lr-overflow",
	      "%u of %u acknowledged, %u twice, %u missing, %u unexpected (%s)", taken, want, dup,
	      missing, odd, spis ? "8 SGIs + 8 SPIs" : "16 SGIs");
	if (spis) /* the SPIs, priority 0x90, come before the SGIs at 0xa0 */
		check(seen[40] && seen[47], "vgic-lr-overflow-spis", "SPI 40 %u, SPI 47 %u",
		      seen[40], seen[47]);
}

static void test_level_spi(void)
{
	const u32 s = 48;
	spi_setup(s, 1, false, 0xa0);
	s64 r = set_spi(s, 1);
	bool pend = spi_bit(GICD_ISPENDR, s);
	u32 got = iar();
	check(r == 0 && pend && got == s, "vgic-spi-from-vmm",
	      "WARDEN_HYP_SET_SPI = %ld, GICD_ISPENDR %u, acknowledge %u", r, pend, got);
	check(spi_bit(GICD_ISACTIVER, s) && spi_bit(GICD_ISPENDR, s), "vgic-spi-active-readback",
	      "GICD_ISACTIVER %u, ISPENDR %u (line high)", spi_bit(GICD_ISACTIVER, s),
	      spi_bit(GICD_ISPENDR, s));
	eoir(s); /* the line is still high: pending again at once */
	got = iar_settled();
	check(got == s, "vgic-spi-level-resampled", "after EOI with the line high: acknowledge %u",
	      got);
	set_spi(s, 0); /* the "device" is served */
	eoir(got);
	got = iar_settled();
	check(got == SPURIOUS && !spi_bit(GICD_ISPENDR, s), "vgic-spi-level-lowered",
	      "after the line fell and EOI: acknowledge %u, pending %u", got,
	      spi_bit(GICD_ISPENDR, s));
	r = set_spi(20, 1);
	check(r != 0, "vgic-spi-ppi-refused", "WARDEN_HYP_SET_SPI(20) = %ld (a PPI)", r);
}

static void test_eoimode1(void)
{
	sysreg_write(S3_0_C12_C12_4, 2); /* ICC_CTLR_EL1.EOImode = 1 */
	isb();
	sgi1r(sgi_to(9, 1));
	u32 got = iar();
	eoir(got); /* priority drop only */
	bool still = active_bit(0, 9);
	u32 other = iar(); /* the running priority dropped: another may come, none is there */
	dir(got);
	check(got == 9 && still && other == SPURIOUS && !active_bit(0, 9), "vgic-eoimode1-dir",
	      "acknowledge %u, active after EOIR %u, after DIR %u", got, still, active_bit(0, 9));
	sysreg_write(S3_0_C12_C12_4, 0);
	isb();
}

void test_vgic(bool direct, bool spi_hook, void (*start)(unsigned cpu))
{
	vgic_cpu_setup(0);
	__asm__ volatile("msr daifset, #2" ::: "memory");
	test_self_sgi();
	test_pmr();
	test_eoimode1();
	for (unsigned c = 1; c < 4; c++)
		start(c);
	test_other_vcpus();
	test_overflow(spi_hook && !direct);
	if (spi_hook && !direct)
		test_level_spi();
}
