/* Host tests of the portable vGIC (lib/src/vgic.c): the distributor and redistributor
 * registers, SGI target decode and group rules, pending/active state while an interrupt sits
 * in a list register, more pending interrupts than list registers, level re-sampling at EOI,
 * priority masking, the summary of what waits outside the list registers (against a walk of
 * every INTID, also after random sequences of everything that changes state). The "hardware"
 * is a small model of the GICv3 virtual CPU interface acting on the list registers the core
 * writes (guest_ack, guest_eoi, guest_dir below). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include <warden/vgic.h>

#define NCPU 4
#define NLR 4

static struct vgic gic;
static struct vgic_cpu cpus[NCPU];
static u32 kicks[NCPU], commits[NCPU], line_eois[NCPU][32];
static u64 veoim; /* ICH_VMCR_EL2.VEOIM of the guest model */

void vgic_hook_lr_fetch(struct vgic_cpu *c)
{
	(void)c; /* the arrays are the hardware */
}

void vgic_hook_lr_commit(struct vgic_cpu *c)
{
	commits[c->index]++;
}

void vgic_hook_kick(struct vgic_cpu *c)
{
	kicks[c->index]++;
}

static bool timer_line[NCPU];

void vgic_hook_line_eoi(struct vgic_cpu *c, u32 intid)
{
	line_eois[c->index][intid]++;
	if (intid == 27)
		vgic_core_set_level(c, 27, timer_line[c->index]); /* what vtimer_line_eoi does */
}

static void setup(u32 ncpu)
{
	memset(&gic, 0, sizeof(gic));
	memset(cpus, 0, sizeof(cpus));
	memset(kicks, 0, sizeof(kicks));
	memset(commits, 0, sizeof(commits));
	memset(line_eois, 0, sizeof(line_eois));
	memset(timer_line, 0, sizeof(timer_line));
	veoim = 0;
	vgic_init(&gic, cpus, ncpu, NLR, 5);
	for (u32 i = 0; i < ncpu; i++)
		assert_ptr_equal(vgic_cpu_attach(&gic, i, 0x80000000ull | i, NULL), &cpus[i]);
}

static u64 rdd(u64 off, u32 size)
{
	u64 v = 0xdeadbeef;
	vgic_gicd_access(&cpus[0], off, size, false, &v);
	return v;
}

static void wrd(u64 off, u32 size, u64 v)
{
	vgic_gicd_access(&cpus[0], off, size, true, &v);
}

static u64 rdr(u32 cpu, u64 off, u32 size)
{
	u64 v = 0xdeadbeef;
	vgic_gicr_access(&cpus[cpu], off, size, false, &v);
	return v;
}

static void wrr(u32 cpu, u64 off, u32 size, u64 v)
{
	vgic_gicr_access(&cpus[cpu], off, size, true, &v);
}

/* --- the guest's virtual CPU interface, acting on the list registers -------------------------- */

/* ICC_IAR1_EL1: the highest-priority pending Group 1 LR becomes active; 1023 if none. The
 * running priority (active LRs) and the mask pmr count as on hardware. */
static u32 guest_ack_pmr(u32 cpu, u32 pmr)
{
	struct vgic_cpu *c = &cpus[cpu];
	int best = -1;
	u32 rpr = 0x100;

	for (u32 i = 0; i < NLR; i++)
		if ((c->lr[i] & ICH_LR_ACTIVE) && ((c->lr[i] >> 48) & 0xff) < rpr)
			rpr = (c->lr[i] >> 48) & 0xff;
	for (u32 i = 0; i < NLR; i++) {
		u64 lr = c->lr[i];
		u32 p = (lr >> 48) & 0xff;
		if (!(lr & ICH_LR_PENDING) || (lr & ICH_LR_ACTIVE) || !(lr & ICH_LR_GROUP1) ||
		    p >= pmr || p >= rpr)
			continue;
		if (best < 0 || p < ((c->lr[best] >> 48) & 0xff))
			best = (int)i;
	}
	if (best < 0)
		return 1023;
	c->lr[best] = (c->lr[best] & ~ICH_LR_STATE) | ICH_LR_ACTIVE;
	return (u32)(c->lr[best] & 0xffffffff);
}

static u32 guest_ack(u32 cpu)
{
	return guest_ack_pmr(cpu, 0xff);
}

static bool maintenance(u32 cpu); /* forward */

static void deactivate(u32 cpu, u32 intid)
{
	struct vgic_cpu *c = &cpus[cpu];
	for (u32 i = 0; i < NLR; i++)
		if ((c->lr[i] & 0xffffffff) == intid && (c->lr[i] & ICH_LR_ACTIVE)) {
			c->lr[i] &= ~ICH_LR_ACTIVE;
			return;
		}
	c->hcr += 1ull << ICH_HCR_EOICOUNT_SHIFT; /* no LR: EOIcount */
}

/* ICC_EOIR1_EL1 (EOImode 0: drop and deactivate; EOImode 1: drop only). */
static void guest_eoi(u32 cpu, u32 intid)
{
	if (!veoim)
		deactivate(cpu, intid);
}

/* ICC_DIR_EL1 (EOImode 1). */
static void guest_dir(u32 cpu, u32 intid)
{
	deactivate(cpu, intid);
}

/* ICH_MISR_EL2 != 0: the maintenance interrupt would be asserted. */
static bool maintenance(u32 cpu)
{
	struct vgic_cpu *c = &cpus[cpu];
	u32 valid = 0, pending = 0;
	bool eoi = false;

	for (u32 i = 0; i < NLR; i++) {
		if (c->lr[i] & ICH_LR_STATE)
			valid++;
		if (c->lr[i] & ICH_LR_PENDING)
			pending++;
		if (!(c->lr[i] & ICH_LR_STATE) && (c->lr[i] & ICH_LR_EOI))
			eoi = true;
	}
	return eoi || ((c->hcr & ICH_HCR_UIE) && valid <= 1) ||
	       ((c->hcr & ICH_HCR_NPIE) && pending == 0);
}

/* The kernel's maintenance handler. */
static void service(u32 cpu)
{
	if (maintenance(cpu))
		vgic_refresh(&cpus[cpu]);
}

/* The guest's set-up, as the test guest and Linux do it: distributor Group 1 on, every
 * private interrupt Group 1, priority 0xa0, enabled. */
