/* The SMC broker (use case 2, docs/broker.md): alone holds the SMC capabilities for some services
 * and serves clients over IPC on BROKER_SLOT_EP. Each client is told apart by its endpoint badge
 * and may call only the function IDs its <broker_client> entry in the system description allows
 * (the configuration page at BROKER_CONFIG_VADDR). On request it delegates a reduced SMC
 * capability, derived from an intermediate capability it keeps for that client, so that
 * BROKER_REVOKE from the administrator removes everything that client was given, and nothing
 * else. Protocol and statuses: lib/include/warden/broker.h. */
#include <warden/broker.h>
#include <warden/broker_client.h>
#include <warden/smccc_rules.h>
#include <warden/smccc_names.h>
#include <warden/warden.h>

#define NOT_SUPPORTED ((u64)(s64)SMCCC_NOT_SUPPORTED)
#define MAX_CAPS (BROKER_SLOT_FREE - BROKER_SLOT_SMC_BASE)
/* The slot a delegated capability is handed out from; deleted once the reply has carried it. */
#define SLOT_HANDOUT BROKER_SLOT_FREE
/* Intermediates are allocated from here. */
#define SLOT_POOL (BROKER_SLOT_FREE + 1)
#define POOL_SIZE 256

static const struct broker_config *const cfg = (const struct broker_config *)BROKER_CONFIG_VADDR;

/* The broker's own SMC capabilities, as Describe reports them. */
static struct smc_range caps[MAX_CAPS];
static u32 cap_count;

struct client_state {
	bool revoked;
	u64 intermediate[BROKER_MAX_RANGES]; /* per allowed range; 0: none yet */
	u64 forwarded;			     /* calls forwarded that reached the secure world */
	u64 refused;
	u64 requests;
};
static struct client_state state[BROKER_MAX_CLIENTS];

/* One log line per request, for the first LOG_LIMIT requests of each client: enough to read
 * what happens, and then the broker costs what its forwarding costs (make bench). */
#define LOG_LIMIT 16
static bool quiet;
#define blog(...)                                                                                  \
	do {                                                                                       \
		if (!quiet)                                                                        \
			w_printf(__VA_ARGS__);                                                     \
	} while (0)
static bool slot_used[POOL_SIZE];

static const char *const status_names[] = {
    [BROKER_OK] = "OK",
    [BROKER_NOT_IN_POLICY] = "NOT_IN_POLICY",
    [BROKER_REVOKED] = "REVOKED",
    [BROKER_MALFORMED] = "MALFORMED",
    [BROKER_NO_CAPABILITY] = "NO_CAPABILITY",
    [BROKER_DENIED] = "DENIED",
};

static const char *status_name(u64 st)
{
	return st < ARRAY_SIZE(status_names) ? status_names[st] : "?";
}

static void print_fid(u64 x0)
{
	const char *name = x0 >> 32 ? NULL : smccc_fid_name((u32)x0);

	if (name)
		blog("%s", name);
	else
		blog("0x%lx", x0);
}

/* The client with this badge, or -1. */
static int find_client(u64 badge)
{
	for (u32 i = 0; i < cfg->client_count && i < BROKER_MAX_CLIENTS; i++) {
		if (cfg->clients[i].badge == badge)
			return (int)i;
	}
	return -1;
}

/* Starts a log line: who asked. */
static void log_who(int c, u64 badge)
{
	if (c >= 0)
		blog("smc-broker: %s ", cfg->clients[c].name);
	else if (badge == BROKER_ADMIN_BADGE)
		blog("smc-broker: admin ");
	else
		blog("smc-broker: badge 0x%lx (no client) ", badge);
}

/* The client's allowed range that contains [first, last], or -1. */
static int allowed_range(int c, u32 first, u32 last)
{
	const struct broker_client *bc = &cfg->clients[c];

	for (u32 i = 0; i < bc->range_count && i < BROKER_MAX_RANGES; i++) {
		if (bc->ranges[i].first <= first && last <= bc->ranges[i].last)
			return (int)i;
	}
	return -1;
}

/* The slot of the broker's SMC capability that covers [first, last], or 0. */
static u64 cap_covering(u32 first, u32 last)
{
	for (u32 i = 0; i < cap_count; i++) {
		if (caps[i].first <= first && last <= caps[i].last)
			return BROKER_SLOT_SMC_BASE + i;
	}
	return 0;
}

static u64 alloc_slot(void)
{
	for (u32 i = 0; i < POOL_SIZE; i++) {
		if (!slot_used[i]) {
			slot_used[i] = true;
			return SLOT_POOL + i;
		}
	}
	return 0;
}

static void free_slot(u64 slot)
{
	slot_used[slot - SLOT_POOL] = false;
}

/* A refusal: MR0 = why, MR1 = x0 = NOT_SUPPORTED; the client's other registers stay. */
static void refuse(struct msg *m, int c, u64 status)
{
	blog(" -> refused: %s\n", status_name(status));
	if (c >= 0)
		state[c].refused++;
	m->info = MSG_INFO(0, 0, 2);
	m->mr[0] = status;
	m->mr[1] = NOT_SUPPORTED;
}

