// SPDX-License-Identifier: GPL-2.0
/*
 * Command line parser. Grammar (iproute2 style, keywords may be shortened
 * to any unambiguous prefix):
 *
 *   brfwctl [OPTIONS] port set DEV [policy-in VERDICT] [policy-out VERDICT]
 *                     [mac {MAC | none}] [ip {PREFIX | none}]...
 *                     [ip6 {PREFIX6 | none}]... [vlan {VLANS | none}]...
 *                     [{spoof-check | dhcp-server | router | promisc} {on | off}]
 *                     [isolation {none | isolated | community NAME | promiscuous}]
 *                     [{stateful | persist-established} {on | off}]
 *                     [ct-limit N]
 *   brfwctl [OPTIONS] port [show [DEV]]
 *   brfwctl [OPTIONS] port del DEV
 *   brfwctl [OPTIONS] port help
 *   brfwctl [OPTIONS] version
 *   brfwctl [OPTIONS] help [port | rule | set | ct | flows]
 *   (ct and flows: parse_rule.c)
 *   OPTIONS := -j | --json | -p | --pretty | -V | --version | -h | --help
 */
#include <arpa/inet.h>
#include <ctype.h>
#include <net/if.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <linux/brfw.h>

#include "parse.h"
#include "parse_int.h"

