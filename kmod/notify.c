// SPDX-License-Identifier: GPL-2.0
/*
 * A policy dies with its port: when the device unregisters (a namespace
 * move unregisters it from the old namespace too) or leaves its bridge.
 * A new device that reuses the name or the ifindex starts with nothing.
 *
 * Notifiers run under RTNL, and the netlink handlers that create a policy
 * hold RTNL while they check that the device is a bridge port and insert
 * the policy: a device cannot leave between the check and the insert.
 */
#include <linux/netdevice.h>

#include "notify.h"
#include "port.h"

static int brfw_netdev_event(struct notifier_block *nb, unsigned long event,
			     void *ptr)
{
	struct net_device *dev = netdev_notifier_info_to_dev(ptr);
	struct netdev_notifier_changeupper_info *info;

	switch (event) {
	case NETDEV_UNREGISTER:
		brfw_port_forget(dev_net(dev), dev->ifindex);
		break;
	case NETDEV_CHANGEUPPER:
		info = ptr;
		if (!info->linking && netif_is_bridge_master(info->upper_dev))
			brfw_port_forget(dev_net(dev), dev->ifindex);
		break;
	}
	return NOTIFY_DONE;
}

static struct notifier_block brfw_netdev_notifier = {
	.notifier_call = brfw_netdev_event,
};

int brfw_notify_init(void)
{
	return register_netdevice_notifier(&brfw_netdev_notifier);
}

void brfw_notify_uninit(void)
{
	unregister_netdevice_notifier(&brfw_netdev_notifier);
}
