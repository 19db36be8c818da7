/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _BRFW_LOG_H
#define _BRFW_LOG_H

#include <linux/netfilter.h>
#include <linux/skbuff.h>
#include <linux/brfw.h>

#include "port.h"
#include "rule.h"

/* Module init: load the bridge syslog logger and hold it. */
void brfw_log_init(void);
void brfw_log_uninit(void);

/*
 * Log a frame that matched a rule with "log", through nf_log, at most as
 * often as port->rule_log_rs allows. dir is the frame's direction, state
 * its hook's. Under RCU (the hooks).
 */
void brfw_log_rule(struct brfw_port *port, const struct brfw_rule *rule,
		   enum brfw_dir dir, const struct sk_buff *skb,
		   const struct nf_hook_state *state);

#endif
