/* The hostile component (issue 16, docs/fuzzing.md): pseudo-random system calls from a seeded
 * PRNG against the kernel, with every general register, slot, label, length, message word and
 * IPC-buffer word chosen at random (biased to the values where bugs live), on every capability
 * type it holds. It runs in phases; each starts by revoking its master capabilities and
 * refilling its working slots, so that most calls reach deep code. The rescuer (a lower
 * priority component) takes it out of any wait or fault it gets into; the victim client and
 * server, the heartbeat and the auditor check that nothing else was disturbed and that only
 * IDs inside its SMC capabilities reached EL3 (tests/system/hostile.xml). */
#include <warden/smccc.h>
#include <warden/smccc_names.h>
#include <warden/smccc_rules.h>
#include <warden/string.h>
#include <warden/warden.h>

#include "shared.h"

/* Seed and number of calls; tests/fuzz/hostile.py patches a copy of this ELF for other runs
 * (the magic string finds the structure). Volatile, so the compiler keeps the reads. */
struct hostile_config {
	char magic[16];
	u64 seed;
	u64 calls;
	u64 phase_calls;
};
__attribute__((used)) static volatile const struct hostile_config config = {"WARDEN-HOSTILE:", 1,
									    20000, 2000};

/* svc.S: the registers of one call. */
struct hostile_frame {
	u64 saved[13]; /* x18..x30 */
	u64 sp;
	u64 in[31];
	u64 out[31];
} hostile_frame;
void hostile_svc(u64 entry);
extern char hostile_landing[];
extern char hostile_svc_table[];

#define SVC_LOW 64 /* entries svc #0..#63 */
#define SVC_HIGH 8 /* then 0x80, 0xff, 0x100, 0x1000, 0x7fff, 0x8000, 0xfffe, 0xffff */

static volatile struct hostile_shared *const shared = (void *)HOSTILE_SHARED_VA;
/* Where components' code is (user/component.ld links it at 4 MiB; each is well under 1 MiB). */
#define CODE_START 0x400000ull
#define CODE_END 0x500000ull

/* --- the PRNG (splitmix64) and the values it favours -------------------------------------- */

static u64 rng_state;
static u64 last_label; /* the label of the last message made */
static u64 trace_hint; /* the trace's entry count, as a refused TRACE_READ last told */

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

static bool chance(u32 percent)
{
	return below(100) < percent;
}

/* Sizes and bounds, sign and width edges, and addresses that mean something here: the DTB,
 * the kernel image, the end of RAM, the UART, the GIC, secure RAM and flash, the components'
 * code, stack, IPC buffer and shared page, and addresses no table maps. */
static const u64 edges[] = {
    0,
    1,
    2,
    3,
    7,
    8,
    15,
    16,
    31,
    32,
    33,
    63,
    64,
    65,
    127,
    128,
    255,
    256,
    4095,
    4096,
    0x7fffffff,
    0x80000000,
    0xffffffff,
    0x100000000ull,
    0x7fffffffffffffffull,
    0x8000000000000000ull,
    ~0ull,
    ~0ull - 1,
    0x40000000,
    0x40200000,
    0x40201000,
    0x5ffff000,
    0x60000000,
    0x09000000,
    0x08000000,
    0x080a0000,
    0x0e000000,
    0x0,
    0x400000,
    0x10000000,
    0x10001000,
    0x10002000,
    0x20000000,
    0xffff000000000000ull,
    0xffffffffc0000000ull,
    1ull << 39,
    1ull << 48,
};

static u64 edge(void)
{
	switch (below(16)) {
	case 0 ... 6:
		return edges[below(ARRAY_SIZE(edges))];
	case 7:
		return edges[below(ARRAY_SIZE(edges))] + (u64[]){1, 3, 7, ~0ull}[below(4)];
	case 8 ... 11:
		return below(72);
	case 12 ... 13:
		return (u32)rnd();
	default:
		return rnd();
	}
}

