// SPDX-License-Identifier: GPL-2.0
/*
 * Conntrack-lite (protocol 4): decoding of ct and flow replies, the ct
 * show and flows output, and the attributes of ct set and flows del.
 */
#define _GNU_SOURCE	/* strverscmp */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include <libmnl/libmnl.h>
#include <linux/genetlink.h>

#include <arpa/inet.h>

#include "ct.h"
#include "nl.h"
#include "rule.h"

struct ct_ctx {
	struct ct_info *ci;
	bool bad;
};

static int ct_timeout_cb(const struct nlattr *attr, void *data)
{
	struct ct_info *ci = data;
	unsigned int t = mnl_attr_get_type(attr);

	if (t < 1 || t > BRFW_CT_TO_MAX)
		return MNL_CB_OK;	/* a newer module's */
	if (mnl_attr_validate(attr, MNL_TYPE_U32) < 0)
		return MNL_CB_ERROR;
	ci->timeouts[t] = mnl_attr_get_u32(attr);
	ci->have_timeouts |= 1u << t;
	return MNL_CB_OK;
}

static int ct_attr_cb(const struct nlattr *attr, void *data)
{
	struct ct_ctx *c = data;
	struct ct_info *ci = c->ci;
	uint32_t *u32 = NULL;
	uint64_t *u64 = NULL;

	switch (mnl_attr_get_type(attr)) {
	case BRFW_CT_MAX: u32 = &ci->max; break;
	case BRFW_CT_COUNT: u32 = &ci->count; break;
	case BRFW_CT_BUCKETS: u32 = &ci->buckets; break;
	case BRFW_CT_ENTRY_SIZE: u32 = &ci->entry_size; break;
	case BRFW_CT_EARLY_DROPS: u64 = &ci->early_drops; break;
	case BRFW_CT_FULL_DROPS: u64 = &ci->full_drops; break;
	case BRFW_CT_TIMEOUTS:
		if (mnl_attr_validate(attr, MNL_TYPE_NESTED) < 0 ||
		    mnl_attr_parse_nested(attr, ct_timeout_cb, ci) < 0)
			goto bad;
		return MNL_CB_OK;
	default:
		return MNL_CB_OK;
	}
	if (u32) {
		if (mnl_attr_validate(attr, MNL_TYPE_U32) < 0)
			goto bad;
		*u32 = mnl_attr_get_u32(attr);
	} else {
		if (mnl_attr_validate(attr, MNL_TYPE_U64) < 0)
			goto bad;
		*u64 = mnl_attr_get_u64(attr);
	}
	return MNL_CB_OK;
bad:
	c->bad = true;
	return MNL_CB_ERROR;
}

static int top_attr_cb(const struct nlattr *attr, void *data)
{
	const struct nlattr **tb = data;
	unsigned int type = mnl_attr_get_type(attr);

	if (type <= BRFW_A_MAX)
		tb[type] = attr;
	return MNL_CB_OK;
}

int ct_info_parse(const struct nlmsghdr *nlh, struct ct_info *ci,
		  char *err, size_t errlen)
{
	const struct nlattr *tb[BRFW_A_MAX + 1] = { NULL };
	struct ct_ctx c = { .ci = ci };

	memset(ci, 0, sizeof(*ci));
	if (mnl_nlmsg_get_payload_len(nlh) < GENL_HDRLEN ||
	    mnl_attr_parse(nlh, GENL_HDRLEN, top_attr_cb, tb) < 0) {
		snprintf(err, errlen, "bad attributes");
		return -1;
	}
	if (!tb[BRFW_A_CT]) {
		snprintf(err, errlen, "missing ct");
		return -1;
	}
	if (mnl_attr_validate(tb[BRFW_A_CT], MNL_TYPE_NESTED) < 0 ||
	    mnl_attr_parse_nested(tb[BRFW_A_CT], ct_attr_cb, &c) < 0) {
		snprintf(err, errlen, "bad attribute ct");
		return -1;
	}
	return 0;
}

