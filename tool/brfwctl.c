// SPDX-License-Identifier: GPL-2.0
/*
 * brfwctl: configure brfw, the per-bridge-port firewall for VMs.
 *
 * main() parses the command line into a struct request (parse.c), runs
 * the command (cmd.c) and checks that the output was written.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "cmd.h"
#include "err.h"
#include "parse.h"
#include "print.h"

int main(int argc, char **argv)
{
	struct session s;
	struct request req;
	char err[256];
	struct pr pr;
	int ret;

	if (parse_args(argc, argv, &req, err, sizeof(err)) < 0) {
		errorf("%s", err);
		fprintf(stderr, "Try \"%s\".\n", req.hint);
		request_free(&req);
		return 1;
	}
	pr_init(&pr, stdout, req.json, req.pretty);
	session_init(&s);
	ret = cmd_run(&s, &req, &pr);
	session_close(&s);
	request_free(&req);
	if (fflush(stdout) || ferror(stdout)) {
		errorf("cannot write the output: %s", strerror(errno));
		return 1;
	}
	return ret ? 1 : 0;
}