/* A slot: mostly one that holds something, some never valid. */
static u64 slot_any(void)
{
	switch (below(20)) {
	case 0 ... 15:
		return 1 + below(HOSTILE_SLOTS - 1);
	case 16:
		return (u64[]){0,    HOSTILE_SLOTS, HOSTILE_SLOTS + 1, 255,  256,
			       4095, 4096,	    1ull << 32,	       ~0ull}[below(9)];
	default:
		return edge();
	}
}

/* A slot a call may empty (Delete) or take from (Move): never a master. */
static u64 slot_expendable(void)
{
	u64 s = slot_any();
	return s != 0 && s < HOSTILE_MASTERS
		   ? HOSTILE_MASTERS + below(HOSTILE_SLOTS - HOSTILE_MASTERS)
		   : s;
}

/* Function IDs around the ones its capabilities hold, hazardous ones, and noise. */
static const u32 hazard_fids[] = {
    PSCI_CPU_ON64,    PSCI_CPU_OFF,  PSCI_SYSTEM_OFF,	  PSCI_SYSTEM_RESET,
    PSCI_CPU_SUSPEND, 0xc400000e,    0x84000013,	  0x82000006,
    0xc2000005,	      0xc2000009,    0xc2000001,	  0x32000004,
    0xbf00ff01,	      SMCCC_VERSION, SMCCC_ARCH_FEATURES, 0xc4000012,
};

static u64 fid_any(void)
{
	u32 f = hostile_allowed_fids[below(HOSTILE_ALLOWED_FIDS)];

	switch (below(20)) {
	case 0 ... 7:
		break;
	case 8 ... 9:
		f |= SMCCC_SVE_HINT;
		break;
	case 10 ... 11:
		f += (u32)(below(7) - 3);
		break;
	case 12 ... 13:
		f = hazard_fids[below(ARRAY_SIZE(hazard_fids))];
		break;
	case 14 ... 16:
		f = (u32)rnd();
		break;
	case 17:
		return rnd();
	default:
		return (u64)f | rnd() << 32;
	}
	return f;
}

/* A value for register index `index` of a TCB write: never a pc inside this component's code
 * but its landing (elsewhere it would run its own code with random registers). */
static u64 reg_value(u64 index)
{
	u64 v = edge();
	if (index == TCB_REG_PC && v >= CODE_START && v < CODE_END)
		v = chance(50) ? (u64)hostile_landing : v ^ 0xf0000000ull;
	return v;
}

/* Message registers: MR0..5 go in in[2..7], the rest in the IPC buffer. */
static void set_mr(u32 i, u64 v)
{
	if (i < MSG_REG_COUNT)
		hostile_frame.in[2 + i] = v;
	else if (i < MSG_MAX_LEN)
		warden_ipc_buffer[IPCBUF_MR + i] = v;
}

static u32 smc_bound(void)
{
	switch (below(4)) {
	case 0 ... 1:
		return hostile_allowed_fids[below(HOSTILE_ALLOWED_FIDS)];
	case 2:
		return hostile_allowed_fids[below(HOSTILE_ALLOWED_FIDS)] + (u32)(below(5) - 2);
	default:
		return (u32)edge();
	}
}

/* The labels of every object, and some no object has. */
static const u64 labels[] = {
    CNODE_COPY,		CNODE_MINT,	 CNODE_MOVE,
    CNODE_DELETE,	CNODE_REVOKE,	 CNODE_DESCRIBE,
    TCB_SUSPEND,	TCB_RESUME,	 TCB_READ_REGS,
    TCB_WRITE_REGS,	IRQ_ACK,	 TRACE_READ,
    VCPU_SET_IRQ_LEVEL, VCPU_RESET,	 VCPU_BIND_SMC,
    VCPU_UNBIND_SMC,	VCPU_RESET_VGIC, 64 /* the former VCPU_INJECT_IRQ */};

/* What each slot held when last looked at (a refresh, or a sampled Describe): lets most
 * invocations carry a label their object has, so they get past the label check. */
static u8 shadow_type[HOSTILE_SLOTS];