void ct_print(struct pr *pr, const struct ct_info *ci)
{
	char fmt[64];
	unsigned int t;

	pr_open_object(pr, NULL);
	pr_u64(pr, PR_ANY, "max", "max %" PRIu64, ci->max);
	pr_u64(pr, PR_ANY, "count", "  count %" PRIu64, ci->count);
	pr_u64(pr, PR_ANY, "buckets", "  buckets %" PRIu64, ci->buckets);
	pr_u64(pr, PR_ANY, "entry_size", "  entry-size %" PRIu64 "\n",
	       ci->entry_size);
	pr_u64(pr, PR_ANY, "early_drops", "early-drops %" PRIu64,
	       ci->early_drops);
	pr_u64(pr, PR_ANY, "full_drops", "  full-drops %" PRIu64 "\n",
	       ci->full_drops);
	pr_open_object(pr, "timeouts");
	for (t = 1; t <= BRFW_CT_TO_MAX; t++) {
		if (!(ci->have_timeouts & (1u << t)))
			continue;
		/* As ct set takes it: "timeout tcp-established 432000". */
		snprintf(fmt, sizeof(fmt), "timeout %-16s %%" PRIu64 "\n",
			 ct_timeout_name(t));
		pr_u64(pr, PR_ANY, ct_timeout_name(t), fmt, ci->timeouts[t]);
	}
	pr_close_object(pr);
	pr_close_object(pr);
	pr_end(pr);
}

/* Flows. */

static int flow_attr_cb(const struct nlattr *attr, void *data)
{
	const struct nlattr **tb = data;
	unsigned int type = mnl_attr_get_type(attr);

	if (type <= BRFW_FLOW_MAX)
		tb[type] = attr;
	return MNL_CB_OK;
}

static const char *flow_attr_name(unsigned int type)
{
	static const char *const names[] = {
		[BRFW_FLOW_ZONE] = "zone", [BRFW_FLOW_FAMILY] = "family",
		[BRFW_FLOW_PROTO] = "proto", [BRFW_FLOW_SRC] = "src",
		[BRFW_FLOW_DST] = "dst", [BRFW_FLOW_SPORT] = "sport",
		[BRFW_FLOW_DPORT] = "dport", [BRFW_FLOW_ICMP_ID] = "id",
		[BRFW_FLOW_STATE] = "state", [BRFW_FLOW_TIMEOUT] = "timeout",
		[BRFW_FLOW_RULE_ID] = "rule",
		[BRFW_FLOW_PORT_ORIG] = "port-orig",
		[BRFW_FLOW_PORT_REPLY] = "port-reply",
		[BRFW_FLOW_PACKETS_ORIG] = "packets-orig",
		[BRFW_FLOW_BYTES_ORIG] = "bytes-orig",
		[BRFW_FLOW_PACKETS_REPLY] = "packets-reply",
		[BRFW_FLOW_BYTES_REPLY] = "bytes-reply",
	};

	return type < sizeof(names) / sizeof(names[0]) && names[type] ?
	       names[type] : "?";
}

