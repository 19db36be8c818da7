// SPDX-License-Identifier: GPL-2.0
/*
 * Address sets: named per namespace, shared by any number of rules.
 *
 * A rule points at the struct brfw_set; the members live in a separate,
 * immutable struct brfw_set_data that a change replaces whole with
 * rcu_replace_pointer(), so every rule using the set sees the old members
 * or the new ones, never a mix, and no rule is rebuilt. Writers hold
 * brfw_config_mutex; the hooks and dumps read under RCU.
 */
#include <linux/slab.h>
#include <linux/sort.h>
#include <linux/string.h>
#include <net/genetlink.h>
#include <net/sock.h>

#include "set.h"
#include "netns.h"
#include "port.h"

static const struct nla_policy brfw_elem_policy[BRFW_PREFIX_MAX + 1] = {
	[BRFW_PREFIX_ADDR]	= NLA_POLICY_MIN_LEN(sizeof(__be32)),
	[BRFW_PREFIX_LEN]	= NLA_POLICY_MAX(NLA_U8, 128),
};

const struct nla_policy brfw_set_elems_policy[BRFW_LIST_MAX + 1] = {
	[BRFW_LIST_PREFIX]	= NLA_POLICY_NESTED(brfw_elem_policy),
};

bool brfw_set_name_ok(const char *name)
{
	const char *c;

	if (!*name)
		return false;
	for (c = name; *c; c++)
		if (!isalnum(*c) && *c != '_' && *c != '-' && *c != '.')
			return false;
	return true;
}

static int brfw_elem_parse(const struct nlattr *entry, struct brfw_elem *e,
			   struct netlink_ext_ack *extack)
{
	struct nlattr *tb[BRFW_PREFIX_MAX + 1];
	unsigned int alen;
	int err;

	err = nla_parse_nested(tb, BRFW_PREFIX_MAX, entry, brfw_elem_policy,
			       extack);
	if (err)
		return err;
	if (!tb[BRFW_PREFIX_ADDR]) {
		NL_SET_ERR_MSG_ATTR(extack, entry, "set: member without an address");
		return -EINVAL;
	}
	alen = nla_len(tb[BRFW_PREFIX_ADDR]);
	if (alen != 4 && alen != 16) {
		NL_SET_ERR_MSG_ATTR(extack, tb[BRFW_PREFIX_ADDR],
				    "set: a member's address is 4 or 16 bytes");
		return -EINVAL;
	}
	memset(e, 0, sizeof(*e));
	e->family = alen == 4 ? 4 : 6;
	e->len = alen * 8;
	if (tb[BRFW_PREFIX_LEN])
		e->len = nla_get_u8(tb[BRFW_PREFIX_LEN]);
	if (e->len > alen * 8) {
		NL_SET_ERR_MSG_ATTR(extack, tb[BRFW_PREFIX_LEN],
				    "set: prefix length too long for the address");
		return -EINVAL;
	}
	memcpy(e->addr, nla_data(tb[BRFW_PREFIX_ADDR]), alen);
	if (!brfw_prefix_clean(e->addr, alen, e->len)) {
		NL_SET_ERR_MSG_ATTR(extack, tb[BRFW_PREFIX_ADDR],
				    "set: host bits set in prefix");
		return -EINVAL;
	}
	return 0;
}

int brfw_elems_parse(const struct nlattr *nest, struct brfw_elems *out,
		     struct netlink_ext_ack *extack)
{
	const struct nlattr *entry;
	int rem, err;
	u32 n = 0;

	out->n = 0;
	out->elems = NULL;
	if (!nest)
		return 0;
	nla_for_each_nested(entry, nest, rem)
		n++;
	if (n > BRFW_MAX_ELEMS_PER_MSG) {
		NL_SET_ERR_MSG_ATTR(extack, nest, "set: too many members in one request");
		return -E2BIG;
	}
	if (!n)
		return 0;
	out->elems = kvcalloc(n, sizeof(*out->elems), GFP_KERNEL_ACCOUNT);
	if (!out->elems) {
		NL_SET_ERR_MSG(extack, "set: out of memory for the members");
		return -ENOMEM;
	}
	nla_for_each_nested(entry, nest, rem) {
		if (nla_type(entry) != BRFW_LIST_PREFIX) {
			NL_SET_ERR_MSG_ATTR(extack, entry, "set: unexpected entry");
			err = -EINVAL;
			goto err;
		}
		err = brfw_elem_parse(entry, &out->elems[out->n], extack);
		if (err)
			goto err;
		out->n++;
	}
	return 0;
err:
	kvfree(out->elems);
	out->elems = NULL;
	out->n = 0;
	return err;
}

static int brfw_elem_sort_cmp(const void *a, const void *b)
{
	return brfw_elem_cmp(a, b);
}