static void guest_init(u32 ncpu)
{
	wrd(GICD_CTLR, 4, GICD_CTLR_ENABLE_G1);
	for (u32 c = 0; c < ncpu; c++) {
		wrr(c, GICR_WAKER, 4, 0);
		wrr(c, GICR_IGROUPR0, 4, 0xffffffff);
		for (u32 i = 0; i < 8; i++)
			wrr(c, GICR_IPRIORITYR + 4 * i, 4, 0xa0a0a0a0);
		wrr(c, GICR_ISENABLER0, 4, 0xffffffff);
	}
	wrd(GICD_IGROUPR + 4, 4, 0xffffffff);
	wrd(GICD_IGROUPR + 8, 4, 0xffffffff);
}

/* --- registers ----------------------------------------------------------------------------------
 */

static void test_gicd_registers(void **state)
{
	setup(3);
	assert_int_equal(rdd(GICD_PIDR2, 4), 0x30);
	u32 typer = (u32)rdd(GICD_TYPER, 4);
	assert_int_equal(typer & 0x1f, 2);	   /* ITLinesNumber: 96 INTIDs */
	assert_int_equal((typer >> 19) & 0x1f, 9); /* 10 ID bits */
	assert_int_equal(typer & (1u << 17), 0);   /* no LPIs */
	assert_int_equal((typer >> 5) & 7, 2);	   /* CPUNumber: 3 vCPUs */
	assert_int_equal(rdd(GICD_IIDR, 4), GIC_IIDR_VALUE);
	assert_int_equal(rdd(GICD_TYPER2, 4), 0);
	/* CTLR: enables as written, ARE and DS always set, RWP never. */
	assert_int_equal(rdd(GICD_CTLR, 4), GICD_CTLR_ARE | GICD_CTLR_DS);
	wrd(GICD_CTLR, 4, 0x80000013);
	assert_int_equal(rdd(GICD_CTLR, 4), 0x53);
	wrd(GICD_CTLR, 4, 0);
	assert_int_equal(rdd(GICD_CTLR, 4), 0x50);
	/* Enables: set/clear registers share one state; register 0 (SGIs/PPIs) is RAZ/WI. */
	wrd(GICD_ISENABLER + 4, 4, 0x5);
	wrd(GICD_ISENABLER + 8, 4, 0x80000000);
	wrd(GICD_ICENABLER + 4, 4, 0x1);
	assert_int_equal(rdd(GICD_ISENABLER + 4, 4), 0x4);
	assert_int_equal(rdd(GICD_ICENABLER + 4, 4), 0x4);
	assert_int_equal(rdd(GICD_ISENABLER + 8, 4), 0x80000000);
	wrd(GICD_ISENABLER, 4, 0xffffffff);
	assert_int_equal(rdd(GICD_ISENABLER, 4), 0);
	assert_int_equal(rdd(GICD_ISENABLER + 12, 4), 0); /* beyond the SPIs */
	/* Groups, group modifiers, configuration. */
	wrd(GICD_IGROUPR + 4, 4, 0xffffffff);
	assert_int_equal(rdd(GICD_IGROUPR + 4, 4), 0xffffffff);
	wrd(GICD_IGRPMODR + 8, 4, 0x0f0f0f0f);
	assert_int_equal(rdd(GICD_IGRPMODR + 8, 4), 0x0f0f0f0f);
	wrd(GICD_ICFGR + 8, 4, 0xffffffff);
	assert_int_equal(rdd(GICD_ICFGR + 8, 4), 0xaaaaaaaa);
	assert_int_equal(rdd(GICD_ICFGR + 0, 4), 0); /* SGIs: RAZ here */
	/* Priorities: byte and word access, 5 implemented bits. */
	wrd(GICD_IPRIORITYR + 40, 4, 0xa0a0a0a0);
	wrd(GICD_IPRIORITYR + 41, 1, 0x80);
	assert_int_equal(rdd(GICD_IPRIORITYR + 40, 4), 0xa0a080a0);
	assert_int_equal(rdd(GICD_IPRIORITYR + 41, 1), 0x80);
	wrd(GICD_IPRIORITYR + 42, 1, 0xff);
	assert_int_equal(rdd(GICD_IPRIORITYR + 42, 1), 0xf8);
	assert_int_equal(rdd(GICD_IPRIORITYR + 95, 1), 0);
	wrd(GICD_IPRIORITYR + 4, 4, 0xffffffff); /* private: RAZ/WI */
	assert_int_equal(rdd(GICD_IPRIORITYR + 4, 4), 0);
	/* Routing: 64-bit and 32-bit halves; reserved bits dropped. */
	wrd(GICD_IROUTER + 8 * 33, 8, 0xff00000080000102ull);
	assert_int_equal(rdd(GICD_IROUTER + 8 * 33, 8), 0x80000102ull);
	wrd(GICD_IROUTER + 8 * 95 + 4, 4, 0x1);
	assert_int_equal(rdd(GICD_IROUTER + 8 * 95, 8), 0x100000000ull);
	assert_int_equal(rdd(GICD_IROUTER + 8 * 96, 8), 0);
	/* Unknown offsets, bad sizes, misaligned. */
	wrd(0x2000, 4, 0xffffffff);
	assert_int_equal(rdd(0x2000, 4), 0);
	assert_int_equal(rdd(GICD_PIDR2 + 1, 2), 0);
	assert_int_equal(rdd(GICD_PIDR2, 3), 0);
	assert_int_equal(rdd(VGIC_GICD_SIZE, 4), 0);
}