int flow_parse(const struct nlmsghdr *nlh, struct flow *f, char *err,
	       size_t errlen)
{
	static const struct {
		unsigned int type;
		enum mnl_attr_data_type t;
	} types[] = {
		{ BRFW_FLOW_ZONE, MNL_TYPE_U32 }, { BRFW_FLOW_FAMILY, MNL_TYPE_U8 },
		{ BRFW_FLOW_PROTO, MNL_TYPE_U8 }, { BRFW_FLOW_SPORT, MNL_TYPE_U16 },
		{ BRFW_FLOW_DPORT, MNL_TYPE_U16 },
		{ BRFW_FLOW_ICMP_ID, MNL_TYPE_U16 },
		{ BRFW_FLOW_STATE, MNL_TYPE_U8 },
		{ BRFW_FLOW_TIMEOUT, MNL_TYPE_U32 },
		{ BRFW_FLOW_RULE_ID, MNL_TYPE_U32 },
		{ BRFW_FLOW_PORT_ORIG, MNL_TYPE_U32 },
		{ BRFW_FLOW_PORT_REPLY, MNL_TYPE_U32 },
		{ BRFW_FLOW_PACKETS_ORIG, MNL_TYPE_U64 },
		{ BRFW_FLOW_BYTES_ORIG, MNL_TYPE_U64 },
		{ BRFW_FLOW_PACKETS_REPLY, MNL_TYPE_U64 },
		{ BRFW_FLOW_BYTES_REPLY, MNL_TYPE_U64 },
	};
	const struct nlattr *top[BRFW_A_MAX + 1] = { NULL };
	const struct nlattr *tb[BRFW_FLOW_MAX + 1] = { NULL };
	unsigned int alen;
	size_t i;

	memset(f, 0, sizeof(*f));
	if (mnl_nlmsg_get_payload_len(nlh) < GENL_HDRLEN ||
	    mnl_attr_parse(nlh, GENL_HDRLEN, top_attr_cb, top) < 0) {
		snprintf(err, errlen, "bad attributes");
		return -1;
	}
	if (!top[BRFW_A_FLOW]) {
		snprintf(err, errlen, "missing flow");
		return -1;
	}
	if (mnl_attr_validate(top[BRFW_A_FLOW], MNL_TYPE_NESTED) < 0 ||
	    mnl_attr_parse_nested(top[BRFW_A_FLOW], flow_attr_cb, tb) < 0) {
		snprintf(err, errlen, "bad attribute flow");
		return -1;
	}
	for (i = 0; i < sizeof(types) / sizeof(types[0]); i++) {
		if (tb[types[i].type] &&
		    mnl_attr_validate(tb[types[i].type], types[i].t) < 0) {
			snprintf(err, errlen, "bad flow attribute %s",
				 flow_attr_name(types[i].type));
			return -1;
		}
	}
	if (!tb[BRFW_FLOW_PROTO] || !tb[BRFW_FLOW_SRC] || !tb[BRFW_FLOW_DST]) {
		snprintf(err, errlen, "flow without %s",
			 !tb[BRFW_FLOW_PROTO] ? "proto" :
			 !tb[BRFW_FLOW_SRC] ? "src" : "dst");
		return -1;
	}
	f->proto = mnl_attr_get_u8(tb[BRFW_FLOW_PROTO]);
	alen = mnl_attr_get_payload_len(tb[BRFW_FLOW_SRC]);
	if ((alen != 4 && alen != 16) ||
	    mnl_attr_get_payload_len(tb[BRFW_FLOW_DST]) != alen) {
		snprintf(err, errlen, "bad flow attribute %s",
			 alen != 4 && alen != 16 ? "src" : "dst");
		return -1;
	}
	f->family = alen == 16 ? 6 : 4;
	memcpy(f->src, mnl_attr_get_payload(tb[BRFW_FLOW_SRC]), alen);
	memcpy(f->dst, mnl_attr_get_payload(tb[BRFW_FLOW_DST]), alen);
	if (tb[BRFW_FLOW_ZONE])
		f->zone = mnl_attr_get_u32(tb[BRFW_FLOW_ZONE]);
	if (tb[BRFW_FLOW_SPORT] || tb[BRFW_FLOW_DPORT]) {
		f->has_ports = true;
		if (tb[BRFW_FLOW_SPORT])
			f->sport = mnl_attr_get_u16(tb[BRFW_FLOW_SPORT]);
		if (tb[BRFW_FLOW_DPORT])
			f->dport = mnl_attr_get_u16(tb[BRFW_FLOW_DPORT]);
	}
	if (tb[BRFW_FLOW_ICMP_ID]) {
		f->has_id = true;
		f->icmp_id = mnl_attr_get_u16(tb[BRFW_FLOW_ICMP_ID]);
	}
	if (tb[BRFW_FLOW_STATE])
		f->state = mnl_attr_get_u8(tb[BRFW_FLOW_STATE]);
	if (tb[BRFW_FLOW_TIMEOUT])
		f->timeout = mnl_attr_get_u32(tb[BRFW_FLOW_TIMEOUT]);
	if (tb[BRFW_FLOW_RULE_ID])
		f->rule_id = mnl_attr_get_u32(tb[BRFW_FLOW_RULE_ID]);
	if (tb[BRFW_FLOW_PORT_ORIG])
		f->port[0] = mnl_attr_get_u32(tb[BRFW_FLOW_PORT_ORIG]);
	if (tb[BRFW_FLOW_PORT_REPLY])
		f->port[1] = mnl_attr_get_u32(tb[BRFW_FLOW_PORT_REPLY]);
	if (tb[BRFW_FLOW_PACKETS_ORIG])
		f->packets[0] = mnl_attr_get_u64(tb[BRFW_FLOW_PACKETS_ORIG]);
	if (tb[BRFW_FLOW_BYTES_ORIG])
		f->bytes[0] = mnl_attr_get_u64(tb[BRFW_FLOW_BYTES_ORIG]);
	if (tb[BRFW_FLOW_PACKETS_REPLY])
		f->packets[1] = mnl_attr_get_u64(tb[BRFW_FLOW_PACKETS_REPLY]);
	if (tb[BRFW_FLOW_BYTES_REPLY])
		f->bytes[1] = mnl_attr_get_u64(tb[BRFW_FLOW_BYTES_REPLY]);
	return 0;
}

void flow_view_init(struct flow_view *v, const struct flow *f,
		    uint32_t ifindex)
{
	memset(v, 0, sizeof(*v));
	v->f = *f;
	if (ifindex && (f->port[0] == ifindex || f->port[1] == ifindex))
		v->out = f->port[0] == ifindex;
	else
		v->out = f->port[0] != 0 || f->port[1] == 0;
	v->ifindex = v->out ? f->port[0] : f->port[1];
}

