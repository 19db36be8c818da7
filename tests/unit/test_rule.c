// SPDX-License-Identifier: GPL-2.0
/*
 * Protocol 3 commands without a kernel: the rule, set, counters, save,
 * restore and batch grammar (every accepted form, every error), the
 * canonical rule text and its round trip through the parser, the netlink
 * encoding both ways, rule show / set show output, set member chunking,
 * save files and the line numbers of restore errors.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <libmnl/libmnl.h>
#include <linux/genetlink.h>
#include <linux/brfw.h>

#include "nl.h"
#include "parse.h"
#include "port.h"
#include "restore.h"
#include "rule.h"
#include "script.h"
#include "set.h"
#include "tap.h"
#include "tests.h"

#define RULE_H "brfwctl rule help"
#define SET_H "brfwctl set help"
#define TOP "brfwctl --help"

/* A request as one line of text, for the tables below. */
static void describe(char *out, size_t len, const struct request *r)
{
	char text[RULE_TEXT_SIZE], p[PREFIX_STR_SIZE], d[16];
	size_t off = 0, i;

#define ADD(...) (off += snprintf(out + off, off < len ? len - off : 0, __VA_ARGS__))
	out[0] = '\0';
	if (r->json)
		ADD("-j ");
	switch (r->cmd) {
	case CMD_RULE_ADD:
	case CMD_RULE_INSERT:
		ADD("rule %s %s %s ", r->cmd == CMD_RULE_ADD ? "add" : "insert",
		    r->dev, rule_dir_name(d, sizeof(d), r->rule.dirs));
		if (r->cmd == CMD_RULE_INSERT)
			ADD("pos %u ", r->pos);
		ADD("%s", rule_format(text, sizeof(text), &r->rule, true));
		break;
	case CMD_RULE_DEL:
		ADD("rule del %s id %u", r->dev, r->rule_id);
		break;
	case CMD_RULE_SHOW:
		ADD("rule show%s%s", r->dev ? " " : "", r->dev ? r->dev : "");
		break;
	case CMD_RULE_HELP:
		ADD("rule help");
		break;
	case CMD_SET_HELP:
		ADD("set help");
		break;
	case CMD_SET_ADD:
	case CMD_SET_ADD_ELEM:
	case CMD_SET_DEL_ELEM:
		ADD("set %s %s", r->cmd == CMD_SET_ADD ? "add" :
		    r->cmd == CMD_SET_ADD_ELEM ? "add-elem" : "del-elem",
		    r->set_name);
		for (i = 0; i < r->n_elems; i++)
			ADD(" %s", prefix_str(p, r->elems[i].family == 6,
					      &r->elems[i].p));
		break;
	case CMD_SET_DEL:
		ADD("set del %s", r->set_name);
		break;
	case CMD_SET_SHOW:
		ADD("set show%s%s", r->set_name[0] ? " " : "", r->set_name);
		break;
	case CMD_COUNTERS_RESET:
		ADD("counters reset%s%s", r->dev ? " " : "", r->dev ? r->dev : "");
		break;
	case CMD_SAVE:
		ADD("save");
		break;
	case CMD_RESTORE:
		ADD("restore %s", r->file);
		break;
	case CMD_BATCH:
		ADD("batch %s", r->file);
		break;
	default:
		ADD("cmd %d", (int)r->cmd);
	}
#undef ADD
}

/* argv for parse_args: "brfwctl" then the words. */
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
	const char *args[40];
	const char *want;
};

#define RA "rule", "add", "vnet0", "in"
#define RA_ "rule add vnet0 in "
#define SIXTEEN "1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16"

static const struct ok_case ok_cases[] = {
	/* The examples of the spec. */
	{ { RA, "proto", "tcp", "src", "10.0.0.5", "dport", "80", "reject", "log" },
	  RA_ "proto tcp src 10.0.0.5 dport 80 reject log" },
	{ { "rule", "add", "vnet1", "inout", "id", "1", "proto", "icmp", "accept" },
	  "rule add vnet1 inout id 1 proto icmp accept" },
	{ { "rule", "add", "vnet2", "out", "id", "11", "proto", "tcp", "tcp-flags",
	    "fin,syn/fin,syn,rst", "dst", "2001:db8::/64", "drop", "log" },
	  "rule add vnet2 out id 11 proto tcp dst 2001:db8::/64 tcp-flags fin,syn/fin,syn,rst drop log" },
	{ { "rule", "insert", "vnet2", "out", "pos", "1", "id", "12", "proto", "sctp",
	    "sport", "1-1023", "accept" },
	  "rule insert vnet2 out pos 1 id 12 proto sctp sport 1-1023 accept" },
	{ { "rule", "add", "vnet2", "inout", "id", "15", "proto", "tcp", "tcp-flags",
	    "syn", "dport", "22", "reject" },
	  "rule add vnet2 inout id 15 proto tcp dport 22 tcp-flags syn reject" },
	/* Directions, actions, ids. */
	{ { "rule", "add", "vnet0", "out", "accept" }, "rule add vnet0 out accept" },
	{ { "rule", "add", "vnet0", "inout", "drop" }, "rule add vnet0 inout drop" },
	{ { RA, "reject" }, RA_ "reject" },
	{ { RA, "drop", "log" }, RA_ "drop log" },
	{ { RA, "id", "4294967295", "drop" }, RA_ "id 4294967295 drop" },
	{ { RA, "id", "007", "drop" }, RA_ "id 7 drop" },
	/* Any order on input, canonical order out. */
	{ { RA, "dport", "80", "proto", "tcp", "id", "3", "src", "10.0.0.0/8", "drop" },
	  RA_ "id 3 proto tcp src 10.0.0.0/8 dport 80 drop" },
	{ { RA, "vlan", "5", "dst-mac", "02:00:00:00:00:bb", "src-mac",
	    "02:00:00:00:00:aa", "ether-type", "arp", "accept" },
	  RA_ "ether-type arp src-mac 02:00:00:00:00:aa dst-mac 02:00:00:00:00:bb vlan 5 accept" },
	/* ether-type */
	{ { RA, "ether-type", "ip", "drop" }, RA_ "ether-type ip drop" },
	{ { RA, "ether-type", "ip6", "drop" }, RA_ "ether-type ip6 drop" },
	{ { RA, "ether-type", "arp", "drop" }, RA_ "ether-type arp drop" },
	{ { RA, "ether-type", "0x0800", "drop" }, RA_ "ether-type ip drop" },
	{ { RA, "ether-type", "2048", "drop" }, RA_ "ether-type ip drop" },
	{ { RA, "ether-type", "0x86DD", "drop" }, RA_ "ether-type ip6 drop" },
	{ { RA, "ether-type", "0x88b5", "drop" }, RA_ "ether-type 0x88b5 drop" },
	{ { RA, "ether-type", "1536", "drop" }, RA_ "ether-type 0x0600 drop" },
	{ { RA, "ether-type", "0xffff", "drop" }, RA_ "ether-type 0xffff drop" },
	{ { RA, "ether-type", "a", "drop" }, RA_ "ether-type arp drop" },
	/* MACs: any address, any case, short groups. */
	{ { RA, "src-mac", "2:0:0:0:0:AA", "drop" }, RA_ "src-mac 02:00:00:00:00:aa drop" },
	{ { RA, "dst-mac", "ff:ff:ff:ff:ff:ff", "drop" },
	  RA_ "dst-mac ff:ff:ff:ff:ff:ff drop" },
	{ { RA, "dst-mac", "00:00:00:00:00:00", "drop" },
	  RA_ "dst-mac 00:00:00:00:00:00 drop" },
	/* vlan */
	{ { RA, "vlan", "1", "drop" }, RA_ "vlan 1 drop" },
	{ { RA, "vlan", "4094", "drop" }, RA_ "vlan 4094 drop" },
	{ { RA, "vlan", "0042", "drop" }, RA_ "vlan 42 drop" },
	/* proto */
	{ { RA, "proto", "tcp", "drop" }, RA_ "proto tcp drop" },
	{ { RA, "proto", "udp", "drop" }, RA_ "proto udp drop" },
	{ { RA, "proto", "icmp", "drop" }, RA_ "proto icmp drop" },
	{ { RA, "proto", "icmpv6", "drop" }, RA_ "proto icmpv6 drop" },
	{ { RA, "proto", "sctp", "drop" }, RA_ "proto sctp drop" },
	{ { RA, "proto", "6", "drop" }, RA_ "proto tcp drop" },
	{ { RA, "proto", "1", "drop" }, RA_ "proto icmp drop" },
	{ { RA, "proto", "58", "drop" }, RA_ "proto icmpv6 drop" },
	{ { RA, "proto", "47", "drop" }, RA_ "proto 47 drop" },
	{ { RA, "proto", "255", "drop" }, RA_ "proto 255 drop" },
	{ { RA, "proto", "u", "drop" }, RA_ "proto udp drop" },
	/* src, dst */
	{ { RA, "src", "10.0.0.5/32", "drop" }, RA_ "src 10.0.0.5 drop" },
	{ { RA, "src", "0.0.0.0/0", "drop" }, RA_ "src 0.0.0.0/0 drop" },
	{ { RA, "dst", "2001:DB8:0::/32", "drop" }, RA_ "dst 2001:db8::/32 drop" },
	{ { RA, "dst", "::1", "drop" }, RA_ "dst ::1 drop" },
	{ { RA, "dst", "::/0", "drop" }, RA_ "dst ::/0 drop" },
	{ { RA, "src", "@admins", "drop" }, RA_ "src @admins drop" },
	{ { RA, "src", "@A.b_c-1", "dst", "@x", "drop" }, RA_ "src @A.b_c-1 dst @x drop" },
	{ { RA, "src", "@abcdefghijklmnopqrstuvwxyz01234", "drop" },
	  RA_ "src @abcdefghijklmnopqrstuvwxyz01234 drop" },
	{ { RA, "src", "10.0.0.1", "dst", "@six", "drop" }, RA_ "src 10.0.0.1 dst @six drop" },
	{ { RA, "proto", "icmpv6", "src", "@v4only", "drop" },
	  RA_ "proto icmpv6 src @v4only drop" },	/* the kernel's to refuse */
	{ { RA, "ether-type", "ip", "src", "10.0.0.1", "proto", "icmp", "drop" },
	  RA_ "ether-type ip proto icmp src 10.0.0.1 drop" },
	{ { RA, "ether-type", "ip6", "proto", "icmpv6", "dst", "fe80::/10", "drop" },
	  RA_ "ether-type ip6 proto icmpv6 dst fe80::/10 drop" },
	/* ports */
	{ { RA, "proto", "udp", "sport", "53", "drop" }, RA_ "proto udp sport 53 drop" },
	{ { RA, "proto", "tcp", "dport", "80,443,8000-8080", "drop" },
	  RA_ "proto tcp dport 80,443,8000-8080 drop" },
	{ { RA, "proto", "sctp", "sport", "0", "dport", "65535", "drop" },
	  RA_ "proto sctp sport 0 dport 65535 drop" },
	{ { RA, "proto", "tcp", "dport", "0-65535", "drop" },
	  RA_ "proto tcp dport 0-65535 drop" },
	{ { RA, "proto", "tcp", "dport", "5-5,7", "drop" }, RA_ "proto tcp dport 5,7 drop" },
	{ { RA, "proto", "tcp", "dport", "443,80", "drop" }, RA_ "proto tcp dport 443,80 drop" },
	{ { RA, "proto", "tcp", "dport", SIXTEEN, "drop" },
	  RA_ "proto tcp dport " SIXTEEN " drop" },
	{ { RA, "proto", "tcp", "dport", "0080", "drop" }, RA_ "proto tcp dport 80 drop" },
	/* icmp-type */
	{ { RA, "proto", "icmp", "icmp-type", "8", "accept" },
	  RA_ "proto icmp icmp-type 8 accept" },
	{ { RA, "proto", "icmpv6", "icmp-type", "135/0", "accept" },
	  RA_ "proto icmpv6 icmp-type 135/0 accept" },
	{ { RA, "proto", "1", "icmp-type", "255/255", "accept" },
	  RA_ "proto icmp icmp-type 255/255 accept" },
	{ { RA, "proto", "58", "icmp-type", "0", "accept" },
	  RA_ "proto icmpv6 icmp-type 0 accept" },
	/* tcp-flags */
	{ { RA, "proto", "tcp", "tcp-flags", "syn", "drop" }, RA_ "proto tcp tcp-flags syn drop" },
	{ { RA, "proto", "tcp", "tcp-flags", "syn/syn,ack", "drop" },
	  RA_ "proto tcp tcp-flags syn drop" },
	{ { RA, "proto", "tcp", "tcp-flags", "syn/ack,syn", "drop" },
	  RA_ "proto tcp tcp-flags syn drop" },
	{ { RA, "proto", "tcp", "tcp-flags", "syn/syn", "drop" },
	  RA_ "proto tcp tcp-flags syn/syn drop" },
	{ { RA, "proto", "tcp", "tcp-flags", "syn,ack", "drop" },
	  RA_ "proto tcp tcp-flags syn,ack/syn,ack drop" },
	{ { RA, "proto", "tcp", "tcp-flags", "ack/syn,ack", "drop" },
	  RA_ "proto tcp tcp-flags ack/syn,ack drop" },
	{ { RA, "proto", "tcp", "tcp-flags", "none/rst", "drop" },
	  RA_ "proto tcp tcp-flags none/rst drop" },
	{ { RA, "proto", "tcp", "tcp-flags", "cwr,ece,urg,ack,psh,rst,syn,fin", "drop" },
	  RA_ "proto tcp tcp-flags fin,syn,rst,psh,ack,urg,ece,cwr/fin,syn,rst,psh,ack,urg,ece,cwr drop" },
	/* Abbreviations. */
	{ { "ru", "a", "vnet0", "in", "pro", "tcp", "dp", "80", "acc", "l" },
	  RA_ "proto tcp dport 80 accept log" },
	{ { "rule", "ins", "vnet0", "out", "proto", "udp", "pos", "3", "dr" },
	  "rule insert vnet0 out pos 3 proto udp drop" },
	{ { "rule", "insert", "vnet0", "inout", "pos", "99", "accept" },
	  "rule insert vnet0 inout pos 99 accept" },
	/* rule del, show, help. */
	{ { "rule", "del", "vnet0", "id", "5" }, "rule del vnet0 id 5" },
	{ { "rule", "delete", "vnet0", "id", "5" }, "rule del vnet0 id 5" },
	{ { "rule", "d", "vnet0", "id", "5" }, "rule del vnet0 id 5" },
	{ { "rule" }, "rule show" },
	{ { "rule", "show" }, "rule show" },
	{ { "rule", "show", "vnet0" }, "rule show vnet0" },
	{ { "rule", "list", "vnet0" }, "rule show vnet0" },
	{ { "-j", "rule", "show" }, "-j rule show" },
	{ { "rule", "help" }, "rule help" },
	{ { "help", "rule" }, "rule help" },
	{ { "help", "ru" }, "rule help" },
	/* sets */
	{ { "set", "add", "x" }, "set add x" },
	{ { "set", "add", "admins", "172.16.10.0/28", "172.16.10.12", "2001:db8::/64" },
	  "set add admins 172.16.10.0/28 172.16.10.12 2001:db8::/64" },
	{ { "set", "add", "x", "10.0.0.1", "10.0.0.1/32", "::/0" },
	  "set add x 10.0.0.1 10.0.0.1 ::/0" },
	{ { "set", "add-elem", "x", "1.2.3.4" }, "set add-elem x 1.2.3.4" },
	{ { "set", "del-elem", "x", "::1", "10.0.0.0/8" }, "set del-elem x ::1 10.0.0.0/8" },
	{ { "set", "del", "x" }, "set del x" },
	{ { "set", "delete", "x" }, "set del x" },
	{ { "set" }, "set show" },
	{ { "set", "show" }, "set show" },
	{ { "set", "show", "x" }, "set show x" },
	{ { "set", "list", "x" }, "set show x" },
	{ { "set", "help" }, "set help" },
	{ { "help", "set" }, "set help" },
	{ { "set", "add", "rule" }, "set add rule" },
	/* counters, save, restore, batch */
	{ { "counters", "reset" }, "counters reset" },
	{ { "counters", "reset", "vnet0" }, "counters reset vnet0" },
	{ { "c", "r", "vnet0" }, "counters reset vnet0" },
	{ { "save" }, "save" },
	{ { "sa" }, "save" },
	{ { "restore", "/tmp/x.conf" }, "restore /tmp/x.conf" },
	{ { "restore", "-" }, "restore -" },
	{ { "res", "-" }, "restore -" },
	{ { "-b", "cmds" }, "batch cmds" },
	{ { "-batch", "cmds" }, "batch cmds" },
	{ { "--batch", "-" }, "batch -" },
	{ { "-j", "-b", "cmds" }, "-j batch cmds" },
	{ { "-jb", "cmds" }, "-j batch cmds" },
};

