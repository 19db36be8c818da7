// SPDX-License-Identifier: GPL-2.0
/* Address sets: decoding the dump, sorting, set show. */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include <libmnl/libmnl.h>
#include <linux/genetlink.h>
#include <linux/brfw.h>

#include "err.h"
#include "set.h"

struct reply {
	const struct nlattr *tb[BRFW_A_MAX + 1];
};

static int attr_cb(const struct nlattr *attr, void *data)
{
	struct reply *c = data;
	unsigned int type = mnl_attr_get_type(attr);

	if (type <= BRFW_A_MAX)
		c->tb[type] = attr;
	return MNL_CB_OK;
}

static int push(struct set_info *s, const struct elem *e)
{
	if (s->n == s->cap) {
		size_t cap = s->cap ? 2 * s->cap : 64;
		struct elem *v = realloc(s->elems, cap * sizeof(*v));

		if (!v)
			return -1;
		s->elems = v;
		s->cap = cap;
	}
	s->elems[s->n++] = *e;
	return 0;
}

struct elem_ctx {
	struct set_info *set;
	const char *why;
};

static int prefix_cb(const struct nlattr *attr, void *data)
{
	const struct nlattr **tb = data;
	unsigned int type = mnl_attr_get_type(attr);

	if (type == BRFW_PREFIX_ADDR || type == BRFW_PREFIX_LEN)
		tb[type] = attr;
	return MNL_CB_OK;
}

static int elem_cb(const struct nlattr *attr, void *data)
{
	const struct nlattr *tb[BRFW_PREFIX_MAX + 1] = { NULL };
	struct elem_ctx *c = data;
	struct elem e;
	size_t alen;

	if (mnl_attr_get_type(attr) != BRFW_LIST_PREFIX)
		return MNL_CB_OK;	/* from a newer module */
	c->why = "bad member";
	if (mnl_attr_validate(attr, MNL_TYPE_NESTED) < 0 ||
	    mnl_attr_parse_nested(attr, prefix_cb, tb) < 0 ||
	    !tb[BRFW_PREFIX_ADDR])
		return MNL_CB_ERROR;
	alen = mnl_attr_get_payload_len(tb[BRFW_PREFIX_ADDR]);
	if (alen != 4 && alen != 16)
		return MNL_CB_ERROR;
	memset(&e, 0, sizeof(e));
	e.family = alen == 16 ? 6 : 4;
	memcpy(e.p.addr, mnl_attr_get_payload(tb[BRFW_PREFIX_ADDR]), alen);
	e.p.len = (uint8_t)(alen * 8);
	if (tb[BRFW_PREFIX_LEN]) {
		if (mnl_attr_validate(tb[BRFW_PREFIX_LEN], MNL_TYPE_U8) < 0 ||
		    mnl_attr_get_u8(tb[BRFW_PREFIX_LEN]) > alen * 8)
			return MNL_CB_ERROR;
		e.p.len = mnl_attr_get_u8(tb[BRFW_PREFIX_LEN]);
	}
	if (push(c->set, &e)) {
		c->why = "out of memory";
		return MNL_CB_ERROR;
	}
	return MNL_CB_OK;
}

int set_reply_add(struct set_list *l, const struct nlmsghdr *nlh,
		  char *err, size_t errlen)
{
	struct elem_ctx ec = { NULL, NULL };
	const struct nlattr *a;
	struct set_info *s;
	struct reply c;
	const char *name;

	memset(&c, 0, sizeof(c));
	if (mnl_nlmsg_get_payload_len(nlh) < GENL_HDRLEN ||
	    mnl_attr_parse(nlh, GENL_HDRLEN, attr_cb, &c) < 0) {
		snprintf(err, errlen, "bad attributes");
		return -1;
	}
	a = c.tb[BRFW_A_SET_NAME];
	if (!a || mnl_attr_validate(a, MNL_TYPE_NUL_STRING) < 0 ||
	    !set_name_valid(mnl_attr_get_str(a))) {
		snprintf(err, errlen, "%s set name", a ? "bad" : "missing");
		return -1;
	}
	name = mnl_attr_get_str(a);
	if (c.tb[BRFW_A_SET_REFS] &&
	    mnl_attr_validate(c.tb[BRFW_A_SET_REFS], MNL_TYPE_U32) < 0) {
		snprintf(err, errlen, "bad attribute set-refs");
		return -1;
	}
	if (l->n && !strcmp(l->v[l->n - 1].name, name)) {
		s = &l->v[l->n - 1];
	} else {
		if (l->n == l->cap) {
			size_t cap = l->cap ? 2 * l->cap : 16;
			struct set_info *v = realloc(l->v, cap * sizeof(*v));

			if (!v) {
				snprintf(err, errlen, "out of memory");
				return -1;
			}
			l->v = v;
			l->cap = cap;
		}
		s = &l->v[l->n++];
		memset(s, 0, sizeof(*s));
		memcpy(s->name, name, strlen(name) + 1);
	}
	if (c.tb[BRFW_A_SET_REFS])
		s->refs = mnl_attr_get_u32(c.tb[BRFW_A_SET_REFS]);
	a = c.tb[BRFW_A_SET_ELEMS];
	if (a) {
		ec.set = s;
		if (mnl_attr_validate(a, MNL_TYPE_NESTED) < 0 ||
		    mnl_attr_parse_nested(a, elem_cb, &ec) < 0) {
			snprintf(err, errlen, "%s in set %s",
				 ec.why ? ec.why : "bad members", s->name);
			return -1;
		}
	}
	return 0;
}

