// SPDX-License-Identifier: GPL-2.0
/* Command line parser: every accepted form and every error message. */
#include <string.h>

#include <linux/brfw.h>

#include "parse.h"
#include "tap.h"
#include "tests.h"

#define U POLICY_UNSET
#define ACC BRFW_VERDICT_ACCEPT
#define DROP BRFW_VERDICT_DROP
#define TOP "brfwctl --help"
#define PORT "brfwctl port help"
#define NOTHING "nothing to set (use policy-in, policy-out, mac, ip, ip6, vlan, " \
	"spoof-check, dhcp-server, router, promisc, isolation, stateful, " \
	"persist-established or ct-limit)"

struct ok_case {
	const char *args[10];		/* argv[1..], NULL-terminated */
	enum cmd cmd;
	bool json, pretty;
	const char *dev;
	int in, out;
};

static const struct ok_case ok_cases[] = {
	{ { NULL }, CMD_USAGE, false, false, NULL, U, U },
	{ { "-j" }, CMD_USAGE, true, false, NULL, U, U },
	{ { "help" }, CMD_HELP, false, false, NULL, U, U },
	{ { "h" }, CMD_HELP, false, false, NULL, U, U },
	{ { "-h" }, CMD_HELP, false, false, NULL, U, U },
	{ { "--help" }, CMD_HELP, false, false, NULL, U, U },
	{ { "-h", "foo", "bar" }, CMD_HELP, false, false, NULL, U, U },
	{ { "-j", "--help" }, CMD_HELP, true, false, NULL, U, U },
	{ { "help", "port" }, CMD_PORT_HELP, false, false, NULL, U, U },
	{ { "help", "p" }, CMD_PORT_HELP, false, false, NULL, U, U },
	{ { "help", "version" }, CMD_HELP, false, false, NULL, U, U },
	{ { "port", "help" }, CMD_PORT_HELP, false, false, NULL, U, U },
	{ { "-V" }, CMD_TOOL_VERSION, false, false, NULL, U, U },
	{ { "--version" }, CMD_TOOL_VERSION, false, false, NULL, U, U },
	{ { "-jV" }, CMD_TOOL_VERSION, true, false, NULL, U, U },
	{ { "-V", "bogus" }, CMD_TOOL_VERSION, false, false, NULL, U, U },
	{ { "version" }, CMD_VERSION, false, false, NULL, U, U },
	{ { "v" }, CMD_VERSION, false, false, NULL, U, U },
	{ { "-j", "version" }, CMD_VERSION, true, false, NULL, U, U },
	{ { "port" }, CMD_PORT_SHOW, false, false, NULL, U, U },
	{ { "p" }, CMD_PORT_SHOW, false, false, NULL, U, U },
	{ { "port", "show" }, CMD_PORT_SHOW, false, false, NULL, U, U },
	{ { "port", "sh" }, CMD_PORT_SHOW, false, false, NULL, U, U },
	{ { "port", "list" }, CMD_PORT_SHOW, false, false, NULL, U, U },
	{ { "port", "l" }, CMD_PORT_SHOW, false, false, NULL, U, U },
	{ { "port", "show", "vnet0" }, CMD_PORT_SHOW, false, false, "vnet0", U, U },
	{ { "port", "show", "set" }, CMD_PORT_SHOW, false, false, "set", U, U },
	{ { "-j", "port", "show" }, CMD_PORT_SHOW, true, false, NULL, U, U },
	{ { "--json", "port", "show" }, CMD_PORT_SHOW, true, false, NULL, U, U },
	{ { "-p", "port", "show" }, CMD_PORT_SHOW, true, true, NULL, U, U },
	{ { "--pretty", "port" }, CMD_PORT_SHOW, true, true, NULL, U, U },
	{ { "-j", "-p", "port" }, CMD_PORT_SHOW, true, true, NULL, U, U },
	{ { "-jp", "port" }, CMD_PORT_SHOW, true, true, NULL, U, U },
	{ { "-pj", "port" }, CMD_PORT_SHOW, true, true, NULL, U, U },
	{ { "port", "set", "vnet0", "policy-in", "drop" },
	  CMD_PORT_SET, false, false, "vnet0", DROP, U },
	{ { "port", "set", "vnet0", "policy-out", "accept" },
	  CMD_PORT_SET, false, false, "vnet0", U, ACC },
	{ { "port", "set", "vnet0", "policy-in", "accept", "policy-out", "drop" },
	  CMD_PORT_SET, false, false, "vnet0", ACC, DROP },
	{ { "port", "set", "vnet0", "policy-out", "drop", "policy-in", "drop" },
	  CMD_PORT_SET, false, false, "vnet0", DROP, DROP },
	{ { "p", "se", "vnet0", "policy-i", "d", "policy-o", "a" },
	  CMD_PORT_SET, false, false, "vnet0", DROP, ACC },
	{ { "-j", "port", "set", "tap-vm1.100", "policy-in", "acc" },
	  CMD_PORT_SET, true, false, "tap-vm1.100", ACC, U },
	{ { "port", "set", "fifteen-chars-x", "policy-in", "drop" },
	  CMD_PORT_SET, false, false, "fifteen-chars-x", DROP, U },
	{ { "port", "del", "vnet0" }, CMD_PORT_DEL, false, false, "vnet0", U, U },
	{ { "port", "delete", "vnet0" }, CMD_PORT_DEL, false, false, "vnet0", U, U },
	{ { "port", "d", "vnet0" }, CMD_PORT_DEL, false, false, "vnet0", U, U },
	{ { "port", "dele", "vnet0" }, CMD_PORT_DEL, false, false, "vnet0", U, U },
};

