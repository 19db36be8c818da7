/* SPDX-License-Identifier: GPL-2.0 */
/* Userspace shim: one thread, so RCU read sides are no-ops (counted). */
#ifndef _KSHIM_LINUX_RCUPDATE_H
#define _KSHIM_LINUX_RCUPDATE_H

extern int kshim_rcu_depth;	/* rcu_read_lock() nesting now */

#define rcu_read_lock()		((void)kshim_rcu_depth++)
#define rcu_read_unlock()	((void)kshim_rcu_depth--)
#define rcu_read_lock_held()	(kshim_rcu_depth > 0)

#endif