static u64 label_for(u64 slot)
{
	switch (slot < HOSTILE_SLOTS ? shadow_type[slot] : 0) {
	case CAP_CNODE:
		return CNODE_COPY + below(CNODE_DESCRIBE);
	case CAP_TCB:
		return TCB_SUSPEND + below(4);
	case CAP_IRQ_HANDLER:
		return IRQ_ACK;
	case CAP_TRACE:
		return TRACE_READ;
	default:
		return labels[below(ARRAY_SIZE(labels))];
	}
}

/* The message of a Call/Send/Reply on slot (0: none): a label, its arguments, a length and
 * capabilities. */
static void make_message(u64 slot)
{
	u64 label = chance(60)	 ? label_for(slot)
		    : chance(85) ? labels[below(ARRAY_SIZE(labels))]
				 : edge();
	u32 need = 0;

	last_label = label;

	for (u32 i = 0; i < 8; i++)
		set_mr(i, edge());
	switch (label) {
	case CNODE_COPY:
		set_mr(0, slot_any());
		set_mr(1, slot_any());
		need = 2;
		break;
	case CNODE_MINT:
		set_mr(0, slot_any());
		set_mr(1, slot_any());
		set_mr(2, chance(70) ? below(8) : edge());
		set_mr(3, chance(50) ? smc_bound() : edge());
		set_mr(4, chance(50) ? smc_bound() : edge());
		need = 5;
		break;
	case CNODE_MOVE:
		set_mr(0, slot_any());
		set_mr(1, slot_expendable());
		need = 2;
		break;
	case CNODE_DELETE:
		set_mr(0, slot_expendable());
		need = 1;
		break;
	case CNODE_REVOKE:
	case CNODE_DESCRIBE:
		set_mr(0, slot_any());
		need = 1;
		break;
	case TCB_READ_REGS:
	case TCB_WRITE_REGS: {
		u64 first = chance(80) ? below(TCB_REG_COUNT + 2) : edge();
		u64 count = chance(80) ? below(TCB_REG_COUNT + 2) : edge();
		set_mr(0, first);
		set_mr(1, count);
		for (u64 i = 0; i < count && i < MSG_MAX_LEN - 2; i++)
			set_mr(2 + (u32)i, reg_value(first + i));
		need = label == TCB_WRITE_REGS && count < MSG_MAX_LEN ? 2 + (u32)count : 2;
		break;
	}
	case TRACE_READ:
		set_mr(0, chance(60) ? trace_hint - below(70) : edge());
		need = 1;
		break;
	case VCPU_SET_IRQ_LEVEL:
	case VCPU_RESET:
	case VCPU_BIND_SMC:
		need = 2;
		break;
	case VCPU_UNBIND_SMC:
		need = 1;
		break;
	default:
		break;
	}
	u64 len = chance(75) ? need : chance(50) ? below(MSG_MAX_LEN + 1) : edge();
	u64 caps = chance(85) ? 0 : below(4);
	if (chance(10))
		for (u32 i = 0; i < MSG_MAX_CAPS; i++)
			warden_ipc_buffer[IPCBUF_CAPS + i] = slot_any();
	hostile_frame.in[1] = chance(95) ? MSG_INFO(label, caps & 3, len & 0x7f) : edge();
}

/* Every few calls, some IPC-buffer words change: where received capabilities go, message
 * registers beyond x7, and the words the kernel writes (which it must not read back). */
static void stir_ipc_buffer(void)
{
	if (chance(10))
		warden_ipc_buffer[IPCBUF_RECV_SLOT] = chance(30) ? 0 : slot_expendable();
	if (chance(5))
		warden_ipc_buffer[IPCBUF_RECV_CAPS + below(2)] = edge();
	if (chance(20))
		warden_ipc_buffer[IPCBUF_MR + MSG_REG_COUNT + below(MSG_MAX_LEN - MSG_REG_COUNT)] =
		    edge();
}

/* --- one random call ----------------------------------------------------------------------- */

enum { CLASS_UNKNOWN = SYS_COUNT, CLASSES };
#define ST_RESCUED WARDEN_ERROR_COUNT
#define ST_FAULTED (WARDEN_ERROR_COUNT + 1)
#define ST_OTHER (WARDEN_ERROR_COUNT + 2)
#define STATUSES (WARDEN_ERROR_COUNT + 3)

