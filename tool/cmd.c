// SPDX-License-Identifier: GPL-2.0
/* Sessions, dumps, and running a parsed command; see cmd.h. */
#include <errno.h>
#include <net/if.h>
#include <string.h>
#include <time.h>

#include <libmnl/libmnl.h>
#include <linux/brfw.h>

#include "cmd.h"
#include "ct.h"
#include "err.h"
#include "help.h"
#include "port.h"
#include "restore.h"
#include "rule_cmd.h"
#include "script.h"
#include "set.h"
#include "ver.h"

/*
 * How often a dump disturbed by concurrent changes is tried, with a short
 * pause (1, 2, 4 ... ms, at most 64) before each retry.
 */
#define DUMP_TRIES 10

void session_init(struct session *s)
{
	memset(s, 0, sizeof(*s));
}

struct nl *session_nl(struct session *s)
{
	if (s->open)
		return &s->nl;
	if (nl_open(&s->nl))
		return NULL;
	if (nl_resolve(&s->nl)) {
		nl_close(&s->nl);
		return NULL;
	}
	s->open = true;
	return &s->nl;
}

/*
 * A module older than the request would reject the attributes it does
 * not know as unknown: say what is wrong instead.
 */
struct nl *session_need(struct session *s, unsigned int need)
{
	struct nl *nl = session_nl(s);
	uint32_t have;

	if (!nl)
		return NULL;
	have = nl->family_version;
	if (!have || have >= need)
		return nl;
	if (need >= 4)
		errorf("the loaded brfw module does not support flow tracking (ct, flows, stateful, ct-limit, ct-state; protocol %u < %u): reload it",
		       have, need);
	else if (need >= 3)
		errorf("the loaded brfw module does not support rules and sets (protocol %u < %u): reload it",
		       have, need);
	else
		errorf("the loaded brfw module is older than brfwctl (protocol %u < %u): reload it",
		       have, need);
	return NULL;
}

void session_close(struct session *s)
{
	if (s->open)
		nl_close(&s->nl);
	s->open = false;
}

int dev_lookup(const char *dev, uint32_t *ifindex)
{
	unsigned int i;

	errno = 0;
	i = if_nametoindex(dev);
	if (!i)
		return errno ? errno : ENODEV;
	*ifindex = i;
	return 0;
}

int dev_resolve(const char *dev, uint32_t *ifindex)
{
	char msg[128];
	int e = dev_lookup(dev, ifindex);

	if (!e)
		return 0;
	dev_error(msg, sizeof(msg), dev, e);
	errorf("%s", msg);
	return -1;
}

int session_dump(struct session *s, uint8_t cmd,
		 void (*filter)(struct nlmsghdr *nlh, const void *arg),
		 const void *arg, nl_msg_cb cb, void (*reset)(void *data),
		 void *data, const char *ctx)
{
	struct nl *nl = session_nl(s);
	char buf[NL_REQ_SIZE];
	struct nlmsghdr *nlh;
	bool intr = false;
	int tries = 0;

	if (!nl)
		return -1;
	do {
		if (tries) {
			long ms = 1L << (tries < 7 ? tries - 1 : 6);
			struct timespec ts = { 0, ms * 1000000L };

			nanosleep(&ts, NULL);
		}
		if (reset)
			reset(data);
		nlh = nl_brfw_msg(nl, buf, sizeof(buf), cmd, NLM_F_DUMP);
		if (filter)
			filter(nlh, arg);
		if (nl_talk(nl, nlh, cb, data, &intr) < 0) {
			nl_perror(nl, nlh, ctx);
			return -1;
		}
	} while (intr && ++tries < DUMP_TRIES);
	if (intr) {
		errorf("%s: the %s kept changing during the dump (%d tries), giving up",
		       ctx, cmd == BRFW_CMD_PORT_GET ? "ports" :
		       cmd == BRFW_CMD_RULE_GET ? "rules" :
		       cmd == BRFW_CMD_FLOW_GET ? "flows" : "sets", DUMP_TRIES);
		return -1;
	}
	return 0;
}

int cmd_modify(struct session *s, const struct request *req)
{
	struct script sc;
	uint32_t ifindex = 0;
	char msg[512];
	size_t failed;
	struct nl *nl;
	int ret = -1;

	if (req->dev && dev_resolve(req->dev, &ifindex))
		return -1;
	script_init(&sc);
	if (script_add(&sc, req, ifindex, false, 0, msg, sizeof(msg))) {
		errorf("%s", msg);
		goto out;
	}
	nl = session_need(s, request_protocol(req));
	if (!nl)
		goto out;
	if (script_send(nl, &sc, 0, &failed)) {
		if (nl->ext.error) {
			script_error(msg, sizeof(msg), nl, &sc, failed);
			errorf("%s", msg);
		}
		goto out;
	}
	ret = 0;
out:
	script_free(&sc);
	return ret;
}

int cmd_run(struct session *s, const struct request *req, struct pr *pr)
{
	switch (req->cmd) {
	case CMD_USAGE:
		help_main(stderr);
		return -1;
	case CMD_HELP:
		help_main(stdout);
		return 0;
	case CMD_PORT_HELP:
		help_port(stdout);
		return 0;
	case CMD_RULE_HELP:
		help_rule(stdout);
		return 0;
	case CMD_SET_HELP:
		help_set(stdout);
		return 0;
	case CMD_TOOL_VERSION:
		return cmd_tool_version(pr);
	case CMD_VERSION:
		return cmd_version(pr);
	case CMD_PORT_SET:
		return cmd_port_set(s, req);
	case CMD_PORT_SHOW:
		return cmd_port_show(s, req, pr);
	case CMD_PORT_DEL:
		return cmd_port_del(s, req);
	case CMD_RULE_ADD:
	case CMD_RULE_INSERT:
	case CMD_RULE_DEL:
	case CMD_SET_ADD:
	case CMD_SET_DEL:
	case CMD_SET_ADD_ELEM:
	case CMD_SET_DEL_ELEM:
	case CMD_COUNTERS_RESET:
		return cmd_modify(s, req);
	case CMD_RULE_SHOW:
		return cmd_rule_show(s, req, pr);
	case CMD_SET_SHOW:
		return cmd_set_show(s, req, pr);
	case CMD_SAVE:
		return cmd_save(s, stdout);
	case CMD_RESTORE:
		return cmd_restore(s, req);
	case CMD_BATCH:
		return cmd_batch(s, req);
	case CMD_CT_HELP:
		help_ct(stdout);
		return 0;
	case CMD_CT_SHOW:
		return cmd_ct_show(s, pr);
	case CMD_CT_SET:
		return cmd_ct_set(s, req);
	case CMD_FLOWS_SHOW:
		return cmd_flows_show(s, req, pr);
	case CMD_FLOWS_FLUSH:
	case CMD_FLOWS_DEL:
		return cmd_flows_del(s, req);
	}
	return -1;
}
