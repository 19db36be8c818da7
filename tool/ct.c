// SPDX-License-Identifier: GPL-2.0
/* Conntrack-lite (protocol 4): ct show / set, flows show / flush / del. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <libmnl/libmnl.h>

#include "cmd.h"
#include "ct.h"
#include "err.h"
#include "nl.h"

static int ct_collect(const struct nlmsghdr *nlh, void *data)
{
	struct ct_info *ci = data;
	char why[64];

	if (ct_info_parse(nlh, ci, why, sizeof(why)) < 0) {
		errorf("malformed reply from the kernel (%s)", why);
		return -1;
	}
	return 0;
}

int cmd_ct_show(struct session *s, struct pr *pr)
{
	struct nl *nl = session_need(s, 4);
	char buf[NL_REQ_SIZE];
	struct nlmsghdr *nlh;
	struct ct_info ci;

	if (!nl)
		return -1;
	memset(&ci, 0, sizeof(ci));
	nlh = nl_brfw_msg(nl, buf, sizeof(buf), BRFW_CMD_CT_GET, 0);
	if (nl_talk(nl, nlh, ct_collect, &ci, NULL) < 0) {
		nl_perror(nl, nlh, "ct show");
		return -1;
	}
	ct_print(pr, &ci);
	return 0;
}

int cmd_ct_set(struct session *s, const struct request *req)
{
	struct nl *nl = session_need(s, 4);
	char buf[NL_REQ_SIZE];
	struct nlmsghdr *nlh;

	if (!nl)
		return -1;
	nlh = nl_brfw_msg(nl, buf, sizeof(buf), BRFW_CMD_CT_SET, 0);
	ct_set_attrs(nlh, req);
	if (nl_talk(nl, nlh, NULL, NULL, NULL) < 0) {
		/* Raising max outside the initial namespace: not a capability. */
		if (nl->ext.error == EPERM && nl->ext.msg)
			errorf("ct set: %s", nl->ext.msg);
		else
			nl_perror(nl, nlh, "ct set");
		return -1;
	}
	return 0;
}

struct flow_list {
	struct nl *nl;
	uint32_t ifindex;
	struct flow_view *v;
	size_t n, cap;
};

static int flow_collect(const struct nlmsghdr *nlh, void *data)
{
	struct flow_list *l = data;
	struct flow f;
	char why[64];

	if (nlh->nlmsg_type != l->nl->family)
		return 0;
	if (flow_parse(nlh, &f, why, sizeof(why)) < 0) {
		errorf("malformed reply from the kernel (%s)", why);
		return -1;
	}
	if (l->n == l->cap) {
		size_t cap = l->cap ? 2 * l->cap : 64;
		struct flow_view *v = realloc(l->v, cap * sizeof(*v));

		if (!v) {
			errorf("out of memory");
			return -1;
		}
		l->v = v;
		l->cap = cap;
	}
	flow_view_init(&l->v[l->n], &f, l->ifindex);
	l->v[l->n].seq = l->n;
	l->n++;
	return 0;
}

static void flow_list_reset(void *data)
{
	struct flow_list *l = data;

	l->n = 0;
}

static void flow_filter(struct nlmsghdr *nlh, const void *arg)
{
	const uint32_t *ifindex = arg;

	if (*ifindex)
		mnl_attr_put_u32(nlh, BRFW_A_IFINDEX, *ifindex);
}

int cmd_flows_show(struct session *s, const struct request *req,
		   struct pr *pr)
{
	struct flow_list l = { 0 };
	char ctx[64];
	size_t i;

	if (req->dev && dev_resolve(req->dev, &l.ifindex))
		return -1;
	l.nl = session_need(s, 4);
	if (!l.nl)
		return -1;
	snprintf(ctx, sizeof(ctx), "flows%s%s", req->dev ? " " : "",
		 req->dev ? req->dev : "");
	if (session_dump(s, BRFW_CMD_FLOW_GET, flow_filter, &l.ifindex,
			 flow_collect, flow_list_reset, &l, ctx)) {
		free(l.v);
		return -1;
	}
	for (i = 0; i < l.n; i++) {
		struct flow_view *v = &l.v[i];

		if (!v->ifindex)
			snprintf(v->dev, sizeof(v->dev), "-");
		else if (!if_indextoname(v->ifindex, v->dev))
			snprintf(v->dev, sizeof(v->dev), "if%u", v->ifindex);
	}
	flow_sort(l.v, l.n);
	flow_print(pr, l.v, l.n);
	free(l.v);
	return 0;
}

int cmd_flows_del(struct session *s, const struct request *req)
{
	char buf[NL_REQ_SIZE], ctx[64];
	struct nlmsghdr *nlh;
	uint32_t ifindex = 0;
	struct nl *nl;

	if (req->dev && dev_resolve(req->dev, &ifindex))
		return -1;
	nl = session_need(s, 4);
	if (!nl)
		return -1;
	nlh = nl_brfw_msg(nl, buf, sizeof(buf), BRFW_CMD_FLOW_DEL, 0);
	if (req->cmd == CMD_FLOWS_DEL) {
		flow_key_put(nlh, &req->flow);
		snprintf(ctx, sizeof(ctx), "flows del");
	} else if (req->dev) {
		mnl_attr_put_u32(nlh, BRFW_A_IFINDEX, ifindex);
		snprintf(ctx, sizeof(ctx), "flows flush %s", req->dev);
	} else {
		snprintf(ctx, sizeof(ctx), "flows flush");
	}
	if (nl_talk(nl, nlh, NULL, NULL, NULL) < 0) {
		if (req->cmd == CMD_FLOWS_DEL && nl->ext.error == ENOENT &&
		    !nl->ext.msg)
			errorf("flows del: no such flow");
		else
			nl_perror(nl, nlh, ctx);
		return -1;
	}
	return 0;
}
