/* smctrace: decodes the SMC trace lines a Warden system prints ("smc-trace: seq=... caller=...
 * fid=... status=... x0=... cost=...") into a table with function names, naming each caller by
 * the "warden: pd#N name" lines a trace-enabled kernel prints at boot.
 *
 *   smctrace [LOG]      (reads standard input without LOG)
 *
 * Lines that are not trace lines are skipped; a malformed trace line is reported with its line
 * number and the exit status is 1. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include <warden/smccc_names.h>
#include <warden/syscall.h>

static const char *status_name(unsigned long s)
{
	static const char *const names[] = {
	    "OK",	   "INVALID_CAP",	"ILLEGAL_OPERATION", "INSUFFICIENT_RIGHTS",
	    "RANGE_ERROR", "TRUNCATED_MESSAGE", "INVALID_ARGUMENT",  "DELETE_FIRST",
	    "NO_REPLY",	   "WOULD_BLOCK",	"REVOKED",	     "UNKNOWN_SYSCALL"};
	return s < sizeof(names) / sizeof(names[0]) ? names[s] : "?";
}

int main(int argc, char **argv)
{
	FILE *in = stdin;
	char line[512];
	char names[64][32] = {{0}};
	unsigned long lineno = 0, entries = 0;
	int bad = 0;

	if (argc > 2 || (argc == 2 && !(in = fopen(argv[1], "r")))) {
		fprintf(stderr, "usage: smctrace [LOG]%s%s\n", argc == 2 ? ": cannot open " : "",
			argc == 2 ? argv[1] : "");
		return 2;
	}
	while (fgets(line, sizeof(line), in)) {
		lineno++;
		unsigned pd;
		char pdname[32];
		const char *k = strstr(line, "warden: pd#");
		if (k && sscanf(k, "warden: pd#%u %31s", &pd, pdname) == 2 && pd < 64) {
			snprintf(names[pd], sizeof(names[pd]), "%s", pdname);
			continue;
		}
		const char *p = strstr(line, "smc-trace: seq=");
		if (!p)
			continue;
		unsigned long seq, caller, status, cost;
		uint64_t fid, x0;
		if (sscanf(p,
			   "smc-trace: seq=%lu caller=%lu fid=0x%" SCNx64
			   " status=%lu x0=0x%" SCNx64 " cost=%lu",
			   &seq, &caller, &fid, &status, &x0, &cost) != 6) {
			fprintf(stderr, "%s:%lu: malformed trace line\n",
				argc == 2 ? argv[1] : "<stdin>", lineno);
			bad = 1;
			continue;
		}
		if (entries++ == 0)
			printf("%5s  %-20s  %-10s  %-26s  %-20s  %-18s  %s\n", "seq", "caller",
			       "fid", "function", "kernel", "x0", "ticks");
		char who[40];
		if (caller < 64 && names[caller][0])
			snprintf(who, sizeof(who), "%s", names[caller]);
		else
			snprintf(who, sizeof(who), "pd#%lu", caller);
		const char *name = fid >> 32 ? NULL : smccc_fid_name((uint32_t)fid);
		char unnamed[64];
		if (!name) {
			snprintf(unnamed, sizeof(unnamed), "(%s)",
				 fid >> 32 ? "bad x0" : smccc_oen_name((uint32_t)fid));
			name = unnamed;
		}
		if (status == WARDEN_OK)
			printf("%5lu  %-20s  0x%08" PRIx64 "  %-26s  %-20s  0x%016" PRIx64
			       "  %lu\n",
			       seq, who, fid, name, "forwarded", x0, cost);
		else
			printf("%5lu  %-20s  0x%08" PRIx64 "  %-26s  refused: %-11s  %-18s  -\n",
			       seq, who, fid, name, status_name(status), "-");
	}
	if (!entries)
		printf("no SMC trace lines (boot a kernel built with SMC_TRACE=1)\n");
	return bad;
}
