// SPDX-License-Identifier: GPL-2.0
/* Userspace shim: the allocation counters of linux/slab.h. */
#include <linux/slab.h>

unsigned long kshim_alloc_calls;
unsigned long kshim_alloc_fail_at;
long kshim_alloc_live;
