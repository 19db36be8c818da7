// SPDX-License-Identifier: GPL-2.0
/* Netlink requests and the decoding of errors and extended ACKs. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <libmnl/libmnl.h>
#include <linux/genetlink.h>
#include <linux/brfw.h>

#include "err.h"
#include "nl.h"
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
	req = nl_brfw_msg(&nl, req_buf, BRFW_CMD_PORT_SET, 0);
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
		"policy-out", "stats-in", "stats-out",
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

void test_nl(void)
{
	make_request();
	test_request();
	test_errors();
	test_acks();
	test_perror();
	test_attr_names();
}
