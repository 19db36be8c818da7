/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _BRFW_HOOKS_H
#define _BRFW_HOOKS_H

#include <net/net_namespace.h>

int brfw_hooks_register(struct net *net);
void brfw_hooks_unregister(struct net *net);

#endif