struct err_case {
	const char *args[10];
	const char *err;
	const char *hint;
};

static const struct err_case err_cases[] = {
	{ { "-x" }, "unknown option \"-x\"", TOP },
	{ { "--foo" }, "unknown option \"--foo\"", TOP },
	{ { "--js" }, "unknown option \"--js\"", TOP },
	{ { "-" }, "unknown option \"-\"", TOP },
	{ { "--" }, "unknown option \"--\"", TOP },
	{ { "-jx" }, "unknown option \"-jx\"", TOP },
	{ { "-j", "-q", "port" }, "unknown option \"-q\"", TOP },
	{ { "foo" }, "unknown command \"foo\"", TOP },
	{ { "" }, "unknown command \"\"", TOP },
	{ { "ports" }, "unknown command \"ports\"", TOP },
	{ { "help", "foo" }, "unknown command \"foo\" for \"help\"", TOP },
	{ { "help", "port", "x" }, "unknown keyword \"x\" for \"help\"", TOP },
	{ { "version", "x" }, "unknown keyword \"x\" for \"version\"", TOP },
	{ { "version", "-j" },
	  "option \"-j\" must come before the command", TOP },
	{ { "version", "--json" },
	  "option \"--json\" must come before the command", TOP },
	{ { "port", "foo" }, "unknown command \"foo\" for \"port\"", PORT },
	{ { "port", "s" }, "ambiguous command \"s\" for \"port\" (set, show)", PORT },
	{ { "port", "-j" }, "option \"-j\" must come before the command", PORT },
	{ { "port", "help", "x" }, "unknown keyword \"x\" for \"port help\"", PORT },
	{ { "port", "set" }, "missing device for \"port set\"", PORT },
	{ { "port", "set", "" }, "invalid device name \"\"", PORT },
	{ { "port", "set", "sixteen-chars-xx", "policy-in", "drop" },
	  "device name \"sixteen-chars-xx\" is too long (at most 15 characters)",
	  PORT },
	{ { "port", "set", "-j" }, "option \"-j\" must come before the command",
	  PORT },
	{ { "port", "set", "vnet0" }, NOTHING, PORT },
	{ { "port", "set", "vnet0", "bar" },
	  "unknown keyword \"bar\" for \"port set\"", PORT },
	{ { "port", "set", "vnet0", "drop" },
	  "unknown keyword \"drop\" for \"port set\"", PORT },
	{ { "port", "set", "vnet0", "policy" },
	  "ambiguous keyword \"policy\" for \"port set\" (policy-in, policy-out)",
	  PORT },
	{ { "port", "set", "vnet0", "policy-in" },
	  "\"policy-in\" expects accept or drop", PORT },
	{ { "port", "set", "vnet0", "policy-out" },
	  "\"policy-out\" expects accept or drop", PORT },
	{ { "port", "set", "vnet0", "policy-in", "maybe" },
	  "\"policy-in\" expects accept or drop, not \"maybe\"", PORT },
	{ { "port", "set", "vnet0", "policy-out", "" },
	  "\"policy-out\" expects accept or drop, not \"\"", PORT },
	{ { "port", "set", "vnet0", "policy-in", "ACCEPT" },
	  "\"policy-in\" expects accept or drop, not \"ACCEPT\"", PORT },
	{ { "port", "set", "vnet0", "policy-in", "drop", "policy-in", "accept" },
	  "\"policy-in\" given twice", PORT },
	{ { "port", "set", "vnet0", "policy-i", "drop", "policy-in", "drop" },
	  "\"policy-in\" given twice", PORT },
	{ { "port", "set", "vnet0", "policy-out", "drop", "policy-o", "drop" },
	  "\"policy-out\" given twice", PORT },
	{ { "port", "set", "vnet0", "policy-in", "drop", "-j" },
	  "option \"-j\" must come before the command", PORT },
	{ { "port", "set", "vnet0", "policy-in", "drop", "extra" },
	  "unknown keyword \"extra\" for \"port set\"", PORT },
	{ { "port", "show", "vnet0", "extra" },
	  "unknown keyword \"extra\" for \"port show\"", PORT },
	{ { "port", "show", "-p" }, "option \"-p\" must come before the command",
	  PORT },
	{ { "port", "show", "" }, "invalid device name \"\"", PORT },
	{ { "port", "show", "sixteen-chars-xx" },
	  "device name \"sixteen-chars-xx\" is too long (at most 15 characters)",
	  PORT },
	{ { "port", "del" }, "missing device for \"port del\"", PORT },
	{ { "port", "del", "vnet0", "x" },
	  "unknown keyword \"x\" for \"port del\"", PORT },
	{ { "port", "del", "--pretty" },
	  "option \"--pretty\" must come before the command", PORT },
};