static void test_gicr_registers(void **state)
{
	setup(3);
	cpus[2].mpidr = 0x80000000ull | 0x0302ull << 8 | 2 | 0x7full << 32; /* Aff3 0x7f */
	for (u32 cpu = 0; cpu < 3; cpu++) {
		u64 typer = rdr(cpu, GICR_TYPER, 8);
		assert_int_equal((typer >> 8) & 0xffff, cpu); /* Processor_Number */
		assert_int_equal(!!(typer & GICR_TYPER_LAST), cpu == 2);
		assert_int_equal(typer & 1, 0); /* no LPIs */
		assert_int_equal(rdr(cpu, GICR_PIDR2, 4), 0x30);
		assert_int_equal(rdr(cpu, GICR_IIDR, 4), GIC_IIDR_VALUE);
	}
	assert_int_equal(rdr(0, GICR_TYPER + 4, 4), 0);
	assert_int_equal(rdr(1, GICR_TYPER + 4, 4), 1);
	assert_int_equal(rdr(2, GICR_TYPER, 8) >> 32, 0x7f030202u); /* Aff3.Aff2.Aff1.Aff0 */
	/* Waker: asleep at reset; waking clears ChildrenAsleep at once. */
	assert_int_equal(rdr(1, GICR_WAKER, 4), 6);
	wrr(1, GICR_WAKER, 4, 0);
	assert_int_equal(rdr(1, GICR_WAKER, 4), 0);
	assert_int_equal(rdr(0, GICR_WAKER, 4), 6);
	wrr(1, GICR_WAKER, 4, GICR_WAKER_SLEEP);
	assert_int_equal(rdr(1, GICR_WAKER, 4), 6);
	/* SGI frame: per-CPU state. */
	wrr(2, GICR_ISENABLER0, 4, 0x08000001);
	wrr(2, GICR_ICENABLER0, 4, 0x1);
	assert_int_equal(rdr(2, GICR_ISENABLER0, 4), 0x08000000);
	assert_int_equal(rdr(2, GICR_ICENABLER0, 4), 0x08000000);
	assert_int_equal(rdr(0, GICR_ISENABLER0, 4), 0);
	wrr(2, GICR_IGROUPR0, 4, 0xffffffff);
	assert_int_equal(rdr(2, GICR_IGROUPR0, 4), 0xffffffff);
	wrr(2, GICR_IGRPMODR0, 4, 0x3);
	assert_int_equal(rdr(2, GICR_IGRPMODR0, 4), 0x3);
	wrr(2, GICR_IPRIORITYR + 27, 1, 0xa0);
	assert_int_equal(rdr(2, GICR_IPRIORITYR + 24, 4), 0xa0000000);
	assert_int_equal(rdr(2, GICR_ICFGR0, 4), 0xaaaaaaaa);
	wrr(2, GICR_ICFGR0, 4, 0);
	assert_int_equal(rdr(2, GICR_ICFGR0, 4), 0xaaaaaaaa); /* SGIs: always edge */
	wrr(2, GICR_ICFGR1, 4, 0xffffffff);
	assert_int_equal(rdr(2, GICR_ICFGR1, 4), 0xaaaaaaaa);
	assert_int_equal(rdr(1, GICR_ICFGR1, 4), 0);
	/* CTLR and unknown offsets: zero, writes ignored. */
	wrr(0, GICR_CTLR, 4, 1);
	assert_int_equal(rdr(0, GICR_CTLR, 4), 0);
	assert_int_equal(rdr(0, 0x1000, 4), 0);
	assert_int_equal(rdr(0, VGIC_GICR_SIZE, 4), 0);
}

static void test_reset(void **state)
{
	setup(2);
	guest_init(2);
	vgic_core_pend(&cpus[1], 3);
	assert_int_equal(guest_ack(1), 3);
	vgic_reset(&gic);
	assert_int_equal(rdd(GICD_CTLR, 4), 0x50);
	assert_int_equal(rdr(1, GICR_ISENABLER0, 4), 0);
	assert_int_equal(rdr(1, GICR_ISACTIVER0, 4), 0);
	assert_int_equal(rdr(1, GICR_WAKER, 4), 6);
	for (u32 i = 0; i < NLR; i++)
		assert_int_equal(cpus[1].lr[i], 0);
}

/* --- SGIs ---------------------------------------------------------------------------------------
 */

static u64 sgir(u32 intid, u32 targets, u32 aff1)
{
	return (u64)intid << 24 | targets | (u64)aff1 << 16;
}

static void test_sgi_unicast_and_list(void **state)
{
	setup(4);
	guest_init(4);
	assert_int_equal(vgic_core_sgi(&cpus[0], sgir(5, 1u << 2, 0), VGIC_SGI1R), 1);
	assert_int_equal(kicks[2], 1);
	assert_int_equal(kicks[1] + kicks[3] + kicks[0], 0);
	assert_true(vgic_is_pending(&cpus[2], 5));
	assert_false(vgic_is_pending(&cpus[1], 5));
	assert_int_equal(guest_ack(2), 5);
	guest_eoi(2, 5);
	assert_int_equal(guest_ack(2), 1023);
	/* Target list: vCPUs 0, 1, 3, including the sender itself. */
	assert_int_equal(vgic_core_sgi(&cpus[0], sgir(7, 0xb, 0), VGIC_SGI1R), 3);
	assert_int_equal(guest_ack(0), 7);
	assert_int_equal(guest_ack(1), 7);
	assert_int_equal(guest_ack(2), 1023);
	assert_int_equal(guest_ack(3), 7);
	/* Bits for vCPUs that do not exist, another Aff1, another range: nobody. */
	assert_int_equal(vgic_core_sgi(&cpus[0], sgir(1, 0xfff0, 0), VGIC_SGI1R), 0);
	assert_int_equal(vgic_core_sgi(&cpus[0], sgir(1, 0xf, 1), VGIC_SGI1R), 0);
	assert_int_equal(vgic_core_sgi(&cpus[0], sgir(1, 0xf, 0) | 1ull << 44, VGIC_SGI1R), 0);
	assert_int_equal(vgic_core_sgi(&cpus[0], sgir(1, 0xf, 0) | 1ull << 48, VGIC_SGI1R), 0);
}

static void test_sgi_affinity_and_rs(void **state)
{
	setup(2);
	cpus[1].mpidr = 0x80000000ull | 0x12ull << 32 | 0x34ull << 16 | 0x56ull << 8 | 0x13;
	guest_init(2);
	u64 v = (u64)4 << 24 | 1u << 3 | 0x56ull << 16 | 0x34ull << 32 | 0x12ull << 48 | 1ull << 44;
	assert_int_equal(vgic_core_sgi(&cpus[0], v, VGIC_SGI1R), 1); /* RS 1: Aff0 16 + 3 = 0x13 */
	assert_int_equal(guest_ack(1), 4);
}

static void test_sgi_broadcast(void **state)
{
	setup(4);
	guest_init(4);
	assert_int_equal(vgic_core_sgi(&cpus[1], sgir(2, 0, 0) | ICC_SGIR_IRM, VGIC_SGI1R), 3);
	assert_int_equal(guest_ack(1), 1023); /* not the sender */
	assert_int_equal(guest_ack(0), 2);
	assert_int_equal(guest_ack(2), 2);
	assert_int_equal(guest_ack(3), 2);
	assert_int_equal(kicks[1], 0);
}

