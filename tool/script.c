// SPDX-License-Identifier: GPL-2.0
/* Requests built ahead of sending, and batch / restore files; see script.h. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libmnl/libmnl.h>
#include <linux/genetlink.h>
#include <linux/brfw.h>

#include "err.h"
#include "port.h"
#include "rule.h"
#include "script.h"

/* A SET_* request with a full chunk of IPv6 members fits in a message. */
#define ELEM_ENTRY_MAX (NLA_HDRLEN + NLA_ALIGN(NLA_HDRLEN + 16) + \
			NLA_ALIGN(NLA_HDRLEN + 1))
_Static_assert(NLMSG_HDRLEN + GENL_HDRLEN + NLA_ALIGN(NLA_HDRLEN + BRFW_SET_NAMSIZ) +
	       NLA_HDRLEN + BRFW_MAX_ELEMS_PER_MSG * ELEM_ENTRY_MAX +
	       NLA_HDRLEN <= SCRIPT_MSG_MAX, "SCRIPT_MSG_MAX too small for sets");
_Static_assert(PORT_SET_REQ_SIZE <= SCRIPT_MSG_MAX,
	       "SCRIPT_MSG_MAX too small for port set");

void script_init(struct script *s)
{
	memset(s, 0, sizeof(*s));
}

void script_free(struct script *s)
{
	free(s->buf);
	free(s->msgs);
	script_init(s);
}

struct nlmsghdr *script_msg(const struct script *s, size_t i)
{
	return (struct nlmsghdr *)(s->buf + s->msgs[i].off);
}

/* Room for one more message of at most SCRIPT_MSG_MAX bytes. */
static int reserve(struct script *s)
{
	if (s->cap - s->len < SCRIPT_MSG_MAX) {
		size_t cap = s->cap ? 2 * s->cap : 4 * SCRIPT_MSG_MAX;
		char *b = realloc(s->buf, cap);

		if (!b)
			return -1;
		s->buf = b;
		s->cap = cap;
	}
	if (s->n == s->cap_msgs) {
		size_t cap = s->cap_msgs ? 2 * s->cap_msgs : 64;
		struct script_msg *m = realloc(s->msgs, cap * sizeof(*m));

		if (!m)
			return -1;
		s->msgs = m;
		s->cap_msgs = cap;
	}
	return 0;
}

/* Start a message; its type (the family) is set when it is sent. */
static struct nlmsghdr *start(struct script *s, uint8_t cmd, int line,
			      const char *ctx)
{
	struct script_msg *m = &s->msgs[s->n];
	struct nlmsghdr *nlh;
	struct genlmsghdr *g;

	m->off = s->len;
	m->line = line;
	snprintf(m->ctx, sizeof(m->ctx), "%s", ctx);
	nlh = mnl_nlmsg_put_header(s->buf + s->len);
	nlh->nlmsg_flags = NLM_F_REQUEST;
	g = mnl_nlmsg_put_extra_header(nlh, sizeof(*g));
	g->cmd = cmd;
	g->version = BRFW_GENL_VERSION;
	return nlh;
}

static void finish(struct script *s, struct nlmsghdr *nlh, bool txn)
{
	if (txn)
		mnl_attr_put(nlh, BRFW_A_TXN, 0, NULL);
	s->len += NLMSG_ALIGN(nlh->nlmsg_len);
	s->n++;
}

static void put_elems(struct nlmsghdr *nlh, const struct elem *v, size_t n)
{
	struct nlattr *nest = nl_nest_start(nlh, BRFW_A_SET_ELEMS), *e;
	size_t i;

	for (i = 0; i < n; i++) {
		e = nl_nest_start(nlh, BRFW_LIST_PREFIX);
		mnl_attr_put(nlh, BRFW_PREFIX_ADDR, v[i].family == 6 ? 16 : 4,
			     v[i].p.addr);
		mnl_attr_put_u8(nlh, BRFW_PREFIX_LEN, v[i].p.len);
		mnl_attr_nest_end(nlh, e);
	}
	mnl_attr_nest_end(nlh, nest);
}

/*
 * Set members in requests of at most BRFW_MAX_ELEMS_PER_MSG: the first
 * with first_cmd (SET_NEW may have none), the rest with cmd.
 */
