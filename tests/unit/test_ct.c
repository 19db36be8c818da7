// SPDX-License-Identifier: GPL-2.0
/*
 * Conntrack-lite in brfwctl (protocol 4): the ct, flows and port set
 * grammar, rule ct-state, ct show and flows output (text and JSON), the
 * requests on the wire, and save / restore of the new port settings.
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libmnl/libmnl.h>
#include <linux/genetlink.h>
#include <linux/brfw.h>

#include "ct.h"
#include "parse.h"
#include "port.h"
#include "print.h"
#include "restore.h"
#include "rule.h"
#include "script.h"
#include "set.h"
#include "tap.h"
#include "tests.h"

#define CT_H "brfwctl ct help"
#define FLOWS_H "brfwctl flows help"
#define PORT_H "brfwctl port help"
#define RULE_H "brfwctl rule help"

/* A parsed request as one line, for the tables. */
static void describe(char *out, size_t len, const struct request *r)
{
	char text[RULE_TEXT_SIZE], a[64];
	size_t off = 0;
	unsigned int t;

#define ADD(...) (off += snprintf(out + off, off < len ? len - off : 0, __VA_ARGS__))
	out[0] = '\0';
	switch (r->cmd) {
	case CMD_CT_HELP:
		ADD("ct help");
		break;
	case CMD_CT_SHOW:
		ADD("ct show");
		break;
	case CMD_CT_SET:
		ADD("ct set");
		if (r->set_ct_max)
			ADD(" max %u", r->ct_max);
		for (t = 1; t <= BRFW_CT_TO_MAX; t++)
			if (r->ct_timeouts_set & (1u << t))
				ADD(" %s=%u", ct_timeout_name(t), r->ct_timeouts[t]);
		break;
	case CMD_FLOWS_SHOW:
	case CMD_FLOWS_FLUSH:
		ADD("flows %s%s%s", r->cmd == CMD_FLOWS_SHOW ? "show" : "flush",
		    r->dev ? " " : "", r->dev ? r->dev : "");
		break;
	case CMD_FLOWS_DEL:
		ADD("flows del family %u proto %u", r->flow.family, r->flow.proto);
		inet_ntop(r->flow.family == 6 ? AF_INET6 : AF_INET, r->flow.src,
			  a, sizeof(a));
		ADD(" src %s", a);
		inet_ntop(r->flow.family == 6 ? AF_INET6 : AF_INET, r->flow.dst,
			  a, sizeof(a));
		ADD(" dst %s", a);
		if (r->flow.present & FK_SPORT)
			ADD(" sport %u", r->flow.sport);
		if (r->flow.present & FK_DPORT)
			ADD(" dport %u", r->flow.dport);
		if (r->flow.present & FK_ID)
			ADD(" id %u", r->flow.icmp_id);
		break;
	case CMD_PORT_SET:
		ADD("port set %s flags=0x%x/0x%x", r->dev, r->flags, r->flags_mask);
		if (r->set_ct_limit)
			ADD(" ct-limit=%u", r->ct_limit);
		break;
	case CMD_RULE_ADD:
		ADD("rule add %s %s", r->dev,
		    rule_format(text, sizeof(text), &r->rule, true));
		break;
	case CMD_COUNTERS_RESET:
		ADD("counters reset");
		break;
	default:
		ADD("cmd %d", (int)r->cmd);
	}
#undef ADD
}

static int make_argv(const char *const *args, char **argv, char *desc,
		     size_t desclen)
{
	int argc = 1;
	size_t off;

	argv[0] = "brfwctl";
	off = snprintf(desc, desclen, "brfwctl");
	for (; args[argc - 1]; argc++) {
		argv[argc] = (char *)args[argc - 1];
		off += snprintf(desc + off, off < desclen ? desclen - off : 0,
				*args[argc - 1] ? " %s" : " \"%s\"",
				args[argc - 1]);
	}
	argv[argc] = NULL;
	return argc;
}

struct ok_case {
	const char *args[32];
	const char *want;
	unsigned int protocol;
};

#define FD "flows", "del"
#define RA "rule", "add", "vnet0", "in"

