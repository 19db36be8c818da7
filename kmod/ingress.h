/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _BRFW_INGRESS_H
#define _BRFW_INGRESS_H

#include "port.h"

int brfw_ingress_enable(struct brfw_port *port, struct net_device *dev);
void brfw_ingress_disable(struct brfw_port *port);

#endif
