// SPDX-License-Identifier: GPL-2.0
/*
 * conntrack-lite's state machine: the key of a packet and what a packet
 * does to a flow, as pure functions of a struct brfw_pkt and a flow's
 * state and flags. No locking, no allocation, no table: ct.c applies the
 * result under the bucket lock. Builds in userspace through
 * tests/unit/kshim (unit tests, fuzzer).
 *
 * States are enum brfw_ct_timeout (one timeout per state). A flow's
 * ct-state follows from its REPLIED flag: a valid packet is
 * "established" once the flow has been replied (or when it is the first
 * reply), else "new".
 *
 * TCP is tracked by flags only: there is no sequence-number or window
 * tracking, so a segment with plausible flags but any sequence number is
 * taken as part of the flow. Simultaneous open (a SYN in the reply
 * direction) is not supported: such a SYN is invalid.
 */
#include <linux/types.h>
#include <linux/string.h>
#include <linux/jiffies.h>

#include "ct.h"
#include "ct_proto.h"

/* What a TCP segment is, by its flags. */
enum brfw_tcp_seg {
	BRFW_SEG_BAD,		/* a combination no TCP sends */
	BRFW_SEG_SYN,		/* SYN */
	BRFW_SEG_SYNACK,	/* SYN|ACK */
	BRFW_SEG_ACK,		/* ACK */
	BRFW_SEG_FIN,		/* FIN|ACK */
	BRFW_SEG_RST,		/* RST, RST|ACK */
};

/*
 * The segment class of a TCP header's flags. PSH, ECE and CWR are
 * ignored; URG is allowed only with ACK.
 */
static enum brfw_tcp_seg brfw_tcp_seg(u8 tcp_flags)
{
	u8 f = tcp_flags & (BRFW_TCP_FIN | BRFW_TCP_SYN | BRFW_TCP_RST |
			    BRFW_TCP_ACK | BRFW_TCP_URG);

	if (f & BRFW_TCP_URG) {
		if (!(f & BRFW_TCP_ACK))
			return BRFW_SEG_BAD;
		f &= ~BRFW_TCP_URG;
	}
	switch (f) {
	case BRFW_TCP_SYN:
		return BRFW_SEG_SYN;
	case BRFW_TCP_SYN | BRFW_TCP_ACK:
		return BRFW_SEG_SYNACK;
	case BRFW_TCP_ACK:
		return BRFW_SEG_ACK;
	case BRFW_TCP_FIN | BRFW_TCP_ACK:
		return BRFW_SEG_FIN;
	case BRFW_TCP_RST:
	case BRFW_TCP_RST | BRFW_TCP_ACK:
		return BRFW_SEG_RST;
	default:
		return BRFW_SEG_BAD;
	}
}

static bool brfw_is_icmp(u8 family, u8 proto)
{
	return (family == 4 && proto == BRFW_PROTO_ICMP) ||
	       (family == 6 && proto == BRFW_PROTO_ICMPV6);
}

static bool brfw_icmp_request(u8 family, u8 type)
{
	return type == (family == 4 ? BRFW_ICMP_ECHO : BRFW_ICMPV6_ECHO);
}

static bool brfw_icmp_reply(u8 family, u8 type)
{
	return type == (family == 4 ? BRFW_ICMP_ECHOREPLY :
				      BRFW_ICMPV6_ECHOREPLY);
}

/*
 * ICMP errors: v4 unreachable, source quench, redirect, time exceeded,
 * parameter problem; v6 unreachable, packet too big, time exceeded,
 * parameter problem.
 */
static bool brfw_icmp_error(u8 family, u8 type)
{
	if (family == 4)
		return type == 3 || type == 4 || type == 5 || type == 11 ||
		       type == 12;
	return type >= 1 && type <= 4;
}

static bool brfw_has_ports(u8 proto)
{
	return proto == BRFW_PROTO_TCP || proto == BRFW_PROTO_UDP ||
	       proto == BRFW_PROTO_SCTP;
}

/*
 * The key of pkt (see ct.h). False means the packet has no flow; then
 * brfw_ct_nokey_state() (ct_proto.h) tells its ct-state: untracked for
 * non-IP frames and non-first fragments, invalid for an ICMP error whose
 * quote gives no key, and "new" for ICMP/ICMPv6 other than echo and
 * errors (ND, RS/RA, MLD, timestamp, ...): such a packet never creates a
 * flow, the caller just sets pkt->ct = BRFW_CT_F_NEW.
 *
 * An ICMP error's key is its quoted packet's, as that packet travelled
 * (usually the reverse of the error's own way), with key->related set.
 * Addresses are copied by family: an IPv4 key has zeros after byte 4.
 */
