// SPDX-License-Identifier: GPL-2.0
/*
 * The ingress hook of a spoof-check port (NFPROTO_NETDEV, before the
 * bridge's rx handler).
 *
 * The bridge learns the source MAC of some link-local frames
 * (01:80:c2:00:00:0X) without running any NFPROTO_BRIDGE hook: the Bridge
 * Group Address with STP on and LLDP in __br_handle_local_finish() on both
 * 6.1 and 6.12, the rest after NF_BR_LOCAL_IN. A spoofed one would poison
 * the FDB, so link-local frames get the same checks here, before the
 * bridge sees them. Every other frame is checked in PRE_ROUTING.
 */
#include <linux/etherdevice.h>
#include <linux/netfilter.h>
#include <linux/netfilter_netdev.h>

#include "ingress.h"
#include "guard.h"

static unsigned int brfw_ingress_hook(void *priv, struct sk_buff *skb,
				      const struct nf_hook_state *state)
{
	struct brfw_port *port = priv;
	const struct brfw_table *table;
	enum brfw_reason reason;

	if (!is_link_local_ether_addr(eth_hdr(skb)->h_dest))
		return NF_ACCEPT;

	/* NULL: a port being created, whose table is not in place yet. */
	table = rcu_dereference(port->table);
	if (!table || !brfw_ident_flag(&table->ident, BRFW_PORT_F_SPOOF_CHECK))
		return NF_ACCEPT;
	reason = brfw_spoof_check(&table->ident, skb);
	if (reason)
		return brfw_port_drop(port, state->in, BRFW_DIR_OUT, reason,
				      brfw_frame_len(skb));
	return NF_ACCEPT;
}

/* Called under RTNL and the config mutex; the port holds the device. */
int brfw_ingress_enable(struct brfw_port *port, struct net_device *dev)
{
	struct nf_hook_ops *ops = &port->ingress_ops;
	int err;

	memset(ops, 0, sizeof(*ops));
	ops->hook = brfw_ingress_hook;
	ops->pf = NFPROTO_NETDEV;
	ops->hooknum = NF_NETDEV_INGRESS;
	ops->priority = INT_MIN + 1;
	ops->dev = dev;
	ops->priv = port;

	err = nf_register_net_hook(dev_net(dev), ops);
	if (err)
		return err;
	netdev_hold(dev, &port->dev_tracker, GFP_KERNEL);
	port->dev = dev;
	return 0;
}

/*
 * The hook may still run on another CPU until a grace period ends: the
 * port it points at is freed only after one (call_rcu in port.c).
 */
void brfw_ingress_disable(struct brfw_port *port)
{
	struct net_device *dev = port->dev;

	nf_unregister_net_hook(dev_net(dev), &port->ingress_ops);
	port->dev = NULL;
	netdev_put(dev, &port->dev_tracker);
}