static const struct ok_case ok_cases[] = {
	{ { "ct" }, "ct show", 4 },
	{ { "ct", "show" }, "ct show", 4 },
	{ { "ct", "sh" }, "ct show", 4 },
	{ { "ct", "help" }, "ct help", 1 },
	{ { "flows", "help" }, "ct help", 1 },
	{ { "help", "ct" }, "ct help", 1 },
	{ { "help", "flows" }, "ct help", 1 },
	{ { "ct", "set", "max", "100000" }, "ct set max 100000", 4 },
	{ { "ct", "set", "timeout", "tcp-established", "432000" },
	  "ct set tcp-established=432000", 4 },
	{ { "ct", "set", "timeout", "udp-replied", "5", "tcp-close", "1",
	    "other-replied", "2000000" },
	  "ct set tcp-close=1 udp-replied=5 other-replied=2000000", 4 },
	{ { "ct", "set", "max", "7", "timeout", "icmp-replied", "9" },
	  "ct set max 7 icmp-replied=9", 4 },
	{ { "ct", "set", "timeout", "icmp-replied", "9", "max", "7", "timeout",
	    "tcp-syn-sent", "3" },
	  "ct set max 7 tcp-syn-sent=3 icmp-replied=9", 4 },
	{ { "ct", "set", "timeout", "tcp-syn-sent", "1", "tcp-syn-recv", "2",
	    "tcp-established", "3", "tcp-fin-wait", "4", "tcp-time-wait", "5",
	    "tcp-close", "6", "udp-unreplied", "7", "udp-replied", "8",
	    "icmp-unreplied", "9", "icmp-replied", "10", "other-unreplied",
	    "11", "other-replied", "12" },
	  "ct set tcp-syn-sent=1 tcp-syn-recv=2 tcp-established=3 "
	  "tcp-fin-wait=4 tcp-time-wait=5 tcp-close=6 udp-unreplied=7 "
	  "udp-replied=8 icmp-unreplied=9 icmp-replied=10 other-unreplied=11 "
	  "other-replied=12", 4 },
	{ { "flows" }, "flows show", 4 },
	{ { "flows", "vnet0" }, "flows show vnet0", 4 },
	{ { "flows", "show" }, "flows show", 4 },
	{ { "flows", "show", "vnet0" }, "flows show vnet0", 4 },
	{ { "flows", "list", "tap-a" }, "flows show tap-a", 4 },
	{ { "flows", "flush" }, "flows flush", 4 },
	{ { "flows", "flush", "vnet0" }, "flows flush vnet0", 4 },
	{ { FD, "proto", "tcp", "src", "10.0.0.5", "sport", "40000", "dst",
	    "10.0.0.1", "dport", "80" },
	  "flows del family 4 proto 6 src 10.0.0.5 dst 10.0.0.1 sport 40000 dport 80", 4 },
	{ { FD, "dst", "2001:db8::1", "dport", "0", "src", "2001:db8::2",
	    "sport", "65535", "proto", "udp" },
	  "flows del family 6 proto 17 src 2001:db8::2 dst 2001:db8::1 sport 65535 dport 0", 4 },
	{ { FD, "proto", "icmp", "src", "10.0.0.5", "dst", "8.8.8.8", "id", "7" },
	  "flows del family 4 proto 1 src 10.0.0.5 dst 8.8.8.8 id 7", 4 },
	{ { FD, "proto", "icmpv6", "src", "fe80::1", "dst", "fe80::2", "id", "0" },
	  "flows del family 6 proto 58 src fe80::1 dst fe80::2 id 0", 4 },
	{ { FD, "proto", "47", "src", "10.0.0.5", "dst", "10.0.0.7" },
	  "flows del family 4 proto 47 src 10.0.0.5 dst 10.0.0.7", 4 },
	{ { FD, "proto", "sctp", "src", "10.0.0.5", "sport", "1", "dst",
	    "10.0.0.7", "dport", "2" },
	  "flows del family 4 proto 132 src 10.0.0.5 dst 10.0.0.7 sport 1 dport 2", 4 },
	{ { "port", "set", "vnet0", "stateful", "on" },
	  "port set vnet0 flags=0x10/0x10", 4 },
	{ { "port", "set", "vnet0", "stateful", "off", "persist-established", "on" },
	  "port set vnet0 flags=0x20/0x30", 4 },
	{ { "port", "set", "vnet0", "ct-limit", "0" },
	  "port set vnet0 flags=0x0/0x0 ct-limit=0", 4 },
	{ { "port", "set", "vnet0", "ct-limit", "4294967295", "st", "on", "pe",
	    "off" }, "port set vnet0 flags=0x10/0x30 ct-limit=4294967295", 4 },
	/* What "s" and "c" meant before stateful and ct. */
	{ { "port", "set", "vnet0", "s", "on" }, "port set vnet0 flags=0x1/0x1", 2 },
	{ { "c", "reset" }, "counters reset", 3 },
	/* ct-state: any order in, canonical order out. */
	{ { RA, "ct-state", "established,related", "accept" },
	  "rule add vnet0 ct-state established,related accept", 4 },
	{ { RA, "ct-state", "invalid,related,new,established", "drop", "log" },
	  "rule add vnet0 ct-state new,established,related,invalid drop log", 4 },
	{ { RA, "ct-state", "new", "proto", "tcp", "dport", "22", "id", "4",
	    "accept" }, "rule add vnet0 id 4 proto tcp dport 22 ct-state new accept", 4 },
	{ { RA, "ether-type", "ip6", "ct-state", "invalid", "reject" },
	  "rule add vnet0 ether-type ip6 ct-state invalid reject", 4 },
	{ { RA, "proto", "udp", "accept" }, "rule add vnet0 proto udp accept", 3 },
};

struct err_case {
	const char *args[32];
	const char *err;
	const char *hint;
};

#define NAMES "tcp-syn-sent, tcp-syn-recv, tcp-established, tcp-fin-wait, " \
	"tcp-time-wait, tcp-close, udp-unreplied, udp-replied, icmp-unreplied, " \
	"icmp-replied, other-unreplied, other-replied"

