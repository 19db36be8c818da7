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
#include <linux/icmp.h>
#include <linux/icmpv6.h>

#include "hooks.h"
#include "port.h"
#include "guard.h"
#include "frame.h"
#include "pkt.h"
#include "reject.h"
#include "log.h"
#include "ct_proto.h"

#define BRFW_HOOK_PRIORITY (NF_BR_PRI_NAT_DST_BRIDGED - 10)

static unsigned int brfw_verdict(struct brfw_port *port,
				 const struct brfw_table *table,
				 enum brfw_dir dir, const struct sk_buff *skb)
{
	bool pass = table->policy[dir] == BRFW_VERDICT_ACCEPT;

	brfw_port_count(port, dir, pass, brfw_frame_len(skb));
	return pass ? NF_ACCEPT : NF_DROP;
}

/* The port's device: the frame enters by it (out) or leaves by it (in). */
static const struct net_device *brfw_dev(const struct nf_hook_state *state,
					 enum brfw_dir dir)
{
	return dir == BRFW_DIR_OUT ? state->in : state->out;
}

/* What a frame at one port needs from conntrack (tracking ports only). */
struct brfw_hook_ct {
	struct brfw_ct_net *cn;
	struct brfw_ct_key key;
	struct brfw_ct_hit hit;
	bool keyed;		/* the frame has a flow key */
	bool count;		/* count it on the flow: first tracking port */
	u32 gen;		/* the namespace's generation, read first */
	u32 other;		/* the tracking port it came from, in dir */
};

/*
 * Would the port's current policy admit the flow of ct->key in the
 * direction its first packet crossed this port? That packet is rebuilt
 * from the key (a TCP SYN, an echo request, ct-state new; no MACs or
 * VLAN, which the flow does not keep) and classified.
 */
static bool brfw_ct_admits(const struct brfw_table *table,
			   const struct brfw_hook_ct *ct, bool in_hook)
{
	const struct brfw_ct_key *k = &ct->key;
	enum brfw_dir dir;
	struct brfw_rule *rule;
	struct brfw_pkt p;
	bool reply;

	/* The orig direction entered from side 0 (out), left by side 1 (in). */
	dir = brfw_ct_side(in_hook, ct->hit.reply) ? BRFW_DIR_IN : BRFW_DIR_OUT;
	/* Is the key reversed? An error's key is the packet it quotes. */
	reply = k->related ? !ct->hit.reply : ct->hit.reply;
	memset(&p, 0, sizeof(p));
	p.family = k->family;
	p.ethertype = k->family == 4 ? ETH_P_IP : ETH_P_IPV6;
	p.proto = k->proto;
	memcpy(p.saddr, reply ? k->dst : k->src, 16);
	memcpy(p.daddr, reply ? k->src : k->dst, 16);
	p.ct = BRFW_CT_F_NEW;
	switch (k->proto) {
	case IPPROTO_TCP:
		p.tcp_flags = 0x02;	/* SYN */
		fallthrough;
	case IPPROTO_UDP:
	case IPPROTO_SCTP:
		p.sport = reply ? k->dport : k->sport;
		p.dport = reply ? k->sport : k->dport;
		break;
	case IPPROTO_ICMP:
	case IPPROTO_ICMPV6:
		p.icmp_type = k->family == 4 ? ICMP_ECHO : ICMPV6_ECHO_REQUEST;
		p.icmp_id = k->sport;
		break;
	}
	rule = brfw_table_classify(table, dir, &p);
	if (rule)
		return rule->action == BRFW_ACTION_ACCEPT;
	return table->policy[dir] == BRFW_VERDICT_ACCEPT;
}

/*
 * Conntrack before the rules: the frame's ct state into pkt->ct, and the
 * stateful fast path. Returns true if the frame was accepted and applied
 * to its flow here.
 */
static bool brfw_ct_pre(struct brfw_port *port,
			const struct brfw_table *table, enum brfw_dir dir,
			struct brfw_pkt *pkt, unsigned int len,
			struct brfw_hook_ct *ct)
{
	bool in_hook = dir == BRFW_DIR_IN;
	bool fast = brfw_ident_flag(&table->ident, BRFW_PORT_F_STATEFUL);
	struct brfw_ct_step *step = &ct->hit.step;

