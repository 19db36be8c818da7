// SPDX-License-Identifier: GPL-2.0
/* Rules on the wire: the BRFW_A_RULE nest, both ways. */
#include <string.h>

#include <libmnl/libmnl.h>
#include <linux/genetlink.h>
#include <linux/brfw.h>

#include "nl.h"
#include "rule.h"

static void put_addr(struct nlmsghdr *nlh, uint16_t type,
		     const struct rule_addr *a)
{
	struct nlattr *nest = nl_nest_start(nlh, type);

	if (a->set[0]) {
		mnl_attr_put_strz(nlh, BRFW_ADDR_SET, a->set);
	} else {
		mnl_attr_put(nlh, BRFW_ADDR_ADDR, a->family == 6 ? 16 : 4,
			     a->p.addr);
		mnl_attr_put_u8(nlh, BRFW_ADDR_LEN, a->p.len);
	}
	mnl_attr_nest_end(nlh, nest);
}

static void put_ports(struct nlmsghdr *nlh, uint16_t type,
		      const struct port_range *v, unsigned int n)
{
	struct nlattr *nest = nl_nest_start(nlh, type), *e;
	unsigned int i;

	for (i = 0; i < n; i++) {
		e = nl_nest_start(nlh, BRFW_LIST_RANGE);
		mnl_attr_put_u16(nlh, BRFW_RANGE_LO, v[i].lo);
		if (v[i].hi != v[i].lo)
			mnl_attr_put_u16(nlh, BRFW_RANGE_HI, v[i].hi);
		mnl_attr_nest_end(nlh, e);
	}
	mnl_attr_nest_end(nlh, nest);
}

void rule_put(struct nlmsghdr *nlh, const struct rule *r)
{
	struct nlattr *nest = nl_nest_start(nlh, BRFW_A_RULE);
	uint32_t p = r->present;

	if (r->id)
		mnl_attr_put_u32(nlh, BRFW_RULE_ID, r->id);
	mnl_attr_put_u8(nlh, BRFW_RULE_DIRS, r->dirs);
	mnl_attr_put_u8(nlh, BRFW_RULE_ACTION, r->action);
	if (r->log)
		mnl_attr_put(nlh, BRFW_RULE_LOG, 0, NULL);
	if (p & RM_ETHERTYPE)
		mnl_attr_put_u16(nlh, BRFW_RULE_ETHERTYPE, r->ethertype);
	if (p & RM_SRC_MAC)
		mnl_attr_put(nlh, BRFW_RULE_SRC_MAC, 6, r->src_mac);
	if (p & RM_DST_MAC)
		mnl_attr_put(nlh, BRFW_RULE_DST_MAC, 6, r->dst_mac);
	if (p & RM_VLAN)
		mnl_attr_put_u16(nlh, BRFW_RULE_VLAN, r->vlan);
	if (p & RM_PROTO)
		mnl_attr_put_u8(nlh, BRFW_RULE_PROTO, r->proto);
	if (p & RM_SRC)
		put_addr(nlh, BRFW_RULE_SRC, &r->src);
	if (p & RM_DST)
		put_addr(nlh, BRFW_RULE_DST, &r->dst);
	if (p & RM_SPORT)
		put_ports(nlh, BRFW_RULE_SPORT, r->sport, r->n_sport);
	if (p & RM_DPORT)
		put_ports(nlh, BRFW_RULE_DPORT, r->dport, r->n_dport);
	if (p & RM_ICMP_TYPE)
		mnl_attr_put_u8(nlh, BRFW_RULE_ICMP_TYPE, r->icmp_type);
	if (p & RM_ICMP_CODE)
		mnl_attr_put_u8(nlh, BRFW_RULE_ICMP_CODE, r->icmp_code);
	if (p & RM_TCP_FLAGS) {
		mnl_attr_put_u8(nlh, BRFW_RULE_TCP_FLAGS, r->tcp_flags);
		mnl_attr_put_u8(nlh, BRFW_RULE_TCP_FLAGS_MASK, r->tcp_mask);
	}
	if (p & RM_CT_STATE)
		mnl_attr_put_u8(nlh, BRFW_RULE_CT_STATE, r->ct_state);
	mnl_attr_nest_end(nlh, nest);
}

