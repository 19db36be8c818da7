// SPDX-License-Identifier: GPL-2.0
/* Port replies: decoding, sorting, and the table / JSON output. */
#define _GNU_SOURCE	/* strverscmp */
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

static void copy_name(char *dst, const struct nlattr *attr)
{
	const char *s = mnl_attr_get_str(attr);
	size_t n = strnlen(s, IFNAMSIZ - 1);

	memcpy(dst, s, n);
	dst[n] = '\0';
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
	return 0;
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

static int max(int a, int b)
{
	return a > b ? a : b;
}

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

		w->port = max(w->port, (int)pr_text_width(p->name));
		if (p->master_ifindex)
			w->bridge = max(w->bridge, (int)pr_text_width(p->master));
		w->in = max(w->in, (int)strlen(policy_str(p->policy[BRFW_DIR_IN],
							   buf, sizeof(buf))));
		w->out = max(w->out, (int)strlen(policy_str(p->policy[BRFW_DIR_OUT],
							     buf, sizeof(buf))));
		for (d = 0; d < __BRFW_DIR_MAX; d++)
			for (s = 0; s < ST_NUM; s++)
				w->stat[s] = max(w->stat[s],
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

static void print_port(struct pr *pr, const struct widths *w,
		       const struct port *p)
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
	pr_close_object(pr);
}

void port_print(struct pr *pr, const struct port *ports, size_t n)
{
	struct widths w;
	size_t i;

	measure(&w, ports, n);
	pr_open_array(pr, NULL);
	print_header(pr, &w);
	for (i = 0; i < n; i++)
		print_port(pr, &w, &ports[i]);
	pr_close_array(pr);
	pr_end(pr);
}