struct err_case {
	const char *args[40];
	const char *err;
	const char *hint;
};

static const struct err_case err_cases[] = {
	/* Commands. */
	{ { "s" }, "ambiguous command \"s\" (set, save)", TOP },
	{ { "r" }, "ambiguous command \"r\" (rule, restore)", TOP },
	{ { "rule", "frob", "vnet0" }, "unknown command \"frob\" for \"rule\"", RULE_H },
	{ { "rule", "add" }, "missing device for \"rule add\"", RULE_H },
	{ { "rule", "add", "-j" }, "option \"-j\" must come before the command", RULE_H },
	{ { "rule", "add", "sixteen-chars-xx", "in", "drop" },
	  "device name \"sixteen-chars-xx\" is too long (at most 15 characters)", RULE_H },
	{ { "rule", "add", "vnet0" },
	  "rule add expects a direction (in, out or inout) after the device", RULE_H },
	{ { "rule", "add", "vnet0", "sideways", "drop" },
	  "rule add expects a direction (in, out or inout), not \"sideways\"", RULE_H },
	{ { "rule", "add", "vnet0", "i", "drop" },
	  "rule add expects a direction (in, out or inout), not \"i\"", RULE_H },
	{ { "rule", "add", "vnet0", "-p" },
	  "option \"-p\" must come before the command", RULE_H },
	{ { RA }, "rule add expects an action (accept, drop or reject) at the end", RULE_H },
	{ { RA, "proto", "tcp" },
	  "rule add expects an action (accept, drop or reject) at the end", RULE_H },
	{ { RA, "frob", "1", "drop" }, "unknown keyword \"frob\" for \"rule add\"", RULE_H },
	{ { RA, "proto", "tcp", "allow" }, "unknown keyword \"allow\" for \"rule add\"", RULE_H },
	{ { RA, "s", "1", "drop" },
	  "ambiguous keyword \"s\" for \"rule add\" (src-mac, src, sport)", RULE_H },
	{ { RA, "d", "1", "drop" },
	  "ambiguous keyword \"d\" for \"rule add\" (dst-mac, dst, dport, drop)", RULE_H },
	{ { RA, "drop", "proto", "tcp" },
	  "unexpected \"proto\" after the action (only log may follow it)", RULE_H },
	{ { RA, "drop", "accept" },
	  "unexpected \"accept\" after the action (only log may follow it)", RULE_H },
	{ { RA, "drop", "log", "log" },
	  "unexpected \"log\" after the action (only log may follow it)", RULE_H },
	{ { RA, "drop", "-j" }, "option \"-j\" must come before the command", RULE_H },
	{ { RA, "proto", "tcp", "log", "drop" },
	  "\"log\" must follow the action (accept, drop or reject)", RULE_H },
	{ { RA, "proto", "tcp", "proto", "udp", "drop" }, "\"proto\" given twice", RULE_H },
	{ { RA, "src", "10.0.0.1", "src", "10.0.0.2", "drop" }, "\"src\" given twice", RULE_H },
	{ { RA, "id", "1", "id", "2", "drop" }, "\"id\" given twice", RULE_H },
	{ { RA, "vlan", "1", "vlan", "1", "drop" }, "\"vlan\" given twice", RULE_H },
	/* id, pos */
	{ { RA, "id" }, "id expects a number 1..4294967295", RULE_H },
	{ { RA, "id", "0", "drop" }, "id expects a number 1..4294967295, not \"0\"", RULE_H },
	{ { RA, "id", "x1", "drop" }, "id expects a number 1..4294967295, not \"x1\"", RULE_H },
	{ { RA, "id", "-1", "drop" }, "id expects a number 1..4294967295, not \"-1\"", RULE_H },
	{ { RA, "id", "4294967296", "drop" },
	  "id expects a number 1..4294967295, not \"4294967296\"", RULE_H },
	{ { RA, "pos", "1", "drop" }, "\"pos\" is for rule insert (rule add appends)", RULE_H },
	{ { "rule", "insert", "vnet0", "in", "proto", "tcp", "drop" },
	  "rule insert expects pos N (the position in the in list)", RULE_H },
	{ { "rule", "insert", "vnet0", "inout", "drop" },
	  "rule insert expects pos N (the position in the in list)", RULE_H },
	{ { "rule", "insert", "vnet0", "out", "drop" },
	  "rule insert expects pos N (the position in the out list)", RULE_H },
	{ { "rule", "insert", "vnet0", "in", "pos", "0", "drop" },
	  "pos expects a number 1..4294967295, not \"0\"", RULE_H },
	{ { "rule", "insert", "vnet0", "in", "pos", "first", "drop" },
	  "pos expects a number 1..4294967295, not \"first\"", RULE_H },
	{ { "rule", "insert", "vnet0", "in", "pos", "1", "pos", "2", "drop" },
	  "\"pos\" given twice", RULE_H },
	/* ether-type */
	{ { RA, "ether-type" },
	  "ether-type expects ip, ip6, arp or a number 0x0600..0xffff", RULE_H },
	{ { RA, "ether-type", "ipx", "drop" },
	  "ether-type expects ip, ip6, arp or a number 0x0600..0xffff, not \"ipx\"", RULE_H },
	{ { RA, "ether-type", "", "drop" },
	  "ether-type expects ip, ip6, arp or a number 0x0600..0xffff, not \"\"", RULE_H },
	{ { RA, "ether-type", "0x", "drop" },
	  "ether-type expects ip, ip6, arp or a number 0x0600..0xffff, not \"0x\"", RULE_H },
	{ { RA, "ether-type", "0x8g00", "drop" },
	  "ether-type expects ip, ip6, arp or a number 0x0600..0xffff, not \"0x8g00\"", RULE_H },
	{ { RA, "ether-type", "0x05ff", "drop" },
	  "ether-type 0x05ff is out of range (0x0600..0xffff)", RULE_H },
	{ { RA, "ether-type", "1535", "drop" },
	  "ether-type 1535 is out of range (0x0600..0xffff)", RULE_H },
	{ { RA, "ether-type", "0x10000", "drop" },
	  "ether-type 0x10000 is out of range (0x0600..0xffff)", RULE_H },
	{ { RA, "ether-type", "99999999999999999999999", "drop" },
	  "ether-type 99999999999999999999999 is out of range (0x0600..0xffff)", RULE_H },
	/* MACs */
	{ { RA, "src-mac" }, "src-mac expects an address like 52:54:00:12:34:56", RULE_H },
	{ { RA, "src-mac", "02:00:00:00:00", "drop" },
	  "src-mac expects an address like 52:54:00:12:34:56, not \"02:00:00:00:00\"", RULE_H },
	{ { RA, "dst-mac", "02:00:00:00:00:zz", "drop" },
	  "dst-mac expects an address like 52:54:00:12:34:56, not \"02:00:00:00:00:zz\"", RULE_H },
	/* vlan */
	{ { RA, "vlan", "0", "drop" }, "vlan 0 is out of range (VLAN IDs are 1..4094)", RULE_H },
	{ { RA, "vlan", "4095", "drop" }, "vlan 4095 is out of range (VLAN IDs are 1..4094)", RULE_H },
	{ { RA, "vlan", "99999999999999999999", "drop" },
	  "vlan 99999999999999999999 is out of range (VLAN IDs are 1..4094)", RULE_H },
	{ { RA, "vlan", "abc", "drop" }, "vlan expects a VLAN ID 1..4094, not \"abc\"", RULE_H },
	{ { RA, "vlan", "1,2", "drop" }, "vlan expects a VLAN ID 1..4094, not \"1,2\"", RULE_H },
	/* proto */
	{ { RA, "proto", "0", "drop" }, "proto 0 is out of range (1..255)", RULE_H },
	{ { RA, "proto", "256", "drop" }, "proto 256 is out of range (1..255)", RULE_H },
	{ { RA, "proto", "tpc", "drop" },
	  "proto expects tcp, udp, icmp, icmpv6, sctp or a number 1..255, not \"tpc\"", RULE_H },
	{ { RA, "proto", "icmpx", "drop" },
	  "proto expects tcp, udp, icmp, icmpv6, sctp or a number 1..255, not \"icmpx\"", RULE_H },
	{ { RA, "proto", "0x6", "drop" },
	  "proto expects tcp, udp, icmp, icmpv6, sctp or a number 1..255, not \"0x6\"", RULE_H },
	/* src, dst */
	{ { RA, "src" }, "src expects an address, a prefix or @SET", RULE_H },
	{ { RA, "src", "", "drop" }, "src expects an address, a prefix or @SET, not \"\"", RULE_H },
	{ { RA, "src", "@", "drop" }, "src expects an address, a prefix or @SET, not \"@\"", RULE_H },
	{ { RA, "src", "@a/b", "drop" },
	  "set name \"a/b\" may only contain letters, digits, \"_\", \".\" and \"-\"", RULE_H },
	{ { RA, "src", "@abcdefghijklmnopqrstuvwxyz012345", "drop" },
	  "set name \"abcdefghijklmnopqrstuvwxyz012345\" is too long (at most 31 characters)",
	  RULE_H },
	{ { RA, "src", "10.0.0.0/33", "drop" },
	  "src expects an address, a prefix or @SET, not \"10.0.0.0/33\" (prefix length 0..32)",
	  RULE_H },
	{ { RA, "src", "10.0.0.0/", "drop" },
	  "src expects an address, a prefix or @SET, not \"10.0.0.0/\" (prefix length 0..32)",
	  RULE_H },
	{ { RA, "src", "10.0.0.1/24", "drop" },
	  "src 10.0.0.1/24 has host bits set (the network is 10.0.0.0/24)", RULE_H },
	{ { RA, "dst", "300.1.1.1", "drop" },
	  "dst expects an address, a prefix or @SET, not \"300.1.1.1\"", RULE_H },
	{ { RA, "dst", "host.example", "drop" },
	  "dst expects an address, a prefix or @SET, not \"host.example\"", RULE_H },
	{ { RA, "src", "2001:db8::/129", "drop" },
	  "src expects an address, a prefix or @SET, not \"2001:db8::/129\" (prefix length 0..128)",
	  RULE_H },
	{ { RA, "src", "2001:db8::1/64", "drop" },
	  "src 2001:db8::1/64 has host bits set (the network is 2001:db8::/64)", RULE_H },
	/* ports */
	{ { RA, "proto", "tcp", "dport" }, "dport expects ports like 80,443,8000-8080", RULE_H },
	{ { RA, "proto", "tcp", "dport", "65536", "drop" },
	  "dport 65536 is out of range (ports are 0..65535)", RULE_H },
	{ { RA, "proto", "tcp", "dport", "1-65536", "drop" },
	  "dport 65536 is out of range (ports are 0..65535)", RULE_H },
	{ { RA, "proto", "tcp", "sport", "99999999999999999999", "drop" },
	  "sport 99999999999999999999 is out of range (ports are 0..65535)", RULE_H },
	{ { RA, "proto", "tcp", "dport", "200-100", "drop" },
	  "dport range 200-100 is backwards (write 100-200)", RULE_H },
	{ { RA, "proto", "tcp", "dport", "1,20-10", "drop" },
	  "dport range 20-10 is backwards (write 10-20)", RULE_H },
	{ { RA, "proto", "tcp", "dport", "http", "drop" },
	  "dport expects ports like 80,443,8000-8080, not \"http\"", RULE_H },
	{ { RA, "proto", "tcp", "dport", "80,,90", "drop" },
	  "dport expects ports like 80,443,8000-8080, not \"80,,90\"", RULE_H },
	{ { RA, "proto", "tcp", "dport", "80,", "drop" },
	  "dport expects ports like 80,443,8000-8080, not \"80,\"", RULE_H },
	{ { RA, "proto", "tcp", "sport", "-5", "drop" },
	  "sport expects ports like 80,443,8000-8080, not \"-5\"", RULE_H },
	{ { RA, "proto", "tcp", "sport", "1-2-3", "drop" },
	  "sport expects ports like 80,443,8000-8080, not \"1-2-3\"", RULE_H },
	{ { RA, "proto", "tcp", "sport", "", "drop" },
	  "sport expects ports like 80,443,8000-8080, not \"\"", RULE_H },
	{ { RA, "proto", "udp", "dport", SIXTEEN ",17", "drop" },
	  "dport takes at most 16 ports or ranges", RULE_H },
	/* icmp-type */
	{ { RA, "proto", "icmp", "icmp-type" },
	  "icmp-type expects TYPE or TYPE/CODE (0..255)", RULE_H },
	{ { RA, "proto", "icmp", "icmp-type", "256", "drop" },
	  "icmp-type 256 is out of range (0..255)", RULE_H },
	{ { RA, "proto", "icmp", "icmp-type", "12345678901", "drop" },
	  "icmp-type 12345678901 is out of range (0..255)", RULE_H },
	{ { RA, "proto", "icmp", "icmp-type", "3/256", "drop" },
	  "icmp-type 3/256: the code is out of range (0..255)", RULE_H },
	{ { RA, "proto", "icmp", "icmp-type", "echo", "drop" },
	  "icmp-type expects TYPE or TYPE/CODE (0..255), not \"echo\"", RULE_H },
	{ { RA, "proto", "icmp", "icmp-type", "3/", "drop" },
	  "icmp-type expects TYPE or TYPE/CODE (0..255), not \"3/\"", RULE_H },
	{ { RA, "proto", "icmp", "icmp-type", "/3", "drop" },
	  "icmp-type expects TYPE or TYPE/CODE (0..255), not \"/3\"", RULE_H },
	{ { RA, "proto", "icmp", "icmp-type", "3/1/2", "drop" },
	  "icmp-type expects TYPE or TYPE/CODE (0..255), not \"3/1/2\"", RULE_H },
	/* tcp-flags */
	{ { RA, "proto", "tcp", "tcp-flags", "syn,foo", "drop" },
	  "tcp-flags: unknown flag \"foo\" in \"syn,foo\" (fin, syn, rst, psh, ack, urg, ece, cwr)",
	  RULE_H },
	{ { RA, "proto", "tcp", "tcp-flags", "", "drop" },
	  "tcp-flags expects syn, or FLAGS[/MASK] (fin,syn,rst,psh,ack,urg,ece,cwr), not \"\"",
	  RULE_H },
	{ { RA, "proto", "tcp", "tcp-flags", ",syn", "drop" },
	  "tcp-flags expects syn, or FLAGS[/MASK] (fin,syn,rst,psh,ack,urg,ece,cwr), not \",syn\"",
	  RULE_H },
	{ { RA, "proto", "tcp", "tcp-flags", "syn/", "drop" },
	  "tcp-flags expects syn, or FLAGS[/MASK] (fin,syn,rst,psh,ack,urg,ece,cwr), not \"syn/\"",
	  RULE_H },
	{ { RA, "proto", "tcp", "tcp-flags", "none", "drop" },
	  "tcp-flags none needs a mask (none/MASK: the flags of MASK clear)", RULE_H },
	{ { RA, "proto", "tcp", "tcp-flags", "syn/none", "drop" },
	  "tcp-flags: unknown flag \"none\" in \"syn/none\" (fin, syn, rst, psh, ack, urg, ece, cwr)",
	  RULE_H },
	{ { RA, "proto", "tcp", "tcp-flags", "syn,ack/syn", "drop" },
	  "tcp-flags syn,ack/syn: every flag must be in the mask", RULE_H },
	{ { RA, "proto", "tcp", "tcp-flags", "SYN", "drop" },
	  "tcp-flags: unknown flag \"SYN\" in \"SYN\" (fin, syn, rst, psh, ack, urg, ece, cwr)",
	  RULE_H },
	/* What needs what. */
	{ { RA, "sport", "80", "drop" }, "sport needs proto tcp, udp or sctp", RULE_H },
	{ { RA, "proto", "icmp", "dport", "80", "drop" },
	  "dport needs proto tcp, udp or sctp, not proto icmp", RULE_H },
	{ { RA, "proto", "47", "dport", "80", "drop" },
	  "dport needs proto tcp, udp or sctp, not proto 47", RULE_H },
	{ { RA, "icmp-type", "8", "drop" }, "icmp-type needs proto icmp or icmpv6", RULE_H },
	{ { RA, "proto", "udp", "icmp-type", "8", "drop" },
	  "icmp-type needs proto icmp or icmpv6, not proto udp", RULE_H },
	{ { RA, "proto", "tcp", "tcp-flags", "syn", "tcp-flags", "syn", "drop" },
	  "\"tcp-flags\" given twice", RULE_H },
	{ { RA, "tcp-flags", "syn", "drop" }, "tcp-flags needs proto tcp", RULE_H },
	{ { RA, "proto", "udp", "tcp-flags", "syn", "drop" },
	  "tcp-flags needs proto tcp, not proto udp", RULE_H },
	{ { RA, "tcp-flags", "syn", "icmp-type", "8", "proto", "tcp", "accept" },
	  "icmp-type needs proto icmp or icmpv6, not proto tcp", RULE_H },
	/* Address families. */
	{ { RA, "proto", "icmpv6", "src", "10.0.0.1", "drop" },
	  "proto icmpv6 (IPv6) conflicts with src 10.0.0.1 (IPv4)", RULE_H },
	{ { RA, "proto", "icmp", "dst", "2001:db8::1", "drop" },
	  "proto icmp (IPv4) conflicts with dst 2001:db8::1 (IPv6)", RULE_H },
	{ { RA, "ether-type", "arp", "proto", "tcp", "drop" },
	  "ether-type arp cannot be combined with proto tcp (an IP match)", RULE_H },
	{ { RA, "ether-type", "0x88b5", "src", "@x", "drop" },
	  "ether-type 0x88b5 cannot be combined with src @x (an IP match)", RULE_H },
	{ { RA, "ether-type", "arp", "dport", "80", "drop" },
	  "ether-type arp cannot be combined with dport 80 (an IP match)", RULE_H },
	{ { RA, "ether-type", "ip", "src", "2001:db8::1", "drop" },
	  "ether-type ip (IPv4) conflicts with src 2001:db8::1 (IPv6)", RULE_H },
	{ { RA, "ether-type", "ip6", "proto", "icmp", "drop" },
	  "ether-type ip6 (IPv6) conflicts with proto icmp (IPv4)", RULE_H },
	{ { RA, "src", "10.0.0.1", "dst", "2001:db8::1", "drop" },
	  "src 10.0.0.1 (IPv4) conflicts with dst 2001:db8::1 (IPv6)", RULE_H },
	{ { RA, "dst", "10.0.0.1", "ether-type", "ip6", "drop" },
	  "ether-type ip6 (IPv6) conflicts with dst 10.0.0.1 (IPv4)", RULE_H },
	/* rule del, show */
	{ { "rule", "del" }, "missing device for \"rule del\"", RULE_H },
	{ { "rule", "del", "vnet0" }, "rule del expects id N after the device", RULE_H },
	{ { "rule", "del", "vnet0", "5" },
	  "rule del expects id N after the device, not \"5\"", RULE_H },
	{ { "rule", "del", "vnet0", "id" }, "id expects a number 1..4294967295", RULE_H },
	{ { "rule", "del", "vnet0", "id", "one" },
	  "id expects a number 1..4294967295, not \"one\"", RULE_H },
	{ { "rule", "del", "vnet0", "id", "1", "extra" },
	  "unknown keyword \"extra\" for \"rule del\"", RULE_H },
	{ { "rule", "show", "vnet0", "extra" }, "unknown keyword \"extra\" for \"rule show\"",
	  RULE_H },
	{ { "rule", "show", "-j" }, "option \"-j\" must come before the command", RULE_H },
	{ { "rule", "help", "x" }, "unknown keyword \"x\" for \"rule help\"", RULE_H },
	/* sets */
	{ { "set", "a", "x" }, "ambiguous command \"a\" for \"set\" (add, add-elem)", SET_H },
	{ { "set", "frob", "x" }, "unknown command \"frob\" for \"set\"", SET_H },
	{ { "set", "add" }, "missing set name for \"set add\"", SET_H },
	{ { "set", "add", "" }, "invalid set name \"\"", SET_H },
	{ { "set", "add", "a b" },
	  "set name \"a b\" may only contain letters, digits, \"_\", \".\" and \"-\"", SET_H },
	{ { "set", "add", "@x" },
	  "set name \"@x\" may only contain letters, digits, \"_\", \".\" and \"-\"", SET_H },
	{ { "set", "add", "abcdefghijklmnopqrstuvwxyz012345" },
	  "set name \"abcdefghijklmnopqrstuvwxyz012345\" is too long (at most 31 characters)",
	  SET_H },
	{ { "set", "add", "-j" }, "option \"-j\" must come before the command", SET_H },
	{ { "set", "add", "x", "10.0.0.1/24" },
	  "set member 10.0.0.1/24 has host bits set (the network is 10.0.0.0/24)", SET_H },
	{ { "set", "add", "x", "10.0.0.1", "-j" },
	  "option \"-j\" must come before the command", SET_H },
	{ { "set", "add-elem", "x" },
	  "set add-elem expects members (addresses or prefixes) after the name", SET_H },
	{ { "set", "del-elem", "x" },
	  "set del-elem expects members (addresses or prefixes) after the name", SET_H },
	{ { "set", "add-elem", "x", "xyz" },
	  "set member expects an IPv4 or IPv6 address or prefix, not \"xyz\"", SET_H },
	{ { "set", "add-elem", "x", "10.0.0.300" },
	  "set member expects an IPv4 or IPv6 address or prefix, not \"10.0.0.300\"", SET_H },
	{ { "set", "add-elem", "x", "::/129" },
	  "set member expects an IPv4 or IPv6 address or prefix, not \"::/129\" (prefix length 0..128)",
	  SET_H },
	{ { "set", "del", "x", "y" }, "unknown keyword \"y\" for \"set del\"", SET_H },
	{ { "set", "del" }, "missing set name for \"set del\"", SET_H },
	{ { "set", "show", "x", "y" }, "unknown keyword \"y\" for \"set show\"", SET_H },
	{ { "set", "show", "a/b" },
	  "set name \"a/b\" may only contain letters, digits, \"_\", \".\" and \"-\"", SET_H },
	{ { "set", "help", "x" }, "unknown keyword \"x\" for \"set help\"", SET_H },
	/* counters, save, restore, batch */
	{ { "counters" }, "\"counters\" expects reset", TOP },
	{ { "counters", "frob" }, "unknown command \"frob\" for \"counters\"", TOP },
	{ { "counters", "reset", "vnet0", "x" },
	  "unknown keyword \"x\" for \"counters reset\"", TOP },
	{ { "save", "extra" }, "unknown keyword \"extra\" for \"save\"", TOP },
	{ { "restore" }, "restore expects a file name (or - for standard input)", TOP },
	{ { "restore", "" }, "restore expects a file name (or - for standard input)", TOP },
	{ { "restore", "a", "b" }, "unknown keyword \"b\" for \"restore\"", TOP },
	{ { "restore", "-j" }, "option \"-j\" must come before the command", TOP },
	{ { "-b" }, "option \"-b\" expects a file name (or - for standard input)", TOP },
	{ { "-batch" }, "option \"-batch\" expects a file name (or - for standard input)", TOP },
	{ { "-bj", "x" }, "option \"-b\" expects a file name (or - for standard input)", TOP },
	{ { "-b", "x", "port" },
	  "unexpected \"port\" after \"-b x\" (the commands come from the file)", TOP },
	{ { "port", "show", "-b" }, "option \"-b\" must come before the command",
	  "brfwctl port help" },
};

