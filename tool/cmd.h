/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Running commands: a session (one netlink socket, opened on first use
 * and shared by the commands of a batch file), device lookup, dumps, and
 * the commands that only send requests.
 */
#ifndef BRFWCTL_CMD_H
#define BRFWCTL_CMD_H

#include <stdbool.h>
#include <stdint.h>

#include "nl.h"
#include "parse.h"
#include "print.h"

struct session {
	struct nl nl;
	bool open;		/* nl is open and the family resolved */
};

void session_init(struct session *s);
/*
 * The socket, opened and the brfw family looked up on first use. Prints
 * the error and returns NULL on failure.
 */
struct nl *session_nl(struct session *s);
/*
 * The socket, and the module speaks protocol need or later: else prints
 * why not ("does not support rules") and returns NULL.
 */
struct nl *session_need(struct session *s, unsigned int need);
void session_close(struct session *s);

/*
 * DEV → ifindex, in this network namespace. Returns 0, or an errno
 * (ENODEV: no such device).
 */
int dev_lookup(const char *dev, uint32_t *ifindex);
/* dev_lookup that prints the error; returns 0 or -1. */
int dev_resolve(const char *dev, uint32_t *ifindex);

/*
 * A dump of brfw command cmd, retried (with reset called first) while it
 * is interrupted by changes. filter (may be NULL) adds attributes to the
 * request. ctx names the command in errors. Returns 0, or -1 after
 * printing the error.
 */
int session_dump(struct session *s, uint8_t cmd,
		 void (*filter)(struct nlmsghdr *nlh, const void *arg),
		 const void *arg, nl_msg_cb cb, void (*reset)(void *data),
		 void *data, const char *ctx);

/*
 * Run one parsed command. Returns 0, or -1 after printing the error.
 */
int cmd_run(struct session *s, const struct request *req, struct pr *pr);

/*
 * The commands that send requests and print nothing: rule add, insert and
 * del, set add, del, add-elem and del-elem, counters reset.
 */
int cmd_modify(struct session *s, const struct request *req);

#endif
