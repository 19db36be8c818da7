// SPDX-License-Identifier: GPL-2.0
/*
 * Anti-spoofing: frames from a guest whose port has spoof-check on must
 * come from the guest's own MAC and addresses, and may not play router
 * or DHCP server unless the port says so. Runs in PRE_ROUTING (before the
 * bridge learns the source) and, for link-local destinations the bridge
 * learns without any bridge hook, in the port's ingress hook.
 *
 * Anything that does not parse is dropped as malformed: it can never pass
 * a check by accident.
 */
#include <linux/if_arp.h>
#include <linux/icmpv6.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/udp.h>
#include <net/ip.h>
#include <net/ipv6.h>
#include <net/ndisc.h>

#include "guard.h"
#include "frame.h"

#define BRFW_MAX_EXTHDRS	8
#define BRFW_MAX_ND_OPTS	32

bool brfw_vlans_ok(const struct brfw_ident *id, const struct brfw_l2 *l2)
{
	unsigned int i;

	/* VID 0 is a priority tag, not a VLAN. */
	for (i = 0; i < l2->ntags; i++)
		if (l2->vid[i] && !test_bit(l2->vid[i], id->vlans))
			return false;
	return true;
}

static enum brfw_reason brfw_check_ip4(const struct brfw_ident *id,
				       const struct sk_buff *skb,
				       unsigned int off)
{
	const struct iphdr *iph;
	const struct udphdr *uh;
	struct iphdr _iph;
	struct udphdr _uh;
	unsigned int ihl, tot;

	iph = skb_header_pointer(skb, off, sizeof(_iph), &_iph);
	if (!iph || iph->version != 4 || iph->ihl < 5)
		return BRFW_REASON_MALFORMED;
	ihl = iph->ihl * 4;
	tot = ntohs(iph->tot_len);
	if (tot < ihl || off + tot > skb->len)
		return BRFW_REASON_MALFORMED;

	if (iph->protocol == IPPROTO_UDP && !(iph->frag_off & htons(IP_OFFSET))) {
		/* A first fragment too short for its UDP header is hostile. */
		if (tot < ihl + sizeof(_uh))
			return BRFW_REASON_MALFORMED;
		uh = skb_header_pointer(skb, off + ihl, sizeof(_uh), &_uh);
		if (!uh)
			return BRFW_REASON_MALFORMED;
		if (uh->source == htons(67) &&
		    !brfw_ident_flag(id, BRFW_PORT_F_DHCP_SERVER))
			return BRFW_REASON_DHCP_GUARD;
		/* A DHCP client has no address yet. */
		if (!iph->saddr && uh->source == htons(68) &&
		    uh->dest == htons(67) && !(iph->frag_off & htons(IP_MF)))
			return BRFW_REASON_UNSPEC;
	}
	if (!brfw_ident_has_ip4(id, iph->saddr))
		return BRFW_REASON_SPOOF_IP;
	return BRFW_REASON_UNSPEC;
}

struct brfw_arp_eth_ip4 {
	struct arphdr hdr;
	u8 sha[ETH_ALEN];
	u8 sip[4];
	u8 tha[ETH_ALEN];
	u8 tip[4];
} __packed;

static enum brfw_reason brfw_check_arp(const struct brfw_ident *id,
				       const struct sk_buff *skb,
				       unsigned int off)
{
	const struct brfw_arp_eth_ip4 *arp;
	struct brfw_arp_eth_ip4 _arp;
	__be32 sip;

	arp = skb_header_pointer(skb, off, sizeof(_arp), &_arp);
	if (!arp || arp->hdr.ar_hrd != htons(ARPHRD_ETHER) ||
	    arp->hdr.ar_pro != htons(ETH_P_IP) ||
	    arp->hdr.ar_hln != ETH_ALEN || arp->hdr.ar_pln != 4 ||
	    (arp->hdr.ar_op != htons(ARPOP_REQUEST) &&
	     arp->hdr.ar_op != htons(ARPOP_REPLY)))
		return BRFW_REASON_MALFORMED;
	/* The Ethernet source is the port's MAC already: so must this be. */
	if (!ether_addr_equal_unaligned(arp->sha, id->mac))
		return BRFW_REASON_SPOOF_ARP;
	memcpy(&sip, arp->sip, sizeof(sip));
	/* 0.0.0.0 is an address probe (RFC 5227). */
	if (sip && !brfw_ident_has_ip4(id, sip))
		return BRFW_REASON_SPOOF_ARP;
	return BRFW_REASON_UNSPEC;
}