const char *rule_attr_name(unsigned int type)
{
	static const char *const names[] = {
		[BRFW_RULE_UNSPEC] = "unspec",
		[BRFW_RULE_PAD] = "pad",
		[BRFW_RULE_ID] = "id",
		[BRFW_RULE_DIRS] = "dir",
		[BRFW_RULE_ACTION] = "action",
		[BRFW_RULE_LOG] = "log",
		[BRFW_RULE_ETHERTYPE] = "ether-type",
		[BRFW_RULE_SRC_MAC] = "src-mac",
		[BRFW_RULE_DST_MAC] = "dst-mac",
		[BRFW_RULE_VLAN] = "vlan",
		[BRFW_RULE_PROTO] = "proto",
		[BRFW_RULE_SRC] = "src",
		[BRFW_RULE_DST] = "dst",
		[BRFW_RULE_SPORT] = "sport",
		[BRFW_RULE_DPORT] = "dport",
		[BRFW_RULE_ICMP_TYPE] = "icmp-type",
		[BRFW_RULE_ICMP_CODE] = "icmp-type code",
		[BRFW_RULE_TCP_FLAGS] = "tcp-flags",
		[BRFW_RULE_TCP_FLAGS_MASK] = "tcp-flags mask",
		[BRFW_RULE_POS_IN] = "pos-in",
		[BRFW_RULE_POS_OUT] = "pos-out",
		[BRFW_RULE_COUNTERS] = "counters",
		[BRFW_RULE_CT_STATE] = "ct-state",
	};

	if (type >= sizeof(names) / sizeof(names[0]))
		return NULL;
	return names[type];
}

/* Decoding. */

struct rule_ctx {
	const struct nlattr *tb[BRFW_RULE_MAX + 1];
	bool unknown;
};

static int rule_attr_cb(const struct nlattr *attr, void *data)
{
	struct rule_ctx *c = data;
	unsigned int type = mnl_attr_get_type(attr);

	if (type > BRFW_RULE_MAX || type == BRFW_RULE_UNSPEC) {
		c->unknown = true;	/* from a newer module */
		return MNL_CB_OK;
	}
	c->tb[type] = attr;
	return MNL_CB_OK;
}

static int fail(char *err, size_t errlen, unsigned int type)
{
	snprintf(err, errlen, "bad rule attribute %s", rule_attr_name(type));
	return -1;
}

/* An attribute of exactly size bytes, if present. */
static bool sized(const struct nlattr *a, size_t size)
{
	return !a || mnl_attr_get_payload_len(a) == size;
}

struct addr_ctx {
	const struct nlattr *tb[BRFW_ADDR_MAX + 1];
	bool unknown;
};

static int addr_attr_cb(const struct nlattr *attr, void *data)
{
	struct addr_ctx *c = data;
	unsigned int type = mnl_attr_get_type(attr);

	if (type > BRFW_ADDR_MAX || type == BRFW_ADDR_UNSPEC)
		c->unknown = true;
	else
		c->tb[type] = attr;
	return MNL_CB_OK;
}

static int get_addr(const struct nlattr *nest, struct rule_addr *a,
		    bool *unknown)
{
	struct addr_ctx c;
	const struct nlattr *x;
	unsigned int alen, max;

	memset(&c, 0, sizeof(c));
	memset(a, 0, sizeof(*a));
	if (mnl_attr_validate(nest, MNL_TYPE_NESTED) < 0 ||
	    mnl_attr_parse_nested(nest, addr_attr_cb, &c) < 0)
		return -1;
	if (c.unknown)
		*unknown = true;
	x = c.tb[BRFW_ADDR_SET];
	if (x) {
		const char *s = mnl_attr_get_payload(x);
		size_t n = mnl_attr_get_payload_len(x);

		if (!n || n > BRFW_SET_NAMSIZ || s[n - 1] || !s[0] ||
		    strlen(s) + 1 != n)
			return -1;
		memcpy(a->set, s, n);
		return 0;
	}
	x = c.tb[BRFW_ADDR_ADDR];
	if (!x)
		return -1;
	alen = mnl_attr_get_payload_len(x);
	if (alen != 4 && alen != 16)
		return -1;
	a->family = alen == 16 ? 6 : 4;
	max = alen * 8;
	memcpy(a->p.addr, mnl_attr_get_payload(x), alen);
	a->p.len = (uint8_t)max;
	x = c.tb[BRFW_ADDR_LEN];
	if (x) {
		if (mnl_attr_validate(x, MNL_TYPE_U8) < 0 ||
		    mnl_attr_get_u8(x) > max)
			return -1;
		a->p.len = mnl_attr_get_u8(x);
	}
	return 0;
}

