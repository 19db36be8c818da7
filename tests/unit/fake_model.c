// SPDX-License-Identifier: GPL-2.0
/*
 * The fake kernel's configuration, in memory: ports (policies and
 * identity), their rules, address sets and a transaction, answering the
 * way the module does (uapi/linux/brfw.h): errors with extended ACKs that
 * point at the attribute at fault, dumps split over datagrams, a set's
 * members split over messages (FAKE_ELEMS_PER_MSG each).
 *
 * Rule counters are made up: a rule counts id packets and 100 * id bytes
 * until counters reset zeroes them.
 *
 * Conntrack (protocol 4): the flow table's settings (CT_GET / CT_SET,
 * validated like the module: timeouts 1..BRFW_CT_TIMEOUT_LIMIT, max at
 * least 1, in scenario "netns" not raised), and five seeded flows on br0
 * (see flows[]) that FLOW_GET dumps and FLOW_DEL removes.
 *
 * BRFW_FAKE_STATE: a file of the requests that changed the configuration,
 * replayed when the next brfwctl starts (after a commit: the transaction
 * alone), so that save / restore / show can be tested across runs.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libmnl/libmnl.h>
#include <linux/genetlink.h>
#include <linux/brfw.h>

#include "fake.h"

#define FAKE_ELEMS_PER_MSG 100
#define BR0 3

bool fake_replaying;

static const struct {
	unsigned int ifindex;
	const char *name;
} devs[] = {
	{ 1, "lo" }, { BR0, "br0" }, { 5, "vnet0" }, { 6, "vnet1" },
	{ 7, "vnet2" }, { 8, "vnet3" }, { 11, "vnet10" }, { 12, "tap-a" },
};

unsigned int fake_dev_index(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(devs) / sizeof(devs[0]); i++)
		if (!strcmp(devs[i].name, name))
			return devs[i].ifindex;
	return 0;
}

const char *fake_dev_name(uint32_t ifindex)
{
	size_t i;

	for (i = 0; i < sizeof(devs) / sizeof(devs[0]); i++)
		if (devs[i].ifindex == ifindex)
			return devs[i].name;
	return NULL;
}

struct frule {
	uint32_t id;
	uint8_t dirs;
	void *attrs;		/* the rule nest's attributes but the id */
	size_t len;
	char sets[2][BRFW_SET_NAMSIZ];
	bool zero;		/* counters reset */
};

enum { L_IP4, L_IP6, L_VLANS, L_NUM };

struct fport {
	uint32_t ifindex;
	uint8_t policy[2];
	uint8_t mac[6];
	void *list[L_NUM];	/* payloads of BRFW_A_IP4, _IP6, _VLANS */
	size_t list_len[L_NUM];
	uint32_t flags;
	uint8_t isolation;
	char community[BRFW_COMMUNITY_NAMSIZ];
	uint32_t ct_limit;
	struct frule *rules;
	size_t n, cap;
};

struct felem {
	uint8_t family, len;
	uint8_t addr[16];
};

struct fset {
	char name[BRFW_SET_NAMSIZ];
	struct felem *e;
	size_t n, cap;
	bool dirty;		/* unsorted or with duplicates */
};

struct fconf {
	struct fport *ports;
	size_t nports, cap_ports;
	struct fset *sets;
	size_t nsets, cap_sets;
};

static struct fconf live, stage;
static bool txn_open;
/* The transaction's requests, for BRFW_FAKE_STATE. */
static char *txn_log;
static size_t txn_log_len, txn_log_cap;

static void *xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (!p)
		abort();
	return p;
}

static void *xmemdup(const void *p, size_t n)
{
	void *q = xrealloc(NULL, n);

	memcpy(q, p, n);
	return q;
}

static void port_free(struct fport *p)
{
	size_t i;

	for (i = 0; i < p->n; i++)
		free(p->rules[i].attrs);
	free(p->rules);
	for (i = 0; i < L_NUM; i++)
		free(p->list[i]);
}

static void conf_free(struct fconf *c)
{
	size_t i;

	for (i = 0; i < c->nports; i++)
		port_free(&c->ports[i]);
	for (i = 0; i < c->nsets; i++)
		free(c->sets[i].e);
	free(c->ports);
	free(c->sets);
	memset(c, 0, sizeof(*c));
}

static struct fport *port_find(struct fconf *c, uint32_t ifindex)
{
	size_t i;

	for (i = 0; i < c->nports; i++)
		if (c->ports[i].ifindex == ifindex)
			return &c->ports[i];
	return NULL;
}

/* Ports in ifindex order. */
static struct fport *port_get(struct fconf *c, uint32_t ifindex)
{
	struct fport *p = port_find(c, ifindex);
	size_t i;

	if (p)
		return p;
	if (c->nports == c->cap_ports) {
		c->cap_ports = c->cap_ports ? 2 * c->cap_ports : 8;
		c->ports = xrealloc(c->ports, c->cap_ports * sizeof(*c->ports));
	}
	for (i = c->nports; i > 0 && c->ports[i - 1].ifindex > ifindex; i--)
		c->ports[i] = c->ports[i - 1];
	p = &c->ports[i];
	memset(p, 0, sizeof(*p));
	p->ifindex = ifindex;
	c->nports++;
	return p;
}

static struct fset *set_find(struct fconf *c, const char *name)
{
	size_t i;

	for (i = 0; i < c->nsets; i++)
		if (!strcmp(c->sets[i].name, name))
			return &c->sets[i];
	return NULL;
}

static int elem_cmp(const void *x, const void *y)
{
	const struct felem *a = x, *b = y;
	int r;

	if (a->family != b->family)
		return a->family < b->family ? -1 : 1;
	r = memcmp(a->addr, b->addr, 16);
	if (r)
		return r;
	return a->len - b->len;
}

static void set_tidy(struct fset *s)
{
	size_t i, k = 0;

	if (!s->dirty)
		return;
	qsort(s->e, s->n, sizeof(*s->e), elem_cmp);
	for (i = 0; i < s->n; i++)
		if (!k || elem_cmp(&s->e[k - 1], &s->e[i]))
			s->e[k++] = s->e[i];
	s->n = k;
	s->dirty = false;
}