static u64 hist[CLASSES][STATUSES];
static u64 reached, named_slot, smc_outside_reported;
/* Sampled: the type of capability a call named, and how many of those calls succeeded. */
#define TYPES 16
static u64 type_calls[TYPES], type_ok[TYPES], sampled;

struct one_call {
	u64 entry; /* index into hostile_svc_table */
	u32 nr;	   /* its svc number, or SYS_COUNT for any unknown one */
	u64 slot;  /* the slot it names (if it names one) */
	bool names_slot;
};

static struct one_call make_call(void)
{
	struct one_call c = {0};
	u32 p = (u32)below(100);

	last_label = 0;

	for (u32 i = 0; i < 31; i++)
		hostile_frame.in[i] = edge();
	stir_ipc_buffer();
	c.nr = p < 30	? SYS_CALL
	       : p < 35 ? SYS_REPLY_RECV
	       : p < 38 ? SYS_SEND
	       : p < 45 ? SYS_NBSEND
	       : p < 47 ? SYS_RECV
	       : p < 54 ? SYS_NBRECV
	       : p < 58 ? SYS_REPLY
	       : p < 60 ? SYS_YIELD
	       : p < 72 ? SYS_SMC_CALL
	       : p < 84 ? SYS_SMC_CALL_EXT
	       : p < 86 ? SYS_DEBUG_PUTS
			: CLASS_UNKNOWN;
	c.entry = c.nr;
	switch (c.nr) {
	case SYS_CALL:
	case SYS_REPLY_RECV:
	case SYS_SEND:
	case SYS_NBSEND:
	case SYS_RECV:
	case SYS_NBRECV:
		c.slot = hostile_frame.in[0] = slot_any();
		c.names_slot = true;
		make_message(c.slot);
		break;
	case SYS_REPLY:
		make_message(0);
		break;
	case SYS_SMC_CALL:
	case SYS_SMC_CALL_EXT:
		hostile_frame.in[0] = fid_any();
		c.slot = chance(60) ? H_SMC_TRNG32 + below(H_SMC_REGTEST - H_SMC_TRNG32 + 1)
				    : slot_any();
		hostile_frame.in[c.nr == SYS_SMC_CALL ? 8 : 18] = c.slot;
		c.names_slot = true;
		break;
	case SYS_DEBUG_PUTS:
		/* Lengths it refuses, or 0: random bytes on the console would garble the log. */
		hostile_frame.in[0] = chance(30) ? 0 : 49 + below(200);
		if (chance(20))
			hostile_frame.in[0] = edge() | 64;
		break;
	case CLASS_UNKNOWN:
		/* SYS_EXIT is the one number it never calls: the run would end. */
		c.entry =
		    chance(70) ? SYS_COUNT + below(SVC_LOW - SYS_COUNT) : SVC_LOW + below(SVC_HIGH);
		break;
	default:
		break;
	}
	return c;
}

static u32 status_of(const struct one_call *c)
{
	u64 x0 = hostile_frame.out[0];
	u64 st = c->nr == SYS_SMC_CALL	     ? hostile_frame.out[8]
		 : c->nr == SYS_SMC_CALL_EXT ? hostile_frame.out[18]
					     : x0;

	if (x0 == HOSTILE_RESCUED)
		return ST_RESCUED;
	if (x0 == HOSTILE_FAULTED)
		return ST_FAULTED;
	return st < WARDEN_ERROR_COUNT ? (u32)st : ST_OTHER;
}

static void record_smc(const struct one_call *c, u32 st)
{
	if (st != WARDEN_OK || (c->nr != SYS_SMC_CALL && c->nr != SYS_SMC_CALL_EXT))
		return;
	u32 key = smccc_fid_for_el3(smccc_fid(hostile_frame.in[0]));
	for (u32 i = 0; i < HOSTILE_ALLOWED_FIDS; i++) {
		if (hostile_allowed_fids[i] == key) {
			shared->smc_ok[i]++;
			return;
		}
	}
	shared->smc_ok_outside++;
	if (smc_outside_reported++ < 8)
		w_printf(
		    "[FAIL] hostile-smc-inside: x0 0x%lx through slot %lu reached EL3, outside "
		    "every capability this component was given\n",
		    hostile_frame.in[0], c->slot);
}