static void run_ok(const struct ok_case *c)
{
	struct tap_point t = { false };
	char *argv[44], desc[512], err[256], got[1024];
	struct request req;
	int argc, ret;

	if (!c->want)
		return;
	argc = make_argv(c->args, argv, desc, sizeof(desc));
	ret = parse_args(argc, argv, &req, err, sizeof(err));
	tap_check_int(&t, "return", ret, 0);
	if (ret)
		tap_diag_str("error", err);
	describe(got, sizeof(got), &req);
	tap_check_str(&t, "request", got, c->want);
	tap_check_int(&t, "protocol", request_protocol(&req),
		      req.cmd == CMD_BATCH || req.cmd == CMD_RULE_HELP ||
		      req.cmd == CMD_SET_HELP ? 1 : 3);
	tap_ok(!t.failed, "parse: %s", desc);
	request_free(&req);
}

static void run_err(const struct err_case *c)
{
	struct tap_point t = { false };
	char *argv[44], desc[512], err[256];
	struct request req;
	int argc, ret;

	argc = make_argv(c->args, argv, desc, sizeof(desc));
	ret = parse_args(argc, argv, &req, err, sizeof(err));
	tap_check_int(&t, "return", ret, -1);
	tap_check_str(&t, "message", err, c->err);
	tap_check_str(&t, "hint", req.hint, c->hint);
	tap_ok(!t.failed, "parse error: %s", desc);
	request_free(&req);
}