enum {
	TOP_PORT, TOP_VERSION, TOP_HELP, TOP_RULE, TOP_SET, TOP_COUNTERS,
	TOP_SAVE, TOP_RESTORE, TOP_CT, TOP_FLOWS,
};
static const struct word top_words[] = {
	{ "port", TOP_PORT },
	{ "version", TOP_VERSION },
	{ "help", TOP_HELP },
	{ "rule", TOP_RULE },
	{ "set", TOP_SET },
	{ "counters", TOP_COUNTERS },
	{ "save", TOP_SAVE },
	{ "restore", TOP_RESTORE },
	{ "ct", TOP_CT },
	{ "flows", TOP_FLOWS },
	/* What these abbreviated to before "ct" came. */
	{ "c", TOP_COUNTERS },
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

enum {
	KW_POLICY_IN, KW_POLICY_OUT, KW_MAC, KW_IP, KW_IP6, KW_VLAN,
	KW_SPOOF_CHECK, KW_DHCP_SERVER, KW_ROUTER, KW_PROMISC, KW_ISOLATION,
	KW_STATEFUL, KW_PERSIST, KW_CT_LIMIT,
};
/* The first entry of an id is its name in messages. */
static const struct word set_words[] = {
	{ "policy-in", KW_POLICY_IN },
	{ "policy-out", KW_POLICY_OUT },
	{ "mac", KW_MAC },
	{ "ip", KW_IP },
	{ "ip6", KW_IP6 },
	{ "vlan", KW_VLAN },
	{ "vlans", KW_VLAN },
	{ "spoof-check", KW_SPOOF_CHECK },
	{ "dhcp-server", KW_DHCP_SERVER },
	{ "router", KW_ROUTER },
	{ "promisc", KW_PROMISC },
	{ "isolation", KW_ISOLATION },
	{ "stateful", KW_STATEFUL },
	{ "persist-established", KW_PERSIST },
	{ "ct-limit", KW_CT_LIMIT },
	/* What this abbreviated to before "stateful" came. */
	{ "s", KW_SPOOF_CHECK },
};

static const struct word verdict_words[] = {
	{ "accept", BRFW_VERDICT_ACCEPT },
	{ "drop", BRFW_VERDICT_DROP },
};

static const struct word onoff_words[] = {
	{ "on", 1 },
	{ "off", 0 },
};

static const struct word isolation_words[] = {
	{ "none", BRFW_ISOLATION_NONE },
	{ "isolated", BRFW_ISOLATION_ISOLATED },
	{ "community", BRFW_ISOLATION_COMMUNITY },
	{ "promiscuous", BRFW_ISOLATION_PROMISCUOUS },
};

/* Global options, also recognised when misplaced after the command. */
static const char *const long_opts[] = {
	"--json", "--pretty", "--version", "--help", "--batch", "-batch",
};

int ps_lookup(const char *s, const struct word *tab, size_t n)
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

int ps_fail(struct parser *ps, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(ps->err, ps->errlen, fmt, ap);
	va_end(ap);
	return -1;
}

const char *ps_peek(struct parser *ps)
{
	return ps->i < ps->argc ? ps->argv[ps->i] : NULL;
}

const char *ps_next(struct parser *ps)
{
	return ps->i < ps->argc ? ps->argv[ps->i++] : NULL;
}

bool ps_is_option(const char *s)
{
	size_t i;

	if (s[0] != '-' || !s[1])
		return false;
	for (i = 0; i < ARRAY_SIZE(long_opts); i++)
		if (!strcmp(s, long_opts[i]))
			return true;
	if (s[1] != '-') {
		for (s++; *s; s++)
			if (!strchr("jpVhb", *s))
				return false;
		return true;
	}
	return false;
}

/* Word lookup with the error messages for unknown and ambiguous words. */
int ps_word(struct parser *ps, const char *s, const struct word *tab,
	    size_t n, const char *what, const char *ctx)
{
	char list[128];
	int id = ps_lookup(s, tab, n);

	if (id >= 0)
		return id;
	if (ps_is_option(s))
		return ps_fail(ps, "option \"%s\" must come before the command", s);
	if (id == LOOKUP_AMBIGUOUS) {
		candidates(list, sizeof(list), s, tab, n);
		if (ctx)
			return ps_fail(ps, "ambiguous %s \"%s\" for \"%s\" (%s)",
				    what, s, ctx, list);
		return ps_fail(ps, "ambiguous %s \"%s\" (%s)", what, s, list);
	}
	if (ctx)
		return ps_fail(ps, "unknown %s \"%s\" for \"%s\"", what, s, ctx);
	return ps_fail(ps, "unknown %s \"%s\"", what, s);
}

/* Nothing may follow the command ctx. */
int ps_no_more(struct parser *ps, const char *ctx)
{
	const char *s = ps_peek(ps);

	if (!s)
		return 0;
	if (ps_is_option(s))
		return ps_fail(ps, "option \"%s\" must come before the command", s);
	return ps_fail(ps, "unknown keyword \"%s\" for \"%s\"", s, ctx);
}

int ps_device(struct parser *ps, const char *ctx, bool required)
{
	const char *s = ps_peek(ps);

	if (!s) {
		if (required)
			return ps_fail(ps, "missing device for \"%s\"", ctx);
		return 0;
	}
	if (ps_is_option(s))
		return ps_fail(ps, "option \"%s\" must come before the command", s);
	if (!*s)
		return ps_fail(ps, "invalid device name \"\"");
	if (strlen(s) >= IFNAMSIZ)
		return ps_fail(ps, "device name \"%s\" is too long (at most %d characters)",
			    s, IFNAMSIZ - 1);
	ps->req->dev = ps_next(ps);
	return 0;
}

static int policy_value(struct parser *ps, const char *kw, int *out)
{
	const char *s = ps_next(ps);
	int v;

	if (*out != POLICY_UNSET)
		return ps_fail(ps, "\"%s\" given twice", kw);
	if (!s)
		return ps_fail(ps, "\"%s\" expects accept or drop", kw);
	v = ps_lookup(s, verdict_words, ARRAY_SIZE(verdict_words));
	if (v < 0)
		return ps_fail(ps, "\"%s\" expects accept or drop, not \"%s\"", kw, s);
	*out = v;
	return 0;
}

static const char *kw_name(int kw)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(set_words); i++)
		if (set_words[i].id == kw)
			return set_words[i].name;
	return "?";
}

/* on | off for one of the port flags. */
static int flag_value(struct parser *ps, const char *kw, uint32_t flag)
{
	struct request *req = ps->req;
	const char *s = ps_next(ps);
	int v;

	if (req->flags_mask & flag)
		return ps_fail(ps, "\"%s\" given twice", kw);
	if (!s)
		return ps_fail(ps, "\"%s\" expects on or off", kw);
	v = ps_lookup(s, onoff_words, ARRAY_SIZE(onoff_words));
	if (v < 0)
		return ps_fail(ps, "\"%s\" expects on or off, not \"%s\"", kw, s);
	req->flags_mask |= flag;
	if (v)
		req->flags |= flag;
	return 0;
}

