// SPDX-License-Identifier: GPL-2.0
/* Generic netlink plumbing; see nl.h. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <libmnl/libmnl.h>
#include <linux/genetlink.h>
#include <linux/brfw.h>

#include "err.h"
#include "nl.h"
#include "rule.h"

#ifndef NETLINK_CAP_ACK
#define NETLINK_CAP_ACK 10
#endif
#ifndef NETLINK_EXT_ACK
#define NETLINK_EXT_ACK 11
#endif
#ifndef NLM_F_CAPPED
#define NLM_F_CAPPED 0x100
#endif
#ifndef NLM_F_ACK_TLVS
#define NLM_F_ACK_TLVS 0x200
#endif
#define EXT_ATTR_MSG 1		/* NLMSGERR_ATTR_MSG */
#define EXT_ATTR_OFFS 2		/* NLMSGERR_ATTR_OFFS */
#define EXT_ATTR_MISS_TYPE 5	/* NLMSGERR_ATTR_MISS_TYPE */

/*
 * The kernel sizes dump messages to the reader's buffer, up to 32 KiB; a
 * single reply may be larger (a port that lists every VLAN).
 */
#define NL_RBUF_SIZE 65536

int nl_open(struct nl *nl)
{
	int one = 1;

	memset(nl, 0, sizeof(*nl));
	nl->rbuf = malloc(NL_RBUF_SIZE);
	if (!nl->rbuf) {
		errorf("out of memory");
		return -1;
	}
	nl->sock = mnl_socket_open(NETLINK_GENERIC);
	if (!nl->sock) {
		errorf("cannot open a generic netlink socket: %s",
		       strerror(errno));
		goto fail;
	}
	if (mnl_socket_bind(nl->sock, 0, MNL_SOCKET_AUTOPID) < 0) {
		errorf("cannot bind the netlink socket: %s", strerror(errno));
		goto fail;
	}
	/* Old kernels lack these; errors then come without details. */
	mnl_socket_setsockopt(nl->sock, NETLINK_EXT_ACK, &one, sizeof(one));
	mnl_socket_setsockopt(nl->sock, NETLINK_CAP_ACK, &one, sizeof(one));
	nl->portid = mnl_socket_get_portid(nl->sock);
	nl->seq = (uint32_t)time(NULL);
	return 0;
fail:
	nl_close(nl);
	return -1;
}

void nl_close(struct nl *nl)
{
	if (nl->sock)
		mnl_socket_close(nl->sock);
	free(nl->rbuf);
	nl->sock = NULL;
	nl->rbuf = NULL;
}

static int ext_attr_cb(const struct nlattr *attr, void *data)
{
	struct nl_ext *ext = data;

	switch (mnl_attr_get_type(attr)) {
	case EXT_ATTR_MSG:
		if (mnl_attr_validate(attr, MNL_TYPE_NUL_STRING) == 0)
			ext->msg = mnl_attr_get_str(attr);
		break;
	case EXT_ATTR_OFFS:
		if (mnl_attr_validate(attr, MNL_TYPE_U32) == 0) {
			ext->has_offs = true;
			ext->offs = mnl_attr_get_u32(attr);
		}
		break;
	case EXT_ATTR_MISS_TYPE:
		if (mnl_attr_validate(attr, MNL_TYPE_U32) == 0) {
			ext->has_miss = true;
			ext->miss_type = mnl_attr_get_u32(attr);
		}
		break;
	}
	return MNL_CB_OK;
}

int nl_parse_ack(const struct nlmsghdr *nlh, struct nl_ext *ext)
{
	size_t plen = mnl_nlmsg_get_payload_len(nlh);
	size_t off;
	int error;

	memset(ext, 0, sizeof(*ext));
	if (nlh->nlmsg_type == NLMSG_DONE) {
		/* A dump's end: an int, 0 or a negative errno (old: empty). */
		if (plen < sizeof(int))
			return 0;
		off = sizeof(int);
	} else {
		const struct nlmsgerr *e = mnl_nlmsg_get_payload(nlh);

		if (plen < sizeof(*e))
			return -1;
		if (nlh->nlmsg_flags & NLM_F_CAPPED)
			off = sizeof(*e);
		else if (e->msg.nlmsg_len < sizeof(e->msg))
			return -1;
		else
			off = sizeof(int) + e->msg.nlmsg_len;
	}
	memcpy(&error, mnl_nlmsg_get_payload(nlh), sizeof(error));
	ext->error = error < 0 ? -error : error;
	off = MNL_ALIGN(off);
	if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS) || off >= plen)
		return 0;
	if (mnl_attr_parse(nlh, (unsigned int)off, ext_attr_cb, ext) < 0) {
		/* Keep what parsed before the damage; it was validated. */
	}
	return 0;
}

