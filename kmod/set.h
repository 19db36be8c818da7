/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _BRFW_SET_H
#define _BRFW_SET_H

#include <linux/list.h>
#include <linux/rcupdate.h>
#include <net/genetlink.h>
#include <linux/brfw.h>

#include "addrset.h"

struct brfw_net;

/*
 * A set's members at one moment: immutable, replaced whole under RCU, so
 * a change reaches every rule using the set at once.
 */
struct brfw_set_data {
	u32 n;
	u8 families;			/* BIT(0): IPv4 members, BIT(1): IPv6 */
	struct brfw_elem *elems;	/* sorted by brfw_elem_cmp, unique */
	struct brfw_addrset *as;
	struct rcu_head rcu;
};

#define BRFW_SET_HAS_V4	BIT(0)
#define BRFW_SET_HAS_V6	BIT(1)

/*
 * A named set. Rules point at the set, never at its data. Linked in the
 * namespace's list (name order) only once it has data; freed after a
 * grace period once unlinked, when no published table uses it.
 */
struct brfw_set {
	struct list_head list;
	char name[BRFW_SET_NAMSIZ];
	struct brfw_set_data __rcu *data;
	u8 pending_families;		/* staged by a transaction, no data yet */
	struct rcu_head rcu;
};

/* The elements of a request, parsed and checked; elems is kvmalloc'ed. */
struct brfw_elems {
	u32 n;
	struct brfw_elem *elems;
};

int brfw_elems_parse(const struct nlattr *nest, struct brfw_elems *out,
		     struct netlink_ext_ack *extack);
/* Sort and drop duplicates in place. */
void brfw_elems_canon(struct brfw_elems *e);

struct brfw_set *brfw_set_alloc(const char *name);
/* Build the data of members (takes ownership of e->elems). */
struct brfw_set_data *brfw_set_data_build(struct brfw_elems *e);
void brfw_set_data_free(struct brfw_set_data *d);
/* A set never linked, with its data. */
void brfw_set_free(struct brfw_set *set);

struct brfw_set *brfw_set_find(struct brfw_net *bn, const char *name);
struct brfw_set *brfw_set_find_in(struct list_head *head, const char *name);
/* Link in name order, unlink and free after a grace period. */
void brfw_set_link(struct list_head *head, struct brfw_set *set);
void brfw_set_unlink(struct brfw_net *bn, struct brfw_set *set);
void brfw_set_flush(struct brfw_net *bn);
/* Families of the current members (BRFW_SET_HAS_*), under the mutex. */
u8 brfw_set_families(const struct brfw_set *set);
/* Rules of published tables that use the set. */
u32 brfw_set_refs(struct brfw_net *bn, const struct brfw_set *set);
bool brfw_set_name_ok(const char *name);

/* Netlink handlers. */
int brfw_set_nl_new(struct brfw_net *bn, struct genl_info *info);
int brfw_set_nl_del(struct brfw_net *bn, struct genl_info *info);
int brfw_set_nl_elems(struct brfw_net *bn, struct genl_info *info, bool add);
int brfw_set_nl_dump(struct sk_buff *skb, struct netlink_callback *cb,
		     const struct genl_family *family);

extern const struct nla_policy brfw_set_elems_policy[BRFW_LIST_MAX + 1];



/* Host bits of a prefix are all zero. */
static inline bool brfw_prefix_clean(const u8 *addr, unsigned int alen,
				     unsigned int len)
{
	unsigned int i;

	for (i = len; i < alen * 8; i++)
		if (addr[i / 8] & (0x80 >> (i % 8)))
			return false;
	return true;
}

#endif
