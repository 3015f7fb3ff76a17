/* Under SMCCC 1.0 firmware a caller gets x0..x3 back and its own values in every other register,
 * whatever the secure world left there (tests/system/smccc10.test, on the monitor's SMCCC 1.0
 * test build, which overwrites x4..x17 with MONITOR_SCRIBBLE | i after every call). */
#include <warden/check.h>
#include <warden/sip.h>
#include <warden/smccc.h>
#include <warden/warden.h>

#define ARCH32 2 /* service "arch": SMC32 range */
#define SIP32 4	 /* service "sip": SMC32 and SMC64 ranges */
#define SIP64 5

void smc11_raw(const u64 in[18], u64 out[18]);

static u64 pattern(int i)
{
	return 0xa5a5000000000000ull | (u64)i << 32 | (u64)(0x1000 * i);
}

static u64 transformed(u32 fid, int i, u64 in)
{
	u64 v = ~(SMCCC_IS_SMC64(fid) ? in : (u32)in) ^ ((u64)i * SIP_REG_TEST_STEP);
	return SMCCC_IS_SMC64(fid) ? v : (u32)v;
}

/* The 1.2 form: x1..x3 are results; x4..x17 must be the caller's, not the scribble. */
static void ext_form(u64 cap, u32 fid, const char *name)
{
	struct smc_regs r;
	bool ok;

	for (int i = 0; i < 18; i++)
		r.x[i] = pattern(i);
	r.x[0] = fid;
	long st = w_smc_call_ext(cap, &r);
	ok = st == WARDEN_OK && r.x[0] == 0;
	for (int i = 1; i < 4; i++)
		ok = ok && r.x[i] == transformed(fid, i, pattern(i));
	for (int i = 4; i < 18; i++)
		ok = ok && r.x[i] == pattern(i);
	check(ok, name, "status %s x0 %lx x3 %lx x4 %lx x17 %lx", w_strerror(st), r.x[0], r.x[3],
	      r.x[4], r.x[17]);
}

int main(void)
{
	struct smc_regs r = {{SMCCC_VERSION}};
	long st = w_smc_call(ARCH32, &r);

	check(st == WARDEN_OK && r.x[0] == (u64)(s64)SMCCC_NOT_SUPPORTED, "smccc10-no-version",
	      "status %s x0 %lx", w_strerror(st), r.x[0]);
	ext_form(SIP64, SIP_REG_TEST64, "smccc10-ext-form-keeps-x4-x17");
	ext_form(SIP32, SIP_REG_TEST, "smccc10-smc32-keeps-full-x4-x17");

	/* The 1.1 form: x0..x3 back, x4..x7 and x9..x17 the caller's, x8 the status. */
	u64 in[18], out[18];
	for (int i = 0; i < 18; i++)
		in[i] = pattern(i);
	in[0] = SIP_REG_TEST64;
	in[8] = SIP64;
	smc11_raw(in, out);
	bool ok = out[0] == 0 && out[8] == WARDEN_OK;
	for (int i = 1; i < 4; i++)
		ok = ok && out[i] == transformed(SIP_REG_TEST64, i, in[i]);
	for (int i = 4; i < 18; i++)
		ok = ok && (i == 8 || out[i] == in[i]);
	check(ok, "smccc10-11-form-keeps-x4-x17", "x0 %lx x3 %lx x4 %lx x7 %lx x8 %lx", out[0],
	      out[3], out[4], out[7], out[8]);
	w_printf("smccc10-test: %d failures\n[DONE]\n", check_failures);
	return check_failures;
}
