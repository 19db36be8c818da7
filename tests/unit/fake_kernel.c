// SPDX-License-Identifier: GPL-2.0
/*
 * A fake brfw kernel side for end-to-end tests of brfwctl without the
 * module. Linked into bin/brfwctl-fake, it defines socket(), bind(),
 * sendto(), recvmsg() and friends, which take precedence over libc's for
 * libmnl too. AF_NETLINK sockets get a /dev/null descriptor; requests on
 * it are logged and answered the way the kernel would, by scenario:
 *
 *   BRFW_FAKE=nomod    no brfw family (ENOENT from nlctrl)
 *   BRFW_FAKE=ok       two ports, version "0.1.0-fake", ACKs
 *   BRFW_FAKE=empty    no ports
 *   BRFW_FAKE=intrN    the first N port dumps are flagged NLM_F_DUMP_INTR
 *   BRFW_FAKE=eperm    brfw commands fail with EPERM, no extack
 *   BRFW_FAKE=extack   brfw commands fail with extended ACKs
 *   BRFW_FAKE=warn     port set succeeds with a warning in the ACK
 *   BRFW_FAKE=bad      the dump carries a port without a name
 *   BRFW_FAKE=v1       a protocol 1 module: no identity in replies, and
 *                      requests with identity attributes are rejected
 *   BRFW_FAKE=badip    port set fails on the second ip entry (extack
 *                      offset inside the BRFW_A_IP4 nest)
 *
 *   BRFW_FAKE=v2       a protocol 2 module (no rules, sets, transactions)
 *   BRFW_FAKE=v3       a protocol 3 module (no conntrack: ct, flows)
 *   BRFW_FAKE=netns    as ok, in a namespace other than the initial one:
 *                      ct set max above the current one is EPERM
 *   BRFW_FAKE=model    port set / del / show from the in-memory model too
 *
 * Ports in replies: vnet10 and lo have an identity, vnet2 the defaults.
 * Rules, sets, counters and transactions are answered from the in-memory
 * model of fake_model.c in every scenario (and ports, in "model"); with
 * BRFW_FAKE_STATE naming a file, the model survives from one run of
 * brfwctl to the next. if_nametoindex() knows the fake devices of
 * fake_model.c only (lo is 1, vnet2 is 7 ...).
 *
 * BRFW_FAKE_LOG names a file that gets one line per request: top-level
 * attributes as type=value, nests as type={ ... } (a list without the
 * NLA_F_NESTED flag as type=!{ ... }), u8/u16 with a prefix, the
 * community as str:, other sizes as hex (4 bytes too, inside nests).
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include <net/if.h>

#include <libmnl/libmnl.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>
#include <linux/brfw.h>

#include "fake.h"

static int nl_fd = -1;
/* Replies queued for recvmsg: datagrams, each of one or more messages. */
static struct dgram **queue;
static int q_head, q_tail, q_cap, q_alloc;	/* q_alloc: buffers kept */
static int dumps;	/* port dumps so far */

const char *scenario(void)
{
	const char *s = getenv("BRFW_FAKE");

	return s ? s : "ok";
}

bool is(const char *name)
{
	return !strcmp(scenario(), name);
}

static void logf_(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void logf_(const char *fmt, ...)
{
	const char *path = getenv("BRFW_FAKE_LOG");
	va_list ap;
	FILE *fp;

	if (fake_replaying || !path || !(fp = fopen(path, "a")))
		return;
	va_start(ap, fmt);
	vfprintf(fp, fmt, ap);
	va_end(ap);
	fclose(fp);
}

struct nlmsghdr *dgram_msg(int d, const struct nlmsghdr *req,
			   uint16_t type, uint16_t flags)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(queue[d]->buf + queue[d]->len);

	nlh->nlmsg_type = type;
	nlh->nlmsg_flags = flags;
	nlh->nlmsg_seq = req->nlmsg_seq;
	nlh->nlmsg_pid = PORTID;
	return nlh;
}

int new_dgram(void)
{
	int d;

	if (q_tail == q_cap) {
		int cap = q_cap ? 2 * q_cap : 16;
		struct dgram **q = realloc(queue, (size_t)cap * sizeof(*q));

		if (!q)
			abort();
		queue = q;
		q_cap = cap;
	}
	d = q_tail++;
	if (d == q_alloc) {
		queue[d] = malloc(sizeof(*queue[d]));
		if (!queue[d])
			abort();
		q_alloc++;
	}
	queue[d]->len = 0;
	return d;
}

