// SPDX-License-Identifier: GPL-2.0
/* port set / show / del. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <libmnl/libmnl.h>

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

/* A command on one port without reply data: set and del. */
static int port_simple(const struct request *req, uint8_t cmd,
		       const char *name)
{
	char buf[NL_REQ_SIZE], ctx[64];
	struct nlmsghdr *nlh;
	uint32_t ifindex = 0;
	struct nl nl;
	int ret;

	if (start(&nl, req->dev, &ifindex))
		return -1;
	nlh = nl_brfw_msg(&nl, buf, cmd, 0);
	mnl_attr_put_u32(nlh, BRFW_A_IFINDEX, ifindex);
	if (req->policy_in != POLICY_UNSET)
		mnl_attr_put_u8(nlh, BRFW_A_POLICY_IN, (uint8_t)req->policy_in);
	if (req->policy_out != POLICY_UNSET)
		mnl_attr_put_u8(nlh, BRFW_A_POLICY_OUT, (uint8_t)req->policy_out);
	ret = nl_talk(&nl, nlh, NULL, NULL, NULL);
	if (ret < 0) {
		snprintf(ctx, sizeof(ctx), "port %s %s", name, req->dev);
		nl_perror(&nl, nlh, ctx);
	}
	nl_close(&nl);
	return ret;
}

int cmd_port_set(const struct request *req)
{
	return port_simple(req, BRFW_CMD_PORT_SET, "set");
}

int cmd_port_del(const struct request *req)
{
	return port_simple(req, BRFW_CMD_PORT_DEL, "del");
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
			nlh = nl_brfw_msg(&nl, buf, BRFW_CMD_PORT_GET, 0);
			mnl_attr_put_u32(nlh, BRFW_A_IFINDEX, ifindex);
		} else {
			nlh = nl_brfw_msg(&nl, buf, BRFW_CMD_PORT_GET, NLM_F_DUMP);
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
	port_print(pr, l.v, l.n);
out:
	free(l.v);
	nl_close(&nl);
	return ret;
}
