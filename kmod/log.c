// SPDX-License-Identifier: GPL-2.0
/*
 * Rule logging through nf_log, so that it goes where the admin sends the
 * rest of netfilter's logging:
 *
 *  - By default, to the kernel log (dmesg, journalctl -k) through the
 *    syslog logger of nf_log_syslog, which module init loads and holds.
 *    That logger writes only for the initial namespace unless sysctl
 *    net.netfilter.nf_log_all_netns is 1 (it guards the host's log
 *    against containers); brfw keeps that rule.
 *  - When the namespace has bound another kind of logger to the bridge
 *    family (sysctl net.netfilter.nf_log.7 = nfnetlink_log, read by
 *    ulogd as NFLOG group 0), to that one: nf_log_packet() follows the
 *    binding only when given no loginfo, and uses the logger of
 *    loginfo's type otherwise.
 *
 * Each line starts "brfw PORT DIR rule ID VERDICT: " and is followed by
 * the logger's description of the frame. Per port, at most the burst of
 * rule_log_rs per interval (port.c) are logged, whatever the logger.
 */
#include <linux/kmod.h>
#include <linux/module.h>
#include <net/netfilter/nf_log.h>

#include "log.h"

static const struct nf_loginfo brfw_loginfo = {
	.type = NF_LOG_TYPE_LOG,
	.u.log = {
		.level = LOGLEVEL_INFO,
		.logflags = NF_LOG_MACDECODE,
	},
};

static const char *const brfw_action_names[] = {
	[BRFW_ACTION_ACCEPT]	= "accept",
	[BRFW_ACTION_DROP]	= "drop",
	[BRFW_ACTION_REJECT]	= "reject",
};

static bool brfw_log_held;

void brfw_log_rule(struct brfw_port *port, const struct brfw_rule *rule,
		   enum brfw_dir dir, const struct sk_buff *skb,
		   const struct nf_hook_state *state)
{
	const struct net_device *dev = dir == BRFW_DIR_OUT ? state->in :
							     state->out;
	const struct nf_loginfo *li = &brfw_loginfo;
	const struct nf_logger *bound;

	if (!__ratelimit(&port->rule_log_rs))
		return;
	bound = rcu_dereference(state->net->nf.nf_loggers[NFPROTO_BRIDGE]);
	if (bound && bound->type != NF_LOG_TYPE_LOG)
		li = NULL;
	nf_log_packet(state->net, NFPROTO_BRIDGE, state->hook, skb, state->in,
		      state->out, li, "brfw %s %s rule %u %s: ", dev->name,
		      dir == BRFW_DIR_OUT ? "out" : "in", rule->id,
		      rule->action < ARRAY_SIZE(brfw_action_names) ?
		      brfw_action_names[rule->action] : "?");
}

void brfw_log_init(void)
{
	int err = nf_logger_find_get(NFPROTO_BRIDGE, NF_LOG_TYPE_LOG);

	/* nf_logger_find_get() loads nothing: ask for nf_log_syslog. */
	if (err) {
		request_module("nf-logger-%u-%u", NFPROTO_BRIDGE,
			       NF_LOG_TYPE_LOG);
		err = nf_logger_find_get(NFPROTO_BRIDGE, NF_LOG_TYPE_LOG);
	}
	/* Not fatal: the rules work, and log once a logger is there. */
	if (err)
		pr_warn("brfw: nf_log_syslog is not loaded: rule logs reach the kernel log once it is\n");
	brfw_log_held = !err;
}

void brfw_log_uninit(void)
{
	if (brfw_log_held)
		nf_logger_put(NFPROTO_BRIDGE, NF_LOG_TYPE_LOG);
	brfw_log_held = false;
}

MODULE_SOFTDEP("pre: nf_log_syslog");