static uint32_t set_refs(const struct fconf *c, const char *name)
{
	uint32_t refs = 0;
	size_t i, j;

	for (i = 0; i < c->nports; i++)
		for (j = 0; j < c->ports[i].n; j++) {
			const struct frule *r = &c->ports[i].rules[j];

			if (!strcmp(r->sets[0], name) || !strcmp(r->sets[1], name))
				refs++;
		}
	return refs;
}

/* Requests. */

struct req_attrs {
	const struct nlmsghdr *req;
	const struct nlattr *tb[BRFW_A_MAX + 1];
};

static int top_cb(const struct nlattr *a, void *data)
{
	struct req_attrs *r = data;
	unsigned int t = mnl_attr_get_type(a);

	if (t <= BRFW_A_MAX)
		r->tb[t] = a;
	return MNL_CB_OK;
}

static int offs(const struct req_attrs *r, const struct nlattr *a)
{
	return a ? (int)((const char *)a - (const char *)r->req) : -1;
}

static int fail(const struct req_attrs *r, int err, const char *msg,
		const struct nlattr *at)
{
	ack(r->req, -err, msg, offs(r, at), -1);
	return err;
}

/* The port a request names: a fake device that is a bridge port. */
static int need_port_dev(const struct req_attrs *r, uint32_t *ifindex)
{
	const struct nlattr *a = r->tb[BRFW_A_IFINDEX];

	if (!a) {
		ack(r->req, -EINVAL, "missing attribute: ifindex", -1,
		    BRFW_A_IFINDEX);
		return EINVAL;
	}
	*ifindex = mnl_attr_get_u32(a);
	if (!fake_dev_name(*ifindex))
		return fail(r, ENODEV, "ifindex: no such device", a);
	if (*ifindex == BR0)
		return fail(r, EINVAL, "ifindex: not a bridge port", a);
	return 0;
}

/* The configuration a request applies to; NULL after an error. */
static struct fconf *conf_of(const struct req_attrs *r, int *err)
{
	if (!r->tb[BRFW_A_TXN])
		return &live;
	if (!txn_open) {
		*err = fail(r, EINVAL, "no transaction open on this socket",
			    r->tb[BRFW_A_TXN]);
		return NULL;
	}
	return &stage;
}

static void set_list(struct fport *p, int l, const struct nlattr *a)
{
	free(p->list[l]);
	p->list_len[l] = mnl_attr_get_payload_len(a);
	p->list[l] = xmemdup(mnl_attr_get_payload(a), p->list_len[l]);
}

static int port_set(const struct req_attrs *r)
{
	const struct nlattr *const *tb = r->tb;
	struct fconf *c;
	struct fport *p;
	uint32_t ifindex;
	int err = 0;

	if ((err = need_port_dev(r, &ifindex)))
		return err;
	c = conf_of(r, &err);
	if (!c)
		return err;
	p = port_get(c, ifindex);
	if (tb[BRFW_A_POLICY_IN])
		p->policy[BRFW_DIR_IN] = mnl_attr_get_u8(tb[BRFW_A_POLICY_IN]);
	if (tb[BRFW_A_POLICY_OUT])
		p->policy[BRFW_DIR_OUT] = mnl_attr_get_u8(tb[BRFW_A_POLICY_OUT]);
	if (tb[BRFW_A_MAC])
		memcpy(p->mac, mnl_attr_get_payload(tb[BRFW_A_MAC]), 6);
	if (tb[BRFW_A_IP4])
		set_list(p, L_IP4, tb[BRFW_A_IP4]);
	if (tb[BRFW_A_IP6])
		set_list(p, L_IP6, tb[BRFW_A_IP6]);
	if (tb[BRFW_A_VLANS])
		set_list(p, L_VLANS, tb[BRFW_A_VLANS]);
	if (tb[BRFW_A_PORT_FLAGS_MASK]) {
		uint32_t m = mnl_attr_get_u32(tb[BRFW_A_PORT_FLAGS_MASK]);

		p->flags = (p->flags & ~m) |
			   (mnl_attr_get_u32(tb[BRFW_A_PORT_FLAGS]) & m);
	}
	if (tb[BRFW_A_ISOLATION])
		p->isolation = mnl_attr_get_u8(tb[BRFW_A_ISOLATION]);
	if (tb[BRFW_A_COMMUNITY])
		snprintf(p->community, sizeof(p->community), "%s",
			 mnl_attr_get_str(tb[BRFW_A_COMMUNITY]));
	if (tb[BRFW_A_CT_LIMIT])
		p->ct_limit = mnl_attr_get_u32(tb[BRFW_A_CT_LIMIT]);
	ack(r->req, 0, NULL, -1, -1);
	return 0;
}

static int port_del(const struct req_attrs *r)
{
	struct fport *p;
	uint32_t ifindex;
	int err;

	if ((err = need_port_dev(r, &ifindex)))
		return err;
	p = port_find(&live, ifindex);
	if (!p)
		return fail(r, ENOENT, "ifindex: port has no brfw policy",
			    r->tb[BRFW_A_IFINDEX]);
	port_free(p);
	memmove(p, p + 1, (size_t)(&live.ports[live.nports] - (p + 1)) *
		sizeof(*p));
	live.nports--;
	ack(r->req, 0, NULL, -1, -1);
	return 0;
}

/* The parts of a rule nest the model looks at. */
struct rule_view {
	const struct nlattr *id, *dirs, *set[2];
};

static int rule_cb(const struct nlattr *a, void *data)
{
	struct rule_view *v = data;
	const struct nlattr *x;

	switch (mnl_attr_get_type(a)) {
	case BRFW_RULE_ID:
		v->id = a;
		break;
	case BRFW_RULE_DIRS:
		v->dirs = a;
		break;
	case BRFW_RULE_SRC:
	case BRFW_RULE_DST:
		mnl_attr_for_each_nested(x, a)
			if (mnl_attr_get_type(x) == BRFW_ADDR_SET)
				v->set[mnl_attr_get_type(a) == BRFW_RULE_DST] = x;
		break;
	}
	return MNL_CB_OK;
}