void brfw_elems_canon(struct brfw_elems *e)
{
	u32 i, j;

	if (e->n < 2)
		return;
	sort(e->elems, e->n, sizeof(*e->elems), brfw_elem_sort_cmp, NULL);
	for (i = 1, j = 1; i < e->n; i++)
		if (brfw_elem_cmp(&e->elems[i], &e->elems[j - 1]))
			e->elems[j++] = e->elems[i];
	e->n = j;
}

struct brfw_set *brfw_set_alloc(const char *name)
{
	struct brfw_set *set = kzalloc(sizeof(*set), GFP_KERNEL_ACCOUNT);

	if (set) {
		strscpy(set->name, name, sizeof(set->name));
		INIT_LIST_HEAD(&set->list);
	}
	return set;
}

void brfw_set_data_free(struct brfw_set_data *d)
{
	if (!d)
		return;
	brfw_addrset_free(d->as);
	kvfree(d->elems);
	kfree(d);
}

static void brfw_set_data_free_rcu(struct rcu_head *head)
{
	brfw_set_data_free(container_of(head, struct brfw_set_data, rcu));
}

struct brfw_set_data *brfw_set_data_build(struct brfw_elems *e)
{
	struct brfw_set_data *d;
	u32 i;

	d = kzalloc(sizeof(*d), GFP_KERNEL_ACCOUNT);
	if (!d)
		goto err;
	brfw_elems_canon(e);
	d->as = brfw_addrset_build(e->elems, e->n);
	if (IS_ERR(d->as)) {
		d->as = NULL;
		goto err;
	}
	d->n = e->n;
	d->elems = e->elems;
	for (i = 0; i < e->n; i++)
		d->families |= e->elems[i].family == 4 ? BRFW_SET_HAS_V4 :
							 BRFW_SET_HAS_V6;
	e->elems = NULL;
	e->n = 0;
	return d;
err:
	brfw_set_data_free(d);
	kvfree(e->elems);
	e->elems = NULL;
	e->n = 0;
	return NULL;
}

void brfw_set_free(struct brfw_set *set)
{
	brfw_set_data_free(rcu_dereference_protected(set->data, true));
	kfree(set);
}

static void brfw_set_free_rcu(struct rcu_head *head)
{
	brfw_set_free(container_of(head, struct brfw_set, rcu));
}

struct brfw_set *brfw_set_find_in(struct list_head *head, const char *name)
{
	struct brfw_set *set;

	list_for_each_entry(set, head, list)
		if (!strcmp(set->name, name))
			return set;
	return NULL;
}

struct brfw_set *brfw_set_find(struct brfw_net *bn, const char *name)
{
	lockdep_assert_held(&brfw_config_mutex);
	return brfw_set_find_in(&bn->sets, name);
}

void brfw_set_link(struct list_head *head, struct brfw_set *set)
{
	struct brfw_set *pos;

	list_for_each_entry(pos, head, list)
		if (strcmp(pos->name, set->name) > 0)
			break;
	list_add_tail_rcu(&set->list, &pos->list);
}

void brfw_set_unlink(struct brfw_net *bn, struct brfw_set *set)
{
	lockdep_assert_held(&brfw_config_mutex);
	list_del_rcu(&set->list);
	bn->nsets--;
	brfw_net_changed(bn);
	call_rcu(&set->rcu, brfw_set_free_rcu);
}

/* Only once no published table uses a set: the ports go first. */
void brfw_set_flush(struct brfw_net *bn)
{
	struct brfw_set *set, *tmp;

	list_for_each_entry_safe(set, tmp, &bn->sets, list)
		brfw_set_unlink(bn, set);
}

u8 brfw_set_families(const struct brfw_set *set)
{
	const struct brfw_set_data *d;

	d = rcu_dereference_protected(set->data, brfw_config_held());
	return d ? d->families : set->pending_families;
}

static bool brfw_rule_uses(const struct brfw_rule *rule,
			   const struct brfw_set *set)
{
	int dir;

	for (dir = 0; dir < __BRFW_DIR_MAX; dir++)
		if (rule->m[dir].src.set == set || rule->m[dir].dst.set == set)
			return true;
	return false;
}

u32 brfw_set_refs(struct brfw_net *bn, const struct brfw_set *set)
{
	const struct brfw_table *t;
	struct brfw_port *port;
	u32 refs = 0, i;
	int bkt;

	rcu_read_lock();
	hash_for_each_rcu(bn->ports, bkt, port, hnode) {
		t = rcu_dereference(port->table);
		for (i = 0; i < t->nrules; i++)
			refs += brfw_rule_uses(t->rules[i], set);
	}
	rcu_read_unlock();
	return refs;
}

