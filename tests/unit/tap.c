// SPDX-License-Identifier: GPL-2.0
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "tap.h"

static int tap_count, tap_failed;

static bool vreport(bool cond, const char *fmt, va_list ap)
{
	tap_count++;
	if (!cond)
		tap_failed++;
	printf("%sok %d - ", cond ? "" : "not ", tap_count);
	vprintf(fmt, ap);
	putchar('\n');
	fflush(stdout);
	return cond;
}

bool tap_ok(bool cond, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vreport(cond, fmt, ap);
	va_end(ap);
	return cond;
}

void tap_diag(const char *fmt, ...)
{
	va_list ap;

	fputs("# ", stdout);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
}

void tap_diag_str(const char *label, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	if (!s) {
		printf("#   %s: NULL\n", label);
		return;
	}
	printf("#   %s: \"", label);
	for (; *p; p++) {
		if (*p == '\n')
			fputs("\\n\n#         ", stdout);
		else if (*p == '"' || *p == '\\')
			printf("\\%c", *p);
		else if (*p < 0x20 || *p >= 0x7f)
			printf("\\x%02x", *p);
		else
			putchar(*p);
	}
	puts("\"");
}

static bool str_eq(const char *a, const char *b)
{
	if (!a || !b)
		return a == b;
	return !strcmp(a, b);
}

bool tap_is_str(const char *got, const char *want, const char *fmt, ...)
{
	bool eq = str_eq(got, want);
	va_list ap;

	va_start(ap, fmt);
	vreport(eq, fmt, ap);
	va_end(ap);
	if (!eq) {
		tap_diag_str("got", got);
		tap_diag_str("want", want);
	}
	return eq;
}

bool tap_is_int(long long got, long long want, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vreport(got == want, fmt, ap);
	va_end(ap);
	if (got != want)
		tap_diag("  got %lld, want %lld", got, want);
	return got == want;
}

void tap_check_str(struct tap_point *t, const char *what, const char *got,
		   const char *want)
{
	if (str_eq(got, want))
		return;
	t->failed = true;
	tap_diag("%s differs", what);
	tap_diag_str("got", got);
	tap_diag_str("want", want);
}

void tap_check_int(struct tap_point *t, const char *what, long long got,
		   long long want)
{
	if (got == want)
		return;
	t->failed = true;
	tap_diag("%s: got %lld, want %lld", what, got, want);
}

int tap_finish(void)
{
	printf("1..%d\n", tap_count);
	printf("%d passed, %d failed\n", tap_count - tap_failed, tap_failed);
	return tap_failed ? 1 : 0;
}
