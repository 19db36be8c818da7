// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: the text brfwctl turns into requests. The input is a
 * restore / batch file. Each run:
 *  - restore_parse(): every line to netlink messages (devices looked up by
 *    a stand-in: names starting with "x" do not exist);
 *  - batch_check(): every line as a batch line;
 *  - each line that parses as a rule: its canonical text must parse back
 *    to the same rule, and its netlink encoding must decode to it;
 *  - the first line as a whole command line (options included).
 * Any sanitizer report, or a broken round trip (abort), is a finding.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libmnl/libmnl.h>
#include <linux/genetlink.h>
#include <linux/brfw.h>

#include "err.h"
#include "parse.h"
#include "rule.h"
#include "script.h"

static int lookup(const char *dev, uint32_t *ifindex, void *data)
{
	(void)data;
	if (dev[0] == 'x')
		return ENODEV;
	*ifindex = (uint32_t)strlen(dev);
	return 0;
}

/* Split text at spaces into argv (text is modified). */
static int split(char *text, char **argv, int max)
{
	char *save = NULL, *w;
	int argc = 0;

	for (w = strtok_r(text, " ", &save); w && argc < max - 1;
	     w = strtok_r(NULL, " ", &save))
		argv[argc++] = w;
	argv[argc] = NULL;
	return argc;
}

static void round_trip(const struct rule *r)
{
	static char text[RULE_TEXT_SIZE], line[RULE_TEXT_SIZE + 64];
	static char buf[8192];
	char *argv[128], err[256], dir[16];
	const struct nlattr *a;
	struct nlmsghdr *nlh;
	struct request req;
	struct rule w;
	bool found = false;

	rule_format(text, sizeof(text), r, true);
	snprintf(line, sizeof(line), "rule add dev %s %s",
		 rule_dir_name(dir, sizeof(dir), r->dirs), text);
	if (parse_line(split(line, argv, 128), argv, LINE_RESTORE, &req, err,
		       sizeof(err))) {
		fprintf(stderr, "canonical text does not parse: %s: %s\n", text, err);
		abort();
	}
	if (!rule_equal(&req.rule, r)) {
		fprintf(stderr, "canonical text parses to another rule: %s\n", text);
		abort();
	}
	request_free(&req);

	memset(buf, 0, sizeof(buf));
	nlh = mnl_nlmsg_put_header(buf);
	mnl_nlmsg_put_extra_header(nlh, GENL_HDRLEN);
	rule_put(nlh, r);
	mnl_attr_for_each(a, nlh, GENL_HDRLEN) {
		if (mnl_attr_get_type(a) != BRFW_A_RULE)
			continue;
		found = true;
		if (rule_decode(a, &w, err, sizeof(err)) || !rule_equal(&w, r)) {
			fprintf(stderr, "netlink round trip: %s: %s\n", text, err);
			abort();
		}
	}
	if (!found)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *text = (const char *)data;
	char err[640], msg[256];
	struct request req;
	struct script s;
	struct lines l;
	int r;

	if (!err_out)
		err_out = fopen("/dev/null", "w");
	script_init(&s);
	restore_parse(text, size, lookup, NULL, &s, err, sizeof(err));
	script_free(&s);
	batch_check(text, size, err, sizeof(err));

	lines_init(&l, text, size);
	while ((r = lines_next(&l, msg, sizeof(msg))) > 0) {
		if (!parse_line(l.argc, l.argv, LINE_BATCH, &req, msg,
				sizeof(msg)) &&
		    (req.cmd == CMD_RULE_ADD || req.cmd == CMD_RULE_INSERT))
			round_trip(&req.rule);
		request_free(&req);
	}
	lines_free(&l);

	/* The first line as a command line, options and all. */
	lines_init(&l, text, size);
	if (lines_next(&l, msg, sizeof(msg)) > 0) {
		char **argv = calloc((size_t)l.argc + 2, sizeof(*argv));

		if (argv) {
			argv[0] = "brfwctl";
			memcpy(argv + 1, l.argv, (size_t)l.argc * sizeof(*argv));
			parse_args(l.argc + 1, argv, &req, msg, sizeof(msg));
			request_free(&req);
			free(argv);
		}
	}
	lines_free(&l);
	return 0;
}