/* port set with identity options: the request, summarised by describe(). */
struct ident_case {
	const char *args[32];
	const char *want;
};

#define SET "port", "set", "vnet0"
#define F_SPOOF BRFW_PORT_F_SPOOF_CHECK

static const struct ident_case ident_cases[] = {
	/* The command lines of the brief, verbatim. */
	{ { SET, "mac", "52:54:00:30:fc:2d", "ip", "192.168.0.202", "ip",
	    "192.168.0.203", "ip6", "fe80::203", "ip6", "2001:db8::203",
	    "spoof-check", "on" },
	  "mac=52:54:00:30:fc:2d ip=192.168.0.202,192.168.0.203 "
	  "ip6=fe80::203,2001:db8::203 flags=0x1/0x1" },
	{ { SET, "ip", "10.1.0.0/28" }, "ip=10.1.0.0/28" },
	{ { SET, "dhcp-server", "on" }, "flags=0x2/0x2" },
	{ { SET, "router", "on" }, "flags=0x4/0x4" },
	{ { SET, "promisc", "on" }, "flags=0x8/0x8" },
	{ { "port", "set", "vnet1", "isolation", "isolated" }, "isolation=isolated" },
	{ { SET, "vlan", "100,200" }, "vlan=100,200" },

	/* Values and abbreviations. */
	{ { SET, "mac", "none" }, "mac=none" },
	{ { SET, "mac", "52:54:0:a:FC:2D" }, "mac=52:54:00:0a:fc:2d" },
	{ { SET, "mac", "02:00:00:00:00:01" }, "mac=02:00:00:00:00:01" },
	{ { SET, "m", "52:54:00:30:fc:2d" }, "mac=52:54:00:30:fc:2d" },
	{ { SET, "ip", "none" }, "ip=none" },
	{ { SET, "ip6", "none" }, "ip6=none" },
	{ { SET, "ip", "192.168.0.202/32" }, "ip=192.168.0.202" },
	{ { SET, "ip", "0.0.0.0/0" }, "ip=0.0.0.0/0" },
	{ { SET, "ip", "10.0.0.0/8", "ip", "10.0.0.0/16" },
	  "ip=10.0.0.0/8,10.0.0.0/16" },
	{ { SET, "ip6", "2001:db8::/32" }, "ip6=2001:db8::/32" },
	{ { SET, "ip6", "2001:DB8:0:0::1/128" }, "ip6=2001:db8::1" },
	{ { SET, "ip6", "::ffff:10.0.0.1" }, "ip6=::ffff:10.0.0.1" },
	{ { SET, "ip6", "::/0" }, "ip6=::/0" },
	{ { SET, "vlan", "none" }, "vlan=none" },
	{ { SET, "vlan", "1" }, "vlan=1" },
	{ { SET, "vlan", "4094" }, "vlan=4094" },
	{ { SET, "vlan", "100,200,300-310" }, "vlan=100,200,300-310" },
	{ { SET, "vlan", "5-5" }, "vlan=5" },
	{ { SET, "vlan", "1-4094" }, "vlan=1-4094" },
	{ { SET, "vlan", "10-20,15-25,3" }, "vlan=3,10-25" },
	{ { SET, "vlan", "100", "vlan", "200" }, "vlan=100,200" },
	{ { SET, "vlans", "7" }, "vlan=7" },
	{ { SET, "v", "0100" }, "vlan=100" },
	{ { SET, "spoof-check", "off" }, "flags=0x0/0x1" },
	{ { SET, "s", "of", "d", "on", "r", "off", "pr", "on" }, "flags=0xa/0xf" },
	{ { SET, "isolation", "none" }, "isolation=none" },
	{ { SET, "isolation", "promiscuous" }, "isolation=promiscuous" },
	{ { SET, "isolation", "community", "web" }, "isolation=community:web" },
	{ { SET, "is", "c", "A.b_c-012345678" },
	  "isolation=community:A.b_c-012345678" },
	{ { SET, "isolation", "p" }, "isolation=promiscuous" },
	{ { SET, "isolation", "i" }, "isolation=isolated" },
	{ { SET, "policy-in", "drop", "mac", "52:54:00:30:fc:2d", "policy-out",
	    "accept", "ip", "none" },
	  "in=1 out=0 mac=52:54:00:30:fc:2d ip=none" },
	/* spoof-check with a mac given before or after, or kept. */
	{ { SET, "spoof-check", "on", "mac", "52:54:00:30:fc:2d" },
	  "mac=52:54:00:30:fc:2d flags=0x1/0x1" },
	{ { SET, "spoof-check", "on" }, "flags=0x1/0x1" },
	{ { SET, "spoof-check", "off", "mac", "none" }, "mac=none flags=0x0/0x1" },
	{ { "-j", SET, "mac", "52:54:00:30:fc:2d", "ip", "192.168.0.202", "ip",
	    "192.168.0.203", "ip6", "fe80::203", "ip6", "2001:db8::203",
	    "spoof-check", "on", "dhcp-server", "off", "router", "off", "promisc",
	    "off", "isolation", "community", "web", "vlan", "100,200" },
	  "mac=52:54:00:30:fc:2d ip=192.168.0.202,192.168.0.203 "
	  "ip6=fe80::203,2001:db8::203 vlan=100,200 flags=0x1/0xf "
	  "isolation=community:web" },
};