static int flow_cmp(const void *x, const void *y)
{
	const struct flow_view *a = x, *b = y;
	int r = strverscmp(a->dev, b->dev);

	if (r)
		return r;
	if (a->ifindex != b->ifindex)
		return a->ifindex < b->ifindex ? -1 : 1;
	return a->seq < b->seq ? -1 : a->seq > b->seq;
}

void flow_sort(struct flow_view *v, size_t n)
{
	if (n > 1)
		qsort(v, n, sizeof(*v), flow_cmp);
}

static const char *addr_str(char *buf, size_t len, const struct flow *f,
			    const uint8_t *a)
{
	if (!inet_ntop(f->family == 6 ? AF_INET6 : AF_INET, a, buf,
		       (socklen_t)len))
		snprintf(buf, len, "?");
	return buf;
}

static bool flow_icmp(const struct flow *f)
{
	return f->has_id && (f->proto == IPPROTO_NUM_ICMP ||
			     f->proto == IPPROTO_NUM_ICMPV6);
}

const char *flow_tuple_str(char *buf, size_t len, const struct flow *f)
{
	char s[INET6_ADDRSTRLEN], d[INET6_ADDRSTRLEN];
	bool v6 = f->family == 6;

	addr_str(s, sizeof(s), f, f->src);
	addr_str(d, sizeof(d), f, f->dst);
	if (flow_icmp(f))
		snprintf(buf, len, "%s -> %s id %u", s, d, f->icmp_id);
	else if (f->has_ports)
		snprintf(buf, len, "%s%s%s:%u -> %s%s%s:%u", v6 ? "[" : "", s,
			 v6 ? "]" : "", f->sport, v6 ? "[" : "", d,
			 v6 ? "]" : "", f->dport);
	else
		snprintf(buf, len, "%s -> %s", s, d);
	return buf;
}

static const char *flow_proto_str(char *buf, const struct flow *f)
{
	struct rule r;

	memset(&r, 0, sizeof(r));
	r.proto = f->proto;
	return rule_value(buf, &r, RM_PROTO);
}

static const char *flow_state_str(char *buf, size_t len, uint8_t state)
{
	const char *s = flow_state_name(state);

	if (s)
		return s;
	snprintf(buf, len, "state-%u", state);
	return buf;
}

#define FLOW_TUPLE_SIZE 128