static int hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Six groups of one or two hex digits, separated by colons. */
bool parse_mac(const char *s, uint8_t *mac)
{
	int i, n, d;

	for (i = 0; i < MAC_LEN; i++) {
		unsigned int v = 0;

		for (n = 0; n < 2 && (d = hex_digit(*s)) >= 0; n++, s++)
			v = v * 16 + (unsigned int)d;
		if (!n)
			return false;
		mac[i] = (uint8_t)v;
		if (i < MAC_LEN - 1 && *s++ != ':')
			return false;
	}
	return *s == '\0';
}

static bool mac_is_zero(const uint8_t *mac)
{
	static const uint8_t zero[MAC_LEN];

	return !memcmp(mac, zero, MAC_LEN);
}

#define MAC_EXPECTS "mac expects an address like 52:54:00:12:34:56, or none"

static int mac_value(struct parser *ps)
{
	struct request *req = ps->req;
	const char *s = ps_next(ps);

	if (req->set_mac)
		return ps_fail(ps, "\"mac\" given twice");
	if (!s)
		return ps_fail(ps, MAC_EXPECTS);
	req->set_mac = true;
	if (!strcmp(s, "none")) {
		memset(req->mac, 0, sizeof(req->mac));
		return 0;
	}
	if (!parse_mac(s, req->mac))
		return ps_fail(ps, MAC_EXPECTS ", not \"%s\"", s);
	if (mac_is_zero(req->mac))
		return ps_fail(ps, "mac must be a unicast address, not \"%s\" (use mac none to clear it)",
			    s);
	if (req->mac[0] & 1)
		return ps_fail(ps, "mac must be a unicast address, not \"%s\" (a multicast address)",
			    s);
	return 0;
}

/*
 * "ADDR" or "ADDR/LEN" of the family of v6. Returns 0, or -1 with the
 * message.
 */
static int parse_prefix(struct parser *ps, const char *kw, bool v6,
			const char *s, struct prefix *p)
{
	const char *what = v6 ? "an IPv6" : "an IPv4";
	unsigned int max = v6 ? 128 : 32, len = max, i;
	const char *slash = strchr(s, '/');
	size_t alen = slash ? (size_t)(slash - s) : strlen(s);
	char addr[64], other[16];

	memset(p, 0, sizeof(*p));
	if (alen >= sizeof(addr))
		goto bad;
	memcpy(addr, s, alen);
	addr[alen] = '\0';
	if (inet_pton(v6 ? AF_INET6 : AF_INET, addr, p->addr) != 1) {
		if (inet_pton(v6 ? AF_INET : AF_INET6, addr, other) == 1)
			return ps_fail(ps, "%s expects %s address or prefix, not \"%s\" (use %s for %s)",
				    kw, what, s, v6 ? "ip" : "ip6",
				    v6 ? "IPv4" : "IPv6");
		goto bad;
	}
	if (slash) {
		const char *d = slash + 1;

		len = 0;
		for (i = 0; isdigit((unsigned char)d[i]); i++) {
			if (i == 3)
				goto bad_len;
			len = len * 10 + (unsigned int)(d[i] - '0');
		}
		if (!i || d[i] || len > max)
			goto bad_len;
	}
	p->len = (uint8_t)len;
	/* Host bits set: a typo for another network, or a host as a prefix. */
	for (i = len; i < max; i++) {
		if (p->addr[i / 8] & (0x80 >> (i % 8))) {
			char net[PREFIX_STR_SIZE];
			struct prefix n = *p;

			for (; i < max; i++)
				n.addr[i / 8] &= (uint8_t)~(0x80 >> (i % 8));
			return ps_fail(ps, "%s %s has host bits set (the network is %s)",
				    kw, s, prefix_str(net, v6, &n));
		}
	}
	return 0;
bad_len:
	return ps_fail(ps, "%s expects %s address or prefix, not \"%s\" (prefix length 0..%u)",
		    kw, what, s, max);
bad:
	return ps_fail(ps, "%s expects %s address or prefix, not \"%s\"", kw, what, s);
}