struct ports_ctx {
	struct port_range *v;
	uint8_t *n;
	bool unknown;
	bool bad;
};

static int range_attr_cb(const struct nlattr *attr, void *data)
{
	const struct nlattr **tb = data;
	unsigned int type = mnl_attr_get_type(attr);

	if (type == BRFW_RANGE_LO || type == BRFW_RANGE_HI)
		tb[type] = attr;
	return MNL_CB_OK;
}

static int port_entry_cb(const struct nlattr *attr, void *data)
{
	const struct nlattr *tb[BRFW_RANGE_MAX + 1] = { NULL };
	struct ports_ctx *c = data;
	struct port_range r;

	if (mnl_attr_get_type(attr) != BRFW_LIST_RANGE) {
		c->unknown = true;
		return MNL_CB_OK;
	}
	if (mnl_attr_validate(attr, MNL_TYPE_NESTED) < 0 ||
	    mnl_attr_parse_nested(attr, range_attr_cb, tb) < 0 ||
	    !tb[BRFW_RANGE_LO] ||
	    mnl_attr_validate(tb[BRFW_RANGE_LO], MNL_TYPE_U16) < 0 ||
	    (tb[BRFW_RANGE_HI] &&
	     mnl_attr_validate(tb[BRFW_RANGE_HI], MNL_TYPE_U16) < 0))
		goto bad;
	r.lo = mnl_attr_get_u16(tb[BRFW_RANGE_LO]);
	r.hi = tb[BRFW_RANGE_HI] ? mnl_attr_get_u16(tb[BRFW_RANGE_HI]) : r.lo;
	if (r.hi < r.lo || *c->n == BRFW_MAX_PORT_RANGES)
		goto bad;
	c->v[(*c->n)++] = r;
	return MNL_CB_OK;
bad:
	c->bad = true;
	return MNL_CB_ERROR;
}

static int get_ports(const struct nlattr *nest, struct port_range *v,
		     uint8_t *n, bool *unknown)
{
	struct ports_ctx c = { .v = v, .n = n };

	*n = 0;
	if (mnl_attr_validate(nest, MNL_TYPE_NESTED) < 0 ||
	    mnl_attr_parse_nested(nest, port_entry_cb, &c) < 0 || c.bad)
		return -1;
	if (c.unknown)
		*unknown = true;
	return *n ? 0 : -1;
}

static int counter_cb(const struct nlattr *attr, void *data)
{
	struct rule *r = data;

	switch (mnl_attr_get_type(attr)) {
	case BRFW_COUNTER_PACKETS:
		if (mnl_attr_validate(attr, MNL_TYPE_U64) < 0)
			return MNL_CB_ERROR;
		r->packets = mnl_attr_get_u64(attr);
		break;
	case BRFW_COUNTER_BYTES:
		if (mnl_attr_validate(attr, MNL_TYPE_U64) < 0)
			return MNL_CB_ERROR;
		r->bytes = mnl_attr_get_u64(attr);
		break;
	}
	return MNL_CB_OK;
}

