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
 * Order in each direction: the guards first (anti-spoofing on out,
 * isolation, promiscuous mode and VLANs on in; see spoof.c and
 * deliver.c), each drop counted under its reason, then the port's
 * default verdict.
 *
 * The priority is below every other bridge hook, br_netfilter's included:
 * brfw decides first, and br_netfilter re-running later hooks after it
 * steals a frame never runs ours twice.
 */
#include <linux/netfilter.h>
#include <linux/netfilter_bridge.h>
#include <linux/skbuff.h>

#include "hooks.h"
#include "port.h"
#include "guard.h"
#include "frame.h"

#define BRFW_HOOK_PRIORITY (NF_BR_PRI_NAT_DST_BRIDGED - 10)

static unsigned int brfw_verdict(struct brfw_port *port,
				 const struct brfw_table *table,
				 enum brfw_dir dir, const struct sk_buff *skb)
{
	bool pass = table->policy[dir] == BRFW_VERDICT_ACCEPT;

	brfw_port_count(port, dir, pass, brfw_frame_len(skb));
	return pass ? NF_ACCEPT : NF_DROP;
}

/* nf_hook_slow() holds rcu_read_lock() around every hook. */
static unsigned int brfw_hook_from_guest(void *priv, struct sk_buff *skb,
					 const struct nf_hook_state *state)
{
	struct brfw_net *bn = brfw_net(state->net);
	const struct brfw_table *table;
	enum brfw_reason reason;
	struct brfw_port *port;

	if (!READ_ONCE(bn->nports) || !state->in)
		return NF_ACCEPT;
	port = brfw_port_lookup_rcu(bn, state->in->ifindex);
	if (!port)
		return NF_ACCEPT;
	table = rcu_dereference(port->table);

	if (brfw_ident_flag(&table->ident, BRFW_PORT_F_SPOOF_CHECK)) {
		reason = brfw_spoof_check(&table->ident, skb);
		if (reason)
			return brfw_port_drop(port, state->in, BRFW_DIR_OUT,
					      reason, brfw_frame_len(skb));
	}
	return brfw_verdict(port, table, BRFW_DIR_OUT, skb);
}

static unsigned int brfw_hook_to_guest(void *priv, struct sk_buff *skb,
				       const struct nf_hook_state *state)
{
	struct brfw_net *bn = brfw_net(state->net);
	const struct brfw_ident *src = NULL;
	const struct brfw_table *table;
	struct brfw_port *port, *from;
	enum brfw_reason reason;

	if (!READ_ONCE(bn->nports) || !state->out)
		return NF_ACCEPT;
	port = brfw_port_lookup_rcu(bn, state->out->ifindex);
	if (!port)
		return NF_ACCEPT;
	table = rcu_dereference(port->table);

	/* FORWARD has the port the frame came from; LOCAL_OUT, the host. */
	if (state->in) {
		from = brfw_port_lookup_rcu(bn, state->in->ifindex);
		if (from)
			src = &rcu_dereference(from->table)->ident;
	}
	reason = brfw_deliver_check(&table->ident, src, skb);
	if (reason)
		return brfw_port_drop(port, state->out, BRFW_DIR_IN, reason,
				      brfw_frame_len(skb));
	return brfw_verdict(port, table, BRFW_DIR_IN, skb);
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
