// SPDX-License-Identifier: GPL-2.0
/*
 * The "brfw" generic netlink family.
 *
 * Every command has its own strict policy: the core rejects unknown
 * attributes, attributes the command does not take, out-of-range values
 * and non-zero reserved header bytes, with an extack message that points
 * at the attribute. The handlers add a message to every failure of their
 * own. Every command but VERSION_GET needs CAP_NET_ADMIN in the initial
 * user namespace (GENL_ADMIN_PERM): a container's own user namespace
 * does not reach this configuration.
 */
#include <linux/netdevice.h>
#include <linux/rtnetlink.h>
#include <linux/slab.h>
#include <net/genetlink.h>
#include <net/sock.h>

#include "version.h"
#include "netlink.h"
#include "port.h"
#include "rule.h"
#include "set.h"
#include "table.h"
#include "txn.h"
#include "ct_nl.h"

static struct genl_family brfw_genl_family;

/*
 * Room for one port message at its largest: 64 + 64 prefixes and 256
 * VLANs come to about 6.5 KiB.
 */
#define BRFW_PORT_MSG_SIZE	16384

static const struct nla_policy brfw_port_set_policy[BRFW_A_MAX + 1] = {
	[BRFW_A_IFINDEX]	= NLA_POLICY_MIN(NLA_U32, 1),
	[BRFW_A_POLICY_IN]	= NLA_POLICY_MAX(NLA_U8, BRFW_VERDICT_MAX),
	[BRFW_A_POLICY_OUT]	= NLA_POLICY_MAX(NLA_U8, BRFW_VERDICT_MAX),
	[BRFW_A_MAC]		= NLA_POLICY_EXACT_LEN(ETH_ALEN),
	[BRFW_A_IP4]		= NLA_POLICY_NESTED(brfw_ip_list_policy),
	[BRFW_A_IP6]		= NLA_POLICY_NESTED(brfw_ip_list_policy),
	[BRFW_A_VLANS]		= NLA_POLICY_NESTED(brfw_vlan_list_policy),
	[BRFW_A_PORT_FLAGS]	= NLA_POLICY_MASK(NLA_U32, BRFW_PORT_F_ALL),
	[BRFW_A_PORT_FLAGS_MASK] = NLA_POLICY_MASK(NLA_U32, BRFW_PORT_F_ALL),
	[BRFW_A_ISOLATION]	= NLA_POLICY_MAX(NLA_U8, BRFW_ISOLATION_MAX),
	[BRFW_A_COMMUNITY]	= { .type = NLA_NUL_STRING,
				    .len = BRFW_COMMUNITY_NAMSIZ - 1 },
	[BRFW_A_TXN]		= { .type = NLA_FLAG },
	[BRFW_A_CT_LIMIT]	= { .type = NLA_U32 },
};

static const struct nla_policy brfw_rule_add_policy[BRFW_A_MAX + 1] = {
	[BRFW_A_IFINDEX]	= NLA_POLICY_MIN(NLA_U32, 1),
	[BRFW_A_RULE]		= NLA_POLICY_NESTED(brfw_rule_policy),
	[BRFW_A_RULE_POS]	= NLA_POLICY_MIN(NLA_U32, 1),
	[BRFW_A_TXN]		= { .type = NLA_FLAG },
};

/* Commands that take no attribute: any is refused. */
static const struct nla_policy brfw_no_attr_policy[BRFW_A_MAX + 1] = {};

static const struct nla_policy brfw_rule_del_policy[BRFW_A_MAX + 1] = {
	[BRFW_A_IFINDEX]	= NLA_POLICY_MIN(NLA_U32, 1),
	[BRFW_A_RULE_ID]	= NLA_POLICY_MIN(NLA_U32, 1),
};

#define BRFW_SET_NAME_POLICY { .type = NLA_NUL_STRING, .len = BRFW_SET_NAMSIZ - 1 }

static const struct nla_policy brfw_set_policy[BRFW_A_MAX + 1] = {
	[BRFW_A_SET_NAME]	= BRFW_SET_NAME_POLICY,
	[BRFW_A_SET_ELEMS]	= NLA_POLICY_NESTED(brfw_set_elems_policy),
	[BRFW_A_TXN]		= { .type = NLA_FLAG },
};

