/* [PASS]/[FAIL] lines for system tests. */
#include <stdarg.h>
#include <warden/check.h>

int check_failures;

bool check(bool cond, const char *name, const char *fmt, ...)
{
	va_list ap;

	if (cond) {
		w_printf("[PASS] %s\n", name);
		return true;
	}
	w_printf("[FAIL] %s: ", name);
	va_start(ap, fmt);
	w_vprintf(fmt, ap);
	va_end(ap);
	w_puts("\n");
	check_failures++;
	return false;
}
