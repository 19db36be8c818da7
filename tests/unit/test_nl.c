// SPDX-License-Identifier: GPL-2.0
/* Netlink requests and the decoding of errors and extended ACKs. */
#include <arpa/inet.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <libmnl/libmnl.h>
#include <linux/genetlink.h>
#include <linux/brfw.h>

#include "err.h"
#include "nl.h"
#include "parse.h"
#include "port.h"
#include "tap.h"
#include "tests.h"

#define FAMILY 0x1d

/* The request the errors below refer to: port set vnet0 policy-in drop. */
static char req_buf[NL_REQ_SIZE];
static struct nlmsghdr *req;
static uint32_t offs_ifindex, offs_policy_in, offs_unknown;

static void make_request(void)
{
	struct nl nl;

	memset(&nl, 0, sizeof(nl));
	nl.family = FAMILY;
	req = nl_brfw_msg(&nl, req_buf, sizeof(req_buf), BRFW_CMD_PORT_SET, 0);
	offs_ifindex = req->nlmsg_len;
	mnl_attr_put_u32(req, BRFW_A_IFINDEX, 7);
	offs_policy_in = req->nlmsg_len;
	mnl_attr_put_u8(req, BRFW_A_POLICY_IN, BRFW_VERDICT_DROP);
	offs_unknown = req->nlmsg_len;
	mnl_attr_put_u32(req, 99, 0);
	req->nlmsg_seq = 1234;
}

struct ext_attrs {
	const char *msg;
	bool offs, miss;
	uint32_t offs_val, miss_val;
};

#define TLVS 1
#define CAPPED 2

/* An NLMSG_ERROR for req as the kernel builds it. */
static struct nlmsghdr *make_error(char *buf, int error, int flags,
				   const struct ext_attrs *a)
{
	struct nlmsghdr *nlh;
	char *payload;

	memset(buf, 0, 4096);
	nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = NLMSG_ERROR;
	nlh->nlmsg_seq = req->nlmsg_seq;
	if (flags & CAPPED) {
		payload = mnl_nlmsg_put_extra_header(nlh, sizeof(struct nlmsgerr));
		nlh->nlmsg_flags |= NLM_F_CAPPED;
		memcpy(payload + sizeof(int), req, sizeof(*req));
	} else {
		payload = mnl_nlmsg_put_extra_header(nlh, sizeof(int) + req->nlmsg_len);
		memcpy(payload + sizeof(int), req, req->nlmsg_len);
	}
	memcpy(payload, &error, sizeof(error));
	if (flags & TLVS) {
		nlh->nlmsg_flags |= NLM_F_ACK_TLVS;
		if (a && a->msg)
			mnl_attr_put_strz(nlh, NLMSGERR_ATTR_MSG, a->msg);
		if (a && a->offs)
			mnl_attr_put_u32(nlh, NLMSGERR_ATTR_OFFS, a->offs_val);
		if (a && a->miss)
			mnl_attr_put_u32(nlh, NLMSGERR_ATTR_MISS_TYPE, a->miss_val);
	}
	return nlh;
}

/* Decode and format an error; compare with want. */
static void check_error(int error, int flags, const struct ext_attrs *a,
			const char *ctx, const char *want, const char *desc)
{
	char buf[4096], out[512];
	struct nl_ext ext;
	int ret;

	ret = nl_parse_ack(make_error(buf, error, flags, a), &ext);
	if (ret) {
		tap_ok(false, "error: %s (nl_parse_ack failed)", desc);
		return;
	}
	nl_format_error(out, sizeof(out), &ext, req, brfw_attr_name, ctx);
	tap_is_str(out, want, "error: %s", desc);
}

static void test_request(void)
{
	const struct genlmsghdr *g = mnl_nlmsg_get_payload(req);
	struct tap_point t = { false };

	tap_check_int(&t, "type", req->nlmsg_type, FAMILY);
	tap_check_int(&t, "flags", req->nlmsg_flags, NLM_F_REQUEST);
	tap_check_int(&t, "cmd", g->cmd, BRFW_CMD_PORT_SET);
	tap_check_int(&t, "version", g->version, BRFW_GENL_VERSION);
	tap_check_int(&t, "reserved", g->reserved, 0);
	tap_check_int(&t, "first attribute", offs_ifindex, NLMSG_HDRLEN + GENL_HDRLEN);
	tap_ok(!t.failed, "request: nlmsghdr and genlmsghdr");
}

