/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Conntrack-lite (protocol 4): ct show / set and flows show / flush / del.
 * Decoding, output and request attributes are in ct_fmt.c, the commands
 * in ct.c.
 */
#ifndef BRFWCTL_CT_H
#define BRFWCTL_CT_H

#include <net/if.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <linux/brfw.h>
#include <linux/netlink.h>

#include "parse.h"
#include "print.h"

/* The flow table's settings and usage (BRFW_A_CT). */
struct ct_info {
	uint32_t max, count, buckets, entry_size;
	uint64_t early_drops, full_drops;
	uint32_t timeouts[__BRFW_CT_TO_MAX];
	uint32_t have_timeouts;		/* bit n: timeouts[n] reported */
};

/* Decode a BRFW_CMD_CT_GET reply. Returns 0, or -1 with the reason. */
int ct_info_parse(const struct nlmsghdr *nlh, struct ct_info *ci,
		  char *err, size_t errlen);
/* ct show: text or the JSON object. */
void ct_print(struct pr *pr, const struct ct_info *ci);
/* The BRFW_A_CT nest of a ct set request. */
void ct_set_attrs(struct nlmsghdr *nlh, const struct request *req);

/* One flow (BRFW_A_FLOW). Index 0: orig direction, 1: reply. */
struct flow {
	uint32_t zone;
	uint8_t family, proto;
	uint8_t src[16], dst[16];	/* the orig tuple */
	bool has_ports, has_id;
	uint16_t sport, dport, icmp_id;
	uint8_t state;			/* enum brfw_ct_timeout */
	uint32_t timeout, rule_id;
	uint32_t port[2];		/* ifindex, 0: host or no policy */
	uint64_t packets[2], bytes[2];
};

/* A flow as seen from one port. */
struct flow_view {
	struct flow f;
	uint32_t ifindex;	/* the port's; 0: none */
	char dev[IFNAMSIZ];	/* its name ("-" if none) */
	bool out;		/* the VM behind the port started it */
	size_t seq;		/* order in the dump */
};

/* Decode a BRFW_CMD_FLOW_GET message. Returns 0, or -1 with the reason. */
int flow_parse(const struct nlmsghdr *nlh, struct flow *f, char *err,
	       size_t errlen);
/*
 * The point of view: port ifindex if the flow crosses it, else (ifindex
 * 0) port[0] if not 0, else port[1]. Sets v->f, v->ifindex and v->out.
 */
void flow_view_init(struct flow_view *v, const struct flow *f,
		    uint32_t ifindex);
/* By port name (version order), then dump order. */
void flow_sort(struct flow_view *v, size_t n);
/* flows: the table, or the array of flow objects. */
void flow_print(struct pr *pr, const struct flow_view *v, size_t n);
/* "10.0.0.5:40000 -> 10.0.0.1:80", "10.0.0.5 -> 10.0.0.1 id 7". */
const char *flow_tuple_str(char *buf, size_t len, const struct flow *f);
/* The BRFW_A_FLOW nest of flows del. */
void flow_key_put(struct nlmsghdr *nlh, const struct flow_key *k);

struct session;
int cmd_ct_show(struct session *s, struct pr *pr);
int cmd_ct_set(struct session *s, const struct request *req);
int cmd_flows_show(struct session *s, const struct request *req,
		   struct pr *pr);
/* flows flush [DEV], flows del ... */
int cmd_flows_del(struct session *s, const struct request *req);

#endif