static const struct err_case err_cases[] = {
	{ { "ct", "frob" }, "unknown command \"frob\" for \"ct\"", CT_H },
	{ { "ct", "show", "x" }, "unknown keyword \"x\" for \"ct show\"", CT_H },
	{ { "ct", "set" }, "ct set expects max N and/or timeout NAME SECS", CT_H },
	{ { "ct", "set", "min", "1" }, "unknown keyword \"min\" for \"ct set\"", CT_H },
	{ { "ct", "set", "max" }, "max expects a number of flows 1..4294967295", CT_H },
	{ { "ct", "set", "max", "0" }, "max 0 is out of range (1..4294967295)", CT_H },
	{ { "ct", "set", "max", "4294967296" },
	  "max 4294967296 is out of range (1..4294967295)", CT_H },
	{ { "ct", "set", "max", "lots" },
	  "max expects a number of flows 1..4294967295, not \"lots\"", CT_H },
	{ { "ct", "set", "max", "1", "max", "2" }, "\"max\" given twice", CT_H },
	{ { "ct", "set", "timeout" },
	  "timeout expects NAME SECS (NAME: " NAMES ")", CT_H },
	{ { "ct", "set", "timeout", "tcp-estab", "5" },
	  "unknown timeout \"tcp-estab\" (one of " NAMES ")", CT_H },
	{ { "ct", "set", "timeout", "udp-replied", "5", "bogus", "5" },
	  "unknown timeout \"bogus\" (one of " NAMES ")", CT_H },
	{ { "ct", "set", "timeout", "udp-replied" },
	  "timeout udp-replied expects seconds (1..2000000)", CT_H },
	{ { "ct", "set", "timeout", "udp-replied", "0" },
	  "timeout udp-replied 0 is out of range (1..2000000 seconds)", CT_H },
	{ { "ct", "set", "timeout", "udp-replied", "2000001" },
	  "timeout udp-replied 2000001 is out of range (1..2000000 seconds)", CT_H },
	{ { "ct", "set", "timeout", "udp-replied", "99999999999999999999" },
	  "timeout udp-replied 99999999999999999999 is out of range (1..2000000 seconds)",
	  CT_H },
	{ { "ct", "set", "timeout", "udp-replied", "1m" },
	  "timeout udp-replied expects seconds (1..2000000), not \"1m\"", CT_H },
	{ { "ct", "set", "timeout", "udp-replied", "1", "udp-replied", "2" },
	  "timeout udp-replied given twice", CT_H },
	{ { "ct", "set", "timeout", "udp-replied", "1", "-j" },
	  "option \"-j\" must come before the command", CT_H },
	{ { "flows", "vnet0", "x" }, "unknown keyword \"x\" for \"flows\"", FLOWS_H },
	{ { "flows", "flush", "a", "b" },
	  "unknown keyword \"b\" for \"flows flush\"", FLOWS_H },
	{ { "flows", "show", "sixteen-chars-xx" },
	  "device name \"sixteen-chars-xx\" is too long (at most 15 characters)", FLOWS_H },
	{ { "flows", "-j" }, "option \"-j\" must come before the command", FLOWS_H },
	{ { FD }, "flows del expects proto P src ADDR dst ADDR (and sport and dport, or id)",
	  FLOWS_H },
	{ { FD, "proto", "tcp", "src", "10.0.0.1" },
	  "flows del expects both src and dst (the addresses of the flow)", FLOWS_H },
	{ { FD, "proto", "tcp", "src", "10.0.0.1", "dst", "10.0.0.2" },
	  "flows del: a tcp flow needs sport and dport", FLOWS_H },
	{ { FD, "proto", "udp", "src", "10.0.0.1", "dst", "10.0.0.2", "sport", "1" },
	  "flows del: a udp flow needs sport and dport", FLOWS_H },
	{ { FD, "proto", "icmp", "src", "10.0.0.1", "dst", "10.0.0.2" },
	  "flows del: an ICMP flow needs id N (the echo identifier)", FLOWS_H },
	{ { FD, "proto", "icmp", "src", "10.0.0.1", "dst", "10.0.0.2", "id", "1",
	    "sport", "1" }, "sport and dport need proto tcp, udp or sctp", FLOWS_H },
	{ { FD, "proto", "tcp", "src", "10.0.0.1", "dst", "10.0.0.2", "sport", "1",
	    "dport", "2", "id", "3" }, "id needs proto icmp or icmpv6", FLOWS_H },
	{ { FD, "proto", "icmpv6", "src", "10.0.0.1", "dst", "10.0.0.2", "id", "1" },
	  "proto icmpv6 does not go with IPv4 addresses", FLOWS_H },
	{ { FD, "proto", "icmp", "src", "::1", "dst", "::2", "id", "1" },
	  "proto icmp does not go with IPv6 addresses", FLOWS_H },
	{ { FD, "proto", "tcp", "src", "10.0.0.1", "dst", "::2" },
	  "dst ::2 (IPv6) conflicts with the other address (IPv4)", FLOWS_H },
	{ { FD, "proto", "tcp", "src", "10.0.0.0/24" },
	  "src expects an IPv4 or IPv6 address, not \"10.0.0.0/24\"", FLOWS_H },
	{ { FD, "proto", "tcp", "sport", "65536" },
	  "sport 65536 is out of range (0..65535)", FLOWS_H },
	{ { FD, "proto", "tcp", "dport", "http" },
	  "dport expects a port 0..65535, not \"http\"", FLOWS_H },
	{ { FD, "proto", "tcp", "proto", "udp" }, "\"proto\" given twice", FLOWS_H },
	{ { FD, "proto", "0" }, "proto 0 is out of range (1..255)", FLOWS_H },
	{ { FD, "zone", "3" }, "unknown keyword \"zone\" for \"flows del\"", FLOWS_H },
	{ { FD, "proto" },
	  "proto expects tcp, udp, icmp, icmpv6, sctp or a number 1..255", FLOWS_H },
	{ { "port", "set", "vnet0", "stateful", "yes" },
	  "\"stateful\" expects on or off, not \"yes\"", PORT_H },
	{ { "port", "set", "vnet0", "persist-established" },
	  "\"persist-established\" expects on or off", PORT_H },
	{ { "port", "set", "vnet0", "stateful", "on", "stateful", "off" },
	  "\"stateful\" given twice", PORT_H },
	{ { "port", "set", "vnet0", "ct-limit" },
	  "ct-limit expects a number of flows 0..4294967295 (0: no limit)", PORT_H },
	{ { "port", "set", "vnet0", "ct-limit", "-1" },
	  "ct-limit expects a number of flows 0..4294967295 (0: no limit), not \"-1\"",
	  PORT_H },
	{ { "port", "set", "vnet0", "ct-limit", "none" },
	  "ct-limit expects a number of flows 0..4294967295 (0: no limit), not \"none\"",
	  PORT_H },
	{ { "port", "set", "vnet0", "ct-limit", "4294967296" },
	  "ct-limit 4294967296 is out of range (0..4294967295)", PORT_H },
	{ { "port", "set", "vnet0", "ct-limit", "1", "ct-limit", "2" },
	  "\"ct-limit\" given twice", PORT_H },
	{ { "port", "set", "vnet0", "st" },
	  "\"stateful\" expects on or off", PORT_H },
	{ { RA, "ct-state", "drop" },
	  "ct-state: unknown state \"drop\" in \"drop\" (new, established, related, invalid)",
	  RULE_H },
	{ { RA, "ct-state" },
	  "ct-state expects a list of new, established, related, invalid", RULE_H },
	{ { RA, "ct-state", "", "drop" },
	  "ct-state expects a list of new, established, related, invalid, not \"\"",
	  RULE_H },
	{ { RA, "ct-state", "new,", "drop" },
	  "ct-state expects a list of new, established, related, invalid, not \"new,\"",
	  RULE_H },
	{ { RA, "ct-state", "new,,invalid", "drop" },
	  "ct-state expects a list of new, established, related, invalid, not \"new,,invalid\"",
	  RULE_H },
	{ { RA, "ct-state", "est", "drop" },
	  "ct-state: unknown state \"est\" in \"est\" (new, established, related, invalid)",
	  RULE_H },
	{ { RA, "ct-state", "new,NEW", "drop" },
	  "ct-state: unknown state \"NEW\" in \"new,NEW\" (new, established, related, invalid)",
	  RULE_H },
	{ { RA, "ct-state", "new,new", "drop" },
	  "ct-state: \"new\" given twice in \"new,new\"", RULE_H },
	{ { RA, "ct-state", "new", "ct-state", "invalid", "drop" },
	  "\"ct-state\" given twice", RULE_H },
	{ { RA, "ether-type", "arp", "ct-state", "new", "drop" },
	  "ether-type arp cannot be combined with ct-state new (an IP match)", RULE_H },
	{ { RA, "drop", "ct-state", "new" },
	  "unexpected \"ct-state\" after the action (only log may follow it)", RULE_H },
};