/* Called by rules with src/dst @SET, under RCU. */
bool brfw_set_contains(const struct brfw_set *set, u8 family, const u8 *addr)
{
	const struct brfw_set_data *d = rcu_dereference_check(set->data,
						brfw_config_held());

	return d && brfw_addrset_lookup(d->as, family, addr);
}

/* The set named by a request, with a message if there is none. */
static int brfw_set_req_name(struct genl_info *info, const char **name)
{
	struct nlattr *a = info->attrs[BRFW_A_SET_NAME];

	if (!a) {
		NL_SET_ERR_MSG(info->extack, "missing attribute: set name");
		return -EINVAL;
	}
	*name = nla_data(a);
	if (!brfw_set_name_ok(*name)) {
		NL_SET_ERR_MSG_ATTR(info->extack, a,
				    "set: a name is letters, digits, '_', '-' and '.'");
		return -EINVAL;
	}
	return 0;
}

/* The existing set a request names, with a message if there is none. */
static int brfw_set_req(struct brfw_net *bn, struct genl_info *info,
			struct brfw_set **set)
{
	const char *name;
	int err;

	err = brfw_set_req_name(info, &name);
	if (err)
		return err;
	*set = brfw_set_find(bn, name);
	if (!*set) {
		NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[BRFW_A_SET_NAME],
				    "set: no such set");
		return -ENOENT;
	}
	return 0;
}

int brfw_set_nl_new(struct brfw_net *bn, struct genl_info *info)
{
	struct brfw_elems e;
	struct brfw_set_data *d;
	struct brfw_set *set;
	const char *name;
	int err;

	lockdep_assert_held(&brfw_config_mutex);
	err = brfw_set_req_name(info, &name);
	if (err)
		return err;
	if (brfw_set_find(bn, name)) {
		NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[BRFW_A_SET_NAME],
				    "set: a set of that name exists");
		return -EEXIST;
	}
	if (bn->nsets >= BRFW_MAX_SETS) {
		NL_SET_ERR_MSG(info->extack, "set: too many sets in this namespace");
		return -ENOSPC;
	}
	err = brfw_elems_parse(info->attrs[BRFW_A_SET_ELEMS], &e, info->extack);
	if (err)
		return err;
	set = brfw_set_alloc(name);
	d = brfw_set_data_build(&e);
	if (!set || !d) {
		kfree(set);
		brfw_set_data_free(d);
		NL_SET_ERR_MSG(info->extack, "set: out of memory");
		return -ENOMEM;
	}
	rcu_assign_pointer(set->data, d);
	brfw_set_link(&bn->sets, set);
	bn->nsets++;
	brfw_net_changed(bn);
	return 0;
}

int brfw_set_nl_del(struct brfw_net *bn, struct genl_info *info)
{
	struct brfw_set *set;
	int err;

	lockdep_assert_held(&brfw_config_mutex);
	err = brfw_set_req(bn, info, &set);
	if (err)
		return err;
	if (brfw_set_refs(bn, set)) {
		NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[BRFW_A_SET_NAME],
				    "set: in use by a rule; delete the rules first");
		return -EBUSY;
	}
	brfw_set_unlink(bn, set);
	return 0;
}

/*
 * Merge the sorted, unique old members with the request's (sorted,
 * unique): add keeps the union; del removes them and fails if one is not
 * a member. The result is a new array; the old data is untouched.
 */
static int brfw_elems_merge(const struct brfw_set_data *old,
			    const struct brfw_elems *req, bool add,
			    struct brfw_elems *out,
			    struct netlink_ext_ack *extack)
{
	u32 i = 0, j = 0, n = 0, max;
	int c;

	max = add ? old->n + req->n : old->n;
	if (max > BRFW_MAX_SET_ELEMS) {
		NL_SET_ERR_MSG(extack, "set: too many members");
		return -ENOSPC;
	}
	out->elems = kvcalloc(max ?: 1, sizeof(*out->elems), GFP_KERNEL_ACCOUNT);
	if (!out->elems) {
		NL_SET_ERR_MSG(extack, "set: out of memory for the members");
		return -ENOMEM;
	}
	while (i < old->n || j < req->n) {
		if (i == old->n)
			c = 1;
		else if (j == req->n)
			c = -1;
		else
			c = brfw_elem_cmp(&old->elems[i], &req->elems[j]);
		if (c < 0) {
			out->elems[n++] = old->elems[i++];
		} else if (c == 0) {
			if (add)
				out->elems[n++] = old->elems[i];
			i++;
			j++;
		} else {
			if (!add) {
				kvfree(out->elems);
				out->elems = NULL;
				NL_SET_ERR_MSG(extack, "set: an address to delete is not a member");
				return -ENOENT;
			}
			out->elems[n++] = req->elems[j++];
		}
	}
	out->n = n;
	return 0;
}