/* Split text at spaces into argv (text is modified). */
static int split(char *text, char **argv, int max)
{
	int argc = 0;
	char *save = NULL, *w;

	for (w = strtok_r(text, " ", &save); w && argc < max - 1;
	     w = strtok_r(NULL, " ", &save))
		argv[argc++] = w;
	argv[argc] = NULL;
	return argc;
}

/* The lines of files: what each mode takes. */
static void test_lines(void)
{
	static const struct {
		const char *line;
		enum line_mode mode;
		const char *err;	/* NULL: accepted */
	} cases[] = {
		{ "port set vnet0 policy-in drop", LINE_RESTORE, NULL },
		{ "set add x", LINE_RESTORE, NULL },
		{ "set add-elem x 10.0.0.1", LINE_RESTORE, NULL },
		{ "rule add vnet0 in drop", LINE_RESTORE, NULL },
		{ "rule insert vnet0 in pos 1 drop", LINE_RESTORE, NULL },
		{ "rule del vnet0 id 1", LINE_RESTORE,
		  "a restore file takes only port set, set add, set add-elem, rule add and rule insert, not \"rule\"" },
		{ "port del vnet0", LINE_RESTORE,
		  "a restore file takes only port set, set add, set add-elem, rule add and rule insert, not \"port\"" },
		{ "set del x", LINE_RESTORE,
		  "a restore file takes only port set, set add, set add-elem, rule add and rule insert, not \"set\"" },
		{ "set del-elem x ::1", LINE_RESTORE,
		  "a restore file takes only port set, set add, set add-elem, rule add and rule insert, not \"set\"" },
		{ "rule show", LINE_RESTORE,
		  "a restore file takes only port set, set add, set add-elem, rule add and rule insert, not \"rule\"" },
		{ "counters reset", LINE_RESTORE,
		  "a restore file takes only port set, set add, set add-elem, rule add and rule insert, not \"counters\"" },
		{ "save", LINE_RESTORE,
		  "a restore file takes only port set, set add, set add-elem, rule add and rule insert, not \"save\"" },
		{ "version", LINE_RESTORE,
		  "a restore file takes only port set, set add, set add-elem, rule add and rule insert, not \"version\"" },
		{ "brfwctl rule add vnet0 in drop", LINE_RESTORE,
		  "unknown command \"brfwctl\"" },
		{ "-j rule show", LINE_BATCH,
		  "option \"-j\" is not allowed in a file (give it on the command line)" },
		{ "-b x", LINE_BATCH,
		  "option \"-b\" is not allowed in a file (give it on the command line)" },
		{ "restore x", LINE_BATCH, "restore cannot be used in a batch file" },
		{ "rule del vnet0 id 1", LINE_BATCH, NULL },
		{ "set del x", LINE_BATCH, NULL },
		{ "port del vnet0", LINE_BATCH, NULL },
		{ "rule show", LINE_BATCH, NULL },
		{ "save", LINE_BATCH, NULL },
		{ "help", LINE_BATCH, NULL },
		{ "rule add vnet0 in frob", LINE_BATCH,
		  "unknown keyword \"frob\" for \"rule add\"" },
	};
	char *argv[32], buf[256], err[256];
	struct request req;
	size_t i;
	int ret;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		snprintf(buf, sizeof(buf), "%s", cases[i].line);
		ret = parse_line(split(buf, argv, 32), argv, cases[i].mode, &req,
				 err, sizeof(err));
		tap_is_str(ret ? err : NULL, cases[i].err, "parse_line (%s): %s",
			   cases[i].mode == LINE_RESTORE ? "restore" : "batch",
			   cases[i].line);
		request_free(&req);
	}
	argv[0] = NULL;
	tap_is_int(parse_line(0, argv, LINE_BATCH, &req, err, sizeof(err)), -1,
		   "parse_line: no words");
}

