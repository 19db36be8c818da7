/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _BRFW_FRAME_H
#define _BRFW_FRAME_H

#include <linux/skbuff.h>

#define BRFW_MAX_VLAN_TAGS 4

/*
 * The layer-2 view of a frame at the bridge hooks, with skb->data at the
 * first byte after the Ethernet header. The outer VLAN tag is either
 * accelerated (skb->vlan_tci) or in the payload; further tags are always
 * in the payload. proto and off are those of the innermost packet.
 */
struct brfw_l2 {
	__be16 proto;
	unsigned int off;	/* from skb->data */
	unsigned int ntags;
	u16 vid[BRFW_MAX_VLAN_TAGS];
};

/* False when the tags do not parse (truncated, or too many). */
bool brfw_l2_parse(const struct sk_buff *skb, struct brfw_l2 *l2);

/* The frame's length on the wire, Ethernet header included. */
static inline unsigned int brfw_frame_len(const struct sk_buff *skb)
{
	return skb->len + ETH_HLEN;
}

#endif
