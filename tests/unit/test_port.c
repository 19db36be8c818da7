// SPDX-License-Identifier: GPL-2.0
/* Port replies: decoding, sorting, table and JSON output. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <libmnl/libmnl.h>
#include <linux/genetlink.h>

#include "port.h"
#include "tap.h"
#include "tests.h"

/* What a fake reply carries; OMIT_* leave attributes out. */
enum {
	OMIT_IFINDEX = 1 << 0,
	OMIT_IFNAME = 1 << 1,
	OMIT_MASTER = 1 << 2,
	OMIT_POLICY_IN = 1 << 3,
	OMIT_POLICY_OUT = 1 << 4,
	OMIT_STATS = 1 << 5,
	EXTRA_ATTRS = 1 << 6,		/* unknown attributes, pads */
	BAD_POLICY_SIZE = 1 << 7,	/* policy-in as u32 */
	BAD_STAT_SIZE = 1 << 8,		/* a u32 counter in stats-in */
	IDENT = 1 << 9,			/* the protocol 2 attributes */
	BAD_MAC = 1 << 10,		/* a 4-byte mac */
	BAD_IP4_ADDR = 1 << 11,		/* a 16-byte address in the ip list */
	BAD_IP4_LEN = 1 << 12,		/* ip prefix length 33 */
	BAD_IP6_NOADDR = 1 << 13,	/* an ip6 entry without an address */
	BAD_VLAN = 1 << 14,		/* VLAN 4095 */
	BAD_VLAN_SIZE = 1 << 15,	/* a u32 VLAN */
	BAD_DROP_SIZE = 1 << 16,	/* a u32 drop counter */
	BAD_FLAGS_SIZE = 1 << 17,	/* port flags as u8 */
	BAD_IP4_SIZE = 1 << 18,		/* ip not a nest: too short */
};

static void put_stats(struct nlmsghdr *nlh, uint16_t type, const uint64_t *v,
		      int flags)
{
	struct nlattr *nest = mnl_attr_nest_start(nlh, type);

	if (flags & EXTRA_ATTRS)
		mnl_attr_put(nlh, BRFW_STAT_PAD, 0, NULL);
	mnl_attr_put_u64(nlh, BRFW_STAT_PASS_PACKETS, v[0]);
	mnl_attr_put_u64(nlh, BRFW_STAT_PASS_BYTES, v[1]);
	if ((flags & BAD_STAT_SIZE) && type == BRFW_A_STATS_IN)
		mnl_attr_put_u32(nlh, BRFW_STAT_DROP_PACKETS, (uint32_t)v[2]);
	else
		mnl_attr_put_u64(nlh, BRFW_STAT_DROP_PACKETS, v[2]);
	mnl_attr_put_u64(nlh, BRFW_STAT_DROP_BYTES, v[3]);
	if (flags & EXTRA_ATTRS)
		mnl_attr_put_u64(nlh, 77, 1);	/* a newer counter */
	mnl_attr_nest_end(nlh, nest);
}

static void put_prefixes(struct nlmsghdr *nlh, uint16_t type,
			 const struct prefix *v, unsigned int n, bool v6,
			 int flags)
{
	struct nlattr *nest = mnl_attr_nest_start(nlh, type), *e;
	unsigned int i;

	if (flags & EXTRA_ATTRS)
		mnl_attr_put_u32(nlh, 9, 1);	/* a newer kind of entry */
	for (i = 0; i < n; i++) {
		e = mnl_attr_nest_start(nlh, BRFW_LIST_PREFIX);
		if (!v6 && (flags & BAD_IP4_ADDR))
			mnl_attr_put(nlh, BRFW_PREFIX_ADDR, 16, v[i].addr);
		else if (!(v6 && (flags & BAD_IP6_NOADDR)))
			mnl_attr_put(nlh, BRFW_PREFIX_ADDR, v6 ? 16 : 4, v[i].addr);
		if (flags & EXTRA_ATTRS)
			mnl_attr_put_u32(nlh, 7, 1);	/* a newer field */
		/* Hosts without a length, as the header allows. */
		if (!v6 && (flags & BAD_IP4_LEN))
			mnl_attr_put_u8(nlh, BRFW_PREFIX_LEN, 33);
		else if (v[i].len != (v6 ? 128 : 32))
			mnl_attr_put_u8(nlh, BRFW_PREFIX_LEN, v[i].len);
		mnl_attr_nest_end(nlh, e);
	}
	mnl_attr_nest_end(nlh, nest);
}