static void test_errors(void)
{
	const char *ctx = "port set vnet0";
	struct ext_attrs a;

	a = (struct ext_attrs){ "integer out of range", true, false,
				offs_policy_in, 0 };
	check_error(-ERANGE, TLVS | CAPPED, &a, ctx,
		    "integer out of range (attribute policy-in)",
		    "message and offset, capped");
	check_error(-ERANGE, TLVS, &a, ctx,
		    "integer out of range (attribute policy-in)",
		    "message and offset, request echoed in full");
	a.offs_val = offs_ifindex;
	check_error(-EINVAL, TLVS | CAPPED, &a, ctx,
		    "integer out of range (attribute ifindex)",
		    "offset of the first attribute");
	a.offs_val = offs_unknown;
	check_error(-EINVAL, TLVS | CAPPED, &a, ctx,
		    "integer out of range (attribute 99)",
		    "offset of an attribute without a name");

	a = (struct ext_attrs){ NULL, false, true, 0, BRFW_A_IFINDEX };
	check_error(-EINVAL, TLVS | CAPPED, &a, ctx,
		    "missing attribute: ifindex", "missing attribute, no message");
	a.msg = "required attribute missing";
	check_error(-EINVAL, TLVS, &a, ctx,
		    "required attribute missing (missing attribute: ifindex)",
		    "missing attribute with a message");
	a = (struct ext_attrs){ NULL, false, true, 0, 99 };
	check_error(-EINVAL, TLVS | CAPPED, &a, ctx,
		    "missing attribute: 99", "missing attribute without a name");

	a = (struct ext_attrs){ NULL, true, false, offs_policy_in, 0 };
	check_error(-EINVAL, TLVS | CAPPED, &a, ctx,
		    "port set vnet0: Invalid argument (attribute policy-in)",
		    "offset without a message");

	a = (struct ext_attrs){ "genlmsghdr.reserved field is not 0", true,
				false, NLMSG_HDRLEN, 0 };
	check_error(-EINVAL, TLVS | CAPPED, &a, ctx,
		    "genlmsghdr.reserved field is not 0",
		    "offset into the headers names no attribute");
	a.offs_val = offs_policy_in + 1;
	check_error(-EINVAL, TLVS | CAPPED, &a, ctx,
		    "genlmsghdr.reserved field is not 0",
		    "unaligned offset names no attribute");
	a.offs_val = req->nlmsg_len;
	check_error(-EINVAL, TLVS | CAPPED, &a, ctx,
		    "genlmsghdr.reserved field is not 0",
		    "offset past the request names no attribute");
	a.offs_val = 0xfffffffc;
	check_error(-EINVAL, TLVS | CAPPED, &a, ctx,
		    "genlmsghdr.reserved field is not 0",
		    "huge offset names no attribute");

	check_error(-EPERM, CAPPED, NULL, ctx,
		    "port set vnet0: Operation not permitted (brfwctl needs CAP_NET_ADMIN)",
		    "EPERM without extack mentions CAP_NET_ADMIN");
	a = (struct ext_attrs){ "not allowed", false, false, 0, 0 };
	check_error(-EPERM, TLVS | CAPPED, &a, ctx,
		    "not allowed (brfwctl needs CAP_NET_ADMIN)",
		    "EPERM with a message mentions CAP_NET_ADMIN");
	check_error(-EINVAL, CAPPED, NULL, ctx,
		    "port set vnet0: Invalid argument", "no extack: strerror with context");
	check_error(-ENODEV, 0, NULL, NULL, "No such device",
		    "no extack, no context");
	a = (struct ext_attrs){ "ignored", false, false, 0, 0 };
	check_error(-ENOENT, CAPPED, &a, "port del vnet0",
		    "port del vnet0: No such file or directory",
		    "attributes without NLM_F_ACK_TLVS are ignored");
	a = (struct ext_attrs){ "port vnet0 is not a bridge port", false,
				false, 0, 0 };
	check_error(-EINVAL, TLVS | CAPPED, &a, ctx,
		    "port vnet0 is not a bridge port", "plain extack message");
}