/* A few xorshift numbers: the same rules every run. */
static uint32_t rnd_state = 2463534242u;

static uint32_t rnd(uint32_t n)
{
	rnd_state ^= rnd_state << 13;
	rnd_state ^= rnd_state >> 17;
	rnd_state ^= rnd_state << 5;
	return n ? rnd_state % n : 0;
}

static void random_prefix(struct rule_addr *a, int fam)
{
	unsigned int max = fam == 6 ? 128 : 32, i;

	memset(a, 0, sizeof(*a));
	a->family = (uint8_t)fam;
	for (i = 0; i < max / 8; i++)
		a->p.addr[i] = (uint8_t)rnd(256);
	a->p.len = (uint8_t)rnd(max + 1);
	for (i = a->p.len; i < max; i++)
		a->p.addr[i / 8] &= (uint8_t)~(0x80 >> (i % 8));
}

static void random_ports(struct port_range *v, uint8_t *n)
{
	unsigned int i;

	*n = (uint8_t)(1 + rnd(BRFW_MAX_PORT_RANGES));
	for (i = 0; i < *n; i++) {
		v[i].lo = (uint16_t)rnd(65536);
		v[i].hi = rnd(2) ? v[i].lo : (uint16_t)(v[i].lo + rnd(65536 - v[i].lo));
	}
}

/* A valid rule by construction, every match at random. */
static void random_rule(struct rule *r)
{
	static const uint8_t protos[] = { 6, 17, 132, 1, 58, 47, 50, 255 };
	int fam = (int)rnd(3) * 2;	/* 0, 2 (read as 4) or 4 (as 6) */

	fam = fam == 2 ? 4 : fam == 4 ? 6 : 0;
	memset(r, 0, sizeof(*r));
	r->id = rnd(3) ? 1 + rnd(100000) : 0;
	r->dirs = (uint8_t)(1 + rnd(3));
	r->action = (uint8_t)rnd(3);
	r->log = rnd(2);
	if (rnd(3) == 0) {
		r->present |= RM_SRC_MAC;
		for (int i = 0; i < 6; i++)
			r->src_mac[i] = (uint8_t)rnd(256);
	}
	if (rnd(3) == 0) {
		r->present |= RM_DST_MAC;
		for (int i = 0; i < 6; i++)
			r->dst_mac[i] = (uint8_t)rnd(256);
	}
	if (rnd(3) == 0) {
		r->present |= RM_VLAN;
		r->vlan = (uint16_t)(1 + rnd(4094));
	}
	if (!fam && rnd(4) == 0) {
		/* Not IP: nothing else. */
		r->present |= RM_ETHERTYPE;
		r->ethertype = rnd(2) ? 0x0806 : (uint16_t)(0x0600 + rnd(0x10000 - 0x0600));
		if (r->ethertype == 0x0800 || r->ethertype == 0x86dd)
			r->ethertype = 0x88b5;
		return;
	}
	if (fam && rnd(2)) {
		r->present |= RM_ETHERTYPE;
		r->ethertype = fam == 4 ? 0x0800 : 0x86dd;
	}
	if (rnd(3) == 0) {
		r->present |= RM_CT_STATE;
		r->ct_state = (uint8_t)(1 + rnd(BRFW_CT_F_ALL));
	}
	if (rnd(4)) {
		r->present |= RM_PROTO;
		do
			r->proto = rnd(3) ? protos[rnd(sizeof(protos))] : (uint8_t)(1 + rnd(255));
		while ((r->proto == 1 && fam == 6) || (r->proto == 58 && fam == 4) ||
		       ((r->proto == 1 || r->proto == 58) && !fam));
	}
	if (rnd(2)) {
		r->present |= RM_SRC;
		if (!fam || rnd(3) == 0)
			snprintf(r->src.set, sizeof(r->src.set), "s%u", rnd(1000));
		else
			random_prefix(&r->src, fam);
	}
	if (rnd(2)) {
		r->present |= RM_DST;
		if (!fam || rnd(3) == 0)
			snprintf(r->dst.set, sizeof(r->dst.set), "d.%u", rnd(1000));
		else
			random_prefix(&r->dst, fam);
	}
	if (r->proto == 6 || r->proto == 17 || r->proto == 132) {
		if (rnd(2)) {
			r->present |= RM_SPORT;
			random_ports(r->sport, &r->n_sport);
		}
		if (rnd(2)) {
			r->present |= RM_DPORT;
			random_ports(r->dport, &r->n_dport);
		}
	}
	if ((r->proto == 1 || r->proto == 58) && rnd(2)) {
		r->present |= RM_ICMP_TYPE;
		r->icmp_type = (uint8_t)rnd(256);
		if (rnd(2)) {
			r->present |= RM_ICMP_CODE;
			r->icmp_code = (uint8_t)rnd(256);
		}
	}
	if (r->proto == 6 && rnd(2)) {
		r->present |= RM_TCP_FLAGS;
		r->tcp_mask = (uint8_t)(1 + rnd(255));
		r->tcp_flags = (uint8_t)(rnd(256) & r->tcp_mask);
	}
}

/* The rule after rule_put and rule_decode. */
static bool wire_round_trip(const struct rule *r, struct rule *out, char *why,
			    size_t whylen)
{
	static char buf[8192];
	struct nlmsghdr *nlh;
	const struct nlattr *a;

	memset(buf, 0, sizeof(buf));
	nlh = mnl_nlmsg_put_header(buf);
	mnl_nlmsg_put_extra_header(nlh, GENL_HDRLEN);
	rule_put(nlh, r);
	mnl_attr_for_each(a, nlh, GENL_HDRLEN)
		if (mnl_attr_get_type(a) == BRFW_A_RULE)
			return rule_decode(a, out, why, whylen) == 0;
	snprintf(why, whylen, "no rule attribute");
	return false;
}

/*
 * parse(print(x)) == x for random rules, and for their netlink round
 * trip; print(parse(print(x))) == print(x).
 */
static void test_round_trip(void)
{
	static const char *const dirs[] = { "", "in", "out", "inout" };
	int n_text = 0, n_wire = 0, i;
	struct tap_point t = { false };
	char line[RULE_TEXT_SIZE + 64], text[RULE_TEXT_SIZE], again[RULE_TEXT_SIZE];
	char *argv[80], err[256], why[64];
	struct request req;
	struct rule r, w;

	for (i = 0; i < 3000; i++) {
		random_rule(&r);
		rule_format(text, sizeof(text), &r, true);
		snprintf(line, sizeof(line), "rule add vnet0 %s %s", dirs[r.dirs],
			 text);
		if (parse_line(split(line, argv, 80), argv, LINE_RESTORE, &req, err,
			       sizeof(err))) {
			if (!t.failed)
				tap_diag("rule %d: %s: %s", i, text, err);
			t.failed = true;
			continue;
		}
		if (rule_equal(&req.rule, &r) &&
		    !strcmp(rule_format(again, sizeof(again), &req.rule, true), text))
			n_text++;
		else if (!t.failed)
			tap_diag("rule %d differs after parsing: %s", i, text);
		if (wire_round_trip(&r, &w, why, sizeof(why)) && rule_equal(&w, &r))
			n_wire++;
		else if (!t.failed)
			tap_diag("rule %d differs on the wire (%s): %s", i, why, text);
	}
	tap_is_int(n_text, 3000, "round trip: parse(print(rule)) == rule, 3000 random rules");
	tap_is_int(n_wire, 3000, "round trip: decode(encode(rule)) == rule, 3000 random rules");
}

/* A BRFW_A_RULE nest by hand, for rule_decode. */
static void test_decode(void)
{
	char buf[1024], why[64];
	struct nlmsghdr *nlh;
	struct nlattr *nest, *x, *e;
	const struct nlattr *a;
	struct rule r;
	int ret = -1;

	memset(buf, 0, sizeof(buf));
	nlh = mnl_nlmsg_put_header(buf);
	mnl_nlmsg_put_extra_header(nlh, GENL_HDRLEN);
	nest = mnl_attr_nest_start(nlh, BRFW_A_RULE);
	mnl_attr_put_u32(nlh, BRFW_RULE_ID, 9);
	mnl_attr_put_u8(nlh, BRFW_RULE_DIRS, BRFW_RULE_DIR_ALL);
	mnl_attr_put_u8(nlh, BRFW_RULE_ACTION, BRFW_ACTION_REJECT);
	mnl_attr_put_u8(nlh, BRFW_RULE_PROTO, 6);
	x = mnl_attr_nest_start(nlh, BRFW_RULE_SRC);
	mnl_attr_put(nlh, BRFW_ADDR_ADDR, 4, (uint8_t[]){ 10, 0, 0, 5 });
	mnl_attr_nest_end(nlh, x);	/* no length: a host */
	x = mnl_attr_nest_start(nlh, BRFW_RULE_DPORT);
	e = mnl_attr_nest_start(nlh, BRFW_LIST_RANGE);
	mnl_attr_put_u16(nlh, BRFW_RANGE_LO, 80);
	mnl_attr_put_u16(nlh, BRFW_RANGE_HI, 80);
	mnl_attr_nest_end(nlh, e);
	mnl_attr_nest_end(nlh, x);
	mnl_attr_put_u8(nlh, BRFW_RULE_TCP_FLAGS, 2);	/* no mask: the flags */
	mnl_attr_put_u32(nlh, BRFW_RULE_POS_IN, 1);
	mnl_attr_put_u32(nlh, BRFW_RULE_POS_OUT, 3);
	x = mnl_attr_nest_start(nlh, BRFW_RULE_COUNTERS);
	mnl_attr_put_u64(nlh, BRFW_COUNTER_PAD, 0);
	mnl_attr_put_u64(nlh, BRFW_COUNTER_PACKETS, 3);
	mnl_attr_put_u64(nlh, BRFW_COUNTER_BYTES, 222);
	mnl_attr_nest_end(nlh, x);
	mnl_attr_put_u32(nlh, 99, 1);	/* from a newer module */
	mnl_attr_nest_end(nlh, nest);
	mnl_attr_for_each(a, nlh, GENL_HDRLEN)
		ret = rule_decode(a, &r, why, sizeof(why));
	tap_ok(ret == 0, "rule_decode: a reply nest");
	rule_format(buf, sizeof(buf), &r, true);
	tap_is_str(buf, "id 9 proto tcp src 10.0.0.5 dport 80 tcp-flags syn/syn reject",
		   "rule_decode: host without length, range lo == hi, flags without mask");
	tap_ok(r.packets == 3 && r.bytes == 222 && r.unknown && r.dirs == BRFW_RULE_DIR_ALL,
	       "rule_decode: counters, and an unknown attribute noted");

	/* Broken nests. */
	memset(buf, 0, sizeof(buf));
	nlh = mnl_nlmsg_put_header(buf);
	mnl_nlmsg_put_extra_header(nlh, GENL_HDRLEN);
	nest = mnl_attr_nest_start(nlh, BRFW_A_RULE);
	mnl_attr_put_u8(nlh, BRFW_RULE_DIRS, 1);
	mnl_attr_nest_end(nlh, nest);
	mnl_attr_for_each(a, nlh, GENL_HDRLEN)
		ret = rule_decode(a, &r, why, sizeof(why));
	tap_is_str(ret ? why : NULL, "rule without action", "rule_decode: missing action");

	memset(buf, 0, sizeof(buf));
	nlh = mnl_nlmsg_put_header(buf);
	mnl_nlmsg_put_extra_header(nlh, GENL_HDRLEN);
	nest = mnl_attr_nest_start(nlh, BRFW_A_RULE);
	mnl_attr_put_u8(nlh, BRFW_RULE_DIRS, 1);
	mnl_attr_put_u8(nlh, BRFW_RULE_ACTION, 1);
	mnl_attr_put_u32(nlh, BRFW_RULE_VLAN, 5);
	mnl_attr_nest_end(nlh, nest);
	mnl_attr_for_each(a, nlh, GENL_HDRLEN)
		ret = rule_decode(a, &r, why, sizeof(why));
	tap_is_str(ret ? why : NULL, "bad rule attribute vlan", "rule_decode: a u32 vlan");

	memset(buf, 0, sizeof(buf));
	nlh = mnl_nlmsg_put_header(buf);
	mnl_nlmsg_put_extra_header(nlh, GENL_HDRLEN);
	nest = mnl_attr_nest_start(nlh, BRFW_A_RULE);
	mnl_attr_put_u8(nlh, BRFW_RULE_DIRS, 1);
	mnl_attr_put_u8(nlh, BRFW_RULE_ACTION, 1);
	x = mnl_attr_nest_start(nlh, BRFW_RULE_SPORT);
	e = mnl_attr_nest_start(nlh, BRFW_LIST_RANGE);
	mnl_attr_put_u16(nlh, BRFW_RANGE_LO, 90);
	mnl_attr_put_u16(nlh, BRFW_RANGE_HI, 80);
	mnl_attr_nest_end(nlh, e);
	mnl_attr_nest_end(nlh, x);
	mnl_attr_nest_end(nlh, nest);
	mnl_attr_for_each(a, nlh, GENL_HDRLEN)
		ret = rule_decode(a, &r, why, sizeof(why));
	tap_is_str(ret ? why : NULL, "bad rule attribute sport", "rule_decode: a backwards range");
}