static void put_ident(struct nlmsghdr *nlh, const struct port *p, int flags)
{
	struct nlattr *nest;
	unsigned int v;
	int r;

	mnl_attr_put(nlh, BRFW_A_MAC, flags & BAD_MAC ? 4 : MAC_LEN, p->mac);
	if (flags & BAD_IP4_SIZE)
		mnl_attr_put_u8(nlh, BRFW_A_IP4, 0);
	else
		put_prefixes(nlh, BRFW_A_IP4, p->ip4, p->n_ip4, false, flags);
	put_prefixes(nlh, BRFW_A_IP6, p->ip6, p->n_ip6, true, flags);
	nest = mnl_attr_nest_start(nlh, BRFW_A_VLANS);
	for (v = 1; v <= VLAN_MAX; v++)
		if (vlan_test(p->vlans, v))
			mnl_attr_put_u16(nlh, BRFW_LIST_VLAN, v);
	if (flags & BAD_VLAN)
		mnl_attr_put_u16(nlh, BRFW_LIST_VLAN, 4095);
	if (flags & BAD_VLAN_SIZE)
		mnl_attr_put_u32(nlh, BRFW_LIST_VLAN, 5);
	mnl_attr_nest_end(nlh, nest);
	if (flags & BAD_FLAGS_SIZE)
		mnl_attr_put_u8(nlh, BRFW_A_PORT_FLAGS, (uint8_t)p->flags);
	else
		mnl_attr_put_u32(nlh, BRFW_A_PORT_FLAGS, p->flags);
	mnl_attr_put_u8(nlh, BRFW_A_ISOLATION, p->isolation);
	if (p->community[0])
		mnl_attr_put_strz(nlh, BRFW_A_COMMUNITY, p->community);
	nest = mnl_attr_nest_start(nlh, BRFW_A_DROPS);
	if (flags & EXTRA_ATTRS) {
		mnl_attr_put(nlh, BRFW_REASON_PAD, 0, NULL);
		mnl_attr_put_u64(nlh, 99, 5);	/* a newer reason */
	}
	for (r = BRFW_REASON_SPOOF_MAC; r <= BRFW_REASON_MAX; r++) {
		if ((flags & BAD_DROP_SIZE) && r == BRFW_REASON_VLAN)
			mnl_attr_put_u32(nlh, r, (uint32_t)p->drops[r]);
		else
			mnl_attr_put_u64(nlh, r, p->drops[r]);
	}
	mnl_attr_nest_end(nlh, nest);
}

static struct nlmsghdr *reply(char *buf, const struct port *p, int flags)
{
	struct nlmsghdr *nlh;
	struct genlmsghdr *g;

	memset(buf, 0, 4096);
	nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = 0x1d;
	g = mnl_nlmsg_put_extra_header(nlh, sizeof(*g));
	g->cmd = BRFW_CMD_PORT_GET;
	g->version = BRFW_GENL_VERSION;
	if (!(flags & OMIT_IFINDEX))
		mnl_attr_put_u32(nlh, BRFW_A_IFINDEX, p->ifindex);
	if (!(flags & OMIT_IFNAME))
		mnl_attr_put_strz(nlh, BRFW_A_IFNAME, p->name);
	if (!(flags & OMIT_MASTER)) {
		mnl_attr_put_u32(nlh, BRFW_A_MASTER_IFINDEX, p->master_ifindex);
		mnl_attr_put_strz(nlh, BRFW_A_MASTER_IFNAME, p->master);
	}
	if (flags & EXTRA_ATTRS)
		mnl_attr_put_u32(nlh, 200, 1);	/* from a newer module */
	if (flags & BAD_POLICY_SIZE)
		mnl_attr_put_u32(nlh, BRFW_A_POLICY_IN, p->policy[BRFW_DIR_IN]);
	else if (!(flags & OMIT_POLICY_IN))
		mnl_attr_put_u8(nlh, BRFW_A_POLICY_IN, p->policy[BRFW_DIR_IN]);
	if (!(flags & OMIT_POLICY_OUT))
		mnl_attr_put_u8(nlh, BRFW_A_POLICY_OUT, p->policy[BRFW_DIR_OUT]);
	if (!(flags & OMIT_STATS)) {
		put_stats(nlh, BRFW_A_STATS_IN, p->stats[BRFW_DIR_IN], flags);
		put_stats(nlh, BRFW_A_STATS_OUT, p->stats[BRFW_DIR_OUT], flags);
	}
	if (flags & IDENT)
		put_ident(nlh, p, flags);
	return nlh;
}

static const struct port vnet0 = {
	.ifindex = 5, .master_ifindex = 3, .name = "vnet0", .master = "br0",
	.policy = { BRFW_VERDICT_ACCEPT, BRFW_VERDICT_DROP },
	.stats = { { 12, 1032, 0, 0 }, { 3, 180, 5, 300 } },
};

static const struct port vnet1 = {
	.ifindex = 6, .master_ifindex = 3, .name = "vnet1", .master = "br0",
	.policy = { BRFW_VERDICT_DROP, BRFW_VERDICT_ACCEPT },
};

/* vnet0 with an identity: see make_ident(). */
static struct port ident0;

