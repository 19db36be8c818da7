// SPDX-License-Identifier: GPL-2.0
/*
 * Per network namespace setup: the port table, the sets, the flow table
 * and the hooks.
 *
 * Teardown follows the pernet contract: hooks are unregistered in
 * .pre_exit, and the core runs a grace period before .exit frees the
 * ports, so no hook can still be looking at them.
 */
#include "netns.h"
#include "hooks.h"
#include "port.h"
#include "set.h"
#include "txn.h"
#include "ct.h"

DEFINE_MUTEX(brfw_config_mutex);
unsigned int brfw_net_id __read_mostly;

static int __net_init brfw_net_init(struct net *net)
{
	struct brfw_net *bn = brfw_net(net);
	int err;

	hash_init(bn->ports);
	bn->nports = 0;
	bn->gen = 1;
	INIT_LIST_HEAD(&bn->sets);
	bn->nsets = 0;
	bn->txn = NULL;
	bn->ct = brfw_ct_net_alloc(0, bn);
	if (!bn->ct)
		return -ENOMEM;
	err = brfw_hooks_register(net);
	if (err) {
		brfw_ct_net_free(bn->ct);
		bn->ct = NULL;
	}
	return err;
}

static void __net_exit brfw_net_pre_exit(struct net *net)
{
	brfw_hooks_unregister(net);
}

static void __net_exit brfw_net_exit(struct net *net)
{
	struct brfw_net *bn = brfw_net(net);

	mutex_lock(&brfw_config_mutex);
	brfw_txn_abort(bn);
	/* All flows at once, rather than port by port. */
	brfw_ct_net_free(bn->ct);
	bn->ct = NULL;
	brfw_port_flush(bn);
	brfw_set_flush(bn);
	mutex_unlock(&brfw_config_mutex);
}

static struct pernet_operations brfw_net_ops = {
	.init		= brfw_net_init,
	.pre_exit	= brfw_net_pre_exit,
	.exit		= brfw_net_exit,
	.id		= &brfw_net_id,
	.size		= sizeof(struct brfw_net),
};

int brfw_netns_init(void)
{
	return register_pernet_subsys(&brfw_net_ops);
}

void brfw_netns_uninit(void)
{
	unregister_pernet_subsys(&brfw_net_ops);
}
