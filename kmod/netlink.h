/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _BRFW_NETLINK_H
#define _BRFW_NETLINK_H

int brfw_netlink_init(void);
void brfw_netlink_uninit(void);

#endif
