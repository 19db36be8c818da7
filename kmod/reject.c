// SPDX-License-Identifier: GPL-2.0
/*
 * The answer to a frame a reject rule stops: a TCP RST, or an ICMP /
 * ICMPv6 port unreachable, built by the kernel's nf_reject helpers (the
 * ones nftables uses; same signatures in 6.1 and 6.12), given an Ethernet
 * header that turns the offending frame's addresses around and sent back
 * toward its sender:
 *
 *  out (PRE_ROUTING, from the guest; state->in is the guest's port):
 *       transmitted on the guest's port, so the guest gets it.
 *  in, FORWARD (state->in is the bridge port the frame came in by):
 *       transmitted out of that port.
 *  in, LOCAL_OUT (the host sent it; state->in is NULL): received by the
 *       host's stack as if it had arrived on the bridge device.
 *
 * The answer is transmitted directly, not forwarded by the bridge, so no
 * rule of either port sees it. It carries the offending frame's
 * accelerated VLAN tag, if any. With VLAN filtering on, that is the tag
 * as the bridge saw it at the hook: on FORWARD and LOCAL_OUT, the egress
 * tagging of the guest's port, which need not be what the sender's port
 * uses (brfw cannot see the bridge's per-port VLAN state without
 * depending on the bridge module). Frames with tags in the payload get no
 * answer: the helpers need skb->data at the IP header.
 *
 * The helpers refuse to answer malformed packets, non-first fragments,
 * bad checksums, RSTs and ICMP unreachables; the checks below add
 * broadcast and multicast at either layer and every ICMP error. There is
 * no rate limit of brfw's own: one answer per rejected frame, like a host
 * refusing a connection.
 */
#include <linux/etherdevice.h>
#include <linux/icmp.h>
#include <linux/icmpv6.h>
#include <linux/if_vlan.h>
#include <linux/netdevice.h>
#include <linux/string.h>
#include <net/ip.h>
#include <net/ipv6.h>
#include <net/tcp.h>
#include <net/netfilter/ipv4/nf_reject.h>
#include <net/netfilter/ipv6/nf_reject.h>

#include "reject.h"

/* ICMP error types, never answered (RFC 1122 3.2.2). */
#define BRFW_ICMP_ERRORS (BIT(ICMP_DEST_UNREACH) | BIT(ICMP_SOURCE_QUENCH) | \
			  BIT(ICMP_REDIRECT) | BIT(ICMP_TIME_EXCEEDED) | \
			  BIT(ICMP_PARAMETERPROB))

static bool brfw_reject_ok(const struct sk_buff *skb,
			   const struct brfw_l2 *l2,
			   const struct brfw_pkt *pkt)
{
	const struct ethhdr *eth = eth_hdr(skb);

	if (!pkt->family || pkt->frag || l2->off)
		return false;
	if (is_multicast_ether_addr(eth->h_dest) ||
	    !is_valid_ether_addr(eth->h_source))
		return false;
	if (pkt->proto == IPPROTO_TCP && (pkt->tcp_flags & TCPHDR_RST))
		return false;

	if (pkt->family == 4) {
		__be32 s, d;

		memcpy(&s, pkt->saddr, 4);
		memcpy(&d, pkt->daddr, 4);
		if (ipv4_is_zeronet(s) || ipv4_is_multicast(s) ||
		    ipv4_is_lbcast(s) || ipv4_is_multicast(d) ||
		    ipv4_is_lbcast(d))
			return false;
		if (pkt->proto == IPPROTO_ICMP &&
		    (pkt->icmp_type > NR_ICMP_TYPES ||
		     (BRFW_ICMP_ERRORS & BIT(pkt->icmp_type))))
			return false;
	} else {
		/* unspecified or multicast source, multicast destination */
		if (!memchr_inv(pkt->saddr, 0, 16) || pkt->saddr[0] == 0xff ||
		    pkt->daddr[0] == 0xff)
			return false;
		/* ICMPv6 errors are types 0-127 (RFC 4443 2.1). */
		if (pkt->proto == IPPROTO_ICMPV6 && pkt->icmp_type < 128)
			return false;
	}
	return true;
}

