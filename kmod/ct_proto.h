/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _BRFW_CT_PROTO_H
#define _BRFW_CT_PROTO_H

/*
 * Helpers of ct_proto.c beyond the contract in ct.h (which they extend;
 * they build in the kernel and in userspace like the rest of it).
 */
#include <linux/compiler.h>
#include <linux/types.h>

#include "ct.h"

/* IP protocol numbers (no <linux/in.h>: it clashes with libc in tests). */
#define BRFW_PROTO_ICMP		1
#define BRFW_PROTO_TCP		6
#define BRFW_PROTO_UDP		17
#define BRFW_PROTO_ICMPV6	58
#define BRFW_PROTO_SCTP		132

/* ICMP and ICMPv6 types. */
#define BRFW_ICMP_ECHOREPLY	0
#define BRFW_ICMP_ECHO		8
#define BRFW_ICMPV6_ECHO	128
#define BRFW_ICMPV6_ECHOREPLY	129

/* TCP flags (byte 13 of the header). */
#define BRFW_TCP_FIN		0x01
#define BRFW_TCP_SYN		0x02
#define BRFW_TCP_RST		0x04
#define BRFW_TCP_ACK		0x10
#define BRFW_TCP_URG		0x20

/*
 * The ct-state of a packet brfw_ct_key() gave no key (call it only then):
 *  0 (untracked): not IPv4/IPv6, or a non-first fragment;
 *  BRFW_CT_F_NEW: ICMP/ICMPv6 other than echo and errors (ND, RS/RA, MLD,
 *    timestamp, ...), which never create a flow;
 *  BRFW_CT_F_INVALID: an ICMP error whose quoted packet did not parse or
 *    has no key (an ICMP quote other than an echo), so it quotes no flow.
 */
u8 brfw_ct_nokey_state(const struct brfw_pkt *pkt);

/*
 * The timeout of a flow in state (BRFW_CT_TO_*), in the unit of to
 * (jiffies in the table); 0 for a state out of range.
 */
u32 brfw_ct_timeout_of(const struct brfw_ct_timeouts *to, u8 state);

/* ICMP of the family (ICMP for IPv4, ICMPv6 for IPv6). */
static __always_inline bool brfw_ct_icmp_proto(u8 family, u8 proto)
{
	return (family == 4 && proto == BRFW_PROTO_ICMP) ||
	       (family == 6 && proto == BRFW_PROTO_ICMPV6);
}

/*
 * The fast case of brfw_ct_step() (ct_proto.c), for the packets of an
 * established flow that change nothing but its timeout and counters:
 *  - TCP in ESTABLISHED: an ACK segment (ACK set; SYN, FIN, RST clear;
 *    PSH, ECE, CWR, URG anything);
 *  - UDP in UDP_REPLIED, other protocols in OTHER_REPLIED: any packet;
 *  - ICMP/ICMPv6 in ICMP_REPLIED: an echo request the orig way, an echo
 *    reply the reply way;
 * each on a flow with BRFW_CTF_REPLIED, and never an ICMP error
 * (key->related). True means that brfw_ct_step(pkt, key, true, reply,
 * state, flags, &step) gives exactly
 *	{ .ctstate = BRFW_CT_F_ESTABLISHED, .state = state, .valid = true }
 * (the rest zero); false, that the caller must call brfw_ct_step(). The
 * protocol is told apart as brfw_ct_step() does: key->proto, ICMP by
 * key->family, echo types by pkt->family. tests/unit/test_ctproto.c and
 * tests/fuzz/fuzz_ct.c check the agreement over every flag byte, state
 * and flags. Keep it next to the state machine: a change to one is a
 * change to both.
 */
static __always_inline bool brfw_ct_step_fast(const struct brfw_pkt *pkt,
					      const struct brfw_ct_key *key,
					      bool reply, u8 state, u8 flags)
{
	u8 proto = key->proto;

	if (key->related || !(flags & BRFW_CTF_REPLIED))
		return false;
	/* The most common first: TCP, then UDP. */
	if (state == BRFW_CT_TO_TCP_ESTABLISHED)
		return proto == BRFW_PROTO_TCP &&
		       (pkt->tcp_flags & (BRFW_TCP_FIN | BRFW_TCP_SYN |
					  BRFW_TCP_RST | BRFW_TCP_ACK)) ==
		       BRFW_TCP_ACK;
	if (state == BRFW_CT_TO_UDP_REPLIED)
		return proto == BRFW_PROTO_UDP;
	if (state == BRFW_CT_TO_ICMP_REPLIED) {
		if (!brfw_ct_icmp_proto(key->family, proto))
			return false;
		if (pkt->family == 4)
			return pkt->icmp_type == (reply ? BRFW_ICMP_ECHOREPLY :
							  BRFW_ICMP_ECHO);
		return pkt->icmp_type == (reply ? BRFW_ICMPV6_ECHOREPLY :
						  BRFW_ICMPV6_ECHO);
	}
	if (state == BRFW_CT_TO_OTHER_REPLIED)
		return proto != BRFW_PROTO_TCP && proto != BRFW_PROTO_UDP &&
		       !brfw_ct_icmp_proto(key->family, proto);
	return false;
}

#endif
