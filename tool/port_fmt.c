// SPDX-License-Identifier: GPL-2.0
/* Port replies: decoding, sorting, and the table / JSON output. */
#define _GNU_SOURCE	/* strverscmp */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include <libmnl/libmnl.h>
#include <linux/genetlink.h>

#include "nl.h"
#include "port.h"

struct parse_ctx {
	struct port *p;
	const struct nlattr *tb[BRFW_A_MAX + 1];
	const char *bad;	/* attribute with the wrong size or type */
};

static const enum mnl_attr_data_type attr_types[BRFW_A_MAX + 1] = {
	[BRFW_A_IFINDEX] = MNL_TYPE_U32,
	[BRFW_A_IFNAME] = MNL_TYPE_NUL_STRING,
	[BRFW_A_MASTER_IFINDEX] = MNL_TYPE_U32,
	[BRFW_A_MASTER_IFNAME] = MNL_TYPE_NUL_STRING,
	[BRFW_A_POLICY_IN] = MNL_TYPE_U8,
	[BRFW_A_POLICY_OUT] = MNL_TYPE_U8,
	[BRFW_A_STATS_IN] = MNL_TYPE_NESTED,
	[BRFW_A_STATS_OUT] = MNL_TYPE_NESTED,
	[BRFW_A_MAC] = MNL_TYPE_BINARY,		/* size checked below */
	[BRFW_A_IP4] = MNL_TYPE_NESTED,
	[BRFW_A_IP6] = MNL_TYPE_NESTED,
	[BRFW_A_VLANS] = MNL_TYPE_NESTED,
	[BRFW_A_PORT_FLAGS] = MNL_TYPE_U32,
	[BRFW_A_ISOLATION] = MNL_TYPE_U8,
	[BRFW_A_COMMUNITY] = MNL_TYPE_NUL_STRING,
	[BRFW_A_DROPS] = MNL_TYPE_NESTED,
	[BRFW_A_CT_LIMIT] = MNL_TYPE_U32,
	[BRFW_A_CT_FLOWS] = MNL_TYPE_U32,
};

static int attr_cb(const struct nlattr *attr, void *data)
{
	struct parse_ctx *c = data;
	unsigned int type = mnl_attr_get_type(attr);

	/* Attributes from a newer module are not ours to judge. */
	if (type > BRFW_A_MAX || attr_types[type] == MNL_TYPE_UNSPEC)
		return MNL_CB_OK;
	if (mnl_attr_validate(attr, attr_types[type]) < 0) {
		c->bad = brfw_attr_name(type);
		return MNL_CB_ERROR;
	}
	c->tb[type] = attr;
	return MNL_CB_OK;
}

static int stat_cb(const struct nlattr *attr, void *data)
{
	uint64_t *st = data;
	unsigned int type = mnl_attr_get_type(attr);
	int idx;

	switch (type) {
	case BRFW_STAT_PASS_PACKETS: idx = ST_PASS_PACKETS; break;
	case BRFW_STAT_PASS_BYTES: idx = ST_PASS_BYTES; break;
	case BRFW_STAT_DROP_PACKETS: idx = ST_DROP_PACKETS; break;
	case BRFW_STAT_DROP_BYTES: idx = ST_DROP_BYTES; break;
	default:
		return MNL_CB_OK;	/* pad, or newer counters */
	}
	if (mnl_attr_validate(attr, MNL_TYPE_U64) < 0)
		return MNL_CB_ERROR;
	st[idx] = mnl_attr_get_u64(attr);
	return MNL_CB_OK;
}

/* BRFW_A_IP4 / BRFW_A_IP6: a list of BRFW_LIST_PREFIX nests. */
struct prefix_list {
	bool v6;
	struct prefix *v;
	unsigned int *n;
	const struct nlattr *tb[BRFW_PREFIX_MAX + 1];
};

static int prefix_attr_cb(const struct nlattr *attr, void *data)
{
	struct prefix_list *l = data;
	unsigned int type = mnl_attr_get_type(attr);

	if (type == BRFW_PREFIX_ADDR || type == BRFW_PREFIX_LEN)
		l->tb[type] = attr;
	return MNL_CB_OK;
}

