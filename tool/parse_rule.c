// SPDX-License-Identifier: GPL-2.0
/*
 * Command line parser, protocol 3 part. Grammar:
 *
 *   rule add DEV DIR [id N] MATCH... ACTION [log]
 *   rule insert DEV DIR pos N [id N] MATCH... ACTION [log]
 *   rule del DEV id N
 *   rule [show [DEV]]
 *   rule help
 *   set add NAME [ELEM...]
 *   set del NAME
 *   set add-elem NAME ELEM...
 *   set del-elem NAME ELEM...
 *   set [show [NAME]]
 *   set help
 *   counters reset [DEV]
 *   save
 *   restore FILE|-
 *   ct [show]
 *   ct set [max N] [timeout NAME SECS [NAME SECS]...]...   (at least one)
 *   ct help
 *   flows [show] [DEV]
 *   flows flush [DEV]
 *   flows del proto P src ADDR [sport N] dst ADDR [dport N] [id N]
 *   flows help
 *
 *   DIR    := in | out | inout
 *   MATCH  := ether-type {ip | ip6 | arp | NUM} | src-mac MAC | dst-mac MAC |
 *             vlan VID | proto {tcp | udp | icmp | icmpv6 | sctp | NUM} |
 *             src {PREFIX | @SET} | dst {PREFIX | @SET} | sport PORTS |
 *             dport PORTS | icmp-type TYPE[/CODE] | tcp-flags FLAGS[/MASK] |
 *             ct-state STATE[,STATE]...
 *   STATE  := new | established | related | invalid
 *   ACTION := accept | drop | reject
 *
 * id, pos and the matches may come in any order, each at most once; the
 * action comes last, then optionally log. Everything the tool can check
 * without the kernel is checked here: ranges, host bits, that ports have
 * a protocol with ports, and that the matches agree on the address
 * family. Whether a set exists, and its family, is the kernel's to check.
 */
#include <arpa/inet.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <linux/brfw.h>

#include "parse.h"
#include "parse_int.h"
#include "rule.h"

enum { RULE_ADD, RULE_INSERT, RULE_DEL, RULE_SHOW, RULE_HELP };
static const struct word rule_words[] = {
	{ "add", RULE_ADD },
	{ "insert", RULE_INSERT },
	{ "del", RULE_DEL },
	{ "delete", RULE_DEL },
	{ "show", RULE_SHOW },
	{ "list", RULE_SHOW },
	{ "help", RULE_HELP },
};

static const struct word dir_words[] = {
	{ "in", BRFW_RULE_DIR_IN },
	{ "out", BRFW_RULE_DIR_OUT },
	{ "inout", BRFW_RULE_DIR_ALL },
};

enum {
	K_ID, K_POS, K_ETHERTYPE, K_SRC_MAC, K_DST_MAC, K_VLAN, K_PROTO, K_SRC,
	K_DST, K_SPORT, K_DPORT, K_ICMP_TYPE, K_TCP_FLAGS, K_ACCEPT, K_DROP,
	K_REJECT, K_LOG, K_CT_STATE,
};
static const struct word rule_kw[] = {
	{ "id", K_ID },
	{ "pos", K_POS },
	{ "ether-type", K_ETHERTYPE },
	{ "src-mac", K_SRC_MAC },
	{ "dst-mac", K_DST_MAC },
	{ "vlan", K_VLAN },
	{ "proto", K_PROTO },
	{ "src", K_SRC },
	{ "dst", K_DST },
	{ "sport", K_SPORT },
	{ "dport", K_DPORT },
	{ "icmp-type", K_ICMP_TYPE },
	{ "tcp-flags", K_TCP_FLAGS },
	{ "accept", K_ACCEPT },
	{ "drop", K_DROP },
	{ "reject", K_REJECT },
	{ "log", K_LOG },
	{ "ct-state", K_CT_STATE },
};

enum { SET_ADD, SET_DEL, SET_ADD_ELEM, SET_DEL_ELEM, SET_SHOW, SET_HELP };
static const struct word set_cmd_words[] = {
	{ "add", SET_ADD },
	{ "del", SET_DEL },
	{ "delete", SET_DEL },
	{ "add-elem", SET_ADD_ELEM },
	{ "del-elem", SET_DEL_ELEM },
	{ "show", SET_SHOW },
	{ "list", SET_SHOW },
	{ "help", SET_HELP },
};

static const struct word counters_words[] = {
	{ "reset", 0 },
};

static const char *rule_kw_name(int kw)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(rule_kw); i++)
		if (rule_kw[i].id == kw)
			return rule_kw[i].name;
	return "?";
}

/*
 * Digits of an unsigned number: decimal, or hex after 0x if hex is set.
 * Saturates above max + 1. Returns 0, -1 if s is not a number, or -2 if
 * it is above max.
 */
static int parse_uint(const char *s, bool hex, unsigned long max,
		      unsigned long *out)
{
	unsigned long v = 0;
	unsigned int base = 10;
	const char *p = s;
	int d;

	if (hex && p[0] == '0' && (p[1] == 'x' || p[1] == 'X')) {
		base = 16;
		p += 2;
	}
	if (!*p)
		return -1;
	for (; *p; p++) {
		if (isdigit((unsigned char)*p))
			d = *p - '0';
		else if (base == 16 && isxdigit((unsigned char)*p))
			d = tolower((unsigned char)*p) - 'a' + 10;
		else
			return -1;
		if (v <= max)
			v = v * base + (unsigned long)d;
	}
	*out = v;
	return v > max ? -2 : 0;
}

/*
 * ADDR or ADDR/LEN, IPv4 or IPv6; host bits must be zero. expects: what
 * the keyword takes, for the message.
 */
