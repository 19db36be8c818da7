/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _BRFW_NOTIFY_H
#define _BRFW_NOTIFY_H

int brfw_notify_init(void);
void brfw_notify_uninit(void);

#endif
