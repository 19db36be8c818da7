// SPDX-License-Identifier: GPL-2.0
/* port set / show / del. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <libmnl/libmnl.h>
#include <linux/genetlink.h>

#include "err.h"
#include "nl.h"
#include "port.h"

/*
 * How often a dump disturbed by concurrent changes is tried, with a short
 * pause (1, 2, 4 ... ms, at most 64) before each retry.
 */
#define DUMP_TRIES 10

/* DEV → ifindex, in the network namespace the kernel will use too. */
static int resolve_dev(const char *dev, uint32_t *ifindex)
{
	unsigned int i = if_nametoindex(dev);

	if (!i) {
		if (errno == ENODEV || errno == ENXIO)
			errorf("device \"%s\" does not exist", dev);
		else
			errorf("cannot look up device \"%s\": %s", dev,
			       strerror(errno));
		return -1;
	}
	*ifindex = i;
	return 0;
}

/* Device first, then the module: the cheaper mistake is reported first. */
static int start(struct nl *nl, const char *dev, uint32_t *ifindex)
{
	if (dev && resolve_dev(dev, ifindex))
		return -1;
	if (nl_open(nl))
		return -1;
	if (nl_resolve(nl)) {
		nl_close(nl);
		return -1;
	}
	return 0;
}

/* Largest attributes of a port set request, with their headers. */
#define A_U32 NLA_ALIGN(NLA_HDRLEN + 4)
#define A_PREFIX(alen) \
	(NLA_HDRLEN + NLA_ALIGN(NLA_HDRLEN + (alen)) + NLA_ALIGN(NLA_HDRLEN + 1))
_Static_assert(NLMSG_HDRLEN + NLA_ALIGN(GENL_HDRLEN) + 3 * A_U32 +
	       NLA_ALIGN(NLA_HDRLEN + MAC_LEN) +
	       NLA_HDRLEN + BRFW_MAX_PREFIXES * A_PREFIX(4) +
	       NLA_HDRLEN + BRFW_MAX_PREFIXES * A_PREFIX(16) +
	       NLA_HDRLEN + VLAN_MAX * NLA_ALIGN(NLA_HDRLEN + 2) +
	       3 * A_U32 + NLA_ALIGN(NLA_HDRLEN + BRFW_COMMUNITY_NAMSIZ)
	       <= PORT_SET_REQ_SIZE, "PORT_SET_REQ_SIZE too small");

/* libmnl sets NLA_F_NESTED too, but strict kernels insist: be sure. */
static struct nlattr *nest_start(struct nlmsghdr *nlh, uint16_t type)
{
	struct nlattr *nest = mnl_attr_nest_start(nlh, type);

	nest->nla_type |= NLA_F_NESTED;
	return nest;
}

static void put_prefixes(struct nlmsghdr *nlh, uint16_t type,
			 const struct prefix *list, int n, size_t alen)
{
	struct nlattr *nest = nest_start(nlh, type), *entry;
	int i;

	for (i = 0; i < n; i++) {
		entry = nest_start(nlh, BRFW_LIST_PREFIX);
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
		nest = nest_start(nlh, BRFW_A_VLANS);
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
}

/*
 * A module older than the request would reject the attributes it does
 * not know as unknown: say what is wrong instead.
 */
static int check_protocol(const struct nl *nl, const struct request *req)
{
	unsigned int need = request_protocol(req);

	if (!nl->family_version || nl->family_version >= need)
		return 0;
	errorf("the loaded brfw module is older than brfwctl (protocol %u < %u): reload it",
	       nl->family_version, need);
	return -1;
}

int cmd_port_set(const struct request *req)
{
	struct nlmsghdr *nlh;
	uint32_t ifindex = 0;
	char ctx[64], *buf;
	struct nl nl;
	int ret = -1;

	if (start(&nl, req->dev, &ifindex))
		return -1;
	buf = malloc(PORT_SET_REQ_SIZE);
	if (!buf) {
		errorf("out of memory");
		goto out;
	}
	if (check_protocol(&nl, req))
		goto out;
	nlh = nl_brfw_msg(&nl, buf, PORT_SET_REQ_SIZE, BRFW_CMD_PORT_SET, 0);
	mnl_attr_put_u32(nlh, BRFW_A_IFINDEX, ifindex);
	port_set_attrs(nlh, req);
	ret = nl_talk(&nl, nlh, NULL, NULL, NULL);
	if (ret < 0) {
		snprintf(ctx, sizeof(ctx), "port set %s", req->dev);
		nl_perror(&nl, nlh, ctx);
	}
out:
	free(buf);
	nl_close(&nl);
	return ret;
}

int cmd_port_del(const struct request *req)
{
	char buf[NL_REQ_SIZE], ctx[64];
	struct nlmsghdr *nlh;
	uint32_t ifindex = 0;
	struct nl nl;
	int ret;

	if (start(&nl, req->dev, &ifindex))
		return -1;
	nlh = nl_brfw_msg(&nl, buf, sizeof(buf), BRFW_CMD_PORT_DEL, 0);
	mnl_attr_put_u32(nlh, BRFW_A_IFINDEX, ifindex);
	ret = nl_talk(&nl, nlh, NULL, NULL, NULL);
	if (ret < 0) {
		snprintf(ctx, sizeof(ctx), "port del %s", req->dev);
		nl_perror(&nl, nlh, ctx);
	}
	nl_close(&nl);
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

int cmd_port_show(const struct request *req, struct pr *pr)
{
	struct port_list l = { 0 };
	char buf[NL_REQ_SIZE], ctx[64];
	struct nlmsghdr *nlh;
	uint32_t ifindex = 0;
	bool intr = false;
	struct nl nl;
	int tries = 0, ret;

	if (start(&nl, req->dev, &ifindex))
		return -1;
	l.nl = &nl;
	if (req->dev)
		snprintf(ctx, sizeof(ctx), "port show %s", req->dev);
	else
		snprintf(ctx, sizeof(ctx), "port show");
	do {
		if (tries) {
			long ms = 1L << (tries < 7 ? tries - 1 : 6);
			struct timespec ts = { 0, ms * 1000000L };

			nanosleep(&ts, NULL);
		}
		l.n = 0;
		if (req->dev) {
			nlh = nl_brfw_msg(&nl, buf, sizeof(buf),
					  BRFW_CMD_PORT_GET, 0);
			mnl_attr_put_u32(nlh, BRFW_A_IFINDEX, ifindex);
		} else {
			nlh = nl_brfw_msg(&nl, buf, sizeof(buf), BRFW_CMD_PORT_GET,
					  NLM_F_DUMP);
		}
		ret = nl_talk(&nl, nlh, collect, &l, &intr);
		if (ret < 0) {
			nl_perror(&nl, nlh, ctx);
			goto out;
		}
	} while (intr && ++tries < DUMP_TRIES);
	if (intr) {
		errorf("%s: the ports kept changing during the dump (%d tries), giving up",
		       ctx, DUMP_TRIES);
		ret = -1;
		goto out;
	}
	port_sort(l.v, l.n);
	port_print(pr, l.v, l.n, req->dev != NULL);
out:
	free(l.v);
	nl_close(&nl);
	return ret;
}