static int rule_add(const struct req_attrs *r)
{
	const struct nlattr *nest = r->tb[BRFW_A_RULE], *a;
	struct rule_view v;
	struct frule fr, *slot;
	struct fconf *c;
	struct fport *p;
	uint32_t ifindex, pos = 0, seen = 0;
	size_t i, at;
	int err = 0;

	if ((err = need_port_dev(r, &ifindex)))
		return err;
	c = conf_of(r, &err);
	if (!c)
		return err;
	if (!nest) {
		ack(r->req, -EINVAL, "missing attribute: rule", -1, BRFW_A_RULE);
		return EINVAL;
	}
	memset(&v, 0, sizeof(v));
	mnl_attr_parse_nested(nest, rule_cb, &v);
	if (!v.dirs)
		return fail(r, EINVAL, "rule: missing direction", nest);
	memset(&fr, 0, sizeof(fr));
	fr.dirs = mnl_attr_get_u8(v.dirs);
	for (i = 0; i < 2; i++) {
		if (!v.set[i])
			continue;
		if (!set_find(c, mnl_attr_get_str(v.set[i])))
			return fail(r, ENOENT, "rule: no such set", v.set[i]);
		snprintf(fr.sets[i], sizeof(fr.sets[i]), "%s",
			 mnl_attr_get_str(v.set[i]));
	}
	p = port_find(c, ifindex);
	if (v.id) {
		fr.id = mnl_attr_get_u32(v.id);
		for (i = 0; p && i < p->n; i++)
			if (p->rules[i].id == fr.id)
				return fail(r, EEXIST, "rule: the port has a rule with this id",
					    v.id);
	}
	p = port_get(c, ifindex);
	if (!fr.id)
		for (i = 0; i < p->n; i++)
			if (p->rules[i].id >= fr.id)
				fr.id = p->rules[i].id + 1;
	if (!fr.id)
		fr.id = 1;
	/* The attributes but the id: the reply puts the id first. */
	fr.attrs = xrealloc(NULL, mnl_attr_get_payload_len(nest));
	mnl_attr_for_each_nested(a, nest) {
		if (mnl_attr_get_type(a) == BRFW_RULE_ID)
			continue;
		memcpy((char *)fr.attrs + fr.len, a, NLA_ALIGN(a->nla_len));
		fr.len += NLA_ALIGN(a->nla_len);
	}
	/* Before the pos-th rule of the rule's (first) direction. */
	at = p->n;
	if (r->tb[BRFW_A_RULE_POS]) {
		uint8_t dir = fr.dirs & BRFW_RULE_DIR_IN ? BRFW_RULE_DIR_IN :
			      BRFW_RULE_DIR_OUT;

		pos = mnl_attr_get_u32(r->tb[BRFW_A_RULE_POS]);
		for (i = 0; i < p->n; i++)
			if ((p->rules[i].dirs & dir) && ++seen == pos) {
				at = i;
				break;
			}
	}
	if (p->n == p->cap) {
		p->cap = p->cap ? 2 * p->cap : 16;
		p->rules = xrealloc(p->rules, p->cap * sizeof(*p->rules));
	}
	memmove(&p->rules[at + 1], &p->rules[at], (p->n - at) * sizeof(fr));
	slot = &p->rules[at];
	*slot = fr;
	p->n++;
	ack(r->req, 0, NULL, -1, -1);
	return 0;
}

static int rule_del(const struct req_attrs *r)
{
	struct fport *p;
	uint32_t ifindex, id;
	size_t i;
	int err;

	if ((err = need_port_dev(r, &ifindex)))
		return err;
	p = port_find(&live, ifindex);
	if (!p)
		return fail(r, ENOENT, "ifindex: port has no brfw policy",
			    r->tb[BRFW_A_IFINDEX]);
	if (!r->tb[BRFW_A_RULE_ID]) {
		ack(r->req, -EINVAL, "missing attribute: rule id", -1,
		    BRFW_A_RULE_ID);
		return EINVAL;
	}
	id = mnl_attr_get_u32(r->tb[BRFW_A_RULE_ID]);
	for (i = 0; i < p->n; i++) {
		if (p->rules[i].id != id)
			continue;
		free(p->rules[i].attrs);
		memmove(&p->rules[i], &p->rules[i + 1],
			(p->n - i - 1) * sizeof(p->rules[0]));
		p->n--;
		ack(r->req, 0, NULL, -1, -1);
		return 0;
	}
	return fail(r, ENOENT, "rule: no rule with this id on the port",
		    r->tb[BRFW_A_RULE_ID]);
}

/* Set members of a request; -1 at a bad one (*bad: its entry). */
static int elems_of(const struct nlattr *nest, struct felem **out,
		    size_t *n, const struct nlattr **bad)
{
	const struct nlattr *e, *x;
	size_t cap = 0;

	*out = NULL;
	*n = 0;
	mnl_attr_for_each_nested(e, nest) {
		struct felem f;
		bool has_addr = false;

		memset(&f, 0, sizeof(f));
		mnl_attr_for_each_nested(x, e) {
			size_t len = mnl_attr_get_payload_len(x);

			if (mnl_attr_get_type(x) == BRFW_PREFIX_ADDR &&
			    (len == 4 || len == 16)) {
				f.family = len == 16 ? 6 : 4;
				memcpy(f.addr, mnl_attr_get_payload(x), len);
				if (!f.len)
					f.len = (uint8_t)(len * 8);
				has_addr = true;
			} else if (mnl_attr_get_type(x) == BRFW_PREFIX_LEN) {
				f.len = mnl_attr_get_u8(x);
			}
		}
		if (!has_addr) {
			*bad = e;
			free(*out);
			return -1;
		}
		if (*n == cap) {
			cap = cap ? 2 * cap : 64;
			*out = xrealloc(*out, cap * sizeof(**out));
		}
		(*out)[(*n)++] = f;
	}
	return 0;
}

static void set_push(struct fset *s, const struct felem *v, size_t n)
{
	if (!n)
		return;
	if (s->n + n > s->cap) {
		s->cap = s->n + n > 2 * s->cap ? s->n + n : 2 * s->cap;
		s->e = xrealloc(s->e, s->cap * sizeof(*s->e));
	}
	memcpy(s->e + s->n, v, n * sizeof(*v));
	s->n += n;
	s->dirty = true;
}

