/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Userspace shim: spinlocks for one thread. They check what a lock can:
 * taking a held lock (a self-deadlock) or releasing a free one aborts;
 * kshim_locks_held is the number held now and kshim_locks_max_held the
 * most ever held at once (tests assert the "never two at once" rules).
 */
#ifndef _KSHIM_LINUX_SPINLOCK_H
#define _KSHIM_LINUX_SPINLOCK_H

#include <stdlib.h>
#include <linux/types.h>

typedef struct {
	int locked;
} spinlock_t;

extern int kshim_locks_held;
extern int kshim_locks_max_held;

static inline void spin_lock_init(spinlock_t *l)
{
	l->locked = 0;
}

static inline void spin_lock(spinlock_t *l)
{
	if (l->locked)
		abort();
	l->locked = 1;
	if (++kshim_locks_held > kshim_locks_max_held)
		kshim_locks_max_held = kshim_locks_held;
}

static inline void spin_unlock(spinlock_t *l)
{
	if (!l->locked)
		abort();
	l->locked = 0;
	kshim_locks_held--;
}

#define spin_lock_bh(l)		spin_lock(l)
#define spin_unlock_bh(l)	spin_unlock(l)
#define lockdep_assert_held(l)	do { if (!(l)->locked) abort(); } while (0)

#endif
