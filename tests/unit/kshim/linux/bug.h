/* SPDX-License-Identifier: GPL-2.0 */
/* Userspace shim: WARN_ON and friends print and go on; BUG_ON aborts. */
#ifndef _KSHIM_LINUX_BUG_H
#define _KSHIM_LINUX_BUG_H

#include <stdio.h>
#include <stdlib.h>
#include <linux/build_bug.h>

extern unsigned long kshim_warnings;	/* WARN_ON*() that fired */

#define WARN_ON(cond) ({						\
	int __w = !!(cond);						\
	if (__w) {							\
		kshim_warnings++;					\
		fprintf(stderr, "# WARN_ON(%s) at %s:%d\n", #cond,	\
			__FILE__, __LINE__);				\
	}								\
	__w;								\
})
#define WARN_ON_ONCE(cond)	WARN_ON(cond)
#define BUG_ON(cond)		do { if (cond) abort(); } while (0)

#endif
