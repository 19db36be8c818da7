/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _BRFW_PORT_H
#define _BRFW_PORT_H

#include <linux/netlink.h>
#include <linux/rcupdate.h>
#include <linux/u64_stats_sync.h>
#include <linux/brfw.h>

#include "netns.h"

/*
 * A port's policy table: immutable once published. A change builds a new
 * table, publishes it with rcu_replace_pointer() and frees the old one
 * after a grace period.
 */
struct brfw_table {
	u8 policy[__BRFW_DIR_MAX];	/* enum brfw_verdict */
	struct rcu_head rcu;
};

struct brfw_dir_stats {
	u64_stats_t pass_packets;
	u64_stats_t pass_bytes;
	u64_stats_t drop_packets;
	u64_stats_t drop_bytes;
};

struct brfw_pcpu_stats {
	struct brfw_dir_stats dir[__BRFW_DIR_MAX];
	struct u64_stats_sync syncp;
};

/* Summed counters of one direction, as reported to userspace. */
struct brfw_stats {
	u64 pass_packets, pass_bytes, drop_packets, drop_bytes;
};

/*
 * A bridge port with a policy. Keyed by ifindex: no device pointer is
 * kept, so nothing here can outlive or pin the device. It is removed when
 * the device unregisters, leaves its bridge, or its namespace dies.
 */
struct brfw_port {
	struct hlist_node hnode;
	int ifindex;
	struct brfw_table __rcu *table;
	struct brfw_pcpu_stats __percpu *stats;
	struct rcu_head rcu;
};

/* Changes requested by userspace; unset fields keep their value. */
struct brfw_port_cfg {
	bool set_policy[__BRFW_DIR_MAX];
	u8 policy[__BRFW_DIR_MAX];
};

struct brfw_port *brfw_port_lookup_rcu(struct brfw_net *bn, int ifindex);
struct brfw_port *brfw_port_find(struct brfw_net *bn, int ifindex);
int brfw_port_set(struct brfw_net *bn, int ifindex,
		  const struct brfw_port_cfg *cfg,
		  struct netlink_ext_ack *extack);
void brfw_port_del(struct brfw_net *bn, struct brfw_port *port);
void brfw_port_forget(struct net *net, int ifindex);
void brfw_port_flush(struct brfw_net *bn);
void brfw_port_stats(const struct brfw_port *port, enum brfw_dir dir,
		     struct brfw_stats *out);

static inline void brfw_port_count(struct brfw_port *port, enum brfw_dir dir,
				   bool pass, unsigned int len)
{
	struct brfw_pcpu_stats *s = this_cpu_ptr(port->stats);
	struct brfw_dir_stats *d = &s->dir[dir];

	u64_stats_update_begin(&s->syncp);
	if (pass) {
		u64_stats_inc(&d->pass_packets);
		u64_stats_add(&d->pass_bytes, len);
	} else {
		u64_stats_inc(&d->drop_packets);
		u64_stats_add(&d->drop_bytes, len);
	}
	u64_stats_update_end(&s->syncp);
}

#endif