static int set_msgs(struct script *s, const struct request *req,
		    uint8_t first_cmd, uint8_t cmd, bool txn, int line,
		    const char *ctx)
{
	size_t done = 0, n;
	bool first = true;

	do {
		struct nlmsghdr *nlh;

		if (reserve(s))
			return -1;
		n = req->n_elems - done;
		if (n > BRFW_MAX_ELEMS_PER_MSG)
			n = BRFW_MAX_ELEMS_PER_MSG;
		nlh = start(s, first ? first_cmd : cmd, line, ctx);
		mnl_attr_put_strz(nlh, BRFW_A_SET_NAME, req->set_name);
		if (n)
			put_elems(nlh, req->elems + done, n);
		finish(s, nlh, txn);
		done += n;
		first = false;
	} while (done < req->n_elems);
	return 0;
}

int script_add(struct script *s, const struct request *req, uint32_t ifindex,
	       bool txn, int line, char *err, size_t errlen)
{
	struct nlmsghdr *nlh;
	char ctx[64];

	if (errlen)
		err[0] = '\0';
	if (request_protocol(req) > s->protocol)
		s->protocol = request_protocol(req);
	switch (req->cmd) {
	case CMD_SET_ADD:
		snprintf(ctx, sizeof(ctx), "set add %s", req->set_name);
		if (set_msgs(s, req, BRFW_CMD_SET_NEW, BRFW_CMD_SET_ELEM_ADD,
			     txn, line, ctx))
			goto oom;
		return 0;
	case CMD_SET_ADD_ELEM:
		snprintf(ctx, sizeof(ctx), "set add-elem %s", req->set_name);
		if (set_msgs(s, req, BRFW_CMD_SET_ELEM_ADD,
			     BRFW_CMD_SET_ELEM_ADD, txn, line, ctx))
			goto oom;
		return 0;
	case CMD_SET_DEL_ELEM:
		snprintf(ctx, sizeof(ctx), "set del-elem %s", req->set_name);
		if (set_msgs(s, req, BRFW_CMD_SET_ELEM_DEL,
			     BRFW_CMD_SET_ELEM_DEL, txn, line, ctx))
			goto oom;
		return 0;
	default:
		break;
	}
	if (reserve(s))
		goto oom;
	switch (req->cmd) {
	case CMD_PORT_SET:
		snprintf(ctx, sizeof(ctx), "port set %s", req->dev);
		nlh = start(s, BRFW_CMD_PORT_SET, line, ctx);
		mnl_attr_put_u32(nlh, BRFW_A_IFINDEX, ifindex);
		port_set_attrs(nlh, req);
		break;
	case CMD_RULE_ADD:
	case CMD_RULE_INSERT:
		snprintf(ctx, sizeof(ctx), "rule %s %s",
			 req->cmd == CMD_RULE_ADD ? "add" : "insert", req->dev);
		nlh = start(s, BRFW_CMD_RULE_ADD, line, ctx);
		mnl_attr_put_u32(nlh, BRFW_A_IFINDEX, ifindex);
		rule_put(nlh, &req->rule);
		if (req->cmd == CMD_RULE_INSERT)
			mnl_attr_put_u32(nlh, BRFW_A_RULE_POS, req->pos);
		break;
	case CMD_RULE_DEL:
		snprintf(ctx, sizeof(ctx), "rule del %s", req->dev);
		nlh = start(s, BRFW_CMD_RULE_DEL, line, ctx);
		mnl_attr_put_u32(nlh, BRFW_A_IFINDEX, ifindex);
		mnl_attr_put_u32(nlh, BRFW_A_RULE_ID, req->rule_id);
		break;
	case CMD_SET_DEL:
		snprintf(ctx, sizeof(ctx), "set del %s", req->set_name);
		nlh = start(s, BRFW_CMD_SET_DEL, line, ctx);
		mnl_attr_put_strz(nlh, BRFW_A_SET_NAME, req->set_name);
		break;
	case CMD_COUNTERS_RESET:
		if (req->dev)
			snprintf(ctx, sizeof(ctx), "counters reset %s", req->dev);
		else
			snprintf(ctx, sizeof(ctx), "counters reset");
		nlh = start(s, BRFW_CMD_COUNTERS_RESET, line, ctx);
		if (req->dev)
			mnl_attr_put_u32(nlh, BRFW_A_IFINDEX, ifindex);
		break;
	default:
		snprintf(err, errlen, "internal error: command %d sends nothing",
			 (int)req->cmd);
		return -1;
	}
	finish(s, nlh, txn);
	return 0;
oom:
	snprintf(err, errlen, "out of memory");
	return -1;
}