static const struct nla_policy brfw_set_name_policy[BRFW_A_MAX + 1] = {
	[BRFW_A_SET_NAME]	= BRFW_SET_NAME_POLICY,
};

static const struct nla_policy brfw_set_elem_del_policy[BRFW_A_MAX + 1] = {
	[BRFW_A_SET_NAME]	= BRFW_SET_NAME_POLICY,
	[BRFW_A_SET_ELEMS]	= NLA_POLICY_NESTED(brfw_set_elems_policy),
};

static const struct nla_policy brfw_port_ifindex_policy[BRFW_A_MAX + 1] = {
	[BRFW_A_IFINDEX]	= NLA_POLICY_MIN(NLA_U32, 1),
};

/* The core records which attribute is missing; say it in words too. */
static bool brfw_nl_need_ifindex(struct genl_info *info)
{
	if (!GENL_REQ_ATTR_CHECK(info, BRFW_A_IFINDEX))
		return true;
	NL_SET_ERR_MSG(info->extack, "missing attribute: ifindex");
	return false;
}

static int brfw_nl_put_stats(struct sk_buff *skb, int attr,
			     const struct brfw_port *port, enum brfw_dir dir)
{
	struct brfw_stats st;
	struct nlattr *nest;

	brfw_port_stats(port, dir, &st);
	nest = nla_nest_start(skb, attr);
	if (!nest)
		return -EMSGSIZE;
	if (nla_put_u64_64bit(skb, BRFW_STAT_PASS_PACKETS, st.pass_packets,
			      BRFW_STAT_PAD) ||
	    nla_put_u64_64bit(skb, BRFW_STAT_PASS_BYTES, st.pass_bytes,
			      BRFW_STAT_PAD) ||
	    nla_put_u64_64bit(skb, BRFW_STAT_DROP_PACKETS, st.drop_packets,
			      BRFW_STAT_PAD) ||
	    nla_put_u64_64bit(skb, BRFW_STAT_DROP_BYTES, st.drop_bytes,
			      BRFW_STAT_PAD)) {
		nla_nest_cancel(skb, nest);
		return -EMSGSIZE;
	}
	nla_nest_end(skb, nest);
	return 0;
}

static int brfw_nl_put_drops(struct sk_buff *skb, const struct brfw_port *port)
{
	u64 reasons[__BRFW_REASON_MAX];
	struct nlattr *nest;
	int r;

	brfw_port_reasons(port, reasons);
	nest = nla_nest_start(skb, BRFW_A_DROPS);
	if (!nest)
		return -EMSGSIZE;
	for (r = BRFW_REASON_SPOOF_MAC; r < __BRFW_REASON_MAX; r++) {
		if (nla_put_u64_64bit(skb, r, reasons[r], BRFW_REASON_PAD)) {
			nla_nest_cancel(skb, nest);
			return -EMSGSIZE;
		}
	}
	nla_nest_end(skb, nest);
	return 0;
}

/* Called under RCU. */
static int brfw_nl_fill_port(struct sk_buff *skb, struct net *net,
			     const struct brfw_port *port, u32 portid, u32 seq,
			     int flags, struct netlink_callback *cb)
{
	const struct brfw_table *table = rcu_dereference(port->table);
	struct net_device *dev, *master;
	void *hdr;

	/*
	 * The device is unlisted before NETDEV_UNREGISTER removes its policy:
	 * in between, the port is as good as gone.
	 */
	dev = dev_get_by_index_rcu(net, port->ifindex);
	if (!dev)
		return -ENODEV;

	hdr = genlmsg_put(skb, portid, seq, &brfw_genl_family, flags,
			  BRFW_CMD_PORT_GET);
	if (!hdr)
		return -EMSGSIZE;
	if (cb)
		genl_dump_check_consistent(cb, hdr);

	if (nla_put_u32(skb, BRFW_A_IFINDEX, port->ifindex) ||
	    nla_put_u8(skb, BRFW_A_POLICY_IN, table->policy[BRFW_DIR_IN]) ||
	    nla_put_u8(skb, BRFW_A_POLICY_OUT, table->policy[BRFW_DIR_OUT]))
		goto nla_put_failure;

	if (nla_put_string(skb, BRFW_A_IFNAME, dev->name))
		goto nla_put_failure;
	master = netdev_master_upper_dev_get_rcu(dev);
	if (master &&
	    (nla_put_u32(skb, BRFW_A_MASTER_IFINDEX, master->ifindex) ||
	     nla_put_string(skb, BRFW_A_MASTER_IFNAME, master->name)))
		goto nla_put_failure;

	if (nla_put_u32(skb, BRFW_A_CT_LIMIT, table->ct_limit) ||
	    nla_put_u32(skb, BRFW_A_CT_FLOWS,
			(u32)max(atomic_read(&port->ct.flows), 0)))
		goto nla_put_failure;

	if (brfw_ident_fill(skb, &table->ident) ||
	    brfw_nl_put_stats(skb, BRFW_A_STATS_IN, port, BRFW_DIR_IN) ||
	    brfw_nl_put_stats(skb, BRFW_A_STATS_OUT, port, BRFW_DIR_OUT) ||
	    brfw_nl_put_drops(skb, port))
		goto nla_put_failure;

	genlmsg_end(skb, hdr);
	return 0;

nla_put_failure:
	genlmsg_cancel(skb, hdr);
	return -EMSGSIZE;
}