static int ip_value(struct parser *ps, bool v6)
{
	struct request *req = ps->req;
	const char *kw = v6 ? "ip6" : "ip";
	int *n = v6 ? &req->n_ip6 : &req->n_ip4;
	struct prefix *list = v6 ? req->ip6 : req->ip4;
	bool *none = v6 ? &ps->ip6_none : &ps->ip4_none;
	char buf[PREFIX_STR_SIZE];
	const char *s = ps_next(ps);
	struct prefix p;
	int i;

	if (!s)
		return ps_fail(ps, "%s expects %s address or prefix, or none", kw,
			    v6 ? "an IPv6" : "an IPv4");
	if (!strcmp(s, "none")) {
		if (*none)
			return ps_fail(ps, "\"%s none\" given twice", kw);
		if (*n > 0)
			return ps_fail(ps, "%s none cannot be combined with addresses", kw);
		*none = true;
		*n = 0;
		return 0;
	}
	if (*none)
		return ps_fail(ps, "%s none cannot be combined with addresses", kw);
	if (parse_prefix(ps, kw, v6, s, &p))
		return -1;
	if (*n == LIST_UNSET)
		*n = 0;
	for (i = 0; i < *n; i++)
		if (list[i].len == p.len && !memcmp(list[i].addr, p.addr, 16))
			return ps_fail(ps, "%s %s given twice", kw,
				    prefix_str(buf, v6, &p));
	if (*n == BRFW_MAX_PREFIXES)
		return ps_fail(ps, "%s takes at most %d addresses or prefixes", kw,
			    BRFW_MAX_PREFIXES);
	list[(*n)++] = p;
	return 0;
}

#define VLAN_EXPECTS "vlan expects VLAN IDs like 100,200,300-310, or none"

/* A VLAN ID's digits at *p; false if there are none. */
static bool vlan_number(const char **p, unsigned long *v)
{
	const char *s = *p;

	*v = 0;
	if (!isdigit((unsigned char)*s))
		return false;
	for (; isdigit((unsigned char)*s); s++)
		if (*v < 100000)	/* saturate: out of range anyway */
			*v = *v * 10 + (unsigned long)(*s - '0');
	*p = s;
	return true;
}

/* "100,200,300-310": every ID in 1..4094, ranges low-high. */
static int vlan_value(struct parser *ps)
{
	struct request *req = ps->req;
	const char *s = ps_next(ps), *p, *start;
	unsigned long lo, hi, v;

	if (!s)
		return ps_fail(ps, VLAN_EXPECTS);
	if (!strcmp(s, "none")) {
		if (ps->vlan_none)
			return ps_fail(ps, "\"vlan none\" given twice");
		if (ps->vlan_ids)
			return ps_fail(ps, "vlan none cannot be combined with VLAN IDs");
		ps->vlan_none = true;
		req->set_vlans = true;
		return 0;
	}
	if (ps->vlan_none)
		return ps_fail(ps, "vlan none cannot be combined with VLAN IDs");
	for (p = s;;) {
		const char *hi_start;

		start = hi_start = p;
		if (!vlan_number(&p, &lo))
			goto bad;
		hi = lo;
		if (*p == '-') {
			hi_start = ++p;
			if (!vlan_number(&p, &hi))
				goto bad;
		}
		if (lo < 1 || lo > VLAN_MAX)
			return ps_fail(ps, "vlan %.*s is out of range (VLAN IDs are 1..%d)",
				    (int)strspn(start, "0123456789"), start,
				    VLAN_MAX);
		if (hi < 1 || hi > VLAN_MAX)
			return ps_fail(ps, "vlan %.*s is out of range (VLAN IDs are 1..%d)",
				    (int)strspn(hi_start, "0123456789"),
				    hi_start, VLAN_MAX);
		if (lo > hi)
			return ps_fail(ps, "vlan range %.*s is backwards (write %lu-%lu)",
				    (int)(p - start), start, hi, lo);
		for (v = lo; v <= hi; v++)
			vlan_set(req->vlans, (unsigned int)v);
		if (!*p)
			break;
		if (*p++ != ',')
			goto bad;
	}
	ps->vlan_ids = true;
	req->set_vlans = true;
	return 0;
bad:
	return ps_fail(ps, VLAN_EXPECTS ", not \"%s\"", s);
}

/* ASCII letters and digits, "_", "." and "-", whatever the locale. */
static bool community_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '-';
}

#define ISOLATION_EXPECTS \
	"\"isolation\" expects none, isolated, community NAME or promiscuous"