static void test_sgi_groups(void **state)
{
	setup(2);
	guest_init(2);
	/* A Group 1 SGI: only SGI1R pends it. */
	assert_int_equal(vgic_core_sgi(&cpus[0], sgir(1, 2, 0), VGIC_SGI0R), 0);
	assert_int_equal(vgic_core_sgi(&cpus[0], sgir(1, 2, 0), VGIC_ASGI1R), 0);
	assert_false(vgic_is_pending(&cpus[1], 1));
	/* A Group 0 SGI: any of the three (DS = 1: SGI1R may generate either group). */
	wrr(1, GICR_IGROUPR0, 4, 0xffffffff & ~(1u << 9));
	wrd(GICD_CTLR, 4, GICD_CTLR_ENABLE_G0 | GICD_CTLR_ENABLE_G1);
	assert_int_equal(vgic_core_sgi(&cpus[0], sgir(9, 2, 0), VGIC_SGI0R), 1);
	assert_true(vgic_is_pending(&cpus[1], 9));
	u64 lr = cpus[1].lr[0];
	assert_int_equal(lr & 0xffffffff, 9);
	assert_int_equal(lr & ICH_LR_GROUP1, 0); /* a virtual FIQ */
}

/* --- state in list registers ------------------------------------------------------------------ */

static void test_pending_active_in_lr(void **state)
{
	setup(2);
	guest_init(2);
	vgic_core_pend(&cpus[1], 3);
	/* In an LR, pending: the redistributor says so. */
	assert_int_equal(cpus[1].lr[0] & (0xffffffff | ICH_LR_STATE), 3 | ICH_LR_PENDING);
	assert_int_equal(rdr(1, GICR_ISPENDR0, 4), 1u << 3);
	assert_int_equal(rdr(1, GICR_ISACTIVER0, 4), 0);
	/* The guest takes it (no trap): active, no longer pending. */
	assert_int_equal(guest_ack(1), 3);
	assert_int_equal(rdr(1, GICR_ISPENDR0, 4), 0);
	assert_int_equal(rdr(1, GICR_ISACTIVER0, 4), 1u << 3);
	assert_true(vgic_is_active(&cpus[1], 3));
	/* Pending again while active: active and pending in the one LR. */
	wrr(1, GICR_ISPENDR0, 4, 1u << 3);
	assert_int_equal(rdr(1, GICR_ISPENDR0, 4), 1u << 3);
	assert_int_equal(rdr(1, GICR_ISACTIVER0, 4), 1u << 3);
	u32 n = 0;
	for (u32 i = 0; i < NLR; i++)
		if ((cpus[1].lr[i] & 0xffffffff) == 3 && (cpus[1].lr[i] & ICH_LR_STATE))
			n++, assert_int_equal(cpus[1].lr[i] & ICH_LR_STATE, ICH_LR_STATE);
	assert_int_equal(n, 1);
	/* ICACTIVER and ICPENDR reach the LR. */
	wrr(1, GICR_ICACTIVER0, 4, 1u << 3);
	assert_int_equal(rdr(1, GICR_ISACTIVER0, 4), 0);
	assert_int_equal(rdr(1, GICR_ISPENDR0, 4), 1u << 3);
	wrr(1, GICR_ICPENDR0, 4, 1u << 3);
	assert_int_equal(rdr(1, GICR_ISPENDR0, 4), 0);
	assert_int_equal(guest_ack(1), 1023);
	/* ISACTIVER on an idle interrupt puts it in an LR, active, so a DIR finds it. */
	wrr(1, GICR_ISACTIVER0, 4, 1u << 4);
	assert_int_equal(cpus[1].lr[0] & (0xffffffff | ICH_LR_STATE), 4 | ICH_LR_ACTIVE);
	/* An SPI, through the distributor. */
	wrd(GICD_ISENABLER + 4, 4, 1u << 1);
	vgic_core_set_level(&cpus[0], 33, true);
	assert_int_equal(rdd(GICD_ISPENDR + 4, 4), 1u << 1);
	assert_int_equal(guest_ack(0), 33);
	assert_int_equal(rdd(GICD_ISACTIVER + 4, 4), 1u << 1);
	assert_int_equal(rdd(GICD_ISPENDR + 4, 4), 1u << 1); /* the line is still high */
	vgic_core_set_level(&cpus[0], 33, false);
	assert_int_equal(rdd(GICD_ISPENDR + 4, 4), 0);
}

static void test_disabled_not_delivered(void **state)
{
	setup(1);
	guest_init(1);
	wrr(0, GICR_ICENABLER0, 4, 1u << 27);
	vgic_core_set_level(&cpus[0], 27, true);
	assert_int_equal(guest_ack(0), 1023);
	assert_int_equal(rdr(0, GICR_ISPENDR0, 4), 1u << 27); /* pending, not forwarded */
	assert_false(vgic_core_has_pending(&cpus[0], ICH_VMCR_VENG1 | 0xffull << 24));
	wrr(0, GICR_ISENABLER0, 4, 1u << 27);
	assert_true(vgic_core_has_pending(&cpus[0], ICH_VMCR_VENG1 | 0xffull << 24));
	assert_int_equal(guest_ack(0), 27);
	/* Distributor Group 1 off: SPIs and private interrupts are held back. */
	guest_eoi(0, 27);
	vgic_core_set_level(&cpus[0], 27, false);
	wrd(GICD_CTLR, 4, 0);
	vgic_core_pend(&cpus[0], 2);
	assert_int_equal(guest_ack(0), 1023);
	wrd(GICD_CTLR, 4, GICD_CTLR_ENABLE_G1);
	assert_int_equal(guest_ack(0), 2);
}

/* --- more than the list registers hold ---------------------------------------------------------
 */