static int any_prefix(struct parser *ps, const char *kw, const char *expects,
		      const char *s, uint8_t *family, struct prefix *p)
{
	const char *slash = strchr(s, '/');
	size_t alen = slash ? (size_t)(slash - s) : strlen(s);
	unsigned int max, len, i;
	char addr[64];
	bool v6;

	memset(p, 0, sizeof(*p));
	if (alen >= sizeof(addr))
		goto bad;
	memcpy(addr, s, alen);
	addr[alen] = '\0';
	if (inet_pton(AF_INET, addr, p->addr) == 1)
		v6 = false;
	else if (inet_pton(AF_INET6, addr, p->addr) == 1)
		v6 = true;
	else
		goto bad;
	max = len = v6 ? 128 : 32;
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
	*family = v6 ? 6 : 4;
	return 0;
bad_len:
	return ps_fail(ps, "%s expects %s, not \"%s\" (prefix length 0..%u)",
		       kw, expects, s, max);
bad:
	return ps_fail(ps, "%s expects %s, not \"%s\"", kw, expects, s);
}

/* ASCII letters and digits, "_", "." and "-", whatever the locale. */
static bool name_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '-';
}

static int set_name(struct parser *ps, const char *s, char *out)
{
	size_t i;

	if (!*s)
		return ps_fail(ps, "invalid set name \"\"");
	if (strlen(s) >= BRFW_SET_NAMSIZ)
		return ps_fail(ps, "set name \"%s\" is too long (at most %d characters)",
			       s, BRFW_SET_NAMSIZ - 1);
	for (i = 0; s[i]; i++)
		if (!name_char(s[i]))
			return ps_fail(ps, "set name \"%s\" may only contain letters, digits, \"_\", \".\" and \"-\"",
				       s);
	memcpy(out, s, strlen(s) + 1);
	return 0;
}

/* The value after keyword kw; a missing one is "<kw> expects <expects>". */
static const char *value(struct parser *ps, const char *kw,
			 const char *expects)
{
	const char *s = ps_next(ps);

	if (!s)
		ps_fail(ps, "%s expects %s", kw, expects);
	return s;
}

#define ID_EXPECTS "a number 1..4294967295"

static int u32_value(struct parser *ps, const char *kw, uint32_t *out)
{
	const char *s = value(ps, kw, ID_EXPECTS);
	unsigned long v;

	if (!s)
		return -1;
	if (parse_uint(s, false, 0xffffffffUL, &v) || v == 0)
		return ps_fail(ps, "%s expects " ID_EXPECTS ", not \"%s\"", kw, s);
	*out = (uint32_t)v;
	return 0;
}

#define ETHERTYPE_EXPECTS "ip, ip6, arp or a number 0x0600..0xffff"

static const struct word ethertype_words[] = {
	{ "ip", ETHERTYPE_IP },
	{ "ip6", ETHERTYPE_IP6 },
	{ "arp", ETHERTYPE_ARP },
};

static int ethertype_value(struct parser *ps, struct rule *r)
{
	const char *s = value(ps, "ether-type", ETHERTYPE_EXPECTS);
	unsigned long v;
	int id, n;

	if (!s)
		return -1;
	id = ps_lookup(s, ethertype_words, ARRAY_SIZE(ethertype_words));
	if (id >= 0) {
		r->ethertype = (uint16_t)id;
		return 0;
	}
	n = parse_uint(s, true, 0xffff, &v);
	if (n == -1)
		return ps_fail(ps, "ether-type expects " ETHERTYPE_EXPECTS ", not \"%s\"",
			       s);
	if (n == -2 || v < 0x0600)
		return ps_fail(ps, "ether-type %s is out of range (0x0600..0xffff)",
			       s);
	r->ethertype = (uint16_t)v;
	return 0;
}

#define MAC_RULE_EXPECTS "an address like 52:54:00:12:34:56"

static int mac_rule_value(struct parser *ps, const char *kw, uint8_t *mac)
{
	const char *s = value(ps, kw, MAC_RULE_EXPECTS);

	if (!s)
		return -1;
	if (!parse_mac(s, mac))
		return ps_fail(ps, "%s expects " MAC_RULE_EXPECTS ", not \"%s\"",
			       kw, s);
	return 0;
}

static int vlan_rule_value(struct parser *ps, struct rule *r)
{
	const char *s = value(ps, "vlan", "a VLAN ID 1..4094");
	unsigned long v;
	int n;

	if (!s)
		return -1;
	n = parse_uint(s, false, VLAN_MAX, &v);
	if (n == -1)
		return ps_fail(ps, "vlan expects a VLAN ID 1..4094, not \"%s\"", s);
	if (n == -2 || v < 1)
		return ps_fail(ps, "vlan %s is out of range (VLAN IDs are 1..%d)",
			       s, VLAN_MAX);
	r->vlan = (uint16_t)v;
	return 0;
}

#define PROTO_EXPECTS "tcp, udp, icmp, icmpv6, sctp or a number 1..255"

static const struct word proto_words[] = {
	{ "tcp", IPPROTO_NUM_TCP },
	{ "udp", IPPROTO_NUM_UDP },
	{ "icmp", IPPROTO_NUM_ICMP },
	{ "icmpv6", IPPROTO_NUM_ICMPV6 },
	{ "sctp", IPPROTO_NUM_SCTP },
};

static int proto_value(struct parser *ps, struct rule *r)
{
	const char *s = value(ps, "proto", PROTO_EXPECTS);
	unsigned long v;
	int id, n;

	if (!s)
		return -1;
	id = ps_lookup(s, proto_words, ARRAY_SIZE(proto_words));
	if (id >= 0) {
		r->proto = (uint8_t)id;
		return 0;
	}
	n = parse_uint(s, false, 255, &v);
	if (n == -1)
		return ps_fail(ps, "proto expects " PROTO_EXPECTS ", not \"%s\"", s);
	if (n == -2 || v < 1)
		return ps_fail(ps, "proto %s is out of range (1..255)", s);
	r->proto = (uint8_t)v;
	return 0;
}