static void run_ok(const struct ok_case *c)
{
	struct tap_point t = { false };
	char *argv[40], desc[512], err[256], got[1024];
	struct request req;
	int argc, ret;

	argc = make_argv(c->args, argv, desc, sizeof(desc));
	ret = parse_args(argc, argv, &req, err, sizeof(err));
	tap_check_int(&t, "return", ret, 0);
	if (ret)
		tap_diag_str("error", err);
	describe(got, sizeof(got), &req);
	tap_check_str(&t, "request", got, c->want);
	tap_check_int(&t, "protocol", request_protocol(&req), c->protocol);
	tap_ok(!t.failed, "ct parse: %s", desc);
	request_free(&req);
}

static void run_err(const struct err_case *c)
{
	struct tap_point t = { false };
	char *argv[40], desc[512], err[256];
	struct request req;
	int argc, ret;

	argc = make_argv(c->args, argv, desc, sizeof(desc));
	ret = parse_args(argc, argv, &req, err, sizeof(err));
	tap_check_int(&t, "return", ret, -1);
	tap_check_str(&t, "message", err, c->err);
	tap_check_str(&t, "hint", req.hint, c->hint);
	tap_ok(!t.failed, "ct parse error: %s", desc);
	request_free(&req);
}

/* A generic netlink message in buf, header only. */
static struct nlmsghdr *msg_start(char *buf, size_t len)
{
	struct nlmsghdr *nlh;

	memset(buf, 0, len);
	nlh = mnl_nlmsg_put_header(buf);
	mnl_nlmsg_put_extra_header(nlh, GENL_HDRLEN);
	return nlh;
}

static char *render_ct(const struct ct_info *ci, bool json)
{
	struct mem m;
	struct pr pr;

	pr_init(&pr, mem_open(&m), json, false);
	ct_print(&pr, ci);
	return mem_take(&m);
}

static void test_ct_show(void)
{
	char buf[2048], why[64];
	struct nlmsghdr *nlh = msg_start(buf, sizeof(buf));
	struct nlattr *ct, *to;
	struct ct_info ci;
	unsigned int t;
	char *got;
	int ret;

	ct = mnl_attr_nest_start(nlh, BRFW_A_CT);
	mnl_attr_put_u32(nlh, BRFW_CT_MAX, 262144);
	mnl_attr_put_u32(nlh, BRFW_CT_COUNT, 17);
	mnl_attr_put_u32(nlh, BRFW_CT_BUCKETS, 65536);
	mnl_attr_put_u32(nlh, BRFW_CT_ENTRY_SIZE, 120);
	mnl_attr_put_u64(nlh, BRFW_CT_EARLY_DROPS, 1ULL << 40);
	mnl_attr_put_u64(nlh, BRFW_CT_FULL_DROPS, 2);
	to = mnl_attr_nest_start(nlh, BRFW_CT_TIMEOUTS);
	for (t = 1; t <= BRFW_CT_TO_MAX; t++)
		mnl_attr_put_u32(nlh, t, ct_timeout_default(t));
	mnl_attr_put_u32(nlh, BRFW_CT_TO_MAX + 5, 1);	/* a newer module's */
	mnl_attr_nest_end(nlh, to);
	mnl_attr_put_u32(nlh, 99, 1);
	mnl_attr_nest_end(nlh, ct);
	ret = ct_info_parse(nlh, &ci, why, sizeof(why));
	tap_ok(ret == 0 && ci.max == 262144 && ci.count == 17 &&
	       ci.buckets == 65536 && ci.entry_size == 120 &&
	       ci.early_drops == 1ULL << 40 && ci.full_drops == 2 &&
	       ci.have_timeouts == 0x1ffe && ci.timeouts[3] == 432000,
	       "ct_info_parse: every attribute, newer ones skipped");
	got = render_ct(&ci, false);
	tap_is_str(got,
		   "max 262144  count 17  buckets 65536  entry-size 120\n"
		   "early-drops 1099511627776  full-drops 2\n"
		   "timeout tcp-syn-sent     120\n"
		   "timeout tcp-syn-recv     60\n"
		   "timeout tcp-established  432000\n"
		   "timeout tcp-fin-wait     120\n"
		   "timeout tcp-time-wait    120\n"
		   "timeout tcp-close        10\n"
		   "timeout udp-unreplied    30\n"
		   "timeout udp-replied      180\n"
		   "timeout icmp-unreplied   30\n"
		   "timeout icmp-replied     30\n"
		   "timeout other-unreplied  60\n"
		   "timeout other-replied    600\n",
		   "ct show: text, the defaults of the brief");
	free(got);
	got = render_ct(&ci, true);
	tap_is_str(got,
		   "{\"max\":262144,\"count\":17,\"buckets\":65536,\"entry_size\":120,"
		   "\"early_drops\":1099511627776,\"full_drops\":2,\"timeouts\":{"
		   "\"tcp-syn-sent\":120,\"tcp-syn-recv\":60,\"tcp-established\":432000,"
		   "\"tcp-fin-wait\":120,\"tcp-time-wait\":120,\"tcp-close\":10,"
		   "\"udp-unreplied\":30,\"udp-replied\":180,\"icmp-unreplied\":30,"
		   "\"icmp-replied\":30,\"other-unreplied\":60,\"other-replied\":600}}\n",
		   "ct show: JSON");
	free(got);

	nlh = msg_start(buf, sizeof(buf));
	ret = ct_info_parse(nlh, &ci, why, sizeof(why));
	tap_ok(ret == -1 && !strcmp(why, "missing ct"), "ct_info_parse: missing ct");
	ct = mnl_attr_nest_start(nlh, BRFW_A_CT);
	mnl_attr_put_u16(nlh, BRFW_CT_MAX, 1);
	mnl_attr_nest_end(nlh, ct);
	ret = ct_info_parse(nlh, &ci, why, sizeof(why));
	tap_ok(ret == -1 && !strcmp(why, "bad attribute ct"),
	       "ct_info_parse: max of the wrong size");
}