static int prefix_entry_cb(const struct nlattr *attr, void *data)
{
	struct prefix_list *l = data;
	unsigned int alen = l->v6 ? 16 : 4, max = alen * 8, len = max;
	struct prefix *p;

	if (mnl_attr_get_type(attr) != BRFW_LIST_PREFIX)
		return MNL_CB_OK;	/* from a newer module */
	memset(l->tb, 0, sizeof(l->tb));
	if (mnl_attr_validate(attr, MNL_TYPE_NESTED) < 0 ||
	    mnl_attr_parse_nested(attr, prefix_attr_cb, l) < 0)
		return MNL_CB_ERROR;
	if (!l->tb[BRFW_PREFIX_ADDR] ||
	    mnl_attr_get_payload_len(l->tb[BRFW_PREFIX_ADDR]) != alen)
		return MNL_CB_ERROR;
	if (l->tb[BRFW_PREFIX_LEN]) {
		if (mnl_attr_validate(l->tb[BRFW_PREFIX_LEN], MNL_TYPE_U8) < 0)
			return MNL_CB_ERROR;
		len = mnl_attr_get_u8(l->tb[BRFW_PREFIX_LEN]);
	}
	if (len > max || *l->n == BRFW_MAX_PREFIXES)
		return MNL_CB_ERROR;
	p = &l->v[(*l->n)++];
	memset(p, 0, sizeof(*p));
	memcpy(p->addr, mnl_attr_get_payload(l->tb[BRFW_PREFIX_ADDR]), alen);
	p->len = (uint8_t)len;
	return MNL_CB_OK;
}

static int vlan_entry_cb(const struct nlattr *attr, void *data)
{
	uint16_t vid;

	if (mnl_attr_get_type(attr) != BRFW_LIST_VLAN)
		return MNL_CB_OK;
	if (mnl_attr_validate(attr, MNL_TYPE_U16) < 0)
		return MNL_CB_ERROR;
	vid = mnl_attr_get_u16(attr);
	if (vid < 1 || vid > VLAN_MAX)
		return MNL_CB_ERROR;
	vlan_set(data, vid);
	return MNL_CB_OK;
}

static int drop_cb(const struct nlattr *attr, void *data)
{
	uint64_t *drops = data;
	unsigned int type = mnl_attr_get_type(attr);

	/* Pads, and reasons of a newer module, are skipped. */
	if (type < BRFW_REASON_SPOOF_MAC || type > BRFW_REASON_MAX)
		return MNL_CB_OK;
	if (mnl_attr_validate(attr, MNL_TYPE_U64) < 0)
		return MNL_CB_ERROR;
	drops[type] = mnl_attr_get_u64(attr);
	return MNL_CB_OK;
}

static void copy_name(char *dst, const struct nlattr *attr)
{
	const char *s = mnl_attr_get_str(attr);
	size_t n = strnlen(s, IFNAMSIZ - 1);

	memcpy(dst, s, n);
	dst[n] = '\0';
}

static int bad(char *err, size_t errlen, unsigned int type)
{
	snprintf(err, errlen, "bad attribute %s", brfw_attr_name(type));
	return -1;
}