static const struct err_case ident_errors[] = {
	{ { SET, "i", "1.2.3.4" },
	  "ambiguous keyword \"i\" for \"port set\" (ip, ip6, isolation)", PORT },
	{ { SET, "p", "on" },
	  "ambiguous keyword \"p\" for \"port set\" (policy-in, policy-out, promisc, persist-established)",
	  PORT },
	{ { SET, "vlanx", "1" }, "unknown keyword \"vlanx\" for \"port set\"", PORT },

	{ { SET, "mac" }, "mac expects an address like 52:54:00:12:34:56, or none",
	  PORT },
	{ { SET, "mac", "52:54:00:30:fc" },
	  "mac expects an address like 52:54:00:12:34:56, or none, not \"52:54:00:30:fc\"",
	  PORT },
	{ { SET, "mac", "52:54:00:30:fc:2d:00" },
	  "mac expects an address like 52:54:00:12:34:56, or none, not \"52:54:00:30:fc:2d:00\"",
	  PORT },
	{ { SET, "mac", "525:4:00:30:fc:2d" },
	  "mac expects an address like 52:54:00:12:34:56, or none, not \"525:4:00:30:fc:2d\"",
	  PORT },
	{ { SET, "mac", "52-54-00-30-fc-2d" },
	  "mac expects an address like 52:54:00:12:34:56, or none, not \"52-54-00-30-fc-2d\"",
	  PORT },
	{ { SET, "mac", "52:54:00:30:fc:2g" },
	  "mac expects an address like 52:54:00:12:34:56, or none, not \"52:54:00:30:fc:2g\"",
	  PORT },
	{ { SET, "mac", "52:54::30:fc:2d" },
	  "mac expects an address like 52:54:00:12:34:56, or none, not \"52:54::30:fc:2d\"",
	  PORT },
	{ { SET, "mac", "" },
	  "mac expects an address like 52:54:00:12:34:56, or none, not \"\"", PORT },
	{ { SET, "mac", "00:00:00:00:00:00" },
	  "mac must be a unicast address, not \"00:00:00:00:00:00\" (use mac none to clear it)",
	  PORT },
	{ { SET, "mac", "0:0:0:0:0:0" },
	  "mac must be a unicast address, not \"0:0:0:0:0:0\" (use mac none to clear it)",
	  PORT },
	{ { SET, "mac", "ff:ff:ff:ff:ff:ff" },
	  "mac must be a unicast address, not \"ff:ff:ff:ff:ff:ff\" (a multicast address)",
	  PORT },
	{ { SET, "mac", "01:00:5e:00:00:01" },
	  "mac must be a unicast address, not \"01:00:5e:00:00:01\" (a multicast address)",
	  PORT },
	{ { SET, "mac", "33:33:00:00:00:01" },
	  "mac must be a unicast address, not \"33:33:00:00:00:01\" (a multicast address)",
	  PORT },
	{ { SET, "mac", "52:54:00:30:fc:2d", "mac", "52:54:00:30:fc:2e" },
	  "\"mac\" given twice", PORT },
	{ { SET, "mac", "none", "mac", "none" }, "\"mac\" given twice", PORT },

	{ { SET, "ip" }, "ip expects an IPv4 address or prefix, or none", PORT },
	{ { SET, "ip6" }, "ip6 expects an IPv6 address or prefix, or none", PORT },
	{ { SET, "ip", "192.168.0" },
	  "ip expects an IPv4 address or prefix, not \"192.168.0\"", PORT },
	{ { SET, "ip", "192.168.0.256" },
	  "ip expects an IPv4 address or prefix, not \"192.168.0.256\"", PORT },
	{ { SET, "ip", "host.example" },
	  "ip expects an IPv4 address or prefix, not \"host.example\"", PORT },
	{ { SET, "ip", "" }, "ip expects an IPv4 address or prefix, not \"\"", PORT },
	{ { SET, "ip", "/24" }, "ip expects an IPv4 address or prefix, not \"/24\"",
	  PORT },
	{ { SET, "ip", "10.0.0.0/33" },
	  "ip expects an IPv4 address or prefix, not \"10.0.0.0/33\" (prefix length 0..32)",
	  PORT },
	{ { SET, "ip", "10.0.0.0/" },
	  "ip expects an IPv4 address or prefix, not \"10.0.0.0/\" (prefix length 0..32)",
	  PORT },
	{ { SET, "ip", "10.0.0.0/-1" },
	  "ip expects an IPv4 address or prefix, not \"10.0.0.0/-1\" (prefix length 0..32)",
	  PORT },
	{ { SET, "ip", "10.0.0.0/8x" },
	  "ip expects an IPv4 address or prefix, not \"10.0.0.0/8x\" (prefix length 0..32)",
	  PORT },
	{ { SET, "ip", "10.0.0.0/0008" },
	  "ip expects an IPv4 address or prefix, not \"10.0.0.0/0008\" (prefix length 0..32)",
	  PORT },
	{ { SET, "ip6", "2001:db8::/129" },
	  "ip6 expects an IPv6 address or prefix, not \"2001:db8::/129\" (prefix length 0..128)",
	  PORT },
	{ { SET, "ip6", "2001:db8:::1" },
	  "ip6 expects an IPv6 address or prefix, not \"2001:db8:::1\"", PORT },
	{ { SET, "ip", "fe80::203" },
	  "ip expects an IPv4 address or prefix, not \"fe80::203\" (use ip6 for IPv6)",
	  PORT },
	{ { SET, "ip", "2001:db8::/64" },
	  "ip expects an IPv4 address or prefix, not \"2001:db8::/64\" (use ip6 for IPv6)",
	  PORT },
	{ { SET, "ip6", "192.168.0.202" },
	  "ip6 expects an IPv6 address or prefix, not \"192.168.0.202\" (use ip for IPv4)",
	  PORT },
	{ { SET, "ip6", "10.0.0.0/8" },
	  "ip6 expects an IPv6 address or prefix, not \"10.0.0.0/8\" (use ip for IPv4)",
	  PORT },
	{ { SET, "ip", "10.1.0.1/28" },
	  "ip 10.1.0.1/28 has host bits set (the network is 10.1.0.0/28)", PORT },
	{ { SET, "ip", "192.168.1.1/0" },
	  "ip 192.168.1.1/0 has host bits set (the network is 0.0.0.0/0)", PORT },
	{ { SET, "ip6", "2001:db8::203/64" },
	  "ip6 2001:db8::203/64 has host bits set (the network is 2001:db8::/64)",
	  PORT },
	{ { SET, "ip6", "fe80::1:3/127" },
	  "ip6 fe80::1:3/127 has host bits set (the network is fe80::1:2/127)",
	  PORT },
	{ { SET, "ip", "192.168.0.202", "ip", "192.168.0.202/32" },
	  "ip 192.168.0.202 given twice", PORT },
	{ { SET, "ip6", "2001:db8::/64", "ip6", "2001:DB8:0::/64" },
	  "ip6 2001:db8::/64 given twice", PORT },
	{ { SET, "ip", "none", "ip", "10.0.0.1" },
	  "ip none cannot be combined with addresses", PORT },
	{ { SET, "ip", "10.0.0.1", "ip", "none" },
	  "ip none cannot be combined with addresses", PORT },
	{ { SET, "ip6", "none", "ip6", "::1" },
	  "ip6 none cannot be combined with addresses", PORT },
	{ { SET, "ip", "none", "ip", "none" }, "\"ip none\" given twice", PORT },
	{ { SET, "ip", "NONE" }, "ip expects an IPv4 address or prefix, not \"NONE\"",
	  PORT },

	{ { SET, "vlan" }, "vlan expects VLAN IDs like 100,200,300-310, or none",
	  PORT },
	{ { SET, "vlan", "" },
	  "vlan expects VLAN IDs like 100,200,300-310, or none, not \"\"", PORT },
	{ { SET, "vlan", "100," },
	  "vlan expects VLAN IDs like 100,200,300-310, or none, not \"100,\"", PORT },
	{ { SET, "vlan", "1,,2" },
	  "vlan expects VLAN IDs like 100,200,300-310, or none, not \"1,,2\"", PORT },
	{ { SET, "vlan", "100-" },
	  "vlan expects VLAN IDs like 100,200,300-310, or none, not \"100-\"", PORT },
	{ { SET, "vlan", "-5" },
	  "vlan expects VLAN IDs like 100,200,300-310, or none, not \"-5\"", PORT },
	{ { SET, "vlan", "1-2-3" },
	  "vlan expects VLAN IDs like 100,200,300-310, or none, not \"1-2-3\"", PORT },
	{ { SET, "vlan", "100 200" },
	  "vlan expects VLAN IDs like 100,200,300-310, or none, not \"100 200\"", PORT },
	{ { SET, "vlan", "abc" },
	  "vlan expects VLAN IDs like 100,200,300-310, or none, not \"abc\"", PORT },
	{ { SET, "vlan", "0" }, "vlan 0 is out of range (VLAN IDs are 1..4094)", PORT },
	{ { SET, "vlan", "0-10" }, "vlan 0 is out of range (VLAN IDs are 1..4094)",
	  PORT },
	{ { SET, "vlan", "4095" }, "vlan 4095 is out of range (VLAN IDs are 1..4094)",
	  PORT },
	{ { SET, "vlan", "4000-4096" },
	  "vlan 4096 is out of range (VLAN IDs are 1..4094)", PORT },
	{ { SET, "vlan", "99999999999999999999" },
	  "vlan 99999999999999999999 is out of range (VLAN IDs are 1..4094)", PORT },
	{ { SET, "vlan", "1-04095" },
	  "vlan 04095 is out of range (VLAN IDs are 1..4094)", PORT },
	{ { SET, "vlan", "310-300" },
	  "vlan range 310-300 is backwards (write 300-310)", PORT },
	{ { SET, "vlan", "1,20-10" },
	  "vlan range 20-10 is backwards (write 10-20)", PORT },
	{ { SET, "vlan", "none", "vlan", "5" },
	  "vlan none cannot be combined with VLAN IDs", PORT },
	{ { SET, "vlan", "5", "vlan", "none" },
	  "vlan none cannot be combined with VLAN IDs", PORT },
	{ { SET, "vlan", "none", "vlan", "none" }, "\"vlan none\" given twice", PORT },

	{ { SET, "spoof-check" }, "\"spoof-check\" expects on or off", PORT },
	{ { SET, "dhcp-server", "yes" },
	  "\"dhcp-server\" expects on or off, not \"yes\"", PORT },
	{ { SET, "router", "o" }, "\"router\" expects on or off, not \"o\"", PORT },
	{ { SET, "promisc", "ON" }, "\"promisc\" expects on or off, not \"ON\"", PORT },
	{ { SET, "promisc", "on", "promisc", "on" }, "\"promisc\" given twice", PORT },
	{ { SET, "spoof-check", "on", "s", "off" }, "\"spoof-check\" given twice",
	  PORT },
	{ { SET, "spoof-check", "on", "mac", "none" },
	  "spoof-check on needs a mac, not mac none", PORT },
	{ { SET, "mac", "none", "spoof-check", "on" },
	  "spoof-check on needs a mac, not mac none", PORT },

	{ { SET, "isolation" },
	  "\"isolation\" expects none, isolated, community NAME or promiscuous", PORT },
	{ { SET, "isolation", "private" },
	  "\"isolation\" expects none, isolated, community NAME or promiscuous, not \"private\"",
	  PORT },
	{ { SET, "isolation", "" },
	  "\"isolation\" expects none, isolated, community NAME or promiscuous, not \"\"",
	  PORT },
	{ { SET, "isolation", "isolated", "isolation", "none" },
	  "\"isolation\" given twice", PORT },
	{ { SET, "isolation", "community" },
	  "\"isolation community\" expects a community name", PORT },
	{ { SET, "isolation", "community", "" },
	  "\"isolation community\" expects a community name, not \"\"", PORT },
	{ { SET, "isolation", "community", "0123456789abcdef" },
	  "community name \"0123456789abcdef\" is too long (at most 15 characters)",
	  PORT },
	{ { SET, "isolation", "community", "web servers" },
	  "community name \"web servers\" may only contain letters, digits, \"_\", \".\" and \"-\"",
	  PORT },
	{ { SET, "isolation", "community", "web/1" },
	  "community name \"web/1\" may only contain letters, digits, \"_\", \".\" and \"-\"",
	  PORT },
	{ { SET, "isolation", "community", "caf\xc3\xa9" },
	  "community name \"caf\xc3\xa9\" may only contain letters, digits, \"_\", \".\" and \"-\"",
	  PORT },
};

