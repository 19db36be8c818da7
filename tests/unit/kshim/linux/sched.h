/* SPDX-License-Identifier: GPL-2.0 */
/* Userspace shim: nothing to yield to. */
#ifndef _KSHIM_LINUX_SCHED_H
#define _KSHIM_LINUX_SCHED_H

#define cond_resched()	do { } while (0)

#endif