/* The protocol 2 attributes, all optional. */
static int parse_ident(const struct parse_ctx *c, char *err, size_t errlen)
{
	struct port *p = c->p;
	const struct nlattr *a;
	struct prefix_list l;

	a = c->tb[BRFW_A_MAC];
	if (a) {
		if (mnl_attr_get_payload_len(a) != MAC_LEN)
			return bad(err, errlen, BRFW_A_MAC);
		memcpy(p->mac, mnl_attr_get_payload(a), MAC_LEN);
	}
	a = c->tb[BRFW_A_IP4];
	if (a) {
		l = (struct prefix_list){ .v6 = false, .v = p->ip4, .n = &p->n_ip4 };
		if (mnl_attr_parse_nested(a, prefix_entry_cb, &l) < 0)
			return bad(err, errlen, BRFW_A_IP4);
	}
	a = c->tb[BRFW_A_IP6];
	if (a) {
		l = (struct prefix_list){ .v6 = true, .v = p->ip6, .n = &p->n_ip6 };
		if (mnl_attr_parse_nested(a, prefix_entry_cb, &l) < 0)
			return bad(err, errlen, BRFW_A_IP6);
	}
	a = c->tb[BRFW_A_VLANS];
	if (a && mnl_attr_parse_nested(a, vlan_entry_cb, p->vlans) < 0)
		return bad(err, errlen, BRFW_A_VLANS);
	if (c->tb[BRFW_A_PORT_FLAGS])
		p->flags = mnl_attr_get_u32(c->tb[BRFW_A_PORT_FLAGS]);
	if (c->tb[BRFW_A_ISOLATION])
		p->isolation = mnl_attr_get_u8(c->tb[BRFW_A_ISOLATION]);
	a = c->tb[BRFW_A_COMMUNITY];
	if (a) {
		const char *s = mnl_attr_get_str(a);
		size_t n = strnlen(s, BRFW_COMMUNITY_NAMSIZ - 1);

		memcpy(p->community, s, n);
		p->community[n] = '\0';
	}
	a = c->tb[BRFW_A_DROPS];
	if (a && mnl_attr_parse_nested(a, drop_cb, p->drops) < 0)
		return bad(err, errlen, BRFW_A_DROPS);
	if (c->tb[BRFW_A_CT_LIMIT])
		p->ct_limit = mnl_attr_get_u32(c->tb[BRFW_A_CT_LIMIT]);
	if (c->tb[BRFW_A_CT_FLOWS])
		p->ct_flows = mnl_attr_get_u32(c->tb[BRFW_A_CT_FLOWS]);
	return 0;
}

int port_parse(const struct nlmsghdr *nlh, struct port *p,
	       char *err, size_t errlen)
{
	static const unsigned int required[] = {
		BRFW_A_IFINDEX, BRFW_A_IFNAME, BRFW_A_POLICY_IN, BRFW_A_POLICY_OUT,
	};
	struct parse_ctx c = { .p = p };
	size_t i;

	memset(p, 0, sizeof(*p));
	if (mnl_nlmsg_get_payload_len(nlh) < GENL_HDRLEN) {
		snprintf(err, errlen, "short message");
		return -1;
	}
	if (mnl_attr_parse(nlh, GENL_HDRLEN, attr_cb, &c) < 0) {
		if (c.bad)
			snprintf(err, errlen, "bad attribute %s", c.bad);
		else
			snprintf(err, errlen, "bad attributes");
		return -1;
	}
	for (i = 0; i < sizeof(required) / sizeof(required[0]); i++) {
		if (!c.tb[required[i]]) {
			snprintf(err, errlen, "missing %s",
				 brfw_attr_name(required[i]));
			return -1;
		}
	}
	p->ifindex = mnl_attr_get_u32(c.tb[BRFW_A_IFINDEX]);
	copy_name(p->name, c.tb[BRFW_A_IFNAME]);
	if (c.tb[BRFW_A_MASTER_IFINDEX])
		p->master_ifindex = mnl_attr_get_u32(c.tb[BRFW_A_MASTER_IFINDEX]);
	if (c.tb[BRFW_A_MASTER_IFNAME])
		copy_name(p->master, c.tb[BRFW_A_MASTER_IFNAME]);
	p->policy[BRFW_DIR_IN] = mnl_attr_get_u8(c.tb[BRFW_A_POLICY_IN]);
	p->policy[BRFW_DIR_OUT] = mnl_attr_get_u8(c.tb[BRFW_A_POLICY_OUT]);
	if (c.tb[BRFW_A_STATS_IN] &&
	    mnl_attr_parse_nested(c.tb[BRFW_A_STATS_IN], stat_cb,
				  p->stats[BRFW_DIR_IN]) < 0) {
		snprintf(err, errlen, "bad attribute stats-in");
		return -1;
	}
	if (c.tb[BRFW_A_STATS_OUT] &&
	    mnl_attr_parse_nested(c.tb[BRFW_A_STATS_OUT], stat_cb,
				  p->stats[BRFW_DIR_OUT]) < 0) {
		snprintf(err, errlen, "bad attribute stats-out");
		return -1;
	}
	return parse_ident(&c, err, errlen);
}

static int port_cmp(const void *a, const void *b)
{
	const struct port *x = a, *y = b;
	int r = strverscmp(x->name, y->name);

	if (r)
		return r;
	return x->ifindex < y->ifindex ? -1 : x->ifindex > y->ifindex;
}

void port_sort(struct port *ports, size_t n)
{
	if (n > 1)
		qsort(ports, n, sizeof(*ports), port_cmp);
}

