/* The all-paths SMCCC test, EL0 column (tests/system/smccc-paths.test): every call of
 * warden/smccc_paths.h through this component's SMC capabilities, in the 1.1 and the 1.2 form,
 * compared entry by entry with the table; on the project's monitor the register echo and the
 * call counters show what EL3 saw. Capabilities (tests/system/smccc-paths.xml): */
#include <warden/check.h>
#include <warden/format.h>
#include <warden/sip.h>
#include <warden/smccc.h>
#include <warden/smccc_paths.h>
#include <warden/warden.h>

#define FAST32 2  /* [0x80000000, 0x8300ffff]: across owning entities, so malformed IDs inside */
#define SIP64 3	  /* [0xc2000000, 0xc200ffff] */
#define YIELD32 4 /* [0x02000000, 0x0200ffff]: yielding SiP calls */

static bool on_warden;

static u64 cap_for(u64 x0)
{
	u32 w0 = (u32)x0;
	if (w0 >= 0xc2000000u && w0 <= 0xc201ffffu)
		return SIP64;
	if (w0 < 0x80000000u)
		return YIELD32;
	return FAST32;
}

static u64 reached(u32 fid)
{
	struct smc_regs r = {{SIP_CALL_COUNTER_GET64, fid}};

	w_smc_call_ext(SIP64, &r);
	return r.x[1];
}

/* One case in one form: the caller's registers are path_arg(i); checks status, every register
 * that comes back, what EL3 saw and how often. */
static void run(const struct path_case *c, bool ext)
{
	struct smc_regs r;
	char name[96];
	bool smc64 = (c->el3_fid & SMCCC_SMC64) != 0;
	u32 regs = ext ? 18 : 8;
	u64 before = on_warden && c->el3_fid ? reached(c->el3_fid) : 0;
	u64 hint_before = on_warden && c->el3_fid ? reached(c->el3_fid | 0x10000u) : 0;

	format_buf(name, sizeof(name), "el0-%s-%s", ext ? "1.2" : "1.1", c->name);
	for (u32 i = 0; i < 18; i++)
		r.x[i] = path_arg(i);
	r.x[0] = c->x0;
	long st = ext ? w_smc_call_ext(cap_for(c->x0), &r) : w_smc_call(cap_for(c->x0), &r);
	if (c->el0 == PATH_REFUSED) {
		bool ok = st == WARDEN_RANGE_ERROR && r.x[0] == c->x0;
		for (u32 i = 1; i < regs; i++)
			ok = ok && r.x[i] == path_arg(i);
		check(ok, name, "status %s x0 %lx", w_strerror(st), r.x[0]);
		return;
	}
	if (!on_warden) {
		/* Other firmware offers no echo: it answers NOT_SUPPORTED, and that is all. */
		check(st == WARDEN_OK && r.x[0] == ~0ull, name,
		      "status %s x0 %lx (EL3 columns skipped)", w_strerror(st), r.x[0]);
		return;
	}
	/* Results: SMCCC 1.2 firmware returns w0..w7 (SMC32) or x0..x17 (SMC64) within the form;
	 * SMC32 results w1..w3 zero-extended (the echo's upper halves cut), x0 sign-extended,
	 * w4..w7 under the caller's own upper halves (Linux keeps live values there). */
	u64 want0 = c->el0 == PATH_ECHOED ? 0 : ~0ull;
	bool ok = st == WARDEN_OK && r.x[0] == want0;
	u32 results = smc64 ? regs : 8;
	for (u32 i = 1; i < regs; i++) {
		u64 want = i < results && (smc64 || i < 4)
			       ? (smc64 ? path_arg(i) : (u32)path_arg(i))
			       : path_arg(i);
		if (!ext && i == 8)
			continue; /* the status */
		if (!smc64 && i >= 8)
			want = path_arg(i); /* not results: the caller's own */
		ok = ok && r.x[i] == want;
	}
	check(ok, name, "status %s x0 %lx x1 %lx x7 %lx x8 %lx x17 %lx", w_strerror(st), r.x[0],
	      r.x[1], r.x[7], r.x[8], r.x[17]);

	/* What EL3 saw: once, as el3_fid (bit 16 never); for the echo, every register. */
	u64 after = reached(c->el3_fid), hint_after = reached(c->el3_fid | 0x10000u);
	format_buf(name, sizeof(name), "el0-%s-%s-el3-count", ext ? "1.2" : "1.1", c->name);
	check(after == before + 1 && hint_after == hint_before, name,
	      "EL3 saw %lu calls as 0x%x, %lu with bit 16", after - before, c->el3_fid,
	      hint_after - hint_before);
	if (c->el0 != PATH_ECHOED)
		return;
	struct smc_regs e = {{SIP_ECHO_LAST64}};
	w_smc_call_ext(SIP64, &e);
	ok = e.x[1] == c->el3_fid;
	for (u32 i = 1; i < 17; i++) {
		u64 want = i < 8 ? (smc64 ? path_arg(i) : (u32)path_arg(i))
				 : (smc64 && ext ? path_arg(i) : 0);
		ok = ok && e.x[1 + i] == want;
	}
	format_buf(name, sizeof(name), "el0-%s-%s-el3-saw", ext ? "1.2" : "1.1", c->name);
	check(ok, name, "EL3 saw x0 %lx x1 %lx x7 %lx x8 %lx x16 %lx", e.x[1], e.x[2], e.x[8],
	      e.x[9], e.x[17]);
}

int main(void)
{
	struct smc_regs r = {{SIP_UID}};

	w_smc_call(FAST32, &r);
	on_warden = r.x[0] == SIP_UID_W0 && r.x[1] == SIP_UID_W1;
	if (!on_warden)
		w_printf(
		    "smccc-paths: EL3 columns skipped: this firmware has no register echo and no "
		    "call counters (not the project's monitor)\n");
	for (u32 i = 0; i < PATH_CASE_COUNT; i++) {
		if (path_cases[i].imm)
			continue; /* EL0 has no smc immediate */
		run(&path_cases[i], false);
		run(&path_cases[i], true);
	}
	w_printf("smccc-paths: %d failures\n[DONE]\n", check_failures);
	return check_failures;
}