static void handle_smc(struct msg *m, int c, u64 badge, bool ext)
{
	u32 regs = ext ? 18 : 8;
	u64 x0 = m->mr[0];
	u32 fid = smccc_match_key((u32)x0); /* bit 16 names no other call */
	struct smc_regs r;
	u64 slot;
	long st;

	log_who(c, badge);
	blog("%s ", ext ? "SMC_EXT" : "SMC");
	if (MSG_LEN(m->info) != regs) {
		blog("with %lu registers, not %u", (u64)MSG_LEN(m->info), regs);
		refuse(m, c, BROKER_MALFORMED);
		return;
	}
	print_fid(x0);
	if (c < 0) {
		refuse(m, c, BROKER_MALFORMED);
		return;
	}
	/* A malformed fast ID names no call; as in the capability ABI, x0 with upper bits is in
	 * no policy. */
	if (!smccc_fid_well_formed(fid)) {
		refuse(m, c, BROKER_MALFORMED);
		return;
	}
	if (x0 >> 32 || allowed_range(c, fid, fid) < 0) {
		refuse(m, c, BROKER_NOT_IN_POLICY);
		return;
	}
	slot = cap_covering(fid, fid);
	if (!slot) {
		refuse(m, c, BROKER_NO_CAPABILITY);
		return;
	}
	for (u32 i = 0; i < 18; i++)
		r.x[i] = i < regs ? m->mr[i] : 0;
	st = ext ? w_smc_call_ext(slot, &r) : w_smc_call(slot, &r);
	if (st != WARDEN_OK) {
		blog(" (kernel: %s)", w_strerror(st));
		refuse(m, c, BROKER_NO_CAPABILITY);
		return;
	}
	state[c].forwarded++;
	blog(" -> forwarded, x0 = 0x%lx\n", r.x[0]);
	m->info = MSG_INFO(0, 0, regs + 1);
	m->mr[0] = BROKER_OK;
	for (u32 i = 0; i < regs; i++)
		m->mr[i + 1] = r.x[i];
}

/* Returns the slot to hand out with the reply (0: none). */
static u64 handle_delegate(struct msg *m, int c, u64 badge)
{
	u64 first = m->mr[0], last = m->mr[1];
	struct client_state *s;
	int range;
	u64 from, *inter;
	long st;

	log_who(c, badge);
	blog("DELEGATE ");
	if (MSG_LEN(m->info) != 2 || c < 0 || smccc_range_check(first, last) != SMCCC_RANGE_OK) {
		blog("(malformed range)");
		refuse(m, c, BROKER_MALFORMED);
		return 0;
	}
	blog("[");
	print_fid(first);
	blog(", ");
	print_fid(last);
	blog("]");
	s = &state[c];
	if (s->revoked) {
		refuse(m, c, BROKER_REVOKED);
		return 0;
	}
	range = allowed_range(c, (u32)first, (u32)last);
	if (range < 0) {
		refuse(m, c, BROKER_NOT_IN_POLICY);
		return 0;
	}
	inter = &s->intermediate[range];
	if (!*inter) {
		/* The client's intermediate for this range: everything it is given derives from
		 * it, so revoking it takes back exactly what this client holds. */
		const struct smc_range *ar = &cfg->clients[c].ranges[range];

		from = cap_covering(ar->first, ar->last);
		*inter = from ? alloc_slot() : 0;
		if (!*inter) {
			refuse(m, c, BROKER_NO_CAPABILITY);
			return 0;
		}
		st = w_cnode_mint_smc(BROKER_SLOT_CNODE, *inter, from, ar->first, ar->last);
		if (st != WARDEN_OK) {
			blog(" (mint intermediate: %s)", w_strerror(st));
			free_slot(*inter);
			*inter = 0;
			refuse(m, c, BROKER_NO_CAPABILITY);
			return 0;
		}
	}
	st = w_cnode_mint_smc(BROKER_SLOT_CNODE, SLOT_HANDOUT, *inter, (u32)first, (u32)last);
	if (st != WARDEN_OK) {
		blog(" (mint: %s)", w_strerror(st));
		refuse(m, c, BROKER_NO_CAPABILITY);
		return 0;
	}
	blog(" -> delegated\n");
	m->info = MSG_INFO(0, 1, 3);
	m->mr[0] = BROKER_OK;
	m->mr[1] = first;
	m->mr[2] = last;
	return SLOT_HANDOUT;
}