/* Text of a verdict; unknown ones (from a newer module) by number. */
static const char *policy_str(int v, char *buf, size_t len)
{
	const char *s = verdict_name(v);

	if (s)
		return s;
	snprintf(buf, len, "verdict-%d", v);
	return buf;
}

static const char *const dir_names[__BRFW_DIR_MAX] = {
	[BRFW_DIR_IN] = "in",
	[BRFW_DIR_OUT] = "out",
};

static const char *const stat_keys[ST_NUM] = {
	[ST_PASS_PACKETS] = "pass_packets",
	[ST_PASS_BYTES] = "pass_bytes",
	[ST_DROP_PACKETS] = "drop_packets",
	[ST_DROP_BYTES] = "drop_bytes",
};

static const char *const stat_heads[ST_NUM] = {
	[ST_PASS_PACKETS] = "PASS-PKTS",
	[ST_PASS_BYTES] = "PASS-BYTES",
	[ST_DROP_PACKETS] = "DROP-PKTS",
	[ST_DROP_BYTES] = "DROP-BYTES",
};

/* Column widths: the widest of the header and every value. */
struct widths {
	int port, bridge, in, out, dir;
	int stat[ST_NUM];
};

static void measure(struct widths *w, const struct port *ports, size_t n)
{
	char buf[32];
	size_t i;
	int d, s;

	w->port = 4;	/* PORT */
	w->bridge = 6;	/* BRIDGE */
	w->in = 2;	/* IN */
	w->out = 3;	/* OUT */
	w->dir = 3;	/* DIR, out */
	for (s = 0; s < ST_NUM; s++)
		w->stat[s] = (int)strlen(stat_heads[s]);
	for (i = 0; i < n; i++) {
		const struct port *p = &ports[i];

		w->port = pr_max(w->port, (int)pr_text_width(p->name));
		if (p->master_ifindex)
			w->bridge = pr_max(w->bridge, (int)pr_text_width(p->master));
		w->in = pr_max(w->in, (int)strlen(policy_str(p->policy[BRFW_DIR_IN],
							   buf, sizeof(buf))));
		w->out = pr_max(w->out, (int)strlen(policy_str(p->policy[BRFW_DIR_OUT],
							     buf, sizeof(buf))));
		for (d = 0; d < __BRFW_DIR_MAX; d++)
			for (s = 0; s < ST_NUM; s++)
				w->stat[s] = pr_max(w->stat[s],
						 pr_u64_width(p->stats[d][s]));
	}
}

static void print_header(struct pr *pr, const struct widths *w)
{
	int s;

	pr_col_str(pr, PR_TEXT, NULL, -w->port, "PORT");
	pr_col_str(pr, PR_TEXT, NULL, -w->bridge, "BRIDGE");
	pr_col_str(pr, PR_TEXT, NULL, -w->in, "IN");
	pr_col_str(pr, PR_TEXT, NULL, -w->out, "OUT");
	pr_col_str(pr, PR_TEXT, NULL, -w->dir, "DIR");
	for (s = 0; s < ST_NUM; s++)
		pr_col_str(pr, PR_TEXT, NULL, w->stat[s], stat_heads[s]);
	pr_text(pr, "\n");
}

/* Drop reasons: text label and JSON key. */
static const char *const reason_text[__BRFW_REASON_MAX] = {
	[BRFW_REASON_SPOOF_MAC] = "spoof-mac",
	[BRFW_REASON_SPOOF_IP] = "spoof-ip",
	[BRFW_REASON_SPOOF_ARP] = "spoof-arp",
	[BRFW_REASON_SPOOF_ND] = "spoof-nd",
	[BRFW_REASON_RA_GUARD] = "ra-guard",
	[BRFW_REASON_DHCP_GUARD] = "dhcp-guard",
	[BRFW_REASON_VLAN] = "vlan",
	[BRFW_REASON_ISOLATION] = "isolation",
	[BRFW_REASON_PROMISC] = "promisc",
	[BRFW_REASON_ETHERTYPE] = "ethertype",
	[BRFW_REASON_MALFORMED] = "malformed",
	[BRFW_REASON_CT_FULL] = "ct-full",
};

