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
#include <stdint.h>

#include <linux/brfw.h>

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
#define LIST_UNSET (-1)
#define ISOLATION_UNSET (-1)

#define MAC_LEN 6
#define VLAN_MAX 4094		/* VLAN IDs are 1..VLAN_MAX */
#define VLAN_BITMAP_SIZE ((VLAN_MAX + 1 + 7) / 8)

/* An IPv4 or IPv6 prefix; which one is up to the list that holds it. */
struct prefix {
	uint8_t addr[16];	/* network order; IPv4 in the first 4 bytes */
	uint8_t len;		/* prefix length, 32 or 128 for a host */
};

struct request {
	enum cmd cmd;
	bool json;
	bool pretty;
	const char *dev;	/* port set/del, port show DEV; else NULL */
	int policy_in;		/* enum brfw_verdict or POLICY_UNSET */
	int policy_out;

	/* port set, protocol 2: the port's identity. */
	bool set_mac;
	uint8_t mac[MAC_LEN];	/* all zero: mac none */
	int n_ip4;		/* LIST_UNSET, or entries in ip4 (0: ip none) */
	int n_ip6;
	struct prefix ip4[BRFW_MAX_PREFIXES];
	struct prefix ip6[BRFW_MAX_PREFIXES];
	bool set_vlans;
	uint8_t vlans[VLAN_BITMAP_SIZE];	/* bit n: VLAN n (none: vlan none) */
	uint32_t flags;		/* BRFW_PORT_F_* values ... */
	uint32_t flags_mask;	/* ... of the flags given */
	int isolation;		/* enum brfw_isolation or ISOLATION_UNSET */
	char community[BRFW_COMMUNITY_NAMSIZ];	/* isolation community NAME */

	const char *hint;	/* on error: help command to suggest */
};

/*
 * Parse argv[1..argc-1]. Returns 0, or -1 with a one-line message (no
 * "Error: " prefix, no newline) in err.
 */
int parse_args(int argc, char **argv, struct request *req,
	       char *err, size_t errlen);

/*
 * The lowest protocol version (BRFW_GENL_VERSION of a module) that
 * understands every attribute the request sends: 1, or 2 for identity.
 */
unsigned int request_protocol(const struct request *req);

/* Name of a verdict for output: "accept", "drop", or NULL if unknown. */
const char *verdict_name(int verdict);
/* Name of an isolation role ("isolated"), or NULL if unknown. */
const char *isolation_name(int isolation);

static inline bool vlan_test(const uint8_t *bitmap, unsigned int vid)
{
	return bitmap[vid / 8] & (1u << (vid % 8));
}

static inline void vlan_set(uint8_t *bitmap, unsigned int vid)
{
	bitmap[vid / 8] |= 1u << (vid % 8);
}

/* Output forms, shared by the parser's messages and the printer. */
#define MAC_STR_SIZE 18
#define PREFIX_STR_SIZE 48	/* INET6_ADDRSTRLEN + "/128" */
/* "52:54:00:30:fc:2d" */
const char *mac_str(char *buf, const uint8_t *mac);
/* "10.1.0.0/28"; a host (/32, /128) without its length. */
const char *prefix_str(char *buf, bool v6, const struct prefix *p);

#endif
