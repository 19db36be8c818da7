// SPDX-License-Identifier: GPL-2.0
/*
 * Per-port policy objects: creation, replacement, removal and counters.
 *
 * Writers hold brfw_config_mutex. Readers (the netfilter hooks, dumps) run
 * under RCU. A port is unhashed first and freed after a grace period; a
 * replaced table is freed the same way. No writer waits for a grace period.
 */
#include <linux/slab.h>
#include <linux/percpu.h>

#include "port.h"
#include "ingress.h"
#include "table.h"

struct brfw_port *brfw_port_lookup_rcu(struct brfw_net *bn, int ifindex)
{
	struct brfw_port *port;

	hash_for_each_possible_rcu(bn->ports, port, hnode, ifindex)
		if (port->ifindex == ifindex)
			return port;
	return NULL;
}

struct brfw_port *brfw_port_find(struct brfw_net *bn, int ifindex)
{
	struct brfw_port *port;

	lockdep_assert_held(&brfw_config_mutex);
	hash_for_each_possible(bn->ports, port, hnode, ifindex)
		if (port->ifindex == ifindex)
			return port;
	return NULL;
}

static struct brfw_port *brfw_port_alloc(int ifindex)
{
	struct brfw_port *port;
	int cpu, r;

	port = kzalloc(sizeof(*port), GFP_KERNEL_ACCOUNT);
	if (!port)
		return NULL;
	port->stats = alloc_percpu_gfp(struct brfw_pcpu_stats,
				       GFP_KERNEL_ACCOUNT);
	if (!port->stats) {
		kfree(port);
		return NULL;
	}
	for_each_possible_cpu(cpu)
		u64_stats_init(&per_cpu_ptr(port->stats, cpu)->syncp);
	/* At most 10 drop messages per 5 s per port and reason. */
	for (r = 0; r < __BRFW_REASON_MAX; r++) {
		ratelimit_state_init(&port->log_rs[r], 5 * HZ, 10);
		ratelimit_set_flags(&port->log_rs[r], RATELIMIT_MSG_ON_RELEASE);
	}
	/* Rules' "log": at most 10 lines per 5 s per port. */
	ratelimit_state_init(&port->rule_log_rs, 5 * HZ, 10);
	ratelimit_set_flags(&port->rule_log_rs, RATELIMIT_MSG_ON_RELEASE);
	port->ifindex = ifindex;
	return port;
}

static void brfw_port_free(struct brfw_port *port)
{
	brfw_table_free(rcu_dereference_protected(port->table, true));
	free_percpu(port->stats);
	kfree(port);
}

static void brfw_port_free_rcu(struct rcu_head *head)
{
	brfw_port_free(container_of(head, struct brfw_port, rcu));
}

/*
 * Publishing a table is two steps, so that a transaction can get every
 * port ready (the steps that can fail) before it changes any:
 * prepare allocates the port if it is new and hooks its ingress if the
 * table turns spoof-check on; commit cannot fail.
 */
int brfw_port_prepare(struct brfw_net *bn, struct net_device *dev,
		      const struct brfw_table *table,
		      struct brfw_port_prep *prep,
		      struct netlink_ext_ack *extack)
{
	bool spoof = brfw_ident_flag(&table->ident, BRFW_PORT_F_SPOOF_CHECK);
	int err;

	lockdep_assert_held(&brfw_config_mutex);
	ASSERT_RTNL();

	memset(prep, 0, sizeof(*prep));
	prep->port = brfw_port_find(bn, dev->ifindex);
	if (!prep->port) {
		prep->port = brfw_port_alloc(dev->ifindex);
		if (!prep->port) {
			NL_SET_ERR_MSG(extack, "out of memory for the port");
			return -ENOMEM;
		}
		prep->new_port = true;
	}
	/* A port that leaves its bridge loses its policy (notify.c). */
	if (prep->new_port) {
		struct net_device *br = netdev_master_upper_dev_get(dev);

		prep->port->zone = br ? br->ifindex : 0;
	}

	/*
	 * Link-local frames are learned by the bridge without passing any
	 * bridge hook: spoof-check needs the device's ingress hook too. On a
	 * new port the hook sees no table yet and lets frames be.
	 */
	if (spoof && !prep->port->dev) {
		err = brfw_ingress_enable(prep->port, dev);
		if (err) {
			NL_SET_ERR_MSG(extack, "cannot hook the port's ingress");
			brfw_port_cancel(prep);
			return err;
		}
		prep->ingress_on = true;
	}
	return 0;
}