static const char *describe_prefixes(char *buf, size_t len, const char *kw,
				     bool v6, const struct prefix *v, int n)
{
	char p[PREFIX_STR_SIZE];
	size_t off = 0;
	int i;

	buf[0] = '\0';
	if (n == LIST_UNSET)
		return buf;
	off += snprintf(buf + off, len - off, " %s=%s", kw, n ? "" : "none");
	for (i = 0; i < n && off < len; i++)
		off += snprintf(buf + off, len - off, "%s%s", i ? "," : "",
				prefix_str(p, v6, &v[i]));
	return buf;
}

/* "in=1 mac=... ip=a,b ip6=none vlan=1,5-7 flags=0x1/0x1 isolation=..." */
static void describe(char *out, size_t len, const struct request *r)
{
	char mac[MAC_STR_SIZE], b4[4096], b6[8192];
	unsigned int v, end;
	size_t off = 0;
	bool first = true;

#define ADD(...) (off += snprintf(out + off, off < len ? len - off : 0, __VA_ARGS__))
	out[0] = '\0';
	if (r->policy_in != POLICY_UNSET)
		ADD(" in=%d", r->policy_in);
	if (r->policy_out != POLICY_UNSET)
		ADD(" out=%d", r->policy_out);
	if (r->set_mac) {
		static const uint8_t zero[MAC_LEN];

		ADD(" mac=%s", memcmp(r->mac, zero, MAC_LEN) ? mac_str(mac, r->mac)
							     : "none");
	}
	ADD("%s", describe_prefixes(b4, sizeof(b4), "ip", false, r->ip4, r->n_ip4));
	ADD("%s", describe_prefixes(b6, sizeof(b6), "ip6", true, r->ip6, r->n_ip6));
	if (r->set_vlans) {
		ADD(" vlan=");
		for (v = 1; v <= VLAN_MAX; v = end + 1) {
			end = v;
			if (!vlan_test(r->vlans, v))
				continue;
			while (end < VLAN_MAX && vlan_test(r->vlans, end + 1))
				end++;
			if (end > v)
				ADD("%s%u-%u", first ? "" : ",", v, end);
			else
				ADD("%s%u", first ? "" : ",", v);
			first = false;
		}
		if (first)
			ADD("none");
	}
	if (r->flags_mask)
		ADD(" flags=0x%x/0x%x", r->flags, r->flags_mask);
	if (r->isolation != ISOLATION_UNSET)
		ADD(" isolation=%s%s%s", isolation_name(r->isolation),
		    r->isolation == BRFW_ISOLATION_COMMUNITY ? ":" : "",
		    r->isolation == BRFW_ISOLATION_COMMUNITY ? r->community : "");
#undef ADD
	if (out[0] == ' ')
		memmove(out, out + 1, strlen(out));
}