static void handle_revoke(struct msg *m, u64 badge)
{
	int c = MSG_LEN(m->info) == 1 ? find_client(m->mr[0]) : -1;
	struct client_state *s;
	u32 n = 0;

	log_who(find_client(badge), badge);
	blog("REVOKE %s", c >= 0 ? cfg->clients[c].name : "(no such client)");
	if (badge != BROKER_ADMIN_BADGE) {
		refuse(m, -1, BROKER_DENIED);
		return;
	}
	if (c < 0) {
		refuse(m, -1, BROKER_MALFORMED);
		return;
	}
	s = &state[c];
	for (u32 i = 0; i < BROKER_MAX_RANGES; i++) {
		if (!s->intermediate[i])
			continue;
		/* Revoke deletes every capability derived from the intermediate, in every CNode;
		 * then the intermediate itself goes. */
		w_cnode_revoke(BROKER_SLOT_CNODE, s->intermediate[i]);
		w_cnode_delete(BROKER_SLOT_CNODE, s->intermediate[i]);
		free_slot(s->intermediate[i]);
		s->intermediate[i] = 0;
		n++;
	}
	s->revoked = true;
	blog(" -> OK: %u intermediate%s revoked, and everything derived from %s; IPC "
	     "only from now\n",
	     n, n == 1 ? "" : "s", n == 1 ? "it" : "them");
	m->info = MSG_INFO(0, 0, 1);
	m->mr[0] = BROKER_OK;
}

static void handle_stats(struct msg *m, u64 badge)
{
	int c = MSG_LEN(m->info) == 1 ? find_client(m->mr[0]) : -1;

	if (c < 0 || (badge != BROKER_ADMIN_BADGE && badge != m->mr[0])) {
		log_who(find_client(badge), badge);
		blog("STATS");
		refuse(m, find_client(badge), c < 0 ? BROKER_MALFORMED : BROKER_DENIED);
		return;
	}
	blog("smc-broker: %s: %lu calls forwarded to the secure world, %lu refused\n",
	     cfg->clients[c].name, state[c].forwarded, state[c].refused);
	m->info = MSG_INFO(0, 0, 3);
	m->mr[0] = BROKER_OK;
	m->mr[1] = state[c].forwarded;
	m->mr[2] = state[c].refused;
}

static bool start(void)
{
	if (cfg->magic != BROKER_CONFIG_MAGIC || cfg->version != BROKER_CONFIG_VERSION ||
	    cfg->client_count > BROKER_MAX_CLIENTS || cfg->smc_cap_count > MAX_CAPS) {
		w_printf("smc-broker: no valid configuration at 0x%lx\n", BROKER_CONFIG_VADDR);
		return false;
	}
	for (u32 i = 0; i < cfg->smc_cap_count; i++) {
		u64 d[3];
		long st = w_cnode_describe(BROKER_SLOT_CNODE, BROKER_SLOT_SMC_BASE + i, d);

		if (st != WARDEN_OK || d[0] != CAP_SMC) {
			w_printf("smc-broker: slot %u holds no SMC capability (%s)\n",
				 BROKER_SLOT_SMC_BASE + i, w_strerror(st));
			return false;
		}
		caps[i].first = (u32)d[2];
		caps[i].last = (u32)(d[2] >> 32);
	}
	cap_count = cfg->smc_cap_count;
	w_printf("smc-broker: %u SMC capabilities, %u clients:", cap_count, cfg->client_count);
	for (u32 i = 0; i < cap_count; i++)
		w_printf(" [0x%x, 0x%x]", caps[i].first, caps[i].last);
	w_printf("\n");
	return true;
}

int main(void)
{
	struct msg m;
	long st;

	if (!start())
		return 1;
	warden_ipc_buffer[IPCBUF_RECV_SLOT] = 0; /* requests carry no capabilities */
	u64 handout = 0;
	st = w_recv(BROKER_SLOT_EP, &m);
	while (st == WARDEN_OK) {
		u64 badge = m.badge;
		int c = find_client(badge);

		/* The last reply's capability reached its client as a child of the hand-out slot;
		 * deleting the slot re-attaches it to that client's intermediate, so a revoke still
		 * reaches it. */
		if (handout)
			w_cnode_delete(BROKER_SLOT_CNODE, handout);
		handout = 0;
		quiet = c >= 0 && state[c].requests++ >= LOG_LIMIT;
		if (c >= 0 && state[c].requests == LOG_LIMIT + 1)
			w_printf("smc-broker: %s: further requests are not logged\n",
				 cfg->clients[c].name);
		switch (MSG_LABEL(m.info)) {
		case BROKER_SMC:
			handle_smc(&m, c, badge, false);
			break;
		case BROKER_SMC_EXT:
			handle_smc(&m, c, badge, true);
			break;
		case BROKER_DELEGATE:
			handout = handle_delegate(&m, c, badge);
			break;
		case BROKER_REVOKE:
			handle_revoke(&m, badge);
			break;
		case BROKER_STATS:
			handle_stats(&m, badge);
			break;
		default:
			log_who(c, badge);
			blog("label %lu", (u64)MSG_LABEL(m.info));
			refuse(&m, c, BROKER_MALFORMED);
			break;
		}
		warden_ipc_buffer[IPCBUF_CAPS] = handout;
		st = w_reply_recv(BROKER_SLOT_EP, &m);
	}
	w_printf("smc-broker: receive failed: %s\n", w_strerror(st));
	return 1;
}
