// SPDX-License-Identifier: GPL-2.0
/* rule show; the other rule commands are requests only (cmd_modify). */
#include <stdlib.h>
#include <string.h>

#include <libmnl/libmnl.h>
#include <linux/brfw.h>

#include "err.h"
#include "rule_cmd.h"

struct rule_list {
	struct nl *nl;
	struct rule_entry *v;
	size_t n, cap;
};

static int collect(const struct nlmsghdr *nlh, void *data)
{
	struct rule_list *l = data;
	char why[64];

	if (nlh->nlmsg_type != l->nl->family)
		return 0;
	if (l->n == l->cap) {
		size_t cap = l->cap ? 2 * l->cap : 64;
		struct rule_entry *v = realloc(l->v, cap * sizeof(*v));

		if (!v) {
			errorf("out of memory");
			return -1;
		}
		l->v = v;
		l->cap = cap;
	}
	if (rule_reply_parse(nlh, &l->v[l->n], why, sizeof(why)) < 0) {
		errorf("malformed reply from the kernel (%s)", why);
		return -1;
	}
	l->v[l->n].seq = l->n;
	l->n++;
	return 0;
}

static void reset(void *data)
{
	struct rule_list *l = data;

	l->n = 0;
}

static void filter(struct nlmsghdr *nlh, const void *arg)
{
	const uint32_t *ifindex = arg;

	if (*ifindex)
		mnl_attr_put_u32(nlh, BRFW_A_IFINDEX, *ifindex);
}

int rule_dump(struct session *s, uint32_t ifindex, struct rule_entry **v,
	      size_t *n, const char *ctx)
{
	struct rule_list l = { 0 };

	l.nl = session_need(s, 3);
	if (!l.nl)
		return -1;
	if (session_dump(s, BRFW_CMD_RULE_GET, filter, &ifindex, collect,
			 reset, &l, ctx)) {
		free(l.v);
		return -1;
	}
	rule_sort(l.v, l.n);
	*v = l.v;
	*n = l.n;
	return 0;
}

int cmd_rule_show(struct session *s, const struct request *req,
		  struct pr *pr)
{
	struct rule_entry *v;
	uint32_t ifindex = 0;
	char ctx[64];
	size_t n, i;

	if (req->dev && dev_resolve(req->dev, &ifindex))
		return -1;
	snprintf(ctx, sizeof(ctx), "rule show%s%s", req->dev ? " " : "",
		 req->dev ? req->dev : "");
	if (rule_dump(s, ifindex, &v, &n, ctx))
		return -1;
	rule_print(pr, v, n);
	for (i = 0; i < n; i++) {
		if (v[i].r.unknown) {
			warnf("some rules have matches this brfwctl does not know and does not show: update brfwctl");
			break;
		}
	}
	free(v);
	return 0;
}
