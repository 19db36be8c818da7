/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Userspace shim: the machine's memory, a fixed 4 GiB unless a test
 * sets kshim_totalram_pages.
 */
#ifndef _KSHIM_LINUX_MM_H
#define _KSHIM_LINUX_MM_H

#include <linux/slab.h>

#define PAGE_SHIFT	12
#define PAGE_SIZE	(1UL << PAGE_SHIFT)

extern unsigned long kshim_totalram_pages;

static inline unsigned long totalram_pages(void)
{
	return kshim_totalram_pages;
}

#endif
