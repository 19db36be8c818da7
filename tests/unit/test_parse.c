// SPDX-License-Identifier: GPL-2.0
/* Command line parser: every accepted form and every error message. */
#include <string.h>

#include <linux/brfw.h>

#include "parse.h"
#include "tap.h"
#include "tests.h"

#define U POLICY_UNSET
#define ACC BRFW_VERDICT_ACCEPT
#define DROP BRFW_VERDICT_DROP
#define TOP "brfwctl --help"
#define PORT "brfwctl port help"

struct ok_case {
	const char *args[10];		/* argv[1..], NULL-terminated */
	enum cmd cmd;
	bool json, pretty;
	const char *dev;
	int in, out;
};

static const struct ok_case ok_cases[] = {
	{ { NULL }, CMD_USAGE, false, false, NULL, U, U },
	{ { "-j" }, CMD_USAGE, true, false, NULL, U, U },
	{ { "help" }, CMD_HELP, false, false, NULL, U, U },
	{ { "h" }, CMD_HELP, false, false, NULL, U, U },
	{ { "-h" }, CMD_HELP, false, false, NULL, U, U },
	{ { "--help" }, CMD_HELP, false, false, NULL, U, U },
	{ { "-h", "foo", "bar" }, CMD_HELP, false, false, NULL, U, U },
	{ { "-j", "--help" }, CMD_HELP, true, false, NULL, U, U },
	{ { "help", "port" }, CMD_PORT_HELP, false, false, NULL, U, U },
	{ { "help", "p" }, CMD_PORT_HELP, false, false, NULL, U, U },
	{ { "help", "version" }, CMD_HELP, false, false, NULL, U, U },
	{ { "port", "help" }, CMD_PORT_HELP, false, false, NULL, U, U },
	{ { "-V" }, CMD_TOOL_VERSION, false, false, NULL, U, U },
	{ { "--version" }, CMD_TOOL_VERSION, false, false, NULL, U, U },
	{ { "-jV" }, CMD_TOOL_VERSION, true, false, NULL, U, U },
	{ { "-V", "bogus" }, CMD_TOOL_VERSION, false, false, NULL, U, U },
	{ { "version" }, CMD_VERSION, false, false, NULL, U, U },
	{ { "v" }, CMD_VERSION, false, false, NULL, U, U },
	{ { "-j", "version" }, CMD_VERSION, true, false, NULL, U, U },
	{ { "port" }, CMD_PORT_SHOW, false, false, NULL, U, U },
	{ { "p" }, CMD_PORT_SHOW, false, false, NULL, U, U },
	{ { "port", "show" }, CMD_PORT_SHOW, false, false, NULL, U, U },
	{ { "port", "sh" }, CMD_PORT_SHOW, false, false, NULL, U, U },
	{ { "port", "list" }, CMD_PORT_SHOW, false, false, NULL, U, U },
	{ { "port", "l" }, CMD_PORT_SHOW, false, false, NULL, U, U },
	{ { "port", "show", "vnet0" }, CMD_PORT_SHOW, false, false, "vnet0", U, U },
	{ { "port", "show", "set" }, CMD_PORT_SHOW, false, false, "set", U, U },
	{ { "-j", "port", "show" }, CMD_PORT_SHOW, true, false, NULL, U, U },
	{ { "--json", "port", "show" }, CMD_PORT_SHOW, true, false, NULL, U, U },
	{ { "-p", "port", "show" }, CMD_PORT_SHOW, true, true, NULL, U, U },
	{ { "--pretty", "port" }, CMD_PORT_SHOW, true, true, NULL, U, U },
	{ { "-j", "-p", "port" }, CMD_PORT_SHOW, true, true, NULL, U, U },
	{ { "-jp", "port" }, CMD_PORT_SHOW, true, true, NULL, U, U },
	{ { "-pj", "port" }, CMD_PORT_SHOW, true, true, NULL, U, U },
	{ { "port", "set", "vnet0", "policy-in", "drop" },
	  CMD_PORT_SET, false, false, "vnet0", DROP, U },
	{ { "port", "set", "vnet0", "policy-out", "accept" },
	  CMD_PORT_SET, false, false, "vnet0", U, ACC },
	{ { "port", "set", "vnet0", "policy-in", "accept", "policy-out", "drop" },
	  CMD_PORT_SET, false, false, "vnet0", ACC, DROP },
	{ { "port", "set", "vnet0", "policy-out", "drop", "policy-in", "drop" },
	  CMD_PORT_SET, false, false, "vnet0", DROP, DROP },
	{ { "p", "se", "vnet0", "policy-i", "d", "policy-o", "a" },
	  CMD_PORT_SET, false, false, "vnet0", DROP, ACC },
	{ { "-j", "port", "set", "tap-vm1.100", "policy-in", "acc" },
	  CMD_PORT_SET, true, false, "tap-vm1.100", ACC, U },
	{ { "port", "set", "fifteen-chars-x", "policy-in", "drop" },
	  CMD_PORT_SET, false, false, "fifteen-chars-x", DROP, U },
	{ { "port", "del", "vnet0" }, CMD_PORT_DEL, false, false, "vnet0", U, U },
	{ { "port", "delete", "vnet0" }, CMD_PORT_DEL, false, false, "vnet0", U, U },
	{ { "port", "d", "vnet0" }, CMD_PORT_DEL, false, false, "vnet0", U, U },
	{ { "port", "dele", "vnet0" }, CMD_PORT_DEL, false, false, "vnet0", U, U },
};

