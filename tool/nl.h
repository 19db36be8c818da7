/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Generic netlink plumbing: the socket, the brfw family, one request and
 * its replies, and extended ACK decoding.
 */
#ifndef BRFWCTL_NL_H
#define BRFWCTL_NL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <linux/netlink.h>

#include <libmnl/libmnl.h>

/* Big enough for any request brfwctl sends but port set (port.h). */
#define NL_REQ_SIZE 1024

/* An error or ACK from the kernel, decoded. */
struct nl_ext {
	int error;		/* positive errno, 0 for success */
	const char *msg;	/* extack message or NULL; points into the reply */
	bool has_offs;		/* offs: offset of the bad attribute in the request */
	uint32_t offs;
	bool has_miss;		/* miss_type: type of a missing attribute */
	uint32_t miss_type;
};

struct nl {
	struct mnl_socket *sock;
	uint32_t portid;
	uint32_t seq;
	uint16_t family;	/* brfw family id, once resolved */
	uint32_t family_version;
	void *rbuf;
	struct nl_ext ext;	/* last error; valid until the next request */
};

typedef int (*nl_msg_cb)(const struct nlmsghdr *nlh, void *data);

/* Open the socket. Prints the error and returns -1 on failure. */
int nl_open(struct nl *nl);
void nl_close(struct nl *nl);

/*
 * Look up the brfw family (the kernel autoloads the module). Prints
 * "the brfw kernel module is not loaded" and returns -1 if it is missing.
 */
int nl_resolve(struct nl *nl);

/*
 * Open a nested attribute. libmnl sets NLA_F_NESTED too, but strict
 * kernels insist: be sure.
 */
static inline struct nlattr *nl_nest_start(struct nlmsghdr *nlh,
					   uint16_t type)
{
	struct nlattr *nest = mnl_attr_nest_start(nlh, type);

	nest->nla_type |= NLA_F_NESTED;
	return nest;
}

/* Start a brfw request in buf, of size bytes (cleared). */
struct nlmsghdr *nl_brfw_msg(struct nl *nl, void *buf, size_t size,
			     uint8_t cmd, uint16_t flags);

/*
 * Send req and read replies until the ACK, NLMSG_DONE or an error; cb (may
 * be NULL) gets every data message. NLM_F_ACK is added unless req is a
 * dump. *intr (may be NULL) is set if a reply carried NLM_F_DUMP_INTR.
 * Returns 0, or -1 with nl->ext describing the error: a kernel error or
 * a socket error (ext.msg NULL), or ext.error 0 if cb failed (cb prints
 * its own message).
 */
int nl_talk(struct nl *nl, struct nlmsghdr *req, nl_msg_cb cb, void *data,
	    bool *intr);

/* Print the error of a failed nl_talk: "Error: ..." with context ctx. */
void nl_perror(const struct nl *nl, const struct nlmsghdr *req,
	       const char *ctx);

/* Decode an NLMSG_ERROR or NLMSG_DONE message. Returns -1 if malformed. */
int nl_parse_ack(const struct nlmsghdr *nlh, struct nl_ext *ext);

/*
 * The message for a kernel error, without "Error: ": the extack message,
 * else "<ctx>: <strerror>", plus the name of the attribute at fault.
 * attr_name maps an attribute type of req to a user-facing name, or NULL.
 */
void nl_format_error(char *buf, size_t len, const struct nl_ext *ext,
		     const struct nlmsghdr *req,
		     const char *(*attr_name)(unsigned int type),
		     const char *ctx);

/*
 * User-facing name of a brfw attribute ("policy-in"), or NULL. Errors
 * that point inside a nested attribute name the outer one and the entry.
 */
const char *brfw_attr_name(unsigned int type);

#endif