static void make_ident(void)
{
	static const uint8_t mac[MAC_LEN] = { 0x52, 0x54, 0x00, 0x30, 0xfc, 0x2d };
	static const struct prefix ip4[] = {
		{ { 192, 168, 0, 202 }, 32 },
		{ { 192, 168, 0, 203 }, 32 },
		{ { 10, 1, 0, 0 }, 28 },
	};
	static const struct prefix ip6[] = {
		{ { 0xfe, 0x80, [14] = 0x02, [15] = 0x03 }, 128 },
		{ { 0x20, 0x01, 0x0d, 0xb8, [14] = 0x02, [15] = 0x03 }, 128 },
		{ { 0x20, 0x01, 0x0d, 0xb8, 0, 1 }, 48 },
	};
	unsigned int v;

	ident0 = vnet0;
	memcpy(ident0.mac, mac, MAC_LEN);
	memcpy(ident0.ip4, ip4, sizeof(ip4));
	ident0.n_ip4 = 3;
	memcpy(ident0.ip6, ip6, sizeof(ip6));
	ident0.n_ip6 = 3;
	vlan_set(ident0.vlans, 100);
	vlan_set(ident0.vlans, 200);
	vlan_set(ident0.vlans, 201);
	for (v = 300; v <= 310; v++)
		vlan_set(ident0.vlans, v);
	vlan_set(ident0.vlans, 4094);
	ident0.flags = BRFW_PORT_F_SPOOF_CHECK | BRFW_PORT_F_ROUTER;
	ident0.isolation = BRFW_ISOLATION_COMMUNITY;
	strcpy(ident0.community, "web");
	ident0.drops[BRFW_REASON_SPOOF_IP] = 3;
	ident0.drops[BRFW_REASON_MALFORMED] = UINT64_MAX;
}

static void check_ident(struct tap_point *t, const struct port *got,
			const struct port *want)
{
	unsigned int i;

	if (memcmp(got->mac, want->mac, MAC_LEN))
		tap_check_int(t, "mac differs", 1, 0);
	tap_check_int(t, "n_ip4", got->n_ip4, want->n_ip4);
	tap_check_int(t, "n_ip6", got->n_ip6, want->n_ip6);
	for (i = 0; i < got->n_ip4 && i < want->n_ip4; i++)
		if (memcmp(&got->ip4[i], &want->ip4[i], sizeof(got->ip4[i])))
			tap_check_int(t, "ip4 entry differs", i, -1);
	for (i = 0; i < got->n_ip6 && i < want->n_ip6; i++)
		if (memcmp(&got->ip6[i], &want->ip6[i], sizeof(got->ip6[i])))
			tap_check_int(t, "ip6 entry differs", i, -1);
	if (memcmp(got->vlans, want->vlans, sizeof(got->vlans)))
		tap_check_int(t, "vlans differ", 1, 0);
	tap_check_int(t, "flags", got->flags, want->flags);
	tap_check_int(t, "isolation", got->isolation, want->isolation);
	tap_check_str(t, "community", got->community, want->community);
	for (i = 0; i < __BRFW_REASON_MAX; i++)
		tap_check_int(t, "drops", (long long)got->drops[i],
			      (long long)want->drops[i]);
}

static void check_parse_of(const struct port *in, int flags,
			   const struct port *want, const char *err,
			   const char *desc)
{
	char buf[4096], why[64] = "";
	struct tap_point t = { false };
	struct port got;
	int ret, d, s;

	ret = port_parse(reply(buf, in, flags), &got, why, sizeof(why));
	tap_check_int(&t, "return", ret, err ? -1 : 0);
	if (err) {
		tap_check_str(&t, "reason", why, err);
	} else if (!ret) {
		tap_check_int(&t, "ifindex", got.ifindex, want->ifindex);
		tap_check_str(&t, "name", got.name, want->name);
		tap_check_int(&t, "master_ifindex", got.master_ifindex,
			      want->master_ifindex);
		tap_check_str(&t, "master", got.master, want->master);
		for (d = 0; d < __BRFW_DIR_MAX; d++) {
			tap_check_int(&t, "policy", got.policy[d], want->policy[d]);
			for (s = 0; s < ST_NUM; s++)
				tap_check_int(&t, "counter", (long long)got.stats[d][s],
					      (long long)want->stats[d][s]);
		}
		check_ident(&t, &got, want);
	}
	tap_ok(!t.failed, "port_parse: %s", desc);
}

static void check_parse(int flags, const struct port *want, const char *err,
			const char *desc)
{
	check_parse_of(&vnet0, flags, want, err, desc);
}

