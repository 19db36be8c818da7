// SPDX-License-Identifier: GPL-2.0
/*
 * brfwctl: configure brfw, the per-bridge-port firewall for VMs.
 *
 * main() parses the command line into a struct request (parse.c), runs
 * the command (port.c, ver.c) and checks that the output was written.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "err.h"
#include "help.h"
#include "parse.h"
#include "port.h"
#include "print.h"
#include "ver.h"

static int run(const struct request *req, struct pr *pr)
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
	case CMD_TOOL_VERSION:
		return cmd_tool_version(pr);
	case CMD_VERSION:
		return cmd_version(pr);
	case CMD_PORT_SET:
		return cmd_port_set(req);
	case CMD_PORT_SHOW:
		return cmd_port_show(req, pr);
	case CMD_PORT_DEL:
		return cmd_port_del(req);
	}
	return -1;
}

int main(int argc, char **argv)
{
	struct request req;
	char err[256];
	struct pr pr;
	int ret;

	if (parse_args(argc, argv, &req, err, sizeof(err)) < 0) {
		errorf("%s", err);
		fprintf(stderr, "Try \"%s\".\n", req.hint);
		return 1;
	}
	pr_init(&pr, stdout, req.json, req.pretty);
	ret = run(&req, &pr);
	if (fflush(stdout) || ferror(stdout)) {
		errorf("cannot write the output: %s", strerror(errno));
		return 1;
	}
	return ret ? 1 : 0;
}