static void test_acks(void)
{
	char buf[4096];
	struct ext_attrs a = { "deprecated thing", false, false, 0, 0 };
	struct nlmsghdr *nlh;
	struct nl_ext ext;
	int ret;

	ret = nl_parse_ack(make_error(buf, 0, CAPPED, NULL), &ext);
	tap_ok(ret == 0 && ext.error == 0 && !ext.msg && !ext.has_offs &&
	       !ext.has_miss, "ack: plain ACK");
	ret = nl_parse_ack(make_error(buf, 0, TLVS | CAPPED, &a), &ext);
	tap_ok(ret == 0 && ext.error == 0 && ext.msg &&
	       !strcmp(ext.msg, "deprecated thing"), "ack: ACK with a warning");

	/* Not NUL-terminated: the message is dropped, not overrun. */
	nlh = make_error(buf, -EINVAL, TLVS | CAPPED, NULL);
	mnl_attr_put(nlh, NLMSGERR_ATTR_MSG, 3, "abc");
	ret = nl_parse_ack(nlh, &ext);
	tap_ok(ret == 0 && ext.error == EINVAL && !ext.msg,
	       "ack: unterminated message ignored");

	/* Wrong-sized offset attribute ignored. */
	nlh = make_error(buf, -EINVAL, TLVS | CAPPED, NULL);
	mnl_attr_put_u16(nlh, NLMSGERR_ATTR_OFFS, 20);
	ret = nl_parse_ack(nlh, &ext);
	tap_ok(ret == 0 && !ext.has_offs, "ack: malformed offset ignored");

	/* NLMSG_DONE: an int, then extack attributes. */
	memset(buf, 0, sizeof(buf));
	nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = NLMSG_DONE;
	nlh->nlmsg_flags = NLM_F_MULTI;
	ret = nl_parse_ack(nlh, &ext);
	tap_ok(ret == 0 && ext.error == 0, "done: empty payload (old kernels)");
	*(int *)mnl_nlmsg_put_extra_header(nlh, sizeof(int)) = 0;
	ret = nl_parse_ack(nlh, &ext);
	tap_ok(ret == 0 && ext.error == 0 && !ext.msg, "done: success");
	*(int *)mnl_nlmsg_get_payload(nlh) = -EMSGSIZE;
	nlh->nlmsg_flags |= NLM_F_ACK_TLVS;
	mnl_attr_put_strz(nlh, NLMSGERR_ATTR_MSG, "dump failed");
	ret = nl_parse_ack(nlh, &ext);
	tap_ok(ret == 0 && ext.error == EMSGSIZE && ext.msg &&
	       !strcmp(ext.msg, "dump failed"), "done: error with a message");

	/* Malformed NLMSG_ERROR. */
	memset(buf, 0, sizeof(buf));
	nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = NLMSG_ERROR;
	*(int *)mnl_nlmsg_put_extra_header(nlh, sizeof(int)) = -EINVAL;
	tap_is_int(nl_parse_ack(nlh, &ext), -1, "error: too short is malformed");
	nlh = make_error(buf, -EINVAL, 0, NULL);
	((struct nlmsgerr *)mnl_nlmsg_get_payload(nlh))->msg.nlmsg_len = 3;
	tap_is_int(nl_parse_ack(nlh, &ext), -1,
		   "error: bogus echoed length is malformed");
	nlh = make_error(buf, -EINVAL, TLVS, NULL);
	((struct nlmsgerr *)mnl_nlmsg_get_payload(nlh))->msg.nlmsg_len = 4000;
	ret = nl_parse_ack(nlh, &ext);
	tap_ok(ret == 0 && ext.error == EINVAL && !ext.msg,
	       "error: echoed length past the end: no attributes read");
}

static void test_perror(void)
{
	struct nl nl;
	struct mem m;
	char *got;

	memset(&nl, 0, sizeof(nl));
	err_out = mem_open(&m);
	nl_perror(&nl, req, "port set vnet0");	/* already reported */
	nl.ext.error = EBUSY;
	nl_perror(&nl, req, "port set vnet0");
	nl.ext.msg = "busy here";
	nl_perror(&nl, req, "port set vnet0");
	got = mem_take(&m);
	err_out = NULL;
	tap_is_str(got, "Error: port set vnet0: Device or resource busy\n"
		   "Error: busy here\n", "nl_perror: Error: prefix, nothing when reported");
	free(got);
}