static int set_op(const struct req_attrs *r, int cmd)
{
	const struct nlattr *name_attr = r->tb[BRFW_A_SET_NAME], *bad = NULL;
	struct felem *v = NULL;
	struct fconf *c;
	struct fset *s;
	size_t n = 0, i, j;
	int err = 0;

	c = conf_of(r, &err);
	if (!c)
		return err;
	if (!name_attr) {
		ack(r->req, -EINVAL, "missing attribute: set name", -1,
		    BRFW_A_SET_NAME);
		return EINVAL;
	}
	if (r->tb[BRFW_A_SET_ELEMS] &&
	    elems_of(r->tb[BRFW_A_SET_ELEMS], &v, &n, &bad))
		return fail(r, EINVAL, "set: a member without an address", bad);
	s = set_find(c, mnl_attr_get_str(name_attr));
	if (cmd == BRFW_CMD_SET_NEW) {
		if (s) {
			free(v);
			return fail(r, EEXIST, "set: the name is taken", name_attr);
		}
		if (c->nsets == c->cap_sets) {
			c->cap_sets = c->cap_sets ? 2 * c->cap_sets : 8;
			c->sets = xrealloc(c->sets, c->cap_sets * sizeof(*c->sets));
		}
		s = &c->sets[c->nsets++];
		memset(s, 0, sizeof(*s));
		snprintf(s->name, sizeof(s->name), "%s", mnl_attr_get_str(name_attr));
		set_push(s, v, n);
		free(v);
		ack(r->req, 0, NULL, -1, -1);
		return 0;
	}
	if (!s) {
		free(v);
		return fail(r, ENOENT, "set: no such set", name_attr);
	}
	if (cmd == BRFW_CMD_SET_DEL) {
		if (set_refs(c, s->name)) {
			free(v);
			return fail(r, EBUSY, "set: in use by a rule", name_attr);
		}
		free(s->e);
		memmove(s, s + 1, (size_t)(&c->sets[c->nsets] - (s + 1)) *
			sizeof(*s));
		c->nsets--;
	} else if (cmd == BRFW_CMD_SET_ELEM_ADD) {
		set_push(s, v, n);
	} else {
		/* All members must be there, or nothing is removed. */
		const struct nlattr *e = NULL;

		set_tidy(s);
		i = 0;
		if (r->tb[BRFW_A_SET_ELEMS])
			e = mnl_attr_get_payload(r->tb[BRFW_A_SET_ELEMS]);
		for (i = 0; i < n; i++, e = mnl_attr_next(e)) {
			if (!bsearch(&v[i], s->e, s->n, sizeof(*s->e), elem_cmp)) {
				free(v);
				return fail(r, ENOENT, "set: not a member", e);
			}
		}
		for (i = 0; i < n; i++) {
			struct felem *f = bsearch(&v[i], s->e, s->n,
						  sizeof(*s->e), elem_cmp);

			if (!f)
				continue;	/* given twice */
			j = (size_t)(f - s->e);
			memmove(f, f + 1, (s->n - j - 1) * sizeof(*f));
			s->n--;
		}
	}
	free(v);
	ack(r->req, 0, NULL, -1, -1);
	return 0;
}

static int counters_reset(const struct req_attrs *r)
{
	const struct nlattr *a = r->tb[BRFW_A_IFINDEX];
	size_t i, j;

	for (i = 0; i < live.nports; i++) {
		if (a && live.ports[i].ifindex != mnl_attr_get_u32(a))
			continue;
		for (j = 0; j < live.ports[i].n; j++)
			live.ports[i].rules[j].zero = true;
		if (a)
			break;
	}
	if (a && i == live.nports)
		return fail(r, ENOENT, "ifindex: port has no brfw policy", a);
	ack(r->req, 0, NULL, -1, -1);
	return 0;
}

static int txn(const struct req_attrs *r, int cmd)
{
	if (cmd == BRFW_CMD_TXN_BEGIN) {
		if (txn_open)
			return fail(r, EBUSY, "a transaction is already open", NULL);
		conf_free(&stage);
		txn_open = true;
	} else if (!txn_open) {
		return fail(r, EINVAL, "no transaction open on this socket", NULL);
	} else if (cmd == BRFW_CMD_TXN_COMMIT) {
		if (is("commitfail")) {
			conf_free(&stage);
			txn_open = false;
			return fail(r, ENOMEM, "commit: out of memory (fake)", NULL);
		}
		conf_free(&live);
		live = stage;
		memset(&stage, 0, sizeof(stage));
		txn_open = false;
	} else {
		conf_free(&stage);
		txn_open = false;
	}
	ack(r->req, 0, NULL, -1, -1);
	return 0;
}

/* Dumps. */

struct dumper {
	const struct nlmsghdr *req;
	int d;
};

/* A message of the dump, in a datagram with room for room bytes. */
static struct nlmsghdr *dump_msg(struct dumper *du, uint8_t cmd, size_t room)
{
	struct nlmsghdr *nlh;
	struct genlmsghdr *g;

	if (du->d < 0 || dgram_room(du->d) < room)
		du->d = new_dgram();
	nlh = dgram_msg(du->d, du->req, FAMILY_ID, NLM_F_MULTI);
	g = mnl_nlmsg_put_extra_header(nlh, sizeof(*g));
	g->cmd = cmd;
	g->version = proto();
	return nlh;
}

