// SPDX-License-Identifier: GPL-2.0
/*
 * Command line parser. Grammar (iproute2 style, keywords may be shortened
 * to any unambiguous prefix):
 *
 *   brfwctl [OPTIONS] port set DEV [policy-in VERDICT] [policy-out VERDICT]
 *   brfwctl [OPTIONS] port [show [DEV]]
 *   brfwctl [OPTIONS] port del DEV
 *   brfwctl [OPTIONS] port help
 *   brfwctl [OPTIONS] version
 *   brfwctl [OPTIONS] help [port]
 *   OPTIONS := -j | --json | -p | --pretty | -V | --version | -h | --help
 */
#include <net/if.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <linux/brfw.h>

#include "parse.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

struct word {
	const char *name;
	int id;
};

enum { TOP_PORT, TOP_VERSION, TOP_HELP };
static const struct word top_words[] = {
	{ "port", TOP_PORT },
	{ "version", TOP_VERSION },
	{ "help", TOP_HELP },
};

enum { PORT_SET, PORT_SHOW, PORT_DEL, PORT_HELP };
static const struct word port_words[] = {
	{ "set", PORT_SET },
	{ "show", PORT_SHOW },
	{ "list", PORT_SHOW },
	{ "del", PORT_DEL },
	{ "delete", PORT_DEL },
	{ "help", PORT_HELP },
};

enum { KW_POLICY_IN, KW_POLICY_OUT };
static const struct word set_words[] = {
	{ "policy-in", KW_POLICY_IN },
	{ "policy-out", KW_POLICY_OUT },
};

static const struct word verdict_words[] = {
	{ "accept", BRFW_VERDICT_ACCEPT },
	{ "drop", BRFW_VERDICT_DROP },
};

/* Global options, also recognised when misplaced after the command. */
static const char *const long_opts[] = {
	"--json", "--pretty", "--version", "--help",
};

#define LOOKUP_NONE (-1)
#define LOOKUP_AMBIGUOUS (-2)

/* An exact match, else the one id that s is a prefix of. */
static int lookup(const char *s, const struct word *tab, size_t n)
{
	size_t len = strlen(s), i;
	int id = LOOKUP_NONE;

	if (!len)
		return LOOKUP_NONE;
	for (i = 0; i < n; i++)
		if (!strcmp(s, tab[i].name))
			return tab[i].id;
	for (i = 0; i < n; i++) {
		if (strncmp(s, tab[i].name, len))
			continue;
		if (id != LOOKUP_NONE && id != tab[i].id)
			return LOOKUP_AMBIGUOUS;
		id = tab[i].id;
	}
	return id;
}

/* "a, b" list of the words s is a prefix of, one per id. */
static void candidates(char *buf, size_t len, const char *s,
		       const struct word *tab, size_t n)
{
	size_t i, j, off = 0;

	buf[0] = '\0';
	for (i = 0; i < n; i++) {
		bool seen = false;

		if (strncmp(s, tab[i].name, strlen(s)))
			continue;
		for (j = 0; j < i; j++)
			if (tab[j].id == tab[i].id &&
			    !strncmp(s, tab[j].name, strlen(s)))
				seen = true;
		if (seen)
			continue;
		off += snprintf(buf + off, off < len ? len - off : 0, "%s%s",
				off ? ", " : "", tab[i].name);
	}
}

struct parser {
	char **argv;
	int argc;
	int i;			/* next word */
	char *err;
	size_t errlen;
	struct request *req;
};