static int brfw_nl_version_get(struct sk_buff *skb, struct genl_info *info)
{
	struct sk_buff *msg;
	void *hdr;

	msg = genlmsg_new(NLMSG_DEFAULT_SIZE, GFP_KERNEL);
	if (!msg) {
		NL_SET_ERR_MSG(info->extack, "out of memory for the reply");
		return -ENOMEM;
	}
	hdr = genlmsg_put_reply(msg, info, &brfw_genl_family, 0,
				BRFW_CMD_VERSION_GET);
	if (!hdr ||
	    nla_put_string(msg, BRFW_A_VERSION, BRFW_VERSION) ||
	    nla_put_u32(msg, BRFW_A_PROTO_VERSION, BRFW_GENL_VERSION)) {
		nlmsg_free(msg);
		NL_SET_ERR_MSG(info->extack, "the reply does not fit");
		return -EMSGSIZE;
	}
	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);
}

/*
 * Under RTNL: the device of BRFW_A_IFINDEX, a bridge port, or NULL with
 * *err ENODEV (no device) or EINVAL (not a bridge port).
 */
static struct net_device *brfw_nl_bridge_port(struct net *net,
					      struct genl_info *info, int *err)
{
	struct nlattr *attr_ifindex = info->attrs[BRFW_A_IFINDEX];
	struct net_device *dev;

	ASSERT_RTNL();
	dev = __dev_get_by_index(net, nla_get_u32(attr_ifindex));
	if (!dev) {
		NL_SET_ERR_MSG_ATTR(info->extack, attr_ifindex,
				    "ifindex: no such device in this network namespace");
		*err = -ENODEV;
		return NULL;
	}
	if (!netif_is_bridge_port(dev)) {
		NL_SET_ERR_MSG_ATTR(info->extack, attr_ifindex,
				    "ifindex: device is not a bridge port");
		*err = -EINVAL;
		return NULL;
	}
	return dev;
}

/* A PORT_SET's policies and identity onto a table; all or nothing. */
static int brfw_nl_port_apply(struct brfw_table *t, struct genl_info *info)
{
	struct brfw_ident *id;
	int err;

	id = kmemdup(&t->ident, sizeof(*id), GFP_KERNEL_ACCOUNT);
	if (!id) {
		NL_SET_ERR_MSG(info->extack, "out of memory for the port's table");
		return -ENOMEM;
	}
	err = brfw_ident_apply(id, info->attrs, info->extack);
	if (!err) {
		t->ident = *id;
		if (info->attrs[BRFW_A_POLICY_IN])
			t->policy[BRFW_DIR_IN] =
				nla_get_u8(info->attrs[BRFW_A_POLICY_IN]);
		if (info->attrs[BRFW_A_POLICY_OUT])
			t->policy[BRFW_DIR_OUT] =
				nla_get_u8(info->attrs[BRFW_A_POLICY_OUT]);
		if (info->attrs[BRFW_A_CT_LIMIT])
			t->ct_limit = nla_get_u32(info->attrs[BRFW_A_CT_LIMIT]);
	}
	kfree(id);
	return err;
}

/* A private copy of the port's table (or a new one) to change. */
static struct brfw_table *brfw_nl_table_copy(struct brfw_net *bn,
					     int ifindex,
					     struct netlink_ext_ack *extack)
{
	struct brfw_port *port = brfw_port_find(bn, ifindex);
	struct brfw_table *t;

