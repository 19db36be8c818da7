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
	/* Protocol 3: rules, sets, counters, save, restore, batch. */
	CMD_RULE_HELP,
	CMD_RULE_ADD,
	CMD_RULE_INSERT,
	CMD_RULE_DEL,
	CMD_RULE_SHOW,
	CMD_SET_HELP,
	CMD_SET_ADD,
	CMD_SET_DEL,
	CMD_SET_ADD_ELEM,
	CMD_SET_DEL_ELEM,
	CMD_SET_SHOW,
	CMD_COUNTERS_RESET,
	CMD_SAVE,
	CMD_RESTORE,
	CMD_BATCH,		/* -b FILE, -batch FILE */
	/* Protocol 4: conntrack-lite. */
	CMD_CT_HELP,		/* ct help, flows help, help ct */
	CMD_CT_SHOW,
	CMD_CT_SET,
	CMD_FLOWS_SHOW,
	CMD_FLOWS_FLUSH,
	CMD_FLOWS_DEL,
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

/* A set member: an IPv4 (family 4) or IPv6 (6) address or prefix. */
struct elem {
	uint8_t family;
	struct prefix p;
};

/* src or dst of a rule: a prefix, or a set by name. */
struct rule_addr {
	uint8_t family;		/* 4 or 6 for a prefix; 0 for a set */
	struct prefix p;
	char set[BRFW_SET_NAMSIZ];	/* set name, or "" */
};

struct port_range {
	uint16_t lo, hi;	/* lo <= hi */
};

/* Which matches of struct rule are given. */
#define RM_ETHERTYPE	(1U << 0)
#define RM_SRC_MAC	(1U << 1)
#define RM_DST_MAC	(1U << 2)
#define RM_VLAN		(1U << 3)
#define RM_PROTO	(1U << 4)
#define RM_SRC		(1U << 5)
#define RM_DST		(1U << 6)
#define RM_SPORT	(1U << 7)
#define RM_DPORT	(1U << 8)
#define RM_ICMP_TYPE	(1U << 9)
#define RM_ICMP_CODE	(1U << 10)
#define RM_TCP_FLAGS	(1U << 11)
#define RM_CT_STATE	(1U << 12)	/* protocol 4 */

/* A rule, as given on the command line or reported by the kernel. */
struct rule {
	uint32_t id;		/* 0: none given (the kernel assigns one) */
	uint8_t dirs;		/* BRFW_RULE_DIR_* */
	uint8_t action;		/* enum brfw_action */
	bool log;
	uint32_t present;	/* RM_* */
	uint16_t ethertype;
	uint8_t src_mac[6];
	uint8_t dst_mac[6];
	uint16_t vlan;
	uint8_t proto;
	struct rule_addr src, dst;
	uint8_t n_sport, n_dport;
	struct port_range sport[BRFW_MAX_PORT_RANGES];
	struct port_range dport[BRFW_MAX_PORT_RANGES];
	uint8_t icmp_type, icmp_code;
	uint8_t tcp_flags, tcp_mask;
	uint8_t ct_state;	/* BRFW_CT_F_* */
	/* Kernel replies only. */
	bool unknown;		/* attributes this brfwctl does not know */
	uint64_t packets, bytes;
};

/* flows del: one flow, by its tuple (either direction). */
struct flow_key {
	uint8_t family;		/* 4 or 6 */
	uint8_t proto;
	uint8_t src[16], dst[16];	/* network order */
	uint16_t sport, dport;	/* tcp, udp, sctp */
	uint16_t icmp_id;	/* icmp, icmpv6 */
	uint32_t present;	/* FK_* */
};

#define FK_PROTO	(1U << 0)
#define FK_SRC		(1U << 1)
#define FK_DST		(1U << 2)
#define FK_SPORT	(1U << 3)
#define FK_DPORT	(1U << 4)
#define FK_ID		(1U << 5)

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

	/* Protocol 3. */
	struct rule rule;	/* rule add, rule insert */
	uint32_t pos;		/* rule insert: 1-based position */
	uint32_t rule_id;	/* rule del */
	char set_name[BRFW_SET_NAMSIZ];	/* set commands; set show: "" all */
	struct elem *elems;	/* set add, add-elem, del-elem (heap) */
	size_t n_elems, cap_elems;
	const char *file;	/* restore, batch: a path or "-" */

	/* Protocol 4. */
	bool set_ct_limit;	/* port set ct-limit N */
	uint32_t ct_limit;
	bool set_ct_max;	/* ct set max N */
	uint32_t ct_max;
	uint32_t ct_timeouts[__BRFW_CT_TO_MAX];	/* ct set timeout NAME SECS */
	uint32_t ct_timeouts_set;	/* bit n: timeout n given */
	struct flow_key flow;	/* flows del */

	const char *hint;	/* on error: help command to suggest */
};

/*
 * Parse argv[1..argc-1]. Returns 0, or -1 with a one-line message (no
 * "Error: " prefix, no newline) in err.
 */
int parse_args(int argc, char **argv, struct request *req,
	       char *err, size_t errlen);

/* What a line of a file may be. */
enum line_mode {
	LINE_BATCH,		/* any command but restore and batch */
	LINE_RESTORE,		/* port set, set add, set add-elem, rule add,
				 * rule insert */
};

/*
 * Parse one line of a batch or restore file, already split into words
 * (argv[0..argc-1], no "brfwctl", no options). Same return as parse_args.
 */
int parse_line(int argc, char **argv, enum line_mode mode,
	       struct request *req, char *err, size_t errlen);

/* Free what a parsed request holds (set members); req stays valid. */
void request_free(struct request *req);

/*
 * The lowest protocol version (BRFW_GENL_VERSION of a module) that
 * understands every attribute the request sends: 1, 2 for identity, 3 for
 * rules, sets, counters, save and restore, 4 for conntrack (ct, flows,
 * stateful, persist-established, ct-limit, ct-state).
 */
unsigned int request_protocol(const struct request *req);

/* Name of a timeout / flow state (enum brfw_ct_timeout), or NULL. */
const char *ct_timeout_name(unsigned int t);
/* Name of a flow state for flows: "syn-sent" ... "unreplied", or NULL. */
const char *flow_state_name(unsigned int state);
/* Default of timeout t, in seconds (0 if unknown). */
uint32_t ct_timeout_default(unsigned int t);

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

/* Set names: 1..BRFW_SET_NAMSIZ-1 of [A-Za-z0-9_.-]. */
bool set_name_valid(const char *s);
/* Order of set members: IPv4 first, then by address, then by length. */
int elem_cmp(const struct elem *a, const struct elem *b);

#endif
