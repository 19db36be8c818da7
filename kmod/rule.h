/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _BRFW_RULE_H
#define _BRFW_RULE_H

#include <linux/refcount.h>
#include <linux/u64_stats_sync.h>
#include <net/netlink.h>
#include <linux/brfw.h>

#include "match.h"
#include "cls.h"

struct brfw_net;
struct brfw_table;

struct brfw_rule_pcpu {
	u64_stats_t packets;
	u64_stats_t bytes;
	struct u64_stats_sync syncp;
};

/*
 * A rule: immutable once created, shared by every version of its port's
 * table that holds it (ref), so its counters survive the table being
 * rebuilt for another rule's sake. Freed when the last table holding it
 * is freed, which is after a grace period.
 */
struct brfw_rule {
	refcount_t ref;
	u32 id;
	u8 dirs;			/* BRFW_RULE_DIR_* */
	u8 action;			/* enum brfw_action */
	bool log;
	/* m[dir]: the rule as frames of that direction see it. */
	struct brfw_match m[__BRFW_DIR_MAX];
	struct brfw_rule_pcpu __percpu *cnt;
	/* counters reset: values read back are those minus these */
	u64 base_packets, base_bytes;
};

/* The hooks: count a frame that matched. */
static inline void brfw_rule_count(struct brfw_rule *rule, unsigned int len)
{
	struct brfw_rule_pcpu *c = this_cpu_ptr(rule->cnt);

	u64_stats_update_begin(&c->syncp);
	u64_stats_inc(&c->packets);
	u64_stats_add(&c->bytes, len);
	u64_stats_update_end(&c->syncp);
}

/*
 * The hooks: the first rule of the table's dir list matching pkt, or
 * NULL. Under RCU.
 */
struct brfw_rule *brfw_table_classify(const struct brfw_table *t,
				      enum brfw_dir dir,
				      const struct brfw_pkt *pkt);

/*
 * A rule from a BRFW_A_RULE nest, with @SET names looked up in sets (a
 * list of struct brfw_set). Every inconsistency is refused with an extack
 * message. ERR_PTR on failure.
 */
struct brfw_rule *brfw_rule_parse(const struct nlattr *nest,
				  struct list_head *sets,
				  struct netlink_ext_ack *extack);
void brfw_rule_put(struct brfw_rule *rule);
static inline void brfw_rule_get(struct brfw_rule *rule)
{
	refcount_inc(&rule->ref);
}
/* The BRFW_A_RULE nest of a reply; pos: 1-based, 0 if not in that list. */
int brfw_rule_fill(struct sk_buff *skb, const struct brfw_rule *rule,
		   u32 pos_in, u32 pos_out);
void brfw_rule_counters(const struct brfw_rule *rule, u64 *packets,
			u64 *bytes);
void brfw_rule_reset(struct brfw_rule *rule);

extern const struct nla_policy brfw_rule_policy[BRFW_RULE_MAX + 1];

#endif