bool brfw_ct_key(const struct brfw_pkt *pkt, u32 zone,
		 struct brfw_ct_key *key)
{
	unsigned int alen = pkt->family == 4 ? 4 : 16;

	memset(key, 0, sizeof(*key));
	if ((pkt->family != 4 && pkt->family != 6) || pkt->frag)
		return false;
	key->zone = zone;
	key->family = pkt->family;

	if (!brfw_is_icmp(pkt->family, pkt->proto)) {
		key->proto = pkt->proto;
		memcpy(key->src, pkt->saddr, alen);
		memcpy(key->dst, pkt->daddr, alen);
		if (brfw_has_ports(pkt->proto)) {
			key->sport = pkt->sport;
			key->dport = pkt->dport;
		}
		return true;
	}

	if (brfw_icmp_request(pkt->family, pkt->icmp_type) ||
	    brfw_icmp_reply(pkt->family, pkt->icmp_type)) {
		key->proto = pkt->proto;
		memcpy(key->src, pkt->saddr, alen);
		memcpy(key->dst, pkt->daddr, alen);
		key->sport = pkt->icmp_id;
		key->dport = pkt->icmp_id;
		return true;
	}

	if (!brfw_icmp_error(pkt->family, pkt->icmp_type) || !pkt->inner.valid)
		return false;

	/*
	 * An error: the quoted packet's key. Of ICMP, only echoes have
	 * flows (an error about an error has none).
	 */
	if (brfw_is_icmp(pkt->family, pkt->inner.proto)) {
		if (!brfw_icmp_request(pkt->family, pkt->inner.icmp_type) &&
		    !brfw_icmp_reply(pkt->family, pkt->inner.icmp_type))
			return false;
		key->sport = pkt->inner.sport;
		key->dport = pkt->inner.sport;
	} else if (brfw_has_ports(pkt->inner.proto)) {
		key->sport = pkt->inner.sport;
		key->dport = pkt->inner.dport;
	}
	key->related = 1;
	key->proto = pkt->inner.proto;
	memcpy(key->src, pkt->inner.saddr, alen);
	memcpy(key->dst, pkt->inner.daddr, alen);
	return true;
}

u8 brfw_ct_nokey_state(const struct brfw_pkt *pkt)
{
	if ((pkt->family != 4 && pkt->family != 6) || pkt->frag)
		return 0;
	if (!brfw_is_icmp(pkt->family, pkt->proto))
		return 0;
	if (brfw_icmp_error(pkt->family, pkt->icmp_type))
		return BRFW_CT_F_INVALID;
	return BRFW_CT_F_NEW;
}

/* No flow, and the packet may start one in state. */
static void brfw_ct_start(struct brfw_ct_step *step, u8 state)
{
	step->ctstate = BRFW_CT_F_NEW;
	step->state = state;
	step->valid = true;
	step->create = true;
}

/*
 * A packet that fits its flow: the flow goes to state next and gains
 * flags set (REPLIED too on the reply way). Only flags the flow lacks go
 * into set_flags, so the same packet again changes nothing.
 */
static void brfw_ct_fits(struct brfw_ct_step *step, bool reply, u8 flags,
			 u8 next, u8 set)
{
	if (reply)
		set |= BRFW_CTF_REPLIED;
	step->ctstate = (reply || (flags & BRFW_CTF_REPLIED)) ?
			BRFW_CT_F_ESTABLISHED : BRFW_CT_F_NEW;
	step->state = next;
	step->set_flags = set & ~flags;
	step->valid = true;
}

/*
 * An orig SYN on a closed flow (TIME_WAIT, CLOSE): the flow is replaced
 * by a fresh SYN_SENT one, with no flags, and the SYN is new.
 */
static void brfw_ct_reopen(struct brfw_ct_step *step)
{
	step->ctstate = BRFW_CT_F_NEW;
	step->state = BRFW_CT_TO_TCP_SYN_SENT;
	step->valid = true;
	step->reopen = true;
}