	t = brfw_table_clone(port ? rcu_dereference_protected(port->table,
					brfw_config_held()) : NULL);
	if (!t)
		NL_SET_ERR_MSG(extack, "out of memory for the port's table");
	return t;
}

/* Compile and publish a changed copy; it is freed on failure. */
static int brfw_nl_table_publish(struct brfw_net *bn, struct net_device *dev,
				 struct brfw_table *t,
				 struct netlink_ext_ack *extack)
{
	int err = brfw_table_compile(t, extack);

	if (err) {
		brfw_table_free(t);
		return err;
	}
	return brfw_port_publish(bn, dev, t, extack);
}

static int brfw_nl_port_set(struct sk_buff *skb, struct genl_info *info)
{
	struct net *net = genl_info_net(info);
	struct brfw_net *bn = brfw_net(net);
	struct brfw_table *table;
	struct net_device *dev;
	struct brfw_txn *txn;
	int err = -EINVAL;

	if (!brfw_nl_need_ifindex(info))
		return -EINVAL;

	/*
	 * RTNL keeps the device a bridge port until the policy is in place;
	 * the notifier that removes policies runs under RTNL too.
	 */
	rtnl_lock();
	mutex_lock(&brfw_config_mutex);
	dev = brfw_nl_bridge_port(net, info, &err);
	if (!dev)
		goto out;
	if (info->attrs[BRFW_A_TXN]) {
		txn = brfw_txn_of(bn, info);
		table = txn ? brfw_txn_table(txn, dev, info->extack) : NULL;
		if (table)
			err = brfw_nl_port_apply(table, info);
		goto out;
	}
	table = brfw_nl_table_copy(bn, dev->ifindex, info->extack);
	if (!table) {
		err = -ENOMEM;
		goto out;
	}
	err = brfw_nl_port_apply(table, info);
	if (err) {
		brfw_table_free(table);
		goto out;
	}
	err = brfw_nl_table_publish(bn, dev, table, info->extack);
out:
	mutex_unlock(&brfw_config_mutex);
	rtnl_unlock();
	return err;
}

static int brfw_nl_rule_add(struct sk_buff *skb, struct genl_info *info)
{
	struct net *net = genl_info_net(info);
	struct brfw_net *bn = brfw_net(net);
	struct brfw_txn *txn = NULL;
	struct brfw_table *table;
	struct brfw_rule *rule;
	struct net_device *dev;
	u32 pos = 0;
	int err = -EINVAL;

	if (!brfw_nl_need_ifindex(info))
		return -EINVAL;
	if (GENL_REQ_ATTR_CHECK(info, BRFW_A_RULE)) {
		NL_SET_ERR_MSG(info->extack, "missing attribute: rule");
		return -EINVAL;
	}
	if (info->attrs[BRFW_A_RULE_POS])
		pos = nla_get_u32(info->attrs[BRFW_A_RULE_POS]);

	rtnl_lock();
	mutex_lock(&brfw_config_mutex);
	dev = brfw_nl_bridge_port(net, info, &err);
	if (!dev)
		goto out;
	if (info->attrs[BRFW_A_TXN]) {
		txn = brfw_txn_of(bn, info);
		if (!txn)
			goto out;
	}
	rule = brfw_rule_parse(info->attrs[BRFW_A_RULE],
			       txn ? brfw_txn_sets(txn) : &bn->sets,
			       info->extack);
	if (IS_ERR(rule)) {
		err = PTR_ERR(rule);
		goto out;
	}
	if (txn) {
		table = brfw_txn_table(txn, dev, info->extack);
		err = table ? brfw_table_insert(table, rule, pos, info->extack) :
			      -ENOMEM;
		if (err)
			brfw_rule_put(rule);
		goto out;
	}
	table = brfw_nl_table_copy(bn, dev->ifindex, info->extack);
	if (!table) {
		brfw_rule_put(rule);
		err = -ENOMEM;
		goto out;
	}
	err = brfw_table_insert(table, rule, pos, info->extack);
	if (err) {
		brfw_rule_put(rule);
		brfw_table_free(table);
		goto out;
	}
	err = brfw_nl_table_publish(bn, dev, table, info->extack);
out:
	mutex_unlock(&brfw_config_mutex);
	rtnl_unlock();
	return err;
}