size_t dgram_room(int d)
{
	return DGRAM_SIZE - queue[d]->len;
}

void end_msg(int d, struct nlmsghdr *nlh)
{
	queue[d]->len += NLMSG_ALIGN(nlh->nlmsg_len);
}

/* Empty the queue; the buffers are kept for the next replies. */
void queue_reset(void)
{
	q_head = q_tail = 0;
}

/* NLMSG_ERROR (error 0: ACK), capped, with optional extack. */
void ack(const struct nlmsghdr *req, int error, const char *msg,
		int offs, int miss)
{
	int d = new_dgram();
	struct nlmsghdr *nlh = dgram_msg(d, req, NLMSG_ERROR, NLM_F_CAPPED);
	struct nlmsgerr *e = mnl_nlmsg_put_extra_header(nlh, sizeof(*e));

	e->error = error;
	e->msg = *req;
	if (msg || offs >= 0 || miss >= 0)
		nlh->nlmsg_flags |= NLM_F_ACK_TLVS;
	if (msg)
		mnl_attr_put_strz(nlh, NLMSGERR_ATTR_MSG, msg);
	if (offs >= 0)
		mnl_attr_put_u32(nlh, NLMSGERR_ATTR_OFFS, offs);
	if (miss >= 0)
		mnl_attr_put_u32(nlh, NLMSGERR_ATTR_MISS_TYPE, miss);
	end_msg(d, nlh);
}

/* The protocol version the fake module speaks. */
unsigned int proto(void)
{
	return is("v1") ? 1 : is("v2") ? 2 : is("v3") ? 3 : BRFW_GENL_VERSION;
}

static void put_prefix(struct nlmsghdr *nlh, const void *addr, size_t alen,
		       int len)
{
	struct nlattr *entry = mnl_attr_nest_start(nlh, BRFW_LIST_PREFIX);

	mnl_attr_put(nlh, BRFW_PREFIX_ADDR, alen, addr);
	if (len >= 0)
		mnl_attr_put_u8(nlh, BRFW_PREFIX_LEN, len);
	mnl_attr_nest_end(nlh, entry);
}

/*
 * What a protocol 2 module sends. With an identity: mac, two IPv4 and two
 * IPv6 entries (one without a length: a host), VLANs 100, 200, 300-310,
 * spoof-check and router on, community "web", drops 3 and base + 7.
 */
static void put_ident(struct nlmsghdr *nlh, bool ident, uint64_t base)
{
	static const uint8_t mac[6] = { 0x52, 0x54, 0x00, 0x30, 0xfc, 0x2d };
	static const uint8_t a4[2][4] = { { 192, 168, 0, 202 }, { 10, 1, 0, 0 } };
	static const uint8_t a6[2][16] = {
		{ 0xfe, 0x80, [15] = 0x03, [14] = 0x02 },
		{ 0x20, 0x01, 0x0d, 0xb8 },
	};
	uint8_t zero[6] = { 0 };
	struct nlattr *nest;
	int v, r;

	mnl_attr_put(nlh, BRFW_A_MAC, 6, ident ? mac : zero);
	mnl_attr_put_u32(nlh, BRFW_A_PORT_FLAGS, !ident ? 0 :
			 BRFW_PORT_F_SPOOF_CHECK | BRFW_PORT_F_ROUTER |
			 (proto() >= 4 ? BRFW_PORT_F_STATEFUL : 0));
	mnl_attr_put_u8(nlh, BRFW_A_ISOLATION, ident ? BRFW_ISOLATION_COMMUNITY
						     : BRFW_ISOLATION_NONE);
	if (ident)
		mnl_attr_put_strz(nlh, BRFW_A_COMMUNITY, "web");
	nest = mnl_attr_nest_start(nlh, BRFW_A_IP4);
	if (ident) {
		put_prefix(nlh, a4[0], 4, 32);
		put_prefix(nlh, a4[1], 4, 28);
	}
	mnl_attr_nest_end(nlh, nest);
	nest = mnl_attr_nest_start(nlh, BRFW_A_IP6);
	if (ident) {
		put_prefix(nlh, a6[0], 16, -1);
		put_prefix(nlh, a6[1], 16, 64);
	}
	mnl_attr_nest_end(nlh, nest);
	nest = mnl_attr_nest_start(nlh, BRFW_A_VLANS);
	if (ident) {
		mnl_attr_put_u16(nlh, BRFW_LIST_VLAN, 100);
		mnl_attr_put_u16(nlh, BRFW_LIST_VLAN, 200);
		for (v = 300; v <= 310; v++)
			mnl_attr_put_u16(nlh, BRFW_LIST_VLAN, v);
	}
	mnl_attr_nest_end(nlh, nest);
	nest = mnl_attr_nest_start(nlh, BRFW_A_DROPS);
	for (r = BRFW_REASON_SPOOF_MAC; r <= BRFW_REASON_MAX; r++)
		mnl_attr_put_u64(nlh, r, !ident ? 0 :
				 r == BRFW_REASON_SPOOF_IP ? 3 :
				 r == BRFW_REASON_MALFORMED ? base + 7 :
				 r == BRFW_REASON_CT_FULL ? 5 : 0);
	mnl_attr_nest_end(nlh, nest);
	/* Protocol 4: a quota of 500 flows, 2 of them used. */
	if (proto() >= 4) {
		mnl_attr_put_u32(nlh, BRFW_A_CT_LIMIT, ident ? 500 : 0);
		mnl_attr_put_u32(nlh, BRFW_A_CT_FLOWS, ident ? 2 : 0);
	}
}