#define ADDR_EXPECTS "an address, a prefix or @SET"

static int addr_value(struct parser *ps, const char *kw, struct rule_addr *a)
{
	const char *s = value(ps, kw, ADDR_EXPECTS);

	if (!s)
		return -1;
	memset(a, 0, sizeof(*a));
	if (s[0] == '@') {
		if (!s[1])
			return ps_fail(ps, "%s expects " ADDR_EXPECTS ", not \"%s\"",
				       kw, s);
		return set_name(ps, s + 1, a->set);
	}
	return any_prefix(ps, kw, ADDR_EXPECTS, s, &a->family, &a->p);
}

#define PORTS_EXPECTS "ports like 80,443,8000-8080"

/* A port's digits at *p. Returns 0, -1: none, -2: above 65535. */
static int port_number(const char **p, unsigned long *v)
{
	const char *s = *p;

	*v = 0;
	if (!isdigit((unsigned char)*s))
		return -1;
	for (; isdigit((unsigned char)*s); s++)
		if (*v <= 65535)
			*v = *v * 10 + (unsigned long)(*s - '0');
	*p = s;
	return *v > 65535 ? -2 : 0;
}

/* "80,443,8000-8080": at most BRFW_MAX_PORT_RANGES entries. */
static int ports_value(struct parser *ps, const char *kw,
		       struct port_range *list, uint8_t *n)
{
	const char *s = value(ps, kw, PORTS_EXPECTS), *p, *start, *num;
	unsigned long lo, hi;
	int r;

	if (!s)
		return -1;
	*n = 0;
	for (p = s;;) {
		start = num = p;
		r = port_number(&p, &lo);
		if (r == -1)
			goto bad;
		if (r == -2)
			goto range;
		hi = lo;
		if (*p == '-') {
			num = ++p;
			r = port_number(&p, &hi);
			if (r == -1)
				goto bad;
			if (r == -2)
				goto range;
		}
		if (*p && *p != ',')
			goto bad;
		if (lo > hi)
			return ps_fail(ps, "%s range %.*s is backwards (write %lu-%lu)",
				       kw, (int)(p - start), start, hi, lo);
		if (*n == BRFW_MAX_PORT_RANGES)
			return ps_fail(ps, "%s takes at most %d ports or ranges",
				       kw, BRFW_MAX_PORT_RANGES);
		list[*n].lo = (uint16_t)lo;
		list[*n].hi = (uint16_t)hi;
		(*n)++;
		if (!*p)
			return 0;
		p++;
	}
range:
	return ps_fail(ps, "%s %.*s is out of range (ports are 0..65535)", kw,
		       (int)strspn(num, "0123456789"), num);
bad:
	return ps_fail(ps, "%s expects " PORTS_EXPECTS ", not \"%s\"", kw, s);
}

#define ICMP_EXPECTS "TYPE or TYPE/CODE (0..255)"

static int icmp_value(struct parser *ps, struct rule *r)
{
	const char *s = value(ps, "icmp-type", ICMP_EXPECTS);
	const char *slash;
	char type[8];
	unsigned long t, c;
	size_t tlen;
	int n;

	if (!s)
		return -1;
	slash = strchr(s, '/');
	tlen = slash ? (size_t)(slash - s) : strlen(s);
	if (!tlen || tlen >= sizeof(type))
		goto bad_or_range;
	memcpy(type, s, tlen);
	type[tlen] = '\0';
	n = parse_uint(type, false, 255, &t);
	if (n == -1)
		goto bad;
	if (n == -2)
		return ps_fail(ps, "icmp-type %s is out of range (0..255)", type);
	r->icmp_type = (uint8_t)t;
	if (!slash)
		return 0;
	n = parse_uint(slash + 1, false, 255, &c);
	if (n == -1)
		goto bad;
	if (n == -2)
		return ps_fail(ps, "icmp-type %s: the code is out of range (0..255)",
			       s);
	r->icmp_code = (uint8_t)c;
	r->present |= RM_ICMP_CODE;
	return 0;
bad_or_range:
	/* A long run of digits is a number out of range, not a typo. */
	if (tlen && strspn(s, "0123456789") == tlen)
		return ps_fail(ps, "icmp-type %.*s is out of range (0..255)",
			       (int)tlen, s);
bad:
	return ps_fail(ps, "icmp-type expects " ICMP_EXPECTS ", not \"%s\"", s);
}

#define FLAGS_EXPECTS "syn, or FLAGS[/MASK] (fin,syn,rst,psh,ack,urg,ece,cwr)"

/* "syn,ack" or "none" into bits; -1 on a bad name (the message is set). */
static int flag_list(struct parser *ps, const char *whole, const char *s,
		     size_t len, bool none_ok, uint8_t *out)
{
	const char *end = s + len, *comma;
	unsigned int i;

	*out = 0;
	if (none_ok && len == 4 && !strncmp(s, "none", 4))
		return 0;
	if (!len)
		goto bad;
	while (s <= end) {
		size_t n;

		comma = memchr(s, ',', (size_t)(end - s));
		n = comma ? (size_t)(comma - s) : (size_t)(end - s);
		for (i = 0; i < 8; i++)
			if (strlen(tcp_flag_names[i]) == n &&
			    !strncmp(s, tcp_flag_names[i], n))
				break;
		if (i == 8) {
			if (!n)
				goto bad;
			return ps_fail(ps, "tcp-flags: unknown flag \"%.*s\" in \"%s\" (fin, syn, rst, psh, ack, urg, ece, cwr)",
				       (int)n, s, whole);
		}
		*out |= (uint8_t)(1u << i);
		if (!comma)
			return 0;
		s = comma + 1;
	}
bad:
	return ps_fail(ps, "tcp-flags expects " FLAGS_EXPECTS ", not \"%s\"",
		       whole);
}