/* A reply whose ip list has n hosts. */
static void check_many(unsigned int n, int ret, const char *why_want)
{
	static char big[16384];
	struct port *got = calloc(1, sizeof(*got));
	struct nlmsghdr *nlh;
	struct nlattr *nest;
	char why[64] = "";
	unsigned int i;
	int r;

	memset(big, 0, sizeof(big));
	nlh = mnl_nlmsg_put_header(big);
	nlh->nlmsg_type = 0x1d;
	mnl_nlmsg_put_extra_header(nlh, GENL_HDRLEN);
	mnl_attr_put_u32(nlh, BRFW_A_IFINDEX, 5);
	mnl_attr_put_strz(nlh, BRFW_A_IFNAME, "vnet0");
	mnl_attr_put_u8(nlh, BRFW_A_POLICY_IN, 0);
	mnl_attr_put_u8(nlh, BRFW_A_POLICY_OUT, 0);
	nest = mnl_attr_nest_start(nlh, BRFW_A_IP4);
	for (i = 0; i < n; i++) {
		struct nlattr *e = mnl_attr_nest_start(nlh, BRFW_LIST_PREFIX);
		uint8_t a[4] = { 10, 0, (uint8_t)(i >> 8), (uint8_t)i };

		mnl_attr_put(nlh, BRFW_PREFIX_ADDR, 4, a);
		mnl_attr_nest_end(nlh, e);
	}
	mnl_attr_nest_end(nlh, nest);
	r = port_parse(nlh, got, why, sizeof(why));
	tap_ok(r == ret && !strcmp(why, why_want) &&
	       (ret || (got->n_ip4 == n && got->ip4[n - 1].addr[3] == (uint8_t)(n - 1) &&
			got->ip4[n - 1].len == 32)),
	       "port_parse: %u ip entries%s", n, ret ? " are malformed" : "");
	free(got);
}

static void test_parse_replies(void)
{
	struct port p = vnet0;
	char buf[4096], why[64];
	struct nlmsghdr *nlh;

	check_parse(0, &vnet0, NULL, "every attribute");
	check_parse(EXTRA_ATTRS, &vnet0, NULL,
		    "unknown attributes and pads are skipped");
	p.master_ifindex = 0;
	p.master[0] = '\0';
	check_parse(OMIT_MASTER, &p, NULL, "no master: ifindex 0");
	p = vnet0;
	memset(p.stats, 0, sizeof(p.stats));
	check_parse(OMIT_STATS, &p, NULL, "no stats: zero counters");
	check_parse(OMIT_IFINDEX, NULL, "missing ifindex", "missing ifindex");
	check_parse(OMIT_IFNAME, NULL, "missing ifname", "missing ifname");
	check_parse(OMIT_POLICY_IN, NULL, "missing policy-in", "missing policy-in");
	check_parse(OMIT_POLICY_OUT, NULL, "missing policy-out", "missing policy-out");
	check_parse(BAD_POLICY_SIZE, NULL, "bad attribute policy-in",
		    "policy-in of the wrong size");
	check_parse(BAD_STAT_SIZE, NULL, "bad attribute stats-in",
		    "counter of the wrong size");

	/* Protocol 2: the identity; absent above (protocol 1): defaults. */
	check_parse_of(&ident0, IDENT, &ident0, NULL, "identity attributes");
	check_parse_of(&ident0, IDENT | EXTRA_ATTRS, &ident0, NULL,
		       "identity: newer entries, fields, reasons and pads skipped");
	check_parse_of(&vnet0, IDENT, &vnet0, NULL,
		       "identity: zero mac, empty lists, isolation none");
	check_parse_of(&ident0, IDENT | BAD_MAC, NULL, "bad attribute mac",
		       "mac of the wrong size");
	check_parse_of(&ident0, IDENT | BAD_IP4_ADDR, NULL, "bad attribute ip",
		       "IPv6 address in the ip list");
	check_parse_of(&ident0, IDENT | BAD_IP4_LEN, NULL, "bad attribute ip",
		       "ip prefix length above 32");
	check_parse_of(&ident0, IDENT | BAD_IP4_SIZE, NULL, "bad attribute ip",
		       "ip list too short for a nest");
	check_parse_of(&ident0, IDENT | BAD_IP6_NOADDR, NULL, "bad attribute ip6",
		       "ip6 entry without an address");
	check_parse_of(&ident0, IDENT | BAD_VLAN, NULL, "bad attribute vlan",
		       "VLAN 4095");
	check_parse_of(&ident0, IDENT | BAD_VLAN_SIZE, NULL, "bad attribute vlan",
		       "VLAN of the wrong size");
	check_parse_of(&ident0, IDENT | BAD_DROP_SIZE, NULL, "bad attribute drops",
		       "drop counter of the wrong size");
	check_parse_of(&ident0, IDENT | BAD_FLAGS_SIZE, NULL,
		       "bad attribute port-flags", "port flags of the wrong size");

	/* More entries than BRFW_MAX_PREFIXES: malformed, never overflows. */
	check_many(BRFW_MAX_PREFIXES, 0, "");
	check_many(BRFW_MAX_PREFIXES + 1, -1, "bad attribute ip");

	/* A community name longer than the header allows is cut. */
	p = vnet0;
	nlh = reply(buf, &p, 0);
	mnl_attr_put_u8(nlh, BRFW_A_ISOLATION, BRFW_ISOLATION_COMMUNITY);
	mnl_attr_put_strz(nlh, BRFW_A_COMMUNITY, "a-community-name-too-long");
	tap_ok(port_parse(nlh, &p, why, sizeof(why)) == 0 &&
	       !strcmp(p.community, "a-community-nam") &&
	       p.isolation == BRFW_ISOLATION_COMMUNITY,
	       "port_parse: long community name cut");

	/* Names longer than IFNAMSIZ - 1 are cut, never overflow. */
	p = vnet0;
	nlh = reply(buf, &p, OMIT_IFNAME);
	mnl_attr_put_strz(nlh, BRFW_A_IFNAME, "a-name-much-longer-than-ifnamsiz");
	tap_ok(port_parse(nlh, &p, why, sizeof(why)) == 0 &&
	       !strcmp(p.name, "a-name-much-lon"), "port_parse: long name cut");

	memset(buf, 0, sizeof(buf));
	nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = 0x1d;
	tap_ok(port_parse(nlh, &p, why, sizeof(why)) == -1 &&
	       !strcmp(why, "short message"), "port_parse: no genetlink header");
}

