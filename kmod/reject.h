/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _BRFW_REJECT_H
#define _BRFW_REJECT_H

#include <linux/netfilter.h>
#include <linux/skbuff.h>
#include <linux/brfw.h>

#include "match.h"
#include "frame.h"

/*
 * A reject rule stopped skb (direction dir, at the hook of state; l2 and
 * pkt its parsed views): answer with a TCP RST for TCP, else an ICMP or
 * ICMPv6 port unreachable, sent back toward the sender. Nothing is sent
 * for non-IP frames, non-first fragments, frames with VLAN tags in the
 * payload, multicast or broadcast senders or destinations, TCP RSTs and
 * ICMP errors. Under RCU (the hooks). skb stays the caller's, to drop; it
 * may have been trimmed to its IP length or made linear.
 */
void brfw_reject(struct sk_buff *skb, const struct brfw_l2 *l2,
		 const struct brfw_pkt *pkt,
		 const struct nf_hook_state *state);

#endif
