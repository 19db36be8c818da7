/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _BRFW_ADDRSET_H
#define _BRFW_ADDRSET_H

/*
 * The members of an address set, compiled for lookup: IPv4 and IPv6
 * prefixes merged into sorted, disjoint intervals and searched by
 * bisection, O(log n). Pure data; builds in userspace too.
 */
#include <linux/types.h>

/* A member: an IPv4 or IPv6 prefix, host bits zero. */
struct brfw_elem {
	u8 family;		/* 4 or 6 */
	u8 len;			/* 0..32 or 0..128 */
	u8 addr[16];		/* network order; IPv4 in the first 4 bytes */
};

struct brfw_addrset;

/* Compile n members (any order, duplicates allowed). ERR_PTR on failure. */
struct brfw_addrset *brfw_addrset_build(const struct brfw_elem *elems,
					unsigned int n);
bool brfw_addrset_lookup(const struct brfw_addrset *s, u8 family,
			 const u8 *addr);
void brfw_addrset_free(struct brfw_addrset *s);

/* Total order of members: family, then address, then length. */
int brfw_elem_cmp(const struct brfw_elem *a, const struct brfw_elem *b);

#endif