static void rule_dump(const struct req_attrs *r)
{
	const struct nlattr *filter = r->tb[BRFW_A_IFINDEX];
	struct dumper du = { r->req, -1 };
	size_t i, j;

	for (i = 0; i < live.nports; i++) {
		const struct fport *p = &live.ports[i];
		uint32_t pin = 0, pout = 0;

		if (filter && p->ifindex != mnl_attr_get_u32(filter))
			continue;
		for (j = 0; j < p->n; j++) {
			const struct frule *fr = &p->rules[j];
			struct nlmsghdr *nlh;
			struct nlattr *nest, *cnt;

			pin += !!(fr->dirs & BRFW_RULE_DIR_IN);
			pout += !!(fr->dirs & BRFW_RULE_DIR_OUT);
			nlh = dump_msg(&du, BRFW_CMD_RULE_GET, fr->len + 512);
			mnl_attr_put_u32(nlh, BRFW_A_IFINDEX, p->ifindex);
			mnl_attr_put_strz(nlh, BRFW_A_IFNAME,
					  fake_dev_name(p->ifindex));
			nest = mnl_attr_nest_start(nlh, BRFW_A_RULE);
			mnl_attr_put_u32(nlh, BRFW_RULE_ID, fr->id);
			memcpy(mnl_nlmsg_get_payload_tail(nlh), fr->attrs, fr->len);
			nlh->nlmsg_len += (uint32_t)fr->len;
			if (fr->dirs & BRFW_RULE_DIR_IN)
				mnl_attr_put_u32(nlh, BRFW_RULE_POS_IN, pin);
			if (fr->dirs & BRFW_RULE_DIR_OUT)
				mnl_attr_put_u32(nlh, BRFW_RULE_POS_OUT, pout);
			cnt = mnl_attr_nest_start(nlh, BRFW_RULE_COUNTERS);
			mnl_attr_put_u64(nlh, BRFW_COUNTER_PACKETS,
					 fr->zero ? 0 : fr->id);
			mnl_attr_put_u64(nlh, BRFW_COUNTER_BYTES,
					 fr->zero ? 0 : 100ULL * fr->id);
			mnl_attr_nest_end(nlh, cnt);
			mnl_attr_nest_end(nlh, nest);
			end_msg(du.d, nlh);
		}
	}
	done(r->req, 0, 0, NULL);
}

static int name_cmp(const void *a, const void *b)
{
	const struct fset *x = *(struct fset *const *)a;
	const struct fset *y = *(struct fset *const *)b;

	return strcmp(x->name, y->name);
}

static void set_dump(const struct req_attrs *r)
{
	const struct nlattr *filter = r->tb[BRFW_A_SET_NAME];
	struct dumper du = { r->req, -1 };
	struct fset **order = xrealloc(NULL, live.nsets * sizeof(*order));
	size_t i, j, n;

	for (i = 0; i < live.nsets; i++)
		order[i] = &live.sets[i];
	qsort(order, live.nsets, sizeof(*order), name_cmp);
	for (i = 0; i < live.nsets; i++) {
		struct fset *s = order[i];
		uint32_t refs = set_refs(&live, s->name);

		if (filter && strcmp(mnl_attr_get_str(filter), s->name))
			continue;
		set_tidy(s);
		j = 0;
		do {
			struct nlmsghdr *nlh;
			struct nlattr *nest, *e;

			n = s->n - j > FAKE_ELEMS_PER_MSG ? FAKE_ELEMS_PER_MSG :
							    s->n - j;
			nlh = dump_msg(&du, BRFW_CMD_SET_GET, 256 + 40 * n);
			mnl_attr_put_strz(nlh, BRFW_A_SET_NAME, s->name);
			mnl_attr_put_u32(nlh, BRFW_A_SET_COUNT, (uint32_t)s->n);
			mnl_attr_put_u32(nlh, BRFW_A_SET_REFS, refs);
			nest = mnl_attr_nest_start(nlh, BRFW_A_SET_ELEMS);
			for (; n; n--, j++) {
				const struct felem *f = &s->e[j];

				e = mnl_attr_nest_start(nlh, BRFW_LIST_PREFIX);
				mnl_attr_put(nlh, BRFW_PREFIX_ADDR,
					     f->family == 6 ? 16 : 4, f->addr);
				/* Hosts without a length, as the header allows. */
				if (f->len != (f->family == 6 ? 128 : 32))
					mnl_attr_put_u8(nlh, BRFW_PREFIX_LEN, f->len);
				mnl_attr_nest_end(nlh, e);
			}
			mnl_attr_nest_end(nlh, nest);
			end_msg(du.d, nlh);
		} while (j < s->n);
	}
	free(order);
	done(r->req, 0, 0, NULL);
}


/* Conntrack: the table's settings and the seeded flows. */

struct fflow {
	uint8_t family, proto;
	uint8_t src[16], dst[16];
	uint16_t sport, dport, id;	/* id: ICMP echo */
	uint8_t state;
	uint32_t timeout, rule, port[2];
	uint64_t packets[2], bytes[2];
	bool gone;
};

static struct fflow flows[] = {
	{ 4, 6, { 10, 0, 0, 5 }, { 10, 0, 0, 1 }, 40000, 80, 0,
	  BRFW_CT_TO_TCP_ESTABLISHED, 431990, 3, { 5, 0 }, { 5, 4 },
	  { 400, 300 }, false },
	{ 4, 17, { 10, 0, 0, 9 }, { 10, 0, 0, 5 }, 5353, 53, 0,
	  BRFW_CT_TO_UDP_REPLIED, 170, 0, { 6, 5 }, { 2, 2 },
	  { 180, 220 }, false },
	{ 4, 1, { 10, 0, 0, 5 }, { 8, 8, 8, 8 }, 0, 0, 7,
	  BRFW_CT_TO_ICMP_UNREPLIED, 25, 0, { 5, 0 }, { 1, 0 },
	  { 98, 0 }, false },
	{ 6, 6, { 0x20, 0x01, 0x0d, 0xb8, [15] = 1 },
	  { 0x20, 0x01, 0x0d, 0xb8, [15] = 2 }, 50000, 443, 0,
	  BRFW_CT_TO_TCP_SYN_RECV, 55, 12, { 0, 7 }, { 1, 1 },
	  { 94, 94 }, false },
	{ 4, 47, { 10, 0, 0, 5 }, { 10, 0, 0, 7 }, 0, 0, 0,
	  BRFW_CT_TO_OTHER_UNREPLIED, 50, 0, { 5, 0 }, { 3, 0 },
	  { 300, 0 }, false },
};

#define N_FLOWS (sizeof(flows) / sizeof(flows[0]))

