// SPDX-License-Identifier: GPL-2.0
#include <stdarg.h>

#include "err.h"

FILE *err_out;
static char err_prefix[64];

void err_set_prefix(const char *prefix)
{
	snprintf(err_prefix, sizeof(err_prefix), "%s", prefix ? prefix : "");
}

static void report(const char *prefix, const char *fmt, va_list ap)
{
	FILE *fp = err_out ? err_out : stderr;

	fputs(prefix, fp);
	fputs(err_prefix, fp);
	vfprintf(fp, fmt, ap);
	fputc('\n', fp);
}

void errorf(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	report("Error: ", fmt, ap);
	va_end(ap);
}

void warnf(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	report("Warning: ", fmt, ap);
	va_end(ap);
}
