// SPDX-License-Identifier: GPL-2.0
/*
 * Userspace shim: the state behind the kshim headers (allocation
 * counters of linux/slab.h, jiffies, locks, delayed work, ...).
 */
#include <linux/types.h>
#include <linux/bug.h>
#include <linux/jiffies.h>
#include <linux/mm.h>
#include <linux/random.h>
#include <linux/rcupdate.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/workqueue.h>

unsigned long kshim_alloc_calls;
unsigned long kshim_alloc_fail_at;
long kshim_alloc_live;

unsigned long kshim_warnings;
unsigned long jiffies = (unsigned long)-300 * HZ; /* wraps after 5 min */
unsigned long kshim_totalram_pages = 1UL << 20;   /* 4 GiB */
u32 kshim_random_state = 0x6b8b4567;
int kshim_rcu_depth;
int kshim_locks_held;
int kshim_locks_max_held;

struct delayed_work *kshim_work[KSHIM_MAX_WORK];

static int kshim_work_slot(struct delayed_work *dw)
{
	int i;

	for (i = 0; i < KSHIM_MAX_WORK; i++)
		if (kshim_work[i] == dw)
			return i;
	return -1;
}

bool queue_delayed_work(struct workqueue_struct *wq, struct delayed_work *dw,
			unsigned long delay)
{
	int i;

	(void)wq;
	if (dw->pending)
		return false;
	i = kshim_work_slot(NULL);
	BUG_ON(i < 0);
	kshim_work[i] = dw;
	dw->pending = true;
	dw->due = jiffies + delay;
	return true;
}

bool cancel_delayed_work(struct delayed_work *dw)
{
	int i = kshim_work_slot(dw);

	if (i < 0)
		return false;
	kshim_work[i] = NULL;
	dw->pending = false;
	return true;
}

bool cancel_delayed_work_sync(struct delayed_work *dw)
{
	return cancel_delayed_work(dw);
}

bool mod_delayed_work(struct workqueue_struct *wq, struct delayed_work *dw,
		      unsigned long delay)
{
	bool was = cancel_delayed_work(dw);

	queue_delayed_work(wq, dw, delay);
	return was;
}

static unsigned int kshim_run_work(bool due_only)
{
	struct delayed_work *run[KSHIM_MAX_WORK];
	unsigned int n = 0, i;

	/* Take the batch first: an item may queue itself again. */
	for (i = 0; i < KSHIM_MAX_WORK; i++) {
		struct delayed_work *dw = kshim_work[i];

		if (!dw || (due_only && time_before(jiffies, dw->due)))
			continue;
		kshim_work[i] = NULL;
		dw->pending = false;
		run[n++] = dw;
	}
	for (i = 0; i < n; i++)
		run[i]->work.func(&run[i]->work);
	return n;
}

unsigned int kshim_run_delayed_work(void)
{
	return kshim_run_work(false);
}

unsigned int kshim_run_due_work(void)
{
	return kshim_run_work(true);
}