	ct->keyed = brfw_ct_key(pkt, port->zone, &ct->key);
	if (!ct->keyed) {
		pkt->ct = brfw_ct_nokey_state(pkt);
		return false;
	}
	if (brfw_ct_lookup(ct->cn, &ct->key, pkt, in_hook, ct->gen, fast,
			   ct->count, len, &ct->hit))
		return true;

	/* Revocation: the policy changed since the flow was admitted here. */
	/* gen 0: this side never admitted the flow; its rules decide now. */
	if (ct->hit.have && ct->hit.gen && ct->hit.gen != ct->gen &&
	    !brfw_ident_flag(&table->ident, BRFW_PORT_F_PERSIST) &&
	    !brfw_ct_admits(table, ct, in_hook)) {
		brfw_ct_delete(ct->cn, &ct->key);
		ct->hit.have = false;
		ct->hit.reply = false;
		brfw_ct_step(pkt, &ct->key, false, false, 0, 0, step);
	}
	pkt->ct = step->ctstate;
	return false;
}

/*
 * The stateful fast path, when brfw_ct_lookup() could not take it: the
 * flow had to be re-admitted first. brfw_ct_post() then applies it.
 */
static bool brfw_ct_fast(const struct brfw_table *table,
			 const struct brfw_hook_ct *ct)
{
	return ct->keyed && ct->hit.have &&
	       brfw_ident_flag(&table->ident, BRFW_PORT_F_STATEFUL) &&
	       (ct->hit.step.ctstate &
		(BRFW_CT_F_ESTABLISHED | BRFW_CT_F_RELATED));
}

/*
 * Conntrack for an accepted frame: update its flow or start one. False
 * when a new flow found no room: the frame is then dropped (ct-full).
 */
static bool brfw_ct_post(struct brfw_port *port,
			 const struct brfw_table *table, enum brfw_dir dir,
			 const struct brfw_pkt *pkt, unsigned int len,
			 u32 rule_id, struct brfw_hook_ct *ct)
{
	struct brfw_ct_accept acc = {
		.ifindex = port->ifindex,
		.side = brfw_ct_side(dir == BRFW_DIR_IN, ct->hit.reply),
		.gen = ct->gen,
		.rule_id = rule_id,
		.other = ct->other,
		.count = ct->count,
		.len = len,
		.owner = &port->ct,
		.limit = table->ct_limit,
	};

	if (!ct->keyed || (!ct->hit.have && !ct->hit.step.create))
		return true;
	return brfw_ct_commit(ct->cn, &ct->key, pkt, &ct->hit, &acc) != -ENOSPC;
}

/*
 * The port's rules for dir, then its default verdict. A frame whose tags,
 * IPv4 or IPv6 header or L4 header do not parse takes the default verdict
 * without looking at any rule. A matching rule counts the frame (its own
 * counters and the port's pass or drop) and may log it; reject answers
 * the sender (reject.c) and drops like drop. Rule drops have no reason
 * counter and no message of their own: the rule's log is that.
 *
 * On a port that tracks flows (ct != NULL), conntrack gives the frame
 * its state first (stateful ports accept established and related frames
 * there), and an accepted frame updates or starts its flow.
 */
static unsigned int brfw_rules(struct brfw_port *port,
			       const struct brfw_table *table,
			       enum brfw_dir dir, struct sk_buff *skb,
			       const struct nf_hook_state *state,
			       struct brfw_hook_ct *ct)
{
	unsigned int len = brfw_frame_len(skb);
	struct brfw_rule *rule = NULL;
	struct brfw_pkt pkt;
	struct brfw_l2 l2;

	if (!brfw_l2_parse(skb, &l2) || brfw_pkt_parse(skb, &l2, &pkt))
		return brfw_verdict(port, table, dir, skb);
	if (ct) {
		if (brfw_ct_pre(port, table, dir, &pkt, len, ct)) {
			brfw_port_count(port, dir, true, len);
			return NF_ACCEPT;
		}
		if (brfw_ct_fast(table, ct))
			goto accept;
	}
	if (table->cls[dir] || table->fcls[dir])
		rule = brfw_table_classify(table, dir, &pkt);
	if (!rule) {
		if (table->policy[dir] == BRFW_VERDICT_ACCEPT)
			goto accept;
		brfw_port_count(port, dir, false, len);
		return NF_DROP;
	}

