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

static void check_parse(int flags, const struct port *want, const char *err,
			const char *desc)
{
	char buf[4096], why[64] = "";
	struct tap_point t = { false };
	struct port got;
	int ret, d, s;

	ret = port_parse(reply(buf, &vnet0, flags), &got, why, sizeof(why));
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
	}
	tap_ok(!t.failed, "port_parse: %s", desc);
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

static char *render(const struct port *v, size_t n, bool json, bool pretty)
{
	struct mem m;
	struct pr p;

	pr_init(&p, mem_open(&m), json, pretty);
	port_print(&p, v, n);
	return mem_take(&m);
}

static void check_render(const struct port *v, size_t n, bool json,
			 bool pretty, const char *want, const char *desc)
{
	char *got = render(v, n, json, pretty);

	tap_is_str(got, want, "port_print: %s", desc);
	free(got);
}

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
		     "\"out\":{\"pass_packets\":3,\"pass_bytes\":180,\"drop_packets\":5,\"drop_bytes\":300}}},"
		     "{\"port\":\"vnet1\",\"ifindex\":6,\"bridge\":\"br0\",\"bridge_ifindex\":3,"
		     "\"policy_in\":\"drop\",\"policy_out\":\"accept\",\"stats\":{"
		     "\"in\":{\"pass_packets\":0,\"pass_bytes\":0,\"drop_packets\":0,\"drop_bytes\":0},"
		     "\"out\":{\"pass_packets\":0,\"pass_bytes\":0,\"drop_packets\":0,\"drop_bytes\":0}}}]\n",
		     "JSON");
	check_render(&odd[1], 1, true, false,
		     "[{\"port\":\"tap-vm-long-nm\",\"ifindex\":6,\"bridge\":null,\"bridge_ifindex\":null,"
		     "\"policy_in\":\"drop\",\"policy_out\":\"verdict-7\",\"stats\":{"
		     "\"in\":{\"pass_packets\":0,\"pass_bytes\":0,\"drop_packets\":0,\"drop_bytes\":0},"
		     "\"out\":{\"pass_packets\":0,\"pass_bytes\":0,\"drop_packets\":0,\"drop_bytes\":0}}}]\n",
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
		     "    }\n"
		     "  }\n"
		     "]\n",
		     "pretty JSON");
}

void test_port(void)
{
	test_parse_replies();
	test_sort();
	test_output();
}
