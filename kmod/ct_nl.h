/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _BRFW_CT_NL_H
#define _BRFW_CT_NL_H

#include <net/genetlink.h>
#include <linux/brfw.h>

/* The flow table's commands (ct_nl.c), registered by netlink.c. */
extern const struct nla_policy brfw_ct_get_policy[BRFW_A_MAX + 1];
extern const struct nla_policy brfw_ct_set_policy[BRFW_A_MAX + 1];
extern const struct nla_policy brfw_flow_get_policy[BRFW_A_MAX + 1];
extern const struct nla_policy brfw_flow_del_policy[BRFW_A_MAX + 1];

int brfw_ct_nl_get(struct sk_buff *skb, struct genl_info *info,
		   const struct genl_family *family);
int brfw_ct_nl_set(struct sk_buff *skb, struct genl_info *info);
int brfw_ct_nl_dump(struct sk_buff *skb, struct netlink_callback *cb,
		    const struct genl_family *family);
int brfw_ct_nl_del(struct sk_buff *skb, struct genl_info *info);

#endif