int script_send(struct nl *nl, const struct script *s, size_t from,
		size_t *failed)
{
	size_t i;

	for (i = from; i < s->n; i++) {
		struct nlmsghdr *nlh = script_msg(s, i);

		nlh->nlmsg_type = nl->family;
		if (nl_talk(nl, nlh, NULL, NULL, NULL) < 0) {
			*failed = i;
			return -1;
		}
	}
	return 0;
}

/* The set member at offs in a SET_* request, if offs is inside one. */
static bool member_at(const struct nlmsghdr *req, uint32_t offs, char *buf)
{
	const struct nlattr *nla, *e, *x;
	const char *base = (const char *)req;

	mnl_attr_for_each(nla, req, GENL_HDRLEN) {
		if (mnl_attr_get_type(nla) != BRFW_A_SET_ELEMS)
			continue;
		mnl_attr_for_each_nested(e, nla) {
			uint32_t start = (uint32_t)((const char *)e - base);

			if (offs < start || offs >= start + NLA_ALIGN(e->nla_len))
				continue;
			mnl_attr_for_each_nested(x, e) {
				struct prefix p = { .len = 0 };
				size_t alen = mnl_attr_get_payload_len(x);
				const struct nlattr *l;

				if (mnl_attr_get_type(x) != BRFW_PREFIX_ADDR ||
				    (alen != 4 && alen != 16))
					continue;
				memcpy(p.addr, mnl_attr_get_payload(x), alen);
				p.len = (uint8_t)(alen * 8);
				mnl_attr_for_each_nested(l, e)
					if (mnl_attr_get_type(l) == BRFW_PREFIX_LEN &&
					    mnl_attr_get_payload_len(l) == 1)
						p.len = mnl_attr_get_u8(l);
				prefix_str(buf, alen == 16, &p);
				return true;
			}
		}
	}
	return false;
}

void script_error(char *buf, size_t len, const struct nl *nl,
		  const struct script *s, size_t i)
{
	const struct nlmsghdr *req = script_msg(s, i);
	char member[PREFIX_STR_SIZE];
	struct nl_ext ext = nl->ext;
	size_t n;

	if (ext.has_offs && member_at(req, ext.offs, member)) {
		ext.has_offs = false;
		nl_format_error(buf, len, &ext, req, brfw_attr_name,
				s->msgs[i].ctx);
		n = strlen(buf);
		snprintf(buf + n, len - n, " (member %s)", member);
		return;
	}
	nl_format_error(buf, len, &ext, req, brfw_attr_name, s->msgs[i].ctx);
}

/* Files. */

int file_read(const char *path, char **buf, size_t *len)
{
	bool std = !strcmp(path, "-");
	int fd = std ? 0 : open(path, O_RDONLY | O_CLOEXEC);
	size_t cap = 65536, n = 0;
	char *b;

	if (fd < 0) {
		errorf("cannot open %s: %s", path, strerror(errno));
		return -1;
	}
	b = malloc(cap);
	for (;;) {
		ssize_t r;

		if (!b) {
			errorf("out of memory");
			goto fail;
		}
		if (cap - n < 4096) {
			char *nb = realloc(b, cap * 2);

			if (!nb) {
				free(b);
				b = NULL;
				continue;
			}
			b = nb;
			cap *= 2;
		}
		r = read(fd, b + n, cap - n - 1);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			errorf("cannot read %s: %s", std ? "standard input" : path,
			       strerror(errno));
			free(b);
			goto fail;
		}
		if (!r)
			break;
		n += (size_t)r;
	}
	b[n] = '\0';
	if (!std)
		close(fd);
	*buf = b;
	*len = n;
	return 0;
fail:
	if (!std)
		close(fd);
	return -1;
}

void lines_init(struct lines *l, const char *text, size_t len)
{
	memset(l, 0, sizeof(*l));
	l->p = text;
	l->end = text + len;
}