int rule_decode(const struct nlattr *nest, struct rule *r, char *err,
		size_t errlen)
{
	static const struct {
		unsigned int type;
		size_t size;
	} sizes[] = {
		{ BRFW_RULE_ID, 4 }, { BRFW_RULE_DIRS, 1 },
		{ BRFW_RULE_ACTION, 1 }, { BRFW_RULE_LOG, 0 },
		{ BRFW_RULE_ETHERTYPE, 2 }, { BRFW_RULE_SRC_MAC, 6 },
		{ BRFW_RULE_DST_MAC, 6 }, { BRFW_RULE_VLAN, 2 },
		{ BRFW_RULE_PROTO, 1 }, { BRFW_RULE_ICMP_TYPE, 1 },
		{ BRFW_RULE_ICMP_CODE, 1 }, { BRFW_RULE_TCP_FLAGS, 1 },
		{ BRFW_RULE_TCP_FLAGS_MASK, 1 }, { BRFW_RULE_POS_IN, 4 },
		{ BRFW_RULE_POS_OUT, 4 }, { BRFW_RULE_CT_STATE, 1 },
	};
	struct rule_ctx c;
	const struct nlattr *const *tb = c.tb;
	size_t i;

	memset(&c, 0, sizeof(c));
	memset(r, 0, sizeof(*r));
	if (mnl_attr_validate(nest, MNL_TYPE_NESTED) < 0 ||
	    mnl_attr_parse_nested(nest, rule_attr_cb, &c) < 0) {
		snprintf(err, errlen, "bad attribute rule");
		return -1;
	}
	r->unknown = c.unknown;
	for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++)
		if (!sized(tb[sizes[i].type], sizes[i].size))
			return fail(err, errlen, sizes[i].type);
	if (!tb[BRFW_RULE_DIRS] || !tb[BRFW_RULE_ACTION]) {
		snprintf(err, errlen, "rule without %s",
			 tb[BRFW_RULE_DIRS] ? "action" : "dir");
		return -1;
	}
	if (tb[BRFW_RULE_ID])
		r->id = mnl_attr_get_u32(tb[BRFW_RULE_ID]);
	r->dirs = mnl_attr_get_u8(tb[BRFW_RULE_DIRS]);
	r->action = mnl_attr_get_u8(tb[BRFW_RULE_ACTION]);
	r->log = tb[BRFW_RULE_LOG] != NULL;
	if (tb[BRFW_RULE_ETHERTYPE]) {
		r->present |= RM_ETHERTYPE;
		r->ethertype = mnl_attr_get_u16(tb[BRFW_RULE_ETHERTYPE]);
	}
	if (tb[BRFW_RULE_SRC_MAC]) {
		r->present |= RM_SRC_MAC;
		memcpy(r->src_mac, mnl_attr_get_payload(tb[BRFW_RULE_SRC_MAC]), 6);
	}
	if (tb[BRFW_RULE_DST_MAC]) {
		r->present |= RM_DST_MAC;
		memcpy(r->dst_mac, mnl_attr_get_payload(tb[BRFW_RULE_DST_MAC]), 6);
	}
	if (tb[BRFW_RULE_VLAN]) {
		r->present |= RM_VLAN;
		r->vlan = mnl_attr_get_u16(tb[BRFW_RULE_VLAN]);
	}
	if (tb[BRFW_RULE_PROTO]) {
		r->present |= RM_PROTO;
		r->proto = mnl_attr_get_u8(tb[BRFW_RULE_PROTO]);
	}
	if (tb[BRFW_RULE_SRC]) {
		r->present |= RM_SRC;
		if (get_addr(tb[BRFW_RULE_SRC], &r->src, &r->unknown))
			return fail(err, errlen, BRFW_RULE_SRC);
	}
	if (tb[BRFW_RULE_DST]) {
		r->present |= RM_DST;
		if (get_addr(tb[BRFW_RULE_DST], &r->dst, &r->unknown))
			return fail(err, errlen, BRFW_RULE_DST);
	}
	if (tb[BRFW_RULE_SPORT]) {
		r->present |= RM_SPORT;
		if (get_ports(tb[BRFW_RULE_SPORT], r->sport, &r->n_sport,
			      &r->unknown))
			return fail(err, errlen, BRFW_RULE_SPORT);
	}
	if (tb[BRFW_RULE_DPORT]) {
		r->present |= RM_DPORT;
		if (get_ports(tb[BRFW_RULE_DPORT], r->dport, &r->n_dport,
			      &r->unknown))
			return fail(err, errlen, BRFW_RULE_DPORT);
	}
	if (tb[BRFW_RULE_ICMP_TYPE]) {
		r->present |= RM_ICMP_TYPE;
		r->icmp_type = mnl_attr_get_u8(tb[BRFW_RULE_ICMP_TYPE]);
		if (tb[BRFW_RULE_ICMP_CODE]) {
			r->present |= RM_ICMP_CODE;
			r->icmp_code = mnl_attr_get_u8(tb[BRFW_RULE_ICMP_CODE]);
		}
	} else if (tb[BRFW_RULE_ICMP_CODE]) {
		return fail(err, errlen, BRFW_RULE_ICMP_CODE);
	}
	if (tb[BRFW_RULE_TCP_FLAGS] || tb[BRFW_RULE_TCP_FLAGS_MASK]) {
		r->present |= RM_TCP_FLAGS;
		if (tb[BRFW_RULE_TCP_FLAGS])
			r->tcp_flags = mnl_attr_get_u8(tb[BRFW_RULE_TCP_FLAGS]);
		/* No mask: the flags are the mask (the command line's rule). */
		r->tcp_mask = tb[BRFW_RULE_TCP_FLAGS_MASK] ?
			      mnl_attr_get_u8(tb[BRFW_RULE_TCP_FLAGS_MASK]) :
			      r->tcp_flags;
	}
	if (tb[BRFW_RULE_CT_STATE]) {
		r->present |= RM_CT_STATE;
		r->ct_state = mnl_attr_get_u8(tb[BRFW_RULE_CT_STATE]);
		/* States of a newer module: save cannot write them. */
		if (!r->ct_state || (r->ct_state & ~BRFW_CT_F_ALL))
			r->unknown = true;
	}
	if (tb[BRFW_RULE_COUNTERS] &&
	    (mnl_attr_validate(tb[BRFW_RULE_COUNTERS], MNL_TYPE_NESTED) < 0 ||
	     mnl_attr_parse_nested(tb[BRFW_RULE_COUNTERS], counter_cb, r) < 0))
		return fail(err, errlen, BRFW_RULE_COUNTERS);
	return 0;
}