static void put_port(int d, const struct nlmsghdr *req, uint16_t flags,
		     uint32_t ifindex, const char *name, int in, int out,
		     uint64_t base)
{
	struct nlmsghdr *nlh = dgram_msg(d, req, FAMILY_ID, flags);
	struct genlmsghdr *g = mnl_nlmsg_put_extra_header(nlh, sizeof(*g));
	struct nlattr *nest;
	int dir;

	g->cmd = BRFW_CMD_PORT_GET;
	g->version = proto();
	mnl_attr_put_u32(nlh, BRFW_A_IFINDEX, ifindex);
	if (name)
		mnl_attr_put_strz(nlh, BRFW_A_IFNAME, name);
	mnl_attr_put_u32(nlh, BRFW_A_MASTER_IFINDEX, 3);
	mnl_attr_put_strz(nlh, BRFW_A_MASTER_IFNAME, "br0");
	mnl_attr_put_u8(nlh, BRFW_A_POLICY_IN, in);
	mnl_attr_put_u8(nlh, BRFW_A_POLICY_OUT, out);
	for (dir = 0; dir < 2; dir++) {
		nest = mnl_attr_nest_start(nlh, dir ? BRFW_A_STATS_OUT : BRFW_A_STATS_IN);
		mnl_attr_put_u64(nlh, BRFW_STAT_PASS_PACKETS, base + 1 + dir * 10);
		mnl_attr_put_u64(nlh, BRFW_STAT_PASS_BYTES, base + 2 + dir * 10);
		mnl_attr_put_u64(nlh, BRFW_STAT_DROP_PACKETS, base + 3 + dir * 10);
		mnl_attr_put_u64(nlh, BRFW_STAT_DROP_BYTES, base + 4 + dir * 10);
		mnl_attr_nest_end(nlh, nest);
	}
	if (proto() >= 2)
		put_ident(nlh, base != 0, base);
	end_msg(d, nlh);
}

void done(const struct nlmsghdr *req, uint16_t flags, int error,
	  const char *msg)
{
	int d = new_dgram();
	struct nlmsghdr *nlh = dgram_msg(d, req, NLMSG_DONE, NLM_F_MULTI | flags);

	*(int *)mnl_nlmsg_put_extra_header(nlh, sizeof(int)) = error;
	if (msg) {
		nlh->nlmsg_flags |= NLM_F_ACK_TLVS;
		mnl_attr_put_strz(nlh, NLMSGERR_ATTR_MSG, msg);
	}
	end_msg(d, nlh);
}

/* A reply to an earlier request: brfwctl must skip it. */
static void stale(const struct nlmsghdr *req)
{
	int d = new_dgram();
	struct nlmsghdr *nlh = dgram_msg(d, req, NLMSG_ERROR, NLM_F_CAPPED);
	struct nlmsgerr *e = mnl_nlmsg_put_extra_header(nlh, sizeof(*e));

	nlh->nlmsg_seq--;
	e->error = -EIO;
	end_msg(d, nlh);
}