static void test_sort(void)
{
	struct port v[5];
	static const char *const names[] = { "vnet10", "vnet2", "tap0", "vnet2", "vnet1" };
	static const uint32_t idx[] = { 1, 7, 9, 3, 4 };
	static const uint32_t want[] = { 9, 4, 3, 7, 1 };
	struct tap_point t = { false };
	int i;

	memset(v, 0, sizeof(v));
	for (i = 0; i < 5; i++) {
		strcpy(v[i].name, names[i]);
		v[i].ifindex = idx[i];
	}
	port_sort(v, 5);
	for (i = 0; i < 5; i++)
		tap_check_int(&t, "ifindex", v[i].ifindex, want[i]);
	port_sort(v, 0);
	tap_ok(!t.failed, "port_sort: by name in version order, then ifindex");
}

static char *render(const struct port *v, size_t n, bool json, bool pretty,
		    bool details)
{
	struct mem m;
	struct pr p;

	pr_init(&p, mem_open(&m), json, pretty);
	port_print(&p, v, n, details);
	return mem_take(&m);
}

static void check_render_d(const struct port *v, size_t n, bool json,
			   bool pretty, bool details, const char *want,
			   const char *desc)
{
	char *got = render(v, n, json, pretty, details);

	tap_is_str(got, want, "port_print: %s", desc);
	free(got);
}

static void check_render(const struct port *v, size_t n, bool json,
			 bool pretty, const char *want, const char *desc)
{
	check_render_d(v, n, json, pretty, false, want, desc);
}

/* The JSON members of a port with the default identity. */
#define DROPS0 "\"drops\":{\"spoof_mac\":0,\"spoof_ip\":0,\"spoof_arp\":0," \
	"\"spoof_nd\":0,\"ra_guard\":0,\"dhcp_guard\":0,\"vlan\":0," \
	"\"isolation\":0,\"promisc\":0,\"ethertype\":0,\"malformed\":0,\"ct_full\":0}"
#define IDENT0 ",\"mac\":null,\"spoof_check\":false,\"dhcp_server\":false," \
	"\"router\":false,\"promisc\":false,\"isolation\":\"none\"," \
	"\"community\":null,\"stateful\":false,\"persist_established\":false,\"ct_limit\":0,\"flows\":0,\"ip\":[],\"ip6\":[],\"vlans\":[]," DROPS0
#define DETAILS0 \
	"    mac none  spoof-check off  dhcp-server off  router off  promisc off  isolation none\n" \
	"    stateful off  persist-established off  ct-limit 0  flows 0\n" \
	"    ip none\n" \
	"    ip6 none\n" \
	"    vlan none\n" \
	"    drops spoof-mac 0 spoof-ip 0 spoof-arp 0 spoof-nd 0 ra-guard 0 dhcp-guard 0 vlan 0 isolation 0 promisc 0 ethertype 0 malformed 0 ct-full 0\n"
#define ROWS0 \
	"PORT   BRIDGE  IN      OUT   DIR  PASS-PKTS  PASS-BYTES  DROP-PKTS  DROP-BYTES\n" \
	"vnet0  br0     accept  drop  in          12        1032          0           0\n" \
	"                             out          3         180          5         300\n"

