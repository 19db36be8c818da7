/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _BRFW_MATCH_H
#define _BRFW_MATCH_H

/*
 * What a rule matches and what a frame is, as plain data. This header,
 * cls.h, cls.c, addrset.h and addrset.c build in the kernel and, through
 * the shims in tests/unit/kshim, in userspace (unit tests, benchmark).
 */
#include <linux/types.h>
#include <linux/brfw.h>

struct brfw_set;

/* A frame as the rules see it (pkt.c fills it from an skb). */
struct brfw_pkt {
	u8 smac[6];
	u8 dmac[6];
	u16 ethertype;		/* innermost, after VLAN tags; host order */
	u16 vlan;		/* outer tag's VID; 0: untagged */
	u8 family;		/* 4, 6, or 0: not IP */
	u8 proto;		/* IP protocol (IPv6: last next header); 0: not IP */
	u8 frag;		/* 1: a non-first fragment, no L4 header */
	u8 icmp_type;		/* proto icmp/icmpv6, frag 0 */
	u8 icmp_code;
	u8 tcp_flags;		/* proto tcp, frag 0: FIN 0x01 .. CWR 0x80 */
	u16 sport;		/* proto tcp/udp/sctp, frag 0; host order */
	u16 dport;
	u8 saddr[16];		/* network order; IPv4 in the first 4 bytes */
	u8 daddr[16];
	/* For conntrack (ct.h); the classifier reads only ct. */
	u8 ct;			/* BRFW_CT_F_* bit; 0: untracked */
	u16 icmp_id;		/* ICMP/ICMPv6 echo request or reply */
	/*
	 * An ICMP/ICMPv6 error (v4 types 3, 4, 5, 11, 12; v6 1-4): the
	 * packet it quotes, an IP header of the same family and the first
	 * 8 bytes after it (ports, or an echo's identifier).
	 */
	struct {
		u8 valid;	/* 1: the fields below are set */
		u8 proto;
		u16 sport, dport;	/* host order; echo: id, id */
		u8 icmp_type;	/* its ICMP type */
		u8 saddr[16], daddr[16];
	} inner;
};

/* Which fields of struct brfw_match are in use. */
#define BRFW_M_ETHERTYPE	(1U << 0)
#define BRFW_M_SMAC		(1U << 1)
#define BRFW_M_DMAC		(1U << 2)
#define BRFW_M_VLAN		(1U << 3)
#define BRFW_M_PROTO		(1U << 4)
#define BRFW_M_SRC		(1U << 5)
#define BRFW_M_DST		(1U << 6)
#define BRFW_M_SPORT		(1U << 7)
#define BRFW_M_DPORT		(1U << 8)
#define BRFW_M_ICMP_TYPE	(1U << 9)
#define BRFW_M_ICMP_CODE	(1U << 10)
#define BRFW_M_TCP_FLAGS	(1U << 11)
#define BRFW_M_CT_STATE		(1U << 12)
/* The L4 matches: they never match a non-first fragment. */
#define BRFW_M_L4 (BRFW_M_SPORT | BRFW_M_DPORT | BRFW_M_ICMP_TYPE | \
		   BRFW_M_ICMP_CODE | BRFW_M_TCP_FLAGS)

/* An address or prefix of the match's family, or a set (set != NULL). */
struct brfw_match_addr {
	const struct brfw_set *set;
	u8 len;			/* prefix length */
	u8 addr[16];		/* network order, host bits zero */
};

struct brfw_match_range {
	u16 lo, hi;		/* host order, lo <= hi */
};

/*
 * One direction of a rule, as validated by the kernel (rule.c): family
 * is 4 or 6 when anything in the rule implies it (an address, proto
 * icmp/icmpv6, ether-type ip/ip6, a set of one family), and the matches
 * agree with it. A rule with ports or tcp-flags has proto tcp, udp or
 * sctp (tcp for flags); one with icmp-type has proto icmp or icmpv6.
 */
struct brfw_match {
	u32 present;		/* BRFW_M_* */
	u8 family;		/* 0: any, 4 or 6: IP of that version only */
	u8 proto;
	u16 ethertype;		/* host order */
	u16 vlan;
	u8 smac[6];
	u8 dmac[6];
	struct brfw_match_addr src, dst;
	u8 nsport, ndport;
	struct brfw_match_range sport[BRFW_MAX_PORT_RANGES];
	struct brfw_match_range dport[BRFW_MAX_PORT_RANGES];
	u8 icmp_type, icmp_code;
	u8 tcp_flags, tcp_mask;	/* (flags & tcp_mask) == tcp_flags */
	u8 ct_state;		/* BRFW_CT_F_*: pkt->ct is one of them */
};

/*
 * Set membership, for rules with src/dst @SET. The kernel's set.c reads
 * the set's current members under RCU; userspace tests provide their own.
 */
bool brfw_set_contains(const struct brfw_set *set, u8 family, const u8 *addr);

/*
 * The reference semantics: does the rule match the frame? A straight
 * reading of the definition, used by the tests to check the classifier.
 * A non-first fragment (pkt->frag) never matches a rule with L4 matches.
 */
bool brfw_match_pkt(const struct brfw_match *m, const struct brfw_pkt *pkt);

#endif