static void test_overflow(void **state)
{
	setup(2);
	guest_init(2);
	wrd(GICD_ISENABLER + 4, 4, 0xffffffff);
	for (u32 n = 0; n < 8; n++) /* SPIs 32..39 to vCPU 1, edge, distinct priorities */
		wrd(GICD_IROUTER + 8 * (32 + n), 8, 1);
	wrd(GICD_ICFGR + 8, 4, 0xaaaaaaaa);
	for (u32 n = 0; n < 8; n++)
		wrd(GICD_IPRIORITYR + 32 + n, 1, 0x80 + 8 * n);
	for (u32 i = 0; i < 8; i++)
		vgic_core_pend(&cpus[1], i); /* SGIs 0..7, priority 0xa0 */
	for (u32 n = 0; n < 8; n++)
		vgic_core_set_level(&cpus[0], 32 + n, true), vgic_core_set_level(&cpus[0], 32 + n, false);
	/* 16 pending, 4 LRs: the best four are in, and the maintenance interrupt is armed. */
	assert_true(cpus[1].hcr & ICH_HCR_UIE);
	assert_true(cpus[1].hcr & ICH_HCR_NPIE);
	assert_int_equal(cpus[1].lr[0] & 0xffffffff, 32); /* priority 0x80 first */
	u32 seen[VGIC_NR_IRQS] = {0}, order[16], n = 0;
	for (u32 guard = 0; guard < 100 && n < 16; guard++) {
		u32 intid = guest_ack(1);
		if (intid == 1023) {
			assert_true(maintenance(1)); /* it must have asked for more */
			service(1);
			continue;
		}
		seen[intid]++;
		order[n++] = intid;
		guest_eoi(1, intid);
		service(1);
	}
	assert_int_equal(n, 16);
	for (u32 i = 0; i < 8; i++)
		assert_int_equal(seen[i], 1), assert_int_equal(seen[32 + i], 1);
	/* Priority order: SPIs 0x80..0x98 before the SGIs at 0xa0, SPI 0xa0 tied with SGIs. */
	for (u32 i = 0; i < 4; i++)
		assert_int_equal(order[i], 32 + i);
	assert_int_equal(guest_ack(1), 1023);
	assert_false(cpus[1].hcr & (ICH_HCR_UIE | ICH_HCR_NPIE));
	assert_false(maintenance(1));
}

static void test_overflow_nested_active(void **state)
{
	setup(1);
	guest_init(1);
	/* Four active (nested) interrupts fill the LRs; two more wait. No maintenance storm:
	 * NPIE is not set while no LR is pending, UIE only fires when room appears. */
	for (u32 i = 0; i < 4; i++) {
		wrr(0, GICR_IPRIORITYR + i, 1, 0xc0 - 0x10 * i); /* each preempts the last */
		vgic_core_pend(&cpus[0], i);
		assert_int_equal(guest_ack(0), i);
	}
	vgic_core_pend(&cpus[0], 8);
	vgic_core_pend(&cpus[0], 9);
	assert_false(maintenance(0));
	for (int i = 3; i >= 0; i--) {
		guest_eoi(0, (u32)i);
		service(0);
	}
	u32 a = guest_ack(0), b;
	guest_eoi(0, a);
	service(0);
	b = guest_ack(0);
	guest_eoi(0, b);
	assert_int_equal(a + b, 17);
	assert_int_equal(cpus[0].eois_lost, 0);
}

/* --- level-sensitive interrupts ----------------------------------------------------------------
 */

static void test_level_spi_resampled(void **state)
{
	setup(1);
	guest_init(1);
	wrd(GICD_ISENABLER + 4, 4, 1u << 1); /* SPI 33, level (reset ICFGR), to vCPU 0 */
	vgic_core_set_level(&cpus[0], 33, true);
	assert_int_equal(kicks[0], 1);
	assert_true(cpus[0].lr[0] & ICH_LR_EOI);
	assert_int_equal(guest_ack(0), 33);
	assert_int_equal(guest_ack(0), 1023);
	/* EOI with the line still high: maintenance, and pending again at once. */
	guest_eoi(0, 33);
	assert_true(maintenance(0));
	service(0);
	assert_int_equal(guest_ack(0), 33);
	/* The device is served (the VMM lowers the line) before the EOI: gone. */
	vgic_core_set_level(&cpus[0], 33, false);
	guest_eoi(0, 33);
	service(0);
	assert_int_equal(guest_ack(0), 1023);
	assert_false(maintenance(0));
	/* A line lowered while pending, never taken: no interrupt. */
	vgic_core_set_level(&cpus[0], 33, true);
	vgic_core_set_level(&cpus[0], 33, false);
	assert_int_equal(guest_ack(0), 1023);
	/* ISPENDR on a level interrupt latches until acknowledged. */
	wrd(GICD_ISPENDR + 4, 4, 1u << 1);
	assert_int_equal(guest_ack(0), 33);
	guest_eoi(0, 33);
	service(0);
	assert_int_equal(guest_ack(0), 1023);
	/* Edge-configured: one interrupt per rising edge. */
	wrd(GICD_ICFGR + 8, 4, 2u << 2);
	vgic_core_set_level(&cpus[0], 33, true);
	assert_false(cpus[0].lr[0] & ICH_LR_EOI);
	assert_int_equal(guest_ack(0), 33);
	guest_eoi(0, 33);
	service(0);
	assert_int_equal(guest_ack(0), 1023);
}

static void test_level_ppi_line_eoi(void **state)
{
	setup(2);
	guest_init(2);
	timer_line[1] = true;
	vgic_core_set_level(&cpus[1], 27, true);
	assert_int_equal(guest_ack(1), 27);
	guest_eoi(1, 27);
	service(1); /* the hook re-samples: the timer condition still holds */
	assert_int_equal(line_eois[1][27], 1);
	assert_int_equal(guest_ack(1), 27);
	timer_line[1] = false; /* the guest re-armed the timer in its handler */
	guest_eoi(1, 27);
	service(1);
	assert_int_equal(line_eois[1][27], 2);
	assert_int_equal(guest_ack(1), 1023);
	assert_int_equal(rdr(1, GICR_ISPENDR0, 4), 0);
	assert_int_equal(line_eois[0][27], 0);
}

/* --- EOImode 1 ----------------------------------------------------------------------------------
 */