static void test_attr_names(void)
{
	static const char *const want[] = {
		"unspec", "pad", "version", "protocol-version", "ifindex",
		"ifname", "master-ifindex", "master-ifname", "policy-in",
		"policy-out", "stats-in", "stats-out", "mac", "ip", "ip6",
		"vlan", "port-flags", "port-flags-mask", "isolation",
		"community", "drops", "rule", "id", "pos", "set name",
		"set members", "set count", "set refs", "txn", "ct-limit",
		"flows", "ct", "flow",
	};
	struct tap_point t = { false };
	unsigned int i;

	tap_is_int(sizeof(want) / sizeof(want[0]), BRFW_A_MAX + 1,
		   "attribute names: one per attribute of the uapi header");
	for (i = 0; i < sizeof(want) / sizeof(want[0]); i++)
		tap_check_str(&t, want[i], brfw_attr_name(i), want[i]);
	tap_check_str(&t, "past the end", brfw_attr_name(BRFW_A_MAX + 1), NULL);
	tap_check_str(&t, "large", brfw_attr_name(0xffff), NULL);
	tap_ok(!t.failed, "attribute names");
}

/*
 * The wire encoding of port set, against attributes laid out by hand
 * (independently of libmnl): types, NLA_F_NESTED, lengths, padding, byte
 * order.
 */
struct wire {
	uint8_t buf[PORT_SET_REQ_SIZE];
	size_t len;
};

static void w_put(struct wire *w, uint16_t type, const void *data, size_t len)
{
	struct nlattr *a = (struct nlattr *)(w->buf + w->len);

	a->nla_type = type;
	a->nla_len = (uint16_t)(NLA_HDRLEN + len);
	memcpy(w->buf + w->len + NLA_HDRLEN, data, len);
	w->len += NLA_ALIGN(NLA_HDRLEN + len);
}

static void w_u8(struct wire *w, uint16_t type, uint8_t v)
{
	w_put(w, type, &v, 1);
}

static void w_u16(struct wire *w, uint16_t type, uint16_t v)
{
	w_put(w, type, &v, 2);	/* host order */
}

static void w_u32(struct wire *w, uint16_t type, uint32_t v)
{
	w_put(w, type, &v, 4);
}

static size_t w_nest(struct wire *w, uint16_t type)
{
	struct nlattr *a = (struct nlattr *)(w->buf + w->len);
	size_t off = w->len;

	a->nla_type = type | NLA_F_NESTED;
	w->len += NLA_HDRLEN;
	return off;
}

static void w_end(struct wire *w, size_t off)
{
	((struct nlattr *)(w->buf + off))->nla_len = (uint16_t)(w->len - off);
}

static void w_prefix(struct wire *w, const char *addr, uint8_t len)
{
	uint8_t a[16];
	bool v6 = strchr(addr, ':') != NULL;
	size_t e = w_nest(w, BRFW_LIST_PREFIX);

	inet_pton(v6 ? AF_INET6 : AF_INET, addr, a);	/* network order */
	w_put(w, BRFW_PREFIX_ADDR, a, v6 ? 16 : 4);
	w_u8(w, BRFW_PREFIX_LEN, len);
	w_end(w, e);
}

/* port set ARGS... through the parser and port_set_attrs(). */
static struct nlmsghdr *encode(void *buf, const char *const *args,
			       char *desc, size_t desclen)
{
	char *argv[32 + 4 * BRFW_MAX_PREFIXES], err[256];
	struct request req;
	struct nlmsghdr *nlh;
	struct nl nl;
	size_t off;
	int argc = 0;

	argv[argc++] = "brfwctl";
	argv[argc++] = "port";
	argv[argc++] = "set";
	argv[argc++] = "vnet0";
	off = snprintf(desc, desclen, "port set vnet0");
	for (; *args; args++) {
		argv[argc++] = (char *)*args;
		off += snprintf(desc + off, off < desclen ? desclen - off : 0,
				" %s", *args);
	}
	argv[argc] = NULL;
	if (parse_args(argc, argv, &req, err, sizeof(err))) {
		tap_diag("parse error: %s", err);
		return NULL;
	}
	memset(&nl, 0, sizeof(nl));
	nl.family = FAMILY;
	nlh = nl_brfw_msg(&nl, buf, PORT_SET_REQ_SIZE, BRFW_CMD_PORT_SET, 0);
	port_set_attrs(nlh, &req);
	return nlh;
}