static int tcp_flags_value(struct parser *ps, struct rule *r)
{
	const char *s = value(ps, "tcp-flags", FLAGS_EXPECTS), *slash;
	uint8_t flags, mask;

	if (!s)
		return -1;
	if (!strcmp(s, "syn")) {
		r->tcp_flags = TCP_FLAG_SYN;
		r->tcp_mask = TCP_FLAG_SYN | TCP_FLAG_ACK;
		return 0;
	}
	slash = strchr(s, '/');
	if (flag_list(ps, s, s, slash ? (size_t)(slash - s) : strlen(s), true,
		      &flags))
		return -1;
	if (slash) {
		if (flag_list(ps, s, slash + 1, strlen(slash + 1), false, &mask))
			return -1;
	} else {
		mask = flags;
		if (!mask)
			return ps_fail(ps, "tcp-flags none needs a mask (none/MASK: the flags of MASK clear)");
	}
	if (flags & ~mask)
		return ps_fail(ps, "tcp-flags %s: every flag must be in the mask",
			       s);
	r->tcp_flags = flags;
	r->tcp_mask = mask;
	return 0;
}

#define CT_STATE_EXPECTS "a list of new, established, related, invalid"

/* "established,related": any non-empty list, each state at most once. */
static int ct_state_value(struct parser *ps, struct rule *r)
{
	const char *s = value(ps, "ct-state", CT_STATE_EXPECTS), *p, *comma;
	unsigned int i;

	if (!s)
		return -1;
	r->ct_state = 0;
	for (p = s;; p = comma + 1) {
		size_t n;

		comma = strchr(p, ',');
		n = comma ? (size_t)(comma - p) : strlen(p);
		if (!n)
			return ps_fail(ps, "ct-state expects " CT_STATE_EXPECTS ", not \"%s\"",
				       s);
		for (i = 0; i < CT_STATE_NUM; i++)
			if (strlen(ct_state_names[i]) == n &&
			    !strncmp(p, ct_state_names[i], n))
				break;
		if (i == CT_STATE_NUM)
			return ps_fail(ps, "ct-state: unknown state \"%.*s\" in \"%s\" (new, established, related, invalid)",
				       (int)n, p, s);
		if (r->ct_state & (1u << i))
			return ps_fail(ps, "ct-state: \"%s\" given twice in \"%s\"",
				       ct_state_names[i], s);
		r->ct_state |= (uint8_t)(1u << i);
		if (!comma)
			return 0;
	}
}

static bool has_ports(uint8_t proto)
{
	return proto == IPPROTO_NUM_TCP || proto == IPPROTO_NUM_UDP ||
	       proto == IPPROTO_NUM_SCTP;
}

/* What proto, ports, icmp-type and tcp-flags need of each other. */
static int check_proto(struct parser *ps, const struct rule *r)
{
	char p[RULE_VALUE_SIZE];
	bool have = r->present & RM_PROTO;
	static const struct {
		uint32_t bit;
		const char *kw;
		const char *needs;
	} needs[] = {
		{ RM_SPORT, "sport", "tcp, udp or sctp" },
		{ RM_DPORT, "dport", "tcp, udp or sctp" },
		{ RM_ICMP_TYPE, "icmp-type", "icmp or icmpv6" },
		{ RM_TCP_FLAGS, "tcp-flags", "tcp" },
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(needs); i++) {
		bool ok;

		if (!(r->present & needs[i].bit))
			continue;
		if (needs[i].bit == RM_ICMP_TYPE)
			ok = r->proto == IPPROTO_NUM_ICMP ||
			     r->proto == IPPROTO_NUM_ICMPV6;
		else if (needs[i].bit == RM_TCP_FLAGS)
			ok = r->proto == IPPROTO_NUM_TCP;
		else
			ok = has_ports(r->proto);
		if (!have)
			return ps_fail(ps, "%s needs proto %s", needs[i].kw,
				       needs[i].needs);
		if (!ok)
			return ps_fail(ps, "%s needs proto %s, not proto %s",
				       needs[i].kw, needs[i].needs,
				       rule_value(p, r, RM_PROTO));
	}
	return 0;
}

/*
 * The address family the matches imply: ether-type ip/ip6 (other ether
 * types: not IP at all), proto icmp/icmpv6, src and dst prefixes. Sets
 * are the kernel's to check.
 */
static int check_family(struct parser *ps, const struct rule *r)
{
	static const uint32_t ip_matches[] = {
		RM_PROTO, RM_SRC, RM_DST, RM_SPORT, RM_DPORT, RM_ICMP_TYPE,
		RM_TCP_FLAGS, RM_CT_STATE,
	};
	static const uint32_t fam_matches[] = {
		RM_ETHERTYPE, RM_PROTO, RM_SRC, RM_DST,
	};
	char a[RULE_VALUE_SIZE], b[RULE_VALUE_SIZE];
	uint32_t first = 0;
	int fam = 0;
	size_t i;

	if ((r->present & RM_ETHERTYPE) && r->ethertype != ETHERTYPE_IP &&
	    r->ethertype != ETHERTYPE_IP6) {
		for (i = 0; i < ARRAY_SIZE(ip_matches); i++)
			if (r->present & ip_matches[i])
				return ps_fail(ps, "ether-type %s cannot be combined with %s %s (an IP match)",
					       rule_value(a, r, RM_ETHERTYPE),
					       rule_match_name(ip_matches[i]),
					       rule_value(b, r, ip_matches[i]));
		return 0;
	}
	for (i = 0; i < ARRAY_SIZE(fam_matches); i++) {
		uint32_t bit = fam_matches[i];
		int f;

		if (!(r->present & bit))
			continue;
		f = rule_match_family(r, bit);
		if (!f)
			continue;
		if (!fam) {
			fam = f;
			first = bit;
		} else if (f != fam) {
			return ps_fail(ps, "%s %s (IPv%d) conflicts with %s %s (IPv%d)",
				       rule_match_name(first),
				       rule_value(a, r, first), fam,
				       rule_match_name(bit),
				       rule_value(b, r, bit), f);
		}
	}
	return 0;
}