struct nlmsghdr *nl_brfw_msg(struct nl *nl, void *buf, size_t size,
			     uint8_t cmd, uint16_t flags)
{
	struct nlmsghdr *nlh;
	struct genlmsghdr *g;

	memset(buf, 0, size);
	nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = nl->family;
	nlh->nlmsg_flags = NLM_F_REQUEST | flags;
	g = mnl_nlmsg_put_extra_header(nlh, sizeof(*g));
	g->cmd = cmd;
	g->version = BRFW_GENL_VERSION;
	return nlh;
}

static int set_error(struct nl *nl, int error)
{
	memset(&nl->ext, 0, sizeof(nl->ext));
	nl->ext.error = error;
	return -1;
}

int nl_talk(struct nl *nl, struct nlmsghdr *req, nl_msg_cb cb, void *data,
	    bool *intr)
{
	bool dump = (req->nlmsg_flags & NLM_F_DUMP) == NLM_F_DUMP;
	uint32_t seq = ++nl->seq;

	memset(&nl->ext, 0, sizeof(nl->ext));
	if (intr)
		*intr = false;
	req->nlmsg_seq = seq;
	if (!dump)
		req->nlmsg_flags |= NLM_F_ACK;
	if (mnl_socket_sendto(nl->sock, req, req->nlmsg_len) < 0)
		return set_error(nl, errno);

	for (;;) {
		struct nlmsghdr *nlh;
		ssize_t n;
		int len;

		n = mnl_socket_recvfrom(nl->sock, nl->rbuf, NL_RBUF_SIZE);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return set_error(nl, errno);
		}
		len = (int)n;
		for (nlh = nl->rbuf; mnl_nlmsg_ok(nlh, len);
		     nlh = mnl_nlmsg_next(nlh, &len)) {
			if (nlh->nlmsg_seq != seq || nlh->nlmsg_pid != nl->portid)
				continue;	/* stale reply to an earlier request */
			if (intr && (nlh->nlmsg_flags & NLM_F_DUMP_INTR))
				*intr = true;
			switch (nlh->nlmsg_type) {
			case NLMSG_NOOP:
				continue;
			case NLMSG_OVERRUN:
				return set_error(nl, ENOBUFS);
			case NLMSG_ERROR:
			case NLMSG_DONE:
				if (nl_parse_ack(nlh, &nl->ext) < 0)
					return set_error(nl, EBADMSG);
				if (nl->ext.error)
					return -1;
				if (nl->ext.msg)
					warnf("%s", nl->ext.msg);
				return 0;
			}
			if (nlh->nlmsg_type < NLMSG_MIN_TYPE)
				continue;
			if (cb && cb(nlh, data) < 0)
				return set_error(nl, 0);
		}
		if (len > 0)
			return set_error(nl, EBADMSG);	/* truncated message */
	}
}

