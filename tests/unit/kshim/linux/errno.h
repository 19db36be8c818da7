/* SPDX-License-Identifier: GPL-2.0 */
/* Userspace shim: errno values (the system's UAPI header has them). */
#ifndef _KSHIM_LINUX_ERRNO_H
#define _KSHIM_LINUX_ERRNO_H

#include_next <linux/errno.h>

#endif