/* argv for parse_args: "brfwctl" then the case's words. */
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

static void run_ident(const struct ident_case *c)
{
	struct tap_point t = { false };
	char *argv[40], desc[512], err[256], got[512];
	struct request req;
	int argc, ret;

	argc = make_argv(c->args, argv, desc, sizeof(desc));
	ret = parse_args(argc, argv, &req, err, sizeof(err));
	tap_check_int(&t, "return", ret, 0);
	if (ret)
		tap_diag_str("error", err);
	tap_check_int(&t, "cmd", req.cmd, CMD_PORT_SET);
	describe(got, sizeof(got), &req);
	tap_check_str(&t, "request", got, c->want);
	tap_check_int(&t, "protocol", request_protocol(&req), 2);
	tap_ok(!t.failed, "parse: %s", desc);
}

static void run_ok(const struct ok_case *c)
{
	struct tap_point t = { false };
	char *argv[12], desc[160], err[256];
	struct request req;
	int argc, ret;

	argc = make_argv(c->args, argv, desc, sizeof(desc));
	ret = parse_args(argc, argv, &req, err, sizeof(err));
	tap_check_int(&t, "return", ret, 0);
	if (ret)
		tap_diag_str("error", err);
	tap_check_int(&t, "cmd", req.cmd, c->cmd);
	tap_check_int(&t, "json", req.json, c->json);
	tap_check_int(&t, "pretty", req.pretty, c->pretty);
	tap_check_str(&t, "dev", req.dev, c->dev);
	tap_check_int(&t, "policy_in", req.policy_in, c->in);
	tap_check_int(&t, "policy_out", req.policy_out, c->out);
	tap_ok(!t.failed, "parse: %s", desc);
}