static const uint32_t kw_bit[] = {
	[K_ETHERTYPE] = RM_ETHERTYPE,
	[K_SRC_MAC] = RM_SRC_MAC,
	[K_DST_MAC] = RM_DST_MAC,
	[K_VLAN] = RM_VLAN,
	[K_PROTO] = RM_PROTO,
	[K_SRC] = RM_SRC,
	[K_DST] = RM_DST,
	[K_SPORT] = RM_SPORT,
	[K_DPORT] = RM_DPORT,
	[K_ICMP_TYPE] = RM_ICMP_TYPE,
	[K_TCP_FLAGS] = RM_TCP_FLAGS,
	[K_ACCEPT] = 0, [K_DROP] = 0, [K_REJECT] = 0, [K_LOG] = 0,
	[K_CT_STATE] = RM_CT_STATE,
};

/* After DEV: DIR, then id, pos, matches, the action and log. */
static int rule_body(struct parser *ps, const char *ctx, bool insert)
{
	struct request *req = ps->req;
	struct rule *r = &req->rule;
	bool action = false, has_id = false;
	const char *s;
	int dir, kw, ret;

	s = ps_next(ps);
	if (!s)
		return ps_fail(ps, "%s expects a direction (in, out or inout) after the device",
			       ctx);
	dir = ps_lookup(s, dir_words, ARRAY_SIZE(dir_words));
	if (dir < 0) {
		if (ps_is_option(s))
			return ps_fail(ps, "option \"%s\" must come before the command",
				       s);
		return ps_fail(ps, "%s expects a direction (in, out or inout), not \"%s\"",
			       ctx, s);
	}
	r->dirs = (uint8_t)dir;
	while ((s = ps_next(ps))) {
		if (action) {
			if (!r->log &&
			    ps_lookup(s, rule_kw, ARRAY_SIZE(rule_kw)) == K_LOG) {
				r->log = true;
				continue;
			}
			if (ps_is_option(s))
				return ps_fail(ps, "option \"%s\" must come before the command",
					       s);
			return ps_fail(ps, "unexpected \"%s\" after the action (only log may follow it)",
				       s);
		}
		kw = ps_word(ps, s, rule_kw, ARRAY_SIZE(rule_kw), "keyword", ctx);
		if (kw < 0)
			return -1;
		if (kw < (int)ARRAY_SIZE(kw_bit) && kw_bit[kw]) {
			if (r->present & kw_bit[kw])
				return ps_fail(ps, "\"%s\" given twice",
					       rule_kw_name(kw));
			r->present |= kw_bit[kw];
		}
		switch (kw) {
		case K_ID:
			if (has_id)
				return ps_fail(ps, "\"id\" given twice");
			has_id = true;
			ret = u32_value(ps, "id", &r->id);
			break;
		case K_POS:
			if (!insert)
				return ps_fail(ps, "\"pos\" is for rule insert (rule add appends)");
			if (req->pos)
				return ps_fail(ps, "\"pos\" given twice");
			ret = u32_value(ps, "pos", &req->pos);
			break;
		case K_ETHERTYPE:
			ret = ethertype_value(ps, r);
			break;
		case K_SRC_MAC:
			ret = mac_rule_value(ps, "src-mac", r->src_mac);
			break;
		case K_DST_MAC:
			ret = mac_rule_value(ps, "dst-mac", r->dst_mac);
			break;
		case K_VLAN:
			ret = vlan_rule_value(ps, r);
			break;
		case K_PROTO:
			ret = proto_value(ps, r);
			break;
		case K_SRC:
			ret = addr_value(ps, "src", &r->src);
			break;
		case K_DST:
			ret = addr_value(ps, "dst", &r->dst);
			break;
		case K_SPORT:
			ret = ports_value(ps, "sport", r->sport, &r->n_sport);
			break;
		case K_DPORT:
			ret = ports_value(ps, "dport", r->dport, &r->n_dport);
			break;
		case K_ICMP_TYPE:
			ret = icmp_value(ps, r);
			break;
		case K_TCP_FLAGS:
			ret = tcp_flags_value(ps, r);
			break;
		case K_CT_STATE:
			ret = ct_state_value(ps, r);
			break;
		case K_ACCEPT:
		case K_DROP:
		case K_REJECT:
			r->action = kw == K_ACCEPT ? BRFW_ACTION_ACCEPT :
				    kw == K_DROP ? BRFW_ACTION_DROP :
				    BRFW_ACTION_REJECT;
			action = true;
			ret = 0;
			break;
		case K_LOG:
			return ps_fail(ps, "\"log\" must follow the action (accept, drop or reject)");
		default:
			return -1;
		}
		if (ret)
			return -1;
	}
	if (!action)
		return ps_fail(ps, "%s expects an action (accept, drop or reject) at the end",
			       ctx);
	if (insert && !req->pos)
		return ps_fail(ps, "rule insert expects pos N (the position in the %s list)",
			       r->dirs == BRFW_RULE_DIR_OUT ? "out" : "in");
	if (check_family(ps, r) || check_proto(ps, r))
		return -1;
	return 0;
}

