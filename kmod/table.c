// SPDX-License-Identifier: GPL-2.0
/*
 * Port tables: the rule sequence and its compiled classifiers.
 *
 * Rules are shared between a table and the copy that replaces it (each
 * holds a reference), so their counters live on; the classifiers are
 * rebuilt for every new table, O(rules), with no grace period wait. A
 * replaced table is freed by call_rcu(): the hooks may still be walking
 * it.
 */
#include <linux/slab.h>
#include <linux/mm.h>

#include "table.h"

struct brfw_table *brfw_table_clone(const struct brfw_table *old)
{
	struct brfw_table *t;
	u32 i;

	t = kzalloc(sizeof(*t), GFP_KERNEL_ACCOUNT);
	if (!t)
		return NULL;
	if (!old) {
		t->policy[BRFW_DIR_IN] = BRFW_VERDICT_ACCEPT;
		t->policy[BRFW_DIR_OUT] = BRFW_VERDICT_ACCEPT;
		return t;
	}
	memcpy(t->policy, old->policy, sizeof(t->policy));
	t->ident = old->ident;
	t->ct_limit = old->ct_limit;
	if (old->nrules) {
		t->rules = kvmalloc_array(old->nrules, sizeof(*t->rules),
					  GFP_KERNEL_ACCOUNT);
		if (!t->rules) {
			kfree(t);
			return NULL;
		}
		for (i = 0; i < old->nrules; i++) {
			t->rules[i] = old->rules[i];
			brfw_rule_get(t->rules[i]);
		}
		t->nrules = old->nrules;
		t->cap = old->nrules;
	}
	return t;
}

static void brfw_table_drop_cls(struct brfw_table *t)
{
	int dir;

	for (dir = 0; dir < __BRFW_DIR_MAX; dir++) {
		brfw_cls_free(t->cls[dir]);
		brfw_cls_free(t->fcls[dir]);
		t->cls[dir] = NULL;
		t->fcls[dir] = NULL;
	}
}

int brfw_table_compile(struct brfw_table *t, struct netlink_ext_ack *extack)
{
	struct brfw_cls_rule *in;
	struct brfw_cls *cls;
	unsigned int n;
	int dir, frag;
	u32 i;

	brfw_table_drop_cls(t);
	t->ct_rules = false;
	for (i = 0; i < t->nrules; i++)
		if ((t->rules[i]->m[BRFW_DIR_IN].present |
		     t->rules[i]->m[BRFW_DIR_OUT].present) & BRFW_M_CT_STATE)
			t->ct_rules = true;
	if (!t->nrules)
		return 0;
	in = kvmalloc_array(t->nrules, sizeof(*in), GFP_KERNEL_ACCOUNT);
	if (!in)
		goto nomem;
	for (dir = 0; dir < __BRFW_DIR_MAX; dir++) {
		n = 0;
		for (i = 0; i < t->nrules; i++) {
			const struct brfw_rule *r = t->rules[i];

			if (!(r->dirs & BIT(dir)))
				continue;
			in[n].m = &r->m[dir];
			in[n].prio = i;
			in[n].stops = r->action != BRFW_ACTION_ACCEPT;
			n++;
		}
		for (frag = 0; frag < 2; frag++) {
			cls = brfw_cls_build(in, n, frag);
			if (IS_ERR(cls))
				goto nomem_in;
			if (frag)
				t->fcls[dir] = cls;
			else
				t->cls[dir] = cls;
		}
	}
	kvfree(in);
	return 0;

nomem_in:
	kvfree(in);
nomem:
	brfw_table_drop_cls(t);
	NL_SET_ERR_MSG(extack, "out of memory compiling the rules");
	return -ENOMEM;
}

void brfw_table_free(struct brfw_table *t)
{
	u32 i;

	if (!t)
		return;
	brfw_table_drop_cls(t);
	for (i = 0; i < t->nrules; i++)
		brfw_rule_put(t->rules[i]);
	kvfree(t->rules);
	kfree(t);
}

static void brfw_table_free_cb(struct rcu_head *head)
{
	brfw_table_free(container_of(head, struct brfw_table, rcu));
}

void brfw_table_free_rcu(struct brfw_table *t)
{
	call_rcu(&t->rcu, brfw_table_free_cb);
}

int brfw_table_insert(struct brfw_table *t, struct brfw_rule *rule, u32 pos,
		      struct netlink_ext_ack *extack)
{
	u8 dir = rule->dirs & BRFW_RULE_DIR_IN ? BRFW_RULE_DIR_IN :
						 BRFW_RULE_DIR_OUT;
	struct brfw_rule **rules;
	u32 i, at = t->nrules, seen = 0, max_id = 0;

	if (t->nrules >= BRFW_MAX_RULES) {
		NL_SET_ERR_MSG(extack, "rule: the port has the most rules it takes");
		return -ENOSPC;
	}
	for (i = 0; i < t->nrules; i++) {
		if (rule->id && t->rules[i]->id == rule->id) {
			NL_SET_ERR_MSG(extack, "rule: the port has a rule with that id");
			return -EEXIST;
		}
		max_id = max(max_id, t->rules[i]->id);
		if (pos && at == t->nrules && (t->rules[i]->dirs & dir) &&
		    ++seen == pos)
			at = i;
	}
	if (!rule->id) {
		if (max_id == U32_MAX) {
			NL_SET_ERR_MSG(extack, "rule: no id left to assign; give one");
			return -ENOSPC;
		}
		rule->id = max_id + 1;
	}
	if (t->nrules == t->cap) {
		/* Doubling: a restore of n rules copies O(n) pointers. */
		u32 cap = max_t(u32, 16, t->cap * 2);

		rules = kvmalloc_array(cap, sizeof(*rules), GFP_KERNEL_ACCOUNT);
		if (!rules) {
			NL_SET_ERR_MSG(extack, "rule: out of memory");
			return -ENOMEM;
		}
		if (t->nrules)
			memcpy(rules, t->rules, t->nrules * sizeof(*rules));
		kvfree(t->rules);
		t->rules = rules;
		t->cap = cap;
	}
	memmove(&t->rules[at + 1], &t->rules[at],
		(t->nrules - at) * sizeof(*t->rules));
	t->rules[at] = rule;
	t->nrules++;
	return 0;
}

int brfw_table_remove(struct brfw_table *t, u32 id)
{
	u32 i;

	for (i = 0; i < t->nrules; i++) {
		if (t->rules[i]->id != id)
			continue;
		brfw_rule_put(t->rules[i]);
		memmove(&t->rules[i], &t->rules[i + 1],
			(t->nrules - i - 1) * sizeof(*t->rules));
		t->nrules--;
		return 0;
	}
	return -ENOENT;
}

struct brfw_rule *brfw_table_classify(const struct brfw_table *t,
				      enum brfw_dir dir,
				      const struct brfw_pkt *pkt)
{
	u32 prio;

	prio = brfw_cls_lookup(pkt->frag ? t->fcls[dir] : t->cls[dir], pkt);
	return prio == BRFW_CLS_NOMATCH ? NULL : t->rules[prio];
}
