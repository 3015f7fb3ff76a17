/* The hostile guest (issue 16, docs/fuzzing.md; tests/system/hostile-guest.xml). With
 * `role=hostile` it does `ops=N` pseudo-random things from `seed=S` to its VMM and the kernel:
 * smc/hvc with random function IDs, immediates and x1..x17 (PSCI calls with bad arguments
 * among them); loads and stores of every size at the emulated devices and at IPAs nothing
 * backs; system-register accesses from a table of classes (start.S); WFI and WFE; undefined
 * instructions. Its vectors recover from whatever it provokes. It checks what the VMM must
 * preserve, then signals the end through a forwarded SiP monotonic counter. With
 * `role=bystander` it checks its own memory and PSCI answers meanwhile, and once the hostile
 * guest is done proves with the monitor's call counters that only IDs some policy forwards
 * reached EL3. `stop=K` ends the hostile run with register class K of the classes the VMM
 * answers by stopping the guest. */
#define exception_entry testguest_exception_entry
#include "../testguest/platform.c"
#undef exception_entry

#include <warden/sip.h>
#include <warden/smccc.h>
#include <warden/smccc_rules.h>

void hg_call(u64 x[18], u64 entry);
u64 hg_sysreg(u64 entry, u64 value);
void hg_access(u64 entry, u64 addr, u64 value);
void hg_undef(u64 entry);
extern char hg_sysreg_table[], hg_sysreg_table_end[];

#define CALL_ENTRIES 16 /* smc #imm then hvc #imm, imm from start.S's list */
static const u32 call_imm[8] = {0, 1, 2, 0x10, 0x100, 0x7fff, 0x8000, 0xffff};
/* hg_sysreg_table entries (start.S) whose values are chosen for them */
#define SR_IAR1 19
#define SR_CNTV_CTL_W 11
#define SR_CNTV_CVAL_W 13
#define SR_CNTV_TVAL_W 14
#define SR_SGI_FIRST 34
#define SR_SGI_LAST 36
#define SR_CNTP_CTL_W 38
#define SR_CNTP_CVAL_W 40
#define SR_CNTP_TVAL_W 42
#define FIRST_STOP_CLASS 63
#define STOP_CLASSES 2
#define ACCESS_ENTRIES 12
#define UNDEF_ENTRIES 10
#define GICR_ICENABLER0 (GICR_SGI + 0x180)
#define GICR_ISPENDR0 (GICR_SGI + 0x200)
#define GICD_ICENABLER 0x0180
#define DONE_COUNTER 7 /* SIP monotonic counter index the hostile guest increments at its end */

/* --- PRNG and values ------------------------------------------------------------------- */

static u64 rng_state;

