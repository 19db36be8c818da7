/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _BRFW_TABLE_H
#define _BRFW_TABLE_H

#include "port.h"

/*
 * A port's table: policies, identity and rules. Built privately (clone,
 * change, compile), then published by port.c; immutable afterwards.
 */

/* A copy of old holding the same rules (new references), or a new table. */
struct brfw_table *brfw_table_clone(const struct brfw_table *old);
/* Compile the rule lists into classifiers. Needed before publishing. */
int brfw_table_compile(struct brfw_table *t, struct netlink_ext_ack *extack);
/* A table never published, or after a grace period. */
void brfw_table_free(struct brfw_table *t);
void brfw_table_free_rcu(struct brfw_table *t);

/*
 * Insert rule (ownership passes) at pos (1-based, among the rules of its
 * direction, in the in list for inout; 0 or past the end: append). An id
 * of 0 is assigned: the highest plus one. EEXIST for a duplicate id.
 */
int brfw_table_insert(struct brfw_table *t, struct brfw_rule *rule, u32 pos,
		      struct netlink_ext_ack *extack);
/* Remove the rule with that id: 0, or -ENOENT. */
int brfw_table_remove(struct brfw_table *t, u32 id);

#endif
