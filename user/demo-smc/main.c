/* Demo: a component that holds only the TRNG service's SMC capabilities calls the secure world
 * through them, and is refused outside them. */
#include <warden/sip.h>
#include <warden/smccc.h>
#include <warden/smccc_names.h>
#include <warden/warden.h>

#define CNODE 1
#define TRNG32 2 /* service "trng": [0x84000050, 0x84000053] */
#define TRNG64 3 /*                 [0xc4000050, 0xc4000053] */
#define ONE_ID 8 /* minted below */

static void call(const char *who, u64 cap, u32 fid, u64 x1)
{
	struct smc_regs r = {{fid, x1}};
	long st = w_smc_call(cap, &r);

	if (st != WARDEN_OK)
		w_printf("  %-14s %-22s -> refused by the kernel: %s (never reached EL3)\n", who,
			 smccc_fid_name(fid), w_strerror(st));
	else if ((s64)r.x[0] < 0)
		w_printf("  %-14s %-22s -> secure world says %ld\n", who, smccc_fid_name(fid),
			 (s64)r.x[0]);
	else
		w_printf("  %-14s %-22s -> x0 0x%lx x1 0x%lx x2 0x%lx x3 0x%lx\n", who,
			 smccc_fid_name(fid), r.x[0], r.x[1], r.x[2], r.x[3]);
}

static void describe(u64 slot)
{
	u64 d[3];

	w_cnode_describe(CNODE, slot, d);
	w_printf("demo-smc: slot %lu: SMC capability [0x%08lx, 0x%08lx]\n", slot, d[2] & 0xffffffff,
		 d[2] >> 32);
}

int main(void)
{
	w_printf("demo-smc: use case: a component with narrowed SMC authority\n");
	describe(TRNG32);
	describe(TRNG64);
	call("trng cap", TRNG32, TRNG_VERSION, 0);
	call("trng cap", TRNG64, TRNG_RND64, 128);
	call("trng cap", TRNG32, PSCI_VERSION, 0);
	call("trng cap", TRNG64, SIP_DERIVE_KEY64, 0);
	long st = w_cnode_mint_smc(CNODE, ONE_ID, TRNG32, TRNG_VERSION, TRNG_VERSION);
	w_printf("demo-smc: mint [TRNG_VERSION, TRNG_VERSION] from slot %d: %s\n", TRNG32,
		 w_strerror(st));
	call("one-ID cap", ONE_ID, TRNG_VERSION, 0);
	call("one-ID cap", ONE_ID, TRNG_RND32, 96);
	st = w_cnode_mint_smc(CNODE, 9, TRNG32, PSCI_VERSION, PSCI_VERSION);
	w_printf("demo-smc: mint [PSCI_VERSION] from the TRNG capability: %s\n", w_strerror(st));
	st = w_cnode_revoke(CNODE, TRNG32);
	w_printf("demo-smc: revoke slot %d (deletes its children): %s\n", TRNG32, w_strerror(st));
	call("one-ID cap", ONE_ID, TRNG_VERSION, 0);
	return 0;
}
