// SPDX-License-Identifier: GPL-2.0
/*
 * The L3/L4 view of a frame that the rules match (struct brfw_pkt). It
 * runs once per frame on ports that have rules, so it reads only the bytes
 * it needs, each through skb_header_pointer() (the skb is never pulled or
 * written), and checks every header against both the length the packet
 * claims and the bytes the frame holds: a malformed packet never matches
 * an L3/L4 rule.
 */
#include <linux/etherdevice.h>
#include <linux/icmp.h>
#include <linux/icmpv6.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/sctp.h>
#include <linux/tcp.h>
#include <linux/udp.h>
#include <net/ip.h>
#include <net/ipv6.h>

#include "pkt.h"

/* IPv6 extension headers walked before giving up on a packet. */
#define BRFW_MAX_EXTHDRS	8

/* The fragment offset in the fragment header's bytes 2-3, host order. */
#define BRFW_IP6_OFFSET		0xfff8

/* A big-endian u16 at any alignment (no unaligned.h: it moved in 6.12). */
static u16 brfw_be16(const u8 *p)
{
	return (u16)(p[0] << 8 | p[1]);
}

static bool brfw_icmp_is_echo(u8 family, u8 type)
{
	if (family == 4)
		return type == ICMP_ECHO || type == ICMP_ECHOREPLY;
	return type == ICMPV6_ECHO_REQUEST || type == ICMPV6_ECHO_REPLY;
}

static bool brfw_icmp_is_error(u8 family, u8 type)
{
	if (family == 4)
		return type == ICMP_DEST_UNREACH || type == ICMP_SOURCE_QUENCH ||
		       type == ICMP_REDIRECT || type == ICMP_TIME_EXCEEDED ||
		       type == ICMP_PARAMETERPROB;
	return type >= ICMPV6_DEST_UNREACH && type <= ICMPV6_PARAMPROB;
}

/*
 * The packet an ICMP or ICMPv6 error quotes, at off (after the 8-byte
 * ICMP header), up to end: its IP header (same family, IPv6 extension
 * headers walked) and the first 8 bytes after it, which is all RFC 792
 * guarantees. The quoted lengths are not checked against what is there:
 * a quote is usually cut short. Anything that does not fit leaves
 * inner.valid 0 (conntrack then calls the error invalid).
 */
static void brfw_pkt_inner(const struct sk_buff *skb, unsigned int off,
			   unsigned int end, struct brfw_pkt *pkt)
{
	u8 buf[40], nexthdr;
	unsigned int i, hlen;
	const u8 *h;

	if (pkt->family == 4) {
		h = skb_header_pointer(skb, off, 20, buf);
		if (off + 20 > end || !h || (h[0] >> 4) != 4 || (h[0] & 15) < 5)
			return;
		/* A later fragment quotes no L4 header. */
		if (brfw_be16(h + 6) & 0x1fff)
			return;
		nexthdr = h[9];
		memcpy(pkt->inner.saddr, h + 12, 4);
		memcpy(pkt->inner.daddr, h + 16, 4);
		off += (h[0] & 15) * 4;
	} else {
		h = skb_header_pointer(skb, off, 40, buf);
		if (off + 40 > end || !h || (h[0] >> 4) != 6)
			return;
		nexthdr = h[6];
		memcpy(pkt->inner.saddr, h + 8, 16);
		memcpy(pkt->inner.daddr, h + 24, 16);
		off += 40;
		for (i = 0; i < BRFW_MAX_EXTHDRS; i++) {
			if (nexthdr != NEXTHDR_HOP && nexthdr != NEXTHDR_ROUTING &&
			    nexthdr != NEXTHDR_DEST && nexthdr != NEXTHDR_FRAGMENT)
				break;
			h = skb_header_pointer(skb, off, 4, buf);
			if (off + 8 > end || !h)
				return;
			if (nexthdr == NEXTHDR_FRAGMENT) {
				if (brfw_be16(h + 2) & BRFW_IP6_OFFSET)
					return;
				hlen = 8;
			} else {
				hlen = (h[1] + 1) * 8;
			}
			nexthdr = h[0];
			off += hlen;
		}
		if (i == BRFW_MAX_EXTHDRS)
			return;
	}
	if (off + 8 > end)
		return;
	h = skb_header_pointer(skb, off, 8, buf);
	if (!h)
		return;
	pkt->inner.proto = nexthdr;
	switch (nexthdr) {
	case IPPROTO_TCP:
	case IPPROTO_UDP:
	case IPPROTO_SCTP:
		pkt->inner.sport = brfw_be16(h);
		pkt->inner.dport = brfw_be16(h + 2);
		break;
	case IPPROTO_ICMP:
	case IPPROTO_ICMPV6:
		if ((nexthdr == IPPROTO_ICMP) != (pkt->family == 4))
			break;
		pkt->inner.icmp_type = h[0];
		if (brfw_icmp_is_echo(pkt->family, h[0])) {
			pkt->inner.sport = brfw_be16(h + 4);
			pkt->inner.dport = pkt->inner.sport;
		}
		break;
	}
	pkt->inner.valid = 1;
}

