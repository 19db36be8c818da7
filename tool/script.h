/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Requests as netlink messages, built ahead of sending: a command's
 * requests (set members chunked), or a whole restore file's. Also the
 * reading of batch and restore files. No netlink socket here, so the unit
 * tests and the fuzzer can drive all of it.
 */
#ifndef BRFWCTL_SCRIPT_H
#define BRFWCTL_SCRIPT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <linux/netlink.h>

#include "nl.h"
#include "parse.h"

/* The largest message script_add builds (a port set with every VLAN). */
#define SCRIPT_MSG_MAX 65536

struct script_msg {
	size_t off;		/* of the message in buf */
	int line;		/* in the file, 0 for the command line */
	char ctx[48];		/* command for errors: "rule add vnet0" */
};

struct script {
	char *buf;		/* the messages, NLMSG_ALIGNed */
	size_t len, cap;
	struct script_msg *msgs;
	size_t n, cap_msgs;
	unsigned int protocol;	/* the highest request_protocol() added */
};

void script_init(struct script *s);
void script_free(struct script *s);
/* Message i; its nlmsg_type is set by script_send. */
struct nlmsghdr *script_msg(const struct script *s, size_t i);

/*
 * Append the requests of a parsed command that changes something: port
 * set, rule add / insert / del, set add / del / add-elem / del-elem,
 * counters reset. ifindex: of req->dev (if the command has one). txn:
 * with BRFW_A_TXN. Returns 0, or -1 with the message in err.
 */
int script_add(struct script *s, const struct request *req, uint32_t ifindex,
	       bool txn, int line, char *err, size_t errlen);

/*
 * Send messages from..s->n-1 in order, each waiting for its ACK; stop at
 * the first error (returns -1, *failed its index, nl->ext the error).
 */
int script_send(struct nl *nl, const struct script *s, size_t from,
		size_t *failed);

/*
 * The message for a failed message i (nl->ext): the kernel's, else
 * "<ctx>: <strerror>", naming the attribute or set member at fault.
 */
void script_error(char *buf, size_t len, const struct nl *nl,
		  const struct script *s, size_t i);

/* Files. */

/* Read a whole file, "-" for standard input. Prints the error. */
int file_read(const char *path, char **buf, size_t *len);

/* The lines of a file, split into words; blank and # lines skipped. */
struct lines {
	const char *p, *end;
	int line;		/* number of the current line, from 1 */
	char *copy;		/* the current line's words */
	size_t copy_cap;
	char **argv;
	int argc, argv_cap;
};

void lines_init(struct lines *l, const char *text, size_t len);
/*
 * The next command line: 1 (l->argc words in l->argv, at l->line), 0 at
 * the end, -1 with the message in err (a NUL byte, out of memory).
 */
int lines_next(struct lines *l, char *err, size_t errlen);
void lines_free(struct lines *l);

/* The message for a failed device lookup: "device \"x\" does not exist". */
void dev_error(char *buf, size_t len, const char *dev, int error);

/* Look up a device for a restore file; returns 0 or an errno. */
typedef int (*dev_lookup_fn)(const char *dev, uint32_t *ifindex, void *data);

/*
 * Parse every line of a restore file into requests with BRFW_A_TXN, in s.
 * Returns 0, or -1 with "line N: <message>" in err (nothing in s is to be
 * sent then).
 */
int restore_parse(const char *text, size_t len, dev_lookup_fn lookup,
		  void *data, struct script *s, char *err, size_t errlen);

/* Parse every line of a batch file; same return. */
int batch_check(const char *text, size_t len, char *err, size_t errlen);

#endif