static const char *const reason_keys[__BRFW_REASON_MAX] = {
	[BRFW_REASON_SPOOF_MAC] = "spoof_mac",
	[BRFW_REASON_SPOOF_IP] = "spoof_ip",
	[BRFW_REASON_SPOOF_ARP] = "spoof_arp",
	[BRFW_REASON_SPOOF_ND] = "spoof_nd",
	[BRFW_REASON_RA_GUARD] = "ra_guard",
	[BRFW_REASON_DHCP_GUARD] = "dhcp_guard",
	[BRFW_REASON_VLAN] = "vlan",
	[BRFW_REASON_ISOLATION] = "isolation",
	[BRFW_REASON_PROMISC] = "promisc",
	[BRFW_REASON_ETHERTYPE] = "ethertype",
	[BRFW_REASON_MALFORMED] = "malformed",
	[BRFW_REASON_CT_FULL] = "ct_full",
};

static bool has_mac(const struct port *p)
{
	static const uint8_t zero[MAC_LEN];

	return memcmp(p->mac, zero, MAC_LEN) != 0;
}

static bool has_vlans(const struct port *p)
{
	size_t i;

	for (i = 0; i < sizeof(p->vlans); i++)
		if (p->vlans[i])
			return true;
	return false;
}

/* Anything to show beyond the table: identity or drops. */
static bool non_default(const struct port *p)
{
	int r;

	if (has_mac(p) || p->n_ip4 || p->n_ip6 || has_vlans(p) || p->flags ||
	    p->isolation != BRFW_ISOLATION_NONE || p->ct_limit || p->ct_flows)
		return true;
	for (r = 0; r < __BRFW_REASON_MAX; r++)
		if (p->drops[r])
			return true;
	return false;
}

static const char *isolation_str(int v, char *buf, size_t len)
{
	const char *s = isolation_name(v);

	if (s)
		return s;
	snprintf(buf, len, "isolation-%d", v);
	return buf;
}

static void print_prefixes(struct pr *pr, bool text, const char *kw,
			   bool v6, const struct prefix *v, unsigned int n)
{
	char buf[PREFIX_STR_SIZE];
	unsigned int i;

	if (text)
		pr_text(pr, "    %s", kw);
	pr_open_array(pr, v6 ? "ip6" : "ip");
	for (i = 0; i < n; i++)
		pr_str(pr, text ? PR_ANY : PR_JSON, NULL, " %s",
		       prefix_str(buf, v6, &v[i]));
	pr_close_array(pr);
	if (text)
		pr_text(pr, n ? "\n" : " none\n");
}

/* JSON: every VLAN. Text: runs of three or more as ranges. */
static void print_vlans(struct pr *pr, bool text, const struct port *p)
{
	unsigned int v, end;
	bool first = true;

	pr_open_array(pr, "vlans");
	for (v = 1; v <= VLAN_MAX; v++)
		if (vlan_test(p->vlans, v))
			pr_u64(pr, PR_JSON, NULL, NULL, v);
	pr_close_array(pr);
	if (!text)
		return;
	pr_text(pr, "    vlan ");
	for (v = 1; v <= VLAN_MAX; v = end + 1) {
		end = v;
		if (!vlan_test(p->vlans, v))
			continue;
		while (end < VLAN_MAX && vlan_test(p->vlans, end + 1))
			end++;
		if (end - v >= 2)
			pr_text(pr, "%s%u-%u", first ? "" : ",", v, end);
		else if (end > v)
			pr_text(pr, "%s%u,%u", first ? "" : ",", v, end);
		else
			pr_text(pr, "%s%u", first ? "" : ",", v);
		first = false;
	}
	pr_text(pr, first ? "none\n" : "\n");
}

/*
 * The identity and drop counters: members of the port object in JSON;
 * in text, indented lines under the port's rows if text is set.
 */
