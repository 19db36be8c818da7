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
 * deliver.c), each drop counted under its reason, then the port's rules
 * for that direction (first match decides; see brfw_rules()), then the
 * port's default verdict.
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
#include "pkt.h"
#include "reject.h"
#include "log.h"

#define BRFW_HOOK_PRIORITY (NF_BR_PRI_NAT_DST_BRIDGED - 10)

static unsigned int brfw_verdict(struct brfw_port *port,
				 const struct brfw_table *table,
				 enum brfw_dir dir, const struct sk_buff *skb)
{
	bool pass = table->policy[dir] == BRFW_VERDICT_ACCEPT;

	brfw_port_count(port, dir, pass, brfw_frame_len(skb));
	return pass ? NF_ACCEPT : NF_DROP;
}

/*
 * The port's rules for dir, then its default verdict. A frame whose tags,
 * IPv4 or IPv6 header or L4 header do not parse takes the default verdict
 * without looking at any rule. A matching rule counts the frame (its own
 * counters and the port's pass or drop) and may log it; reject answers
 * the sender (reject.c) and drops like drop. Rule drops have no reason
 * counter and no message of their own: the rule's log is that.
 */
static unsigned int brfw_rules(struct brfw_port *port,
			       const struct brfw_table *table,
			       enum brfw_dir dir, struct sk_buff *skb,
			       const struct nf_hook_state *state)
{
	unsigned int len = brfw_frame_len(skb);
	struct brfw_rule *rule;
	struct brfw_pkt pkt;
	struct brfw_l2 l2;

	if (!brfw_l2_parse(skb, &l2) || brfw_pkt_parse(skb, &l2, &pkt))
		return brfw_verdict(port, table, dir, skb);
	rule = brfw_table_classify(table, dir, &pkt);
	if (!rule)
		return brfw_verdict(port, table, dir, skb);

	brfw_rule_count(rule, len);
	if (rule->log)
		brfw_log_rule(port, rule, dir, skb, state);
	if (rule->action == BRFW_ACTION_ACCEPT) {
		brfw_port_count(port, dir, true, len);
		return NF_ACCEPT;
	}
	/*
	 * Toward the guest, answer only frames addressed to it: the bridge
	 * floods unicast to unknown MACs to every port, and a reject rule on
	 * one port must not refuse a connection meant for another.
	 */
	if (rule->action == BRFW_ACTION_REJECT &&
	    (dir == BRFW_DIR_OUT ||
	     brfw_port_is_guest(port, table, eth_hdr(skb)->h_dest)))
		brfw_reject(skb, &l2, &pkt, state);
	brfw_port_count(port, dir, false, len);
	return NF_DROP;
}

/* Only ports with rules for dir pay for parsing. */
static unsigned int brfw_decide(struct brfw_port *port,
				const struct brfw_table *table,
				enum brfw_dir dir, struct sk_buff *skb,
				const struct nf_hook_state *state)
{
	if (likely(!table->cls[dir] && !table->fcls[dir]))
		return brfw_verdict(port, table, dir, skb);
	return brfw_rules(port, table, dir, skb, state);
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
	brfw_port_note_mac(port, eth_hdr(skb)->h_source);
	return brfw_decide(port, table, BRFW_DIR_OUT, skb, state);
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
	return brfw_decide(port, table, BRFW_DIR_IN, skb, state);
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
