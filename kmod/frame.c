// SPDX-License-Identifier: GPL-2.0
/*
 * Frame parsing shared by the checks: bounded, and every read through
 * skb_header_pointer() with the full length it needs.
 */
#include <linux/if_vlan.h>

#include "frame.h"

bool brfw_l2_parse(const struct sk_buff *skb, struct brfw_l2 *l2)
{
	l2->proto = skb->protocol;
	l2->off = 0;
	l2->ntags = 0;

	if (skb_vlan_tag_present(skb))
		l2->vid[l2->ntags++] = skb_vlan_tag_get_id(skb);

	while (eth_type_vlan(l2->proto)) {
		struct vlan_hdr _vh;
		const struct vlan_hdr *vh;

		if (l2->ntags == BRFW_MAX_VLAN_TAGS)
			return false;
		vh = skb_header_pointer(skb, l2->off, sizeof(_vh), &_vh);
		if (!vh)
			return false;
		l2->vid[l2->ntags++] = ntohs(vh->h_vlan_TCI) & VLAN_VID_MASK;
		l2->proto = vh->h_vlan_encapsulated_proto;
		l2->off += VLAN_HLEN;
	}
	return true;
}
