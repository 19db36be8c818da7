// SPDX-License-Identifier: GPL-2.0
/*
 * Transactions: brfwctl restore replaces the whole configuration of a
 * namespace in one step.
 *
 * TXN_BEGIN opens an empty staging area owned by the socket that sent it.
 * Requests flagged BRFW_A_TXN build staged ports (tables: policies,
 * identity, rules) and staged sets there, validated as they come, and
 * nothing is published. TXN_COMMIT then, under RTNL and the config mutex,
 *  1. builds every staged set's members,
 *  2. checks every staged port's device, compiles its table and prepares
 *     the port (allocations, ingress hook): everything that can fail;
 *  3. publishes: ports not staged lose their policy, staged ports get
 *     their tables, the old sets go and the staged ones take their place.
 * A failure before step 3 undoes steps 1 and 2, so the live configuration
 * never changed. Step 3 cannot fail. The old tables and sets are freed
 * after a grace period (readers may be using them); a rule of a new
 * table only ever points at a staged set.
 *
 * The owner closing its socket aborts the transaction (netlink notifier).
 */
#include <linux/netdevice.h>
#include <linux/notifier.h>
#include <linux/rtnetlink.h>
#include <linux/slab.h>

#include "txn.h"
#include "set.h"
#include "table.h"

struct brfw_txn_port {
	struct list_head list;
	int ifindex;
	struct brfw_table *table;	/* not compiled until commit */
	struct brfw_port_prep prep;
};

/* The members given so far for a staged set: sorted at commit. */
struct brfw_txn_elems {
	struct list_head list;
	struct brfw_set *set;
	struct brfw_elems e;
	u32 cap;
};

struct brfw_txn {
	u32 portid;
	struct list_head ports;		/* struct brfw_txn_port */
	struct list_head sets;		/* struct brfw_set, by name */
	struct list_head elems;		/* struct brfw_txn_elems */
	unsigned int nsets;
};

static void brfw_txn_free(struct brfw_txn *txn)
{
	struct brfw_txn_elems *te, *te_tmp;
	struct brfw_txn_port *tp, *tp_tmp;
	struct brfw_set *set, *set_tmp;

	list_for_each_entry_safe(tp, tp_tmp, &txn->ports, list) {
		brfw_table_free(tp->table);
		kfree(tp);
	}
	list_for_each_entry_safe(te, te_tmp, &txn->elems, list) {
		kvfree(te->e.elems);
		kfree(te);
	}
	list_for_each_entry_safe(set, set_tmp, &txn->sets, list)
		brfw_set_free(set);
	kfree(txn);
}

void brfw_txn_abort(struct brfw_net *bn)
{
	lockdep_assert_held(&brfw_config_mutex);
	if (bn->txn) {
		brfw_txn_free(bn->txn);
		bn->txn = NULL;
	}
}

int brfw_txn_begin(struct brfw_net *bn, struct genl_info *info)
{
	struct brfw_txn *txn;

	lockdep_assert_held(&brfw_config_mutex);
	if (bn->txn) {
		if (bn->txn->portid == info->snd_portid)
			NL_SET_ERR_MSG(info->extack,
				       "transaction: this socket has one open already");
		else
			NL_SET_ERR_MSG(info->extack,
				       "transaction: another one is in progress in this namespace");
		return -EBUSY;
	}
	txn = kzalloc(sizeof(*txn), GFP_KERNEL_ACCOUNT);
	if (!txn) {
		NL_SET_ERR_MSG(info->extack, "transaction: out of memory");
		return -ENOMEM;
	}
	txn->portid = info->snd_portid;
	INIT_LIST_HEAD(&txn->ports);
	INIT_LIST_HEAD(&txn->sets);
	INIT_LIST_HEAD(&txn->elems);
	bn->txn = txn;
	return 0;
}

struct brfw_txn *brfw_txn_of(struct brfw_net *bn, struct genl_info *info)
{
	lockdep_assert_held(&brfw_config_mutex);
	if (!bn->txn || bn->txn->portid != info->snd_portid) {
		NL_SET_ERR_MSG(info->extack,
			       "transaction: none open by this socket");
		return NULL;
	}
	return bn->txn;
}

struct list_head *brfw_txn_sets(struct brfw_txn *txn)
{
	return &txn->sets;
}

