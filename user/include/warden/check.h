/* Test output for system tests: one `[PASS] name` or `[FAIL] name: detail` line per check,
 * which tests/run.py counts. */
#ifndef WARDEN_CHECK_H
#define WARDEN_CHECK_H
#include <warden/warden.h>

extern int check_failures;

/* Reports one check; returns cond so callers can stop a dependent sequence. */
bool check(bool cond, const char *name, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

#endif
