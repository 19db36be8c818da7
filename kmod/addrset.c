// SPDX-License-Identifier: GPL-2.0
/*
 * Address set members compiled for lookup. Each prefix is an interval
 * [lo, hi] of addresses (IPv6 as two u64 halves, high half first); the
 * intervals of each family are sorted and overlapping or adjacent ones
 * merged, so they are disjoint and increasing and a lookup is one
 * bisection: O(log n), no allocation, no recursion.
 */
#include <linux/types.h>
#include <linux/err.h>
#include <linux/slab.h>
#include <linux/sort.h>
#include <linux/string.h>

#include "addrset.h"

#define AS_GFP	(GFP_KERNEL_ACCOUNT | __GFP_NOWARN)

struct as_v4 {
	u32 lo, hi;
};

/* [0]: the high 64 bits, [1]: the low 64 bits. */
struct as_v6 {
	u64 lo[2], hi[2];
};

struct brfw_addrset {
	u32 n4, n6;
	struct as_v4 *v4;
	struct as_v6 *v6;
};

static u32 as_be32(const u8 *p)
{
	return (u32)p[0] << 24 | (u32)p[1] << 16 | (u32)p[2] << 8 | p[3];
}

static u64 as_be64(const u8 *p)
{
	return (u64)as_be32(p) << 32 | as_be32(p + 4);
}

/* -1, 0, 1 as a < b, a == b, a > b: 128-bit values. */
static int as_cmp128(const u64 *a, const u64 *b)
{
	if (a[0] != b[0])
		return a[0] < b[0] ? -1 : 1;
	if (a[1] != b[1])
		return a[1] < b[1] ? -1 : 1;
	return 0;
}

static int as_v4_cmp(const void *a, const void *b)
{
	const struct as_v4 *x = a, *y = b;

	if (x->lo != y->lo)
		return x->lo < y->lo ? -1 : 1;
	if (x->hi != y->hi)
		return x->hi < y->hi ? -1 : 1;
	return 0;
}

static int as_v6_cmp(const void *a, const void *b)
{
	const struct as_v6 *x = a, *y = b;
	int c = as_cmp128(x->lo, y->lo);

	return c ? c : as_cmp128(x->hi, y->hi);
}

static void as_v4_from(struct as_v4 *iv, const struct brfw_elem *e)
{
	u32 mask = e->len ? ~0U << (32 - e->len) : 0;

	iv->lo = as_be32(e->addr) & mask;
	iv->hi = iv->lo | ~mask;
}

static void as_v6_from(struct as_v6 *iv, const struct brfw_elem *e)
{
	u64 m[2];
	int i;

	if (e->len <= 64) {
		m[0] = e->len ? ~0ULL << (64 - e->len) : 0;
		m[1] = 0;
	} else {
		m[0] = ~0ULL;
		m[1] = ~0ULL << (128 - e->len);
	}
	for (i = 0; i < 2; i++) {
		iv->lo[i] = as_be64(e->addr + 8 * i) & m[i];
		iv->hi[i] = iv->lo[i] | ~m[i];
	}
}

/* Sorted intervals in place: merge overlapping and adjacent ones. */
static u32 as_v4_merge(struct as_v4 *v, u32 n)
{
	u32 i, out = 0;

	for (i = 0; i < n; i++) {
		if (out && (v[out - 1].hi == U32_MAX ||
			    v[i].lo <= v[out - 1].hi + 1)) {
			if (v[i].hi > v[out - 1].hi)
				v[out - 1].hi = v[i].hi;
			continue;
		}
		v[out++] = v[i];
	}
	return out;
}

/* Is b[] == a[] + 1 or below (b <= a + 1), as 128-bit values? */
static bool as_v6_touches(const u64 *a, const u64 *b)
{
	u64 next[2];

	if (a[0] == U64_MAX && a[1] == U64_MAX)
		return true;
	next[1] = a[1] + 1;
	next[0] = a[0] + (next[1] == 0);
	return as_cmp128(b, next) <= 0;
}