static uint32_t ct_max = 65536;
static uint32_t ct_timeouts[__BRFW_CT_TO_MAX] = {
	0, 120, 60, 432000, 120, 120, 10, 30, 180, 30, 30, 60, 600,
};

static uint32_t flow_count(uint32_t ifindex)
{
	uint32_t n = 0;
	size_t i;

	for (i = 0; i < N_FLOWS; i++)
		if (!flows[i].gone &&
		    (!ifindex || flows[i].port[0] == ifindex ||
		     flows[i].port[1] == ifindex))
			n++;
	return n;
}

static void put_ct(struct nlmsghdr *nlh)
{
	struct nlattr *ct = mnl_attr_nest_start(nlh, BRFW_A_CT), *to;
	unsigned int t;

	mnl_attr_put_u32(nlh, BRFW_CT_MAX, ct_max);
	mnl_attr_put_u32(nlh, BRFW_CT_COUNT, flow_count(0));
	mnl_attr_put_u32(nlh, BRFW_CT_BUCKETS, 16384);
	mnl_attr_put_u32(nlh, BRFW_CT_ENTRY_SIZE, 120);
	to = mnl_attr_nest_start(nlh, BRFW_CT_TIMEOUTS);
	for (t = 1; t <= BRFW_CT_TO_MAX; t++)
		mnl_attr_put_u32(nlh, t, ct_timeouts[t]);
	mnl_attr_nest_end(nlh, to);
	mnl_attr_put_u64(nlh, BRFW_CT_EARLY_DROPS, 3);
	mnl_attr_put_u64(nlh, BRFW_CT_FULL_DROPS, 1);
	mnl_attr_nest_end(nlh, ct);
}

static void ct_get(const struct req_attrs *r)
{
	int d = new_dgram();
	struct nlmsghdr *nlh = dgram_msg(d, r->req, FAMILY_ID, 0);
	struct genlmsghdr *g = mnl_nlmsg_put_extra_header(nlh, sizeof(*g));

	g->cmd = BRFW_CMD_CT_GET;
	g->version = proto();
	put_ct(nlh);
	end_msg(d, nlh);
	ack(r->req, 0, NULL, -1, -1);
}

static int ct_set(const struct req_attrs *r)
{
	const struct nlattr *ct = r->tb[BRFW_A_CT], *a, *x;
	uint32_t max = ct_max, to[__BRFW_CT_TO_MAX];

	if (!ct) {
		ack(r->req, -EINVAL, "missing attribute: ct", -1, BRFW_A_CT);
		return EINVAL;
	}
	memcpy(to, ct_timeouts, sizeof(to));
	mnl_attr_for_each_nested(a, ct) {
		switch (mnl_attr_get_type(a)) {
		case BRFW_CT_MAX:
			max = mnl_attr_get_u32(a);
			if (!max)
				return fail(r, EINVAL, "ct max: at least one flow", a);
			if (is("netns") && max > ct_max)
				return fail(r, EPERM, "only the initial network namespace may raise the flow limit",
					    a);
			break;
		case BRFW_CT_TIMEOUTS:
			mnl_attr_for_each_nested(x, a) {
				unsigned int t = mnl_attr_get_type(x);
				uint32_t v = mnl_attr_get_u32(x);

				if (t < 1 || t > BRFW_CT_TO_MAX)
					return fail(r, EINVAL, "ct timeouts: unknown timeout", x);
				if (v < 1 || v > BRFW_CT_TIMEOUT_LIMIT)
					return fail(r, EINVAL, "ct timeouts: out of range", x);
				to[t] = v;
			}
			break;
		default:
			return fail(r, EINVAL, "ct: attribute not valid here", a);
		}
	}
	ct_max = max;
	memcpy(ct_timeouts, to, sizeof(to));
	ack(r->req, 0, NULL, -1, -1);
	return 0;
}

static void put_flow(struct nlmsghdr *nlh, const struct fflow *f)
{
	struct nlattr *nest = mnl_attr_nest_start(nlh, BRFW_A_FLOW);
	size_t alen = f->family == 6 ? 16 : 4;

	mnl_attr_put_u32(nlh, BRFW_FLOW_ZONE, BR0);
	mnl_attr_put_u8(nlh, BRFW_FLOW_FAMILY, f->family);
	mnl_attr_put_u8(nlh, BRFW_FLOW_PROTO, f->proto);
	mnl_attr_put(nlh, BRFW_FLOW_SRC, alen, f->src);
	mnl_attr_put(nlh, BRFW_FLOW_DST, alen, f->dst);
	if (f->proto == 1 || f->proto == 58) {
		mnl_attr_put_u16(nlh, BRFW_FLOW_ICMP_ID, f->id);
	} else if (f->proto == 6 || f->proto == 17 || f->proto == 132) {
		mnl_attr_put_u16(nlh, BRFW_FLOW_SPORT, f->sport);
		mnl_attr_put_u16(nlh, BRFW_FLOW_DPORT, f->dport);
	}
	mnl_attr_put_u8(nlh, BRFW_FLOW_STATE, f->state);
	mnl_attr_put_u32(nlh, BRFW_FLOW_TIMEOUT, f->timeout);
	mnl_attr_put_u32(nlh, BRFW_FLOW_RULE_ID, f->rule);
	mnl_attr_put_u32(nlh, BRFW_FLOW_PORT_ORIG, f->port[0]);
	mnl_attr_put_u32(nlh, BRFW_FLOW_PORT_REPLY, f->port[1]);
	mnl_attr_put_u64(nlh, BRFW_FLOW_PACKETS_ORIG, f->packets[0]);
	mnl_attr_put_u64(nlh, BRFW_FLOW_BYTES_ORIG, f->bytes[0]);
	mnl_attr_put_u64(nlh, BRFW_FLOW_PACKETS_REPLY, f->packets[1]);
	mnl_attr_put_u64(nlh, BRFW_FLOW_BYTES_REPLY, f->bytes[1]);
	mnl_attr_nest_end(nlh, nest);
}