/*
 * Neighbour discovery options from off to end: every source or target
 * link-layer address option must be the port's MAC.
 */
static enum brfw_reason brfw_check_nd_opts(const struct brfw_ident *id,
					   const struct sk_buff *skb,
					   unsigned int off, unsigned int end)
{
	unsigned int n;

	for (n = 0; off < end; n++) {
		const u8 *opt;
		u8 _opt[8];
		unsigned int len;

		if (n == BRFW_MAX_ND_OPTS || off + sizeof(_opt) > end)
			return BRFW_REASON_MALFORMED;
		opt = skb_header_pointer(skb, off, sizeof(_opt), _opt);
		if (!opt)
			return BRFW_REASON_MALFORMED;
		len = opt[1] * 8;
		if (!len || off + len > end)
			return BRFW_REASON_MALFORMED;
		if ((opt[0] == ND_OPT_SOURCE_LL_ADDR ||
		     opt[0] == ND_OPT_TARGET_LL_ADDR) &&
		    (opt[1] != 1 || !ether_addr_equal_unaligned(opt + 2, id->mac)))
			return BRFW_REASON_SPOOF_ND;
		off += len;
	}
	return BRFW_REASON_UNSPEC;
}

static bool brfw_icmp6_is_mld(u8 type)
{
	return type == ICMPV6_MGM_QUERY || type == ICMPV6_MGM_REPORT ||
	       type == ICMPV6_MGM_REDUCTION || type == ICMPV6_MLD2_REPORT;
}

static enum brfw_reason brfw_check_icmp6(const struct brfw_ident *id,
					 const struct sk_buff *skb,
					 unsigned int off, unsigned int end,
					 bool fragmented)
{
	const struct icmp6hdr *ih;
	struct icmp6hdr _ih;
	struct in6_addr _tgt;
	const struct in6_addr *tgt;

	if (off + sizeof(_ih) > end)
		return BRFW_REASON_MALFORMED;
	ih = skb_header_pointer(skb, off, sizeof(_ih), &_ih);
	if (!ih)
		return BRFW_REASON_MALFORMED;

	if (ih->icmp6_type >= NDISC_ROUTER_SOLICITATION &&
	    ih->icmp6_type <= NDISC_REDIRECT && fragmented)
		return BRFW_REASON_SPOOF_ND;	/* never fragmented (RFC 6980) */

	switch (ih->icmp6_type) {
	case NDISC_ROUTER_ADVERTISEMENT:
		if (!brfw_ident_flag(id, BRFW_PORT_F_ROUTER))
			return BRFW_REASON_RA_GUARD;
		return brfw_check_nd_opts(id, skb, off + 16, end);
	case NDISC_REDIRECT:
		/* Its target option names another host: nothing to check. */
		if (!brfw_ident_flag(id, BRFW_PORT_F_ROUTER))
			return BRFW_REASON_RA_GUARD;
		return BRFW_REASON_UNSPEC;
	case NDISC_ROUTER_SOLICITATION:
		return brfw_check_nd_opts(id, skb, off + 8, end);
	case NDISC_NEIGHBOUR_SOLICITATION:
		if (off + 24 > end)
			return BRFW_REASON_MALFORMED;
		return brfw_check_nd_opts(id, skb, off + 24, end);
	case NDISC_NEIGHBOUR_ADVERTISEMENT:
		if (off + 24 > end)
			return BRFW_REASON_MALFORMED;
		tgt = skb_header_pointer(skb, off + 8, sizeof(_tgt), &_tgt);
		if (!tgt)
			return BRFW_REASON_MALFORMED;
		if (!brfw_ident_has_ip6(id, tgt))
			return BRFW_REASON_SPOOF_ND;
		return brfw_check_nd_opts(id, skb, off + 24, end);
	}
	return BRFW_REASON_UNSPEC;
}