static int elem_qcmp(const void *a, const void *b)
{
	return elem_cmp(a, b);
}

static int set_qcmp(const void *a, const void *b)
{
	const struct set_info *x = a, *y = b;

	return strcmp(x->name, y->name);
}

void set_list_sort(struct set_list *l)
{
	size_t i, j, k;

	if (l->n > 1)
		qsort(l->v, l->n, sizeof(*l->v), set_qcmp);
	for (i = 0; i < l->n; i++) {
		struct set_info *s = &l->v[i];

		if (s->n > 1)
			qsort(s->elems, s->n, sizeof(*s->elems), elem_qcmp);
		for (j = k = 0; j < s->n; j++)
			if (!k || elem_cmp(&s->elems[k - 1], &s->elems[j]))
				s->elems[k++] = s->elems[j];
		s->n = k;
	}
}

void set_list_free(struct set_list *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		free(l->v[i].elems);
	free(l->v);
	memset(l, 0, sizeof(*l));
}

void set_print(struct pr *pr, const struct set_list *l)
{
	char buf[PREFIX_STR_SIZE];
	size_t i, j;

	pr_open_array(pr, NULL);
	for (i = 0; i < l->n; i++) {
		const struct set_info *s = &l->v[i];

		pr_open_object(pr, NULL);
		pr_str(pr, PR_ANY, "name", "set %s", s->name);
		pr_u64(pr, PR_ANY, "count", "  %" PRIu64, s->n);
		pr_text(pr, s->n == 1 ? " element" : " elements");
		pr_u64(pr, PR_ANY, "refs", "  used by %" PRIu64, s->refs);
		pr_text(pr, s->refs == 1 ? " rule\n" : " rules\n");
		pr_open_array(pr, "elements");
		for (j = 0; j < s->n; j++)
			pr_str(pr, PR_ANY, NULL, "  %s\n",
			       prefix_str(buf, s->elems[j].family == 6,
					  &s->elems[j].p));
		pr_close_array(pr);
		pr_close_object(pr);
	}
	pr_close_array(pr);
	pr_end(pr);
}

struct dump_ctx {
	struct nl *nl;
	struct set_list *l;
};

static int collect(const struct nlmsghdr *nlh, void *data)
{
	struct dump_ctx *d = data;
	char why[96];

	if (nlh->nlmsg_type != d->nl->family)
		return 0;
	if (set_reply_add(d->l, nlh, why, sizeof(why)) < 0) {
		errorf("malformed reply from the kernel (%s)", why);
		return -1;
	}
	return 0;
}

static void reset(void *data)
{
	struct dump_ctx *d = data;

	set_list_free(d->l);
}

static void filter(struct nlmsghdr *nlh, const void *arg)
{
	const char *name = arg;

	if (name)
		mnl_attr_put_strz(nlh, BRFW_A_SET_NAME, name);
}

int set_dump(struct session *s, const char *name, struct set_list *l,
	     const char *ctx)
{
	struct dump_ctx d = { .l = l };

	memset(l, 0, sizeof(*l));
	d.nl = session_need(s, 3);
	if (!d.nl)
		return -1;
	if (session_dump(s, BRFW_CMD_SET_GET, filter, name, collect, reset,
			 &d, ctx)) {
		set_list_free(l);
		return -1;
	}
	set_list_sort(l);
	return 0;
}

int cmd_set_show(struct session *s, const struct request *req,
		 struct pr *pr)
{
	const char *name = req->set_name[0] ? req->set_name : NULL;
	struct set_list l;
	char ctx[64];

	snprintf(ctx, sizeof(ctx), "set show%s%s", name ? " " : "",
		 name ? name : "");
	if (set_dump(s, name, &l, ctx))
		return -1;
	if (name) {
		/* Only the set asked for, should the module list others. */
		size_t i, k = 0;

		for (i = 0; i < l.n; i++) {
			if (!strcmp(l.v[i].name, name))
				l.v[k++] = l.v[i];
			else
				free(l.v[i].elems);
		}
		l.n = k;
	}
	if (name && !l.n) {
		errorf("set \"%s\" does not exist", name);
		set_list_free(&l);
		return -1;
	}
	set_print(pr, &l);
	set_list_free(&l);
	return 0;
}