struct brfw_table *brfw_txn_table(struct brfw_txn *txn,
				  struct net_device *dev,
				  struct netlink_ext_ack *extack)
{
	struct brfw_txn_port *tp;

	list_for_each_entry(tp, &txn->ports, list)
		if (tp->ifindex == dev->ifindex)
			return tp->table;
	tp = kzalloc(sizeof(*tp), GFP_KERNEL_ACCOUNT);
	if (tp)
		tp->table = brfw_table_clone(NULL);
	if (!tp || !tp->table) {
		kfree(tp);
		NL_SET_ERR_MSG(extack, "transaction: out of memory for the port");
		return NULL;
	}
	tp->ifindex = dev->ifindex;
	list_add_tail(&tp->list, &txn->ports);
	return tp->table;
}

static struct brfw_txn_elems *brfw_txn_elems_of(struct brfw_txn *txn,
						const struct brfw_set *set)
{
	struct brfw_txn_elems *te;

	list_for_each_entry(te, &txn->elems, list)
		if (te->set == set)
			return te;
	return NULL;
}

/* Append the request's members; the array grows by doubling. */
static int brfw_txn_elems_append(struct brfw_txn_elems *te,
				 const struct brfw_elems *req,
				 struct netlink_ext_ack *extack)
{
	u32 i;

	if (te->e.n + req->n > BRFW_MAX_SET_ELEMS) {
		NL_SET_ERR_MSG(extack, "set: too many members");
		return -ENOSPC;
	}
	if (te->e.n + req->n > te->cap) {
		u32 cap = max_t(u32, 64, te->cap);
		struct brfw_elem *elems;

		while (cap < te->e.n + req->n)
			cap *= 2;
		elems = kvmalloc_array(cap, sizeof(*elems), GFP_KERNEL_ACCOUNT);
		if (!elems) {
			NL_SET_ERR_MSG(extack, "set: out of memory for the members");
			return -ENOMEM;
		}
		if (te->e.n)
			memcpy(elems, te->e.elems, te->e.n * sizeof(*elems));
		kvfree(te->e.elems);
		te->e.elems = elems;
		te->cap = cap;
	}
	for (i = 0; i < req->n; i++) {
		te->e.elems[te->e.n++] = req->elems[i];
		te->set->pending_families |= req->elems[i].family == 4 ?
					     BRFW_SET_HAS_V4 : BRFW_SET_HAS_V6;
	}
	return 0;
}

int brfw_txn_set_new(struct brfw_txn *txn, struct genl_info *info)
{
	struct nlattr *name = info->attrs[BRFW_A_SET_NAME];
	struct brfw_txn_elems *te;
	struct brfw_elems req;
	struct brfw_set *set;
	int err;

	if (!name || !brfw_set_name_ok(nla_data(name))) {
		NL_SET_ERR_MSG(info->extack, "set: missing or bad name");
		return -EINVAL;
	}
	if (brfw_set_find_in(&txn->sets, nla_data(name))) {
		NL_SET_ERR_MSG_ATTR(info->extack, name, "set: a set of that name exists");
		return -EEXIST;
	}
	if (txn->nsets >= BRFW_MAX_SETS) {
		NL_SET_ERR_MSG(info->extack, "set: too many sets in this namespace");
		return -ENOSPC;
	}
	err = brfw_elems_parse(info->attrs[BRFW_A_SET_ELEMS], &req, info->extack);
	if (err)
		return err;
	set = brfw_set_alloc(nla_data(name));
	te = kzalloc(sizeof(*te), GFP_KERNEL_ACCOUNT);
	if (!set || !te) {
		NL_SET_ERR_MSG(info->extack, "set: out of memory");
		err = -ENOMEM;
		goto err;
	}
	te->set = set;
	err = brfw_txn_elems_append(te, &req, info->extack);
	if (err)
		goto err;
	kvfree(req.elems);
	brfw_set_link(&txn->sets, set);
	list_add_tail(&te->list, &txn->elems);
	txn->nsets++;
	return 0;
err:
	kvfree(req.elems);
	if (te)
		kvfree(te->e.elems);
	kfree(te);
	kfree(set);
	return err;
}