void flow_print(struct pr *pr, const struct flow_view *v, size_t n)
{
	int wport = 4, wdir = 3, wproto = 5, wflow = 4, wstate = 5, wto = 7,
	    wc[4] = { 8, 9, 7, 8 };
	static const char *const heads[4] = {
		"OUT-PKTS", "OUT-BYTES", "IN-PKTS", "IN-BYTES",
	};
	char tuple[FLOW_TUPLE_SIZE], a[INET6_ADDRSTRLEN], buf[RULE_VALUE_SIZE];
	size_t i;
	int c;

	for (i = 0; i < n; i++) {
		const struct flow *f = &v[i].f;
		int o = v[i].out ? 0 : 1;	/* index of "out" */
		uint64_t cnt[4] = {
			f->packets[o], f->bytes[o], f->packets[!o], f->bytes[!o],
		};

		wport = pr_max(wport, (int)pr_text_width(v[i].dev));
		wproto = pr_max(wproto, (int)strlen(flow_proto_str(buf, f)));
		wflow = pr_max(wflow, (int)strlen(flow_tuple_str(tuple,
							       sizeof(tuple), f)));
		wstate = pr_max(wstate, (int)strlen(flow_state_str(buf, sizeof(buf),
								f->state)));
		wto = pr_max(wto, pr_u64_width(f->timeout));
		for (c = 0; c < 4; c++)
			wc[c] = pr_max(wc[c], pr_u64_width(cnt[c]));
	}
	pr_open_array(pr, NULL);
	pr_col_str(pr, PR_TEXT, NULL, -wport, "PORT");
	pr_col_str(pr, PR_TEXT, NULL, -wdir, "DIR");
	pr_col_str(pr, PR_TEXT, NULL, -wproto, "PROTO");
	pr_col_str(pr, PR_TEXT, NULL, -wflow, "FLOW");
	pr_col_str(pr, PR_TEXT, NULL, -wstate, "STATE");
	pr_col_str(pr, PR_TEXT, NULL, wto, "TIMEOUT");
	for (c = 0; c < 4; c++)
		pr_col_str(pr, PR_TEXT, NULL, wc[c], heads[c]);
	pr_col_str(pr, PR_TEXT, NULL, 0, "RULE");	/* last: no padding */
	pr_text(pr, "\n");
	for (i = 0; i < n; i++) {
		const struct flow *f = &v[i].f;
		int o = v[i].out ? 0 : 1;

		pr_open_object(pr, NULL);
		pr_col_str(pr, PR_ANY, "port", -wport,
			   v[i].ifindex ? v[i].dev : NULL);
		pr_col_str(pr, PR_ANY, "dir", -wdir, v[i].out ? "out" : "in");
		pr_u64(pr, PR_JSON, "zone", NULL, f->zone);
		pr_col_str(pr, PR_ANY, "proto", -wproto, flow_proto_str(buf, f));
		pr_col_str(pr, PR_TEXT, NULL, -wflow,
			   flow_tuple_str(tuple, sizeof(tuple), f));
		pr_str(pr, PR_JSON, "src", NULL, addr_str(a, sizeof(a), f, f->src));
		pr_str(pr, PR_JSON, "dst", NULL, addr_str(a, sizeof(a), f, f->dst));
		if (flow_icmp(f)) {
			pr_u64(pr, PR_JSON, "id", NULL, f->icmp_id);
		} else if (f->has_ports) {
			pr_u64(pr, PR_JSON, "sport", NULL, f->sport);
			pr_u64(pr, PR_JSON, "dport", NULL, f->dport);
		}
		pr_col_str(pr, PR_ANY, "state", -wstate,
			   flow_state_str(buf, sizeof(buf), f->state));
		pr_col_u64(pr, PR_ANY, "timeout", wto, f->timeout);
		pr_open_object(pr, "out");
		pr_col_u64(pr, PR_ANY, "packets", wc[0], f->packets[o]);
		pr_col_u64(pr, PR_ANY, "bytes", wc[1], f->bytes[o]);
		pr_close_object(pr);
		pr_open_object(pr, "in");
		pr_col_u64(pr, PR_ANY, "packets", wc[2], f->packets[!o]);
		pr_col_u64(pr, PR_ANY, "bytes", wc[3], f->bytes[!o]);
		pr_close_object(pr);
		if (f->rule_id)
			pr_col_u64(pr, PR_TEXT, NULL, 0, f->rule_id);
		else
			pr_col_str(pr, PR_TEXT, NULL, 0, "policy");
		pr_u64(pr, PR_JSON, "rule", NULL, f->rule_id);
		pr_text(pr, "\n");
		pr_close_object(pr);
	}
	pr_close_array(pr);
	pr_end(pr);
}

/* Requests. */

void ct_set_attrs(struct nlmsghdr *nlh, const struct request *req)
{
	struct nlattr *ct = nl_nest_start(nlh, BRFW_A_CT), *to;
	unsigned int t;

	if (req->set_ct_max)
		mnl_attr_put_u32(nlh, BRFW_CT_MAX, req->ct_max);
	if (req->ct_timeouts_set) {
		to = nl_nest_start(nlh, BRFW_CT_TIMEOUTS);
		for (t = 1; t <= BRFW_CT_TO_MAX; t++)
			if (req->ct_timeouts_set & (1u << t))
				mnl_attr_put_u32(nlh, (uint16_t)t,
						 req->ct_timeouts[t]);
		mnl_attr_nest_end(nlh, to);
	}
	mnl_attr_nest_end(nlh, ct);
}

void flow_key_put(struct nlmsghdr *nlh, const struct flow_key *k)
{
	struct nlattr *nest = nl_nest_start(nlh, BRFW_A_FLOW);
	size_t alen = k->family == 6 ? 16 : 4;

	mnl_attr_put_u8(nlh, BRFW_FLOW_FAMILY, k->family);
	mnl_attr_put_u8(nlh, BRFW_FLOW_PROTO, k->proto);
	mnl_attr_put(nlh, BRFW_FLOW_SRC, alen, k->src);
	mnl_attr_put(nlh, BRFW_FLOW_DST, alen, k->dst);
	if (k->present & FK_SPORT)
		mnl_attr_put_u16(nlh, BRFW_FLOW_SPORT, k->sport);
	if (k->present & FK_DPORT)
		mnl_attr_put_u16(nlh, BRFW_FLOW_DPORT, k->dport);
	if (k->present & FK_ID)
		mnl_attr_put_u16(nlh, BRFW_FLOW_ICMP_ID, k->icmp_id);
	mnl_attr_nest_end(nlh, nest);
}