static void print_ident(struct pr *pr, const struct port *p, bool text)
{
	enum pr_mode m = text ? PR_ANY : PR_JSON;
	bool community = p->isolation == BRFW_ISOLATION_COMMUNITY;
	char buf[32], fmt[48];
	int r;

	if (has_mac(p)) {
		pr_str(pr, m, "mac", "    mac %s", mac_str(buf, p->mac));
	} else {
		pr_str(pr, PR_JSON, "mac", NULL, NULL);
		if (text)
			pr_text(pr, "    mac none");
	}
	pr_bool(pr, m, "spoof_check", "  spoof-check %s",
		p->flags & BRFW_PORT_F_SPOOF_CHECK);
	pr_bool(pr, m, "dhcp_server", "  dhcp-server %s",
		p->flags & BRFW_PORT_F_DHCP_SERVER);
	pr_bool(pr, m, "router", "  router %s", p->flags & BRFW_PORT_F_ROUTER);
	pr_bool(pr, m, "promisc", "  promisc %s",
		p->flags & BRFW_PORT_F_PROMISC);
	pr_str(pr, m, "isolation", "  isolation %s",
	       isolation_str(p->isolation, buf, sizeof(buf)));
	pr_str(pr, community ? m : PR_JSON, "community", " %s",
	       community && p->community[0] ? p->community : NULL);
	if (text)
		pr_text(pr, "\n");
	pr_bool(pr, m, "stateful", "    stateful %s",
		p->flags & BRFW_PORT_F_STATEFUL);
	pr_bool(pr, m, "persist_established", "  persist-established %s",
		p->flags & BRFW_PORT_F_PERSIST);
	pr_u64(pr, m, "ct_limit", "  ct-limit %" PRIu64, p->ct_limit);
	pr_u64(pr, m, "flows", "  flows %" PRIu64 "\n", p->ct_flows);

	print_prefixes(pr, text, "ip", false, p->ip4, p->n_ip4);
	print_prefixes(pr, text, "ip6", true, p->ip6, p->n_ip6);
	print_vlans(pr, text, p);

	if (text)
		pr_text(pr, "    drops");
	pr_open_object(pr, "drops");
	for (r = 0; r < __BRFW_REASON_MAX; r++) {
		if (!reason_keys[r])
			continue;
		snprintf(fmt, sizeof(fmt), " %s %%" PRIu64, reason_text[r]);
		pr_u64(pr, m, reason_keys[r], fmt, p->drops[r]);
	}
	pr_close_object(pr);
	if (text)
		pr_text(pr, "\n");
}

static void print_port(struct pr *pr, const struct widths *w,
		       const struct port *p, bool details)
{
	char buf[32];
	int d, s;

	pr_open_object(pr, NULL);
	pr_col_str(pr, PR_ANY, "port", -w->port, p->name);
	pr_col_u64(pr, PR_JSON, "ifindex", 0, p->ifindex);
	if (p->master_ifindex) {
		pr_col_str(pr, PR_ANY, "bridge", -w->bridge, p->master);
		pr_col_u64(pr, PR_JSON, "bridge_ifindex", 0, p->master_ifindex);
	} else {
		pr_col_str(pr, PR_ANY, "bridge", -w->bridge, NULL);
		pr_col_str(pr, PR_JSON, "bridge_ifindex", 0, NULL);
	}
	pr_col_str(pr, PR_ANY, "policy_in", -w->in,
		   policy_str(p->policy[BRFW_DIR_IN], buf, sizeof(buf)));
	pr_col_str(pr, PR_ANY, "policy_out", -w->out,
		   policy_str(p->policy[BRFW_DIR_OUT], buf, sizeof(buf)));
	pr_open_object(pr, "stats");
	for (d = 0; d < __BRFW_DIR_MAX; d++) {
		if (d > 0)	/* second line, under DIR */
			pr_text(pr, "\n%*s", w->port + w->bridge + w->in +
				w->out + 3 * 2, "");
		pr_open_object(pr, dir_names[d]);
		pr_col_str(pr, PR_TEXT, NULL, -w->dir, dir_names[d]);
		for (s = 0; s < ST_NUM; s++)
			pr_col_u64(pr, PR_ANY, stat_keys[s], w->stat[s],
				   p->stats[d][s]);
		pr_close_object(pr);
	}
	pr_close_object(pr);
	pr_text(pr, "\n");
	print_ident(pr, p, !pr->json && (details || non_default(p)));
	pr_close_object(pr);
}

void port_print(struct pr *pr, const struct port *ports, size_t n,
		bool details)
{
	struct widths w;
	size_t i;

	measure(&w, ports, n);
	pr_open_array(pr, NULL);
	print_header(pr, &w);
	for (i = 0; i < n; i++)
		print_port(pr, &w, &ports[i], details);
	pr_close_array(pr);
	pr_end(pr);
}