static int isolation_value(struct parser *ps)
{
	struct request *req = ps->req;
	const char *s = ps_next(ps), *name;
	size_t i;
	int v;

	if (req->isolation != ISOLATION_UNSET)
		return ps_fail(ps, "\"isolation\" given twice");
	if (!s)
		return ps_fail(ps, ISOLATION_EXPECTS);
	v = ps_lookup(s, isolation_words, ARRAY_SIZE(isolation_words));
	if (v < 0)
		return ps_fail(ps, ISOLATION_EXPECTS ", not \"%s\"", s);
	req->isolation = v;
	if (v != BRFW_ISOLATION_COMMUNITY)
		return 0;
	name = ps_next(ps);
	if (!name)
		return ps_fail(ps, "\"isolation community\" expects a community name");
	if (!*name)
		return ps_fail(ps, "\"isolation community\" expects a community name, not \"\"");
	if (strlen(name) >= BRFW_COMMUNITY_NAMSIZ)
		return ps_fail(ps, "community name \"%s\" is too long (at most %d characters)",
			    name, BRFW_COMMUNITY_NAMSIZ - 1);
	for (i = 0; name[i]; i++)
		if (!community_char(name[i]))
			return ps_fail(ps, "community name \"%s\" may only contain letters, digits, \"_\", \".\" and \"-\"",
				    name);
	memcpy(req->community, name, strlen(name) + 1);
	return 0;
}

#define CT_LIMIT_EXPECTS "a number of flows 0..4294967295 (0: no limit)"

static int ct_limit_value(struct parser *ps)
{
	struct request *req = ps->req;
	const char *s = ps_next(ps);
	unsigned long long v = 0;
	size_t i;

	if (req->set_ct_limit)
		return ps_fail(ps, "\"ct-limit\" given twice");
	if (!s)
		return ps_fail(ps, "ct-limit expects " CT_LIMIT_EXPECTS);
	for (i = 0; isdigit((unsigned char)s[i]); i++)
		if (v <= 0xffffffffULL)
			v = v * 10 + (unsigned int)(s[i] - '0');
	if (!i || s[i])
		return ps_fail(ps, "ct-limit expects " CT_LIMIT_EXPECTS ", not \"%s\"",
			       s);
	if (v > 0xffffffffULL)
		return ps_fail(ps, "ct-limit %s is out of range (0..4294967295)", s);
	req->set_ct_limit = true;
	req->ct_limit = (uint32_t)v;
	return 0;
}

static int port_set(struct parser *ps)
{
	struct request *req = ps->req;
	const char *s;

	if (ps_device(ps, "port set", true))
		return -1;
	while ((s = ps_next(ps))) {
		int kw = ps_word(ps, s, set_words, ARRAY_SIZE(set_words),
			      "keyword", "port set"), r;

		switch (kw) {
		case KW_POLICY_IN:
			r = policy_value(ps, kw_name(kw), &req->policy_in);
			break;
		case KW_POLICY_OUT:
			r = policy_value(ps, kw_name(kw), &req->policy_out);
			break;
		case KW_MAC:
			r = mac_value(ps);
			break;
		case KW_IP:
		case KW_IP6:
			r = ip_value(ps, kw == KW_IP6);
			break;
		case KW_VLAN:
			r = vlan_value(ps);
			break;
		case KW_SPOOF_CHECK:
			r = flag_value(ps, kw_name(kw), BRFW_PORT_F_SPOOF_CHECK);
			break;
		case KW_DHCP_SERVER:
			r = flag_value(ps, kw_name(kw), BRFW_PORT_F_DHCP_SERVER);
			break;
		case KW_ROUTER:
			r = flag_value(ps, kw_name(kw), BRFW_PORT_F_ROUTER);
			break;
		case KW_PROMISC:
			r = flag_value(ps, kw_name(kw), BRFW_PORT_F_PROMISC);
			break;
		case KW_ISOLATION:
			r = isolation_value(ps);
			break;
		case KW_STATEFUL:
			r = flag_value(ps, kw_name(kw), BRFW_PORT_F_STATEFUL);
			break;
		case KW_PERSIST:
			r = flag_value(ps, kw_name(kw), BRFW_PORT_F_PERSIST);
			break;
		case KW_CT_LIMIT:
			r = ct_limit_value(ps);
			break;
		default:
			return -1;
		}
		if (r)
			return -1;
	}
	if (req->policy_in == POLICY_UNSET && req->policy_out == POLICY_UNSET &&
	    request_protocol(req) < 2)
		return ps_fail(ps, "nothing to set (use policy-in, policy-out, mac, ip, ip6, vlan, spoof-check, dhcp-server, router, promisc, isolation, stateful, persist-established or ct-limit)");
	if ((req->flags & BRFW_PORT_F_SPOOF_CHECK) && req->set_mac &&
	    mac_is_zero(req->mac))
		return ps_fail(ps, "spoof-check on needs a mac, not mac none");
	return 0;
}