static void flow_dump(const struct req_attrs *r)
{
	const struct nlattr *filter = r->tb[BRFW_A_IFINDEX];
	struct dumper du = { r->req, -1 };
	size_t i;

	for (i = 0; i < N_FLOWS; i++) {
		const struct fflow *f = &flows[i];
		struct nlmsghdr *nlh;

		if (f->gone)
			continue;
		if (filter && f->port[0] != mnl_attr_get_u32(filter) &&
		    f->port[1] != mnl_attr_get_u32(filter))
			continue;
		nlh = dump_msg(&du, BRFW_CMD_FLOW_GET, 512);
		put_flow(nlh, f);
		end_msg(du.d, nlh);
	}
	done(r->req, 0, 0, NULL);
}

/* The flow of a FLOW_DEL key, either way round. */
static bool key_match(const struct fflow *f, const struct nlattr *const *k)
{
	size_t alen = f->family == 6 ? 16 : 4;
	const void *s = mnl_attr_get_payload(k[BRFW_FLOW_SRC]);
	const void *d = mnl_attr_get_payload(k[BRFW_FLOW_DST]);
	uint16_t sp = k[BRFW_FLOW_SPORT] ? mnl_attr_get_u16(k[BRFW_FLOW_SPORT]) : 0;
	uint16_t dp = k[BRFW_FLOW_DPORT] ? mnl_attr_get_u16(k[BRFW_FLOW_DPORT]) : 0;
	uint16_t id = k[BRFW_FLOW_ICMP_ID] ? mnl_attr_get_u16(k[BRFW_FLOW_ICMP_ID]) : 0;

	if (f->gone || mnl_attr_get_u8(k[BRFW_FLOW_PROTO]) != f->proto ||
	    mnl_attr_get_payload_len(k[BRFW_FLOW_SRC]) != alen ||
	    mnl_attr_get_payload_len(k[BRFW_FLOW_DST]) != alen || id != f->id)
		return false;
	if (!memcmp(s, f->src, alen) && !memcmp(d, f->dst, alen) &&
	    sp == f->sport && dp == f->dport)
		return true;
	return !memcmp(s, f->dst, alen) && !memcmp(d, f->src, alen) &&
	       sp == f->dport && dp == f->sport;
}

static int flow_key_cb(const struct nlattr *a, void *data)
{
	const struct nlattr **k = data;

	if (mnl_attr_get_type(a) <= BRFW_FLOW_MAX)
		k[mnl_attr_get_type(a)] = a;
	return MNL_CB_OK;
}

static int flow_del(const struct req_attrs *r)
{
	const struct nlattr *k[BRFW_FLOW_MAX + 1] = { NULL };
	const struct nlattr *nest = r->tb[BRFW_A_FLOW];
	const struct nlattr *dev = r->tb[BRFW_A_IFINDEX];
	size_t i;

	if (nest) {
		mnl_attr_parse_nested(nest, flow_key_cb, k);
		if (!k[BRFW_FLOW_PROTO] || !k[BRFW_FLOW_SRC] || !k[BRFW_FLOW_DST])
			return fail(r, EINVAL, "flow: proto, src and dst are required",
				    nest);
		for (i = 0; i < N_FLOWS; i++)
			if (key_match(&flows[i], k))
				break;
		if (i == N_FLOWS)
			return fail(r, ENOENT, "flow: no such flow", nest);
		flows[i].gone = true;
	} else {
		for (i = 0; i < N_FLOWS; i++)
			if (!dev || flows[i].port[0] == mnl_attr_get_u32(dev) ||
			    flows[i].port[1] == mnl_attr_get_u32(dev))
				flows[i].gone = true;
	}
	ack(r->req, 0, NULL, -1, -1);
	return 0;
}

static void put_list(struct nlmsghdr *nlh, uint16_t type, const void *v,
		     size_t len)
{
	mnl_attr_put(nlh, type | NLA_F_NESTED, len, v);
}

static void put_port(struct nlmsghdr *nlh, const struct fport *p)
{
	struct nlattr *nest;
	int d, s;

	mnl_attr_put_u32(nlh, BRFW_A_IFINDEX, p->ifindex);
	mnl_attr_put_strz(nlh, BRFW_A_IFNAME, fake_dev_name(p->ifindex));
	mnl_attr_put_u32(nlh, BRFW_A_MASTER_IFINDEX, BR0);
	mnl_attr_put_strz(nlh, BRFW_A_MASTER_IFNAME, "br0");
	mnl_attr_put_u8(nlh, BRFW_A_POLICY_IN, p->policy[BRFW_DIR_IN]);
	mnl_attr_put_u8(nlh, BRFW_A_POLICY_OUT, p->policy[BRFW_DIR_OUT]);
	for (d = 0; d < 2; d++) {
		nest = mnl_attr_nest_start(nlh, d ? BRFW_A_STATS_OUT : BRFW_A_STATS_IN);
		for (s = BRFW_STAT_PASS_PACKETS; s <= BRFW_STAT_MAX; s++)
			mnl_attr_put_u64(nlh, s, 0);
		mnl_attr_nest_end(nlh, nest);
	}
	mnl_attr_put(nlh, BRFW_A_MAC, 6, p->mac);
	mnl_attr_put_u32(nlh, BRFW_A_PORT_FLAGS, p->flags);
	mnl_attr_put_u8(nlh, BRFW_A_ISOLATION, p->isolation);
	if (p->community[0])
		mnl_attr_put_strz(nlh, BRFW_A_COMMUNITY, p->community);
	put_list(nlh, BRFW_A_IP4, p->list[L_IP4], p->list_len[L_IP4]);
	put_list(nlh, BRFW_A_IP6, p->list[L_IP6], p->list_len[L_IP6]);
	put_list(nlh, BRFW_A_VLANS, p->list[L_VLANS], p->list_len[L_VLANS]);
	nest = mnl_attr_nest_start(nlh, BRFW_A_DROPS);
	for (s = BRFW_REASON_SPOOF_MAC; s <= BRFW_REASON_MAX; s++)
		mnl_attr_put_u64(nlh, s, 0);
	mnl_attr_nest_end(nlh, nest);
	if (proto() >= 4) {
		mnl_attr_put_u32(nlh, BRFW_A_CT_LIMIT, p->ct_limit);
		mnl_attr_put_u32(nlh, BRFW_A_CT_FLOWS, flow_count(p->ifindex));
	}
}

