/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Userspace shim: kmalloc/kvmalloc and friends over malloc, with fault
 * injection: when kshim_alloc_fail_at is N > 0, the Nth allocation
 * counted from the last kshim_alloc_reset() fails (returns NULL).
 * kshim.c holds the counters.
 */
#ifndef _KSHIM_LINUX_SLAB_H
#define _KSHIM_LINUX_SLAB_H

#include <stdlib.h>
#include <linux/types.h>
#include <linux/overflow.h>

#define __GFP_ZERO		0x100u
#define __GFP_ACCOUNT		0x200u
#define __GFP_NOWARN		0x400u
#define GFP_KERNEL		0x001u
#define GFP_ATOMIC		0x002u
#define GFP_KERNEL_ACCOUNT	(GFP_KERNEL | __GFP_ACCOUNT)

extern unsigned long kshim_alloc_calls;		/* allocations so far */
extern unsigned long kshim_alloc_fail_at;	/* 0: never fail */
extern long kshim_alloc_live;			/* allocated, not freed */

static inline void kshim_alloc_reset(unsigned long fail_at)
{
	kshim_alloc_calls = 0;
	kshim_alloc_fail_at = fail_at;
}

static inline void *kshim_alloc(size_t size, gfp_t flags)
{
	void *p;

	kshim_alloc_calls++;
	if (kshim_alloc_fail_at && kshim_alloc_calls == kshim_alloc_fail_at)
		return NULL;
	if (size == SIZE_MAX)
		return NULL;
	p = (flags & __GFP_ZERO) ? calloc(1, size ? size : 1)
				 : malloc(size ? size : 1);
	if (p)
		kshim_alloc_live++;
	return p;
}

static inline void kshim_free(const void *p)
{
	if (p)
		kshim_alloc_live--;
	free((void *)p);
}

#define kmalloc(size, flags)		kshim_alloc(size, flags)
#define kzalloc(size, flags)		kshim_alloc(size, (flags) | __GFP_ZERO)
#define kmalloc_array(n, size, flags)	kshim_alloc(size_mul(n, size), flags)
#define kcalloc(n, size, flags) \
	kshim_alloc(size_mul(n, size), (flags) | __GFP_ZERO)
#define kvmalloc(size, flags)		kshim_alloc(size, flags)
#define kvzalloc(size, flags)		kshim_alloc(size, (flags) | __GFP_ZERO)
#define kvmalloc_array(n, size, flags)	kshim_alloc(size_mul(n, size), flags)
#define kvcalloc(n, size, flags) \
	kshim_alloc(size_mul(n, size), (flags) | __GFP_ZERO)
#define kfree(p)			kshim_free(p)
#define kvfree(p)			kshim_free(p)

/*
 * Slab caches: objects come from kshim_alloc() (counted, fault
 * injection), the cache counts its live objects, and destroying a cache
 * that still has objects aborts (the kernel would complain too).
 */
#define SLAB_HWCACHE_ALIGN	0x2000u
#define SLAB_ACCOUNT		0x4000u

struct kmem_cache {
	const char *name;
	unsigned int size;
	long live;
};

static inline struct kmem_cache *kmem_cache_create(const char *name,
						   unsigned int size,
						   unsigned int align,
						   unsigned int flags,
						   void (*ctor)(void *))
{
	struct kmem_cache *c = malloc(sizeof(*c));

	(void)align;
	(void)flags;
	(void)ctor;
	if (!c)
		return NULL;
	c->name = name;
	c->size = size;
	c->live = 0;
	return c;
}

static inline void kmem_cache_destroy(struct kmem_cache *c)
{
	if (!c)
		return;
	if (c->live)
		abort();
	free(c);
}

static inline unsigned int kmem_cache_size(struct kmem_cache *c)
{
	return c->size;
}

static inline void *kmem_cache_alloc(struct kmem_cache *c, gfp_t flags)
{
	void *p = kshim_alloc(c->size, flags);

	if (p)
		c->live++;
	return p;
}

#define kmem_cache_zalloc(c, flags) kmem_cache_alloc(c, (flags) | __GFP_ZERO)

static inline void kmem_cache_free(struct kmem_cache *c, void *p)
{
	if (p)
		c->live--;
	kshim_free(p);
}

#endif
