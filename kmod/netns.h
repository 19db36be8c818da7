/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _BRFW_NETNS_H
#define _BRFW_NETNS_H

#include <linux/hashtable.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <net/net_namespace.h>
#include <net/netns/generic.h>

#define BRFW_PORT_HASH_BITS 8

/*
 * Per network namespace state. The port table is written only under
 * brfw_config_mutex and read under RCU by the hooks and dumps.
 */
struct brfw_txn;
struct brfw_ct_net;

struct brfw_net {
	DECLARE_HASHTABLE(ports, BRFW_PORT_HASH_BITS);
	unsigned int nports;	/* READ_ONCE() in the hooks: fast exit at 0 */
	/*
	 * Bumped on every change (brfw_net_changed()): dumps check their
	 * consistency with it, and flows are re-admitted when it moved
	 * since they last were (conntrack revocation).
	 */
	u32 gen;
	struct brfw_ct_net *ct;	/* the flow table */
	struct list_head sets;	/* struct brfw_set, by name; RCU for dumps */
	unsigned int nsets;
	struct brfw_txn *txn;	/* the open transaction, if any */
};

/*
 * After publishing a change (a table, a set's members): a reader that
 * sees the new gen (brfw_net_gen()) also sees what was published.
 */
static inline void brfw_net_changed(struct brfw_net *bn)
{
	smp_store_release(&bn->gen, bn->gen + 1);
}

static inline u32 brfw_net_gen(const struct brfw_net *bn)
{
	return smp_load_acquire(&bn->gen);
}

/* Serialises every configuration change, in every namespace. */
extern struct mutex brfw_config_mutex;

#define brfw_config_held() lockdep_is_held(&brfw_config_mutex)

extern unsigned int brfw_net_id;

static inline struct brfw_net *brfw_net(const struct net *net)
{
	return net_generic(net, brfw_net_id);
}

int brfw_netns_init(void);
void brfw_netns_uninit(void);

#endif