/* A flow message as the module sends it. */
static struct nlmsghdr *flow_msg(char *buf, size_t len, uint8_t family,
				 uint8_t proto, const void *src, const void *dst,
				 int sport, int dport, int id, uint8_t state,
				 uint32_t timeout, uint32_t rule, uint32_t po,
				 uint32_t pr, uint64_t base)
{
	struct nlmsghdr *nlh = msg_start(buf, len);
	struct nlattr *nest = mnl_attr_nest_start(nlh, BRFW_A_FLOW);
	size_t alen = family == 6 ? 16 : 4;

	mnl_attr_put_u32(nlh, BRFW_FLOW_ZONE, 3);
	mnl_attr_put_u8(nlh, BRFW_FLOW_FAMILY, family);
	mnl_attr_put_u8(nlh, BRFW_FLOW_PROTO, proto);
	mnl_attr_put(nlh, BRFW_FLOW_SRC, alen, src);
	mnl_attr_put(nlh, BRFW_FLOW_DST, alen, dst);
	if (sport >= 0)
		mnl_attr_put_u16(nlh, BRFW_FLOW_SPORT, (uint16_t)sport);
	if (dport >= 0)
		mnl_attr_put_u16(nlh, BRFW_FLOW_DPORT, (uint16_t)dport);
	if (id >= 0)
		mnl_attr_put_u16(nlh, BRFW_FLOW_ICMP_ID, (uint16_t)id);
	mnl_attr_put_u8(nlh, BRFW_FLOW_STATE, state);
	mnl_attr_put_u32(nlh, BRFW_FLOW_TIMEOUT, timeout);
	mnl_attr_put_u32(nlh, BRFW_FLOW_RULE_ID, rule);
	mnl_attr_put_u32(nlh, BRFW_FLOW_PORT_ORIG, po);
	mnl_attr_put_u32(nlh, BRFW_FLOW_PORT_REPLY, pr);
	mnl_attr_put_u64(nlh, BRFW_FLOW_PACKETS_ORIG, base + 1);
	mnl_attr_put_u64(nlh, BRFW_FLOW_BYTES_ORIG, base + 100);
	mnl_attr_put_u64(nlh, BRFW_FLOW_PACKETS_REPLY, base + 2);
	mnl_attr_put_u64(nlh, BRFW_FLOW_BYTES_REPLY, base + 200);
	mnl_attr_put_u32(nlh, 99, 0);	/* a newer module's */
	mnl_attr_nest_end(nlh, nest);
	return nlh;
}

static char *render_flows(const struct flow_view *v, size_t n, bool json)
{
	struct mem m;
	struct pr pr;

	pr_init(&pr, mem_open(&m), json, false);
	flow_print(&pr, v, n);
	return mem_take(&m);
}

static const uint8_t A5[4] = { 10, 0, 0, 5 }, A1[4] = { 10, 0, 0, 1 };
static const uint8_t A9[4] = { 10, 0, 0, 9 }, G8[4] = { 8, 8, 8, 8 };
static const uint8_t V1[16] = { 0x20, 0x01, 0x0d, 0xb8, [15] = 1 };
static const uint8_t V2[16] = { 0x20, 0x01, 0x0d, 0xb8, [15] = 2 };