int parse_rule_cmd(struct parser *ps)
{
	struct request *req = ps->req;
	const char *s = ps_next(ps);

	req->hint = "brfwctl rule help";
	if (!s) {
		req->cmd = CMD_RULE_SHOW;
		return 0;
	}
	switch (ps_word(ps, s, rule_words, ARRAY_SIZE(rule_words), "command",
			"rule")) {
	case RULE_ADD:
		req->cmd = CMD_RULE_ADD;
		if (ps_device(ps, "rule add", true))
			return -1;
		return rule_body(ps, "rule add", false);
	case RULE_INSERT:
		req->cmd = CMD_RULE_INSERT;
		if (ps_device(ps, "rule insert", true))
			return -1;
		return rule_body(ps, "rule insert", true);
	case RULE_DEL:
		req->cmd = CMD_RULE_DEL;
		if (ps_device(ps, "rule del", true))
			return -1;
		s = ps_next(ps);
		if (!s)
			return ps_fail(ps, "rule del expects id N after the device");
		if (ps_lookup(s, rule_kw, ARRAY_SIZE(rule_kw)) != K_ID)
			return ps_fail(ps, "rule del expects id N after the device, not \"%s\"",
				       s);
		if (u32_value(ps, "id", &req->rule_id))
			return -1;
		return ps_no_more(ps, "rule del");
	case RULE_SHOW:
		req->cmd = CMD_RULE_SHOW;
		if (ps_device(ps, "rule show", false))
			return -1;
		return ps_no_more(ps, "rule show");
	case RULE_HELP:
		req->cmd = CMD_RULE_HELP;
		return ps_no_more(ps, "rule help");
	}
	return -1;
}

static int add_elem(struct parser *ps, const struct elem *e)
{
	struct request *req = ps->req;

	if (req->n_elems == req->cap_elems) {
		size_t cap = req->cap_elems ? 2 * req->cap_elems : 16;
		struct elem *v = realloc(req->elems, cap * sizeof(*v));

		if (!v)
			return ps_fail(ps, "out of memory");
		req->elems = v;
		req->cap_elems = cap;
	}
	req->elems[req->n_elems++] = *e;
	return 0;
}

#define ELEM_EXPECTS "an IPv4 or IPv6 address or prefix"

/* The members after the name; at least one if required. */
static int elems(struct parser *ps, const char *ctx, bool required)
{
	const char *s;
	struct elem e;

	if (required && !ps_peek(ps))
		return ps_fail(ps, "%s expects members (addresses or prefixes) after the name",
			       ctx);
	while ((s = ps_next(ps))) {
		if (ps_is_option(s))
			return ps_fail(ps, "option \"%s\" must come before the command",
				       s);
		memset(&e, 0, sizeof(e));
		if (any_prefix(ps, "set member", ELEM_EXPECTS, s, &e.family,
			       &e.p) || add_elem(ps, &e))
			return -1;
	}
	return 0;
}

static int set_name_arg(struct parser *ps, const char *ctx, bool required)
{
	const char *s = ps_peek(ps);

	if (!s) {
		if (required)
			return ps_fail(ps, "missing set name for \"%s\"", ctx);
		return 0;
	}
	if (ps_is_option(s))
		return ps_fail(ps, "option \"%s\" must come before the command", s);
	ps_next(ps);
	return set_name(ps, s, ps->req->set_name);
}

int parse_set_cmd(struct parser *ps)
{
	struct request *req = ps->req;
	const char *s = ps_next(ps);

	req->hint = "brfwctl set help";
	if (!s) {
		req->cmd = CMD_SET_SHOW;
		return 0;
	}
	switch (ps_word(ps, s, set_cmd_words, ARRAY_SIZE(set_cmd_words),
			"command", "set")) {
	case SET_ADD:
		req->cmd = CMD_SET_ADD;
		if (set_name_arg(ps, "set add", true))
			return -1;
		return elems(ps, "set add", false);
	case SET_DEL:
		req->cmd = CMD_SET_DEL;
		if (set_name_arg(ps, "set del", true))
			return -1;
		return ps_no_more(ps, "set del");
	case SET_ADD_ELEM:
		req->cmd = CMD_SET_ADD_ELEM;
		if (set_name_arg(ps, "set add-elem", true))
			return -1;
		return elems(ps, "set add-elem", true);
	case SET_DEL_ELEM:
		req->cmd = CMD_SET_DEL_ELEM;
		if (set_name_arg(ps, "set del-elem", true))
			return -1;
		return elems(ps, "set del-elem", true);
	case SET_SHOW:
		req->cmd = CMD_SET_SHOW;
		if (set_name_arg(ps, "set show", false))
			return -1;
		return ps_no_more(ps, "set show");
	case SET_HELP:
		req->cmd = CMD_SET_HELP;
		return ps_no_more(ps, "set help");
	}
	return -1;
}

int parse_counters_cmd(struct parser *ps)
{
	struct request *req = ps->req;
	const char *s = ps_next(ps);

	if (!s)
		return ps_fail(ps, "\"counters\" expects reset");
	if (ps_word(ps, s, counters_words, ARRAY_SIZE(counters_words),
		    "command", "counters") < 0)
		return -1;
	req->cmd = CMD_COUNTERS_RESET;
	if (ps_device(ps, "counters reset", false))
		return -1;
	return ps_no_more(ps, "counters reset");
}

int parse_save_cmd(struct parser *ps)
{
	ps->req->cmd = CMD_SAVE;
	return ps_no_more(ps, "save");
}

int parse_restore_cmd(struct parser *ps)
{
	struct request *req = ps->req;
	const char *s = ps_next(ps);

	req->cmd = CMD_RESTORE;
	if (!s || !*s)
		return ps_fail(ps, "restore expects a file name (or - for standard input)");
	if (ps_is_option(s) && strcmp(s, "-"))
		return ps_fail(ps, "option \"%s\" must come before the command", s);
	req->file = s;
	return ps_no_more(ps, "restore");
}

/* ct and flows (protocol 4). */

enum { CT_SHOW, CT_SET, CT_HELP };
static const struct word ct_words[] = {
	{ "show", CT_SHOW },
	{ "list", CT_SHOW },
	{ "set", CT_SET },
	{ "help", CT_HELP },
};