static int brfw_nl_rule_del(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *attr_ifindex = info->attrs[BRFW_A_IFINDEX];
	struct net *net = genl_info_net(info);
	struct brfw_net *bn = brfw_net(net);
	struct brfw_table *table;
	struct brfw_port *port;
	struct net_device *dev;
	int err;

	if (!brfw_nl_need_ifindex(info))
		return -EINVAL;
	if (GENL_REQ_ATTR_CHECK(info, BRFW_A_RULE_ID)) {
		NL_SET_ERR_MSG(info->extack, "missing attribute: rule id");
		return -EINVAL;
	}
	rtnl_lock();
	mutex_lock(&brfw_config_mutex);
	port = brfw_port_find(bn, nla_get_u32(attr_ifindex));
	dev = port ? __dev_get_by_index(net, port->ifindex) : NULL;
	if (!dev) {
		NL_SET_ERR_MSG_ATTR(info->extack, attr_ifindex,
				    "ifindex: port has no brfw policy");
		err = -ENOENT;
		goto out;
	}
	table = brfw_nl_table_copy(bn, dev->ifindex, info->extack);
	if (!table) {
		err = -ENOMEM;
		goto out;
	}
	err = brfw_table_remove(table, nla_get_u32(info->attrs[BRFW_A_RULE_ID]));
	if (err) {
		NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[BRFW_A_RULE_ID],
				    "rule: the port has no rule with that id");
		brfw_table_free(table);
		goto out;
	}
	err = brfw_nl_table_publish(bn, dev, table, info->extack);
out:
	mutex_unlock(&brfw_config_mutex);
	rtnl_unlock();
	return err;
}

/*
 * cb->args[0]: hash bucket, [1]: ports of it done, [2]: rules of the
 * current port done. An optional BRFW_A_IFINDEX filters.
 */
static int brfw_nl_rule_dump(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct net *net = sock_net(skb->sk);
	struct brfw_net *bn = brfw_net(net);
	const struct nlattr *filter;
	const struct brfw_table *t;
	unsigned long bkt = cb->args[0], pidx;
	struct brfw_port *port;
	struct net_device *dev;
	u32 ifindex = 0, i, pin, pout;
	void *hdr;

	filter = nlmsg_find_attr(cb->nlh, GENL_HDRLEN, BRFW_A_IFINDEX);
	if (filter)
		ifindex = nla_get_u32(filter);

	rcu_read_lock();
	cb->seq = READ_ONCE(bn->gen);
	for (; bkt < HASH_SIZE(bn->ports); bkt++, cb->args[1] = 0) {
		pidx = 0;
		hlist_for_each_entry_rcu(port, &bn->ports[bkt], hnode) {
			if (pidx++ < cb->args[1])
				continue;
			if (ifindex && port->ifindex != ifindex)
				goto next_port;
			dev = dev_get_by_index_rcu(net, port->ifindex);
			if (!dev)
				goto next_port;
			t = rcu_dereference(port->table);
			for (i = 0, pin = 0, pout = 0; i < t->nrules; i++) {
				const struct brfw_rule *r = t->rules[i];

				pin += !!(r->dirs & BRFW_RULE_DIR_IN);
				pout += !!(r->dirs & BRFW_RULE_DIR_OUT);
				if (i < cb->args[2])
					continue;
				hdr = genlmsg_put(skb, NETLINK_CB(cb->skb).portid,
						  cb->nlh->nlmsg_seq,
						  &brfw_genl_family, NLM_F_MULTI,
						  BRFW_CMD_RULE_GET);
				if (!hdr)
					goto out;
				genl_dump_check_consistent(cb, hdr);
				if (nla_put_u32(skb, BRFW_A_IFINDEX, port->ifindex) ||
				    nla_put_string(skb, BRFW_A_IFNAME, dev->name) ||
				    brfw_rule_fill(skb, r,
						   r->dirs & BRFW_RULE_DIR_IN ? pin : 0,
						   r->dirs & BRFW_RULE_DIR_OUT ? pout : 0)) {
					genlmsg_cancel(skb, hdr);
					goto out;
				}
				genlmsg_end(skb, hdr);
				cb->args[2] = i + 1;
			}
next_port:
			cb->args[1] = pidx;
			cb->args[2] = 0;
		}
	}
out:
	rcu_read_unlock();
	cb->args[0] = bkt;
	return skb->len;
}