void brfw_port_cancel(struct brfw_port_prep *prep)
{
	if (prep->ingress_on)
		brfw_ingress_disable(prep->port);
	if (prep->new_port)
		brfw_port_free(prep->port);
	memset(prep, 0, sizeof(*prep));
}

void brfw_port_commit(struct brfw_net *bn, struct brfw_port_prep *prep,
		      struct brfw_table *table)
{
	bool spoof = brfw_ident_flag(&table->ident, BRFW_PORT_F_SPOOF_CHECK);
	struct brfw_port *port = prep->port;
	struct brfw_table *old;

	lockdep_assert_held(&brfw_config_mutex);

	old = rcu_replace_pointer(port->table, table, brfw_config_held());
	if (old)
		brfw_table_free_rcu(old);

	if (!spoof && port->dev)
		brfw_ingress_disable(port);

	if (prep->new_port) {
		/* Publish last: the table is in place before readers see it. */
		hash_add_rcu(bn->ports, &port->hnode, port->ifindex);
		WRITE_ONCE(bn->nports, bn->nports + 1);
	}
	brfw_net_changed(bn);
}

/*
 * Make a complete, validated and compiled table the port's policy,
 * creating the port if it has none. Takes ownership of the table, which
 * is freed on error; the port is then exactly as it was.
 */
int brfw_port_publish(struct brfw_net *bn, struct net_device *dev,
		      struct brfw_table *table, struct netlink_ext_ack *extack)
{
	struct brfw_port_prep prep;
	int err;

	err = brfw_port_prepare(bn, dev, table, &prep, extack);
	if (err) {
		brfw_table_free(table);
		return err;
	}
	brfw_port_commit(bn, &prep, table);
	return 0;
}

void brfw_port_del(struct brfw_net *bn, struct brfw_port *port)
{
	lockdep_assert_held(&brfw_config_mutex);

	/*
	 * No new flow is charged to the port once dead is set (ct.c checks
	 * it under the bucket lock), and the flush then finds every flow it
	 * has: none outlives it.
	 */
	WRITE_ONCE(port->ct.dead, true);
	hash_del_rcu(&port->hnode);
	WRITE_ONCE(bn->nports, bn->nports - 1);
	brfw_net_changed(bn);
	if (bn->ct)
		brfw_ct_flush(bn->ct, port->ifindex);
	if (port->dev)
		brfw_ingress_disable(port);
	call_rcu(&port->rcu, brfw_port_free_rcu);
}

/* The device went away or left its bridge: its policy dies with it. */
void brfw_port_forget(struct net *net, int ifindex)
{
	struct brfw_net *bn = brfw_net(net);
	struct brfw_port *port;

	mutex_lock(&brfw_config_mutex);
	port = brfw_port_find(bn, ifindex);
	if (port)
		brfw_port_del(bn, port);
	mutex_unlock(&brfw_config_mutex);
}

void brfw_port_flush(struct brfw_net *bn)
{
	struct hlist_node *tmp;
	struct brfw_port *port;
	int bkt;

	lockdep_assert_held(&brfw_config_mutex);
	hash_for_each_safe(bn->ports, bkt, tmp, port, hnode)
		brfw_port_del(bn, port);
}

static const char *const brfw_reason_names[__BRFW_REASON_MAX] = {
	[BRFW_REASON_UNSPEC]		= "policy",
	[BRFW_REASON_SPOOF_MAC]		= "spoof-mac",
	[BRFW_REASON_SPOOF_IP]		= "spoof-ip",
	[BRFW_REASON_SPOOF_ARP]		= "spoof-arp",
	[BRFW_REASON_SPOOF_ND]		= "spoof-nd",
	[BRFW_REASON_RA_GUARD]		= "ra-guard",
	[BRFW_REASON_DHCP_GUARD]	= "dhcp-guard",
	[BRFW_REASON_VLAN]		= "vlan",
	[BRFW_REASON_ISOLATION]		= "isolation",
	[BRFW_REASON_PROMISC]		= "promisc",
	[BRFW_REASON_ETHERTYPE]		= "ethertype",
	[BRFW_REASON_MALFORMED]		= "malformed",
	[BRFW_REASON_CT_FULL]		= "ct-full",
};

/* Count a frame dropped for a reason, say so (rate limited), drop it. */
unsigned int brfw_port_drop(struct brfw_port *port,
			    const struct net_device *dev, enum brfw_dir dir,
			    enum brfw_reason reason, unsigned int len)
{
	struct brfw_pcpu_stats *s = this_cpu_ptr(port->stats);