static void run_err(const struct err_case *c)
{
	struct tap_point t = { false };
	char *argv[32], desc[512], err[256];
	struct request req;
	int argc, ret;

	argc = make_argv(c->args, argv, desc, sizeof(desc));
	ret = parse_args(argc, argv, &req, err, sizeof(err));
	tap_check_int(&t, "return", ret, -1);
	tap_check_str(&t, "message", err, c->err);
	tap_check_str(&t, "hint", req.hint, c->hint);
	tap_ok(!t.failed, "parse error: %s", desc);
}

/* Room for BRFW_MAX_PREFIXES entries, not one more. */
static void test_lists(void)
{
	static char words[2][BRFW_MAX_PREFIXES + 1][48];
	char *argv[4 + 2 * (BRFW_MAX_PREFIXES + 1) + 1], err[256];
	struct request req;
	int fam, i, argc, ret;

	for (fam = 0; fam < 2; fam++) {
		argc = 0;
		argv[argc++] = "brfwctl";
		argv[argc++] = "port";
		argv[argc++] = "set";
		argv[argc++] = "vnet0";
		for (i = 0; i < BRFW_MAX_PREFIXES + 1; i++) {
			if (fam)
				snprintf(words[fam][i], sizeof(words[fam][i]),
					 "2001:db8::%x", i + 1);
			else
				snprintf(words[fam][i], sizeof(words[fam][i]),
					 "10.0.%d.%d/32", i / 256, i % 256);
			argv[argc++] = fam ? "ip6" : "ip";
			argv[argc++] = words[fam][i];
			argv[argc] = NULL;
			ret = parse_args(argc, argv, &req, err, sizeof(err));
			if (i == BRFW_MAX_PREFIXES - 1)
				tap_ok(ret == 0 && (fam ? req.n_ip6 : req.n_ip4) ==
				       BRFW_MAX_PREFIXES &&
				       (fam ? req.ip6 : req.ip4)[i].len == (fam ? 128 : 32),
				       "parse: %s %d times", fam ? "ip6" : "ip",
				       BRFW_MAX_PREFIXES);
		}
		tap_is_str(ret ? err : NULL, fam ?
			   "ip6 takes at most 64 addresses or prefixes" :
			   "ip takes at most 64 addresses or prefixes",
			   "parse error: %s %d times", fam ? "ip6" : "ip",
			   BRFW_MAX_PREFIXES + 1);
	}
}