static u32 as_v6_merge(struct as_v6 *v, u32 n)
{
	u32 i, out = 0;

	for (i = 0; i < n; i++) {
		if (out && as_v6_touches(v[out - 1].hi, v[i].lo)) {
			if (as_cmp128(v[i].hi, v[out - 1].hi) > 0)
				memcpy(v[out - 1].hi, v[i].hi,
				       sizeof(v[i].hi));
			continue;
		}
		v[out++] = v[i];
	}
	return out;
}

struct brfw_addrset *brfw_addrset_build(const struct brfw_elem *elems,
					unsigned int n)
{
	struct brfw_addrset *s;
	u32 n4 = 0, n6 = 0, i;

	for (i = 0; i < n; i++) {
		if (elems[i].family == 4 && elems[i].len <= 32)
			n4++;
		else if (elems[i].family == 6 && elems[i].len <= 128)
			n6++;
		else
			return ERR_PTR(-EINVAL);
	}
	s = kzalloc(sizeof(*s), GFP_KERNEL_ACCOUNT);
	if (!s)
		return ERR_PTR(-ENOMEM);
	if (n4) {
		s->v4 = kvcalloc(n4, sizeof(*s->v4), AS_GFP);
		if (!s->v4)
			goto nomem;
	}
	if (n6) {
		s->v6 = kvcalloc(n6, sizeof(*s->v6), AS_GFP);
		if (!s->v6)
			goto nomem;
	}
	for (i = 0; i < n; i++) {
		if (elems[i].family == 4)
			as_v4_from(&s->v4[s->n4++], &elems[i]);
		else
			as_v6_from(&s->v6[s->n6++], &elems[i]);
	}
	sort(s->v4, s->n4, sizeof(*s->v4), as_v4_cmp, NULL);
	sort(s->v6, s->n6, sizeof(*s->v6), as_v6_cmp, NULL);
	s->n4 = as_v4_merge(s->v4, s->n4);
	s->n6 = as_v6_merge(s->v6, s->n6);
	return s;

nomem:
	brfw_addrset_free(s);
	return ERR_PTR(-ENOMEM);
}

bool brfw_addrset_lookup(const struct brfw_addrset *s, u8 family,
			 const u8 *addr)
{
	u32 lo = 0, hi, mid;

	if (IS_ERR_OR_NULL(s))
		return false;
	if (family == 4) {
		u32 a = as_be32(addr);

		/* the first interval starting above a */
		hi = s->n4;
		while (lo < hi) {
			mid = lo + (hi - lo) / 2;
			if (s->v4[mid].lo <= a)
				lo = mid + 1;
			else
				hi = mid;
		}
		return lo && a <= s->v4[lo - 1].hi;
	}
	if (family == 6) {
		u64 a[2] = { as_be64(addr), as_be64(addr + 8) };

		hi = s->n6;
		while (lo < hi) {
			mid = lo + (hi - lo) / 2;
			if (as_cmp128(s->v6[mid].lo, a) <= 0)
				lo = mid + 1;
			else
				hi = mid;
		}
		return lo && as_cmp128(a, s->v6[lo - 1].hi) <= 0;
	}
	return false;
}

void brfw_addrset_free(struct brfw_addrset *s)
{
	if (IS_ERR_OR_NULL(s))
		return;
	kvfree(s->v4);
	kvfree(s->v6);
	kfree(s);
}

int brfw_elem_cmp(const struct brfw_elem *a, const struct brfw_elem *b)
{
	int c;

	if (a->family != b->family)
		return a->family < b->family ? -1 : 1;
	c = memcmp(a->addr, b->addr, a->family == 4 ? 4 : 16);
	if (c)
		return c < 0 ? -1 : 1;
	if (a->len != b->len)
		return a->len < b->len ? -1 : 1;
	return 0;
}