enum { CS_MAX, CS_TIMEOUT };
static const struct word ct_set_words[] = {
	{ "max", CS_MAX },
	{ "timeout", CS_TIMEOUT },
};

#define CT_SET_EXPECTS "max N and/or timeout NAME SECS"
#define TIMEOUT_NAMES "tcp-syn-sent, tcp-syn-recv, tcp-established, " \
	"tcp-fin-wait, tcp-time-wait, tcp-close, udp-unreplied, udp-replied, " \
	"icmp-unreplied, icmp-replied, other-unreplied, other-replied"

/* Exact names only: "tcp-s" would be a guess between two timeouts. */
static int timeout_id(const char *s)
{
	unsigned int t;

	for (t = 1; t <= BRFW_CT_TO_MAX; t++)
		if (!strcmp(s, ct_timeout_name(t)))
			return (int)t;
	return -1;
}

/* NAME SECS after "timeout", name already read. */
static int timeout_pair(struct parser *ps, const char *name)
{
	struct request *req = ps->req;
	const char *s;
	unsigned long v;
	int t = timeout_id(name);

	if (t < 0) {
		if (ps_is_option(name))
			return ps_fail(ps, "option \"%s\" must come before the command",
				       name);
		return ps_fail(ps, "unknown timeout \"%s\" (one of " TIMEOUT_NAMES ")",
			       name);
	}
	if (req->ct_timeouts_set & (1u << t))
		return ps_fail(ps, "timeout %s given twice", name);
	s = ps_next(ps);
	if (!s)
		return ps_fail(ps, "timeout %s expects seconds (1..%u)", name,
			       BRFW_CT_TIMEOUT_LIMIT);
	if (parse_uint(s, false, BRFW_CT_TIMEOUT_LIMIT, &v) == -1)
		return ps_fail(ps, "timeout %s expects seconds (1..%u), not \"%s\"",
			       name, BRFW_CT_TIMEOUT_LIMIT, s);
	if (v < 1 || v > BRFW_CT_TIMEOUT_LIMIT)
		return ps_fail(ps, "timeout %s %s is out of range (1..%u seconds)",
			       name, s, BRFW_CT_TIMEOUT_LIMIT);
	req->ct_timeouts[t] = (uint32_t)v;
	req->ct_timeouts_set |= 1u << t;
	return 0;
}

static int ct_set(struct parser *ps)
{
	struct request *req = ps->req;
	bool in_timeouts = false;
	const char *s;
	unsigned long v;
	int kw;

	if (!ps_peek(ps))
		return ps_fail(ps, "ct set expects " CT_SET_EXPECTS);
	while ((s = ps_next(ps))) {
		kw = ps_lookup(s, ct_set_words, ARRAY_SIZE(ct_set_words));
		if (kw < 0 && in_timeouts) {
			if (timeout_pair(ps, s))
				return -1;
			continue;
		}
		kw = ps_word(ps, s, ct_set_words, ARRAY_SIZE(ct_set_words),
			     "keyword", "ct set");
		if (kw == CS_MAX) {
			in_timeouts = false;
			if (req->set_ct_max)
				return ps_fail(ps, "\"max\" given twice");
			s = ps_next(ps);
			if (!s)
				return ps_fail(ps, "max expects a number of flows 1..4294967295");
			if (parse_uint(s, false, 0xffffffffUL, &v) == -1)
				return ps_fail(ps, "max expects a number of flows 1..4294967295, not \"%s\"",
					       s);
			if (v < 1 || v > 0xffffffffUL)
				return ps_fail(ps, "max %s is out of range (1..4294967295)",
					       s);
			req->set_ct_max = true;
			req->ct_max = (uint32_t)v;
		} else if (kw == CS_TIMEOUT) {
			s = ps_next(ps);
			if (!s)
				return ps_fail(ps, "timeout expects NAME SECS (NAME: " TIMEOUT_NAMES ")");
			if (timeout_pair(ps, s))
				return -1;
			in_timeouts = true;
		} else {
			return -1;
		}
	}
	return 0;
}

int parse_ct_cmd(struct parser *ps)
{
	struct request *req = ps->req;
	const char *s = ps_next(ps);

	req->hint = "brfwctl ct help";
	if (!s) {
		req->cmd = CMD_CT_SHOW;
		return 0;
	}
	switch (ps_word(ps, s, ct_words, ARRAY_SIZE(ct_words), "command",
			"ct")) {
	case CT_SHOW:
		req->cmd = CMD_CT_SHOW;
		return ps_no_more(ps, "ct show");
	case CT_SET:
		req->cmd = CMD_CT_SET;
		return ct_set(ps);
	case CT_HELP:
		req->cmd = CMD_CT_HELP;
		return ps_no_more(ps, "ct help");
	}
	return -1;
}

enum { FL_SHOW, FL_FLUSH, FL_DEL, FL_HELP };
static const struct word flows_words[] = {
	{ "show", FL_SHOW },
	{ "list", FL_SHOW },
	{ "flush", FL_FLUSH },
	{ "del", FL_DEL },
	{ "delete", FL_DEL },
	{ "help", FL_HELP },
};

enum { FK_KW_PROTO, FK_KW_SRC, FK_KW_DST, FK_KW_SPORT, FK_KW_DPORT, FK_KW_ID };
static const struct word flow_kw[] = {
	{ "proto", FK_KW_PROTO },
	{ "src", FK_KW_SRC },
	{ "dst", FK_KW_DST },
	{ "sport", FK_KW_SPORT },
	{ "dport", FK_KW_DPORT },
	{ "id", FK_KW_ID },
};