void lines_free(struct lines *l)
{
	free(l->copy);
	free(l->argv);
	l->copy = NULL;
	l->argv = NULL;
}

static bool blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v';
}

int lines_next(struct lines *l, char *err, size_t errlen)
{
	while (l->p < l->end) {
		const char *eol = memchr(l->p, '\n', (size_t)(l->end - l->p));
		size_t n = eol ? (size_t)(eol - l->p) : (size_t)(l->end - l->p);
		char *c;

		l->line++;
		if (memchr(l->p, '\0', n)) {
			snprintf(err, errlen, "a NUL byte in the line");
			return -1;
		}
		if (n + 1 > l->copy_cap) {
			size_t cap = n + 1 > 2 * l->copy_cap ? n + 1 : 2 * l->copy_cap;
			char *b = realloc(l->copy, cap);

			if (!b)
				goto oom;
			l->copy = b;
			l->copy_cap = cap;
		}
		memcpy(l->copy, l->p, n);
		l->copy[n] = '\0';
		l->p = eol ? eol + 1 : l->end;

		l->argc = 0;
		for (c = l->copy; *c;) {
			while (blank(*c))
				*c++ = '\0';
			if (!*c)
				break;
			if (l->argc + 1 >= l->argv_cap) {
				int cap = l->argv_cap ? 2 * l->argv_cap : 32;
				char **v = realloc(l->argv, (size_t)cap * sizeof(*v));

				if (!v)
					goto oom;
				l->argv = v;
				l->argv_cap = cap;
			}
			l->argv[l->argc++] = c;
			while (*c && !blank(*c))
				c++;
		}
		if (!l->argc || l->argv[0][0] == '#')
			continue;
		l->argv[l->argc] = NULL;
		return 1;
	}
	return 0;
oom:
	snprintf(err, errlen, "out of memory");
	return -1;
}

/* The last device looked up: a file's lines mostly repeat one. */
struct dev_cache {
	char name[IFNAMSIZ];
	uint32_t ifindex;
};

int restore_parse(const char *text, size_t len, dev_lookup_fn lookup,
		  void *data, struct script *s, char *err, size_t errlen)
{
	struct dev_cache cache = { "", 0 };
	char msg[512];
	struct request req;
	struct lines l;
	int r;

	lines_init(&l, text, len);
	while ((r = lines_next(&l, msg, sizeof(msg))) > 0) {
		uint32_t ifindex = 0;

		if (parse_line(l.argc, l.argv, LINE_RESTORE, &req, msg,
			       sizeof(msg)) < 0) {
			request_free(&req);
			goto fail;
		}
		if (req.dev && strcmp(req.dev, cache.name)) {
			int e = lookup(req.dev, &ifindex, data);

			if (e) {
				dev_error(msg, sizeof(msg), req.dev, e);
				request_free(&req);
				goto fail;
			}
			snprintf(cache.name, sizeof(cache.name), "%s", req.dev);
			cache.ifindex = ifindex;
		}
		ifindex = cache.ifindex;
		r = script_add(s, &req, ifindex, true, l.line, msg, sizeof(msg));
		request_free(&req);
		if (r)
			goto fail;
	}
	if (r < 0)
		goto fail;
	lines_free(&l);
	return 0;
fail:
	snprintf(err, errlen, "line %d: %s", l.line, msg);
	lines_free(&l);
	return -1;
}

int batch_check(const char *text, size_t len, char *err, size_t errlen)
{
	char msg[512];
	struct request req;
	struct lines l;
	int r;

	lines_init(&l, text, len);
	while ((r = lines_next(&l, msg, sizeof(msg))) > 0) {
		r = parse_line(l.argc, l.argv, LINE_BATCH, &req, msg, sizeof(msg));
		request_free(&req);
		if (r < 0)
			break;
	}
	if (r < 0)
		snprintf(err, errlen, "line %d: %s", l.line, msg);
	lines_free(&l);
	return r < 0 ? -1 : 0;
}

void dev_error(char *buf, size_t len, const char *dev, int error)
{
	if (error == ENODEV || error == ENXIO)
		snprintf(buf, len, "device \"%s\" does not exist", dev);
	else
		snprintf(buf, len, "cannot look up device \"%s\": %s", dev,
			 strerror(error));
}