static int brfw_nl_set_op(struct sk_buff *skb, struct genl_info *info)
{
	struct brfw_net *bn = brfw_net(genl_info_net(info));
	u8 cmd = info->genlhdr->cmd;
	struct brfw_txn *txn;
	int err = -EINVAL;

	mutex_lock(&brfw_config_mutex);
	if (info->attrs[BRFW_A_TXN]) {
		txn = brfw_txn_of(bn, info);
		if (txn && cmd == BRFW_CMD_SET_NEW)
			err = brfw_txn_set_new(txn, info);
		else if (txn)
			err = brfw_txn_set_add(txn, info);
	} else if (cmd == BRFW_CMD_SET_NEW) {
		err = brfw_set_nl_new(bn, info);
	} else if (cmd == BRFW_CMD_SET_DEL) {
		err = brfw_set_nl_del(bn, info);
	} else {
		err = brfw_set_nl_elems(bn, info, cmd == BRFW_CMD_SET_ELEM_ADD);
	}
	mutex_unlock(&brfw_config_mutex);
	return err;
}

static int brfw_nl_set_dump(struct sk_buff *skb, struct netlink_callback *cb)
{
	return brfw_set_nl_dump(skb, cb, &brfw_genl_family);
}

static int brfw_nl_counters_reset(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *attr_ifindex = info->attrs[BRFW_A_IFINDEX];
	struct brfw_net *bn = brfw_net(genl_info_net(info));
	struct brfw_port *port;
	int err = 0, bkt;

	mutex_lock(&brfw_config_mutex);
	if (attr_ifindex) {
		port = brfw_port_find(bn, nla_get_u32(attr_ifindex));
		if (port) {
			brfw_port_reset(port);
		} else {
			NL_SET_ERR_MSG_ATTR(info->extack, attr_ifindex,
					    "ifindex: port has no brfw policy");
			err = -ENOENT;
		}
	} else {
		hash_for_each(bn->ports, bkt, port, hnode)
			brfw_port_reset(port);
	}
	mutex_unlock(&brfw_config_mutex);
	return err;
}

static int brfw_nl_txn(struct sk_buff *skb, struct genl_info *info)
{
	struct net *net = genl_info_net(info);
	struct brfw_net *bn = brfw_net(net);
	u8 cmd = info->genlhdr->cmd;
	int err = -EINVAL;

	if (cmd == BRFW_CMD_TXN_COMMIT)
		rtnl_lock();
	mutex_lock(&brfw_config_mutex);
	if (cmd == BRFW_CMD_TXN_BEGIN) {
		err = brfw_txn_begin(bn, info);
	} else if (brfw_txn_of(bn, info)) {
		if (cmd == BRFW_CMD_TXN_COMMIT) {
			err = brfw_txn_commit(bn, net, info->extack);
		} else {
			brfw_txn_abort(bn);
			err = 0;
		}
	}
	mutex_unlock(&brfw_config_mutex);
	if (cmd == BRFW_CMD_TXN_COMMIT)
		rtnl_unlock();
	return err;
}

static int brfw_nl_port_del(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *attr_ifindex = info->attrs[BRFW_A_IFINDEX];
	struct brfw_net *bn = brfw_net(genl_info_net(info));
	struct brfw_port *port;
	int err = 0;

	if (!brfw_nl_need_ifindex(info))
		return -EINVAL;

	mutex_lock(&brfw_config_mutex);
	port = brfw_port_find(bn, nla_get_u32(attr_ifindex));
	if (port) {
		brfw_port_del(bn, port);
	} else {
		NL_SET_ERR_MSG_ATTR(info->extack, attr_ifindex,
				    "ifindex: port has no brfw policy");
		err = -ENOENT;
	}
	mutex_unlock(&brfw_config_mutex);
	return err;
}