static void port_get_cmd(const struct req_attrs *r)
{
	bool dump = (r->req->nlmsg_flags & NLM_F_DUMP) == NLM_F_DUMP;
	struct dumper du = { r->req, -1 };
	struct nlmsghdr *nlh;
	size_t i;

	if (!dump) {
		const struct nlattr *a = r->tb[BRFW_A_IFINDEX];
		struct fport *p = a ? port_find(&live, mnl_attr_get_u32(a)) : NULL;
		struct genlmsghdr *g;
		int d;

		if (!p) {
			fail(r, ENOENT, "ifindex: port has no brfw policy", a);
			return;
		}
		d = new_dgram();
		nlh = dgram_msg(d, r->req, FAMILY_ID, 0);
		g = mnl_nlmsg_put_extra_header(nlh, sizeof(*g));
		g->cmd = BRFW_CMD_PORT_GET;
		g->version = proto();
		put_port(nlh, p);
		end_msg(d, nlh);
		ack(r->req, 0, NULL, -1, -1);
		return;
	}
	for (i = 0; i < live.nports; i++) {
		nlh = dump_msg(&du, BRFW_CMD_PORT_GET, 16384);
		put_port(nlh, &live.ports[i]);
		end_msg(du.d, nlh);
	}
	done(r->req, 0, 0, NULL);
}

/* BRFW_FAKE_STATE: the requests that made the live configuration. */

static void state_append(const void *msg, size_t len, bool truncate)
{
	const char *path = getenv("BRFW_FAKE_STATE");
	FILE *fp;

	if (!path || fake_replaying)
		return;
	fp = fopen(path, truncate ? "w" : "a");
	if (!fp)
		abort();
	if (len)
		fwrite(msg, 1, len, fp);
	fclose(fp);
}

static void txn_log_add(const struct nlmsghdr *req)
{
	if (txn_log_len + NLMSG_ALIGN(req->nlmsg_len) > txn_log_cap) {
		txn_log_cap = 2 * (txn_log_len + NLMSG_ALIGN(req->nlmsg_len));
		txn_log = xrealloc(txn_log, txn_log_cap);
	}
	memcpy(txn_log + txn_log_len, req, req->nlmsg_len);
	memset(txn_log + txn_log_len + req->nlmsg_len, 0,
	       NLMSG_ALIGN(req->nlmsg_len) - req->nlmsg_len);
	txn_log_len += NLMSG_ALIGN(req->nlmsg_len);
}

void model_request(const struct nlmsghdr *req, int cmd)
{
	struct req_attrs r;
	int err = 0;

	memset(&r, 0, sizeof(r));
	r.req = req;
	mnl_attr_parse(req, GENL_HDRLEN, top_cb, &r);
	switch (cmd) {
	case BRFW_CMD_PORT_SET:
		err = port_set(&r);
		break;
	case BRFW_CMD_PORT_DEL:
		err = port_del(&r);
		break;
	case BRFW_CMD_PORT_GET:
		port_get_cmd(&r);
		return;
	case BRFW_CMD_RULE_ADD:
		err = rule_add(&r);
		break;
	case BRFW_CMD_RULE_DEL:
		err = rule_del(&r);
		break;
	case BRFW_CMD_RULE_GET:
		rule_dump(&r);
		return;
	case BRFW_CMD_SET_NEW:
	case BRFW_CMD_SET_DEL:
	case BRFW_CMD_SET_ELEM_ADD:
	case BRFW_CMD_SET_ELEM_DEL:
		err = set_op(&r, cmd);
		break;
	case BRFW_CMD_SET_GET:
		set_dump(&r);
		return;
	case BRFW_CMD_COUNTERS_RESET:
		err = counters_reset(&r);
		break;
	case BRFW_CMD_TXN_BEGIN:
	case BRFW_CMD_TXN_COMMIT:
	case BRFW_CMD_TXN_ABORT:
		err = txn(&r, cmd);
		break;
	case BRFW_CMD_CT_GET:
		ct_get(&r);
		return;
	case BRFW_CMD_CT_SET:
		err = ct_set(&r);
		break;
	case BRFW_CMD_FLOW_GET:
		flow_dump(&r);
		return;
	case BRFW_CMD_FLOW_DEL:
		err = flow_del(&r);
		break;
	default:
		ack(req, -EOPNOTSUPP, NULL, -1, -1);
		return;
	}
	if (err)
		return;
	/* What the next run replays. */
	if (cmd == BRFW_CMD_TXN_BEGIN) {
		txn_log_len = 0;
		txn_log_add(req);
	} else if (r.tb[BRFW_A_TXN]) {
		txn_log_add(req);
	} else if (cmd == BRFW_CMD_TXN_COMMIT) {
		txn_log_add(req);
		state_append(txn_log, txn_log_len, true);
	} else if (cmd != BRFW_CMD_TXN_ABORT) {
		state_append(req, NLMSG_ALIGN(req->nlmsg_len), false);
	}
}

void model_load(void)
{
	static bool loaded;
	const char *path = getenv("BRFW_FAKE_STATE");
	char *buf = NULL;
	size_t len = 0, cap = 0, n;
	FILE *fp;
	int left;
	const struct nlmsghdr *nlh;

	if (loaded)
		return;
	loaded = true;
	if (!path || !(fp = fopen(path, "r")))
		return;
	do {
		if (cap - len < 65536) {
			cap = cap ? 2 * cap : 1 << 20;
			buf = xrealloc(buf, cap);
		}
		n = fread(buf + len, 1, cap - len, fp);
		len += n;
	} while (n);
	fclose(fp);
	fake_replaying = true;
	left = (int)len;
	for (nlh = (const struct nlmsghdr *)buf; mnl_nlmsg_ok(nlh, left);
	     nlh = mnl_nlmsg_next(nlh, &left)) {
		const struct genlmsghdr *g = mnl_nlmsg_get_payload(nlh);

		model_request(nlh, g->cmd);
		queue_reset();
	}
	fake_replaying = false;
	free(buf);
}