static void check_wire(const char *const *args, const struct wire *want)
{
	static uint8_t buf[PORT_SET_REQ_SIZE];
	struct nlmsghdr *nlh;
	char desc[512];
	size_t len, i;

	nlh = encode(buf, args, desc, sizeof(desc));
	if (!nlh) {
		tap_ok(false, "wire: %s", desc);
		return;
	}
	len = nlh->nlmsg_len - NLMSG_HDRLEN - GENL_HDRLEN;
	if (len != want->len ||
	    memcmp((uint8_t *)nlh + NLMSG_HDRLEN + GENL_HDRLEN, want->buf, len)) {
		const uint8_t *got = (uint8_t *)nlh + NLMSG_HDRLEN + GENL_HDRLEN;

		tap_diag("length %zu, want %zu", len, want->len);
		for (i = 0; i < len && i < want->len; i++)
			if (got[i] != want->buf[i]) {
				tap_diag("first difference at byte %zu: %02x, want %02x",
					 i, got[i], want->buf[i]);
				break;
			}
		tap_ok(false, "wire: %s", desc);
		return;
	}
	tap_ok(true, "wire: %s", desc);
}

static void test_wire(void)
{
	static struct wire w;
	static const uint8_t mac[6] = { 0x52, 0x54, 0x00, 0x30, 0xfc, 0x2d };
	static const uint8_t zero[6];
	size_t n;
	int v;

	/* The first command line of the brief. */
	memset(&w, 0, sizeof(w));
	w_put(&w, BRFW_A_MAC, mac, 6);
	n = w_nest(&w, BRFW_A_IP4);
	w_prefix(&w, "192.168.0.202", 32);
	w_prefix(&w, "192.168.0.203", 32);
	w_end(&w, n);
	n = w_nest(&w, BRFW_A_IP6);
	w_prefix(&w, "fe80::203", 128);
	w_prefix(&w, "2001:db8::203", 128);
	w_end(&w, n);
	w_u32(&w, BRFW_A_PORT_FLAGS, BRFW_PORT_F_SPOOF_CHECK);
	w_u32(&w, BRFW_A_PORT_FLAGS_MASK, BRFW_PORT_F_SPOOF_CHECK);
	check_wire((const char *const[]){ "mac", "52:54:00:30:fc:2d", "ip",
		   "192.168.0.202", "ip", "192.168.0.203", "ip6", "fe80::203",
		   "ip6", "2001:db8::203", "spoof-check", "on", NULL }, &w);

	memset(&w, 0, sizeof(w));
	n = w_nest(&w, BRFW_A_IP4);
	w_prefix(&w, "10.1.0.0", 28);
	w_end(&w, n);
	check_wire((const char *const[]){ "ip", "10.1.0.0/28", NULL }, &w);

	memset(&w, 0, sizeof(w));
	n = w_nest(&w, BRFW_A_IP6);
	w_prefix(&w, "2001:db8::", 32);
	w_prefix(&w, "::", 0);
	w_end(&w, n);
	check_wire((const char *const[]){ "ip6", "2001:db8::/32", "ip6", "::/0",
		   NULL }, &w);

	/* none: an all-zero mac, empty nests. */
	memset(&w, 0, sizeof(w));
	w_put(&w, BRFW_A_MAC, zero, 6);
	n = w_nest(&w, BRFW_A_IP4);
	w_end(&w, n);
	n = w_nest(&w, BRFW_A_IP6);
	w_end(&w, n);
	n = w_nest(&w, BRFW_A_VLANS);
	w_end(&w, n);
	check_wire((const char *const[]){ "vlan", "none", "ip6", "none", "mac",
		   "none", "ip", "none", NULL }, &w);

	/* Flags name only the ones given; community after isolation. */
	memset(&w, 0, sizeof(w));
	n = w_nest(&w, BRFW_A_VLANS);
	w_u16(&w, BRFW_LIST_VLAN, 100);
	w_u16(&w, BRFW_LIST_VLAN, 200);
	for (v = 300; v <= 302; v++)
		w_u16(&w, BRFW_LIST_VLAN, (uint16_t)v);
	w_u16(&w, BRFW_LIST_VLAN, 4094);
	w_end(&w, n);
	w_u32(&w, BRFW_A_PORT_FLAGS, BRFW_PORT_F_ROUTER | BRFW_PORT_F_PROMISC);
	w_u32(&w, BRFW_A_PORT_FLAGS_MASK, BRFW_PORT_F_DHCP_SERVER |
	      BRFW_PORT_F_ROUTER | BRFW_PORT_F_PROMISC);
	w_u8(&w, BRFW_A_ISOLATION, BRFW_ISOLATION_COMMUNITY);
	w_put(&w, BRFW_A_COMMUNITY, "web", 4);
	check_wire((const char *const[]){ "isolation", "community", "web",
		   "vlan", "4094,300-302,200", "dhcp-server", "off", "router",
		   "on", "promisc", "on", "vlan", "100", NULL }, &w);

	memset(&w, 0, sizeof(w));
	w_u8(&w, BRFW_A_ISOLATION, BRFW_ISOLATION_ISOLATED);
	check_wire((const char *const[]){ "isolation", "isolated", NULL }, &w);
	memset(&w, 0, sizeof(w));
	w_u8(&w, BRFW_A_ISOLATION, BRFW_ISOLATION_NONE);
	check_wire((const char *const[]){ "isolation", "none", NULL }, &w);
	memset(&w, 0, sizeof(w));
	w_u32(&w, BRFW_A_PORT_FLAGS, 0);
	w_u32(&w, BRFW_A_PORT_FLAGS_MASK, BRFW_PORT_F_ALL);
	check_wire((const char *const[]){ "spoof-check", "off", "dhcp-server",
		   "off", "router", "off", "promisc", "off", "stateful", "off",
		   "persist-established", "off", NULL }, &w);

	/* Protocol 4: the flow flags and the quota. */
	memset(&w, 0, sizeof(w));
	w_u32(&w, BRFW_A_PORT_FLAGS, BRFW_PORT_F_STATEFUL);
	w_u32(&w, BRFW_A_PORT_FLAGS_MASK, BRFW_PORT_F_STATEFUL |
	      BRFW_PORT_F_PERSIST);
	w_u32(&w, BRFW_A_CT_LIMIT, 1000);
	check_wire((const char *const[]){ "ct-limit", "1000", "stateful", "on",
		   "persist-established", "off", NULL }, &w);
	memset(&w, 0, sizeof(w));
	w_u32(&w, BRFW_A_CT_LIMIT, 0);
	check_wire((const char *const[]){ "ct-limit", "0", NULL }, &w);

	/* Protocol 1 requests stay as they were. */
	memset(&w, 0, sizeof(w));
	w_u8(&w, BRFW_A_POLICY_IN, BRFW_VERDICT_DROP);
	w_u8(&w, BRFW_A_POLICY_OUT, BRFW_VERDICT_ACCEPT);
	check_wire((const char *const[]){ "policy-out", "accept", "policy-in",
		   "drop", NULL }, &w);
}

