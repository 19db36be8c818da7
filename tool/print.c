// SPDX-License-Identifier: GPL-2.0
/* Text and JSON printer; see print.h. */
#include <inttypes.h>
#include <stdarg.h>
#include <string.h>

#include "print.h"

void pr_init(struct pr *p, FILE *fp, bool json, bool pretty)
{
	memset(p, 0, sizeof(*p));
	p->fp = fp;
	p->json = json || pretty;
	p->pretty = pretty;
	p->first[0] = true;
	p->line_start = true;
}

static bool wants(const struct pr *p, enum pr_mode m)
{
	return m == PR_ANY || (m == PR_JSON) == p->json;
}

/* Number of bytes in the valid UTF-8 sequence at s, or 0 if invalid. */
static int utf8_len(const unsigned char *s)
{
	unsigned char c = s[0], lo = 0x80, hi = 0xbf;
	int n, i;

	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf)
		n = 2;
	else if (c >= 0xe0 && c <= 0xef)
		n = 3;
	else if (c >= 0xf0 && c <= 0xf4)
		n = 4;
	else
		return 0;
	/* No overlong forms, no surrogates, nothing above U+10FFFF. */
	if (c == 0xe0)
		lo = 0xa0;
	else if (c == 0xed)
		hi = 0x9f;
	else if (c == 0xf0)
		lo = 0x90;
	else if (c == 0xf4)
		hi = 0x8f;
	if (s[1] < lo || s[1] > hi)
		return 0;
	for (i = 2; i < n; i++)
		if (s[i] < 0x80 || s[i] > 0xbf)
			return 0;
	return n;
}

void pr_json_string(FILE *fp, const char *str)
{
	const unsigned char *s = (const unsigned char *)str;

	fputc('"', fp);
	while (*s) {
		int n;

		switch (*s) {
		case '"':  fputs("\\\"", fp); s++; continue;
		case '\\': fputs("\\\\", fp); s++; continue;
		case '\b': fputs("\\b", fp); s++; continue;
		case '\f': fputs("\\f", fp); s++; continue;
		case '\n': fputs("\\n", fp); s++; continue;
		case '\r': fputs("\\r", fp); s++; continue;
		case '\t': fputs("\\t", fp); s++; continue;
		}
		if (*s < 0x20 || *s == 0x7f) {
			fprintf(fp, "\\u%04x", *s);
			s++;
			continue;
		}
		n = utf8_len(s);
		if (!n) {
			/* Not UTF-8: JSON cannot carry the byte itself. */
			fputs("\\ufffd", fp);
			s++;
			continue;
		}
		fwrite(s, 1, n, fp);
		s += n;
	}
	fputc('"', fp);
}

/* Text mode: control characters would reach the terminal; show '?'. */
static void text_string(FILE *fp, const char *str)
{
	const unsigned char *s = (const unsigned char *)str;

	for (; *s; s++)
		fputc(*s < 0x20 || *s == 0x7f ? '?' : *s, fp);
}

size_t pr_text_width(const char *str)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t w = 0;

	for (; *s; s++)
		if ((*s & 0xc0) != 0x80)
			w++;
	return w;
}

int pr_u64_width(uint64_t v)
{
	int w = 1;

	while (v >= 10) {
		v /= 10;
		w++;
	}
	return w;
}

static void indent(struct pr *p)
{
	int i;

	if (!p->pretty)
		return;
	fputc('\n', p->fp);
	for (i = 0; i < p->depth; i++)
		fputs("  ", p->fp);
}

/* Separator, indentation and key before a JSON value. */
static void json_member(struct pr *p, const char *key)
{
	if (p->depth > 0) {
		if (!p->first[p->depth])
			fputc(',', p->fp);
		indent(p);
	}
	p->first[p->depth] = false;
	if (p->depth > 0 && !p->array[p->depth]) {
		pr_json_string(p->fp, key ? key : "");
		fputs(p->pretty ? ": " : ":", p->fp);
	}
}

static void open_container(struct pr *p, const char *key, bool array)
{
	if (!p->json)
		return;
	json_member(p, key);
	fputc(array ? '[' : '{', p->fp);
	if (p->depth + 1 >= PR_MAX_DEPTH)
		return;	/* programming error; keep the output balanced-ish */
	p->depth++;
	p->first[p->depth] = true;
	p->array[p->depth] = array;
}