static const uint32_t flow_kw_bit[] = {
	[FK_KW_PROTO] = FK_PROTO, [FK_KW_SRC] = FK_SRC, [FK_KW_DST] = FK_DST,
	[FK_KW_SPORT] = FK_SPORT, [FK_KW_DPORT] = FK_DPORT, [FK_KW_ID] = FK_ID,
};

#define FLOW_ADDR_EXPECTS "an IPv4 or IPv6 address"

static int flow_addr(struct parser *ps, const char *kw, uint8_t *addr,
		     uint8_t *family)
{
	const char *s = value(ps, kw, FLOW_ADDR_EXPECTS);
	uint8_t f;

	if (!s)
		return -1;
	if (inet_pton(AF_INET, s, addr) == 1)
		f = 4;
	else if (inet_pton(AF_INET6, s, addr) == 1)
		f = 6;
	else
		return ps_fail(ps, "%s expects " FLOW_ADDR_EXPECTS ", not \"%s\"",
			       kw, s);
	if (*family && *family != f)
		return ps_fail(ps, "%s %s (IPv%u) conflicts with the other address (IPv%u)",
			       kw, s, f, *family);
	*family = f;
	return 0;
}

static int flow_u16(struct parser *ps, const char *kw, const char *expects,
		    uint16_t *out)
{
	const char *s = value(ps, kw, expects);
	unsigned long v;
	int n;

	if (!s)
		return -1;
	n = parse_uint(s, false, 65535, &v);
	if (n == -1)
		return ps_fail(ps, "%s expects %s, not \"%s\"", kw, expects, s);
	if (n == -2)
		return ps_fail(ps, "%s %s is out of range (0..65535)", kw, s);
	*out = (uint16_t)v;
	return 0;
}

static int flows_del(struct parser *ps)
{
	struct flow_key *k = &ps->req->flow;
	char pname[RULE_VALUE_SIZE];
	struct rule pr;
	const char *s;
	bool ports, icmp;
	int kw, ret;

	memset(&pr, 0, sizeof(pr));
	while ((s = ps_next(ps))) {
		kw = ps_word(ps, s, flow_kw, ARRAY_SIZE(flow_kw), "keyword",
			     "flows del");
		if (kw < 0)
			return -1;
		if (k->present & flow_kw_bit[kw])
			return ps_fail(ps, "\"%s\" given twice", flow_kw[kw].name);
		k->present |= flow_kw_bit[kw];
		switch (kw) {
		case FK_KW_PROTO:
			ret = proto_value(ps, &pr);
			k->proto = pr.proto;
			break;
		case FK_KW_SRC:
			ret = flow_addr(ps, "src", k->src, &k->family);
			break;
		case FK_KW_DST:
			ret = flow_addr(ps, "dst", k->dst, &k->family);
			break;
		case FK_KW_SPORT:
			ret = flow_u16(ps, "sport", "a port 0..65535", &k->sport);
			break;
		case FK_KW_DPORT:
			ret = flow_u16(ps, "dport", "a port 0..65535", &k->dport);
			break;
		default:
			ret = flow_u16(ps, "id", "an echo identifier 0..65535",
				       &k->icmp_id);
			break;
		}
		if (ret)
			return -1;
	}
	if (!(k->present & FK_PROTO))
		return ps_fail(ps, "flows del expects proto P src ADDR dst ADDR (and sport and dport, or id)");
	if (!(k->present & FK_SRC) || !(k->present & FK_DST))
		return ps_fail(ps, "flows del expects both src and dst (the addresses of the flow)");
	ports = has_ports(k->proto);
	icmp = k->proto == IPPROTO_NUM_ICMP || k->proto == IPPROTO_NUM_ICMPV6;
	if ((k->proto == IPPROTO_NUM_ICMP && k->family == 6) ||
	    (k->proto == IPPROTO_NUM_ICMPV6 && k->family == 4))
		return ps_fail(ps, "proto %s does not go with IPv%u addresses",
			       k->proto == IPPROTO_NUM_ICMP ? "icmp" : "icmpv6",
			       k->family);
	if (ports && (!(k->present & FK_SPORT) || !(k->present & FK_DPORT)))
		return ps_fail(ps, "flows del: a %s flow needs sport and dport",
			       rule_value(pname, &pr, RM_PROTO));
	if (!ports && (k->present & (FK_SPORT | FK_DPORT)))
		return ps_fail(ps, "sport and dport need proto tcp, udp or sctp");
	if (icmp && !(k->present & FK_ID))
		return ps_fail(ps, "flows del: an ICMP flow needs id N (the echo identifier)");
	if (!icmp && (k->present & FK_ID))
		return ps_fail(ps, "id needs proto icmp or icmpv6");
	return 0;
}

int parse_flows_cmd(struct parser *ps)
{
	struct request *req = ps->req;
	const char *s = ps_peek(ps);
	int sub;

	req->hint = "brfwctl flows help";
	req->cmd = CMD_FLOWS_SHOW;
	if (!s)
		return 0;
	sub = ps_lookup(s, flows_words, ARRAY_SIZE(flows_words));
	if (sub < 0) {
		/* "flows DEV" */
		if (ps_is_option(s))
			return ps_fail(ps, "option \"%s\" must come before the command",
				       s);
		if (ps_device(ps, "flows", false))
			return -1;
		return ps_no_more(ps, "flows");
	}
	ps_next(ps);
	switch (sub) {
	case FL_SHOW:
		if (ps_device(ps, "flows show", false))
			return -1;
		return ps_no_more(ps, "flows show");
	case FL_FLUSH:
		req->cmd = CMD_FLOWS_FLUSH;
		if (ps_device(ps, "flows flush", false))
			return -1;
		return ps_no_more(ps, "flows flush");
	case FL_DEL:
		req->cmd = CMD_FLOWS_DEL;
		return flows_del(ps);
	case FL_HELP:
		req->cmd = CMD_CT_HELP;
		return ps_no_more(ps, "flows help");
	}
	return -1;
}
