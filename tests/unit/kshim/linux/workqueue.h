/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Userspace shim: delayed work that runs only when a test says so.
 * queue_delayed_work() records the item as pending with its due time;
 * kshim_run_delayed_work() runs every pending item once (due or not),
 * kshim_run_due_work() the ones due at jiffies. Cancelling unqueues.
 * At most KSHIM_MAX_WORK items pending at once.
 */
#ifndef _KSHIM_LINUX_WORKQUEUE_H
#define _KSHIM_LINUX_WORKQUEUE_H

#include <linux/types.h>
#include <linux/list.h>
#include <linux/jiffies.h>

struct work_struct;
typedef void (*work_func_t)(struct work_struct *work);

struct work_struct {
	work_func_t func;
};

struct delayed_work {
	struct work_struct work;
	unsigned long due;
	bool pending;
};

struct workqueue_struct;
#define system_wq			((struct workqueue_struct *)NULL)
#define system_power_efficient_wq	((struct workqueue_struct *)NULL)
#define system_long_wq			((struct workqueue_struct *)NULL)

#define INIT_DELAYED_WORK(dw, fn)					\
	do {								\
		(dw)->work.func = (fn);					\
		(dw)->due = 0;						\
		(dw)->pending = false;					\
	} while (0)

static inline struct delayed_work *to_delayed_work(struct work_struct *w)
{
	return container_of(w, struct delayed_work, work);
}

#define KSHIM_MAX_WORK	64
extern struct delayed_work *kshim_work[KSHIM_MAX_WORK];

bool queue_delayed_work(struct workqueue_struct *wq, struct delayed_work *dw,
			unsigned long delay);
bool mod_delayed_work(struct workqueue_struct *wq, struct delayed_work *dw,
		      unsigned long delay);
bool cancel_delayed_work(struct delayed_work *dw);
bool cancel_delayed_work_sync(struct delayed_work *dw);

static inline bool schedule_delayed_work(struct delayed_work *dw,
					 unsigned long delay)
{
	return queue_delayed_work(system_wq, dw, delay);
}

/* Run the pending items (all, or those due now); returns how many ran. */
unsigned int kshim_run_delayed_work(void);
unsigned int kshim_run_due_work(void);

#endif