static void getfamily(const struct nlmsghdr *req)
{
	struct nlmsghdr *nlh;
	struct genlmsghdr *g;
	int d;

	logf_("getfamily flags=0x%x\n", req->nlmsg_flags);
	if (is("nomod")) {
		ack(req, -ENOENT, NULL, -1, -1);
		return;
	}
	d = new_dgram();
	nlh = dgram_msg(d, req, GENL_ID_CTRL, 0);
	g = mnl_nlmsg_put_extra_header(nlh, sizeof(*g));
	g->cmd = CTRL_CMD_NEWFAMILY;
	g->version = 2;
	mnl_attr_put_strz(nlh, CTRL_ATTR_FAMILY_NAME, BRFW_GENL_NAME);
	mnl_attr_put_u16(nlh, CTRL_ATTR_FAMILY_ID, FAMILY_ID);
	mnl_attr_put_u32(nlh, CTRL_ATTR_VERSION, proto());
	end_msg(d, nlh);
	ack(req, 0, NULL, -1, -1);
}

#define LOG_SIZE 65536

static void log_attrs(char *line, size_t *off, const struct nlattr *a,
		      int len, bool nested);

/* One attribute; nested ones by their contents. */
static void log_attr(char *line, size_t *off, const struct nlattr *a,
		     bool nested)
{
	unsigned int t = mnl_attr_get_type(a), n = mnl_attr_get_payload_len(a), i;
	const unsigned char *v = mnl_attr_get_payload(a);

#define ADD(...) (*off += snprintf(line + *off, *off < LOG_SIZE ? \
				   LOG_SIZE - *off : 0, __VA_ARGS__))
	if (*off >= LOG_SIZE)
		return;
	ADD(" %u=", t);
	/* Nests (by flag, or by type for the lists): their attributes. */
	if ((a->nla_type & NLA_F_NESTED) ||
	    (!nested && (t == BRFW_A_IP4 || t == BRFW_A_IP6 || t == BRFW_A_VLANS))) {
		ADD("%s{", a->nla_type & NLA_F_NESTED ? "" : "!");
		log_attrs(line, off, mnl_attr_get_payload(a), n, true);
		ADD(" }");
		return;
	}
	if (!nested && (t == BRFW_A_COMMUNITY || t == BRFW_A_SET_NAME) && n &&
	    !v[n - 1])
		ADD("str:%s", (const char *)v);
	else if (n == 4 && !nested)
		ADD("%u", mnl_attr_get_u32(a));
	else if (n == 1)
		ADD("u8:%u", mnl_attr_get_u8(a));
	else if (n == 2)
		ADD("u16:%u", mnl_attr_get_u16(a));
	else {
		ADD("hex:");
		for (i = 0; i < n; i++)
			ADD("%02x", v[i]);
	}
#undef ADD
}

static void log_attrs(char *line, size_t *off, const struct nlattr *a,
		      int len, bool nested)
{
	const char *end = (const char *)a + len;

	for (; mnl_attr_ok(a, (int)(end - (const char *)a)); a = mnl_attr_next(a))
		log_attr(line, off, a, nested);
}

/* Log the request: command, header, attributes in order. */
static int log_brfw(const struct nlmsghdr *req, int *ifindex_offs,
		    int *ip4_offs, int *v2_offs)
{
	const struct genlmsghdr *g = mnl_nlmsg_get_payload(req);
	static char line[LOG_SIZE];
	const struct nlattr *a;
	size_t off;

	off = snprintf(line, sizeof(line), "cmd=%u version=%u reserved=%u flags=0x%x",
		       g->cmd, g->version, g->reserved, req->nlmsg_flags);
	*ifindex_offs = *ip4_offs = *v2_offs = -1;
	mnl_attr_for_each(a, req, GENL_HDRLEN) {
		unsigned int t = mnl_attr_get_type(a);
		int at = (int)((const char *)a - (const char *)req);

		if (t == BRFW_A_IFINDEX)
			*ifindex_offs = at;
		if (t > BRFW_A_STATS_OUT && *v2_offs < 0)
			*v2_offs = at;
		/* The address of the second entry of the ip list. */
		if (t == BRFW_A_IP4) {
			const struct nlattr *e, *x;
			int n = 0;

			mnl_attr_for_each_nested(e, a)
				if (++n == 2)
					mnl_attr_for_each_nested(x, e)
						if (mnl_attr_get_type(x) == BRFW_PREFIX_ADDR)
							*ip4_offs = (int)((const char *)x -
									  (const char *)req);
		}
		log_attr(line, &off, a, false);
	}
	logf_("%s\n", line);
	return g->cmd;
}

