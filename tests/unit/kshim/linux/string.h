/* SPDX-License-Identifier: GPL-2.0 */
/* Userspace shim: memcpy, memset, memcmp. */
#ifndef _KSHIM_LINUX_STRING_H
#define _KSHIM_LINUX_STRING_H

#include <string.h>

#endif