static void one_random_call(void)
{
	struct one_call c = make_call();
	u64 type = 0, d[3];
	bool sample = c.names_slot && (rnd() & 3) == 0;

	if (sample) {
		if (c.slot < HOSTILE_SLOTS && w_cnode_describe(H_CNODE, c.slot, d) == WARDEN_OK)
			type = d[0] < TYPES ? d[0] : TYPES - 1;
		if (c.slot < HOSTILE_SLOTS)
			shadow_type[c.slot] = (u8)type;
	}
	hostile_svc(c.entry);
	u32 st = status_of(&c);
	hist[c.nr][st]++;
	if (c.names_slot) {
		named_slot++;
		if (st != WARDEN_INVALID_CAP)
			reached++;
	}
	if (sample) {
		sampled++;
		type_calls[type]++;
		if (st == WARDEN_OK)
			type_ok[type]++;
	}
	record_smc(&c, st);
	if (c.nr == SYS_CALL && last_label == TRACE_READ && st == WARDEN_RANGE_ERROR &&
	    MSG_LEN(hostile_frame.out[1]) == 1)
		trace_hint = hostile_frame.out[2];
}

/* --- phases -------------------------------------------------------------------------------- */

struct smc_master {
	u32 slot, first, last;
};
static const struct smc_master smc_masters[] = {
    {H_SMC_TRNG32, 0x84000050, 0x84000053},  {H_SMC_TRNG64, 0xc4000050, 0xc4000053},
    {H_SMC_ECHO, 0x82000007, 0x82000007},    {H_SMC_ECHO64, 0xc2000007, 0xc2000008},
    {H_SMC_SIPQ, 0x8200ff00, 0x8200ff03},    {H_SMC_PSCI_VER, 0x84000000, 0x84000000},
    {H_SMC_REGTEST, 0xc2000004, 0xc2000004},
};

/* Revokes every master (its copies go, wherever they are) and refills the working slots with
 * copies and narrowed mints of them. */
static void refresh(void)
{
	for (u64 m = 1; m < HOSTILE_MASTERS; m++)
		w_cnode_revoke(H_CNODE, m);
	for (u64 s = HOSTILE_MASTERS; s < HOSTILE_SLOTS; s++)
		w_cnode_delete(H_CNODE, s);
	for (u64 s = HOSTILE_MASTERS; s < HOSTILE_SLOTS; s++) {
		u64 src = 1 + below(HOSTILE_MASTERS - 1);
		if (src >= H_SMC_TRNG32 && chance(60)) {
			const struct smc_master *sm = &smc_masters[src - H_SMC_TRNG32];
			u32 a = sm->first + (u32)below(sm->last - sm->first + 1);
			u32 b = a + (u32)below(sm->last - a + 1);
			w_cnode_mint_smc(H_CNODE, s, src, a, b);
		} else if ((src == H_EP || src == H_SERVER || src == H_NTFN ||
			    src == H_PUPPET_FAULT) &&
			   chance(60)) {
			w_cnode_mint(H_CNODE, s, src, below(8),
				     src == H_SERVER ? HOSTILE_BADGE : rnd());
		} else {
			w_cnode_copy(H_CNODE, s, src);
		}
	}
	for (u64 s = 1; s < HOSTILE_SLOTS; s++) {
		u64 d[3];
		shadow_type[s] = w_cnode_describe(H_CNODE, s, d) == WARDEN_OK ? (u8)d[0] : 0;
	}
	/* Every phase hands the CPU down once (a wait on its own endpoint, which the rescuer
	 * answers), so the victims and the heartbeat run in every phase. */
	for (u32 i = 0; i < 31; i++)
		hostile_frame.in[i] = 0;
	hostile_frame.in[0] = H_EP;
	warden_ipc_buffer[IPCBUF_RECV_SLOT] = 0;
	hostile_svc(SYS_RECV);
}

/* --- the report ---------------------------------------------------------------------------- */