static char *render_rules(const struct rule_entry *v, size_t n, bool json)
{
	struct mem m;
	struct pr pr;

	pr_init(&pr, mem_open(&m), json, false);
	rule_print(&pr, v, n);
	return mem_take(&m);
}

static void entry(struct rule_entry *e, const char *dev, uint32_t ifindex,
		  const char *line, uint64_t packets, uint64_t bytes)
{
	char buf[512], *argv[64], err[256];
	struct request req;

	snprintf(buf, sizeof(buf), "%s", line);
	memset(e, 0, sizeof(*e));
	if (parse_line(split(buf, argv, 64), argv, LINE_BATCH, &req, err,
		       sizeof(err)))
		tap_diag("bad test rule %s: %s", line, err);
	snprintf(e->dev, sizeof(e->dev), "%s", dev);
	e->ifindex = ifindex;
	e->r = req.rule;
	e->r.packets = packets;
	e->r.bytes = bytes;
	request_free(&req);
}

static void test_rule_print(void)
{
	struct rule_entry v[5];
	char *got;
	size_t i;

	entry(&v[0], "vnet10", 11, "rule add x in id 1 proto udp drop", 0, 0);
	entry(&v[1], "vnet0", 5, "rule add x in id 1 proto tcp src 10.0.0.5 dport 80 reject log",
	      3, 222);
	entry(&v[2], "vnet2", 7, "rule add x inout id 7 proto icmp accept", 12345, 1234567);
	entry(&v[3], "vnet0", 5, "rule add x out id 2 drop", 0, 0);
	entry(&v[4], "vnet2", 7, "rule add x in id 3 ether-type arp accept", 1, 60);
	for (i = 0; i < 5; i++)
		v[i].seq = i;
	rule_sort(v, 5);
	got = render_rules(v, 5, false);
	tap_is_str(got,
		   "DEV     ID  DIR    RULE                                        PACKETS    BYTES\n"
		   "vnet0   1   in     proto tcp src 10.0.0.5 dport 80 reject log        3      222\n"
		   "vnet0   2   out    drop                                              0        0\n"
		   "vnet2   7   inout  proto icmp accept                             12345  1234567\n"
		   "vnet2   3   in     ether-type arp accept                             1       60\n"
		   "vnet10  1   in     proto udp drop                                    0        0\n",
		   "rule show: the table, ports by name (vnet2 before vnet10), rules in order");
	free(got);
	got = render_rules(v, 1, true);
	tap_is_str(got,
		   "[{\"dev\":\"vnet0\",\"id\":1,\"dir\":\"in\","
		   "\"rule\":\"proto tcp src 10.0.0.5 dport 80 reject log\","
		   "\"match\":{\"proto\":\"tcp\",\"src\":\"10.0.0.5\",\"dport\":\"80\"},"
		   "\"action\":\"reject\",\"log\":true,\"packets\":3,\"bytes\":222}]\n",
		   "rule show -j: the object of the spec");
	free(got);
	/* Every match (not a valid rule): the printer prints it anyway. */
	memset(&v[0], 0, sizeof(v[0]));
	snprintf(v[0].dev, sizeof(v[0].dev), "vnet0");
	v[0].r.id = 4;
	v[0].r.dirs = BRFW_RULE_DIR_IN;
	v[0].r.present = RM_ETHERTYPE | RM_SRC_MAC | RM_DST_MAC | RM_VLAN |
			 RM_PROTO | RM_SRC | RM_DST | RM_SPORT | RM_ICMP_TYPE |
			 RM_ICMP_CODE | RM_TCP_FLAGS;
	v[0].r.ethertype = 0x88b5;
	memcpy(v[0].r.src_mac, "\x02\0\0\0\0\xaa", 6);
	memcpy(v[0].r.dst_mac, "\x02\0\0\0\0\xbb", 6);
	v[0].r.vlan = 42;
	v[0].r.proto = 47;
	snprintf(v[0].r.dst.set, sizeof(v[0].r.dst.set), "web");
	snprintf(v[0].r.src.set, sizeof(v[0].r.src.set), "adm");
	v[0].r.n_sport = 1;
	v[0].r.sport[0].lo = 1;
	v[0].r.sport[0].hi = 2;
	v[0].r.icmp_type = 3;
	v[0].r.icmp_code = 4;
	v[0].r.tcp_flags = 2;
	v[0].r.tcp_mask = 0x12;
	got = render_rules(v, 1, true);
	tap_is_str(got,
		   "[{\"dev\":\"vnet0\",\"id\":4,\"dir\":\"in\",\"rule\":\"ether-type 0x88b5 "
		   "src-mac 02:00:00:00:00:aa dst-mac 02:00:00:00:00:bb vlan 42 proto 47 src @adm "
		   "dst @web sport 1-2 icmp-type 3/4 tcp-flags syn accept\",\"match\":"
		   "{\"ether-type\":\"0x88b5\",\"src-mac\":\"02:00:00:00:00:aa\","
		   "\"dst-mac\":\"02:00:00:00:00:bb\",\"vlan\":\"42\",\"proto\":\"47\","
		   "\"src\":\"@adm\",\"dst\":\"@web\",\"sport\":\"1-2\",\"icmp-type\":\"3/4\","
		   "\"tcp-flags\":\"syn\"},\"action\":\"accept\",\"log\":false,\"packets\":0,"
		   "\"bytes\":0}]\n",
		   "rule show -j: every match key, in order, as strings");
	free(got);
	got = render_rules(v, 0, false);
	tap_is_str(got, "DEV  ID  DIR  RULE  PACKETS  BYTES\n", "rule show: no rules, the header");
	free(got);
	got = render_rules(v, 0, true);
	tap_is_str(got, "[]\n", "rule show -j: no rules, []");
	free(got);
	v[0].r.dirs = 0;
	v[0].r.action = 7;
	v[0].r.present = 0;
	got = render_rules(v, 1, true);
	tap_is_str(got, "[{\"dev\":\"vnet0\",\"id\":4,\"dir\":\"dirs-0\",\"rule\":\"action-7\","
		   "\"match\":{},\"action\":\"action-7\",\"log\":false,\"packets\":0,\"bytes\":0}]\n",
		   "rule show -j: directions and actions of a newer module");
	free(got);
}

/* A SET_GET reply message: name, refs, members as text. */
static size_t put_set_msg(char *buf, const char *name, uint32_t refs,
			  const char *const *elems)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct nlattr *nest, *e;
	struct genlmsghdr *g;

	g = mnl_nlmsg_put_extra_header(nlh, sizeof(*g));
	g->cmd = BRFW_CMD_SET_GET;
	mnl_attr_put_strz(nlh, BRFW_A_SET_NAME, name);
	mnl_attr_put_u32(nlh, BRFW_A_SET_COUNT, 99);
	mnl_attr_put_u32(nlh, BRFW_A_SET_REFS, refs);
	nest = mnl_attr_nest_start(nlh, BRFW_A_SET_ELEMS);
	for (; elems && *elems; elems++) {
		uint8_t a[16] = { 0 };
		const char *slash = strchr(*elems, '/');
		char addr[64];
		bool v6 = strchr(*elems, ':') != NULL;

		snprintf(addr, sizeof(addr), "%.*s",
			 slash ? (int)(slash - *elems) : (int)strlen(*elems), *elems);
		inet_pton(v6 ? AF_INET6 : AF_INET, addr, a);
		e = mnl_attr_nest_start(nlh, BRFW_LIST_PREFIX);
		mnl_attr_put(nlh, BRFW_PREFIX_ADDR, v6 ? 16 : 4, a);
		if (slash)
			mnl_attr_put_u8(nlh, BRFW_PREFIX_LEN, (uint8_t)atoi(slash + 1));
		mnl_attr_nest_end(nlh, e);
	}
	mnl_attr_nest_end(nlh, nest);
	return nlh->nlmsg_len;
}

static char *render_sets(const struct set_list *l, bool json)
{
	struct mem m;
	struct pr pr;

	pr_init(&pr, mem_open(&m), json, false);
	set_print(&pr, l);
	return mem_take(&m);
}