static void test_formats(void)
{
	struct prefix p4 = { { 10, 1, 0, 0 }, 28 }, h4 = { { 192, 168, 0, 202 }, 32 };
	struct prefix p6 = { { 0x20, 0x01, 0x0d, 0xb8 }, 64 };
	struct prefix h6 = { { 0xfe, 0x80, [14] = 0x02, [15] = 0x03 }, 128 };
	static const uint8_t mac[MAC_LEN] = { 0x52, 0x54, 0, 0x0a, 0xfc, 0x2d };
	char buf[PREFIX_STR_SIZE], m[MAC_STR_SIZE];
	struct request req;
	char *argv[] = { "brfwctl", "port", "set", "vnet0", "policy-in", "drop", NULL };

	tap_is_str(prefix_str(buf, false, &p4), "10.1.0.0/28", "prefix_str: IPv4 prefix");
	tap_is_str(prefix_str(buf, false, &h4), "192.168.0.202", "prefix_str: IPv4 host bare");
	tap_is_str(prefix_str(buf, true, &p6), "2001:db8::/64", "prefix_str: IPv6 prefix");
	tap_is_str(prefix_str(buf, true, &h6), "fe80::203", "prefix_str: IPv6 host bare");
	tap_is_str(mac_str(m, mac), "52:54:00:0a:fc:2d", "mac_str");
	tap_is_str(isolation_name(BRFW_ISOLATION_NONE), "none", "isolation_name(none)");
	tap_is_str(isolation_name(BRFW_ISOLATION_ISOLATED), "isolated",
		   "isolation_name(isolated)");
	tap_is_str(isolation_name(BRFW_ISOLATION_COMMUNITY), "community",
		   "isolation_name(community)");
	tap_is_str(isolation_name(BRFW_ISOLATION_PROMISCUOUS), "promiscuous",
		   "isolation_name(promiscuous)");
	tap_is_str(isolation_name(__BRFW_ISOLATION_MAX), NULL,
		   "isolation_name(unknown) is NULL");
	tap_ok(parse_args(6, argv, &req, buf, sizeof(buf)) == 0 &&
	       request_protocol(&req) == 1,
	       "request_protocol: policies alone need protocol 1");
}

void test_parse(void)
{
	char *argv[] = { "brfwctl", "port", "set", "vnet0", "bogus", NULL };
	char small[16];
	struct request req;
	size_t i;

	for (i = 0; i < sizeof(ok_cases) / sizeof(ok_cases[0]); i++)
		run_ok(&ok_cases[i]);
	for (i = 0; i < sizeof(err_cases) / sizeof(err_cases[0]); i++)
		run_err(&err_cases[i]);
	for (i = 0; i < sizeof(ident_cases) / sizeof(ident_cases[0]); i++)
		run_ident(&ident_cases[i]);
	for (i = 0; i < sizeof(ident_errors) / sizeof(ident_errors[0]); i++)
		run_err(&ident_errors[i]);
	test_lists();
	test_formats();

	/* A short error buffer truncates, never overflows. */
	tap_ok(parse_args(5, argv, &req, small, sizeof(small)) == -1 &&
	       strlen(small) == sizeof(small) - 1,
	       "parse: error message truncated to the buffer");

	tap_is_str(verdict_name(BRFW_VERDICT_ACCEPT), "accept", "verdict_name(accept)");
	tap_is_str(verdict_name(BRFW_VERDICT_DROP), "drop", "verdict_name(drop)");
	tap_is_str(verdict_name(__BRFW_VERDICT_MAX), NULL, "verdict_name(unknown) is NULL");
	tap_is_str(verdict_name(-1), NULL, "verdict_name(-1) is NULL");
}
