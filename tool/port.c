// SPDX-License-Identifier: GPL-2.0
/* port set / show / del. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <libmnl/libmnl.h>
#include <linux/genetlink.h>

#include "cmd.h"
#include "err.h"
#include "nl.h"
#include "port.h"

/* Largest attributes of a port set request, with their headers. */
#define A_U32 NLA_ALIGN(NLA_HDRLEN + 4)
#define A_PREFIX(alen) \
	(NLA_HDRLEN + NLA_ALIGN(NLA_HDRLEN + (alen)) + NLA_ALIGN(NLA_HDRLEN + 1))
_Static_assert(NLMSG_HDRLEN + NLA_ALIGN(GENL_HDRLEN) + 3 * A_U32 +
	       NLA_ALIGN(NLA_HDRLEN + MAC_LEN) +
	       NLA_HDRLEN + BRFW_MAX_PREFIXES * A_PREFIX(4) +
	       NLA_HDRLEN + BRFW_MAX_PREFIXES * A_PREFIX(16) +
	       NLA_HDRLEN + VLAN_MAX * NLA_ALIGN(NLA_HDRLEN + 2) +
	       3 * A_U32 + NLA_ALIGN(NLA_HDRLEN + BRFW_COMMUNITY_NAMSIZ) +
	       A_U32
	       <= PORT_SET_REQ_SIZE, "PORT_SET_REQ_SIZE too small");

static void put_prefixes(struct nlmsghdr *nlh, uint16_t type,
			 const struct prefix *list, int n, size_t alen)
{
	struct nlattr *nest = nl_nest_start(nlh, type), *entry;
	int i;

	for (i = 0; i < n; i++) {
		entry = nl_nest_start(nlh, BRFW_LIST_PREFIX);
		mnl_attr_put(nlh, BRFW_PREFIX_ADDR, alen, list[i].addr);
		mnl_attr_put_u8(nlh, BRFW_PREFIX_LEN, list[i].len);
		mnl_attr_nest_end(nlh, entry);
	}
	mnl_attr_nest_end(nlh, nest);
}

void port_set_attrs(struct nlmsghdr *nlh, const struct request *req)
{
	struct nlattr *nest;
	unsigned int vid;

	if (req->policy_in != POLICY_UNSET)
		mnl_attr_put_u8(nlh, BRFW_A_POLICY_IN, (uint8_t)req->policy_in);
	if (req->policy_out != POLICY_UNSET)
		mnl_attr_put_u8(nlh, BRFW_A_POLICY_OUT, (uint8_t)req->policy_out);
	if (req->set_mac)
		mnl_attr_put(nlh, BRFW_A_MAC, MAC_LEN, req->mac);
	if (req->n_ip4 != LIST_UNSET)
		put_prefixes(nlh, BRFW_A_IP4, req->ip4, req->n_ip4, 4);
	if (req->n_ip6 != LIST_UNSET)
		put_prefixes(nlh, BRFW_A_IP6, req->ip6, req->n_ip6, 16);
	if (req->set_vlans) {
		nest = nl_nest_start(nlh, BRFW_A_VLANS);
		for (vid = 1; vid <= VLAN_MAX; vid++)
			if (vlan_test(req->vlans, vid))
				mnl_attr_put_u16(nlh, BRFW_LIST_VLAN, (uint16_t)vid);
		mnl_attr_nest_end(nlh, nest);
	}
	if (req->flags_mask) {
		mnl_attr_put_u32(nlh, BRFW_A_PORT_FLAGS, req->flags);
		mnl_attr_put_u32(nlh, BRFW_A_PORT_FLAGS_MASK, req->flags_mask);
	}
	if (req->isolation != ISOLATION_UNSET) {
		mnl_attr_put_u8(nlh, BRFW_A_ISOLATION, (uint8_t)req->isolation);
		if (req->isolation == BRFW_ISOLATION_COMMUNITY)
			mnl_attr_put_strz(nlh, BRFW_A_COMMUNITY, req->community);
	}
	if (req->set_ct_limit)
		mnl_attr_put_u32(nlh, BRFW_A_CT_LIMIT, req->ct_limit);
}

