/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Userspace shim: time in jiffies, moved by the tests (kshim_jiffies_add)
 * rather than by a clock. HZ is 250 (Debian's kernels).
 */
#ifndef _KSHIM_LINUX_JIFFIES_H
#define _KSHIM_LINUX_JIFFIES_H

#include <linux/types.h>

#define HZ		250

extern unsigned long jiffies;

#define time_after(a, b)	((long)((b) - (a)) < 0)
#define time_before(a, b)	time_after(b, a)
#define time_after_eq(a, b)	((long)((a) - (b)) >= 0)
#define time_before_eq(a, b)	time_after_eq(b, a)

static inline unsigned long msecs_to_jiffies(unsigned int ms)
{
	return ((unsigned long)ms * HZ + 999) / 1000;
}

static inline unsigned int jiffies_to_msecs(unsigned long j)
{
	return (unsigned int)(j * 1000 / HZ);
}

static inline void kshim_jiffies_add(unsigned long n)
{
	jiffies += n;
}

#endif