/*
 * The L4 header at off, the IP payload ending at end (both from
 * skb->data, off <= end <= skb->len). Protocols without ports or types
 * (ESP, GRE, no next header, ...) have nothing more to read.
 */
static int brfw_pkt_l4(const struct sk_buff *skb, unsigned int off,
		       unsigned int end, struct brfw_pkt *pkt)
{
	unsigned int need, rd, avail = end - off;
	const u8 *h;
	u8 buf[14];

	switch (pkt->proto) {
	case IPPROTO_TCP:
		/* ports, then data offset (byte 12) and flags (byte 13) */
		need = sizeof(struct tcphdr);
		rd = 14;
		break;
	case IPPROTO_UDP:
		need = sizeof(struct udphdr);
		rd = 4;
		break;
	case IPPROTO_SCTP:
		need = sizeof(struct sctphdr);
		rd = 4;
		break;
	case IPPROTO_ICMP:
		if (pkt->family != 4)
			return 0;
		need = sizeof(struct icmphdr);
		rd = 6;		/* type, code, checksum, echo id */
		break;
	case IPPROTO_ICMPV6:
		if (pkt->family != 6)
			return 0;
		need = sizeof(struct icmp6hdr);
		rd = 6;
		break;
	default:
		return 0;
	}
	if (avail < need)
		return -EINVAL;
	h = skb_header_pointer(skb, off, rd, buf);
	if (!h)
		return -EINVAL;

	switch (pkt->proto) {
	case IPPROTO_TCP:
		if ((h[12] >> 4) < 5 || (h[12] >> 4) * 4U > avail)
			return -EINVAL;
		pkt->tcp_flags = h[13];
		fallthrough;
	case IPPROTO_UDP:
	case IPPROTO_SCTP:
		pkt->sport = brfw_be16(h);
		pkt->dport = brfw_be16(h + 2);
		break;
	default:	/* ICMP, ICMPv6: type, code */
		pkt->icmp_type = h[0];
		pkt->icmp_code = h[1];
		if (brfw_icmp_is_echo(pkt->family, h[0]))
			pkt->icmp_id = brfw_be16(h + 4);
		else if (brfw_icmp_is_error(pkt->family, h[0]))
			brfw_pkt_inner(skb, off + need, end, pkt);
		break;
	}
	return 0;
}

static int brfw_pkt_ip4(const struct sk_buff *skb, unsigned int off,
			struct brfw_pkt *pkt)
{
	unsigned int hlen, len, avail;
	const struct iphdr *iph;
	struct iphdr _iph;

	iph = skb_header_pointer(skb, off, sizeof(_iph), &_iph);
	if (!iph || iph->version != 4 || iph->ihl < 5)
		return -EINVAL;
	avail = skb->len - off;
	hlen = iph->ihl * 4;
	len = ntohs(iph->tot_len);
	/* BIG TCP (6.3+): a GSO packet over 64 KiB has tot_len 0. */
	if (!len && skb_is_gso(skb))
		len = avail;
	if (len < hlen || len > avail)
		return -EINVAL;