static int fail(struct parser *ps, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static int fail(struct parser *ps, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(ps->err, ps->errlen, fmt, ap);
	va_end(ap);
	return -1;
}

static const char *peek(struct parser *ps)
{
	return ps->i < ps->argc ? ps->argv[ps->i] : NULL;
}

static const char *next(struct parser *ps)
{
	return ps->i < ps->argc ? ps->argv[ps->i++] : NULL;
}

static bool is_option(const char *s)
{
	size_t i;

	if (s[0] != '-' || !s[1])
		return false;
	if (s[1] != '-') {
		for (s++; *s; s++)
			if (!strchr("jpVh", *s))
				return false;
		return true;
	}
	for (i = 0; i < ARRAY_SIZE(long_opts); i++)
		if (!strcmp(s, long_opts[i]))
			return true;
	return false;
}

/* Word lookup with the error messages for unknown and ambiguous words. */
static int word(struct parser *ps, const char *s, const struct word *tab,
		size_t n, const char *what, const char *ctx)
{
	char list[128];
	int id = lookup(s, tab, n);

	if (id >= 0)
		return id;
	if (is_option(s))
		return fail(ps, "option \"%s\" must come before the command", s);
	if (id == LOOKUP_AMBIGUOUS) {
		candidates(list, sizeof(list), s, tab, n);
		if (ctx)
			return fail(ps, "ambiguous %s \"%s\" for \"%s\" (%s)",
				    what, s, ctx, list);
		return fail(ps, "ambiguous %s \"%s\" (%s)", what, s, list);
	}
	if (ctx)
		return fail(ps, "unknown %s \"%s\" for \"%s\"", what, s, ctx);
	return fail(ps, "unknown %s \"%s\"", what, s);
}

/* Nothing may follow the command ctx. */
static int no_more(struct parser *ps, const char *ctx)
{
	const char *s = peek(ps);

	if (!s)
		return 0;
	if (is_option(s))
		return fail(ps, "option \"%s\" must come before the command", s);
	return fail(ps, "unknown keyword \"%s\" for \"%s\"", s, ctx);
}

static int device(struct parser *ps, const char *ctx, bool required)
{
	const char *s = peek(ps);

	if (!s) {
		if (required)
			return fail(ps, "missing device for \"%s\"", ctx);
		return 0;
	}
	if (is_option(s))
		return fail(ps, "option \"%s\" must come before the command", s);
	if (!*s)
		return fail(ps, "invalid device name \"\"");
	if (strlen(s) >= IFNAMSIZ)
		return fail(ps, "device name \"%s\" is too long (at most %d characters)",
			    s, IFNAMSIZ - 1);
	ps->req->dev = next(ps);
	return 0;
}

static int policy_value(struct parser *ps, const char *kw, int *out)
{
	const char *s = next(ps);
	int v;

	if (*out != POLICY_UNSET)
		return fail(ps, "\"%s\" given twice", kw);
	if (!s)
		return fail(ps, "\"%s\" expects accept or drop", kw);
	v = lookup(s, verdict_words, ARRAY_SIZE(verdict_words));
	if (v < 0)
		return fail(ps, "\"%s\" expects accept or drop, not \"%s\"", kw, s);
	*out = v;
	return 0;
}

static int port_set(struct parser *ps)
{
	struct request *req = ps->req;
	const char *s;

	if (device(ps, "port set", true))
		return -1;
	while ((s = next(ps))) {
		int kw = word(ps, s, set_words, ARRAY_SIZE(set_words),
			      "keyword", "port set");

		if (kw < 0)
			return -1;
		if (policy_value(ps, set_words[kw].name,
				 kw == KW_POLICY_IN ? &req->policy_in
						    : &req->policy_out))
			return -1;
	}
	if (req->policy_in == POLICY_UNSET && req->policy_out == POLICY_UNSET)
		return fail(ps, "nothing to set (use policy-in and/or policy-out)");
	return 0;
}

static int port(struct parser *ps)
{
	struct request *req = ps->req;
	const char *s = next(ps);
	int sub;

	req->hint = "brfwctl port help";
	if (!s) {
		req->cmd = CMD_PORT_SHOW;
		return 0;
	}
	sub = word(ps, s, port_words, ARRAY_SIZE(port_words), "command", "port");
	switch (sub) {
	case PORT_SET:
		req->cmd = CMD_PORT_SET;
		return port_set(ps);
	case PORT_SHOW:
		req->cmd = CMD_PORT_SHOW;
		if (device(ps, "port show", false))
			return -1;
		return no_more(ps, "port show");
	case PORT_DEL:
		req->cmd = CMD_PORT_DEL;
		if (device(ps, "port del", true))
			return -1;
		return no_more(ps, "port del");
	case PORT_HELP:
		req->cmd = CMD_PORT_HELP;
		return no_more(ps, "port help");
	}
	return -1;
}

static int help(struct parser *ps)
{
	const char *s = next(ps);

	ps->req->cmd = CMD_HELP;
	if (!s)
		return 0;
	if (word(ps, s, top_words, ARRAY_SIZE(top_words), "command", "help") < 0)
		return -1;
	if (lookup(s, top_words, ARRAY_SIZE(top_words)) == TOP_PORT)
		ps->req->cmd = CMD_PORT_HELP;
	return no_more(ps, "help");
}

/* Leading options. Returns 1 if one of them ends parsing (-h, -V). */
static int options(struct parser *ps)
{
	struct request *req = ps->req;
	const char *s;

	while ((s = peek(ps)) && s[0] == '-') {
		const char *c;

		ps->i++;
		if (!strcmp(s, "--json")) {
			req->json = true;
		} else if (!strcmp(s, "--pretty")) {
			req->json = req->pretty = true;
		} else if (!strcmp(s, "--help")) {
			req->cmd = CMD_HELP;
			return 1;
		} else if (!strcmp(s, "--version")) {
			req->cmd = CMD_TOOL_VERSION;
			return 1;
		} else if (s[1] == '-' || !s[1] || !is_option(s)) {
			return fail(ps, "unknown option \"%s\"", s);
		} else {
			for (c = s + 1; *c; c++) {
				switch (*c) {
				case 'j':
					req->json = true;
					break;
				case 'p':
					req->json = req->pretty = true;
					break;
				case 'h':
					req->cmd = CMD_HELP;
					return 1;
				case 'V':
					req->cmd = CMD_TOOL_VERSION;
					return 1;
				}
			}
		}
	}
	return 0;
}

int parse_args(int argc, char **argv, struct request *req,
	       char *err, size_t errlen)
{
	struct parser ps = {
		.argv = argv, .argc = argc, .i = 1,
		.err = err, .errlen = errlen, .req = req,
	};
	const char *s;
	int r;

	memset(req, 0, sizeof(*req));
	req->cmd = CMD_USAGE;
	req->policy_in = req->policy_out = POLICY_UNSET;
	req->hint = "brfwctl --help";
	if (errlen)
		err[0] = '\0';

	r = options(&ps);
	if (r)
		return r < 0 ? -1 : 0;
	s = next(&ps);
	if (!s)
		return 0;
	switch (word(&ps, s, top_words, ARRAY_SIZE(top_words), "command", NULL)) {
	case TOP_PORT:
		return port(&ps);
	case TOP_VERSION:
		req->cmd = CMD_VERSION;
		return no_more(&ps, "version");
	case TOP_HELP:
		return help(&ps);
	}
	return -1;
}

const char *verdict_name(int verdict)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(verdict_words); i++)
		if (verdict_words[i].id == verdict)
			return verdict_words[i].name;
	return NULL;
}
