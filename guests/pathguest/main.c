/* The all-paths SMCCC test, guest column (tests/system/smccc-paths.test): every call of
 * warden/smccc_paths.h made by a guest, through the smc and the hvc conduit, forwarded by its
 * VMM (VM "vmm-path") or by the kernel through capabilities bound to the vCPU (VM
 * "kernel-path"), compared entry by entry with the table; on the project's monitor the register
 * echo and the call counters show what EL3 saw. Guests get the SMCCC's own rules: the ID is W0,
 * every register but the results stays the guest's. Under other firmware (no echo, no
 * counters) the EL3 columns are skipped, with a line saying so. */
#include <guest.h>
#include <warden/format.h>
#include <warden/smccc.h>
#include <warden/smccc_paths.h>

void path_call(u64 x[18], unsigned how);

static bool on_warden;

static void power_off(void)
{
	con_printf("pathguest: %d checks, %d failed\n", checks_run, checks_failed);
	con_puts("[DONE]\n");
	call3(CONDUIT_SMC, PSCI_SYSTEM_OFF, 0, 0, 0);
	for (;;)
		__asm__ volatile("wfi");
}

static u64 reached(u32 fid)
{
	u64 x[18] = {SIP_CALL_COUNTER_GET64, fid};

	path_call(x, 0);
	return x[1];
}

static void run(const struct path_case *c, unsigned conduit)
{
	u64 x[18];
	char name[96];
	bool smc64 = (c->el3_fid & SMCCC_SMC64) != 0;
	const char *via = conduit == CONDUIT_SMC ? "smc" : "hvc";
	u64 before = on_warden && c->el3_fid ? reached(c->el3_fid) : 0;
	u64 hint_before = on_warden && c->el3_fid ? reached(c->el3_fid | 0x10000u) : 0;
	u64 raw_before = on_warden ? reached((u32)c->x0) : 0;

	format_buf(name, sizeof(name), "guest-%s-%s", via, c->name);
	for (u32 i = 0; i < 18; i++)
		x[i] = path_arg(i);
	x[0] = c->x0;
	path_call(x, (conduit == CONDUIT_SMC ? 0 : 2) + (c->imm ? 1 : 0));
	if (c->guest == PATH_MINUS_ONE) {
		bool ok = x[0] == ~0ull;
		for (u32 i = 1; i < 18; i++)
			ok = ok && x[i] == path_arg(i);
		u64 raw_after = on_warden ? reached((u32)c->x0) : 0;
		check(ok && raw_after == raw_before, name, "x0 %lx x1 %lx, EL3 saw %lu", x[0], x[1],
		      raw_after - raw_before);
		return;
	}
	if (!on_warden) {
		/* Other firmware offers no echo: it answers NOT_SUPPORTED, and that is all. */
		check(x[0] == ~0ull, name, "x0 %lx (EL3 columns skipped)", x[0]);
		return;
	}
	/* SMCCC 1.2 firmware: SMC32 results w0..w7 (w1..w3 zero-extended: the echo's upper
	 * halves are cut; x0 sign-extended; w4..w7 under the guest's own upper halves, which Linux
	 * keeps live), SMC64 x0..x17; the guest keeps its own x8..x17 for SMC32. */
	bool ok = x[0] == (c->guest == PATH_ECHOED ? 0 : ~0ull);
	for (u32 i = 1; i < 18; i++) {
		u64 want = smc64 || i >= 4 ? path_arg(i) : (u32)path_arg(i);
		ok = ok && x[i] == want;
	}
	check(ok, name, "x0 %lx x1 %lx x7 %lx x8 %lx x17 %lx", x[0], x[1], x[7], x[8], x[17]);

	u64 after = reached(c->el3_fid), hint_after = reached(c->el3_fid | 0x10000u);
	format_buf(name, sizeof(name), "guest-%s-%s-el3-count", via, c->name);
	check(after == before + 1 && hint_after == hint_before, name,
	      "EL3 saw %lu calls as 0x%x, %lu with bit 16", after - before, c->el3_fid,
	      hint_after - hint_before);
	if (c->guest != PATH_ECHOED)
		return;
	u64 e[18] = {SIP_ECHO_LAST64};
	path_call(e, 0);
	ok = e[1] == c->el3_fid;
	for (u32 i = 1; i < 17; i++) {
		u64 want =
		    i < 8 ? (smc64 ? path_arg(i) : (u32)path_arg(i)) : (smc64 ? path_arg(i) : 0);
		ok = ok && e[1 + i] == want;
	}
	format_buf(name, sizeof(name), "guest-%s-%s-el3-saw", via, c->name);
	check(ok, name, "EL3 saw x0 %lx x1 %lx x7 %lx x8 %lx x16 %lx", e[1], e[2], e[8], e[9],
	      e[17]);
}

void secondary_main(u64 ctx); /* start.S's CPU_ON entry: this guest starts no other vCPU */
void secondary_main(u64 ctx)
{
	for (;;)
		__asm__ volatile("wfi");
}

void guest_main(const void *dtb_addr);
void guest_main(const void *dtb_addr)
{
	struct dtb_info dtb;

	if (!dtb_parse(dtb_addr, &dtb)) {
		check(false, "dtb-valid", "no valid DTB at %p", dtb_addr);
		power_off();
	}
	u64 uid[18] = {SIP_UID};
	path_call(uid, 0);
	on_warden = uid[0] == SIP_UID_W0 && uid[1] == SIP_UID_W1;
	if (!on_warden)
		con_printf("pathguest: EL3 columns skipped: this firmware has no register echo and "
			   "no call counters (not the project's monitor)\n");
	for (u32 i = 0; i < PATH_CASE_COUNT; i++) {
		run(&path_cases[i], CONDUIT_SMC);
		run(&path_cases[i], CONDUIT_HVC);
	}
	power_off();
}
