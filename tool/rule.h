/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Rules: canonical text, netlink encoding and decoding, rule show. The
 * rule itself (struct rule) is in parse.h, as part of a request.
 */
#ifndef BRFWCTL_RULE_H
#define BRFWCTL_RULE_H

#include <net/if.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <linux/netlink.h>

#include "parse.h"
#include "print.h"

#define ETHERTYPE_IP	0x0800
#define ETHERTYPE_ARP	0x0806
#define ETHERTYPE_IP6	0x86dd

#define IPPROTO_NUM_ICMP	1
#define IPPROTO_NUM_TCP		6
#define IPPROTO_NUM_UDP		17
#define IPPROTO_NUM_ICMPV6	58
#define IPPROTO_NUM_SCTP	132

#define TCP_FLAG_SYN	0x02
#define TCP_FLAG_ACK	0x10
/* By bit: fin (0x01), syn, rst, psh, ack, urg, ece, cwr (0x80). */
extern const char *const tcp_flag_names[8];
/* By bit of BRFW_CT_F_*: new, established, related, invalid. */
#define CT_STATE_NUM 4
extern const char *const ct_state_names[CT_STATE_NUM];

/* Room for one match's value, and for a whole rule's text. */
#define RULE_VALUE_SIZE 256
#define RULE_TEXT_SIZE 1536

/* The keyword of one RM_* match ("src-mac"). */
const char *rule_match_name(uint32_t bit);
/* The canonical text of one match's value ("tcp", "80,443"). */
const char *rule_value(char *buf, const struct rule *r, uint32_t bit);
/* The address family a match implies: 4, 6, or 0. */
int rule_match_family(const struct rule *r, uint32_t bit);
/* "in", "out", "inout"; others "dirs-N". */
const char *rule_dir_name(char *buf, size_t len, uint8_t dirs);
/* "accept", "drop", "reject"; others "action-N". */
const char *rule_action_name(char *buf, size_t len, uint8_t action);

/*
 * The canonical text: [id N] [ether-type X] [src-mac M] [dst-mac M]
 * [vlan V] [proto P] [src S] [dst D] [sport L] [dport L]
 * [icmp-type T[/C]] [tcp-flags F] [ct-state S] ACTION [log]. The id only if with_id
 * and the rule has one. Returns buf.
 */
const char *rule_format(char *buf, size_t len, const struct rule *r,
			bool with_id);

/* Same rule: every field the text shows (not the counters). */
bool rule_equal(const struct rule *a, const struct rule *b);

/* rule_nl.c: the BRFW_A_RULE nest. */

/* Append BRFW_A_RULE for r (its id if it has one). */
void rule_put(struct nlmsghdr *nlh, const struct rule *r);
/*
 * Decode a BRFW_A_RULE nest (counters too). Attributes this brfwctl does
 * not know set r->unknown. Returns 0, or -1 with the reason in err.
 */
int rule_decode(const struct nlattr *nest, struct rule *r, char *err,
		size_t errlen);

/* A rule of rule show: the port and the rule. */
struct rule_entry {
	uint32_t ifindex;
	char dev[IFNAMSIZ];
	size_t seq;		/* order in the dump */
	struct rule r;
};

/* Decode a BRFW_CMD_RULE_GET message. */
int rule_reply_parse(const struct nlmsghdr *nlh, struct rule_entry *e,
		     char *err, size_t errlen);
/* Ports by name in version order, each port's rules in dump order. */
void rule_sort(struct rule_entry *v, size_t n);
/* The table (text) or an array of rule objects (JSON). */
void rule_print(struct pr *pr, const struct rule_entry *v, size_t n);
/* Name of a BRFW_RULE_* attribute, for error messages. */
const char *rule_attr_name(unsigned int type);

#endif