/* The largest request fits its buffer (ASan would catch an overflow). */
static void test_wire_max(void)
{
	static char words[2][BRFW_MAX_PREFIXES][48];
	const char *args[16 + 4 * BRFW_MAX_PREFIXES];
	uint8_t *buf = malloc(PORT_SET_REQ_SIZE);
	const struct nlattr *a, *e;
	struct nlmsghdr *nlh;
	int i, k = 0, vlans = 0, n4 = 0, n6 = 0;
	char desc[16384];

	for (i = 0; i < BRFW_MAX_PREFIXES; i++) {
		snprintf(words[0][i], sizeof(words[0][i]), "10.0.0.%d", i);
		snprintf(words[1][i], sizeof(words[1][i]),
			 "2001:db8:ffff:ffff:ffff:ffff:ffff:%x", i);
		args[k++] = "ip";
		args[k++] = words[0][i];
		args[k++] = "ip6";
		args[k++] = words[1][i];
	}
	args[k++] = "vlan";
	args[k++] = "1-4094";
	args[k++] = "mac";
	args[k++] = "52:54:00:30:fc:2d";
	args[k++] = "policy-in";
	args[k++] = "drop";
	args[k++] = "policy-out";
	args[k++] = "drop";
	args[k++] = "spoof-check";
	args[k++] = "on";
	args[k++] = "isolation";
	args[k++] = "community";
	args[k++] = "fifteen-chars-x";
	args[k] = NULL;
	nlh = encode(buf, args, desc, sizeof(desc));
	if (nlh) {
		mnl_attr_for_each(a, nlh, GENL_HDRLEN) {
			switch (mnl_attr_get_type(a)) {
			case BRFW_A_VLANS:
				mnl_attr_for_each_nested(e, a)
					vlans += mnl_attr_get_type(e) == BRFW_LIST_VLAN;
				break;
			case BRFW_A_IP4:
				mnl_attr_for_each_nested(e, a)
					n4++;
				break;
			case BRFW_A_IP6:
				mnl_attr_for_each_nested(e, a)
					n6++;
				break;
			}
		}
	}
	tap_ok(nlh && nlh->nlmsg_len <= PORT_SET_REQ_SIZE && vlans == 4094 &&
	       n4 == BRFW_MAX_PREFIXES && n6 == BRFW_MAX_PREFIXES,
	       "wire: the largest port set (%u bytes) fits PORT_SET_REQ_SIZE",
	       nlh ? nlh->nlmsg_len : 0);
	free(buf);
}

