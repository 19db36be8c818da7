/* SPDX-License-Identifier: GPL-2.0 */
#ifndef BRFWCTL_RULE_CMD_H
#define BRFWCTL_RULE_CMD_H

#include <stddef.h>
#include <stdint.h>

#include "cmd.h"
#include "rule.h"

/*
 * Every rule (of one port if ifindex is not 0), sorted (rule_sort).
 * *v is the caller's to free. Returns 0 or -1 after printing the error.
 */
int rule_dump(struct session *s, uint32_t ifindex, struct rule_entry **v,
	      size_t *n, const char *ctx);
int cmd_rule_show(struct session *s, const struct request *req,
		  struct pr *pr);

#endif
