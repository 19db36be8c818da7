/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _BRFW_IDENT_H
#define _BRFW_IDENT_H

#include <linux/etherdevice.h>
#include <linux/in6.h>
#include <linux/if_vlan.h>
#include <net/netlink.h>
#include <linux/brfw.h>

struct brfw_prefix4 {
	__be32 addr;
	__be32 mask;
};

struct brfw_prefix6 {
	struct in6_addr addr;
	u8 len;
};

/*
 * Who the guest behind a port is, and what it may do. Part of the port's
 * immutable table. Lists are short (at most BRFW_MAX_PREFIXES) and scanned
 * in order; VLANs are a bitmap.
 */
struct brfw_ident {
	u8 mac[ETH_ALEN];		/* all zero: none */
	u32 flags;			/* BRFW_PORT_F_* */
	u8 isolation;			/* enum brfw_isolation */
	char community[BRFW_COMMUNITY_NAMSIZ];
	u16 n4, n6;
	struct brfw_prefix4 ip4[BRFW_MAX_PREFIXES];
	struct brfw_prefix6 ip6[BRFW_MAX_PREFIXES];
	DECLARE_BITMAP(vlans, VLAN_N_VID);
};

static inline bool brfw_ident_has_mac(const struct brfw_ident *id)
{
	return !is_zero_ether_addr(id->mac);
}

static inline bool brfw_ident_flag(const struct brfw_ident *id, u32 flag)
{
	return id->flags & flag;
}

bool brfw_ident_has_ip4(const struct brfw_ident *id, __be32 addr);
bool brfw_ident_has_ip6(const struct brfw_ident *id, const struct in6_addr *addr);

/* Netlink: apply a PORT_SET request's identity attributes, fill a reply. */
int brfw_ident_apply(struct brfw_ident *id, struct nlattr **attrs,
		     struct netlink_ext_ack *extack);
int brfw_ident_fill(struct sk_buff *skb, const struct brfw_ident *id);

extern const struct nla_policy brfw_ip_list_policy[BRFW_LIST_MAX + 1];
extern const struct nla_policy brfw_vlan_list_policy[BRFW_LIST_MAX + 1];

#endif