static void test_sets(void)
{
	static const char *const a1[] = { "2001:db8::/64", "172.16.10.12", NULL };
	static const char *const a2[] = { "172.16.10.0/28", "172.16.10.12", NULL };
	static const char *const b1[] = { "10.0.0.13", NULL };
	static const char *const bad[] = { "300.0.0.0/33", NULL };
	char buf[4096], why[96], *got;
	struct set_list l;
	int ret = 0;

	memset(&l, 0, sizeof(l));
	put_set_msg(buf, "web", 1, b1);
	ret |= set_reply_add(&l, (struct nlmsghdr *)buf, why, sizeof(why));
	put_set_msg(buf, "admins", 1, a1);
	ret |= set_reply_add(&l, (struct nlmsghdr *)buf, why, sizeof(why));
	put_set_msg(buf, "admins", 1, a2);
	ret |= set_reply_add(&l, (struct nlmsghdr *)buf, why, sizeof(why));
	put_set_msg(buf, "empty", 0, NULL);
	ret |= set_reply_add(&l, (struct nlmsghdr *)buf, why, sizeof(why));
	tap_ok(ret == 0 && l.n == 3 && l.v[1].n == 4,
	       "set_reply_add: consecutive messages of a set merge");
	set_list_sort(&l);
	got = render_sets(&l, false);
	tap_is_str(got,
		   "set admins  3 elements  used by 1 rule\n"
		   "  172.16.10.0/28\n"
		   "  172.16.10.12\n"
		   "  2001:db8::/64\n"
		   "set empty  0 elements  used by 0 rules\n"
		   "set web  1 element  used by 1 rule\n"
		   "  10.0.0.13\n",
		   "set show: sets by name, members sorted and once, counts");
	free(got);
	got = render_sets(&l, true);
	tap_is_str(got,
		   "[{\"name\":\"admins\",\"count\":3,\"refs\":1,\"elements\":"
		   "[\"172.16.10.0/28\",\"172.16.10.12\",\"2001:db8::/64\"]},"
		   "{\"name\":\"empty\",\"count\":0,\"refs\":0,\"elements\":[]},"
		   "{\"name\":\"web\",\"count\":1,\"refs\":1,\"elements\":[\"10.0.0.13\"]}]\n",
		   "set show -j: the objects of the spec");
	free(got);
	set_list_free(&l);

	put_set_msg(buf, "x", 0, bad);
	tap_is_int(set_reply_add(&l, (struct nlmsghdr *)buf, why, sizeof(why)), -1,
		   "set_reply_add: a prefix length over 32");
	set_list_free(&l);
	put_set_msg(buf, "a b", 0, NULL);
	tap_is_str(set_reply_add(&l, (struct nlmsghdr *)buf, why, sizeof(why)) ? why : NULL,
		   "bad set name", "set_reply_add: a bad name");
	set_list_free(&l);
	got = render_sets(&l, false);
	tap_is_str(got, "", "set show: no sets, nothing");
	free(got);

	{
		struct elem e[6];
		static const char *const in[6] = {
			"2001:db8::/64", "10.0.0.0/24", "10.0.0.0/8", "9.0.0.0/8", "::1",
			"10.0.0.5",
		};
		static const char *const want = "9.0.0.0/8 10.0.0.0/8 10.0.0.0/24 10.0.0.5 ::1 2001:db8::/64 ";
		char out[256] = "", p[PREFIX_STR_SIZE];
		int i, j;

		for (i = 0; i < 6; i++) {
			char addr[64];
			const char *slash = strchr(in[i], '/');

			memset(&e[i], 0, sizeof(e[i]));
			e[i].family = strchr(in[i], ':') ? 6 : 4;
			snprintf(addr, sizeof(addr), "%.*s",
				 slash ? (int)(slash - in[i]) : (int)strlen(in[i]), in[i]);
			inet_pton(e[i].family == 6 ? AF_INET6 : AF_INET, addr, e[i].p.addr);
			e[i].p.len = slash ? (uint8_t)atoi(slash + 1) : e[i].family == 6 ? 128 : 32;
		}
		for (i = 0; i < 6; i++)
			for (j = i + 1; j < 6; j++)
				if (elem_cmp(&e[j], &e[i]) < 0) {
					struct elem t = e[i];

					e[i] = e[j];
					e[j] = t;
				}
		for (i = 0; i < 6; i++) {
			strcat(out, prefix_str(p, e[i].family == 6, &e[i].p));
			strcat(out, " ");
		}
		tap_is_str(out, want, "elem_cmp: IPv4 first, by address, then length");
	}
}

/* The requests of one command line, as script_add builds them. */
static int build(struct script *s, const char *line, bool txn, char *err,
		 size_t errlen)
{
	char buf[65536], *argv[4096];
	struct request req;
	int ret;

	snprintf(buf, sizeof(buf), "%s", line);
	ret = parse_line(split(buf, argv, 4096), argv, LINE_BATCH, &req, err, errlen);
	if (!ret)
		ret = script_add(s, &req, 42, txn, 0, err, errlen);
	request_free(&req);
	return ret;
}

/* Members in a SET_* message, and whether it has BRFW_A_TXN. */
static int members(const struct nlmsghdr *nlh, bool *txn)
{
	const struct nlattr *a, *e;
	int n = 0;

	*txn = false;
	mnl_attr_for_each(a, nlh, GENL_HDRLEN) {
		if (mnl_attr_get_type(a) == BRFW_A_TXN)
			*txn = true;
		if (mnl_attr_get_type(a) == BRFW_A_SET_ELEMS)
			mnl_attr_for_each_nested(e, a)
				n++;
	}
	return n;
}

static int msg_cmd(const struct nlmsghdr *nlh)
{
	return ((const struct genlmsghdr *)mnl_nlmsg_get_payload(nlh))->cmd;
}

/* Set members go BRFW_MAX_ELEMS_PER_MSG to a message. */
static void test_chunks(void)
{
	static const struct {
		const char *cmd;
		int n;
		const char *want;	/* cmd:members ... */
	} cases[] = {
		{ "set add x", 0, "8:0" },
		{ "set add x", 1, "8:1" },
		{ "set add x", 1024, "8:1024" },
		{ "set add x", 1025, "8:1024 10:1" },
		{ "set add x", 2500, "8:1024 10:1024 10:452" },
		{ "set add-elem x", 1024, "10:1024" },
		{ "set add-elem x", 2049, "10:1024 10:1024 10:1" },
		{ "set del-elem x", 1500, "11:1024 11:476" },
	};
	static char line[65536];
	char got[128], err[256];
	struct script s;
	size_t i, m, off;
	bool txn, all_txn;
	int k;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		off = (size_t)snprintf(line, sizeof(line), "%s", cases[i].cmd);
		for (k = 0; k < cases[i].n; k++)
			off += (size_t)snprintf(line + off, sizeof(line) - off,
						k % 2 ? " 2001:db8::%x" : " 10.0.%d.%d",
						k / 256, k % 256);
		script_init(&s);
		got[0] = '\0';
		all_txn = true;
		if (build(&s, line, true, err, sizeof(err)))
			tap_diag("%s", err);
		for (m = 0; m < s.n; m++) {
			struct nlmsghdr *nlh = script_msg(&s, m);

			snprintf(got + strlen(got), sizeof(got) - strlen(got), "%s%d:%d",
				 m ? " " : "", msg_cmd(nlh), members(nlh, &txn));
			all_txn &= txn;
			if (nlh->nlmsg_len > SCRIPT_MSG_MAX)
				tap_diag("message of %u bytes", nlh->nlmsg_len);
		}
		tap_is_str(got, cases[i].want, "chunks: %s with %d members%s",
			   cases[i].cmd, cases[i].n, all_txn ? "" : " (txn flag missing)");
		script_free(&s);
	}
}

/* The attribute or member an extended ACK points at, named. */
static void test_script_errors(void)
{
	char err[512];
	struct script s;
	struct nl nl;
	struct nlmsghdr *nlh;
	const struct nlattr *a, *x, *e;
	int n;

	memset(&nl, 0, sizeof(nl));
	script_init(&s);
	build(&s, "rule add vnet0 in proto tcp src @nosuch sport 1,2,3 drop", false,
	      err, sizeof(err));
	nlh = script_msg(&s, 0);
	nl.ext.error = ENOENT;
	nl.ext.msg = "rule: no such set";
	nl.ext.has_offs = true;
	mnl_attr_for_each(a, nlh, GENL_HDRLEN) {
		if (mnl_attr_get_type(a) != BRFW_A_RULE)
			continue;
		mnl_attr_for_each_nested(x, a) {
			if (mnl_attr_get_type(x) == BRFW_RULE_SRC) {
				nl.ext.offs = (uint32_t)((char *)mnl_attr_get_payload(x) -
							 (char *)nlh);
				script_error(err, sizeof(err), &nl, &s, 0);
				tap_is_str(err, "rule: no such set (attribute src)",
					   "error: an offset inside the rule's src");
			}
			if (mnl_attr_get_type(x) == BRFW_RULE_SPORT) {
				n = 0;
				mnl_attr_for_each_nested(e, x)
					if (++n == 2)
						nl.ext.offs = (uint32_t)((char *)e - (char *)nlh);
				nl.ext.msg = "bad";
				script_error(err, sizeof(err), &nl, &s, 0);
				tap_is_str(err, "bad (attribute sport, entry 2)",
					   "error: an entry of the rule's sport");
			}
		}
		nl.ext.offs = (uint32_t)((char *)a - (char *)nlh);
		script_error(err, sizeof(err), &nl, &s, 0);
		tap_is_str(err, "bad (attribute rule)", "error: the rule nest itself");
	}
	nl.ext.msg = NULL;
	nl.ext.has_offs = false;
	nl.ext.error = EEXIST;
	script_error(err, sizeof(err), &nl, &s, 0);
	tap_is_str(err, "rule add vnet0: File exists", "error: no message, the command");
	script_free(&s);

	script_init(&s);
	build(&s, "set del-elem web 10.0.0.1 10.0.0.0/24 2001:db8::/64", false, err,
	      sizeof(err));
	nlh = script_msg(&s, 0);
	nl.ext.error = ENOENT;
	nl.ext.msg = "set: not a member";
	nl.ext.has_offs = true;
	mnl_attr_for_each(a, nlh, GENL_HDRLEN) {
		if (mnl_attr_get_type(a) != BRFW_A_SET_ELEMS)
			continue;
		n = 0;
		mnl_attr_for_each_nested(e, a) {
			static const char *const want[] = {
				"set: not a member (member 10.0.0.1)",
				"set: not a member (member 10.0.0.0/24)",
				"set: not a member (member 2001:db8::/64)",
			};

			nl.ext.offs = (uint32_t)((char *)e - (char *)nlh) + (n == 1 ? 4 : 0);
			script_error(err, sizeof(err), &nl, &s, 0);
			tap_is_str(err, want[n], "error: set member %d named", n + 1);
			n++;
		}
	}
	nl.ext.msg = NULL;
	nl.ext.has_offs = false;
	script_error(err, sizeof(err), &nl, &s, 0);
	tap_is_str(err, "set del-elem web: No such file or directory",
		   "error: set command without a message");
	script_free(&s);
}

static int fake_lookup(const char *dev, uint32_t *ifindex, void *data)
{
	int *calls = data;

	(*calls)++;
	if (!strcmp(dev, "vnet9"))
		return ENODEV;
	if (!strcmp(dev, "vnetX"))
		return EACCES;
	*ifindex = (uint32_t)(strlen(dev) + 100);
	return 0;
}