static void brfw(const struct nlmsghdr *req)
{
	bool dump = (req->nlmsg_flags & NLM_F_DUMP) == NLM_F_DUMP;
	int offs, ip4_offs, v2_offs, cmd = log_brfw(req, &offs, &ip4_offs,
						   &v2_offs);
	struct nlmsghdr *nlh;
	struct genlmsghdr *g;
	uint16_t intr = 0;
	int d;

	if (is("eperm")) {
		ack(req, -EPERM, NULL, -1, -1);
		return;
	}
	switch (cmd) {
	case BRFW_CMD_VERSION_GET:
		d = new_dgram();
		nlh = dgram_msg(d, req, FAMILY_ID, 0);
		g = mnl_nlmsg_put_extra_header(nlh, sizeof(*g));
		g->cmd = BRFW_CMD_VERSION_GET;
		g->version = proto();
		mnl_attr_put_strz(nlh, BRFW_A_VERSION, "0.1.0-fake");
		mnl_attr_put_u32(nlh, BRFW_A_PROTO_VERSION, proto());
		end_msg(d, nlh);
		ack(req, 0, NULL, -1, -1);
		return;
	case BRFW_CMD_PORT_SET:
		/* What the kernel's strict policy says about a newer attribute. */
		if (proto() < 2 && v2_offs >= 0)
			ack(req, -EINVAL, "Unknown attribute type", v2_offs, -1);
		else if (is("badip") && ip4_offs >= 0)
			ack(req, -EINVAL, "ip: host bits set in prefix", ip4_offs, -1);
		else if (is("extack"))
			ack(req, -EINVAL, "lo is not a bridge port", offs, -1);
		else if (is("warn"))
			ack(req, 0, "policy unchanged", -1, -1);
		else
			model_request(req, cmd);
		return;
	case BRFW_CMD_PORT_DEL:
		if (is("extack"))
			ack(req, -EINVAL, NULL, -1, BRFW_A_IFINDEX);
		else if (is("model"))
			model_request(req, cmd);
		else
			ack(req, 0, NULL, -1, -1);
		return;
	case BRFW_CMD_PORT_GET:
		if (is("model")) {
			model_request(req, cmd);
			return;
		}
		break;
	default:
		if (proto() < 3 || cmd > BRFW_CMD_MAX ||
		    (proto() < 4 && cmd >= BRFW_CMD_CT_GET))
			ack(req, -EOPNOTSUPP, NULL, -1, -1);
		else
			model_request(req, cmd);
		return;
	}
	if (!dump) {
		if (is("extack")) {
			ack(req, -ENOENT, "lo has no policy", -1, -1);
			return;
		}
		stale(req);
		d = new_dgram();
		put_port(d, req, 0, 1, "lo", BRFW_VERDICT_DROP,
			 BRFW_VERDICT_ACCEPT, 100);
		ack(req, 0, NULL, -1, -1);
		return;
	}
	if (is("extack")) {
		done(req, 0, -EMSGSIZE, "dump failed");
		return;
	}
	dumps++;
	if (!strncmp(scenario(), "intr", 4) && dumps <= atoi(scenario() + 4))
		intr = NLM_F_DUMP_INTR;
	d = new_dgram();
	if (!is("empty")) {
		put_port(d, req, NLM_F_MULTI | intr, 11, "vnet10",
			 BRFW_VERDICT_ACCEPT, BRFW_VERDICT_DROP, 1000);
		put_port(d, req, NLM_F_MULTI | intr, 7, is("bad") ? NULL : "vnet2",
			 BRFW_VERDICT_DROP, BRFW_VERDICT_DROP, 0);
	}
	done(req, intr, 0, NULL);
}

int socket(int domain, int type, int protocol)
{
	static int (*real)(int, int, int);

	if (domain != AF_NETLINK) {
		if (!real)
			real = (int (*)(int, int, int))dlsym(RTLD_NEXT, "socket");
		return real(domain, type, protocol);
	}
	if (protocol != NETLINK_GENERIC) {
		errno = EPROTONOSUPPORT;
		return -1;
	}
	nl_fd = open("/dev/null", O_RDWR | O_CLOEXEC);
	return nl_fd;
}