/*
 * TCP. A flow starts with a pure SYN only. Transitions (O: orig, R:
 * reply direction; RST either way closes any state; what is not listed
 * is invalid):
 *   SYN_SENT:    O SYN stays; R SYN|ACK -> SYN_RECV
 *   SYN_RECV:    O SYN, R SYN|ACK, R ACK stay; O ACK -> ESTABLISHED;
 *                FIN|ACK -> FIN_WAIT
 *   ESTABLISHED: ACK stays; R SYN|ACK stays (a retransmission);
 *                FIN|ACK -> FIN_WAIT
 *   FIN_WAIT:    ACK stays; FIN|ACK -> TIME_WAIT once both ways saw one
 *   TIME_WAIT:   ACK, FIN|ACK stay; O SYN reopens
 *   CLOSE:       O SYN reopens
 * Reopen: the flow is replaced by a fresh SYN_SENT flow (no flags),
 * ct-state new. A SYN in the reply direction is never valid.
 */
static void brfw_ct_tcp(const struct brfw_pkt *pkt, bool have, bool reply,
			u8 state, u8 flags, struct brfw_ct_step *step)
{
	enum brfw_tcp_seg seg = brfw_tcp_seg(pkt->tcp_flags);
	u8 fin = reply ? BRFW_CTF_FIN_REPLY : BRFW_CTF_FIN_ORIG;
	u8 next;

	if (seg == BRFW_SEG_BAD)
		return;
	if (!have) {
		if (seg == BRFW_SEG_SYN)
			brfw_ct_start(step, BRFW_CT_TO_TCP_SYN_SENT);
		return;
	}
	if (state < BRFW_CT_TO_TCP_SYN_SENT || state > BRFW_CT_TO_TCP_CLOSE)
		return;
	if (seg == BRFW_SEG_RST) {
		brfw_ct_fits(step, reply, flags, BRFW_CT_TO_TCP_CLOSE, 0);
		return;
	}
	if (seg == BRFW_SEG_SYN && reply)
		return;

	switch (state) {
	case BRFW_CT_TO_TCP_SYN_SENT:
		if (seg == BRFW_SEG_SYN)
			next = state;
		else if (seg == BRFW_SEG_SYNACK && reply)
			next = BRFW_CT_TO_TCP_SYN_RECV;
		else
			return;
		break;
	case BRFW_CT_TO_TCP_SYN_RECV:
		if (seg == BRFW_SEG_SYN)
			next = state;
		else if (seg == BRFW_SEG_SYNACK && reply)
			next = state;
		else if (seg == BRFW_SEG_ACK)
			next = reply ? state : BRFW_CT_TO_TCP_ESTABLISHED;
		else if (seg == BRFW_SEG_FIN)
			next = BRFW_CT_TO_TCP_FIN_WAIT;
		else
			return;
		break;
	case BRFW_CT_TO_TCP_ESTABLISHED:
		if (seg == BRFW_SEG_ACK || (seg == BRFW_SEG_SYNACK && reply))
			next = state;
		else if (seg == BRFW_SEG_FIN)
			next = BRFW_CT_TO_TCP_FIN_WAIT;
		else
			return;
		break;
	case BRFW_CT_TO_TCP_FIN_WAIT:
		if (seg == BRFW_SEG_ACK)
			next = state;
		else if (seg == BRFW_SEG_FIN)
			next = ((flags | fin) & BRFW_CTF_FIN_ORIG) &&
			       ((flags | fin) & BRFW_CTF_FIN_REPLY) ?
			       BRFW_CT_TO_TCP_TIME_WAIT : state;
		else
			return;
		break;
	case BRFW_CT_TO_TCP_TIME_WAIT:
		if (seg == BRFW_SEG_ACK || seg == BRFW_SEG_FIN) {
			next = state;
		} else if (seg == BRFW_SEG_SYN) {
			brfw_ct_reopen(step);
			return;
		} else {
			return;
		}
		break;
	default:	/* CLOSE */
		if (seg == BRFW_SEG_SYN)
			brfw_ct_reopen(step);
		return;
	}
	brfw_ct_fits(step, reply, flags, next,
		     seg == BRFW_SEG_FIN ? fin : 0);
}

/*
 * ICMP/ICMPv6 echo: a request in the orig direction creates or fits the
 * flow, the reply in the reply direction makes it ICMP_REPLIED. A request
 * the reply way, a reply the orig way or a reply with no flow is invalid.
 */
static void brfw_ct_echo(const struct brfw_pkt *pkt, bool have, bool reply,
			 u8 state, u8 flags, struct brfw_ct_step *step)
{
	bool request = brfw_icmp_request(pkt->family, pkt->icmp_type);

	if (!request && !brfw_icmp_reply(pkt->family, pkt->icmp_type)) {
		/* Not an echo: no key either (the caller's mistake). */
		step->ctstate = brfw_ct_nokey_state(pkt);
		return;
	}
	if (!have) {
		if (request)
			brfw_ct_start(step, BRFW_CT_TO_ICMP_UNREPLIED);
		return;
	}
	if (state != BRFW_CT_TO_ICMP_UNREPLIED &&
	    state != BRFW_CT_TO_ICMP_REPLIED)
		return;
	if (request == reply)
		return;
	brfw_ct_fits(step, reply, flags,
		     reply ? BRFW_CT_TO_ICMP_REPLIED : state, 0);
}