static enum brfw_reason brfw_check_ip6(const struct brfw_ident *id,
				       const struct sk_buff *skb,
				       unsigned int off)
{
	bool fragmented = false, nonfirst = false;
	unsigned int end, hoff, n;
	const struct ipv6hdr *ip6;
	struct ipv6hdr _ip6;
	u8 nexthdr;

	ip6 = skb_header_pointer(skb, off, sizeof(_ip6), &_ip6);
	if (!ip6 || ip6->version != 6)
		return BRFW_REASON_MALFORMED;
	hoff = off + sizeof(_ip6);
	end = hoff + ntohs(ip6->payload_len);
	if (end > skb->len)
		return BRFW_REASON_MALFORMED;

	/* Extension headers, a bounded number of them. */
	nexthdr = ip6->nexthdr;
	for (n = 0; ipv6_ext_hdr(nexthdr) && nexthdr != NEXTHDR_NONE; n++) {
		if (n == BRFW_MAX_EXTHDRS)
			return BRFW_REASON_MALFORMED;
		if (nexthdr == NEXTHDR_FRAGMENT) {
			const struct frag_hdr *fh;
			struct frag_hdr _fh;

			fh = skb_header_pointer(skb, hoff, sizeof(_fh), &_fh);
			if (!fh || hoff + sizeof(_fh) > end)
				return BRFW_REASON_MALFORMED;
			fragmented = true;
			nexthdr = fh->nexthdr;
			hoff += sizeof(_fh);
			if (fh->frag_off & htons(IP6_OFFSET)) {
				nonfirst = true;
				break;
			}
		} else {
			const struct ipv6_opt_hdr *oh;
			struct ipv6_opt_hdr _oh;

			oh = skb_header_pointer(skb, hoff, sizeof(_oh), &_oh);
			if (!oh)
				return BRFW_REASON_MALFORMED;
			hoff += nexthdr == NEXTHDR_AUTH ? ipv6_authlen(oh) :
							  ipv6_optlen(oh);
			nexthdr = oh->nexthdr;
			if (hoff > end)
				return BRFW_REASON_MALFORMED;
		}
	}

	if (ipv6_addr_any(&ip6->saddr)) {
		/* :: only for duplicate address detection and MLD. */
		const struct icmp6hdr *ih;
		struct icmp6hdr _ih;

		if (nonfirst || fragmented || nexthdr != IPPROTO_ICMPV6 ||
		    hoff + sizeof(_ih) > end)
			return BRFW_REASON_SPOOF_IP;
		ih = skb_header_pointer(skb, hoff, sizeof(_ih), &_ih);
		if (!ih || (ih->icmp6_type != NDISC_NEIGHBOUR_SOLICITATION &&
			    !brfw_icmp6_is_mld(ih->icmp6_type)))
			return BRFW_REASON_SPOOF_IP;
	} else if (!brfw_ident_has_ip6(id, &ip6->saddr)) {
		return BRFW_REASON_SPOOF_IP;
	}

	if (nonfirst)
		return BRFW_REASON_UNSPEC;
	if (nexthdr == IPPROTO_ICMPV6)
		return brfw_check_icmp6(id, skb, hoff, end, fragmented);
	if (nexthdr == IPPROTO_UDP) {
		const struct udphdr *uh;
		struct udphdr _uh;

		if (hoff + sizeof(_uh) > end)
			return BRFW_REASON_MALFORMED;
		uh = skb_header_pointer(skb, hoff, sizeof(_uh), &_uh);
		if (!uh)
			return BRFW_REASON_MALFORMED;
		if (uh->source == htons(547) &&
		    !brfw_ident_flag(id, BRFW_PORT_F_DHCP_SERVER))
			return BRFW_REASON_DHCP_GUARD;
	}
	return BRFW_REASON_UNSPEC;
}

enum brfw_reason brfw_spoof_check(const struct brfw_ident *id,
				  const struct sk_buff *skb)
{
	struct brfw_l2 l2;

	if (!ether_addr_equal(eth_hdr(skb)->h_source, id->mac))
		return BRFW_REASON_SPOOF_MAC;
	if (!brfw_l2_parse(skb, &l2))
		return BRFW_REASON_MALFORMED;
	if (!brfw_vlans_ok(id, &l2))
		return BRFW_REASON_VLAN;

	switch (l2.proto) {
	case htons(ETH_P_IP):
		return brfw_check_ip4(id, skb, l2.off);
	case htons(ETH_P_IPV6):
		return brfw_check_ip6(id, skb, l2.off);
	case htons(ETH_P_ARP):
		return brfw_check_arp(id, skb, l2.off);
	}
	return BRFW_REASON_ETHERTYPE;
}
