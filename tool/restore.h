/* SPDX-License-Identifier: GPL-2.0 */
/* save, restore and batch files. */
#ifndef BRFWCTL_RESTORE_H
#define BRFWCTL_RESTORE_H

#include <stdio.h>

#include "cmd.h"
#include "port.h"
#include "rule.h"
#include "set.h"

/* Members per "set add-elem" line of save. */
#define SAVE_ELEMS_PER_LINE 64

/*
 * The save file of a configuration: sets (sorted, set_list_sort), ports
 * (sorted, port_sort), rules (sorted, rule_sort). Returns 0, or -1 with
 * the reason in err if something cannot be written in a form restore
 * takes back (a value of a newer module).
 */
int save_write(FILE *fp, const struct set_list *sets,
	       const struct port *ports, size_t n_ports,
	       const struct rule_entry *rules, size_t n_rules,
	       char *err, size_t errlen);

int cmd_save(struct session *s, FILE *fp);
int cmd_restore(struct session *s, const struct request *req);
int cmd_batch(struct session *s, const struct request *req);

#endif