struct err_case {
	const char *args[10];
	const char *err;
	const char *hint;
};

static const struct err_case err_cases[] = {
	{ { "-x" }, "unknown option \"-x\"", TOP },
	{ { "--foo" }, "unknown option \"--foo\"", TOP },
	{ { "--js" }, "unknown option \"--js\"", TOP },
	{ { "-" }, "unknown option \"-\"", TOP },
	{ { "--" }, "unknown option \"--\"", TOP },
	{ { "-jx" }, "unknown option \"-jx\"", TOP },
	{ { "-j", "-q", "port" }, "unknown option \"-q\"", TOP },
	{ { "foo" }, "unknown command \"foo\"", TOP },
	{ { "" }, "unknown command \"\"", TOP },
	{ { "ports" }, "unknown command \"ports\"", TOP },
	{ { "help", "foo" }, "unknown command \"foo\" for \"help\"", TOP },
	{ { "help", "port", "x" }, "unknown keyword \"x\" for \"help\"", TOP },
	{ { "version", "x" }, "unknown keyword \"x\" for \"version\"", TOP },
	{ { "version", "-j" },
	  "option \"-j\" must come before the command", TOP },
	{ { "version", "--json" },
	  "option \"--json\" must come before the command", TOP },
	{ { "port", "foo" }, "unknown command \"foo\" for \"port\"", PORT },
	{ { "port", "s" }, "ambiguous command \"s\" for \"port\" (set, show)", PORT },
	{ { "port", "-j" }, "option \"-j\" must come before the command", PORT },
	{ { "port", "help", "x" }, "unknown keyword \"x\" for \"port help\"", PORT },
	{ { "port", "set" }, "missing device for \"port set\"", PORT },
	{ { "port", "set", "" }, "invalid device name \"\"", PORT },
	{ { "port", "set", "sixteen-chars-xx", "policy-in", "drop" },
	  "device name \"sixteen-chars-xx\" is too long (at most 15 characters)",
	  PORT },
	{ { "port", "set", "-j" }, "option \"-j\" must come before the command",
	  PORT },
	{ { "port", "set", "vnet0" },
	  "nothing to set (use policy-in and/or policy-out)", PORT },
	{ { "port", "set", "vnet0", "bar" },
	  "unknown keyword \"bar\" for \"port set\"", PORT },
	{ { "port", "set", "vnet0", "drop" },
	  "unknown keyword \"drop\" for \"port set\"", PORT },
	{ { "port", "set", "vnet0", "policy" },
	  "ambiguous keyword \"policy\" for \"port set\" (policy-in, policy-out)",
	  PORT },
	{ { "port", "set", "vnet0", "policy-in" },
	  "\"policy-in\" expects accept or drop", PORT },
	{ { "port", "set", "vnet0", "policy-out" },
	  "\"policy-out\" expects accept or drop", PORT },
	{ { "port", "set", "vnet0", "policy-in", "maybe" },
	  "\"policy-in\" expects accept or drop, not \"maybe\"", PORT },
	{ { "port", "set", "vnet0", "policy-out", "" },
	  "\"policy-out\" expects accept or drop, not \"\"", PORT },
	{ { "port", "set", "vnet0", "policy-in", "ACCEPT" },
	  "\"policy-in\" expects accept or drop, not \"ACCEPT\"", PORT },
	{ { "port", "set", "vnet0", "policy-in", "drop", "policy-in", "accept" },
	  "\"policy-in\" given twice", PORT },
	{ { "port", "set", "vnet0", "policy-i", "drop", "policy-in", "drop" },
	  "\"policy-in\" given twice", PORT },
	{ { "port", "set", "vnet0", "policy-out", "drop", "policy-o", "drop" },
	  "\"policy-out\" given twice", PORT },
	{ { "port", "set", "vnet0", "policy-in", "drop", "-j" },
	  "option \"-j\" must come before the command", PORT },
	{ { "port", "set", "vnet0", "policy-in", "drop", "extra" },
	  "unknown keyword \"extra\" for \"port set\"", PORT },
	{ { "port", "show", "vnet0", "extra" },
	  "unknown keyword \"extra\" for \"port show\"", PORT },
	{ { "port", "show", "-p" }, "option \"-p\" must come before the command",
	  PORT },
	{ { "port", "show", "" }, "invalid device name \"\"", PORT },
	{ { "port", "show", "sixteen-chars-xx" },
	  "device name \"sixteen-chars-xx\" is too long (at most 15 characters)",
	  PORT },
	{ { "port", "del" }, "missing device for \"port del\"", PORT },
	{ { "port", "del", "vnet0", "x" },
	  "unknown keyword \"x\" for \"port del\"", PORT },
	{ { "port", "del", "--pretty" },
	  "option \"--pretty\" must come before the command", PORT },
};