static void test_eoimode1(void **state)
{
	setup(1);
	guest_init(1);
	veoim = 1;
	vgic_core_pend(&cpus[0], 6);
	assert_int_equal(guest_ack(0), 6);
	guest_eoi(0, 6); /* priority drop only */
	assert_true(vgic_is_active(&cpus[0], 6));
	guest_dir(0, 6);
	assert_false(vgic_is_active(&cpus[0], 6));
	assert_int_equal(cpus[0].eois_lost, 0);
	/* A DIR for an interrupt in no LR counts in EOIcount, which the core folds and keeps. */
	vgic_core_pend(&cpus[0], 8);
	guest_dir(0, 7);
	vgic_refresh(&cpus[0]);
	assert_int_equal(cpus[0].eois_lost, 1);
}

/* --- priority mask and WFI ----------------------------------------------------------------------
 */

static void test_priority_mask(void **state)
{
	setup(1);
	guest_init(1);
	u64 vmcr = ICH_VMCR_VENG1 | 0x90ull << 24; /* PMR 0x90: only priorities < 0x90 */
	vgic_core_pend(&cpus[0], 1);			   /* 0xa0 */
	assert_false(vgic_core_has_pending(&cpus[0], vmcr));
	assert_int_equal(guest_ack_pmr(0, 0x90), 1023);
	wrr(0, GICR_IPRIORITYR, 1, 0x80); /* SGI 0 at 0x80 */
	vgic_core_pend(&cpus[0], 0);
	assert_true(vgic_core_has_pending(&cpus[0], vmcr));
	assert_false(vgic_core_has_pending(&cpus[0], 0x90ull << 24)); /* Group 1 off at the CPU */
	assert_int_equal(guest_ack_pmr(0, 0x90), 0);
	/* Active at 0x80: the 0xa0 one does not preempt, even with the mask open. */
	assert_false(vgic_core_has_pending(&cpus[0], ICH_VMCR_VENG1 | 0xffull << 24));
	guest_eoi(0, 0);
	assert_true(vgic_core_has_pending(&cpus[0], ICH_VMCR_VENG1 | 0xffull << 24));
	assert_int_equal(guest_ack(0), 1);
}

/* --- what waits outside the list registers (struct vgic_cpu.wait_prio) ------------------------ */

/* vgic_core_has_pending as it was before the summary, walking every INTID: the reference. */
static struct vgic_cpu *ref_target(u32 n)
{
	u64 r = gic.irouter[n];

	if (r & (1ull << 31)) {
		for (u32 i = 0; i < gic.nr_cpus; i++)
			if (!(gic.cpu[i]->waker & GICR_WAKER_SLEEP))
				return gic.cpu[i];
		return gic.cpu[0];
	}
	for (u32 i = 0; i < gic.nr_cpus; i++)
		if ((gic.cpu[i]->mpidr & 0xff00ffffffull) == (r & 0xff00ffffffull))
			return gic.cpu[i];
	return NULL;
}

/* The best priority of group grp among c's interrupts pending, enabled, group-enabled, in no
 * list register (0x100: none). */
static u32 ref_wait(struct vgic_cpu *c, u32 grp)
{
	u32 best = VGIC_NO_PRIO;

	for (u32 intid = 0; intid < VGIC_NR_IRQS; intid++) {
		const struct vgic_irq *q = intid < 32 ? &c->priv[intid] : &gic.spi[intid - 32];
		bool pend = (q->flags & VGIC_PENDING) ||
			    (!(q->flags & VGIC_EDGE) && (q->flags & VGIC_LINE));
		bool g1 = (q->flags & VGIC_GROUP1) != 0;
		if ((q->flags & VGIC_IN_LR) || !pend || !(q->flags & VGIC_ENABLED) ||
		    !(gic.ctlr & (g1 ? GICD_CTLR_ENABLE_G1 : GICD_CTLR_ENABLE_G0)) || g1 != grp)
			continue;
		if (intid >= 32 && ref_target(intid - 32) != c)
			continue;
		if (q->priority < best)
			best = q->priority;
	}
	return best;
}

/* 0: nothing ends a WFI; 1: a pending list register does; 2: only what waits outside them. */
static int ref_pending(struct vgic_cpu *c, u64 vmcr)
{
	u32 pmr = (u32)(vmcr >> ICH_VMCR_VPMR_SHIFT) & 0xff, rpr = 0x100;

	for (u32 i = 0; i < c->lr_used; i++)
		if ((c->lr[i] & ICH_LR_ACTIVE) && ((c->lr[i] >> 48) & 0xff) < rpr)
			rpr = (u32)(c->lr[i] >> 48) & 0xff;
	for (u32 i = 0; i < c->lr_used; i++) {
		u64 lr = c->lr[i];
		u32 p = (u32)(lr >> 48) & 0xff;
		bool grp = (lr & ICH_LR_GROUP1) ? (vmcr & ICH_VMCR_VENG1) : (vmcr & ICH_VMCR_VENG0);
		if ((lr & ICH_LR_PENDING) && grp && p < pmr && p < rpr)
			return 1;
	}
	for (u32 grp = 0; grp < 2; grp++) {
		u32 w = ref_wait(c, grp);
		if ((vmcr & (grp ? ICH_VMCR_VENG1 : ICH_VMCR_VENG0)) && w < pmr && w < rpr)
			return 2;
	}
	return 0;
}

static u32 last_step, last_op; /* random_step's, for a failure's message */
static const u64 vmcrs[] = {
    ICH_VMCR_VENG1 | 0xffull << 24,
    ICH_VMCR_VENG0 | ICH_VMCR_VENG1 | 0xffull << 24,
    ICH_VMCR_VENG0 | 0xffull << 24,
    ICH_VMCR_VENG1 | 0xa0ull << 24,
    ICH_VMCR_VENG0 | ICH_VMCR_VENG1 | 0x90ull << 24,
    0xffull << 24,
};
#define NVMCR (sizeof(vmcrs) / sizeof(vmcrs[0]))

/* Every vCPU's summary and answer against the reference; counts the answers only what waits
 * outside the list registers gives (*outside). */
static void check_summary(u32 ncpu, u32 *outside)
{
	for (u32 i = 0; i < ncpu; i++) {
		if (cpus[i].wait_prio[0] != ref_wait(&cpus[i], 0) ||
		    cpus[i].wait_prio[1] != ref_wait(&cpus[i], 1))
			print_message("step %u (op %u), vCPU %u: summary %x %x, walk %x %x\n",
				      last_step, last_op, i, cpus[i].wait_prio[0],
				      cpus[i].wait_prio[1], ref_wait(&cpus[i], 0),
				      ref_wait(&cpus[i], 1));
		assert_int_equal(cpus[i].wait_prio[0], ref_wait(&cpus[i], 0));
		assert_int_equal(cpus[i].wait_prio[1], ref_wait(&cpus[i], 1));
		for (u32 v = 0; v < NVMCR; v++) {
			int r = ref_pending(&cpus[i], vmcrs[v]);
			assert_int_equal(vgic_core_has_pending(&cpus[i], vmcrs[v]), r != 0);
			if (outside && r == 2)
				(*outside)++;
		}
	}
}

