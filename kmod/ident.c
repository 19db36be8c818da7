// SPDX-License-Identifier: GPL-2.0
/*
 * A port's identity: its MAC, IPv4 and IPv6 lists, VLANs, flags and
 * private VLAN role. Parsed from a PORT_SET request into a table that is
 * not yet published, so a failure anywhere leaves the old one in force.
 */
#include <linux/bitops.h>
#include <linux/ipv6.h>
#include <net/ipv6.h>
#include <net/netlink.h>

#include "ident.h"

static const struct nla_policy brfw_prefix_policy[BRFW_PREFIX_MAX + 1] = {
	[BRFW_PREFIX_ADDR]	= NLA_POLICY_MIN_LEN(sizeof(__be32)),
	[BRFW_PREFIX_LEN]	= NLA_POLICY_MAX(NLA_U8, 128),
};

const struct nla_policy brfw_ip_list_policy[BRFW_LIST_MAX + 1] = {
	[BRFW_LIST_PREFIX]	= NLA_POLICY_NESTED(brfw_prefix_policy),
};

const struct nla_policy brfw_vlan_list_policy[BRFW_LIST_MAX + 1] = {
	[BRFW_LIST_VLAN]	= NLA_POLICY_RANGE(NLA_U16, 1, VLAN_N_VID - 2),
};

bool brfw_ident_has_ip4(const struct brfw_ident *id, __be32 addr)
{
	unsigned int i;

	for (i = 0; i < id->n4; i++)
		if ((addr & id->ip4[i].mask) == id->ip4[i].addr)
			return true;
	return false;
}

bool brfw_ident_has_ip6(const struct brfw_ident *id, const struct in6_addr *addr)
{
	unsigned int i;

	for (i = 0; i < id->n6; i++)
		if (ipv6_prefix_equal(addr, &id->ip6[i].addr, id->ip6[i].len))
			return true;
	return false;
}

/* extack messages must be literals: one for each family. */
#define BRFW_FAMILY_MSG(extack, attr, alen, msg4, msg6)		\
	do {							\
		if ((alen) == 4)				\
			NL_SET_ERR_MSG_ATTR(extack, attr, msg4);	\
		else						\
			NL_SET_ERR_MSG_ATTR(extack, attr, msg6);	\
	} while (0)

/* One BRFW_LIST_PREFIX entry into a prefix of family size alen (4 or 16). */
static int brfw_prefix_parse(const struct nlattr *entry, unsigned int alen,
			     u8 *addr, u8 *plen, struct netlink_ext_ack *extack)
{
	struct nlattr *tb[BRFW_PREFIX_MAX + 1];
	unsigned int maxlen = alen * 8, i;
	u8 len = maxlen;
	int err;

	err = nla_parse_nested(tb, BRFW_PREFIX_MAX, entry, brfw_prefix_policy,
			       extack);
	if (err)
		return err;
	if (!tb[BRFW_PREFIX_ADDR] || nla_len(tb[BRFW_PREFIX_ADDR]) != alen) {
		BRFW_FAMILY_MSG(extack, entry, alen,
				"ip: each entry needs a 4-byte address",
				"ip6: each entry needs a 16-byte address");
		return -EINVAL;
	}
	if (tb[BRFW_PREFIX_LEN])
		len = nla_get_u8(tb[BRFW_PREFIX_LEN]);
	if (len > maxlen) {
		BRFW_FAMILY_MSG(extack, tb[BRFW_PREFIX_LEN], alen,
				"ip: prefix length above 32",
				"ip6: prefix length above 128");
		return -EINVAL;
	}
	memcpy(addr, nla_data(tb[BRFW_PREFIX_ADDR]), alen);
	/* Host bits set are a typo for another network: refuse them. */
	for (i = len; i < maxlen; i++) {
		if (addr[i / 8] & (0x80 >> (i % 8))) {
			BRFW_FAMILY_MSG(extack, tb[BRFW_PREFIX_ADDR], alen,
					"ip: host bits set in prefix",
					"ip6: host bits set in prefix");
			return -EINVAL;
		}
	}
	*plen = len;
	return 0;
}

