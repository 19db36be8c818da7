/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _BRFW_PORT_H
#define _BRFW_PORT_H

#include <linux/netdevice.h>
#include <linux/netfilter.h>
#include <linux/netlink.h>
#include <linux/ratelimit.h>
#include <linux/rcupdate.h>
#include <linux/u64_stats_sync.h>
#include <linux/brfw.h>

#include "netns.h"
#include "ident.h"
#include "rule.h"
#include "ct.h"

/*
 * A port's policy table: immutable once published. A change clones the
 * table, applies the request to the clone, publishes it with
 * rcu_replace_pointer() and frees the old one after a grace period.
 */
struct brfw_table {
	u8 policy[__BRFW_DIR_MAX];	/* enum brfw_verdict */
	struct brfw_ident ident;
	/* The rule sequence; each direction's list is compiled into cls. */
	u32 nrules, cap;
	struct brfw_rule **rules;
	struct brfw_cls *cls[__BRFW_DIR_MAX];	/* whole frames */
	struct brfw_cls *fcls[__BRFW_DIR_MAX];	/* non-first fragments */
	u32 ct_limit;		/* flows the port may own, 0: no limit */
	bool ct_rules;		/* a rule matches ct-state (compile) */
	struct rcu_head rcu;
};

/* Does the port track flows: stateful, or rules that need the state? */
static inline bool brfw_table_tracks(const struct brfw_table *t)
{
	return t->ct_rules ||
	       brfw_ident_flag(&t->ident, BRFW_PORT_F_STATEFUL);
}

struct brfw_dir_stats {
	u64_stats_t pass_packets;
	u64_stats_t pass_bytes;
	u64_stats_t drop_packets;
	u64_stats_t drop_bytes;
};

struct brfw_pcpu_stats {
	struct brfw_dir_stats dir[__BRFW_DIR_MAX];
	u64_stats_t reason[__BRFW_REASON_MAX];
	struct u64_stats_sync syncp;
};

/* Summed counters of one direction, as reported to userspace. */
struct brfw_stats {
	u64 pass_packets, pass_bytes, drop_packets, drop_bytes;
};

/*
 * A bridge port with a policy, keyed by ifindex. The device pointer and
 * its tracked reference are held only while the port's ingress hook is
 * registered (spoof-check on); the notifier removes the port, and so
 * releases both, when the device unregisters.
 */
struct brfw_port {
	struct hlist_node hnode;
	int ifindex;
	struct brfw_table __rcu *table;
	struct brfw_pcpu_stats __percpu *stats;
	/* Per reason: a storm of one kind of drop hides no other kind. */
	struct ratelimit_state log_rs[__BRFW_REASON_MAX];
	struct ratelimit_state rule_log_rs;	/* rules' "log" */
	/*
	 * The guest's MAC as last seen in a frame it sent (packed, 0: none
	 * yet): reject answers frames to the guest only when they are
	 * addressed to it, not flooded copies meant for another port.
	 */
	u64 guest_mac;
	/* counters reset: what readers subtract (brfw_port_reset) */
	struct brfw_stats base[__BRFW_DIR_MAX];
	u64 drops_base[__BRFW_REASON_MAX];
	u32 zone;			/* ifindex of its bridge */
	struct brfw_ct_owner ct;	/* flows charged to the port */
	struct net_device *dev;		/* non-NULL while ingress is on */
	netdevice_tracker dev_tracker;
	struct nf_hook_ops ingress_ops;
	struct rcu_head rcu;
};

struct brfw_port *brfw_port_lookup_rcu(struct brfw_net *bn, int ifindex);
struct brfw_port *brfw_port_find(struct brfw_net *bn, int ifindex);
/* Publishing in two steps: prepare (may fail), then commit or cancel. */
struct brfw_port_prep {
	struct brfw_port *port;
	bool new_port;		/* allocated by prepare, not yet hashed */
	bool ingress_on;	/* ingress hooked by prepare */
};

int brfw_port_prepare(struct brfw_net *bn, struct net_device *dev,
		      const struct brfw_table *table,
		      struct brfw_port_prep *prep,
		      struct netlink_ext_ack *extack);
void brfw_port_commit(struct brfw_net *bn, struct brfw_port_prep *prep,
		      struct brfw_table *table);
void brfw_port_cancel(struct brfw_port_prep *prep);
void brfw_port_reset(struct brfw_port *port);
int brfw_port_publish(struct brfw_net *bn, struct net_device *dev,
		      struct brfw_table *table, struct netlink_ext_ack *extack);
void brfw_port_del(struct brfw_net *bn, struct brfw_port *port);
void brfw_port_forget(struct net *net, int ifindex);
void brfw_port_flush(struct brfw_net *bn);
void brfw_port_stats(const struct brfw_port *port, enum brfw_dir dir,
		     struct brfw_stats *out);
void brfw_port_reasons(const struct brfw_port *port,
		       u64 out[__BRFW_REASON_MAX]);
unsigned int brfw_port_drop(struct brfw_port *port,
			    const struct net_device *dev, enum brfw_dir dir,
			    enum brfw_reason reason, unsigned int len);

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

/* The out hook, for every frame that passed anti-spoofing. */
static inline void brfw_port_note_mac(struct brfw_port *port, const u8 *mac)
{
	u64 m = ether_addr_to_u64(mac);

	if (unlikely(READ_ONCE(port->guest_mac) != m) &&
	    is_valid_ether_addr(mac))
		WRITE_ONCE(port->guest_mac, m);
}

/*
 * Is a frame to the guest addressed to it: its MAC, else the one it last
 * sent from? A guest that has sent nothing yet is given the benefit of
 * the doubt.
 */
static inline bool brfw_port_is_guest(const struct brfw_port *port,
				      const struct brfw_table *table,
				      const u8 *dest)
{
	u64 seen;

	if (brfw_ident_has_mac(&table->ident))
		return ether_addr_equal(dest, table->ident.mac);
	seen = READ_ONCE(port->guest_mac);
	return !seen || ether_addr_to_u64(dest) == seen;
}

#endif
