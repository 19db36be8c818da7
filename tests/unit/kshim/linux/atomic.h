/* SPDX-License-Identifier: GPL-2.0 */
/* Userspace shim: atomic_t and atomic64_t over the compiler's builtins. */
#ifndef _KSHIM_LINUX_ATOMIC_H
#define _KSHIM_LINUX_ATOMIC_H

#include <linux/types.h>

#define ATOMIC_INIT(i)		{ (i) }
#define ATOMIC64_INIT(i)	{ (i) }

#define KSHIM_LOAD(p)		__atomic_load_n(p, __ATOMIC_RELAXED)
#define KSHIM_STORE(p, v)	__atomic_store_n(p, v, __ATOMIC_RELAXED)
#define KSHIM_ADD(p, v)		__atomic_add_fetch(p, v, __ATOMIC_SEQ_CST)

#define atomic_read(v)		KSHIM_LOAD(&(v)->counter)
#define atomic_set(v, i)	KSHIM_STORE(&(v)->counter, i)
#define atomic_inc(v)		((void)KSHIM_ADD(&(v)->counter, 1))
#define atomic_dec(v)		((void)KSHIM_ADD(&(v)->counter, -1))
#define atomic_add(i, v)	((void)KSHIM_ADD(&(v)->counter, i))
#define atomic_sub(i, v)	((void)KSHIM_ADD(&(v)->counter, -(i)))
#define atomic_inc_return(v)	KSHIM_ADD(&(v)->counter, 1)
#define atomic_dec_return(v)	KSHIM_ADD(&(v)->counter, -1)

#define atomic64_read(v)	KSHIM_LOAD(&(v)->counter)
#define atomic64_set(v, i)	KSHIM_STORE(&(v)->counter, i)
#define atomic64_inc(v)		((void)KSHIM_ADD(&(v)->counter, 1))
#define atomic64_add(i, v)	((void)KSHIM_ADD(&(v)->counter, i))

#endif