static void test_flows(void)
{
	char buf[2048], why[64], *got;
	struct flow f[5];
	struct flow_view v[5];
	int ok = 0, i;
	size_t n;

	ok += !flow_parse(flow_msg(buf, sizeof(buf), 4, 6, A5, A1, 40000, 80, -1,
				   BRFW_CT_TO_TCP_ESTABLISHED, 431990, 3, 5, 0, 0),
			  &f[0], why, sizeof(why));
	ok += !flow_parse(flow_msg(buf, sizeof(buf), 4, 17, A9, A5, 5353, 53, -1,
				   BRFW_CT_TO_UDP_REPLIED, 170, 0, 6, 5, 10),
			  &f[1], why, sizeof(why));
	ok += !flow_parse(flow_msg(buf, sizeof(buf), 4, 1, A5, G8, -1, -1, 7,
				   BRFW_CT_TO_ICMP_UNREPLIED, 25, 0, 5, 0, 20),
			  &f[2], why, sizeof(why));
	ok += !flow_parse(flow_msg(buf, sizeof(buf), 6, 6, V1, V2, 50000, 443, -1,
				   BRFW_CT_TO_TCP_SYN_RECV, 55, 12, 0, 7, 30),
			  &f[3], why, sizeof(why));
	ok += !flow_parse(flow_msg(buf, sizeof(buf), 4, 47, A5, A1, -1, -1, -1,
				   99, 50, 0, 5, 0, 40),
			  &f[4], why, sizeof(why));
	tap_is_int(ok, 5, "flow_parse: five flows (tcp, udp, icmp, tcp6, gre)");
	tap_ok(f[0].zone == 3 && f[0].has_ports && !f[0].has_id &&
	       f[0].sport == 40000 && f[0].dport == 80 && f[0].rule_id == 3 &&
	       f[0].port[0] == 5 && f[0].port[1] == 0 && f[0].packets[0] == 1 &&
	       f[0].bytes[1] == 200 && f[2].has_id && f[2].icmp_id == 7 &&
	       f[3].family == 6 && !f[4].has_ports && !f[4].has_id,
	       "flow_parse: fields");

	/* Without DEV: from port[0] if any, else port[1]. */
	for (i = 0; i < 5; i++) {
		flow_view_init(&v[i], &f[i], 0);
		v[i].seq = (size_t)i;
		snprintf(v[i].dev, sizeof(v[i].dev), "%s",
			 v[i].ifindex == 5 ? "vnet0" : v[i].ifindex == 6 ? "vnet1" :
			 v[i].ifindex == 7 ? "vnet2" : "-");
	}
	tap_ok(v[0].out && v[0].ifindex == 5 && v[1].out && v[1].ifindex == 6 &&
	       !v[3].out && v[3].ifindex == 7, "flow_view_init: the port of each flow");
	flow_sort(v, 5);
	got = render_flows(v, 5, false);
	tap_is_str(got,
		   "PORT   DIR  PROTO  FLOW                                      STATE        TIMEOUT  OUT-PKTS  OUT-BYTES  IN-PKTS  IN-BYTES  RULE\n"
		   "vnet0  out  tcp    10.0.0.5:40000 -> 10.0.0.1:80             established   431990         1        100        2       200  3\n"
		   "vnet0  out  icmp   10.0.0.5 -> 8.8.8.8 id 7                  unreplied         25        21        120       22       220  policy\n"
		   "vnet0  out  47     10.0.0.5 -> 10.0.0.1                      state-99          50        41        140       42       240  policy\n"
		   "vnet1  out  udp    10.0.0.9:5353 -> 10.0.0.5:53              replied          170        11        110       12       210  policy\n"
		   "vnet2  in   tcp    [2001:db8::1]:50000 -> [2001:db8::2]:443  syn-recv          55        32        230       31       130  12\n",
		   "flows: text, each flow once, from its VM's side (in: out = reply)");
	free(got);
	got = render_flows(v, 2, true);
	tap_is_str(got,
		   "[{\"port\":\"vnet0\",\"dir\":\"out\",\"zone\":3,\"proto\":\"tcp\","
		   "\"src\":\"10.0.0.5\",\"dst\":\"10.0.0.1\",\"sport\":40000,\"dport\":80,"
		   "\"state\":\"established\",\"timeout\":431990,"
		   "\"out\":{\"packets\":1,\"bytes\":100},\"in\":{\"packets\":2,\"bytes\":200},"
		   "\"rule\":3},"
		   "{\"port\":\"vnet0\",\"dir\":\"out\",\"zone\":3,\"proto\":\"icmp\","
		   "\"src\":\"10.0.0.5\",\"dst\":\"8.8.8.8\",\"id\":7,"
		   "\"state\":\"unreplied\",\"timeout\":25,"
		   "\"out\":{\"packets\":21,\"bytes\":120},\"in\":{\"packets\":22,\"bytes\":220},"
		   "\"rule\":0}]\n", "flows: JSON, id for ICMP echo");
	free(got);

	/* flows vnet0: the VM-to-VM flow from the receiver's side. */
	flow_view_init(&v[0], &f[1], 5);
	snprintf(v[0].dev, sizeof(v[0].dev), "vnet0");
	got = render_flows(v, 1, true);
	tap_is_str(got,
		   "[{\"port\":\"vnet0\",\"dir\":\"in\",\"zone\":3,\"proto\":\"udp\","
		   "\"src\":\"10.0.0.9\",\"dst\":\"10.0.0.5\",\"sport\":5353,\"dport\":53,"
		   "\"state\":\"replied\",\"timeout\":170,"
		   "\"out\":{\"packets\":12,\"bytes\":210},\"in\":{\"packets\":11,\"bytes\":110},"
		   "\"rule\":0}]\n",
		   "flows DEV: a flow started toward DEV's VM is in, out = reply");
	free(got);
	flow_view_init(&v[0], &f[1], 6);
	tap_ok(v[0].out && v[0].ifindex == 6, "flows DEV: from the sender's side it is out");

	got = render_flows(v, 0, false);
	tap_is_str(got, "PORT  DIR  PROTO  FLOW  STATE  TIMEOUT  OUT-PKTS  OUT-BYTES  IN-PKTS  IN-BYTES  RULE\n",
		   "flows: none, header only");
	free(got);
	got = render_flows(v, 0, true);
	tap_is_str(got, "[]\n", "flows: none, JSON []");
	free(got);

	/* Malformed. */
	{
		struct nlmsghdr *nlh = msg_start(buf, sizeof(buf));
		struct nlattr *nest;

		n = 0;
		n += flow_parse(nlh, &f[0], why, sizeof(why)) == -1 &&
		     !strcmp(why, "missing flow");
		nest = mnl_attr_nest_start(nlh, BRFW_A_FLOW);
		mnl_attr_put_u8(nlh, BRFW_FLOW_PROTO, 6);
		mnl_attr_put(nlh, BRFW_FLOW_SRC, 4, A5);
		mnl_attr_nest_end(nlh, nest);
		n += flow_parse(nlh, &f[0], why, sizeof(why)) == -1 &&
		     !strcmp(why, "flow without dst");
		nlh = msg_start(buf, sizeof(buf));
		nest = mnl_attr_nest_start(nlh, BRFW_A_FLOW);
		mnl_attr_put_u8(nlh, BRFW_FLOW_PROTO, 6);
		mnl_attr_put(nlh, BRFW_FLOW_SRC, 4, A5);
		mnl_attr_put(nlh, BRFW_FLOW_DST, 16, V1);
		mnl_attr_nest_end(nlh, nest);
		n += flow_parse(nlh, &f[0], why, sizeof(why)) == -1 &&
		     !strcmp(why, "bad flow attribute dst");
		nlh = msg_start(buf, sizeof(buf));
		nest = mnl_attr_nest_start(nlh, BRFW_A_FLOW);
		mnl_attr_put_u8(nlh, BRFW_FLOW_PROTO, 6);
		mnl_attr_put(nlh, BRFW_FLOW_SRC, 4, A5);
		mnl_attr_put(nlh, BRFW_FLOW_DST, 4, A1);
		mnl_attr_put_u8(nlh, BRFW_FLOW_TIMEOUT, 1);
		mnl_attr_nest_end(nlh, nest);
		n += flow_parse(nlh, &f[0], why, sizeof(why)) == -1 &&
		     !strcmp(why, "bad flow attribute timeout");
		tap_is_int((long long)n, 4, "flow_parse: missing flow, missing dst, "
			   "mixed families, timeout of the wrong size");
	}
	tap_is_str(flow_state_name(BRFW_CT_TO_TCP_TIME_WAIT), "time-wait",
		   "flow states: names of the brief");
	tap_ok(!flow_state_name(0) && !flow_state_name(__BRFW_CT_TO_MAX) &&
	       !ct_timeout_name(__BRFW_CT_TO_MAX),
	       "flow states and timeouts: none out of range");
}