static int port(struct parser *ps)
{
	struct request *req = ps->req;
	const char *s = ps_next(ps);
	int sub;

	req->hint = "brfwctl port help";
	if (!s) {
		req->cmd = CMD_PORT_SHOW;
		return 0;
	}
	sub = ps_word(ps, s, port_words, ARRAY_SIZE(port_words), "command", "port");
	switch (sub) {
	case PORT_SET:
		req->cmd = CMD_PORT_SET;
		return port_set(ps);
	case PORT_SHOW:
		req->cmd = CMD_PORT_SHOW;
		if (ps_device(ps, "port show", false))
			return -1;
		return ps_no_more(ps, "port show");
	case PORT_DEL:
		req->cmd = CMD_PORT_DEL;
		if (ps_device(ps, "port del", true))
			return -1;
		return ps_no_more(ps, "port del");
	case PORT_HELP:
		req->cmd = CMD_PORT_HELP;
		return ps_no_more(ps, "port help");
	}
	return -1;
}

static int help(struct parser *ps)
{
	const char *s = ps_next(ps);

	ps->req->cmd = CMD_HELP;
	if (!s)
		return 0;
	switch (ps_word(ps, s, top_words, ARRAY_SIZE(top_words), "command",
			"help")) {
	case TOP_PORT:
		ps->req->cmd = CMD_PORT_HELP;
		break;
	case TOP_RULE:
		ps->req->cmd = CMD_RULE_HELP;
		break;
	case TOP_SET:
		ps->req->cmd = CMD_SET_HELP;
		break;
	case TOP_CT:
	case TOP_FLOWS:
		ps->req->cmd = CMD_CT_HELP;
		break;
	case LOOKUP_NONE:
	case LOOKUP_AMBIGUOUS:
		return -1;
	}
	return ps_no_more(ps, "help");
}

/* -b FILE: the file, and nothing after it. */
static int batch_file(struct parser *ps, const char *opt)
{
	struct request *req = ps->req;
	const char *s = ps_next(ps);

	if (!s || !*s)
		return ps_fail(ps, "option \"%s\" expects a file name (or - for standard input)",
			       opt);
	req->cmd = CMD_BATCH;
	req->file = s;
	s = ps_peek(ps);
	if (s)
		return ps_fail(ps, "unexpected \"%s\" after \"%s %s\" (the commands come from the file)",
			       s, opt, req->file);
	return 1;
}

/*
 * Leading options. Returns 1 if one of them ends parsing (-h, -V, and
 * -b FILE which is the last word).
 */
static int options(struct parser *ps)
{
	struct request *req = ps->req;
	const char *s;

	while ((s = ps_peek(ps)) && s[0] == '-') {
		const char *c;

		ps->i++;
		if (!strcmp(s, "--batch") || !strcmp(s, "-batch")) {
			return batch_file(ps, s);
		} else if (!strcmp(s, "--json")) {
			req->json = true;
		} else if (!strcmp(s, "--pretty")) {
			req->json = req->pretty = true;
		} else if (!strcmp(s, "--help")) {
			req->cmd = CMD_HELP;
			return 1;
		} else if (!strcmp(s, "--version")) {
			req->cmd = CMD_TOOL_VERSION;
			return 1;
		} else if (s[1] == '-' || !s[1] || !ps_is_option(s)) {
			return ps_fail(ps, "unknown option \"%s\"", s);
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
				case 'b':
					if (c[1])
						return ps_fail(ps, "option \"-b\" expects a file name (or - for standard input)");
					return batch_file(ps, "-b");
				}
			}
		}
	}
	return 0;
}