static const u64 veng1 = ICH_VMCR_VENG1 | 0xffull << 24;

/* Four nested active interrupts fill the LRs; what waits behind them ends a WFI only while it is
 * pending, enabled, group-enabled, targeted here and of better priority than the running one:
 * each change below must reach the summary (a stale one answers the change before it). */
static void test_wait_summary_changes(void **state)
{
	setup(2);
	guest_init(2);
	for (u32 i = 0; i < 4; i++) {
		wrr(0, GICR_IPRIORITYR + i, 1, 0xc0 - 0x10 * i); /* the last at 0x90 */
		vgic_core_pend(&cpus[0], i);
		assert_int_equal(guest_ack(0), i);
	}
	assert_false(vgic_core_has_pending(&cpus[0], veng1));
	wrr(0, GICR_IPRIORITYR + 8, 1, 0x80);
	vgic_core_pend(&cpus[0], 8); /* no room: waits, and preempts 0x90 */
	for (u32 i = 0; i < NLR; i++)
		assert_int_not_equal(cpus[0].lr[i] & 0xffffffff, 8);
	assert_true(vgic_core_has_pending(&cpus[0], veng1));
	check_summary(2, NULL);
	wrr(0, GICR_ICENABLER0, 4, 1u << 8);
	assert_false(vgic_core_has_pending(&cpus[0], veng1));
	wrr(0, GICR_ISENABLER0, 4, 1u << 8);
	assert_true(vgic_core_has_pending(&cpus[0], veng1));
	wrr(0, GICR_IPRIORITYR + 8, 1, 0x98); /* not above the running priority 0x90 */
	assert_false(vgic_core_has_pending(&cpus[0], veng1));
	wrr(0, GICR_IPRIORITYR + 8, 1, 0x80);
	assert_true(vgic_core_has_pending(&cpus[0], veng1));
	assert_false(vgic_core_has_pending(&cpus[0], ICH_VMCR_VENG1 | 0x80ull << 24)); /* PMR */
	wrr(0, GICR_IGROUPR0, 4, ~(1u << 8)); /* Group 0, disabled in the distributor */
	assert_false(vgic_core_has_pending(&cpus[0], veng1 | ICH_VMCR_VENG0));
	wrd(GICD_CTLR, 4, GICD_CTLR_ENABLE_G0 | GICD_CTLR_ENABLE_G1);
	assert_false(vgic_core_has_pending(&cpus[0], veng1));
	assert_true(vgic_core_has_pending(&cpus[0], veng1 | ICH_VMCR_VENG0));
	check_summary(2, NULL);
	wrr(0, GICR_ICPENDR0, 4, 1u << 8);
	assert_false(vgic_core_has_pending(&cpus[0], veng1 | ICH_VMCR_VENG0));
	/* An SPI that waits: re-routed away, and back. */
	wrd(GICD_ISENABLER + 4, 4, 1u << 8); /* SPI 40, Group 1 (guest_init), level */
	wrd(GICD_IPRIORITYR + 40, 1, 0x80);
	vgic_core_set_level(&cpus[1], 40, true); /* routed to vCPU 0 (IROUTER 0) */
	assert_true(vgic_core_has_pending(&cpus[0], veng1));
	wrd(GICD_IROUTER + 8 * 40, 8, 1); /* to vCPU 1 */
	assert_false(vgic_core_has_pending(&cpus[0], veng1));
	assert_true(vgic_core_has_pending(&cpus[1], veng1));
	wrd(GICD_IROUTER + 8 * 40, 8, 0);
	assert_true(vgic_core_has_pending(&cpus[0], veng1));
	vgic_core_set_level(&cpus[1], 40, false); /* the line falls */
	assert_false(vgic_core_has_pending(&cpus[0], veng1));
	check_summary(2, NULL);
	/* The guest deactivates SGI 3 (0x90): the running priority is SGI 2's 0xa0, and SGI 9 at
	 * 0x98, waiting, now preempts it (seen at once, with no refresh in between). */
	wrr(0, GICR_IPRIORITYR + 9, 1, 0x98);
	vgic_core_pend(&cpus[0], 9);
	assert_false(vgic_core_has_pending(&cpus[0], veng1));
	guest_eoi(0, 3);
	assert_true(vgic_core_has_pending(&cpus[0], veng1)); /* found without a refresh */
	check_summary(2, NULL);
}

/* vgic_fold (vCPU reset) leaves what the LRs held in the state, in no LR: it waits; an SPI
 * routed to an affinity no vCPU has yet waits for the vCPU attached with it. */
static void test_wait_summary_fold_attach(void **state)
{
	setup(2);
	guest_init(2);
	vgic_core_pend(&cpus[0], 1);
	assert_true(vgic_core_has_pending(&cpus[0], veng1));
	vgic_fold(&cpus[0]);
	assert_int_equal(cpus[0].lr_used, 0);
	assert_true(vgic_core_has_pending(&cpus[0], veng1));
	check_summary(2, NULL);
	vgic_cpu_reset(&cpus[0]);
	assert_true(vgic_core_has_pending(&cpus[0], veng1));
	assert_int_equal(guest_ack(0), 1);
	wrd(GICD_ISENABLER + 4, 4, 1u << 8); /* SPI 40 */
	wrd(GICD_IROUTER + 8 * 40, 8, 7);    /* affinity 7: no vCPU */
	wrd(GICD_ISPENDR + 4, 4, 1u << 8);
	assert_false(vgic_core_has_pending(&cpus[1], veng1));
	assert_ptr_equal(vgic_cpu_attach(&gic, 1, 7, NULL), &cpus[1]);
	assert_true(vgic_core_has_pending(&cpus[1], veng1));
	check_summary(2, NULL);
	vgic_reset(&gic);
	assert_false(vgic_core_has_pending(&cpus[1], veng1));
	check_summary(2, NULL);
}