	u64_stats_update_begin(&s->syncp);
	u64_stats_inc(&s->dir[dir].drop_packets);
	u64_stats_add(&s->dir[dir].drop_bytes, len);
	u64_stats_inc(&s->reason[reason]);
	u64_stats_update_end(&s->syncp);

	if (__ratelimit(&port->log_rs[reason]))
		pr_info("brfw: %s: dropped a frame %s the guest: %s\n",
			dev->name, dir == BRFW_DIR_OUT ? "from" : "to",
			brfw_reason_names[reason]);
	return NF_DROP;
}

void brfw_port_stats(const struct brfw_port *port, enum brfw_dir dir,
		     struct brfw_stats *out)
{
	int cpu;

	memset(out, 0, sizeof(*out));
	for_each_possible_cpu(cpu) {
		const struct brfw_pcpu_stats *s = per_cpu_ptr(port->stats, cpu);
		const struct brfw_dir_stats *d = &s->dir[dir];
		u64 pp, pb, dp, db;
		unsigned int start;

		do {
			start = u64_stats_fetch_begin(&s->syncp);
			pp = u64_stats_read(&d->pass_packets);
			pb = u64_stats_read(&d->pass_bytes);
			dp = u64_stats_read(&d->drop_packets);
			db = u64_stats_read(&d->drop_bytes);
		} while (u64_stats_fetch_retry(&s->syncp, start));
		out->pass_packets += pp;
		out->pass_bytes += pb;
		out->drop_packets += dp;
		out->drop_bytes += db;
	}
	out->pass_packets -= READ_ONCE(port->base[dir].pass_packets);
	out->pass_bytes -= READ_ONCE(port->base[dir].pass_bytes);
	out->drop_packets -= READ_ONCE(port->base[dir].drop_packets);
	out->drop_bytes -= READ_ONCE(port->base[dir].drop_bytes);
}

void brfw_port_reasons(const struct brfw_port *port,
		       u64 out[__BRFW_REASON_MAX])
{
	int cpu, r;

	memset(out, 0, sizeof(u64) * __BRFW_REASON_MAX);
	for_each_possible_cpu(cpu) {
		const struct brfw_pcpu_stats *s = per_cpu_ptr(port->stats, cpu);
		u64 v[__BRFW_REASON_MAX];
		unsigned int start;

		do {
			start = u64_stats_fetch_begin(&s->syncp);
			for (r = 0; r < __BRFW_REASON_MAX; r++)
				v[r] = u64_stats_read(&s->reason[r]);
		} while (u64_stats_fetch_retry(&s->syncp, start));
		for (r = 0; r < __BRFW_REASON_MAX; r++)
			out[r] += v[r];
	}
	for (r = 0; r < __BRFW_REASON_MAX; r++)
		out[r] -= READ_ONCE(port->drops_base[r]);
}

/*
 * Zero what a port reports: its counters and its rules'. Per-CPU counters
 * are written without locks, so a reset records their sums and readers
 * subtract them. Under brfw_config_mutex.
 */
void brfw_port_reset(struct brfw_port *port)
{
	const struct brfw_table *t;
	u64 reasons[__BRFW_REASON_MAX];
	struct brfw_stats st;
	int dir, r;
	u32 i;

	for (dir = 0; dir < __BRFW_DIR_MAX; dir++) {
		brfw_port_stats(port, dir, &st);
		WRITE_ONCE(port->base[dir].pass_packets,
			   port->base[dir].pass_packets + st.pass_packets);
		WRITE_ONCE(port->base[dir].pass_bytes,
			   port->base[dir].pass_bytes + st.pass_bytes);
		WRITE_ONCE(port->base[dir].drop_packets,
			   port->base[dir].drop_packets + st.drop_packets);
		WRITE_ONCE(port->base[dir].drop_bytes,
			   port->base[dir].drop_bytes + st.drop_bytes);
	}
	brfw_port_reasons(port, reasons);
	for (r = 0; r < __BRFW_REASON_MAX; r++)
		WRITE_ONCE(port->drops_base[r], port->drops_base[r] + reasons[r]);
	t = rcu_dereference_protected(port->table, brfw_config_held());
	for (i = 0; i < t->nrules; i++)
		brfw_rule_reset(t->rules[i]);
}

/* ct.c: the quota of port ifindex, under RCU (priv is the brfw_net). */
struct brfw_ct_owner *brfw_ct_owner_find(void *priv, u32 ifindex)
{
	struct brfw_port *port = brfw_port_lookup_rcu(priv, ifindex);

	return port ? &port->ct : NULL;
}