static const char *const call_names[CLASSES] = {
    "Call",  "ReplyRecv", "Send",	"NBSend",    "Recv", "NBRecv", "Reply",
    "Yield", "SmcCall",	  "SmcCallExt", "DebugPuts", "Exit", "unknown"};

static const char *status_name(u32 st)
{
	return st == ST_RESCUED	  ? "RESCUED"
	       : st == ST_FAULTED ? "FAULTED"
	       : st == ST_OTHER	  ? "other"
				  : w_strerror(st);
}

static void print_histograms(void)
{
	u64 per_status[STATUSES] = {0};

	w_printf("hostile: calls per system call and result:\n");
	for (u32 n = 0; n < CLASSES; n++) {
		u64 total = 0;
		for (u32 s = 0; s < STATUSES; s++)
			total += hist[n][s];
		if (!total)
			continue;
		w_printf("hostile:   %-10s %8lu:", call_names[n], total);
		for (u32 s = 0; s < STATUSES; s++) {
			per_status[s] += hist[n][s];
			if (hist[n][s])
				w_printf(" %s %lu", status_name(s), hist[n][s]);
		}
		w_printf("\n");
	}
	w_printf("hostile: calls per result:\n");
	for (u32 s = 0; s < STATUSES; s++)
		if (per_status[s])
			w_printf("hostile:   %-20s %8lu\n", status_name(s), per_status[s]);
	w_printf("hostile: capability types named (1 call in 4 sampled, %lu): ", sampled);
	for (u32 t = 0; t < TYPES; t++)
		if (type_calls[t])
			w_printf(" type %u: %lu (%lu OK)", t, type_calls[t], type_ok[t]);
	w_printf("\n");
}

static void check(bool ok, const char *name, const char *why)
{
	if (ok) {
		w_printf("[PASS] %s\n", name);
	} else {
		w_printf("[FAIL] %s: %s\n", name, why);
		shared->failed++;
	}
}

int main(void)
{
	u64 seed = config.seed, calls = config.calls, phase_calls = config.phase_calls;
	u64 last_beat = 0, stalls = 0, phases = 0;

	rng_state = seed;
	shared->landing = (u64)hostile_landing;
	w_printf("hostile: seed %lu, %lu calls, %lu per phase (reproduce: make fuzz-hostile "
		 "SEED=%lu SEEDS=1 CALLS=%lu)\n",
		 seed, calls, phase_calls, seed, calls);
	for (u64 done = 0; done < calls;) {
		shared->phase = ++phases;
		refresh();
		for (u64 i = 0; i < phase_calls && done < calls; i++, done++)
			one_random_call();
		shared->calls = done;
		if (shared->heartbeat == last_beat)
			stalls++;
		last_beat = shared->heartbeat;
	}
	print_histograms();
	w_printf("hostile: %lu calls in %lu phases; %lu named a slot, %lu of them (%lu%%) reached "
		 "a capability; rescuer: %lu waits ended by suspension, %lu by a message, %lu "
		 "faults answered (%lu unknown system calls)\n",
		 calls, phases, named_slot, reached, named_slot ? reached * 100 / named_slot : 0,
		 shared->rescues, shared->deliveries, shared->faults, shared->unknown_syscalls);
	/* Half the slot-naming calls name a slot 1..63 that a refresh filled; the rest of the
	 * phase empties some of them. Below 40% the refresh (or the kernel's lookups) broke and
	 * the run would exercise little beyond the slot check. */
	check(named_slot && reached * 100 / named_slot >= 40, "hostile-reach",
	      "fewer than 40% of the calls that name a slot reached a capability");
	bool every_type = true;
	for (u32 t = 1; t < TYPES; t++)
		if ((t == 1 || t == 2 || t == 4 || t == 5 || t == 8 || t == 10 || t == 11) &&
		    !type_ok[t])
			every_type = false;
	check(every_type, "hostile-every-type",
	      "a capability type it holds had no successful invocation in the sample");
	check(stalls == 0, "hostile-heartbeat", "a phase passed without a heartbeat");
	check(shared->smc_ok_outside == 0, "hostile-smc-inside",
	      "the kernel forwarded an ID outside its capabilities");
	shared->done = 1;
	return 0;
}
