/* SPDX-License-Identifier: GPL-2.0 */
/* Userspace shim: a deterministic "random" generator (xorshift32). */
#ifndef _KSHIM_LINUX_RANDOM_H
#define _KSHIM_LINUX_RANDOM_H

#include <linux/types.h>

extern u32 kshim_random_state;

static inline u32 get_random_u32(void)
{
	u32 x = kshim_random_state;

	x ^= x << 13;
	x ^= x >> 17;
	x ^= x << 5;
	kshim_random_state = x;
	return x;
}

#endif