/*
 * Drop Ethernet padding after the IP packet: the TCP helpers work out the
 * segment's length from skb->len. GSO packets over 64 KiB (length 0 in
 * the header) are never padded.
 */
static int brfw_reject_trim(struct sk_buff *skb, u8 family)
{
	unsigned int len;

	if (family == 4) {
		const struct iphdr *iph;
		struct iphdr _iph;

		iph = skb_header_pointer(skb, 0, sizeof(_iph), &_iph);
		if (!iph)
			return -EINVAL;
		len = ntohs(iph->tot_len);
	} else {
		const struct ipv6hdr *ip6h;
		struct ipv6hdr _ip6h;

		ip6h = skb_header_pointer(skb, 0, sizeof(_ip6h), &_ip6h);
		if (!ip6h)
			return -EINVAL;
		len = ip6h->payload_len ?
		      sizeof(*ip6h) + ntohs(ip6h->payload_len) : 0;
	}
	if (!len || skb->len <= len)
		return 0;
	return pskb_trim_rcsum(skb, len);
}

static void brfw_reject_xmit(struct sk_buff *nskb, const struct sk_buff *skb,
			     const struct nf_hook_state *state)
{
	const struct ethhdr *oeth = eth_hdr(skb);
	struct net_device *br;
	struct ethhdr *eth;

	eth = skb_push(nskb, ETH_HLEN);
	skb_reset_mac_header(nskb);
	ether_addr_copy(eth->h_dest, oeth->h_source);
	ether_addr_copy(eth->h_source, oeth->h_dest);
	eth->h_proto = nskb->protocol;
	if (skb_vlan_tag_present(skb))
		__vlan_hwaccel_put_tag(nskb, skb->vlan_proto,
				       skb_vlan_tag_get(skb));

	/* The guest's port (out) or the port the frame came by (in). */
	if (state->in) {
		nskb->dev = state->in;
		dev_queue_xmit(nskb);
		return;
	}

	/* LOCAL_OUT: to the host, through the bridge state->out is in. */
	br = netdev_master_upper_dev_get_rcu(state->out);
	if (!br || !netif_is_bridge_master(br)) {
		kfree_skb(nskb);
		return;
	}
	nskb->protocol = eth_type_trans(nskb, br);
	netif_rx(nskb);
}

void brfw_reject(struct sk_buff *skb, const struct brfw_l2 *l2,
		 const struct brfw_pkt *pkt,
		 const struct nf_hook_state *state)
{
	struct sk_buff *nskb;
	int hook = state->hook;
	struct net *net = state->net;

	if (!brfw_reject_ok(skb, l2, pkt))
		return;
	/*
	 * The helpers find the IP header at skb_network_header() and read
	 * it from skb->data; both are the byte after the Ethernet header.
	 * The bridge hook numbers are the inet ones for their checksum
	 * checks: PRE_ROUTING verifies a CHECKSUM_COMPLETE sum.
	 */
	skb_reset_network_header(skb);
	if (brfw_reject_trim(skb, pkt->family))
		return;

	if (pkt->family == 4) {
		if (pkt->proto == IPPROTO_TCP)
			nskb = nf_reject_skb_v4_tcp_reset(net, skb, NULL, hook);
		else
			nskb = nf_reject_skb_v4_unreach(net, skb, NULL, hook,
							ICMP_PORT_UNREACH);
	} else {
		if (pkt->proto == IPPROTO_TCP)
			nskb = nf_reject_skb_v6_tcp_reset(net, skb, NULL, hook);
		else
			nskb = nf_reject_skb_v6_unreach(net, skb, NULL, hook,
							ICMPV6_PORT_UNREACH);
	}
	if (nskb)
		brfw_reject_xmit(nskb, skb, state);
}
