// SPDX-License-Identifier: GPL-2.0
/*
 * Frames to a guest: private VLAN roles, promiscuous mode and the VLANs
 * the guest may receive. Runs in FORWARD (once per output port, so a
 * flooded frame is judged per port) and LOCAL_OUT.
 */
#include <linux/etherdevice.h>
#include <linux/string.h>

#include "guard.h"
#include "frame.h"

/* src NULL: the host, or a port without a policy (an uplink). */
static bool brfw_pvlan_ok(const struct brfw_ident *src,
			  const struct brfw_ident *dst)
{
	u8 s = src ? src->isolation : BRFW_ISOLATION_PROMISCUOUS;
	u8 d = dst->isolation;

	if (s == BRFW_ISOLATION_PROMISCUOUS || d == BRFW_ISOLATION_PROMISCUOUS)
		return true;
	if (s == BRFW_ISOLATION_NONE && d == BRFW_ISOLATION_NONE)
		return true;
	if (s == BRFW_ISOLATION_COMMUNITY && d == BRFW_ISOLATION_COMMUNITY)
		return !strncmp(src->community, dst->community,
				BRFW_COMMUNITY_NAMSIZ);
	return false;
}

enum brfw_reason brfw_deliver_check(const struct brfw_ident *id,
				    const struct brfw_ident *src,
				    const struct sk_buff *skb)
{
	const u8 *dest = eth_hdr(skb)->h_dest;
	struct brfw_l2 l2;

	if (!brfw_pvlan_ok(src, id))
		return BRFW_REASON_ISOLATION;
	if (brfw_ident_has_mac(id) && !brfw_ident_flag(id, BRFW_PORT_F_PROMISC) &&
	    is_unicast_ether_addr(dest) && !ether_addr_equal(dest, id->mac))
		return BRFW_REASON_PROMISC;
	if (brfw_ident_flag(id, BRFW_PORT_F_SPOOF_CHECK)) {
		if (!brfw_l2_parse(skb, &l2))
			return BRFW_REASON_MALFORMED;
		if (!brfw_vlans_ok(id, &l2))
			return BRFW_REASON_VLAN;
	}
	return BRFW_REASON_UNSPEC;
}