	brfw_rule_count(rule, len);
	if (rule->log)
		brfw_log_rule(port, rule, dir, skb, state);
	if (rule->action == BRFW_ACTION_ACCEPT)
		goto accept;
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

accept:
	if (ct && !brfw_ct_post(port, table, dir, &pkt, len,
				rule ? rule->id : 0, ct))
		return brfw_port_drop(port, brfw_dev(state, dir), dir,
				      BRFW_REASON_CT_FULL, len);
	brfw_port_count(port, dir, true, len);
	return NF_ACCEPT;
}

/*
 * Only ports with rules for dir, or that track flows, pay for parsing.
 * from: in the in direction, the port the frame came from (NULL: the
 * host or a port without policy); a frame a tracking port already let
 * in was counted on its flow there.
 */
static unsigned int brfw_decide(struct brfw_net *bn, struct brfw_port *port,
				const struct brfw_table *table, u32 gen,
				enum brfw_dir dir, struct sk_buff *skb,
				const struct nf_hook_state *state,
				const struct brfw_port *from)
{
	const struct brfw_table *ft;
	struct brfw_hook_ct ct;

	if (likely(!brfw_table_tracks(table))) {
		if (likely(!table->cls[dir] && !table->fcls[dir]))
			return brfw_verdict(port, table, dir, skb);
		return brfw_rules(port, table, dir, skb, state, NULL);
	}
	ct.cn = bn->ct;
	ct.gen = gen;
	ct.count = true;
	ct.other = 0;
	if (from) {
		ft = rcu_dereference(from->table);
		if (brfw_table_tracks(ft)) {
			ct.count = false;
			ct.other = from->ifindex;
		}
	}
	return brfw_rules(port, table, dir, skb, state, &ct);
}

/* nf_hook_slow() holds rcu_read_lock() around every hook. */
static unsigned int brfw_hook_from_guest(void *priv, struct sk_buff *skb,
					 const struct nf_hook_state *state)
{
	struct brfw_net *bn = brfw_net(state->net);
	const struct brfw_table *table;
	enum brfw_reason reason;
	struct brfw_port *port;
	u32 gen;

	if (!READ_ONCE(bn->nports) || !state->in)
		return NF_ACCEPT;
	port = brfw_port_lookup_rcu(bn, state->in->ifindex);
	if (!port)
		return NF_ACCEPT;
	/* The generation before the table: see brfw_net_changed(). */
	gen = brfw_net_gen(bn);
	table = rcu_dereference(port->table);

	if (brfw_ident_flag(&table->ident, BRFW_PORT_F_SPOOF_CHECK)) {
		reason = brfw_spoof_check(&table->ident, skb);
		if (reason)
			return brfw_port_drop(port, state->in, BRFW_DIR_OUT,
					      reason, brfw_frame_len(skb));
	}
	brfw_port_note_mac(port, eth_hdr(skb)->h_source);
	return brfw_decide(bn, port, table, gen, BRFW_DIR_OUT, skb, state,
			   NULL);
}

static unsigned int brfw_hook_to_guest(void *priv, struct sk_buff *skb,
				       const struct nf_hook_state *state)
{
	struct brfw_net *bn = brfw_net(state->net);
	const struct brfw_ident *src = NULL;
	const struct brfw_table *table;
	struct brfw_port *port, *from = NULL;
	enum brfw_reason reason;
	u32 gen;

	if (!READ_ONCE(bn->nports) || !state->out)
		return NF_ACCEPT;
	port = brfw_port_lookup_rcu(bn, state->out->ifindex);
	if (!port)
		return NF_ACCEPT;
	gen = brfw_net_gen(bn);
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
	return brfw_decide(bn, port, table, gen, BRFW_DIR_IN, skb, state,
			   from);
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
