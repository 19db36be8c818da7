/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A tiny TAP producer: "ok N - desc" / "not ok N - desc", diagnostics as
 * "# ..." lines, the plan "1..N" once all tests have run (TAP allows a
 * trailing plan), then a summary line "N passed, N failed".
 */
#ifndef BRFW_TAP_H
#define BRFW_TAP_H

#include <stdbool.h>

bool tap_ok(bool cond, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* String equality; NULL equals only NULL. Shows both on failure. */
bool tap_is_str(const char *got, const char *want, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
bool tap_is_int(long long got, long long want, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void tap_diag(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Show a string on a diagnostic line, escaped ("got", "want"). */
void tap_diag_str(const char *label, const char *s);
/* Plan and summary; returns the exit status (0: all passed). */
int tap_finish(void);

/*
 * Checks inside one test point: CHECK_* record a failure (with a
 * diagnostic) without ending the test; the point passes if none failed.
 */
struct tap_point {
	bool failed;
};
void tap_check_str(struct tap_point *t, const char *what, const char *got,
		   const char *want);
void tap_check_int(struct tap_point *t, const char *what, long long got,
		   long long want);

#endif