static int brfw_nl_port_get(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *attr_ifindex = info->attrs[BRFW_A_IFINDEX];
	struct net *net = genl_info_net(info);
	struct brfw_port *port;
	struct sk_buff *msg;
	int err;

	if (!brfw_nl_need_ifindex(info))
		return -EINVAL;

	msg = genlmsg_new(BRFW_PORT_MSG_SIZE, GFP_KERNEL);
	if (!msg) {
		NL_SET_ERR_MSG(info->extack, "out of memory for the reply");
		return -ENOMEM;
	}

	rcu_read_lock();
	port = brfw_port_lookup_rcu(brfw_net(net), nla_get_u32(attr_ifindex));
	if (!port) {
		NL_SET_ERR_MSG_ATTR(info->extack, attr_ifindex,
				    "ifindex: port has no brfw policy");
		err = -ENOENT;
	} else {
		err = brfw_nl_fill_port(msg, net, port, info->snd_portid,
					info->snd_seq, 0, NULL);
		if (err == -ENODEV)
			NL_SET_ERR_MSG_ATTR(info->extack, attr_ifindex,
					    "ifindex: device is going away");
		else if (err)
			NL_SET_ERR_MSG(info->extack, "the reply does not fit");
	}
	rcu_read_unlock();

	if (err) {
		nlmsg_free(msg);
		return err;
	}
	return genlmsg_reply(msg, info);
}

/*
 * cb->args[0]: hash bucket to resume at, cb->args[1]: entries of that
 * bucket already sent. A change between two parts of a dump moves the
 * generation, and the next message carries NLM_F_DUMP_INTR.
 */
static int brfw_nl_port_dump(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct net *net = sock_net(skb->sk);
	struct brfw_net *bn = brfw_net(net);
	unsigned long bkt = cb->args[0];
	unsigned long skip = cb->args[1];
	unsigned long idx = 0;
	struct brfw_port *port;
	int err;

	rcu_read_lock();
	cb->seq = READ_ONCE(bn->gen);
	for (; bkt < HASH_SIZE(bn->ports); bkt++, skip = 0) {
		idx = 0;
		hlist_for_each_entry_rcu(port, &bn->ports[bkt], hnode) {
			if (idx < skip) {
				idx++;
				continue;
			}
			err = brfw_nl_fill_port(skb, net, port,
						NETLINK_CB(cb->skb).portid,
						cb->nlh->nlmsg_seq, NLM_F_MULTI,
						cb);
			if (err && err != -ENODEV)
				goto out;
			idx++;
		}
	}
out:
	rcu_read_unlock();
	cb->args[0] = bkt;
	cb->args[1] = idx;
	return skb->len;
}

static int brfw_nl_ct_get(struct sk_buff *skb, struct genl_info *info)
{
	return brfw_ct_nl_get(skb, info, &brfw_genl_family);
}

static int brfw_nl_flow_dump(struct sk_buff *skb, struct netlink_callback *cb)
{
	return brfw_ct_nl_dump(skb, cb, &brfw_genl_family);
}

