// SPDX-License-Identifier: GPL-2.0
/*
 * restore: every line of the file is parsed (and its device looked up)
 * before anything is sent; then, on one socket, TXN_BEGIN, each line's
 * requests with BRFW_A_TXN, TXN_COMMIT. The kernel applies the whole file
 * or nothing. batch (-b FILE): each line is its own command, run in order
 * until one fails; the file is parsed first, so a typo runs nothing.
 */
#include <stdlib.h>
#include <string.h>

#include <linux/brfw.h>

#include "err.h"
#include "restore.h"
#include "script.h"

static int lookup(const char *dev, uint32_t *ifindex, void *data)
{
	(void)data;
	return dev_lookup(dev, ifindex);
}

/* TXN_BEGIN, _COMMIT or _ABORT. Returns 0, or -1 with the message. */
static int txn(struct nl *nl, uint8_t cmd, char *msg, size_t len)
{
	char buf[NL_REQ_SIZE];
	struct nlmsghdr *nlh;

	nlh = nl_brfw_msg(nl, buf, sizeof(buf), cmd, 0);
	if (nl_talk(nl, nlh, NULL, NULL, NULL) == 0)
		return 0;
	if (!msg)
		return -1;
	nl_format_error(msg, len, &nl->ext, nlh, brfw_attr_name,
			cmd == BRFW_CMD_TXN_BEGIN ? "cannot start the transaction" :
			"cannot commit the transaction");
	return -1;
}

int cmd_restore(struct session *s, const struct request *req)
{
	char err[640], *text = NULL;
	struct script sc;
	struct nl *nl;
	size_t len, failed;
	int ret = -1;

	script_init(&sc);
	if (file_read(req->file, &text, &len))
		return -1;
	if (restore_parse(text, len, lookup, NULL, &sc, err, sizeof(err))) {
		errorf("%s", err);
		goto out;
	}
	nl = session_need(s, sc.protocol > 3 ? sc.protocol : 3);
	if (!nl)
		goto out;
	if (txn(nl, BRFW_CMD_TXN_BEGIN, err, sizeof(err))) {
		errorf("restore: %s", err);
		goto out;
	}
	if (script_send(nl, &sc, 0, &failed)) {
		/* The message first: the abort's reply replaces it. */
		script_error(err, sizeof(err), nl, &sc, failed);
		txn(nl, BRFW_CMD_TXN_ABORT, NULL, 0);
		errorf("line %d: %s", sc.msgs[failed].line, err);
		goto out;
	}
	if (txn(nl, BRFW_CMD_TXN_COMMIT, err, sizeof(err))) {
		errorf("restore: %s", err);
		goto out;
	}
	ret = 0;
out:
	script_free(&sc);
	free(text);
	return ret;
}

int cmd_batch(struct session *s, const struct request *breq)
{
	char err[640], prefix[32], *text = NULL;
	struct request req;
	struct lines l;
	struct pr pr;
	size_t len;
	int r, ret = 0;

	if (file_read(breq->file, &text, &len))
		return -1;
	if (batch_check(text, len, err, sizeof(err))) {
		errorf("%s", err);
		free(text);
		return -1;
	}
	lines_init(&l, text, len);
	while (!ret && (r = lines_next(&l, err, sizeof(err))) != 0) {
		snprintf(prefix, sizeof(prefix), "line %d: ", l.line);
		if (r < 0 || parse_line(l.argc, l.argv, LINE_BATCH, &req, err,
					sizeof(err)) < 0) {
			errorf("%s%s", prefix, err);	/* checked above */
			ret = -1;
			if (r > 0)
				request_free(&req);
			break;
		}
		req.json = breq->json;
		req.pretty = breq->pretty;
		err_set_prefix(prefix);
		pr_init(&pr, stdout, req.json, req.pretty);
		ret = cmd_run(s, &req, &pr);
		fflush(stdout);
		err_set_prefix(NULL);
		request_free(&req);
	}
	lines_free(&l);
	free(text);
	return ret;
}