	pkt->family = 4;
	pkt->proto = iph->protocol;
	memcpy(pkt->saddr, &iph->saddr, 4);
	memcpy(pkt->daddr, &iph->daddr, 4);
	/* Only the first fragment (offset 0, MF or not) has the L4 header. */
	if (iph->frag_off & htons(IP_OFFSET)) {
		pkt->frag = 1;
		return 0;
	}
	return brfw_pkt_l4(skb, off + hlen, off + len, pkt);
}

static int brfw_pkt_ip6(const struct sk_buff *skb, unsigned int off,
			struct brfw_pkt *pkt)
{
	const struct ipv6hdr *ip6h;
	struct ipv6hdr _ip6h;
	unsigned int end, plen, hlen, i;
	u8 nexthdr, buf[4];
	const u8 *h;

	ip6h = skb_header_pointer(skb, off, sizeof(_ip6h), &_ip6h);
	if (!ip6h || ip6h->version != 6)
		return -EINVAL;
	off += sizeof(*ip6h);
	plen = ntohs(ip6h->payload_len);
	/* BIG TCP: a GSO packet over 64 KiB has payload_len 0. */
	if (!plen && skb_is_gso(skb))
		plen = skb->len - off;
	if (plen > skb->len - off)
		return -EINVAL;
	end = off + plen;

	pkt->family = 6;
	memcpy(pkt->saddr, &ip6h->saddr, 16);
	memcpy(pkt->daddr, &ip6h->daddr, 16);

	nexthdr = ip6h->nexthdr;
	for (i = 0;; i++) {
		switch (nexthdr) {
		case NEXTHDR_HOP:
		case NEXTHDR_ROUTING:
		case NEXTHDR_DEST:
		case NEXTHDR_AUTH:
		case NEXTHDR_FRAGMENT:
			break;
		default:
			/* The upper layer, or ESP / no next header. */
			pkt->proto = nexthdr;
			return brfw_pkt_l4(skb, off, end, pkt);
		}
		if (i == BRFW_MAX_EXTHDRS)
			return -EINVAL;
		/* Each is at least 8 bytes: next header, length, ... */
		if (end - off < 8)
			return -EINVAL;
		h = skb_header_pointer(skb, off, sizeof(buf), buf);
		if (!h)
			return -EINVAL;
		if (nexthdr == NEXTHDR_FRAGMENT) {
			hlen = 8;
			/* Not the first fragment: no L4 header to read. */
			if (brfw_be16(h + 2) & BRFW_IP6_OFFSET) {
				pkt->proto = h[0];
				pkt->frag = 1;
				return 0;
			}
		} else if (nexthdr == NEXTHDR_AUTH) {
			hlen = (h[1] + 2) * 4;
		} else {
			hlen = (h[1] + 1) * 8;
		}
		if (hlen > end - off)
			return -EINVAL;
		nexthdr = h[0];
		off += hlen;
	}
}

int brfw_pkt_parse(const struct sk_buff *skb, const struct brfw_l2 *l2,
		   struct brfw_pkt *pkt)
{
	const struct ethhdr *eth = eth_hdr(skb);

	memset(pkt, 0, sizeof(*pkt));
	ether_addr_copy(pkt->smac, eth->h_source);
	ether_addr_copy(pkt->dmac, eth->h_dest);
	pkt->ethertype = ntohs(l2->proto);
	pkt->vlan = l2->ntags ? l2->vid[0] : 0;

	if (l2->off > skb->len)
		return -EINVAL;
	switch (l2->proto) {
	case htons(ETH_P_IP):
		return brfw_pkt_ip4(skb, l2->off, pkt);
	case htons(ETH_P_IPV6):
		return brfw_pkt_ip6(skb, l2->off, pkt);
	default:
		return 0;
	}
}