/* argv for parse_args: "brfwctl" then the case's words. */
static int make_argv(const char *const *args, char **argv, char *desc,
		     size_t desclen)
{
	int argc = 1;
	size_t off;

	argv[0] = "brfwctl";
	off = snprintf(desc, desclen, "brfwctl");
	for (; args[argc - 1]; argc++) {
		argv[argc] = (char *)args[argc - 1];
		off += snprintf(desc + off, off < desclen ? desclen - off : 0,
				*args[argc - 1] ? " %s" : " \"%s\"",
				args[argc - 1]);
	}
	argv[argc] = NULL;
	return argc;
}

static void run_ok(const struct ok_case *c)
{
	struct tap_point t = { false };
	char *argv[12], desc[160], err[256];
	struct request req;
	int argc, ret;

	argc = make_argv(c->args, argv, desc, sizeof(desc));
	ret = parse_args(argc, argv, &req, err, sizeof(err));
	tap_check_int(&t, "return", ret, 0);
	if (ret)
		tap_diag_str("error", err);
	tap_check_int(&t, "cmd", req.cmd, c->cmd);
	tap_check_int(&t, "json", req.json, c->json);
	tap_check_int(&t, "pretty", req.pretty, c->pretty);
	tap_check_str(&t, "dev", req.dev, c->dev);
	tap_check_int(&t, "policy_in", req.policy_in, c->in);
	tap_check_int(&t, "policy_out", req.policy_out, c->out);
	tap_ok(!t.failed, "parse: %s", desc);
}

static void run_err(const struct err_case *c)
{
	struct tap_point t = { false };
	char *argv[12], desc[160], err[256];
	struct request req;
	int argc, ret;

	argc = make_argv(c->args, argv, desc, sizeof(desc));
	ret = parse_args(argc, argv, &req, err, sizeof(err));
	tap_check_int(&t, "return", ret, -1);
	tap_check_str(&t, "message", err, c->err);
	tap_check_str(&t, "hint", req.hint, c->hint);
	tap_ok(!t.failed, "parse error: %s", desc);
}

void test_parse(void)
{
	char *argv[] = { "brfwctl", "port", "set", "vnet0", "bogus", NULL };
	char small[16];
	struct request req;
	size_t i;

	for (i = 0; i < sizeof(ok_cases) / sizeof(ok_cases[0]); i++)
		run_ok(&ok_cases[i]);
	for (i = 0; i < sizeof(err_cases) / sizeof(err_cases[0]); i++)
		run_err(&err_cases[i]);

	/* A short error buffer truncates, never overflows. */
	tap_ok(parse_args(5, argv, &req, small, sizeof(small)) == -1 &&
	       strlen(small) == sizeof(small) - 1,
	       "parse: error message truncated to the buffer");

	tap_is_str(verdict_name(BRFW_VERDICT_ACCEPT), "accept", "verdict_name(accept)");
	tap_is_str(verdict_name(BRFW_VERDICT_DROP), "drop", "verdict_name(drop)");
	tap_is_str(verdict_name(__BRFW_VERDICT_MAX), NULL, "verdict_name(unknown) is NULL");
	tap_is_str(verdict_name(-1), NULL, "verdict_name(-1) is NULL");
}