static int brfw_ip4_apply(struct brfw_ident *id, const struct nlattr *list,
			  struct netlink_ext_ack *extack)
{
	const struct nlattr *entry;
	u16 n = 0;
	int rem, err;

	nla_for_each_nested(entry, list, rem) {
		u8 addr[4], len;

		if (n == BRFW_MAX_PREFIXES) {
			NL_SET_ERR_MSG_ATTR(extack, entry,
					    "ip: too many entries (at most 64)");
			return -E2BIG;
		}
		err = brfw_prefix_parse(entry, 4, addr, &len, extack);
		if (err)
			return err;
		memcpy(&id->ip4[n].addr, addr, 4);
		id->ip4[n].mask = len ? htonl(~0U << (32 - len)) : 0;
		n++;
	}
	id->n4 = n;
	return 0;
}

static int brfw_ip6_apply(struct brfw_ident *id, const struct nlattr *list,
			  struct netlink_ext_ack *extack)
{
	const struct nlattr *entry;
	u16 n = 0;
	int rem, err;

	nla_for_each_nested(entry, list, rem) {
		if (n == BRFW_MAX_PREFIXES) {
			NL_SET_ERR_MSG_ATTR(extack, entry,
					    "ip6: too many entries (at most 64)");
			return -E2BIG;
		}
		err = brfw_prefix_parse(entry, 16, id->ip6[n].addr.s6_addr,
					&id->ip6[n].len, extack);
		if (err)
			return err;
		n++;
	}
	id->n6 = n;
	return 0;
}

static int brfw_vlans_apply(struct brfw_ident *id, const struct nlattr *list,
			    struct netlink_ext_ack *extack)
{
	const struct nlattr *entry;
	int rem;

	bitmap_zero(id->vlans, VLAN_N_VID);
	nla_for_each_nested(entry, list, rem)
		__set_bit(nla_get_u16(entry), id->vlans);
	/* Bounded so that a port always fits in one reply message. */
	if (bitmap_weight(id->vlans, VLAN_N_VID) > BRFW_MAX_VLANS) {
		NL_SET_ERR_MSG_ATTR(extack, list,
				    "vlan: at most 256 VLANs per port");
		return -E2BIG;
	}
	return 0;
}

int brfw_ident_apply(struct brfw_ident *id, struct nlattr **attrs,
		     struct netlink_ext_ack *extack)
{
	struct nlattr *a;
	int err;

	a = attrs[BRFW_A_MAC];
	if (a) {
		const u8 *mac = nla_data(a);

		if (!is_zero_ether_addr(mac) && !is_valid_ether_addr(mac)) {
			NL_SET_ERR_MSG_ATTR(extack, a,
					    "mac: must be a unicast address");
			return -EINVAL;
		}
		ether_addr_copy(id->mac, mac);
	}
	if (attrs[BRFW_A_IP4]) {
		err = brfw_ip4_apply(id, attrs[BRFW_A_IP4], extack);
		if (err)
			return err;
	}
	if (attrs[BRFW_A_IP6]) {
		err = brfw_ip6_apply(id, attrs[BRFW_A_IP6], extack);
		if (err)
			return err;
	}
	if (attrs[BRFW_A_VLANS]) {
		err = brfw_vlans_apply(id, attrs[BRFW_A_VLANS], extack);
		if (err)
			return err;
	}

	if (!!attrs[BRFW_A_PORT_FLAGS] != !!attrs[BRFW_A_PORT_FLAGS_MASK]) {
		NL_SET_ERR_MSG(extack,
			       "port-flags and port-flags-mask go together");
		return -EINVAL;
	}
	if (attrs[BRFW_A_PORT_FLAGS]) {
		u32 mask = nla_get_u32(attrs[BRFW_A_PORT_FLAGS_MASK]);

		id->flags = (id->flags & ~mask) |
			    (nla_get_u32(attrs[BRFW_A_PORT_FLAGS]) & mask);
	}