int brfw_set_nl_elems(struct brfw_net *bn, struct genl_info *info, bool add)
{
	struct brfw_set_data *old, *d;
	struct brfw_elems req, merged;
	struct brfw_set *set;
	int err;

	lockdep_assert_held(&brfw_config_mutex);
	err = brfw_set_req(bn, info, &set);
	if (err)
		return err;
	if (!info->attrs[BRFW_A_SET_ELEMS]) {
		NL_SET_ERR_MSG(info->extack, "missing attribute: set members");
		return -EINVAL;
	}
	err = brfw_elems_parse(info->attrs[BRFW_A_SET_ELEMS], &req, info->extack);
	if (err)
		return err;
	brfw_elems_canon(&req);
	old = rcu_dereference_protected(set->data, brfw_config_held());
	err = brfw_elems_merge(old, &req, add, &merged, info->extack);
	kvfree(req.elems);
	if (err)
		return err;
	d = brfw_set_data_build(&merged);
	if (!d) {
		NL_SET_ERR_MSG(info->extack, "set: out of memory");
		return -ENOMEM;
	}
	old = rcu_replace_pointer(set->data, d, brfw_config_held());
	call_rcu(&old->rcu, brfw_set_data_free_rcu);
	brfw_net_changed(bn);
	return 0;
}

/* Members per dump message: well within a message and a 64 KiB nest. */
#define BRFW_SET_DUMP_CHUNK	512

static int brfw_set_fill(struct sk_buff *skb, struct netlink_callback *cb,
			 const struct genl_family *family,
			 const struct brfw_set *set,
			 const struct brfw_set_data *d, u32 from, u32 refs,
			 u32 *next)
{
	struct nlattr *elems, *entry;
	void *hdr;
	u32 i;

	hdr = genlmsg_put(skb, NETLINK_CB(cb->skb).portid, cb->nlh->nlmsg_seq,
			  family, NLM_F_MULTI, BRFW_CMD_SET_GET);
	if (!hdr)
		return -EMSGSIZE;
	genl_dump_check_consistent(cb, hdr);
	if (nla_put_string(skb, BRFW_A_SET_NAME, set->name) ||
	    nla_put_u32(skb, BRFW_A_SET_COUNT, d->n) ||
	    nla_put_u32(skb, BRFW_A_SET_REFS, refs))
		goto cancel;
	elems = nla_nest_start(skb, BRFW_A_SET_ELEMS);
	if (!elems)
		goto cancel;
	for (i = from; i < d->n && i < from + BRFW_SET_DUMP_CHUNK; i++) {
		const struct brfw_elem *e = &d->elems[i];

		entry = nla_nest_start(skb, BRFW_LIST_PREFIX);
		if (!entry ||
		    nla_put(skb, BRFW_PREFIX_ADDR, e->family == 4 ? 4 : 16,
			    e->addr) ||
		    nla_put_u8(skb, BRFW_PREFIX_LEN, e->len)) {
			if (entry)
				nla_nest_cancel(skb, entry);
			break;
		}
		nla_nest_end(skb, entry);
	}
	if (i == from && d->n) {
		/* Not even one member fits: let the next message try. */
		goto cancel;
	}
	nla_nest_end(skb, elems);
	genlmsg_end(skb, hdr);
	*next = i;
	return 0;
cancel:
	genlmsg_cancel(skb, hdr);
	return -EMSGSIZE;
}

/*
 * cb->args[0]: sets already done, cb->args[1]: members of the current set
 * already sent. An optional BRFW_A_SET_NAME in the request filters.
 */
int brfw_set_nl_dump(struct sk_buff *skb, struct netlink_callback *cb,
		     const struct genl_family *family)
{
	struct brfw_net *bn = brfw_net(sock_net(skb->sk));
	const struct nlattr *filter;
	const struct brfw_set_data *d;
	unsigned long idx = 0;
	struct brfw_set *set;
	u32 next, refs;
	int err = 0;

	filter = nlmsg_find_attr(cb->nlh, GENL_HDRLEN, BRFW_A_SET_NAME);
	rcu_read_lock();
	cb->seq = READ_ONCE(bn->gen);
	list_for_each_entry_rcu(set, &bn->sets, list) {
		if (idx++ < cb->args[0])
			continue;
		if (filter && nla_strcmp(filter, set->name))
			goto next_set;
		d = rcu_dereference(set->data);
		refs = brfw_set_refs(bn, set);
		do {
			err = brfw_set_fill(skb, cb, family, set, d,
					    cb->args[1], refs, &next);
			if (err)
				goto out;
			cb->args[1] = next;
		} while (next < d->n);
next_set:
		cb->args[0] = idx;
		cb->args[1] = 0;
	}
out:
	rcu_read_unlock();
	if (err && !skb->len)
		return err;
	return skb->len;
}