static void request_init(struct request *req, char *err, size_t errlen)
{
	memset(req, 0, sizeof(*req));
	req->cmd = CMD_USAGE;
	req->policy_in = req->policy_out = POLICY_UNSET;
	req->n_ip4 = req->n_ip6 = LIST_UNSET;
	req->isolation = ISOLATION_UNSET;
	req->hint = "brfwctl --help";
	if (errlen)
		err[0] = '\0';
}

/* The command at ps->i; mode: which commands a file line may be. */
static int command(struct parser *ps, const char *s, bool file,
		   enum line_mode mode)
{
	struct request *req = ps->req;
	int top = ps_word(ps, s, top_words, ARRAY_SIZE(top_words), "command",
			  NULL), r;

	switch (top) {
	case TOP_PORT:
		r = port(ps);
		break;
	case TOP_VERSION:
		req->cmd = CMD_VERSION;
		r = ps_no_more(ps, "version");
		break;
	case TOP_HELP:
		r = help(ps);
		break;
	case TOP_RULE:
		r = parse_rule_cmd(ps);
		break;
	case TOP_SET:
		r = parse_set_cmd(ps);
		break;
	case TOP_COUNTERS:
		r = parse_counters_cmd(ps);
		break;
	case TOP_SAVE:
		r = parse_save_cmd(ps);
		break;
	case TOP_RESTORE:
		r = parse_restore_cmd(ps);
		break;
	case TOP_CT:
		r = parse_ct_cmd(ps);
		break;
	case TOP_FLOWS:
		r = parse_flows_cmd(ps);
		break;
	default:
		return -1;
	}
	if (r || !file)
		return r;
	if (mode == LINE_RESTORE) {
		switch (req->cmd) {
		case CMD_PORT_SET:
		case CMD_SET_ADD:
		case CMD_SET_ADD_ELEM:
		case CMD_RULE_ADD:
		case CMD_RULE_INSERT:
			return 0;
		default:
			return ps_fail(ps, "a restore file takes only port set, set add, set add-elem, rule add and rule insert, not \"%s\"",
				       s);
		}
	}
	if (req->cmd == CMD_RESTORE)
		return ps_fail(ps, "restore cannot be used in a batch file");
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

	request_init(req, err, errlen);
	r = options(&ps);
	if (r)
		return r < 0 ? -1 : 0;
	s = ps_next(&ps);
	if (!s)
		return 0;
	return command(&ps, s, false, LINE_BATCH);
}

int parse_line(int argc, char **argv, enum line_mode mode,
	       struct request *req, char *err, size_t errlen)
{
	struct parser ps = {
		.argv = argv, .argc = argc, .i = 0,
		.err = err, .errlen = errlen, .req = req,
	};
	const char *s;

	request_init(req, err, errlen);
	s = ps_next(&ps);
	if (!s)
		return ps_fail(&ps, "empty command");
	if (ps_is_option(s))
		return ps_fail(&ps, "option \"%s\" is not allowed in a file (give it on the command line)",
			       s);
	return command(&ps, s, true, mode);
}

void request_free(struct request *req)
{
	free(req->elems);
	req->elems = NULL;
	req->n_elems = req->cap_elems = 0;
}

static const struct {
	const char *name;	/* timeout name */
	const char *state;	/* flow state name */
	uint32_t def;		/* default, seconds */
} ct_timeouts[__BRFW_CT_TO_MAX] = {
	[BRFW_CT_TO_TCP_SYN_SENT] = { "tcp-syn-sent", "syn-sent", 120 },
	[BRFW_CT_TO_TCP_SYN_RECV] = { "tcp-syn-recv", "syn-recv", 60 },
	[BRFW_CT_TO_TCP_ESTABLISHED] = { "tcp-established", "established", 432000 },
	[BRFW_CT_TO_TCP_FIN_WAIT] = { "tcp-fin-wait", "fin-wait", 120 },
	[BRFW_CT_TO_TCP_TIME_WAIT] = { "tcp-time-wait", "time-wait", 120 },
	[BRFW_CT_TO_TCP_CLOSE] = { "tcp-close", "close", 10 },
	[BRFW_CT_TO_UDP_UNREPLIED] = { "udp-unreplied", "unreplied", 30 },
	[BRFW_CT_TO_UDP_REPLIED] = { "udp-replied", "replied", 180 },
	[BRFW_CT_TO_ICMP_UNREPLIED] = { "icmp-unreplied", "unreplied", 30 },
	[BRFW_CT_TO_ICMP_REPLIED] = { "icmp-replied", "replied", 30 },
	[BRFW_CT_TO_OTHER_UNREPLIED] = { "other-unreplied", "unreplied", 60 },
	[BRFW_CT_TO_OTHER_REPLIED] = { "other-replied", "replied", 600 },
};

