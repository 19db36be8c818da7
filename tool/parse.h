/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Command line → struct request. No netlink, no device lookups: the result
 * is plain data, so the unit tests can check every accepted form and every
 * error message.
 */
#ifndef BRFWCTL_PARSE_H
#define BRFWCTL_PARSE_H

#include <stdbool.h>
#include <stddef.h>

enum cmd {
	CMD_USAGE,		/* no command: usage on stderr, exit 1 */
	CMD_HELP,		/* help, -h, --help */
	CMD_TOOL_VERSION,	/* -V, --version: brfwctl's own version */
	CMD_VERSION,		/* version: tool, module and protocol */
	CMD_PORT_HELP,
	CMD_PORT_SET,
	CMD_PORT_SHOW,
	CMD_PORT_DEL,
};

#define POLICY_UNSET (-1)

struct request {
	enum cmd cmd;
	bool json;
	bool pretty;
	const char *dev;	/* port set/del, port show DEV; else NULL */
	int policy_in;		/* enum brfw_verdict or POLICY_UNSET */
	int policy_out;
	const char *hint;	/* on error: help command to suggest */
};

/*
 * Parse argv[1..argc-1]. Returns 0, or -1 with a one-line message (no
 * "Error: " prefix, no newline) in err.
 */
int parse_args(int argc, char **argv, struct request *req,
	       char *err, size_t errlen);

/* Name of a verdict for output: "accept", "drop", or NULL if unknown. */
const char *verdict_name(int verdict);

#endif