	if (attrs[BRFW_A_ISOLATION]) {
		id->isolation = nla_get_u8(attrs[BRFW_A_ISOLATION]);
		memset(id->community, 0, sizeof(id->community));
		if (id->isolation == BRFW_ISOLATION_COMMUNITY) {
			a = attrs[BRFW_A_COMMUNITY];
			if (!a || !nla_len(a) || !*(char *)nla_data(a)) {
				NL_SET_ERR_MSG_ATTR(extack, attrs[BRFW_A_ISOLATION],
						    "isolation: community needs a name");
				return -EINVAL;
			}
			nla_strscpy(id->community, a, sizeof(id->community));
		} else if (attrs[BRFW_A_COMMUNITY]) {
			NL_SET_ERR_MSG_ATTR(extack, attrs[BRFW_A_COMMUNITY],
					    "community: only with isolation community");
			return -EINVAL;
		}
	} else if (attrs[BRFW_A_COMMUNITY]) {
		NL_SET_ERR_MSG_ATTR(extack, attrs[BRFW_A_COMMUNITY],
				    "community: only with isolation community");
		return -EINVAL;
	}

	if (brfw_ident_flag(id, BRFW_PORT_F_SPOOF_CHECK) &&
	    !brfw_ident_has_mac(id)) {
		NL_SET_ERR_MSG(extack, "spoof-check: the port needs a mac");
		return -EINVAL;
	}
	return 0;
}

static int brfw_fill_prefix(struct sk_buff *skb, const void *addr,
			    unsigned int alen, u8 len)
{
	struct nlattr *nest = nla_nest_start(skb, BRFW_LIST_PREFIX);

	if (!nest || nla_put(skb, BRFW_PREFIX_ADDR, alen, addr) ||
	    nla_put_u8(skb, BRFW_PREFIX_LEN, len))
		return -EMSGSIZE;
	nla_nest_end(skb, nest);
	return 0;
}

int brfw_ident_fill(struct sk_buff *skb, const struct brfw_ident *id)
{
	struct nlattr *nest;
	unsigned int i;

	if (nla_put(skb, BRFW_A_MAC, ETH_ALEN, id->mac) ||
	    nla_put_u32(skb, BRFW_A_PORT_FLAGS, id->flags) ||
	    nla_put_u8(skb, BRFW_A_ISOLATION, id->isolation))
		return -EMSGSIZE;
	if (id->isolation == BRFW_ISOLATION_COMMUNITY &&
	    nla_put_string(skb, BRFW_A_COMMUNITY, id->community))
		return -EMSGSIZE;

	nest = nla_nest_start(skb, BRFW_A_IP4);
	if (!nest)
		return -EMSGSIZE;
	for (i = 0; i < id->n4; i++)
		if (brfw_fill_prefix(skb, &id->ip4[i].addr, 4,
				     hweight32(ntohl(id->ip4[i].mask))))
			return -EMSGSIZE;
	nla_nest_end(skb, nest);

	nest = nla_nest_start(skb, BRFW_A_IP6);
	if (!nest)
		return -EMSGSIZE;
	for (i = 0; i < id->n6; i++)
		if (brfw_fill_prefix(skb, &id->ip6[i].addr, 16, id->ip6[i].len))
			return -EMSGSIZE;
	nla_nest_end(skb, nest);

	nest = nla_nest_start(skb, BRFW_A_VLANS);
	if (!nest)
		return -EMSGSIZE;
	for_each_set_bit(i, id->vlans, VLAN_N_VID)
		if (nla_put_u16(skb, BRFW_LIST_VLAN, i))
			return -EMSGSIZE;
	nla_nest_end(skb, nest);
	return 0;
}