const char *ct_timeout_name(unsigned int t)
{
	return t < __BRFW_CT_TO_MAX ? ct_timeouts[t].name : NULL;
}

const char *flow_state_name(unsigned int state)
{
	return state < __BRFW_CT_TO_MAX ? ct_timeouts[state].state : NULL;
}

uint32_t ct_timeout_default(unsigned int t)
{
	return t < __BRFW_CT_TO_MAX ? ct_timeouts[t].def : 0;
}

const char *verdict_name(int verdict)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(verdict_words); i++)
		if (verdict_words[i].id == verdict)
			return verdict_words[i].name;
	return NULL;
}

const char *isolation_name(int isolation)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(isolation_words); i++)
		if (isolation_words[i].id == isolation)
			return isolation_words[i].name;
	return NULL;
}

unsigned int request_protocol(const struct request *req)
{
	switch (req->cmd) {
	case CMD_CT_SHOW:
	case CMD_CT_SET:
	case CMD_FLOWS_SHOW:
	case CMD_FLOWS_FLUSH:
	case CMD_FLOWS_DEL:
		return 4;
	case CMD_RULE_ADD:
	case CMD_RULE_INSERT:
		return req->rule.present & RM_CT_STATE ? 4 : 3;
	default:
		break;
	}
	if ((req->flags_mask & (BRFW_PORT_F_STATEFUL | BRFW_PORT_F_PERSIST)) ||
	    req->set_ct_limit)
		return 4;
	switch (req->cmd) {
	case CMD_RULE_ADD:
	case CMD_RULE_INSERT:
	case CMD_RULE_DEL:
	case CMD_RULE_SHOW:
	case CMD_SET_ADD:
	case CMD_SET_DEL:
	case CMD_SET_ADD_ELEM:
	case CMD_SET_DEL_ELEM:
	case CMD_SET_SHOW:
	case CMD_COUNTERS_RESET:
	case CMD_SAVE:
	case CMD_RESTORE:
		return 3;
	default:
		break;
	}
	if (req->set_mac || req->n_ip4 != LIST_UNSET ||
	    req->n_ip6 != LIST_UNSET || req->set_vlans || req->flags_mask ||
	    req->isolation != ISOLATION_UNSET)
		return 2;
	return 1;
}

const char *mac_str(char *buf, const uint8_t *mac)
{
	snprintf(buf, MAC_STR_SIZE, "%02x:%02x:%02x:%02x:%02x:%02x",
		 mac[0], mac[1], mac[2], mac[3], mac[4], mac[5]);
	return buf;
}

const char *prefix_str(char *buf, bool v6, const struct prefix *p)
{
	size_t n;

	if (!inet_ntop(v6 ? AF_INET6 : AF_INET, p->addr, buf, PREFIX_STR_SIZE)) {
		snprintf(buf, PREFIX_STR_SIZE, "?");
		return buf;
	}
	n = strlen(buf);
	if (p->len != (v6 ? 128 : 32))
		snprintf(buf + n, PREFIX_STR_SIZE - n, "/%u", p->len);
	return buf;
}

bool set_name_valid(const char *s)
{
	size_t i;

	for (i = 0; s[i]; i++) {
		char c = s[i];

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		      (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '-'))
			return false;
	}
	return i > 0 && i < BRFW_SET_NAMSIZ;
}

int elem_cmp(const struct elem *a, const struct elem *b)
{
	int r;

	if (a->family != b->family)
		return a->family < b->family ? -1 : 1;
	r = memcmp(a->p.addr, b->p.addr, a->family == 6 ? 16 : 4);
	if (r)
		return r < 0 ? -1 : 1;
	return a->p.len < b->p.len ? -1 : a->p.len > b->p.len;
}