int cmd_port_set(struct session *s, const struct request *req)
{
	struct nlmsghdr *nlh;
	uint32_t ifindex = 0;
	char ctx[64], *buf;
	struct nl *nl;
	int ret = -1;

	if (dev_resolve(req->dev, &ifindex))
		return -1;
	nl = session_need(s, request_protocol(req));
	if (!nl)
		return -1;
	buf = malloc(PORT_SET_REQ_SIZE);
	if (!buf) {
		errorf("out of memory");
		return -1;
	}
	nlh = nl_brfw_msg(nl, buf, PORT_SET_REQ_SIZE, BRFW_CMD_PORT_SET, 0);
	mnl_attr_put_u32(nlh, BRFW_A_IFINDEX, ifindex);
	port_set_attrs(nlh, req);
	ret = nl_talk(nl, nlh, NULL, NULL, NULL);
	if (ret < 0) {
		snprintf(ctx, sizeof(ctx), "port set %s", req->dev);
		nl_perror(nl, nlh, ctx);
	}
	free(buf);
	return ret;
}

int cmd_port_del(struct session *s, const struct request *req)
{
	char buf[NL_REQ_SIZE], ctx[64];
	struct nlmsghdr *nlh;
	uint32_t ifindex = 0;
	struct nl *nl;
	int ret;

	if (dev_resolve(req->dev, &ifindex))
		return -1;
	nl = session_nl(s);
	if (!nl)
		return -1;
	nlh = nl_brfw_msg(nl, buf, sizeof(buf), BRFW_CMD_PORT_DEL, 0);
	mnl_attr_put_u32(nlh, BRFW_A_IFINDEX, ifindex);
	ret = nl_talk(nl, nlh, NULL, NULL, NULL);
	if (ret < 0) {
		snprintf(ctx, sizeof(ctx), "port del %s", req->dev);
		nl_perror(nl, nlh, ctx);
	}
	return ret;
}

struct port_list {
	struct nl *nl;
	struct port *v;
	size_t n, cap;
};

static int collect(const struct nlmsghdr *nlh, void *data)
{
	struct port_list *l = data;
	char why[64];

	if (nlh->nlmsg_type != l->nl->family)
		return 0;
	if (l->n == l->cap) {
		size_t cap = l->cap ? 2 * l->cap : 16;
		struct port *v = realloc(l->v, cap * sizeof(*v));

		if (!v) {
			errorf("out of memory");
			return -1;
		}
		l->v = v;
		l->cap = cap;
	}
	if (port_parse(nlh, &l->v[l->n], why, sizeof(why)) < 0) {
		errorf("malformed reply from the kernel (%s)", why);
		return -1;
	}
	l->n++;
	return 0;
}

static void port_list_reset(void *data)
{
	struct port_list *l = data;

	l->n = 0;
}

int port_dump(struct session *s, struct port **ports, size_t *n,
	      const char *ctx)
{
	struct port_list l = { 0 };

	l.nl = session_nl(s);
	if (!l.nl)
		return -1;
	if (session_dump(s, BRFW_CMD_PORT_GET, NULL, NULL, collect,
			 port_list_reset, &l, ctx)) {
		free(l.v);
		return -1;
	}
	port_sort(l.v, l.n);
	*ports = l.v;
	*n = l.n;
	return 0;
}

int cmd_port_show(struct session *s, const struct request *req,
		  struct pr *pr)
{
	struct port_list l = { 0 };
	char buf[NL_REQ_SIZE], ctx[64];
	struct nlmsghdr *nlh;
	uint32_t ifindex = 0;
	int ret;

	if (!req->dev) {
		struct port *v;
		size_t n;

		if (port_dump(s, &v, &n, "port show"))
			return -1;
		port_print(pr, v, n, false);
		free(v);
		return 0;
	}
	if (dev_resolve(req->dev, &ifindex))
		return -1;
	l.nl = session_nl(s);
	if (!l.nl)
		return -1;
	snprintf(ctx, sizeof(ctx), "port show %s", req->dev);
	nlh = nl_brfw_msg(l.nl, buf, sizeof(buf), BRFW_CMD_PORT_GET, 0);
	mnl_attr_put_u32(nlh, BRFW_A_IFINDEX, ifindex);
	ret = nl_talk(l.nl, nlh, collect, &l, NULL);
	if (ret < 0)
		nl_perror(l.nl, nlh, ctx);
	else
		port_print(pr, l.v, l.n, true);
	free(l.v);
	return ret;
}