const char *brfw_attr_name(unsigned int type)
{
	static const char *const names[] = {
		[BRFW_A_UNSPEC] = "unspec",
		[BRFW_A_PAD] = "pad",
		[BRFW_A_VERSION] = "version",
		[BRFW_A_PROTO_VERSION] = "protocol-version",
		[BRFW_A_IFINDEX] = "ifindex",
		[BRFW_A_IFNAME] = "ifname",
		[BRFW_A_MASTER_IFINDEX] = "master-ifindex",
		[BRFW_A_MASTER_IFNAME] = "master-ifname",
		[BRFW_A_POLICY_IN] = "policy-in",
		[BRFW_A_POLICY_OUT] = "policy-out",
		[BRFW_A_STATS_IN] = "stats-in",
		[BRFW_A_STATS_OUT] = "stats-out",
		[BRFW_A_MAC] = "mac",
		[BRFW_A_IP4] = "ip",
		[BRFW_A_IP6] = "ip6",
		[BRFW_A_VLANS] = "vlan",
		[BRFW_A_PORT_FLAGS] = "port-flags",
		[BRFW_A_PORT_FLAGS_MASK] = "port-flags-mask",
		[BRFW_A_ISOLATION] = "isolation",
		[BRFW_A_COMMUNITY] = "community",
		[BRFW_A_DROPS] = "drops",
		[BRFW_A_RULE] = "rule",
		[BRFW_A_RULE_ID] = "id",
		[BRFW_A_RULE_POS] = "pos",
		[BRFW_A_SET_NAME] = "set name",
		[BRFW_A_SET_ELEMS] = "set members",
		[BRFW_A_SET_COUNT] = "set count",
		[BRFW_A_SET_REFS] = "set refs",
		[BRFW_A_TXN] = "txn",
		[BRFW_A_CT_LIMIT] = "ct-limit",
		[BRFW_A_CT_FLOWS] = "flows",
		[BRFW_A_CT] = "ct",
		[BRFW_A_FLOW] = "flow",
	};

	if (type >= sizeof(names) / sizeof(names[0]))
		return NULL;
	return names[type];
}

static void attr_label(char *buf, size_t len, unsigned int type,
			const char *(*attr_name)(unsigned int))
{
	const char *name = attr_name ? attr_name(type) : NULL;

	if (name)
		snprintf(buf, len, "%s", name);
	else
		snprintf(buf, len, "%u", type);
}

/*
 * Inside a rule: the match's name ("src"), and the entry of a port list
 * ("sport, entry 2").
 */
static void rule_attr_at(char *buf, size_t len, const struct nlattr *attr,
			 const char *base, uint32_t offs)
{
	unsigned int type = attr->nla_type & NLA_TYPE_MASK, entry = 0;
	const char *name = rule_attr_name(type);
	const struct nlattr *child;
	char num[16];

	if (!name) {
		snprintf(num, sizeof(num), "%u", type);
		name = num;
	}
	if ((type == BRFW_RULE_SPORT || type == BRFW_RULE_DPORT) &&
	    (uint32_t)((const char *)attr - base) != offs) {
		mnl_attr_for_each_nested(child, attr) {
			uint32_t cs = (uint32_t)((const char *)child - base);

			entry++;
			if (offs >= cs && offs < cs + NLA_ALIGN(child->nla_len)) {
				snprintf(buf, len, "%s, entry %u", name, entry);
				return;
			}
		}
	}
	snprintf(buf, len, "%s", name);
}

/*
 * The request attribute at offset offs: its name, or for an offset inside
 * a nested list, the list's name and the (1-based) entry. Empty if offs
 * is not at or in an attribute.
 */
static void attr_at(char *buf, size_t len, const struct nlmsghdr *req,
		    uint32_t offs, const char *(*attr_name)(unsigned int))
{
	const struct nlattr *nla, *child;
	const char *base = (const char *)req;
	unsigned int entry = 0;
	char name[32];

	buf[0] = '\0';
	if (!req || offs < NLMSG_HDRLEN + GENL_HDRLEN || offs % NLA_ALIGNTO ||
	    (uint64_t)offs + NLA_HDRLEN > req->nlmsg_len)
		return;
	mnl_attr_for_each(nla, req, GENL_HDRLEN) {
		uint32_t start = (uint32_t)((const char *)nla - base);

		if (offs < start || offs >= start + NLA_ALIGN(nla->nla_len))
			continue;
		attr_label(name, sizeof(name), nla->nla_type & NLA_TYPE_MASK,
			   attr_name);
		if (offs == start || !(nla->nla_type & NLA_F_NESTED)) {
			snprintf(buf, len, "%s", name);
			return;
		}
		mnl_attr_for_each_nested(child, nla) {
			uint32_t cs = (uint32_t)((const char *)child - base);

			entry++;
			if (offs < cs || offs >= cs + NLA_ALIGN(child->nla_len))
				continue;
			if ((nla->nla_type & NLA_TYPE_MASK) == BRFW_A_RULE &&
			    attr_name == brfw_attr_name) {
				rule_attr_at(buf, len, child, base, offs);
				return;
			}
			snprintf(buf, len, "%s, entry %u", name, entry);
			return;
		}
		snprintf(buf, len, "%s", name);
		return;
	}
}