/* The attributes of a request, as "type=value" words (nests in {}). */
static void dump_attrs(char *out, size_t len, size_t *off,
		       const struct nlattr *a, const char *end, bool hex4)
{
	for (; mnl_attr_ok(a, (int)(end - (const char *)a)); a = mnl_attr_next(a)) {
		unsigned int t = mnl_attr_get_type(a), n = mnl_attr_get_payload_len(a);
		const uint8_t *p = mnl_attr_get_payload(a);
		unsigned int i;

		*off += snprintf(out + *off, *off < len ? len - *off : 0, " %u=", t);
		if (a->nla_type & NLA_F_NESTED) {
			*off += snprintf(out + *off, *off < len ? len - *off : 0, "{");
			dump_attrs(out, len, off, mnl_attr_get_payload(a),
				   (const char *)p + n, t == BRFW_A_FLOW);
			*off += snprintf(out + *off, *off < len ? len - *off : 0, " }");
		} else if (n == 1 || n == 2 || (n == 4 && !hex4)) {
			*off += snprintf(out + *off, *off < len ? len - *off : 0, "%u",
					 n == 1 ? *p : n == 2 ? mnl_attr_get_u16(a) :
					 mnl_attr_get_u32(a));
		} else {
			for (i = 0; i < n; i++)
				*off += snprintf(out + *off, *off < len ? len - *off : 0,
						 "%02x", p[i]);
		}
	}
}

static void check_req(const char *line, void (*put)(struct nlmsghdr *,
						    const struct request *),
		      const char *want)
{
	char words[512], *argv[32], err[256], buf[1024], got[1024] = "";
	struct request req;
	struct nlmsghdr *nlh;
	size_t off = 0;
	int argc = 1;
	char *w;

	snprintf(words, sizeof(words), "%s", line);
	argv[0] = "brfwctl";
	for (w = strtok(words, " "); w && argc < 31; w = strtok(NULL, " "))
		argv[argc++] = w;
	argv[argc] = NULL;
	if (parse_args(argc, argv, &req, err, sizeof(err))) {
		tap_ok(false, "wire: %s (%s)", line, err);
		return;
	}
	nlh = msg_start(buf, sizeof(buf));
	put(nlh, &req);
	dump_attrs(got, sizeof(got), &off,
		   (const struct nlattr *)((char *)mnl_nlmsg_get_payload(nlh) +
					   GENL_HDRLEN),
		   (const char *)nlh + nlh->nlmsg_len, false);
	tap_is_str(got, want, "wire: %s", line);
	request_free(&req);
}

static void put_ct_set(struct nlmsghdr *nlh, const struct request *req)
{
	ct_set_attrs(nlh, req);
}

static void put_flow_key(struct nlmsghdr *nlh, const struct request *req)
{
	flow_key_put(nlh, &req->flow);
}

static void put_port_set(struct nlmsghdr *nlh, const struct request *req)
{
	port_set_attrs(nlh, req);
}

static void put_rule(struct nlmsghdr *nlh, const struct request *req)
{
	rule_put(nlh, &req->rule);
}

static void test_wire(void)
{
	check_req("ct set max 1000", put_ct_set, " 31={ 2=1000 }");
	check_req("ct set timeout udp-replied 5 tcp-syn-sent 9", put_ct_set,
		  " 31={ 6={ 1=9 8=5 } }");
	check_req("ct set max 7 timeout other-replied 2000000", put_ct_set,
		  " 31={ 2=7 6={ 12=2000000 } }");
	check_req("flows del proto tcp src 10.0.0.5 sport 40000 dst 10.0.0.1 dport 80",
		  put_flow_key, " 32={ 3=4 4=6 5=0a000005 6=0a000001 7=40000 8=80 }");
	check_req("flows del proto icmpv6 src 2001:db8::1 dst 2001:db8::2 id 7",
		  put_flow_key, " 32={ 3=6 4=58 5=20010db8000000000000000000000001"
		  " 6=20010db8000000000000000000000002 9=7 }");
	check_req("flows del proto 47 src 10.0.0.5 dst 10.0.0.7", put_flow_key,
		  " 32={ 3=4 4=47 5=0a000005 6=0a000007 }");
	check_req("port set vnet0 ct-limit 500 stateful on persist-established off",
		  put_port_set, " 16=16 17=48 29=500");
	check_req("rule add vnet0 in ct-state related,established accept",
		  put_rule, " 21={ 3=1 4=0 22=6 }");
}

/* save → restore → save keeps the new port settings and ct-state. */
static int lookup(const char *dev, uint32_t *ifindex, void *data)
{
	(void)data;
	*ifindex = !strcmp(dev, "vnet0") ? 5 : !strcmp(dev, "vnet1") ? 6 : 0;
	return *ifindex ? 0 : 19;
}

