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
	int cpu;

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
	port->ifindex = ifindex;
	return port;
}

static void brfw_port_free(struct brfw_port *port)
{
	kfree(rcu_dereference_protected(port->table, true));
	free_percpu(port->stats);
	kfree(port);
}

static void brfw_port_free_rcu(struct rcu_head *head)
{
	brfw_port_free(container_of(head, struct brfw_port, rcu));
}

/*
 * Create the port's policy, or replace its table. The new table is built
 * completely before it is published; on failure nothing has changed.
 */
int brfw_port_set(struct brfw_net *bn, int ifindex,
		  const struct brfw_port_cfg *cfg,
		  struct netlink_ext_ack *extack)
{
	struct brfw_port *port, *new_port = NULL;
	struct brfw_table *old, *table;
	int dir;

	lockdep_assert_held(&brfw_config_mutex);

	table = kzalloc(sizeof(*table), GFP_KERNEL_ACCOUNT);
	if (!table) {
		NL_SET_ERR_MSG(extack, "out of memory for the port's table");
		return -ENOMEM;
	}

	port = brfw_port_find(bn, ifindex);
	if (!port) {
		new_port = brfw_port_alloc(ifindex);
		if (!new_port) {
			kfree(table);
			NL_SET_ERR_MSG(extack, "out of memory for the port");
			return -ENOMEM;
		}
		port = new_port;
	}

	old = rcu_dereference_protected(port->table, brfw_config_held());
	for (dir = 0; dir < __BRFW_DIR_MAX; dir++) {
		if (cfg->set_policy[dir])
			table->policy[dir] = cfg->policy[dir];
		else if (old)
			table->policy[dir] = old->policy[dir];
		else
			table->policy[dir] = BRFW_VERDICT_ACCEPT;
	}

	old = rcu_replace_pointer(port->table, table, brfw_config_held());
	if (old)
		kfree_rcu(old, rcu);

	if (new_port) {
		/* Publish last: the table is in place before readers see it. */
		hash_add_rcu(bn->ports, &new_port->hnode, ifindex);
		WRITE_ONCE(bn->nports, bn->nports + 1);
	}
	WRITE_ONCE(bn->gen, bn->gen + 1);
	return 0;
}

void brfw_port_del(struct brfw_net *bn, struct brfw_port *port)
{
	lockdep_assert_held(&brfw_config_mutex);

	hash_del_rcu(&port->hnode);
	WRITE_ONCE(bn->nports, bn->nports - 1);
	WRITE_ONCE(bn->gen, bn->gen + 1);
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
}