void nl_format_error(char *buf, size_t len, const struct nl_ext *ext,
		     const struct nlmsghdr *req,
		     const char *(*attr_name)(unsigned int type),
		     const char *ctx)
{
	const char *what = ext->error ? strerror(ext->error) : "unknown error";
	char attr[48] = "";
	size_t off = 0;

#define ADD(...) \
	(off += snprintf(buf + off, off < len ? len - off : 0, __VA_ARGS__))

	if (ext->has_miss) {
		const char *name = attr_name ? attr_name(ext->miss_type) : NULL;

		if (name)
			snprintf(attr, sizeof(attr), "%s", name);
		else
			snprintf(attr, sizeof(attr), "%u", ext->miss_type);
		if (ext->msg)
			ADD("%s (missing attribute: %s)", ext->msg, attr);
		else
			ADD("missing attribute: %s", attr);
	} else {
		if (ext->msg)
			ADD("%s", ext->msg);
		else if (ctx)
			ADD("%s: %s", ctx, what);
		else
			ADD("%s", what);
		if (ext->has_offs)
			attr_at(attr, sizeof(attr), req, ext->offs, attr_name);
		if (attr[0])
			ADD(" (attribute %s)", attr);
	}
	if (ext->error == EPERM)
		ADD(" (brfwctl needs CAP_NET_ADMIN)");
#undef ADD
}

void nl_perror(const struct nl *nl, const struct nlmsghdr *req,
	       const char *ctx)
{
	char buf[512];

	if (!nl->ext.error)
		return;
	nl_format_error(buf, sizeof(buf), &nl->ext, req, brfw_attr_name, ctx);
	errorf("%s", buf);
}

/* CTRL_CMD_GETFAMILY reply. */
static int family_attr_cb(const struct nlattr *attr, void *data)
{
	struct nl *nl = data;

	switch (mnl_attr_get_type(attr)) {
	case CTRL_ATTR_FAMILY_ID:
		if (mnl_attr_validate(attr, MNL_TYPE_U16) == 0)
			nl->family = mnl_attr_get_u16(attr);
		break;
	case CTRL_ATTR_VERSION:
		if (mnl_attr_validate(attr, MNL_TYPE_U32) == 0)
			nl->family_version = mnl_attr_get_u32(attr);
		break;
	}
	return MNL_CB_OK;
}

static int family_cb(const struct nlmsghdr *nlh, void *data)
{
	if (nlh->nlmsg_type != GENL_ID_CTRL)
		return 0;
	mnl_attr_parse(nlh, GENL_HDRLEN, family_attr_cb, data);
	return 0;
}

int nl_resolve(struct nl *nl)
{
	char buf[NL_REQ_SIZE];
	struct nlmsghdr *nlh;
	struct genlmsghdr *g;

	memset(buf, 0, sizeof(buf));
	nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = GENL_ID_CTRL;
	nlh->nlmsg_flags = NLM_F_REQUEST;
	g = mnl_nlmsg_put_extra_header(nlh, sizeof(*g));
	g->cmd = CTRL_CMD_GETFAMILY;
	g->version = 1;
	mnl_attr_put_strz(nlh, CTRL_ATTR_FAMILY_NAME, BRFW_GENL_NAME);

	nl->family = 0;
	if (nl_talk(nl, nlh, family_cb, nl, NULL) < 0) {
		if (nl->ext.error == ENOENT) {
			errorf("the brfw kernel module is not loaded (modprobe brfw)");
		} else {
			char msg[512];

			nl_format_error(msg, sizeof(msg), &nl->ext, nlh, NULL,
					"cannot look up the generic netlink family \""
					BRFW_GENL_NAME "\"");
			errorf("%s", msg);
		}
		return -1;
	}
	if (!nl->family) {
		errorf("cannot look up the generic netlink family \"%s\": no family id in the reply",
		       BRFW_GENL_NAME);
		return -1;
	}
	return 0;
}
