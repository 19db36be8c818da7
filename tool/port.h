/* SPDX-License-Identifier: GPL-2.0 */
#ifndef BRFWCTL_PORT_H
#define BRFWCTL_PORT_H

#include <net/if.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <linux/brfw.h>
#include <linux/netlink.h>

#include "parse.h"
#include "print.h"

enum {
	ST_PASS_PACKETS,
	ST_PASS_BYTES,
	ST_DROP_PACKETS,
	ST_DROP_BYTES,
	ST_NUM,
};

/* One port as the kernel reports it. */
struct port {
	uint32_t ifindex;
	uint32_t master_ifindex;	/* 0: not reported */
	char name[IFNAMSIZ];
	char master[IFNAMSIZ];
	int policy[__BRFW_DIR_MAX];	/* indexed by enum brfw_dir */
	uint64_t stats[__BRFW_DIR_MAX][ST_NUM];

	/*
	 * Identity (protocol 2). A module that does not report it (protocol
	 * 1) leaves the defaults: no mac, empty lists, flags off, isolation
	 * none, no drops.
	 */
	uint8_t mac[MAC_LEN];		/* all zero: none */
	unsigned int n_ip4, n_ip6;
	struct prefix ip4[BRFW_MAX_PREFIXES];
	struct prefix ip6[BRFW_MAX_PREFIXES];
	uint8_t vlans[VLAN_BITMAP_SIZE];	/* bit n: VLAN n */
	uint32_t flags;			/* BRFW_PORT_F_* */
	int isolation;			/* enum brfw_isolation */
	char community[BRFW_COMMUNITY_NAMSIZ];
	uint64_t drops[__BRFW_REASON_MAX];	/* by enum brfw_reason */

	/* Protocol 4: the flow quota (0: none) and the flows held. */
	uint32_t ct_limit;
	uint32_t ct_flows;
};

/* port_fmt.c: decoding and output, no I/O besides the printer. */

/*
 * Decode a BRFW_CMD_PORT_GET reply. Returns 0, or -1 with the reason in
 * err (e.g. "missing ifname").
 */
int port_parse(const struct nlmsghdr *nlh, struct port *p,
	       char *err, size_t errlen);
/* By name, in version order (vnet2 before vnet10), then by ifindex. */
void port_sort(struct port *ports, size_t n);
/*
 * The table (text) or the array of port objects (JSON). Text: a port's
 * identity and drop counters follow its rows when details is set (port
 * show DEV), else only when one of them is not the default.
 */
void port_print(struct pr *pr, const struct port *ports, size_t n,
		bool details);

/* port.c: the commands. Return 0 or -1 after printing the error. */

/* Room for the largest port set request: every VLAN, full IP lists. */
#define PORT_SET_REQ_SIZE 40960

/*
 * The attributes of a port set request, after BRFW_A_IFINDEX: the
 * policies, then the identity. The buffer behind nlh must hold
 * PORT_SET_REQ_SIZE bytes.
 */
void port_set_attrs(struct nlmsghdr *nlh, const struct request *req);
struct session;
int cmd_port_set(struct session *s, const struct request *req);
int cmd_port_show(struct session *s, const struct request *req,
		  struct pr *pr);
int cmd_port_del(struct session *s, const struct request *req);
/*
 * Every port with a policy, sorted (port_sort). *ports is the caller's to
 * free. ctx names the command in errors.
 */
int port_dump(struct session *s, struct port **ports, size_t *n,
	      const char *ctx);

#endif
