/* SPDX-License-Identifier: GPL-2.0 */
#ifndef BRFWCTL_PORT_H
#define BRFWCTL_PORT_H

#include <net/if.h>
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
/* The table (text) or the array of port objects (JSON). */
void port_print(struct pr *pr, const struct port *ports, size_t n);

/* port.c: the commands. Return 0 or -1 after printing the error. */
int cmd_port_set(const struct request *req);
int cmd_port_show(const struct request *req, struct pr *pr);
int cmd_port_del(const struct request *req);

#endif