/* restore files: what they become, and the lines of their errors. */
static void test_restore_parse(void)
{
	static const struct {
		const char *text;
		const char *err;
		const char *desc;
	} bad[] = {
		{ "set add x\n\n# comment\n  rule add vnet0 in frob drop\n",
		  "line 4: unknown keyword \"frob\" for \"rule add\"", "a syntax error" },
		{ "set add x\nrule del vnet0 id 1\n",
		  "line 2: a restore file takes only port set, set add, set add-elem, rule add and rule insert, not \"rule\"",
		  "a command restore does not take" },
		{ "port set vnet0 policy-in drop\nport set vnet9 policy-in drop\n",
		  "line 2: device \"vnet9\" does not exist", "an unknown device" },
		{ "rule add vnetX in drop\n",
		  "line 1: cannot look up device \"vnetX\": Permission denied", "a lookup error" },
		{ "set add x\r\nset add y\r\nset add\r\n",
		  "line 3: missing set name for \"set add\"", "CRLF lines" },
		{ "set add x\nset add y\0\n", "line 2: a NUL byte in the line", "a NUL byte" },
		{ "set add x\n-j set add y\n",
		  "line 2: option \"-j\" is not allowed in a file (give it on the command line)",
		  "an option" },
		{ "set add x\nrule add vnet0 in proto tcp dport 70000 drop",
		  "line 2: dport 70000 is out of range (ports are 0..65535)",
		  "the last line without a newline" },
	};
	static const char good[] =
		"# brfw configuration\n"
		"\n"
		"set add web 10.0.0.13\n"
		"\tset add-elem web 10.0.0.14 \t 10.0.0.15\n"
		"port set vnet1 policy-in drop\n"
		"   # indented comment\n"
		"rule add vnet1 in id 1 proto tcp src @web dport 80 accept\n";
	static const char one_dev[] =
		"rule add vnet1 in drop\nrule add vnet1 in drop\n"
		"rule add vnet2 in drop\nrule add vnet1 in drop\n";
	static const char batch_bad[] = "set add x\nrule show\n\n#\nrestore x\n";
	static const char batch_good[] = "set add x\nrule show vnet0\nsave\nhelp\n";
	char err[512];
	struct script s;
	size_t i, len;
	int calls = 0, ret;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		script_init(&s);
		len = strlen(bad[i].text);
		if (strstr(bad[i].desc, "NUL"))
			len = 21;	/* the text goes on after the NUL */
		ret = restore_parse(bad[i].text, len, fake_lookup, &calls, &s, err,
				    sizeof(err));
		tap_is_str(ret ? err : NULL, bad[i].err, "restore file: %s", bad[i].desc);
		script_free(&s);
	}

	script_init(&s);
	ret = restore_parse(good, strlen(good), fake_lookup, &calls, &s, err,
			    sizeof(err));
	tap_ok(ret == 0, "restore file: comments, blank lines, tabs");
	if (ret)
		tap_diag("%s", err);
	{
		static const int want_line[] = { 3, 4, 5, 7 };
		static const int want_cmd[] = {
			BRFW_CMD_SET_NEW, BRFW_CMD_SET_ELEM_ADD, BRFW_CMD_PORT_SET,
			BRFW_CMD_RULE_ADD,
		};
		struct tap_point t = { false };
		bool txn;

		tap_check_int(&t, "messages", (long long)s.n, 4);
		for (i = 0; i < s.n && i < 4; i++) {
			struct nlmsghdr *nlh = script_msg(&s, i);
			const struct nlattr *a;

			tap_check_int(&t, "line", s.msgs[i].line, want_line[i]);
			tap_check_int(&t, "cmd", msg_cmd(nlh), want_cmd[i]);
			members(nlh, &txn);
			tap_check_int(&t, "txn flag", txn, 1);
			tap_check_int(&t, "flags", nlh->nlmsg_flags, NLM_F_REQUEST);
			mnl_attr_for_each(a, nlh, GENL_HDRLEN)
				if (mnl_attr_get_type(a) == BRFW_A_IFINDEX)
					tap_check_int(&t, "ifindex", mnl_attr_get_u32(a),
						      100 + 5);
		}
		tap_ok(!t.failed, "restore file: one message a line, with its line, "
		       "BRFW_A_TXN and the ifindex");
	}
	script_free(&s);
	/* Lines of one device: looked up once. */
	calls = 0;
	script_init(&s);
	restore_parse(one_dev, strlen(one_dev), fake_lookup, &calls, &s, err,
		      sizeof(err));
	tap_is_int(calls, 3, "restore file: consecutive lines of a device, one lookup");
	script_free(&s);
	script_init(&s);
	tap_ok(restore_parse("", 0, fake_lookup, &calls, &s, err, sizeof(err)) == 0 &&
	       s.n == 0, "restore file: an empty file is no request");
	script_free(&s);

	tap_is_str(batch_check(batch_bad, strlen(batch_bad), err, sizeof(err)) ?
		   err : NULL, "line 5: restore cannot be used in a batch file",
		   "batch file: the line of an error");
	tap_is_str(batch_check(batch_good, strlen(batch_good), err,
			       sizeof(err)) ? err : NULL, NULL,
		   "batch file: any command but restore");
}

static void test_lines_iter(void)
{
	static const char text[] = "  a b\tc  \r\n\n# x y\n#\n \t \nd #e\nf";
	char got[256] = "", err[64];
	struct lines l;
	int r, i;

	lines_init(&l, text, sizeof(text) - 1);
	while ((r = lines_next(&l, err, sizeof(err))) > 0) {
		snprintf(got + strlen(got), sizeof(got) - strlen(got), "%d:", l.line);
		for (i = 0; i < l.argc; i++)
			snprintf(got + strlen(got), sizeof(got) - strlen(got), "[%s]",
				 l.argv[i]);
		strcat(got, " ");
	}
	lines_free(&l);
	tap_is_str(got, "1:[a][b][c] 6:[d][#e] 7:[f] ",
		   "lines: words, line numbers, comments and blank lines skipped");
}

/* save files, and that restore takes them back. */
static void test_save(void)
{
	struct set_list sets;
	struct port ports[3];
	struct rule_entry rules[4];
	char err[256], *got;
	struct script s;
	struct mem m;
	int ret, calls = 0, i;
	static const char *const e1[] = { "10.0.0.13", NULL };

	memset(&sets, 0, sizeof(sets));
	memset(ports, 0, sizeof(ports));
	{
		char buf[4096];

		put_set_msg(buf, "web", 1, e1);
		set_reply_add(&sets, (struct nlmsghdr *)buf, err, sizeof(err));
		put_set_msg(buf, "empty", 0, NULL);
		set_reply_add(&sets, (struct nlmsghdr *)buf, err, sizeof(err));
		/* 130 members: lines of 64, 64 and 2. */
		for (i = 0; i < 130; i++) {
			char a[32], *one[2] = { a, NULL };

			snprintf(a, sizeof(a), "10.1.%d.0/24", 129 - i);
			put_set_msg(buf, "big", 0, (const char *const *)one);
			set_reply_add(&sets, (struct nlmsghdr *)buf, err, sizeof(err));
		}
	}
	set_list_sort(&sets);
	snprintf(ports[0].name, IFNAMSIZ, "vnet1");
	ports[0].ifindex = 6;
	ports[0].policy[BRFW_DIR_IN] = BRFW_VERDICT_DROP;
	snprintf(ports[1].name, IFNAMSIZ, "vnet2");
	ports[1].ifindex = 7;
	ports[1].policy[BRFW_DIR_OUT] = BRFW_VERDICT_DROP;
	memcpy(ports[1].mac, "\x52\x54\x00\x00\x00\x02", 6);
	ports[1].n_ip4 = 2;
	ports[1].ip4[0] = (struct prefix){ { 10, 0, 0, 2 }, 32 };
	ports[1].ip4[1] = (struct prefix){ { 10, 1, 0, 0 }, 28 };
	ports[1].n_ip6 = 1;
	ports[1].ip6[0] = (struct prefix){ { 0xfe, 0x80, [15] = 2 }, 128 };
	vlan_set(ports[1].vlans, 100);
	vlan_set(ports[1].vlans, 200);
	vlan_set(ports[1].vlans, 201);
	for (i = 300; i <= 310; i++)
		vlan_set(ports[1].vlans, (unsigned int)i);
	ports[1].flags = BRFW_PORT_F_ALL;
	ports[1].ct_limit = 4000;
	ports[1].ct_flows = 12;	/* usage: not saved */
	ports[1].isolation = BRFW_ISOLATION_COMMUNITY;
	snprintf(ports[1].community, sizeof(ports[1].community), "web");
	snprintf(ports[2].name, IFNAMSIZ, "vnet10");
	ports[2].ifindex = 11;
	ports[2].isolation = BRFW_ISOLATION_ISOLATED;
	entry(&rules[0], "vnet1", 6, "rule add x inout id 1 proto icmp accept", 5, 5);
	entry(&rules[1], "vnet1", 6, "rule add x in id 2 proto tcp src @web dport 80,443 accept log",
	      0, 0);
	entry(&rules[2], "vnet10", 11, "rule add x out id 3 ct-state invalid drop", 0, 0);
	entry(&rules[3], "vnet3", 8, "rule add x in id 1 drop", 0, 0);	/* no port line */
	for (i = 0; i < 4; i++)
		rules[i].seq = (size_t)i;
	rule_sort(rules, 4);

	ret = save_write(mem_open(&m), &sets, ports, 3, rules, 4, err, sizeof(err));
	got = mem_take(&m);
	{
		char want[8192], *w = want;
		int k;

		w += sprintf(w, "# brfw configuration (brfwctl save)\nset add big\n");
		for (k = 0; k < 130; k++)
			w += sprintf(w, "%s 10.1.%d.0/24%s", k % 64 ? "" : "set add-elem big",
				     k, k % 64 == 63 || k == 129 ? "\n" : "");
		w += sprintf(w,
			     "set add empty\n"
			     "set add web\n"
			     "set add-elem web 10.0.0.13\n"
			     "port set vnet1 policy-in drop policy-out accept\n"
			     "rule add vnet1 inout id 1 proto icmp accept\n"
			     "rule add vnet1 in id 2 proto tcp src @web dport 80,443 accept log\n"
			     "port set vnet2 policy-in accept policy-out drop mac 52:54:00:00:00:02 "
			     "ip 10.0.0.2 ip 10.1.0.0/28 ip6 fe80::2 vlan 100,200,201,300-310 "
			     "spoof-check on dhcp-server on router on promisc on "
			     "stateful on persist-established on ct-limit 4000 "
			     "isolation community web\n"
			     "rule add vnet3 in id 1 drop\n"
			     "port set vnet10 policy-in accept policy-out accept isolation isolated\n"
			     "rule add vnet10 out id 3 ct-state invalid drop\n");
		tap_ok(ret == 0, "save: written");
		tap_is_str(got, want, "save: sets by name, 64 members a line, each port and "
			   "its rules, identity as port set takes it");
	}
	/* restore takes it back: every line. */
	script_init(&s);
	ret = restore_parse(got, strlen(got), fake_lookup, &calls, &s, err, sizeof(err));
	tap_ok(ret == 0 && s.n == 14, "save: restore takes the file (14 requests)");
	if (ret)
		tap_diag("%s", err);
	script_free(&s);
	free(got);

	/* What save cannot write. */
	ports[0].policy[BRFW_DIR_IN] = 7;
	ret = save_write(mem_open(&m), &sets, ports, 3, rules, 4, err, sizeof(err));
	free(mem_take(&m));
	tap_is_str(ret ? err : NULL,
		   "port vnet1 has settings this brfwctl does not know: update brfwctl",
		   "save: a verdict of a newer module");
	ports[0].policy[BRFW_DIR_IN] = 0;
	rules[1].r.unknown = true;
	ret = save_write(mem_open(&m), &sets, ports, 3, rules, 4, err, sizeof(err));
	free(mem_take(&m));
	tap_is_str(ret ? err : NULL,
		   "rule 2 of vnet1 has matches this brfwctl does not know: update brfwctl",
		   "save: a rule with unknown matches");
	set_list_free(&sets);

	memset(&sets, 0, sizeof(sets));
	ret = save_write(mem_open(&m), &sets, NULL, 0, NULL, 0, err, sizeof(err));
	got = mem_take(&m);
	tap_is_str(got, "# brfw configuration (brfwctl save)\n", "save: nothing but the header");
	free(got);
}

void test_rule(void)
{
	size_t i;

	for (i = 0; i < sizeof(ok_cases) / sizeof(ok_cases[0]); i++)
		run_ok(&ok_cases[i]);
	for (i = 0; i < sizeof(err_cases) / sizeof(err_cases[0]); i++)
		run_err(&err_cases[i]);
	test_lines();
	test_round_trip();
	test_decode();
	test_rule_print();
	test_sets();
	test_chunks();
	test_script_errors();
	test_lines_iter();
	test_restore_parse();
	test_save();
}