static const struct genl_ops brfw_genl_ops[] = {
	{
		.cmd		= BRFW_CMD_VERSION_GET,
		.doit		= brfw_nl_version_get,
	},
	{
		.cmd		= BRFW_CMD_PORT_SET,
		.doit		= brfw_nl_port_set,
		.policy		= brfw_port_set_policy,
		.maxattr	= BRFW_A_MAX,
		.flags		= GENL_ADMIN_PERM,
	},
	{
		.cmd		= BRFW_CMD_PORT_GET,
		.doit		= brfw_nl_port_get,
		.dumpit		= brfw_nl_port_dump,
		.policy		= brfw_port_ifindex_policy,
		.maxattr	= BRFW_A_MAX,
		.flags		= GENL_ADMIN_PERM,
	},
	{
		.cmd		= BRFW_CMD_PORT_DEL,
		.doit		= brfw_nl_port_del,
		.policy		= brfw_port_ifindex_policy,
		.maxattr	= BRFW_A_MAX,
		.flags		= GENL_ADMIN_PERM,
	},
	{
		.cmd		= BRFW_CMD_RULE_ADD,
		.doit		= brfw_nl_rule_add,
		.policy		= brfw_rule_add_policy,
		.maxattr	= BRFW_A_MAX,
		.flags		= GENL_ADMIN_PERM,
	},
	{
		.cmd		= BRFW_CMD_RULE_DEL,
		.doit		= brfw_nl_rule_del,
		.policy		= brfw_rule_del_policy,
		.maxattr	= BRFW_A_MAX,
		.flags		= GENL_ADMIN_PERM,
	},
	{
		.cmd		= BRFW_CMD_RULE_GET,
		.dumpit		= brfw_nl_rule_dump,
		.policy		= brfw_port_ifindex_policy,
		.maxattr	= BRFW_A_MAX,
		.flags		= GENL_ADMIN_PERM,
	},
	{
		.cmd		= BRFW_CMD_SET_NEW,
		.doit		= brfw_nl_set_op,
		.policy		= brfw_set_policy,
		.maxattr	= BRFW_A_MAX,
		.flags		= GENL_ADMIN_PERM,
	},
	{
		.cmd		= BRFW_CMD_SET_DEL,
		.doit		= brfw_nl_set_op,
		.policy		= brfw_set_name_policy,
		.maxattr	= BRFW_A_MAX,
		.flags		= GENL_ADMIN_PERM,
	},
	{
		.cmd		= BRFW_CMD_SET_ELEM_ADD,
		.doit		= brfw_nl_set_op,
		.policy		= brfw_set_policy,
		.maxattr	= BRFW_A_MAX,
		.flags		= GENL_ADMIN_PERM,
	},
	{
		.cmd		= BRFW_CMD_SET_ELEM_DEL,
		.doit		= brfw_nl_set_op,
		.policy		= brfw_set_elem_del_policy,
		.maxattr	= BRFW_A_MAX,
		.flags		= GENL_ADMIN_PERM,
	},
	{
		.cmd		= BRFW_CMD_SET_GET,
		.dumpit		= brfw_nl_set_dump,
		.policy		= brfw_set_name_policy,
		.maxattr	= BRFW_A_MAX,
		.flags		= GENL_ADMIN_PERM,
	},
	{
		.cmd		= BRFW_CMD_COUNTERS_RESET,
		.doit		= brfw_nl_counters_reset,
		.policy		= brfw_port_ifindex_policy,
		.maxattr	= BRFW_A_MAX,
		.flags		= GENL_ADMIN_PERM,
	},
	{
		.cmd		= BRFW_CMD_TXN_BEGIN,
		.doit		= brfw_nl_txn,
		.policy		= brfw_no_attr_policy,
		.maxattr	= BRFW_A_MAX,
		.flags		= GENL_ADMIN_PERM,
	},
	{
		.cmd		= BRFW_CMD_TXN_COMMIT,
		.doit		= brfw_nl_txn,
		.policy		= brfw_no_attr_policy,
		.maxattr	= BRFW_A_MAX,
		.flags		= GENL_ADMIN_PERM,
	},
	{
		.cmd		= BRFW_CMD_TXN_ABORT,
		.doit		= brfw_nl_txn,
		.policy		= brfw_no_attr_policy,
		.maxattr	= BRFW_A_MAX,
		.flags		= GENL_ADMIN_PERM,
	},
	{
		.cmd		= BRFW_CMD_CT_GET,
		.doit		= brfw_nl_ct_get,
		.policy		= brfw_ct_get_policy,
		.maxattr	= BRFW_A_MAX,
		.flags		= GENL_ADMIN_PERM,
	},
	{
		.cmd		= BRFW_CMD_CT_SET,
		.doit		= brfw_ct_nl_set,
		.policy		= brfw_ct_set_policy,
		.maxattr	= BRFW_A_MAX,
		.flags		= GENL_ADMIN_PERM,
	},
	{
		.cmd		= BRFW_CMD_FLOW_GET,
		.dumpit		= brfw_nl_flow_dump,
		.policy		= brfw_flow_get_policy,
		.maxattr	= BRFW_A_MAX,
		.flags		= GENL_ADMIN_PERM,
	},
	{
		.cmd		= BRFW_CMD_FLOW_DEL,
		.doit		= brfw_ct_nl_del,
		.policy		= brfw_flow_del_policy,
		.maxattr	= BRFW_A_MAX,
		.flags		= GENL_ADMIN_PERM,
	},
};

static struct genl_family brfw_genl_family __ro_after_init = {
	.name		= BRFW_GENL_NAME,
	.version	= BRFW_GENL_VERSION,
	.maxattr	= BRFW_A_MAX,
	.netnsok	= true,
	.module		= THIS_MODULE,
	.ops		= brfw_genl_ops,
	.n_ops		= ARRAY_SIZE(brfw_genl_ops),
	/* 0: strict validation and reserved-byte checks for every command. */
	.resv_start_op	= 0,
};

int brfw_netlink_init(void)
{
	return genl_register_family(&brfw_genl_family);
}

void brfw_netlink_uninit(void)
{
	genl_unregister_family(&brfw_genl_family);
}
