/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _BRFW_PKT_H
#define _BRFW_PKT_H

#include <linux/skbuff.h>

#include "match.h"
#include "frame.h"

/*
 * Fill pkt from a frame at the bridge hooks (skb->data at the byte after
 * the Ethernet header, eth_hdr() valid), l2 being brfw_l2_parse()'s view
 * of it. Every field is set, those that do not apply to zero: the
 * classifier hashes keys built from the whole struct.
 *
 * Returns -EINVAL for a malformed IPv4 or IPv6 packet (a truncated L3 or
 * L4 header, a bad IHL, length or TCP data offset, too many IPv6
 * extension headers): the caller then skips the rules. Frames of other
 * ethertypes are not looked into (family and proto 0) and always parse.
 */
int brfw_pkt_parse(const struct sk_buff *skb, const struct brfw_l2 *l2,
		   struct brfw_pkt *pkt);

#endif