/* Random sources, register writes and guest actions on three vCPUs with four LRs each (so more
 * than fit is common); after every step each vCPU's summary and answer equal the walk's. */
static u32 seed;
static u32 rnd(u32 n)
{
	seed = seed * 1103515245u + 12345u;
	return (seed >> 8) % n;
}

static u32 rnd32(void)
{
	u32 lo = rnd(1u << 16);
	return lo | rnd(1u << 16) << 16;
}

static void random_step(u32 ncpu)
{
	static const u32 rbanks[] = {GICR_ISENABLER0, GICR_ICENABLER0, GICR_ISPENDR0, GICR_ICPENDR0,
				     GICR_ISACTIVER0, GICR_ICACTIVER0, GICR_IGROUPR0};
	static const u32 dbanks[] = {GICD_ISENABLER, GICD_ICENABLER, GICD_ISPENDR, GICD_ICPENDR,
				     GICD_ISACTIVER, GICD_ICACTIVER, GICD_IGROUPR};
	/* Drawn in order (initialisers are sequenced): one sequence with every compiler. */
	u32 cpu = rnd(ncpu), op = rnd(18), a = rnd(1u << 16), b = rnd(1u << 16), w = rnd32();
	struct vgic_cpu *c = &cpus[cpu];

	last_op = op;
	switch (op) {
	case 0:
	case 1:
		vgic_core_pend(c, a % VGIC_NR_IRQS);
		break;
	case 2:
		vgic_core_set_level(c, 16 + a % (VGIC_NR_IRQS - 16), b & 1);
		break;
	case 3:
		vgic_core_sgi(c, (u64)(a % 16) << 24 | (b & 7) | (b & 0x18 ? 0 : ICC_SGIR_IRM),
			      (enum vgic_sgi_reg)(w % 3));
		break;
	case 4:
		wrr(cpu, rbanks[a % 7], 4, 1u << (b % 32));
		break;
	case 5:
		wrr(cpu, GICR_IPRIORITYR + a % 32, 1, b & 0xff);
		break;
	case 6:
		wrd(dbanks[a % 7] + 4 + 4 * (w & 1), 4, 1u << (b % 32));
		break;
	case 7:
		wrd(GICD_IPRIORITYR + 32 + a % 64, 1, b & 0xff);
		break;
	case 8:
		wrd(GICD_IROUTER + 8 * (32 + a % 64), 8, b & 3 ? b % (ncpu + 1) : 1ull << 31);
		break;
	case 9:
		wrd(GICD_CTLR, 4, a & 3 ? GICD_CTLR_ENABLE_G1 | (b & 1) : b & 3);
		break;
	case 10:
		wrd(GICD_ICFGR + 8 + 4 * (a % 4), 4, w);
		wrr(cpu, GICR_ICFGR1, 4, ~w);
		break;
	case 11:
		wrr(cpu, GICR_WAKER, 4, a & 3 ? 0 : GICR_WAKER_SLEEP);
		break;
	case 12:
	case 13:
		guest_ack_pmr(cpu, a & 1 ? 0xff : b & 0xff);
		break;
	case 14: {
		u64 lr = c->lr[a % NLR];
		if (lr & ICH_LR_ACTIVE)
			guest_eoi(cpu, (u32)(lr & 0xffffffff));
		else
			guest_dir(cpu, b % VGIC_NR_IRQS);
		break;
	}
	case 15:
		service(cpu);
		break;
	case 16:
		vgic_fold(c); /* as VCPU_RESET does, the reset sometimes later */
		if (a & 1)
			vgic_cpu_reset(c);
		break;
	case 17:
		if (a % 50 == 0) {
			vgic_reset(&gic);
			guest_init(ncpu);
		} else {
			(void)vgic_is_pending(c, b % VGIC_NR_IRQS);
		}
		break;
	}
}

static void test_wait_summary_random(void **state)
{
	u32 outside = 0;

	seed = 18;
	setup(3);
	guest_init(3);
	for (u32 step = 0; step < 20000; step++) {
		last_step = step;
		random_step(3);
		check_summary(3, &outside);
	}
	/* The case the summary decides alone came up often enough to mean something. */
	assert_true(outside > 1000);
	print_message("wait summary: %u answers from outside the list registers\n", outside);
}

static void test_cpu_reset(void **state)
{
	setup(2);
	guest_init(2);
	vgic_core_pend(&cpus[1], 1);
	vgic_core_pend(&cpus[1], 2);
	assert_int_equal(guest_ack(1), 1);
	vgic_cpu_reset(&cpus[1]);
	assert_false(vgic_is_active(&cpus[1], 1));
	assert_true(vgic_is_pending(&cpus[1], 2)); /* the redistributor keeps it */
	assert_int_equal(rdr(1, GICR_ISENABLER0, 4), 0xffffffff);
}

static void test_bad_intids(void **state)
{
	setup(1);
	assert_false(vgic_core_set_level(&cpus[0], 96, true));
	assert_false(vgic_core_set_level(&cpus[0], 5, true)); /* an SGI has no line */
	assert_false(vgic_core_pend(&cpus[0], 1020));
	assert_true(vgic_core_set_level(&cpus[0], 95, true));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_gicd_registers),
	    cmocka_unit_test(test_gicr_registers),
	    cmocka_unit_test(test_reset),
	    cmocka_unit_test(test_sgi_unicast_and_list),
	    cmocka_unit_test(test_sgi_affinity_and_rs),
	    cmocka_unit_test(test_sgi_broadcast),
	    cmocka_unit_test(test_sgi_groups),
	    cmocka_unit_test(test_pending_active_in_lr),
	    cmocka_unit_test(test_disabled_not_delivered),
	    cmocka_unit_test(test_overflow),
	    cmocka_unit_test(test_overflow_nested_active),
	    cmocka_unit_test(test_level_spi_resampled),
	    cmocka_unit_test(test_level_ppi_line_eoi),
	    cmocka_unit_test(test_eoimode1),
	    cmocka_unit_test(test_priority_mask),
	    cmocka_unit_test(test_cpu_reset),
	    cmocka_unit_test(test_bad_intids),
	    cmocka_unit_test(test_wait_summary_changes),
	    cmocka_unit_test(test_wait_summary_fold_attach),
	    cmocka_unit_test(test_wait_summary_random),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