/* Kernel errors that point inside a nest name the list and the entry. */
static void test_nested_offsets(void)
{
	static uint8_t buf[PORT_SET_REQ_SIZE];
	const struct nlattr *a, *e;
	struct nlmsghdr *nlh;
	uint32_t ip4 = 0, ip4_e2 = 0, ip4_e2_addr = 0, vlan3 = 0, mac = 0;
	char desc[256], out[512];
	struct nl_ext ext;
	int n;

	nlh = encode(buf, (const char *const[]){ "mac", "52:54:00:30:fc:2d",
		     "ip", "10.0.0.1", "ip", "10.0.0.2", "vlan", "5,6,7", NULL },
		     desc, sizeof(desc));
	if (!nlh) {
		tap_ok(false, "error offsets: request");
		return;
	}
	mnl_attr_for_each(a, nlh, GENL_HDRLEN) {
		uint32_t at = (uint32_t)((const char *)a - (const char *)nlh);

		n = 0;
		if (mnl_attr_get_type(a) == BRFW_A_MAC)
			mac = at;
		if (mnl_attr_get_type(a) == BRFW_A_IP4) {
			ip4 = at;
			mnl_attr_for_each_nested(e, a)
				if (++n == 2) {
					ip4_e2 = (uint32_t)((const char *)e - (const char *)nlh);
					ip4_e2_addr = ip4_e2 + NLA_HDRLEN;
				}
		}
		if (mnl_attr_get_type(a) == BRFW_A_VLANS)
			mnl_attr_for_each_nested(e, a)
				if (++n == 3)
					vlan3 = (uint32_t)((const char *)e - (const char *)nlh);
	}

	memset(&ext, 0, sizeof(ext));
	ext.error = EINVAL;
	ext.msg = "ip: host bits set in prefix";
	ext.has_offs = true;
	ext.offs = ip4_e2_addr;
	nl_format_error(out, sizeof(out), &ext, nlh, brfw_attr_name, "port set vnet0");
	tap_is_str(out, "ip: host bits set in prefix (attribute ip, entry 2)",
		   "error: offset inside a list entry");
	ext.offs = ip4_e2;
	nl_format_error(out, sizeof(out), &ext, nlh, brfw_attr_name, "port set vnet0");
	tap_is_str(out, "ip: host bits set in prefix (attribute ip, entry 2)",
		   "error: offset of a list entry");
	ext.offs = ip4;
	nl_format_error(out, sizeof(out), &ext, nlh, brfw_attr_name, "port set vnet0");
	tap_is_str(out, "ip: host bits set in prefix (attribute ip)",
		   "error: offset of the list");
	ext.msg = "out of range";
	ext.offs = vlan3;
	nl_format_error(out, sizeof(out), &ext, nlh, brfw_attr_name, "port set vnet0");
	tap_is_str(out, "out of range (attribute vlan, entry 3)",
		   "error: offset of a VLAN");
	ext.msg = "mac: must be a unicast address";
	ext.offs = mac + NLA_HDRLEN;
	nl_format_error(out, sizeof(out), &ext, nlh, brfw_attr_name, "port set vnet0");
	tap_is_str(out, "mac: must be a unicast address (attribute mac)",
		   "error: offset inside a plain attribute");
}

void test_nl(void)
{
	make_request();
	test_request();
	test_errors();
	test_acks();
	test_perror();
	test_attr_names();
	test_wire();
	test_wire_max();
	test_nested_offsets();
}