struct reply_ctx {
	const struct nlattr *tb[BRFW_A_MAX + 1];
};

static int reply_attr_cb(const struct nlattr *attr, void *data)
{
	struct reply_ctx *c = data;
	unsigned int type = mnl_attr_get_type(attr);

	if (type <= BRFW_A_MAX)
		c->tb[type] = attr;
	return MNL_CB_OK;
}

int rule_reply_parse(const struct nlmsghdr *nlh, struct rule_entry *e,
		     char *err, size_t errlen)
{
	struct reply_ctx c;
	const struct nlattr *a;
	const char *s;
	size_t n;

	memset(&c, 0, sizeof(c));
	memset(e, 0, sizeof(*e));
	if (mnl_nlmsg_get_payload_len(nlh) < GENL_HDRLEN ||
	    mnl_attr_parse(nlh, GENL_HDRLEN, reply_attr_cb, &c) < 0) {
		snprintf(err, errlen, "bad attributes");
		return -1;
	}
	a = c.tb[BRFW_A_IFINDEX];
	if (!a || mnl_attr_validate(a, MNL_TYPE_U32) < 0) {
		snprintf(err, errlen, "%s ifindex", a ? "bad attribute" : "missing");
		return -1;
	}
	e->ifindex = mnl_attr_get_u32(a);
	a = c.tb[BRFW_A_IFNAME];
	if (!a || mnl_attr_validate(a, MNL_TYPE_NUL_STRING) < 0) {
		snprintf(err, errlen, "%s ifname", a ? "bad attribute" : "missing");
		return -1;
	}
	s = mnl_attr_get_str(a);
	n = strnlen(s, IFNAMSIZ - 1);
	memcpy(e->dev, s, n);
	e->dev[n] = '\0';
	a = c.tb[BRFW_A_RULE];
	if (!a) {
		snprintf(err, errlen, "missing rule");
		return -1;
	}
	return rule_decode(a, &e->r, err, errlen);
}