static void test_output(void)
{
	struct port two[2] = { vnet0, vnet1 };
	struct port odd[2] = { vnet0, vnet1 };

	check_render(NULL, 0, false, false,
		     "PORT  BRIDGE  IN  OUT  DIR  PASS-PKTS  PASS-BYTES  DROP-PKTS  DROP-BYTES\n",
		     "no ports: the header only");
	check_render(NULL, 0, true, false, "[]\n", "no ports: JSON []");
	check_render(NULL, 0, true, true, "[]\n", "no ports: pretty JSON []");

	check_render(two, 2, false, false,
		     "PORT   BRIDGE  IN      OUT     DIR  PASS-PKTS  PASS-BYTES  DROP-PKTS  DROP-BYTES\n"
		     "vnet0  br0     accept  drop    in          12        1032          0           0\n"
		     "                               out          3         180          5         300\n"
		     "vnet1  br0     drop    accept  in           0           0          0           0\n"
		     "                               out          0           0          0           0\n",
		     "table, two lines per port");

	/* Wide counters and names widen their columns; no bridge is "-". */
	odd[0].stats[BRFW_DIR_OUT][ST_DROP_BYTES] = UINT64_MAX;
	odd[0].stats[BRFW_DIR_IN][ST_PASS_PACKETS] = 12345678901ULL;
	strcpy(odd[1].name, "tap-vm-long-nm");
	odd[1].master_ifindex = 0;
	odd[1].master[0] = '\0';
	odd[1].policy[BRFW_DIR_OUT] = 7;	/* from a newer module */
	check_render(odd, 2, false, false,
		     "PORT            BRIDGE  IN      OUT        DIR    PASS-PKTS  PASS-BYTES  DROP-PKTS            DROP-BYTES\n"
		     "vnet0           br0     accept  drop       in   12345678901        1032          0                     0\n"
		     "                                           out            3         180          5  18446744073709551615\n"
		     "tap-vm-long-nm  -       drop    verdict-7  in             0           0          0                     0\n"
		     "                                           out            0           0          0                     0\n",
		     "table: columns widen, missing bridge, unknown verdict");

	check_render(two, 2, true, false,
		     "[{\"port\":\"vnet0\",\"ifindex\":5,\"bridge\":\"br0\",\"bridge_ifindex\":3,"
		     "\"policy_in\":\"accept\",\"policy_out\":\"drop\",\"stats\":{"
		     "\"in\":{\"pass_packets\":12,\"pass_bytes\":1032,\"drop_packets\":0,\"drop_bytes\":0},"
		     "\"out\":{\"pass_packets\":3,\"pass_bytes\":180,\"drop_packets\":5,\"drop_bytes\":300}}" IDENT0 "},"
		     "{\"port\":\"vnet1\",\"ifindex\":6,\"bridge\":\"br0\",\"bridge_ifindex\":3,"
		     "\"policy_in\":\"drop\",\"policy_out\":\"accept\",\"stats\":{"
		     "\"in\":{\"pass_packets\":0,\"pass_bytes\":0,\"drop_packets\":0,\"drop_bytes\":0},"
		     "\"out\":{\"pass_packets\":0,\"pass_bytes\":0,\"drop_packets\":0,\"drop_bytes\":0}}" IDENT0 "}]\n",
		     "JSON");
	check_render(&odd[1], 1, true, false,
		     "[{\"port\":\"tap-vm-long-nm\",\"ifindex\":6,\"bridge\":null,\"bridge_ifindex\":null,"
		     "\"policy_in\":\"drop\",\"policy_out\":\"verdict-7\",\"stats\":{"
		     "\"in\":{\"pass_packets\":0,\"pass_bytes\":0,\"drop_packets\":0,\"drop_bytes\":0},"
		     "\"out\":{\"pass_packets\":0,\"pass_bytes\":0,\"drop_packets\":0,\"drop_bytes\":0}}" IDENT0 "}]\n",
		     "JSON: missing bridge is null");
	check_render(two, 1, true, true,
		     "[\n"
		     "  {\n"
		     "    \"port\": \"vnet0\",\n"
		     "    \"ifindex\": 5,\n"
		     "    \"bridge\": \"br0\",\n"
		     "    \"bridge_ifindex\": 3,\n"
		     "    \"policy_in\": \"accept\",\n"
		     "    \"policy_out\": \"drop\",\n"
		     "    \"stats\": {\n"
		     "      \"in\": {\n"
		     "        \"pass_packets\": 12,\n"
		     "        \"pass_bytes\": 1032,\n"
		     "        \"drop_packets\": 0,\n"
		     "        \"drop_bytes\": 0\n"
		     "      },\n"
		     "      \"out\": {\n"
		     "        \"pass_packets\": 3,\n"
		     "        \"pass_bytes\": 180,\n"
		     "        \"drop_packets\": 5,\n"
		     "        \"drop_bytes\": 300\n"
		     "      }\n"
		     "    },\n"
		     "    \"mac\": null,\n"
		     "    \"spoof_check\": false,\n"
		     "    \"dhcp_server\": false,\n"
		     "    \"router\": false,\n"
		     "    \"promisc\": false,\n"
		     "    \"isolation\": \"none\",\n"
		     "    \"community\": null,\n"
		     "    \"stateful\": false,\n"
		     "    \"persist_established\": false,\n"
		     "    \"ct_limit\": 0,\n"
		     "    \"flows\": 0,\n"
		     "    \"ip\": [],\n"
		     "    \"ip6\": [],\n"
		     "    \"vlans\": [],\n"
		     "    \"drops\": {\n"
		     "      \"spoof_mac\": 0,\n"
		     "      \"spoof_ip\": 0,\n"
		     "      \"spoof_arp\": 0,\n"
		     "      \"spoof_nd\": 0,\n"
		     "      \"ra_guard\": 0,\n"
		     "      \"dhcp_guard\": 0,\n"
		     "      \"vlan\": 0,\n"
		     "      \"isolation\": 0,\n"
		     "      \"promisc\": 0,\n"
		     "      \"ethertype\": 0,\n"
		     "      \"malformed\": 0,\n"
		     "      \"ct_full\": 0\n"
		     "    }\n"
		     "  }\n"
		     "]\n",
		     "pretty JSON");
}