int bind(int fd, const struct sockaddr *addr, socklen_t len)
{
	static int (*real)(int, const struct sockaddr *, socklen_t);

	if (fd == nl_fd)
		return 0;
	if (!real)
		real = (int (*)(int, const struct sockaddr *, socklen_t))
			dlsym(RTLD_NEXT, "bind");
	return real(fd, addr, len);
}

int getsockname(int fd, struct sockaddr *addr, socklen_t *len)
{
	static int (*real)(int, struct sockaddr *, socklen_t *);
	struct sockaddr_nl nl = { .nl_family = AF_NETLINK, .nl_pid = PORTID };

	if (fd == nl_fd) {
		memcpy(addr, &nl, *len < sizeof(nl) ? *len : sizeof(nl));
		*len = sizeof(nl);
		return 0;
	}
	if (!real)
		real = (int (*)(int, struct sockaddr *, socklen_t *))
			dlsym(RTLD_NEXT, "getsockname");
	return real(fd, addr, len);
}

int setsockopt(int fd, int level, int name, const void *val, socklen_t len)
{
	static int (*real)(int, int, int, const void *, socklen_t);

	if (fd == nl_fd) {
		logf_("setsockopt %d=%d\n", name, *(const int *)val);
		return 0;
	}
	if (!real)
		real = (int (*)(int, int, int, const void *, socklen_t))
			dlsym(RTLD_NEXT, "setsockopt");
	return real(fd, level, name, val, len);
}

ssize_t sendto(int fd, const void *buf, size_t len, int flags,
	       const struct sockaddr *addr, socklen_t alen)
{
	static ssize_t (*real)(int, const void *, size_t, int,
			       const struct sockaddr *, socklen_t);
	const struct nlmsghdr *req = buf;

	if (fd != nl_fd) {
		if (!real)
			real = (ssize_t (*)(int, const void *, size_t, int,
					    const struct sockaddr *, socklen_t))
				dlsym(RTLD_NEXT, "sendto");
		return real(fd, buf, len, flags, addr, alen);
	}
	if (len < NLMSG_HDRLEN || req->nlmsg_len != len) {
		errno = EINVAL;
		return -1;
	}
	model_load();
	queue_reset();
	if (req->nlmsg_type == GENL_ID_CTRL)
		getfamily(req);
	else if (req->nlmsg_type == FAMILY_ID)
		brfw(req);
	else
		ack(req, -ENOENT, NULL, -1, -1);
	return len;
}

ssize_t recvmsg(int fd, struct msghdr *msg, int flags)
{
	static ssize_t (*real)(int, struct msghdr *, int);
	size_t len;

	if (fd != nl_fd) {
		if (!real)
			real = (ssize_t (*)(int, struct msghdr *, int))
				dlsym(RTLD_NEXT, "recvmsg");
		return real(fd, msg, flags);
	}
	if (q_head == q_tail) {
		/* The real socket would block forever: a brfwctl bug. */
		fprintf(stderr, "fake kernel: recvmsg with nothing queued\n");
		_exit(98);
	}
	len = queue[q_head]->len;
	if (len > msg->msg_iov[0].iov_len)
		len = msg->msg_iov[0].iov_len;
	memcpy(msg->msg_iov[0].iov_base, queue[q_head]->buf, len);
	q_head++;
	if (msg->msg_name) {
		struct sockaddr_nl nl = { .nl_family = AF_NETLINK };

		memcpy(msg->msg_name, &nl, sizeof(nl));
		msg->msg_namelen = sizeof(nl);
	}
	msg->msg_flags = 0;
	return len;
}

/* ... and names ports of flows by ifindex. */
char *if_indextoname(unsigned int ifindex, char name[IF_NAMESIZE])
{
	const char *n = fake_dev_name(ifindex);

	if (!n) {
		errno = ENXIO;
		return NULL;
	}
	snprintf(name, IF_NAMESIZE, "%s", n);
	return name;
}

/* brfwctl looks devices up by name: the fake ones. */
unsigned int if_nametoindex(const char *name)
{
	unsigned int i = fake_dev_index(name);

	if (!i)
		errno = ENODEV;
	return i;
}