static u64 rnd(void)
{
	u64 z = (rng_state += 0x9e3779b97f4a7c15ull);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

static u64 below(u64 n)
{
	return rnd() % n;
}

static const u64 edges[] = {0,
			    1,
			    2,
			    3,
			    0x80000001,
			    0xffffffff,
			    0x100000000ull,
			    ~0ull,
			    0x8000000000000000ull,
			    0x40000000,
			    0x40200000,
			    0x40ffffff,
			    0x41000000,
			    0x08000000,
			    0x09000000,
			    0x0e000000,
			    0x80000000,
			    0xc4000003,
			    1ull << 39,
			    0xffffffff00000000ull};

static u64 edge(void)
{
	switch (below(8)) {
	case 0 ... 3:
		return edges[below(ARRAY_SIZE(edges))];
	case 4 ... 5:
		return below(64);
	default:
		return rnd();
	}
}

/* --- the operations -------------------------------------------------------------------- */

/* IDs that stop a vCPU or the guest on purpose (PSCI power calls), and the counter that says
 * this guest is done: never called at random. Matched on the ID its VMM sees (w0, bit 16
 * clear). */
static bool stops_on_purpose(u32 key)
{
	u32 f = key & ~SMCCC_SMC64;
	return f == PSCI_CPU_OFF || f == PSCI_SYSTEM_OFF || f == PSCI_SYSTEM_RESET ||
	       f == (PSCI_CPU_SUSPEND & ~SMCCC_SMC64) || f == 0x8400000b || f == 0x8400000c ||
	       f == 0x8400000e || f == 0x84000012 || key == SIP_MONOTONIC_INCREMENT64;
}

/* The IDs this guest's VMM forwards (tests/system/hostile-guest.xml): TRNG. Every other call
 * is emulated or denied, and then only x0 may change. */
static bool forwarded(u32 key)
{
	return (key >= 0x84000050 && key <= 0x84000053) || (key >= 0xc4000050 && key <= 0xc4000053);
}

static const u32 known_fids[] = {
    PSCI_VERSION, PSCI_CPU_ON, PSCI_CPU_ON64, PSCI_AFFINITY_INFO, PSCI_AFFINITY_INFO64, 0x84000005,
    0x84000006,	  0x84000007,  PSCI_FEATURES, 0x8400000d,	  0x8400000f,		0x84000010,
    0x84000011,	  0x84000013,  0x84000014,    SMCCC_VERSION,	  SMCCC_ARCH_FEATURES,	0x80000002,
    0xc0000002,	  0x80008000,  0x80007fff,    0x80003fff,	  0x84000050,		0xc4000053,
    0x82000001,	  0xc2000001,  0x8200ff01,    0x86000100,	  0xc5000020,		0x85000000,
    0xbf00ff01,	  0xb2000000,
};

enum { OP_CALL, OP_MMIO, OP_SYSREG, OP_WFX, OP_IRQ, OP_UNDEF, OPS };
static const char *const op_names[OPS] = {"smc/hvc", "load/store", "sysreg",
					  "wfi/wfe", "irq-window", "undefined"};
static u64 op_count[OPS], call_minus_one, call_zero, preserved_bad, imm_bad, unexpected;
static u64 exc_by_ec[64], irqs, serrors;

static void one_call(void)
{
	u64 x[18], in[18];
	u64 entry = below(10) < 7 ? (below(2) ? 0 : 8) : below(CALL_ENTRIES);
	u32 imm = call_imm[entry % 8];

	x[0] = below(10) < 6 ? known_fids[below(ARRAY_SIZE(known_fids))] : edge();
	if (below(8) == 0)
		x[0] |= SMCCC_SVE_HINT;
	if (below(8) == 0)
		x[0] |= rnd() << 32;
	if (stops_on_purpose(smccc_match_key((u32)x[0])))
		x[0] = PSCI_VERSION;
	for (u32 i = 1; i < 18; i++)
		x[i] = edge();
	/* CPU_ON: with the right entry, to vCPU 0 (itself: ALREADY_ON), vCPU 1, a vCPU that does
	 * not exist or any MPIDR; with a wild entry only to MPIDRs whose Aff0 names no vCPU. A
	 * vCPU started at a wild entry would destroy this guest (at 0x40200000 it zeroes the
	 * BSS, vCPU 0's stack included) or fault for ever (VBAR_EL1 is 0 at reset, where
	 * nothing is). */
	u32 fkey = smccc_match_key((u32)x[0]); /* as the VMM matches it: bit 16 ignored */
	if (fkey == PSCI_CPU_ON64 || fkey == PSCI_CPU_ON) {
		if (below(2)) {
			x[1] = below(2) ? below(3) : x[1];
			x[2] = (u64)secondary_entry;
		} else {
			x[1] |= 2;
		}
	}
	for (u32 i = 0; i < 18; i++)
		in[i] = x[i];
	hg_call(x, entry);
	u32 key = smccc_match_key((u32)in[0]);
	if (x[0] == ~0ull || (u32)x[0] == 0xffffffffu)
		call_minus_one++;
	else if (x[0] == 0)
		call_zero++;
	/* DEN0028 / docs/vmm.md: a nonzero immediate gets -1 and nothing else changes; an
	 * emulated or denied call changes x0 only, but SMC64 SOC_ID(name), which answers in
	 * x1..x17 (DEN0028 v1.4). */
	bool same = true;
	for (u32 i = 1; i < 18; i++)
		same = same && x[i] == in[i];
	if (imm != 0 && (x[0] != ~0ull || !same)) {
		if (imm_bad++ < 4)
			con_printf("[FAIL] hg-imm: %s #0x%x, x0 0x%lx -> x0 0x%lx%s\n",
				   entry < 8 ? "smc" : "hvc", imm, in[0], x[0],
				   same ? "" : ", other registers changed");
	} else if (imm == 0 && !forwarded(key) && !same &&
		   !(key == 0xc0000002 && (u32)in[1] == 2)) {
		if (preserved_bad++ < 4)
			con_printf("[FAIL] hg-preserved: x0 0x%lx changed registers beyond x0\n",
				   in[0]);
	}
}

/* An address: one of the emulated devices (the GIC distributor, this vCPU's redistributor, the
 * UART; never the UART's data register, whose bytes would garble the log), or an IPA nothing
 * backs (below RAM, after it, at the top of the IPA space and past it). Mostly aligned. */
static u64 mmio_address(u64 ram_end, bool write)
{
	static const u64 unbacked[] = {
	    0x0,	0x04000000,	  0x08010000, 0x08080000, 0x08100000,	   0x09001000,
	    0x0a000000, 0x10000000,	  0x3ffff000, 0,	  0x7ffffff000ull, 1ull << 39,
	    1ull << 40, 0xfffffffff000ull};
	u64 a;

	switch (below(8)) {
	case 0 ... 2:
		a = GUEST_GICD_BASE + below(GUEST_GICD_SIZE);
		break;
	case 3 ... 4:
		a = GUEST_GICR_BASE + below(GUEST_GICR_STRIDE);
		break;
	case 5:
		a = GUEST_UART_BASE + (write ? 4 + below(0x1000 - 4) : below(0x1000));
		break;
	default: {
		u32 i = (u32)below(ARRAY_SIZE(unbacked));
		a = (i == 9 ? ram_end : unbacked[i]) + below(0x1000);
	}
	}
	return below(8) ? a & ~7ull : a;
}

static void one_mmio(u64 ram_end)
{
	u64 entry = below(ACCESS_ENTRIES);
	bool write = (entry >= 4 && entry <= 7) || entry == 9;
	u64 a = mmio_address(ram_end, write);

	/* A pair has no syndrome: at an emulated device the VMM stops the guest (docs/vmm.md),
	 * so pairs go only where nothing is. */
	if ((entry == 8 || entry == 9) && a >= GUEST_GICD_BASE && a < GUEST_UART_BASE + 0x1000)
		a = 0x0a000000 + (a & 0xff8);
	hg_access(entry, a, edge());
}

/* An SGI generation value (ICC_SGI1R_EL1 layout, docs/vgic.md): any INTID; a target list
 * mostly naming this VM's vCPUs (Aff0 0 and 1), else any; now and then affinities and a range
 * selector that name no vCPU, IRM (every vCPU but the sender), or any 64-bit value. */
static u64 sgi_value(void)
{
	u64 v = below(16) << 24;

	if (below(16) == 0)
		return rnd();
	v |= below(2) ? 1 + below(3) : rnd() & 0xffff;
	if (below(6) == 0)
		v |= (rnd() & 0xff) << 16; /* Aff1 */
	if (below(8) == 0)
		v |= (rnd() & 0xff) << 32; /* Aff2 */
	if (below(8) == 0)
		v |= (rnd() & 0xf) << 44; /* RS */
	if (below(8) == 0)
		v |= (rnd() & 0xff) << 48; /* Aff3 */
	if (below(6) == 0)
		v |= 1ull << 40; /* IRM */
	return v;
}

/* A timer deadline (counter ticks): long past, just past, soon (within 0.3 ms at 62.5 MHz),
 * the far future, or an edge value. */
static u64 deadline(void)
{
	u64 now = sysreg_read(cntpct_el0);

	switch (below(8)) {
	case 0:
		return below(2) ? 0 : now >> 1;
	case 1:
		return now - below(100000);
	case 2 ... 4:
		return now + below(20000);
	case 5:
		return ~0ull - below(4);
	case 6:
		return now + (1ull << (32 + below(30)));
	default:
		return edge();
	}
}

/* A value for table entry `entry`: SGI targets, timer deadlines (CVAL; TVAL as the signed
 * distance to one), timer controls (ENABLE, IMASK), or an edge value. */
static u64 sysreg_value(u64 entry)
{
	switch (entry) {
	case SR_SGI_FIRST ... SR_SGI_LAST:
		return sgi_value();
	case SR_CNTV_CVAL_W:
	case SR_CNTP_CVAL_W:
		return deadline();
	case SR_CNTV_TVAL_W:
	case SR_CNTP_TVAL_W:
		return below(4) ? deadline() - sysreg_read(cntpct_el0) : edge();
	case SR_CNTV_CTL_W:
	case SR_CNTP_CTL_W:
		return below(4) ? below(4) : edge();
	default:
		return edge();
	}
}

static void one_sysreg(void)
{
	u64 entry = below(FIRST_STOP_CLASS);
	u64 v = hg_sysreg(entry, sysreg_value(entry));

	if (entry == SR_IAR1 && v < 1020) /* ICC_IAR1_EL1 took an interrupt: end it */
		sysreg_write(S3_0_C12_C12_1, v);
}

/* Interrupts delivered through the vectors (hg_irq): SGIs, the two timers, anything else. */
static u64 irq_sgi, irq_vtimer, irq_ptimer, irq_other;
static volatile u64 secondary_starts; /* vCPU 1, started by a random CPU_ON */

/* IRQs unmasked for a moment, with some SGIs and both timers' PPIs enabled in Group 1 (random
 * GIC writes may have disabled them), so that what is pending is taken at the vectors; now and
 * then after a WFI (one of the timers armed, so that it ends). */
static void one_irq_window(void)
{
	u64 rd = GUEST_GICR_BASE;
	u32 mask = (u32)(rnd() & 0xffff) | 1u << 27 | 1u << 30;

	gic_init_cpu(0, 30);
	mmio_write32(rd + GICR_IGROUPR0, mmio_read32(rd + GICR_IGROUPR0) | mask);
	for (u32 i = 0; i < 32; i += 4)
		if (mask & (0xfu << i))
			mmio_write32(rd + GICR_IPRIORITYR(i / 4), 0xa0a0a0a0);
	mmio_write32(rd + GICR_ISENABLER0, mask);
	u64 wait = below(8); /* 0: after a WFI the virtual timer ends, 1: the physical one */
	if (wait == 0) {
		sysreg_write(cntv_tval_el0, 200 + below(2000));
		sysreg_write(cntv_ctl_el0, 1);
	} else if (wait == 1) {
		sysreg_write(cntp_tval_el0, 200 + below(2000));
		sysreg_write(cntp_ctl_el0, 1);
	}
	isb();
	/* The WFI with IRQs still masked (a pending one ends it all the same): with them
	 * unmasked, the timer's interrupt could be taken, and the timer turned off, just
	 * before the WFI, which would then wait for ever. */
	if (wait < 2)
		__asm__ volatile("dsb sy; wfi" ::: "memory");
	__asm__ volatile("msr daifclr, #2; isb; nop; nop; msr daifset, #2; isb" ::: "memory");
	if (wait == 0)
		sysreg_write(cntv_ctl_el0, 0);
	else if (wait == 1)
		sysreg_write(cntp_ctl_el0, 0);
	isb();
}

/* WFI and WFE with a wake-up armed (the virtual timer or the kernel-emulated physical timer,
 * its PPI re-enabled: random GIC writes may have turned it off), so neither waits for ever
 * whatever the hypervisor does with them. IRQs stay masked: the wake-up is the pending
 * interrupt, taken by the next IRQ window or acknowledged by a random ICC_IAR1_EL1 read. */
static void one_wfx(void)
{
	bool ptimer = below(2);

	gic_init_cpu(0, ptimer ? 30 : 27);
	if (ptimer) {
		sysreg_write(cntp_tval_el0, 200 + below(2000));
		sysreg_write(cntp_ctl_el0, 1);
	} else {
		sysreg_write(cntv_tval_el0, 200 + below(2000));
		sysreg_write(cntv_ctl_el0, 1);
	}
	isb();
	if (below(2))
		__asm__ volatile("dsb sy; wfi" ::: "memory");
	else
		__asm__ volatile("wfe" ::: "memory");
	if (ptimer)
		sysreg_write(cntp_ctl_el0, 0);
	else
		sysreg_write(cntv_ctl_el0, 0);
	isb();
}

/* Whatever interrupt comes is acknowledged and ended; one whose source stays asserted is
 * silenced first (a timer turned off, any other PPI or SPI disabled), or it would be taken
 * again at once. */
static void hg_irq(void)
{
	u32 intid = (u32)sysreg_read(S3_0_C12_C12_0); /* ICC_IAR1_EL1 */

	if (intid >= 1020)
		return;
	if (intid < 16) {
		irq_sgi++;
	} else if (intid == 27) {
		sysreg_write(cntv_ctl_el0, 0);
		irq_vtimer++;
	} else if (intid == 30) {
		sysreg_write(cntp_ctl_el0, 0);
		irq_ptimer++;
	} else {
		if (intid < 32)
			mmio_write32(GUEST_GICR_BASE + cpu_index() * GUEST_GICR_STRIDE +
					 GICR_ICENABLER0,
				     1u << intid);
		else
			mmio_write32(GUEST_GICD_BASE + GICD_ICENABLER + intid / 32 * 4,
				     1u << (intid % 32));
		irq_other++;
	}
	isb();
	sysreg_write(S3_0_C12_C12_1, intid); /* ICC_EOIR1_EL1 */
	isb();
}

/* Every exception: counted by class and recovered from (the instruction skipped). */
void exception_entry(u64 kind, struct frame *f);
void exception_entry(u64 kind, struct frame *f)
{
	if (kind == 5 || kind == 1) {
		irqs++;
		hg_irq();
		return;
	}
	if (kind == 7 || kind == 3) {
		serrors++;
		return;
	}
	u64 esr = sysreg_read(esr_el1);
	u32 ec = (u32)(esr >> 26) & 0x3f;
	exc_by_ec[ec]++;
	/* Undefined instructions, data aborts (external aborts at unbacked IPAs, alignment and
	 * address-size faults), breakpoints: what the operations provoke. */
	if (kind != 4 || (ec != 0x00 && ec != 0x25 && ec != 0x3c)) {
		if (unexpected++ < 4)
			con_printf(
			    "[FAIL] hg-exception: vector %lu ESR 0x%lx ELR 0x%lx FAR 0x%lx\n", kind,
			    esr, f->elr, sysreg_read(far_el1));
	}
	f->elr += 4;
}

/* --- roles ------------------------------------------------------------------------------ */

static u64 arg_u64(const char *cmdline, const char *key, u64 dflt)
{
	char buf[24];
	const char *v = arg_value(cmdline, key, buf, sizeof(buf));
	u64 n = 0;

	if (!v)
		return dflt;
	for (; *v >= '0' && *v <= '9'; v++)
		n = n * 10 + (u64)(*v - '0');
	return n;
}

static s64 sip1(u64 fid, u64 a1, u64 *x1, u64 *x2)
{
	struct smccc r = {{fid, a1}};

	smccc_call(CONDUIT_SMC, 0, &r);
	if (x1)
		*x1 = r.x[1];
	if (x2)
		*x2 = r.x[2];
	return (s64)r.x[0];
}

static void hostile(const struct dtb_info *info, const char *cmdline)
{
	u64 seed = arg_u64(cmdline, "seed", 1), ops = arg_u64(cmdline, "ops", 20000);
	u64 stop = arg_u64(cmdline, "stop", ~0ull);
	u64 ram_end = info->ram_base + info->ram_size;

	rng_state = seed;
	con_printf("hostile-guest: seed %lu, %lu operations\n", seed, ops);
	/* Its own SVE and SME traps off (CPACR_EL1.ZEN, SMEN): their instructions reach the
	 * hypervisor where the CPU has them, which must answer UNDEF (the ID registers hide them).
	 */
	sysreg_write(cpacr_el1, sysreg_read(cpacr_el1) | 3ul << 16 | 3ul << 24);
	isb();
	u64 entries = (u64)(hg_sysreg_table_end - hg_sysreg_table) / 8;
	check(entries == FIRST_STOP_CLASS + STOP_CLASSES, "hg-sysreg-table",
	      "start.S has %lu entries, main.c knows %u", entries, FIRST_STOP_CLASS + STOP_CLASSES);
	gic_init_cpu(0, 27);
	for (u64 i = 0; i < ops; i++) {
		u32 op = (u32)below(100);
		op = op < 34   ? OP_CALL
		     : op < 63 ? OP_MMIO
		     : op < 84 ? OP_SYSREG
		     : op < 88 ? OP_WFX
		     : op < 90 ? OP_IRQ
			       : OP_UNDEF;
		op_count[op]++;
		if (i && i % 20000 == 0)
			con_printf("hostile-guest: %lu operations\n", i);
		switch (op) {
		case OP_CALL:
			one_call();
			break;
		case OP_MMIO:
			one_mmio(ram_end);
			break;
		case OP_SYSREG:
			one_sysreg();
			break;
		case OP_WFX:
			one_wfx();
			break;
		case OP_IRQ:
			one_irq_window();
			break;
		default:
			hg_undef(below(UNDEF_ENTRIES));
		}
	}
	con_printf("hostile-guest: operations:");
	for (u32 o = 0; o < OPS; o++)
		con_printf(" %s %lu", op_names[o], op_count[o]);
	con_printf("\nhostile-guest: smc/hvc answers: -1 %lu, 0 %lu, other %lu\n", call_minus_one,
		   call_zero, op_count[OP_CALL] - call_minus_one - call_zero);
	con_printf("hostile-guest: exceptions taken:");
	for (u32 ec = 0; ec < 64; ec++)
		if (exc_by_ec[ec])
			con_printf(" EC 0x%02x: %lu", ec, exc_by_ec[ec]);
	con_printf(", IRQs %lu, SErrors %lu\n", irqs, serrors);
	con_printf(
	    "hostile-guest: interrupts taken: SGI %lu, virtual timer %lu, physical timer %lu, "
	    "other %lu; vCPU 1 started %lu times\n",
	    irq_sgi, irq_vtimer, irq_ptimer, irq_other, secondary_starts);
	check(irq_sgi > 0 && irq_vtimer + irq_ptimer > 0, "hg-interrupts",
	      "SGIs or timer interrupts were never delivered to the vectors");
	check(imm_bad == 0, "hg-imm", "%lu calls with a nonzero immediate got more than -1",
	      imm_bad);
	check(preserved_bad == 0, "hg-preserved", "%lu calls changed more than x0", preserved_bad);
	check(unexpected == 0 && serrors == 0, "hg-exceptions", "%lu unexpected exceptions",
	      unexpected);
	check(exc_by_ec[0x25] > 0 && exc_by_ec[0x00] > 0, "hg-recovered",
	      "no external abort or undefined instruction was taken (and recovered from)");
	u64 n;
	s64 st = sip1(SIP_MONOTONIC_INCREMENT64, DONE_COUNTER, &n, NULL);
	check(st == 0 && n == 1, "hg-done-signal", "INCREMENT64 -> %ld, %lu", st, n);
	if (stop != ~0ull) {
		u64 entry = FIRST_STOP_CLASS + stop % STOP_CLASSES;
		con_printf("hostile-guest: last operation: stop class %lu (table entry %lu)\n",
			   stop, entry);
		hg_sysreg(entry, stop < STOP_CLASSES ? edge() : 0);
		/* A hypervisor that models the register answers instead: as good. */
		con_printf("hostile-guest: stop class %lu was answered, not stopped\n", stop);
	}
	call3(CONDUIT_SMC, PSCI_SYSTEM_OFF, 0, 0, 0);
}

/* Function IDs that may reach EL3 while these guests run: the kernel's own discovery at boot,
 * and what the two policies forward (hostile: TRNG and the done counter; bystander: the
 * counter read and the call-counter queries). */
static bool reaches_el3_by_policy(u32 fid)
{
	return fid == PSCI_FEATURES || fid == SMCCC_VERSION || forwarded(fid) ||
	       fid == SIP_MONOTONIC_INCREMENT64 || fid == SIP_MONOTONIC_READ64 ||
	       fid == SIP_CALL_COUNTER_GET64 || fid == SIP_CALL_COUNTER_ENUM64;
}

static u8 pattern_page[4096];

static void bystander(void)
{
	u64 rounds = 0, wrong = 0, done = 0, seed = 0xb157, foreign = 0;

	con_printf("bystander: running beside the hostile guest\n");
	while (!done) {
		seed = seed * 6364136223846793005ull + 1;
		for (u32 i = 0; i < sizeof(pattern_page); i++)
			pattern_page[i] = (u8)(seed >> (i % 56));
		if (call3(CONDUIT_SMC, PSCI_VERSION, 0, 0, 0) != 0x10001)
			wrong++;
		if (call3(CONDUIT_HVC, SIP_UID, 0, 0, 0) != -1)
			wrong++;
		for (u32 i = 0; i < sizeof(pattern_page); i++)
			if (pattern_page[i] != (u8)(seed >> (i % 56)))
				wrong++;
		/* Nothing in this VM sends SGIs: the hostile guest's must never pend here. */
		if (mmio_read32(GUEST_GICR_BASE + GICR_ISPENDR0) & 0xffff)
			foreign++;
		rounds++;
		sip1(SIP_MONOTONIC_READ64, DONE_COUNTER, &done, NULL);
	}
	check(wrong == 0 && rounds > 1, "bystander-state", "%lu rounds, %lu wrong", rounds, wrong);
	check(foreign == 0, "bystander-no-foreign-sgi", "an SGI pended here in %lu rounds",
	      foreign);
	con_printf("bystander: %lu rounds, %lu wrong\n", rounds, wrong);

	u64 outside = 0, total = 0;
	for (u64 pos = 0;; pos++) {
		u64 key, count;
		if (sip1(SIP_CALL_COUNTER_ENUM64, pos, &key, &count) != 0)
			break;
		if (!key)
			continue;
		total += count;
		if (!reaches_el3_by_policy((u32)key)) {
			outside += count;
			con_printf(
			    "bystander: 0x%08x reached EL3 %lu times: no policy forwards it\n",
			    (u32)key, count);
		}
	}
	u64 untracked;
	sip1(SIP_CALL_COUNTER_GET64, SIP_CALL_COUNTER_ENUM64, NULL, &untracked);
	con_printf("bystander: EL3 saw %lu calls since boot\n", total);
	check(total > 0 && outside == 0 && untracked == 0, "hg-el3-only-forwarded",
	      "%lu calls outside the policies' forward ranges, %lu untracked", outside, untracked);
	con_printf("[DONE]\n");
	call3(CONDUIT_SMC, PSCI_SYSTEM_OFF, 0, 0, 0);
}

void secondary_main(u64 ctx);
void secondary_main(u64 ctx)
{
	/* A CPU_ON the hostile guest made with a valid entry: take the SGIs vCPU 0 sent here
	 * (pending in this redistributor while it was off) at the vectors, and stop again. */
	u64 rd = GUEST_GICR_BASE + cpu_index() * GUEST_GICR_STRIDE;
	secondary_starts++;
	gic_init_cpu(cpu_index(), 0);
	mmio_write32(rd + GICR_IGROUPR0, 0xffff);
	mmio_write32(rd + GICR_ISENABLER0, 0xffff);
	isb();
	__asm__ volatile("msr daifclr, #2; isb; nop; nop; msr daifset, #2; isb" ::: "memory");
	call3(CONDUIT_SMC, PSCI_CPU_OFF, 0, 0, 0);
}

void guest_main(const void *dtb_addr);
void guest_main(const void *dtb_addr)
{
	struct dtb_info info;

	if (!dtb_parse(dtb_addr, &info)) {
		con_printf("[FAIL] hg-dtb: no DTB\n");
		return;
	}
	if (arg_present(info.bootargs, "role=bystander"))
		bystander();
	else
		hostile(&info, info.bootargs);
}
