/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _BRFW_TXN_H
#define _BRFW_TXN_H

#include <net/genetlink.h>

#include "netns.h"
#include "port.h"

/*
 * A transaction: a whole configuration staged beside the live one, then
 * put in its place at once (brfwctl restore). See BRFW_CMD_TXN_BEGIN.
 * Everything here runs under brfw_config_mutex.
 */
int brfw_txn_begin(struct brfw_net *bn, struct genl_info *info);
/* The caller's open transaction, or NULL with an extack message. */
struct brfw_txn *brfw_txn_of(struct brfw_net *bn, struct genl_info *info);
/*
 * The staged table of a port (created with the defaults if new), for a
 * request to change in place. Under RTNL: dev is a bridge port.
 */
struct brfw_table *brfw_txn_table(struct brfw_txn *txn,
				  struct net_device *dev,
				  struct netlink_ext_ack *extack);
/* The staged sets, for rules to find theirs. */
struct list_head *brfw_txn_sets(struct brfw_txn *txn);
int brfw_txn_set_new(struct brfw_txn *txn, struct genl_info *info);
int brfw_txn_set_add(struct brfw_txn *txn, struct genl_info *info);
/* Under RTNL. On failure the transaction is gone and nothing changed. */
int brfw_txn_commit(struct brfw_net *bn, struct net *net,
		    struct netlink_ext_ack *extack);
void brfw_txn_abort(struct brfw_net *bn);

int brfw_txn_init(void);
void brfw_txn_uninit(void);

#endif