static void test_ident_output(void)
{
	struct port two[2] = { ident0, vnet1 };
	struct port p;

	check_render_d(&vnet0, 1, false, false, true, ROWS0 DETAILS0,
		       "port show DEV: default identity shown");
	check_render(&vnet0, 1, false, false, ROWS0,
		     "listing: default identity not shown");

	check_render(two, 2, false, false,
		     "PORT   BRIDGE  IN      OUT     DIR  PASS-PKTS  PASS-BYTES  DROP-PKTS  DROP-BYTES\n"
		     "vnet0  br0     accept  drop    in          12        1032          0           0\n"
		     "                               out          3         180          5         300\n"
		     "    mac 52:54:00:30:fc:2d  spoof-check on  dhcp-server off  router on  promisc off  isolation community web\n"
	"    stateful off  persist-established off  ct-limit 0  flows 0\n"
		     "    ip 192.168.0.202 192.168.0.203 10.1.0.0/28\n"
		     "    ip6 fe80::203 2001:db8::203 2001:db8:1::/48\n"
		     "    vlan 100,200,201,300-310,4094\n"
		     "    drops spoof-mac 0 spoof-ip 3 spoof-arp 0 spoof-nd 0 ra-guard 0 dhcp-guard 0 vlan 0 isolation 0 promisc 0 ethertype 0 malformed 18446744073709551615 ct-full 0\n"
		     "vnet1  br0     drop    accept  in           0           0          0           0\n"
		     "                               out          0           0          0           0\n",
		     "listing: identity under its port only");

	check_render(&ident0, 1, true, false,
		     "[{\"port\":\"vnet0\",\"ifindex\":5,\"bridge\":\"br0\",\"bridge_ifindex\":3,"
		     "\"policy_in\":\"accept\",\"policy_out\":\"drop\",\"stats\":{"
		     "\"in\":{\"pass_packets\":12,\"pass_bytes\":1032,\"drop_packets\":0,\"drop_bytes\":0},"
		     "\"out\":{\"pass_packets\":3,\"pass_bytes\":180,\"drop_packets\":5,\"drop_bytes\":300}},"
		     "\"mac\":\"52:54:00:30:fc:2d\",\"spoof_check\":true,\"dhcp_server\":false,"
		     "\"router\":true,\"promisc\":false,\"isolation\":\"community\",\"community\":\"web\",\"stateful\":false,\"persist_established\":false,\"ct_limit\":0,\"flows\":0,"
		     "\"ip\":[\"192.168.0.202\",\"192.168.0.203\",\"10.1.0.0/28\"],"
		     "\"ip6\":[\"fe80::203\",\"2001:db8::203\",\"2001:db8:1::/48\"],"
		     "\"vlans\":[100,200,201,300,301,302,303,304,305,306,307,308,309,310,4094],"
		     "\"drops\":{\"spoof_mac\":0,\"spoof_ip\":3,\"spoof_arp\":0,\"spoof_nd\":0,"
		     "\"ra_guard\":0,\"dhcp_guard\":0,\"vlan\":0,\"isolation\":0,\"promisc\":0,"
		     "\"ethertype\":0,\"malformed\":18446744073709551615,\"ct_full\":0}}]\n",
		     "JSON: identity");
	check_render_d(&ident0, 1, true, false, true,
		       "[{\"port\":\"vnet0\",\"ifindex\":5,\"bridge\":\"br0\",\"bridge_ifindex\":3,"
		       "\"policy_in\":\"accept\",\"policy_out\":\"drop\",\"stats\":{"
		       "\"in\":{\"pass_packets\":12,\"pass_bytes\":1032,\"drop_packets\":0,\"drop_bytes\":0},"
		       "\"out\":{\"pass_packets\":3,\"pass_bytes\":180,\"drop_packets\":5,\"drop_bytes\":300}},"
		       "\"mac\":\"52:54:00:30:fc:2d\",\"spoof_check\":true,\"dhcp_server\":false,"
		       "\"router\":true,\"promisc\":false,\"isolation\":\"community\",\"community\":\"web\",\"stateful\":false,\"persist_established\":false,\"ct_limit\":0,\"flows\":0,"
		       "\"ip\":[\"192.168.0.202\",\"192.168.0.203\",\"10.1.0.0/28\"],"
		       "\"ip6\":[\"fe80::203\",\"2001:db8::203\",\"2001:db8:1::/48\"],"
		       "\"vlans\":[100,200,201,300,301,302,303,304,305,306,307,308,309,310,4094],"
		       "\"drops\":{\"spoof_mac\":0,\"spoof_ip\":3,\"spoof_arp\":0,\"spoof_nd\":0,"
		       "\"ra_guard\":0,\"dhcp_guard\":0,\"vlan\":0,\"isolation\":0,\"promisc\":0,"
		       "\"ethertype\":0,\"malformed\":18446744073709551615,\"ct_full\":0}}]\n",
		       "JSON: the same for port show DEV");

	/* Each kind of non-default shows the details in a listing. */
	p = vnet0;
	p.drops[BRFW_REASON_ETHERTYPE] = 1;
	check_render(&p, 1, false, false, ROWS0
		     "    mac none  spoof-check off  dhcp-server off  router off  promisc off  isolation none\n"
	"    stateful off  persist-established off  ct-limit 0  flows 0\n"
		     "    ip none\n"
		     "    ip6 none\n"
		     "    vlan none\n"
		     "    drops spoof-mac 0 spoof-ip 0 spoof-arp 0 spoof-nd 0 ra-guard 0 dhcp-guard 0 vlan 0 isolation 0 promisc 0 ethertype 1 malformed 0 ct-full 0\n",
		     "listing: a drop counter alone shows the details");
	p = vnet0;
	p.flags = BRFW_PORT_F_PROMISC | BRFW_PORT_F_DHCP_SERVER;
	p.isolation = BRFW_ISOLATION_ISOLATED;
	check_render(&p, 1, false, false, ROWS0
		     "    mac none  spoof-check off  dhcp-server on  router off  promisc on  isolation isolated\n"
	"    stateful off  persist-established off  ct-limit 0  flows 0\n"
		     "    ip none\n"
		     "    ip6 none\n"
		     "    vlan none\n"
		     "    drops spoof-mac 0 spoof-ip 0 spoof-arp 0 spoof-nd 0 ra-guard 0 dhcp-guard 0 vlan 0 isolation 0 promisc 0 ethertype 0 malformed 0 ct-full 0\n",
		     "listing: flags and isolation show the details");
	p = vnet0;
	p.isolation = 9;	/* from a newer module */
	vlan_set(p.vlans, 1);
	vlan_set(p.vlans, 2);
	vlan_set(p.vlans, 4);
	vlan_set(p.vlans, 5);
	vlan_set(p.vlans, 6);
	check_render(&p, 1, false, false, ROWS0
		     "    mac none  spoof-check off  dhcp-server off  router off  promisc off  isolation isolation-9\n"
	"    stateful off  persist-established off  ct-limit 0  flows 0\n"
		     "    ip none\n"
		     "    ip6 none\n"
		     "    vlan 1,2,4-6\n"
		     "    drops spoof-mac 0 spoof-ip 0 spoof-arp 0 spoof-nd 0 ra-guard 0 dhcp-guard 0 vlan 0 isolation 0 promisc 0 ethertype 0 malformed 0 ct-full 0\n",
		     "listing: VLAN runs, unknown isolation by number");
	p = vnet0;
	p.isolation = BRFW_ISOLATION_PROMISCUOUS;
	strcpy(p.community, "ignored");
	p.ip4[0] = (struct prefix){ { 0, 0, 0, 0 }, 0 };
	p.n_ip4 = 1;
	p.ip6[0] = (struct prefix){ { 0 }, 0 };
	p.n_ip6 = 1;
	memset(p.vlans, 0xff, sizeof(p.vlans));
	p.vlans[0] &= (uint8_t)~1;	/* no VLAN 0 ... */
	p.vlans[VLAN_BITMAP_SIZE - 1] &= 0x7f;	/* ... nor 4095 */
	check_render_d(&p, 1, false, false, true, ROWS0
		       "    mac none  spoof-check off  dhcp-server off  router off  promisc off  isolation promiscuous\n"
	"    stateful off  persist-established off  ct-limit 0  flows 0\n"
		       "    ip 0.0.0.0/0\n"
		       "    ip6 ::/0\n"
		       "    vlan 1-4094\n"
		       "    drops spoof-mac 0 spoof-ip 0 spoof-arp 0 spoof-nd 0 ra-guard 0 dhcp-guard 0 vlan 0 isolation 0 promisc 0 ethertype 0 malformed 0 ct-full 0\n",
		       "port show DEV: /0 prefixes, every VLAN, community only with its role");
}

void test_port(void)
{
	make_ident();
	test_parse_replies();
	test_sort();
	test_output();
	test_ident_output();
}