int brfw_txn_set_add(struct brfw_txn *txn, struct genl_info *info)
{
	struct nlattr *name = info->attrs[BRFW_A_SET_NAME];
	struct brfw_txn_elems *te;
	struct brfw_elems req;
	struct brfw_set *set;
	int err;

	set = name ? brfw_set_find_in(&txn->sets, nla_data(name)) : NULL;
	if (!set) {
		NL_SET_ERR_MSG(info->extack, "set: no such set");
		return -ENOENT;
	}
	err = brfw_elems_parse(info->attrs[BRFW_A_SET_ELEMS], &req, info->extack);
	if (err)
		return err;
	te = brfw_txn_elems_of(txn, set);
	err = brfw_txn_elems_append(te, &req, info->extack);
	kvfree(req.elems);
	return err;
}

int brfw_txn_commit(struct brfw_net *bn, struct net *net,
		    struct netlink_ext_ack *extack)
{
	struct brfw_txn *txn = bn->txn;
	struct brfw_txn_port *tp, *done;
	struct brfw_txn_elems *te;
	struct brfw_set *set, *tmp;
	struct brfw_set_data *d;
	struct hlist_node *htmp;
	struct brfw_port *port;
	struct net_device *dev;
	int err, bkt;

	lockdep_assert_held(&brfw_config_mutex);
	ASSERT_RTNL();

	/* 1. The members of every staged set. */
	list_for_each_entry(te, &txn->elems, list) {
		d = brfw_set_data_build(&te->e);
		te->cap = 0;
		if (!d) {
			NL_SET_ERR_MSG(extack, "transaction: out of memory for a set");
			err = -ENOMEM;
			goto abort;
		}
		rcu_assign_pointer(te->set->data, d);
	}

	/* 2. Every staged port: device, classifiers, port object. */
	list_for_each_entry(tp, &txn->ports, list) {
		dev = __dev_get_by_index(net, tp->ifindex);
		if (!dev || !netif_is_bridge_port(dev)) {
			NL_SET_ERR_MSG(extack,
				       "transaction: a port of it is gone or left its bridge");
			err = -ENODEV;
			goto cancel;
		}
		err = brfw_table_compile(tp->table, extack);
		if (err)
			goto cancel;
		err = brfw_port_prepare(bn, dev, tp->table, &tp->prep, extack);
		if (err)
			goto cancel;
	}

	/* 3. Publish; nothing fails from here. */
	hash_for_each_safe(bn->ports, bkt, htmp, port, hnode) {
		bool staged = false;

		list_for_each_entry(tp, &txn->ports, list)
			if (tp->ifindex == port->ifindex)
				staged = true;
		if (!staged)
			brfw_port_del(bn, port);
	}
	list_for_each_entry(tp, &txn->ports, list) {
		brfw_port_commit(bn, &tp->prep, tp->table);
		tp->table = NULL;
	}
	list_for_each_entry_safe(set, tmp, &bn->sets, list)
		brfw_set_unlink(bn, set);
	list_for_each_entry_safe(set, tmp, &txn->sets, list) {
		list_del(&set->list);
		brfw_set_link(&bn->sets, set);
		bn->nsets++;
	}
	brfw_net_changed(bn);
	brfw_txn_abort(bn);
	return 0;

cancel:
	list_for_each_entry(done, &txn->ports, list) {
		if (done == tp)
			break;
		brfw_port_cancel(&done->prep);
	}
abort:
	brfw_txn_abort(bn);
	return err;
}

/* The owner's socket closed: its transaction goes with it. */
static int brfw_txn_netlink_event(struct notifier_block *nb,
				  unsigned long event, void *ptr)
{
	struct netlink_notify *n = ptr;
	struct brfw_net *bn;

	if (event != NETLINK_URELEASE || n->protocol != NETLINK_GENERIC)
		return NOTIFY_DONE;
	mutex_lock(&brfw_config_mutex);
	bn = brfw_net(n->net);
	if (bn->txn && bn->txn->portid == n->portid)
		brfw_txn_abort(bn);
	mutex_unlock(&brfw_config_mutex);
	return NOTIFY_DONE;
}

static struct notifier_block brfw_txn_nb = {
	.notifier_call = brfw_txn_netlink_event,
};

int brfw_txn_init(void)
{
	return netlink_register_notifier(&brfw_txn_nb);
}

void brfw_txn_uninit(void)
{
	netlink_unregister_notifier(&brfw_txn_nb);
}