/* UDP and other protocols: unreplied, then replied on the first reply. */
static void brfw_ct_dgram(bool have, bool reply, u8 state, u8 flags,
			  u8 unreplied, u8 replied, struct brfw_ct_step *step)
{
	if (!have) {
		brfw_ct_start(step, unreplied);
		return;
	}
	if (state != unreplied && state != replied)
		return;
	brfw_ct_fits(step, reply, flags, reply ? replied : state, 0);
}

/*
 * See ct.h. The outcome starts as "invalid" (state unchanged, nothing
 * to apply) and each protocol overrides it when the packet fits.
 *
 * An ICMP error (key->related) is related when it quotes a flow in
 * either direction, else invalid. It never changes the flow (valid stays
 * false: no state, flags or timeout refresh), so errors cannot keep a
 * dead flow alive; ct.c may still count it. Its reply argument is the
 * quoted packet's direction, the opposite of the way the error goes.
 */
void brfw_ct_step(const struct brfw_pkt *pkt, const struct brfw_ct_key *key,
		  bool have, bool reply, u8 state, u8 flags,
		  struct brfw_ct_step *step)
{
	memset(step, 0, sizeof(*step));
	step->ctstate = BRFW_CT_F_INVALID;
	step->state = have ? state : BRFW_CT_TO_UNSPEC;

	if (key->related) {
		if (have)
			step->ctstate = BRFW_CT_F_RELATED;
		return;
	}
	if (brfw_is_icmp(key->family, key->proto)) {
		brfw_ct_echo(pkt, have, reply, state, flags, step);
		return;
	}
	switch (key->proto) {
	case BRFW_PROTO_TCP:
		brfw_ct_tcp(pkt, have, reply, state, flags, step);
		break;
	case BRFW_PROTO_UDP:
		brfw_ct_dgram(have, reply, state, flags,
			      BRFW_CT_TO_UDP_UNREPLIED,
			      BRFW_CT_TO_UDP_REPLIED, step);
		break;
	default:	/* sctp (by its ports) and the rest (ports 0) */
		brfw_ct_dgram(have, reply, state, flags,
			      BRFW_CT_TO_OTHER_UNREPLIED,
			      BRFW_CT_TO_OTHER_REPLIED, step);
		break;
	}
}

/* Default timeouts, in seconds. */
static const u32 brfw_ct_default_secs[__BRFW_CT_TO_MAX] = {
	[BRFW_CT_TO_TCP_SYN_SENT]	= 120,
	[BRFW_CT_TO_TCP_SYN_RECV]	= 60,
	[BRFW_CT_TO_TCP_ESTABLISHED]	= 432000,	/* 5 days */
	[BRFW_CT_TO_TCP_FIN_WAIT]	= 120,
	[BRFW_CT_TO_TCP_TIME_WAIT]	= 120,
	[BRFW_CT_TO_TCP_CLOSE]		= 10,
	[BRFW_CT_TO_UDP_UNREPLIED]	= 30,
	[BRFW_CT_TO_UDP_REPLIED]	= 180,
	[BRFW_CT_TO_ICMP_UNREPLIED]	= 30,
	[BRFW_CT_TO_ICMP_REPLIED]	= 30,
	[BRFW_CT_TO_OTHER_UNREPLIED]	= 60,
	[BRFW_CT_TO_OTHER_REPLIED]	= 600,
};

/*
 * In jiffies. The largest settable timeout, BRFW_CT_TIMEOUT_LIMIT
 * seconds, fits a u32 up to HZ 2000 (the kernel's HZ is at most 1000).
 */
void brfw_ct_timeouts_default(struct brfw_ct_timeouts *to)
{
	unsigned int i;

	for (i = 0; i < __BRFW_CT_TO_MAX; i++)
		to->t[i] = brfw_ct_default_secs[i] * HZ;
}

u32 brfw_ct_timeout_of(const struct brfw_ct_timeouts *to, u8 state)
{
	if (state == BRFW_CT_TO_UNSPEC || state >= __BRFW_CT_TO_MAX)
		return 0;
	return to->t[state];
}