static void close_container(struct pr *p, bool array)
{
	bool empty;

	if (!p->json || p->depth == 0)
		return;
	empty = p->first[p->depth];
	p->depth--;
	if (!empty)
		indent(p);
	fputc(array ? ']' : '}', p->fp);
}

void pr_open_object(struct pr *p, const char *key)
{
	open_container(p, key, false);
}

void pr_close_object(struct pr *p)
{
	close_container(p, false);
}

void pr_open_array(struct pr *p, const char *key)
{
	open_container(p, key, true);
}

void pr_close_array(struct pr *p)
{
	close_container(p, true);
}

static void text_done(struct pr *p, const char *fmt)
{
	size_t n = fmt ? strlen(fmt) : 0;

	p->line_start = n > 0 && fmt[n - 1] == '\n';
}

void pr_str(struct pr *p, enum pr_mode m, const char *key, const char *fmt,
	    const char *val)
{
	const char *conv;

	if (!wants(p, m))
		return;
	if (p->json) {
		json_member(p, key);
		if (val)
			pr_json_string(p->fp, val);
		else
			fputs("null", p->fp);
		return;
	}
	/* Text: fmt with one %s; the value goes through the sanitizer. */
	if (!fmt)
		fmt = "%s";
	conv = strstr(fmt, "%s");
	if (!conv) {
		fputs(fmt, p->fp);
	} else {
		fwrite(fmt, 1, conv - fmt, p->fp);
		text_string(p->fp, val ? val : "-");
		fputs(conv + 2, p->fp);
	}
	text_done(p, fmt);
}

void pr_u64(struct pr *p, enum pr_mode m, const char *key, const char *fmt,
	    uint64_t val)
{
	const char *conv;

	if (!wants(p, m))
		return;
	if (p->json) {
		json_member(p, key);
		fprintf(p->fp, "%" PRIu64, val);
		return;
	}
	/* Text: fmt with one "%" PRIu64; no format string from a variable. */
	if (!fmt)
		fmt = "%" PRIu64;
	conv = strstr(fmt, "%" PRIu64);
	if (!conv) {
		fputs(fmt, p->fp);
	} else {
		fwrite(fmt, 1, conv - fmt, p->fp);
		fprintf(p->fp, "%" PRIu64, val);
		fputs(conv + strlen("%" PRIu64), p->fp);
	}
	text_done(p, fmt);
}

void pr_bool(struct pr *p, enum pr_mode m, const char *key, const char *fmt,
	     bool val)
{
	if (!wants(p, m))
		return;
	if (p->json) {
		json_member(p, key);
		fputs(val ? "true" : "false", p->fp);
		return;
	}
	pr_str(p, m, key, fmt, val ? "on" : "off");
}

static void pad(FILE *fp, int n)
{
	while (n-- > 0)
		fputc(' ', fp);
}

static void text_col(struct pr *p, int width, const char *val)
{
	int w = (int)pr_text_width(val);

	if (!p->line_start)
		fputs("  ", p->fp);
	if (width > 0)
		pad(p->fp, width - w);
	text_string(p->fp, val);
	if (width < 0)
		pad(p->fp, -width - w);
	p->line_start = false;
}

void pr_col_str(struct pr *p, enum pr_mode m, const char *key, int width,
		const char *val)
{
	if (!wants(p, m))
		return;
	if (p->json) {
		pr_str(p, m, key, NULL, val);
		return;
	}
	text_col(p, width, val ? val : "-");
}

void pr_col_u64(struct pr *p, enum pr_mode m, const char *key, int width,
		uint64_t val)
{
	char buf[24];

	if (!wants(p, m))
		return;
	if (p->json) {
		pr_u64(p, m, key, NULL, val);
		return;
	}
	snprintf(buf, sizeof(buf), "%" PRIu64, val);
	text_col(p, width, buf);
}

void pr_text(struct pr *p, const char *fmt, ...)
{
	va_list ap;

	if (p->json)
		return;
	va_start(ap, fmt);
	vfprintf(p->fp, fmt, ap);
	va_end(ap);
	text_done(p, fmt);
}

void pr_end(struct pr *p)
{
	if (p->json)
		fputc('\n', p->fp);
}
