// SPDX-License-Identifier: GPL-2.0
/*
 * The NFPROTO_BRIDGE hooks, registered in every network namespace.
 *
 * Directions are seen from the guest behind a bridge port:
 *  out: PRE_ROUTING, frames entering the bridge from the port. This runs
 *       before the bridge learns the source address, so a dropped frame is
 *       never learned. Frames to the host's own bridge address pass here.
 *  in:  FORWARD (once per output port, on a clone when flooding) and
 *       LOCAL_OUT (frames the host sends through the bridge), with
 *       state->out being the port.
 *
 * The priority is below every other bridge hook, br_netfilter's included:
 * brfw decides first, and br_netfilter re-running later hooks after it
 * steals a frame never runs ours twice.
 */
#include <linux/netfilter.h>
#include <linux/netfilter_bridge.h>
#include <linux/if_ether.h>
#include <linux/skbuff.h>

#include "hooks.h"
#include "port.h"

#define BRFW_HOOK_PRIORITY (NF_BR_PRI_NAT_DST_BRIDGED - 10)

static unsigned int brfw_filter(const struct nf_hook_state *state,
				const struct net_device *dev,
				struct sk_buff *skb, enum brfw_dir dir)
{
	struct brfw_net *bn = brfw_net(state->net);
	const struct brfw_table *table;
	struct brfw_port *port;
	bool pass;

	if (!READ_ONCE(bn->nports) || !dev)
		return NF_ACCEPT;

	/* nf_hook_slow() holds rcu_read_lock(). */
	port = brfw_port_lookup_rcu(bn, dev->ifindex);
	if (!port)
		return NF_ACCEPT;

	table = rcu_dereference(port->table);
	pass = table->policy[dir] == BRFW_VERDICT_ACCEPT;
	/* The Ethernet header was pulled; count whole frames. */
	brfw_port_count(port, dir, pass, skb->len + ETH_HLEN);
	return pass ? NF_ACCEPT : NF_DROP;
}

static unsigned int brfw_hook_from_guest(void *priv, struct sk_buff *skb,
					 const struct nf_hook_state *state)
{
	return brfw_filter(state, state->in, skb, BRFW_DIR_OUT);
}

static unsigned int brfw_hook_to_guest(void *priv, struct sk_buff *skb,
				       const struct nf_hook_state *state)
{
	return brfw_filter(state, state->out, skb, BRFW_DIR_IN);
}

static const struct nf_hook_ops brfw_nf_ops[] = {
	{
		.hook		= brfw_hook_from_guest,
		.pf		= NFPROTO_BRIDGE,
		.hooknum	= NF_BR_PRE_ROUTING,
		.priority	= BRFW_HOOK_PRIORITY,
	},
	{
		.hook		= brfw_hook_to_guest,
		.pf		= NFPROTO_BRIDGE,
		.hooknum	= NF_BR_FORWARD,
		.priority	= BRFW_HOOK_PRIORITY,
	},
	{
		.hook		= brfw_hook_to_guest,
		.pf		= NFPROTO_BRIDGE,
		.hooknum	= NF_BR_LOCAL_OUT,
		.priority	= BRFW_HOOK_PRIORITY,
	},
};

int brfw_hooks_register(struct net *net)
{
	return nf_register_net_hooks(net, brfw_nf_ops, ARRAY_SIZE(brfw_nf_ops));
}

void brfw_hooks_unregister(struct net *net)
{
	nf_unregister_net_hooks(net, brfw_nf_ops, ARRAY_SIZE(brfw_nf_ops));
}
