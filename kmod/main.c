// SPDX-License-Identifier: GPL-2.0
/*
 * brfw: a firewall for virtual machines at the host's Linux bridge, one
 * policy per bridge port, on NFPROTO_BRIDGE hooks (no br_netfilter).
 *
 * This file only brings the subsystems up and down, in dependency order:
 * the flow cache, namespaces (hooks, port and flow tables), device and
 * socket notifiers, then
 * netlink last, so that no configuration arrives before the rest is ready.
 */
#include <linux/module.h>
#include <linux/rcupdate.h>
#include <net/genetlink.h>
#include <linux/brfw.h>

#include "version.h"
#include "netns.h"
#include "notify.h"
#include "netlink.h"
#include "log.h"
#include "txn.h"
#include "ct.h"

static int __init brfw_init(void)
{
	int err;

	brfw_log_init();
	err = brfw_ct_init();
	if (err)
		goto err_log;
	err = brfw_netns_init();
	if (err)
		goto err_ct;
	err = brfw_notify_init();
	if (err)
		goto err_netns;
	err = brfw_txn_init();
	if (err)
		goto err_notify;
	err = brfw_netlink_init();
	if (err)
		goto err_txn;
	pr_info("brfw %s loaded\n", BRFW_VERSION);
	return 0;

err_txn:
	brfw_txn_uninit();
err_notify:
	brfw_notify_uninit();
err_netns:
	brfw_netns_uninit();
	rcu_barrier();
err_ct:
	brfw_ct_uninit();
err_log:
	brfw_log_uninit();
	return err;
}

static void __exit brfw_exit(void)
{
	brfw_netlink_uninit();
	brfw_txn_uninit();
	brfw_notify_uninit();
	brfw_netns_uninit();
	/* Ports are freed by call_rcu(): let every callback finish. */
	rcu_barrier();
	/* Every namespace freed its flows: the flow cache may go. */
	brfw_ct_uninit();
	/* No hook runs any more: the logger may go. */
	brfw_log_uninit();
	pr_info("brfw %s unloaded\n", BRFW_VERSION);
}

module_init(brfw_init);
module_exit(brfw_exit);

MODULE_LICENSE("GPL");
MODULE_VERSION(BRFW_VERSION);
MODULE_DESCRIPTION("Per-bridge-port firewall for virtual machines");
MODULE_AUTHOR("brfw developers");
MODULE_ALIAS_GENL_FAMILY(BRFW_GENL_NAME);
