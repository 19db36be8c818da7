/* SPDX-License-Identifier: GPL-2.0 */
/*
 * One print path for text and JSON output, in the manner of iproute2's
 * print_* helpers: the caller prints every field once, and the printer
 * writes it as text or as a JSON member depending on the mode.
 */
#ifndef BRFWCTL_PRINT_H
#define BRFWCTL_PRINT_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#define PR_MAX_DEPTH 8

/* Which output a call contributes to. */
enum pr_mode {
	PR_ANY,		/* both: text uses fmt/width, JSON uses key */
	PR_TEXT,	/* text only (labels, headers) */
	PR_JSON,	/* JSON only (fields the text layout leaves out) */
};

struct pr {
	FILE *fp;
	bool json;
	bool pretty;
	int depth;			/* JSON nesting depth */
	bool first[PR_MAX_DEPTH];	/* no member printed yet at this depth */
	bool array[PR_MAX_DEPTH];	/* this depth is an array */
	bool line_start;		/* text: nothing printed on this line */
};

void pr_init(struct pr *p, FILE *fp, bool json, bool pretty);

/* JSON containers; ignored in text mode. key is NULL inside arrays. */
void pr_open_object(struct pr *p, const char *key);
void pr_close_object(struct pr *p);
void pr_open_array(struct pr *p, const char *key);
void pr_close_array(struct pr *p);

/*
 * A value. Text mode prints fmt with the value in place of its one
 * conversion, "%s" or "%" PRIu64 (no widths: use pr_col_* for columns);
 * fmt NULL prints the bare value.
 */
void pr_str(struct pr *p, enum pr_mode m, const char *key, const char *fmt,
	    const char *val);
void pr_u64(struct pr *p, enum pr_mode m, const char *key, const char *fmt,
	    uint64_t val);
/* A flag: true or false in JSON, "on" or "off" for the "%s" of fmt. */
void pr_bool(struct pr *p, enum pr_mode m, const char *key, const char *fmt,
	     bool val);

/*
 * A table column. Text: a two-space separator unless first on the line,
 * then val padded to width (left-aligned if width < 0, right-aligned if
 * width > 0). A NULL string is "-" in text and null in JSON.
 */
void pr_col_str(struct pr *p, enum pr_mode m, const char *key, int width,
		const char *val);
void pr_col_u64(struct pr *p, enum pr_mode m, const char *key, int width,
		uint64_t val);

/* Literal text, text mode only. */
void pr_text(struct pr *p, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* End of output: JSON gets its final newline. */
void pr_end(struct pr *p);

/* Helpers, exported for the unit tests. */
void pr_json_string(FILE *fp, const char *s);
size_t pr_text_width(const char *s);
int pr_u64_width(uint64_t v);

/* Column widths. */
static inline int pr_max(int a, int b)
{
	return a > b ? a : b;
}

#endif
