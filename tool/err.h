/* SPDX-License-Identifier: GPL-2.0 */
#ifndef BRFWCTL_ERR_H
#define BRFWCTL_ERR_H

#include <stdio.h>

/* Where errors and warnings go: stderr unless a test redirects them. */
extern FILE *err_out;

/* "Error: <message>\n" */
void errorf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* "Warning: <message>\n" */
void warnf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/*
 * Text put after "Error: " and "Warning: " until changed, e.g. "line 3: "
 * while a batch file's line runs; NULL for none.
 */
void err_set_prefix(const char *prefix);

#endif