static void test_save_restore(void)
{
	static const char *const lines[] = {
		"port set vnet0 policy-in drop policy-out accept stateful on "
		"persist-established on ct-limit 100",
		"rule add vnet0 in id 1 ct-state established,related accept",
		"rule add vnet0 in id 2 proto tcp dport 22 ct-state new accept log",
		"rule add vnet0 inout id 3 ct-state invalid drop",
		"port set vnet1 policy-in accept policy-out accept stateful on",
	};
	struct port ports[2];
	struct rule_entry rules[3];
	struct set_list sets;
	char text[4096], err[256], want[4096], *got, *argv[40], line[512];
	struct script sc;
	struct request req;
	struct mem m;
	size_t i, off = 0;
	int ret, argc;

	memset(ports, 0, sizeof(ports));
	memset(rules, 0, sizeof(rules));
	memset(&sets, 0, sizeof(sets));
	off = snprintf(want, sizeof(want), "# brfw configuration (brfwctl save)\n");
	for (i = 0; i < 5; i++)
		off += snprintf(want + off, sizeof(want) - off, "%s\n", lines[i]);
	/* Each line parsed back into what the kernel would report. */
	for (i = 0; i < 5; i++) {
		char *w;

		snprintf(line, sizeof(line), "%s", lines[i]);
		argc = 0;
		for (w = strtok(line, " "); w; w = strtok(NULL, " "))
			argv[argc++] = w;
		argv[argc] = NULL;
		ret = parse_line(argc, argv, LINE_RESTORE, &req, err, sizeof(err));
		if (ret)
			tap_diag("%s: %s", lines[i], err);
		if (req.cmd == CMD_PORT_SET) {
			struct port *p = &ports[i ? 1 : 0];

			snprintf(p->name, sizeof(p->name), "%s", req.dev);
			p->ifindex = i ? 6 : 5;
			p->policy[BRFW_DIR_IN] = req.policy_in;
			p->policy[BRFW_DIR_OUT] = req.policy_out;
			p->flags = req.flags;
			p->ct_limit = req.ct_limit;
		} else {
			struct rule_entry *e = &rules[i - 1];

			snprintf(e->dev, sizeof(e->dev), "vnet0");
			e->ifindex = 5;
			e->seq = i;
			e->r = req.rule;
		}
		request_free(&req);
	}
	ret = save_write(mem_open(&m), &sets, ports, 2, rules, 3, err, sizeof(err));
	got = mem_take(&m);
	tap_ok(ret == 0, "save: stateful, persist-established, ct-limit, ct-state");
	tap_is_str(got, want, "save: port settings and ct-state as the command line takes them");
	snprintf(text, sizeof(text), "%s", got);
	free(got);

	script_init(&sc);
	ret = restore_parse(text, strlen(text), lookup, NULL, &sc, err, sizeof(err));
	tap_ok(ret == 0 && sc.n == 5 && sc.protocol == 4,
	       "restore: the save file parses, and needs protocol 4");
	script_free(&sc);
	script_init(&sc);
	snprintf(text, sizeof(text), "port set vnet0 policy-in drop\nrule add vnet0 in drop\n");
	ret = restore_parse(text, strlen(text), lookup, NULL, &sc, err, sizeof(err));
	tap_ok(ret == 0 && sc.protocol == 3,
	       "restore: a file without conntrack needs protocol 3 only");
	script_free(&sc);
}

static void test_rule_ct_state(void)
{
	char buf[512], why[64], text[RULE_TEXT_SIZE];
	struct nlmsghdr *nlh;
	struct nlattr *nest;
	const struct nlattr *a;
	struct rule r, back;
	int ret = -1, ok = 0;
	unsigned int s;

	/* Every non-empty set of states: text and wire round trips. */
	for (s = 1; s <= BRFW_CT_F_ALL; s++) {
		memset(&r, 0, sizeof(r));
		r.dirs = BRFW_RULE_DIR_IN;
		r.action = BRFW_ACTION_ACCEPT;
		r.present = RM_CT_STATE;
		r.ct_state = (uint8_t)s;
		nlh = msg_start(buf, sizeof(buf));
		rule_put(nlh, &r);
		mnl_attr_for_each(a, nlh, GENL_HDRLEN)
			ret = rule_decode(a, &back, why, sizeof(why));
		if (!ret && rule_equal(&r, &back) && !back.unknown)
			ok++;
	}
	tap_is_int(ok, 15, "ct-state: every set of states survives the wire");

	nlh = msg_start(buf, sizeof(buf));
	nest = mnl_attr_nest_start(nlh, BRFW_A_RULE);
	mnl_attr_put_u8(nlh, BRFW_RULE_DIRS, BRFW_RULE_DIR_IN);
	mnl_attr_put_u8(nlh, BRFW_RULE_ACTION, BRFW_ACTION_DROP);
	mnl_attr_put_u8(nlh, BRFW_RULE_CT_STATE, BRFW_CT_F_INVALID | 0x40);
	mnl_attr_nest_end(nlh, nest);
	mnl_attr_for_each(a, nlh, GENL_HDRLEN)
		ret = rule_decode(a, &r, why, sizeof(why));
	tap_ok(ret == 0 && r.unknown, "ct-state: a newer module's state: save refuses it");
	tap_is_str(rule_format(text, sizeof(text), &r, false),
		   "ct-state invalid,0x40 drop", "ct-state: unknown states shown by bit");

	nlh = msg_start(buf, sizeof(buf));
	nest = mnl_attr_nest_start(nlh, BRFW_A_RULE);
	mnl_attr_put_u8(nlh, BRFW_RULE_DIRS, BRFW_RULE_DIR_IN);
	mnl_attr_put_u8(nlh, BRFW_RULE_ACTION, BRFW_ACTION_DROP);
	mnl_attr_put_u16(nlh, BRFW_RULE_CT_STATE, 1);
	mnl_attr_nest_end(nlh, nest);
	mnl_attr_for_each(a, nlh, GENL_HDRLEN)
		ret = rule_decode(a, &r, why, sizeof(why));
	tap_ok(ret == -1 && !strcmp(why, "bad rule attribute ct-state"),
	       "ct-state: attribute of the wrong size");
	tap_is_str(rule_attr_name(BRFW_RULE_CT_STATE), "ct-state",
		   "ct-state: the attribute's name for kernel errors");
}

void test_ct(void)
{
	size_t i;

	for (i = 0; i < sizeof(ok_cases) / sizeof(ok_cases[0]); i++)
		run_ok(&ok_cases[i]);
	for (i = 0; i < sizeof(err_cases) / sizeof(err_cases[0]); i++)
		run_err(&err_cases[i]);
	test_ct_show();
	test_flows();
	test_wire();
	test_rule_ct_state();
	test_save_restore();
}
