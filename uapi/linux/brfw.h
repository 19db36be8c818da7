/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * brfw: per-bridge-port firewall for virtual machines.
 *
 * Generic netlink interface shared by the kernel module, brfwctl and the
 * tests. This header is append-only once released: never renumber or
 * remove a value, only add new ones before the __*_MAX sentinels.
 *
 * Conventions:
 *  - Family name BRFW_GENL_NAME, family version BRFW_GENL_VERSION. Bump the
 *    version when a command or attribute is added, so that a tool can tell
 *    what the loaded module understands (also reported by
 *    BRFW_CMD_VERSION_GET as BRFW_A_PROTO_VERSION).
 *  - No binary structs on the wire: every field is its own attribute.
 *  - Every command has a strict attribute policy: unknown attributes,
 *    attributes the command does not take, out-of-range values and
 *    non-zero reserved header bytes are rejected with an extack message.
 *  - Integers are host byte order; 64-bit counters use BRFW_*_PAD.
 *  - Every command requires CAP_NET_ADMIN in the initial user namespace,
 *    except BRFW_CMD_VERSION_GET.
 *  - Ports are named by ifindex, in the network namespace of the socket.
 */
#ifndef _UAPI_LINUX_BRFW_H
#define _UAPI_LINUX_BRFW_H

#define BRFW_GENL_NAME		"brfw"
#define BRFW_GENL_VERSION	4

enum brfw_cmd {
	BRFW_CMD_UNSPEC,

	/* Reply: BRFW_A_VERSION, BRFW_A_PROTO_VERSION. */
	BRFW_CMD_VERSION_GET,

	/*
	 * Create or update the policy of one bridge port.
	 * Request: BRFW_A_IFINDEX (required), BRFW_A_POLICY_IN,
	 * BRFW_A_POLICY_OUT (optional; a new policy defaults to accept).
	 * Since version 2, the identity: BRFW_A_MAC, BRFW_A_IP4, BRFW_A_IP6,
	 * BRFW_A_VLANS (each replaces the port's list; an empty nest clears
	 * it), BRFW_A_PORT_FLAGS with BRFW_A_PORT_FLAGS_MASK (the flags to
	 * change), BRFW_A_ISOLATION and BRFW_A_COMMUNITY. Attributes not
	 * given keep their value; the whole change applies or nothing does.
	 * Fails with ENODEV if the device does not exist and EINVAL if it is
	 * not a bridge port.
	 */
	BRFW_CMD_PORT_SET,

	/*
	 * doit: BRFW_A_IFINDEX (required), replies with one port.
	 * dumpit: every port with a policy in the namespace. Each port
	 * message carries BRFW_A_IFINDEX, BRFW_A_IFNAME, BRFW_A_MASTER_IFINDEX,
	 * BRFW_A_MASTER_IFNAME, BRFW_A_POLICY_IN, BRFW_A_POLICY_OUT,
	 * BRFW_A_STATS_IN, BRFW_A_STATS_OUT; since version 2 also BRFW_A_MAC,
	 * BRFW_A_IP4, BRFW_A_IP6, BRFW_A_VLANS, BRFW_A_PORT_FLAGS,
	 * BRFW_A_ISOLATION, BRFW_A_COMMUNITY (community ports) and
	 * BRFW_A_DROPS. A dump interrupted by a change is flagged with
	 * NLM_F_DUMP_INTR.
	 */
	BRFW_CMD_PORT_GET,

	/* Remove the policy of a port. Request: BRFW_A_IFINDEX (required). */
	BRFW_CMD_PORT_DEL,

	/*
	 * Version 3: rules, address sets, counters and transactions.
	 *
	 * Add one rule to a port. Request: BRFW_A_IFINDEX, BRFW_A_RULE
	 * (required), BRFW_A_RULE_POS (optional: 1-based position among the
	 * rules of the rule's direction; absent or past the end: append). A
	 * port without a policy gets one, accept both ways. A rule without
	 * BRFW_RULE_ID gets the port's highest id plus one.
	 */
	BRFW_CMD_RULE_ADD,

	/* Delete a rule. Request: BRFW_A_IFINDEX, BRFW_A_RULE_ID. */
	BRFW_CMD_RULE_DEL,

	/*
	 * dumpit only: one message per rule, ports in any order, each port's
	 * rules in order. Request: BRFW_A_IFINDEX (optional filter). Message:
	 * BRFW_A_IFINDEX, BRFW_A_IFNAME, BRFW_A_RULE (with BRFW_RULE_POS_IN /
	 * BRFW_RULE_POS_OUT and BRFW_RULE_COUNTERS).
	 */
	BRFW_CMD_RULE_GET,

	/*
	 * Create an address set. Request: BRFW_A_SET_NAME (required),
	 * BRFW_A_SET_ELEMS (optional). EEXIST if the name is taken.
	 */
	BRFW_CMD_SET_NEW,

	/* Delete a set. Request: BRFW_A_SET_NAME. EBUSY while a rule uses it. */
	BRFW_CMD_SET_DEL,

	/*
	 * Add or remove members. Request: BRFW_A_SET_NAME, BRFW_A_SET_ELEMS.
	 * Adding a member twice keeps one; removing a non-member is ENOENT.
	 * The whole request applies or nothing does; every rule using the
	 * set sees the new members at once.
	 */
	BRFW_CMD_SET_ELEM_ADD,
	BRFW_CMD_SET_ELEM_DEL,

	/*
	 * dumpit only: sets in name order. Request: BRFW_A_SET_NAME
	 * (optional filter). A set's members are split over several messages
	 * when they do not fit in one; each message carries BRFW_A_SET_NAME,
	 * BRFW_A_SET_COUNT and BRFW_A_SET_REFS, and BRFW_A_SET_ELEMS with the
	 * next members (possibly none).
	 */
	BRFW_CMD_SET_GET,

	/*
	 * Zero the rule and port counters of one port (BRFW_A_IFINDEX) or of
	 * every port (no attribute).
	 */
	BRFW_CMD_COUNTERS_RESET,

	/*
	 * Replace the whole configuration of the namespace (brfwctl restore):
	 * TXN_BEGIN opens an empty staging configuration owned by the
	 * socket; PORT_SET, RULE_ADD, SET_NEW and SET_ELEM_ADD with
	 * BRFW_A_TXN apply to it and are validated as they come; TXN_COMMIT
	 * validates it as a whole and replaces the live configuration at once
	 * (ports and sets not in it lose their policy and are deleted);
	 * TXN_ABORT, a failed commit or the owner's socket closing drop it.
	 * One transaction per namespace at a time: EBUSY for another.
	 */
	BRFW_CMD_TXN_BEGIN,
	BRFW_CMD_TXN_COMMIT,
	BRFW_CMD_TXN_ABORT,

	/*
	 * Version 4: conntrack-lite, brfw's own flow table (per namespace).
	 *
	 * CT_GET: no attribute; replies with BRFW_A_CT (settings and usage).
	 * CT_SET: BRFW_A_CT with BRFW_CT_MAX and/or BRFW_CT_TIMEOUTS (the
	 * timeouts given change, the others keep their value). Outside the
	 * initial namespace, a MAX above the current one is EPERM.
	 */
	BRFW_CMD_CT_GET,
	BRFW_CMD_CT_SET,

	/*
	 * dumpit only: one message per flow, BRFW_A_FLOW. Request:
	 * BRFW_A_IFINDEX (optional: the flows that cross that port). A flow
	 * is never in two messages; a dump that may have missed flows
	 * because the table changed under it is flagged NLM_F_DUMP_INTR.
	 */
	BRFW_CMD_FLOW_GET,

	/*
	 * Remove flows. Request: BRFW_A_FLOW with BRFW_FLOW_FAMILY,
	 * BRFW_FLOW_PROTO, BRFW_FLOW_SRC, BRFW_FLOW_DST, BRFW_FLOW_SPORT and
	 * BRFW_FLOW_DPORT (or BRFW_FLOW_ICMP_ID), in either direction, and
	 * optionally BRFW_FLOW_ZONE: that one flow (ENOENT if there is
	 * none). Else BRFW_A_IFINDEX: every flow crossing that port. Else
	 * every flow of the namespace.
	 */
	BRFW_CMD_FLOW_DEL,

	__BRFW_CMD_MAX,
};
#define BRFW_CMD_MAX (__BRFW_CMD_MAX - 1)

/* Default verdicts of a port, one per direction. */
enum brfw_verdict {
	BRFW_VERDICT_ACCEPT,
	BRFW_VERDICT_DROP,
	__BRFW_VERDICT_MAX,
};
#define BRFW_VERDICT_MAX (__BRFW_VERDICT_MAX - 1)

/*
 * Directions, from the virtual machine's point of view:
 *  in:  frames delivered to the guest (forwarded, flooded or sent by the
 *       host through the bridge);
 *  out: frames sent by the guest, as they enter the bridge.
 */
enum brfw_dir {
	BRFW_DIR_IN,
	BRFW_DIR_OUT,
	__BRFW_DIR_MAX,
};

enum brfw_attr {
	BRFW_A_UNSPEC,
	BRFW_A_PAD,
	BRFW_A_VERSION,		/* string: module version, reply only */
	BRFW_A_PROTO_VERSION,	/* u32: BRFW_GENL_VERSION of the module */
	BRFW_A_IFINDEX,		/* u32: the bridge port */
	BRFW_A_IFNAME,		/* string: port name, reply only */
	BRFW_A_MASTER_IFINDEX,	/* u32: its bridge, reply only */
	BRFW_A_MASTER_IFNAME,	/* string: its bridge's name, reply only */
	BRFW_A_POLICY_IN,	/* u8: enum brfw_verdict, frames to the guest */
	BRFW_A_POLICY_OUT,	/* u8: enum brfw_verdict, frames from the guest */
	BRFW_A_STATS_IN,	/* nest: enum brfw_stat, reply only */
	BRFW_A_STATS_OUT,	/* nest: enum brfw_stat, reply only */

	/* Version 2: identity and anti-spoofing. */
	BRFW_A_MAC,		/* binary, 6 bytes; all zero: none */
	BRFW_A_IP4,		/* nest: BRFW_LIST_PREFIX entries, IPv4 */
	BRFW_A_IP6,		/* nest: BRFW_LIST_PREFIX entries, IPv6 */
	BRFW_A_VLANS,		/* nest: BRFW_LIST_VLAN entries */
	BRFW_A_PORT_FLAGS,	/* u32: BRFW_PORT_F_* */
	BRFW_A_PORT_FLAGS_MASK,	/* u32: which BRFW_PORT_F_* a request sets */
	BRFW_A_ISOLATION,	/* u8: enum brfw_isolation */
	BRFW_A_COMMUNITY,	/* string: community name, with ISOLATION_COMMUNITY */
	BRFW_A_DROPS,		/* nest: enum brfw_reason, u64 each, reply only */

	/* Version 3: rules, sets, transactions. */
	BRFW_A_RULE,		/* nest: enum brfw_rule_attr */
	BRFW_A_RULE_ID,		/* u32: a rule of the port, RULE_DEL */
	BRFW_A_RULE_POS,	/* u32: 1-based insert position, RULE_ADD */
	BRFW_A_SET_NAME,	/* string, 1..BRFW_SET_NAMSIZ-1 of [A-Za-z0-9_.-] */
	BRFW_A_SET_ELEMS,	/* nest: BRFW_LIST_PREFIX entries, IPv4 or IPv6 */
	BRFW_A_SET_COUNT,	/* u32: members of the set, reply only */
	BRFW_A_SET_REFS,	/* u32: rules that use it, reply only */
	BRFW_A_TXN,		/* flag: the request is part of the transaction */

	/* Version 4: conntrack-lite. */
	BRFW_A_CT_LIMIT,	/* u32: the port's flow quota, 0: none (PORT_SET/GET) */
	BRFW_A_CT_FLOWS,	/* u32: flows the port holds, reply only */
	BRFW_A_CT,		/* nest: enum brfw_ct_attr */
	BRFW_A_FLOW,		/* nest: enum brfw_flow_attr */
	__BRFW_A_MAX,
};
#define BRFW_A_MAX (__BRFW_A_MAX - 1)

/* Per-port, per-direction counters: u64, summed over CPUs. */
enum brfw_stat {
	BRFW_STAT_UNSPEC,
	BRFW_STAT_PAD,
	BRFW_STAT_PASS_PACKETS,
	BRFW_STAT_PASS_BYTES,	/* Ethernet frame bytes, header included */
	BRFW_STAT_DROP_PACKETS,
	BRFW_STAT_DROP_BYTES,
	__BRFW_STAT_MAX,
};
#define BRFW_STAT_MAX (__BRFW_STAT_MAX - 1)

/* Entries of the BRFW_A_IP4, BRFW_A_IP6 and BRFW_A_VLANS lists. */
enum brfw_list_attr {
	BRFW_LIST_UNSPEC,
	BRFW_LIST_PREFIX,	/* nest: enum brfw_prefix_attr */
	BRFW_LIST_VLAN,		/* u16: VLAN ID, 1..4094 */
	BRFW_LIST_RANGE,	/* nest: enum brfw_range_attr (v3: sport, dport) */
	__BRFW_LIST_MAX,
};
#define BRFW_LIST_MAX (__BRFW_LIST_MAX - 1)

/* An address and a prefix length, IPv4 or IPv6 by the address's size. */
enum brfw_prefix_attr {
	BRFW_PREFIX_UNSPEC,
	BRFW_PREFIX_ADDR,	/* binary, network order: 4 or 16 bytes */
	BRFW_PREFIX_LEN,	/* u8: 0..32 or 0..128; absent: a host */
	__BRFW_PREFIX_MAX,
};
#define BRFW_PREFIX_MAX (__BRFW_PREFIX_MAX - 1)

/* Most entries a port's IPv4 or IPv6 list takes, and its VLAN list. */
#define BRFW_MAX_PREFIXES	64
#define BRFW_MAX_VLANS		256

/* Port flags (BRFW_A_PORT_FLAGS). */
#define BRFW_PORT_F_SPOOF_CHECK	(1U << 0) /* frames from the guest must be it */
#define BRFW_PORT_F_DHCP_SERVER	(1U << 1) /* it may answer DHCP / DHCPv6 */
#define BRFW_PORT_F_ROUTER	(1U << 2) /* it may send RAs and redirects */
#define BRFW_PORT_F_PROMISC	(1U << 3) /* it sees unicast to other MACs */
/* Version 4: packets of established flows pass before the rules. */
#define BRFW_PORT_F_STATEFUL	(1U << 4)
/* Version 4: a policy change does not cut established flows. */
#define BRFW_PORT_F_PERSIST	(1U << 5)
#define BRFW_PORT_F_ALL		(BRFW_PORT_F_SPOOF_CHECK | \
				 BRFW_PORT_F_DHCP_SERVER | \
				 BRFW_PORT_F_ROUTER | BRFW_PORT_F_PROMISC | \
				 BRFW_PORT_F_STATEFUL | BRFW_PORT_F_PERSIST)

/*
 * Private VLAN roles. An isolated port talks only to promiscuous ports; a
 * community port to its community and to promiscuous ports; none is
 * outside the scheme and unrestricted, except that isolated and community
 * ports do not talk to it. The host itself, and bridge ports without a
 * brfw policy (uplinks), count as promiscuous.
 */
enum brfw_isolation {
	BRFW_ISOLATION_NONE,
	BRFW_ISOLATION_ISOLATED,
	BRFW_ISOLATION_COMMUNITY,
	BRFW_ISOLATION_PROMISCUOUS,
	__BRFW_ISOLATION_MAX,
};
#define BRFW_ISOLATION_MAX (__BRFW_ISOLATION_MAX - 1)
#define BRFW_COMMUNITY_NAMSIZ	16	/* with the terminating NUL */

/* Why a frame was dropped (BRFW_A_DROPS): per port, u64 each. */
enum brfw_reason {
	BRFW_REASON_UNSPEC,
	BRFW_REASON_PAD,
	BRFW_REASON_SPOOF_MAC,	/* source MAC is not the port's */
	BRFW_REASON_SPOOF_IP,	/* IPv4/IPv6 source not in the port's list */
	BRFW_REASON_SPOOF_ARP,	/* ARP sender MAC or IP not the port's */
	BRFW_REASON_SPOOF_ND,	/* NS/NA/RS target or link-layer option */
	BRFW_REASON_RA_GUARD,	/* router advertisement or redirect */
	BRFW_REASON_DHCP_GUARD,	/* DHCP or DHCPv6 server message */
	BRFW_REASON_VLAN,	/* tag with a VLAN the port may not use */
	BRFW_REASON_ISOLATION,	/* private VLAN roles forbid the path */
	BRFW_REASON_PROMISC,	/* unicast to another MAC, promisc off */
	BRFW_REASON_ETHERTYPE,	/* not IPv4, IPv6 or ARP */
	BRFW_REASON_MALFORMED,	/* headers that do not parse */
	BRFW_REASON_CT_FULL,	/* v4: a new flow found no room in the table */
	__BRFW_REASON_MAX,
};
#define BRFW_REASON_MAX (__BRFW_REASON_MAX - 1)

/*
 * A rule (BRFW_A_RULE). Every match is optional; a rule with none matches
 * every frame of its direction. Addresses and ports are those of the
 * frame as it travels in that direction: in an "out" rule, src is the
 * guest. A rule for both directions (BRFW_RULE_DIRS = IN | OUT) is
 * written for frames to the guest; its "out" half is the mirror image
 * (src/dst, sport/dport and src-mac/dst-mac swapped).
 */
enum brfw_rule_attr {
	BRFW_RULE_UNSPEC,
	BRFW_RULE_PAD,
	BRFW_RULE_ID,		/* u32, 1..; absent on RULE_ADD: assigned */
	BRFW_RULE_DIRS,		/* u8: BRFW_RULE_DIR_* mask, required */
	BRFW_RULE_ACTION,	/* u8: enum brfw_action, required */
	BRFW_RULE_LOG,		/* flag: log matching frames via nf_log */
	BRFW_RULE_ETHERTYPE,	/* u16: 0x0600.. (ETH_P_IP is 0x0800) */
	BRFW_RULE_SRC_MAC,	/* binary, 6 bytes */
	BRFW_RULE_DST_MAC,	/* binary, 6 bytes */
	BRFW_RULE_VLAN,		/* u16: 1..4094, the frame's outer tag */
	BRFW_RULE_PROTO,	/* u8: IP protocol (next header for IPv6) */
	BRFW_RULE_SRC,		/* nest: enum brfw_addr_attr */
	BRFW_RULE_DST,		/* nest: enum brfw_addr_attr */
	BRFW_RULE_SPORT,	/* nest: BRFW_LIST_RANGE entries (tcp, udp, sctp) */
	BRFW_RULE_DPORT,	/* nest: BRFW_LIST_RANGE entries */
	BRFW_RULE_ICMP_TYPE,	/* u8: with proto icmp or icmpv6 */
	BRFW_RULE_ICMP_CODE,	/* u8: with BRFW_RULE_ICMP_TYPE */
	BRFW_RULE_TCP_FLAGS,	/* u8: TCP flag bits that must be set ... */
	BRFW_RULE_TCP_FLAGS_MASK, /* u8: ... among these (proto tcp) */
	BRFW_RULE_POS_IN,	/* u32: position in the in list, reply only */
	BRFW_RULE_POS_OUT,	/* u32: position in the out list, reply only */
	BRFW_RULE_COUNTERS,	/* nest: enum brfw_counter_attr, reply only */
	BRFW_RULE_CT_STATE,	/* u8: BRFW_CT_F_* (v4): the frame's is one of them */
	__BRFW_RULE_MAX,
};
#define BRFW_RULE_MAX (__BRFW_RULE_MAX - 1)

#define BRFW_RULE_DIR_IN	(1U << BRFW_DIR_IN)
#define BRFW_RULE_DIR_OUT	(1U << BRFW_DIR_OUT)
#define BRFW_RULE_DIR_ALL	(BRFW_RULE_DIR_IN | BRFW_RULE_DIR_OUT)

/*
 * What a matching rule does. reject: a TCP RST for TCP, otherwise an ICMP
 * or ICMPv6 port unreachable, sent back out of the port the frame came
 * from; the frame is dropped (non-IP frames and fragments: just dropped).
 */
enum brfw_action {
	BRFW_ACTION_ACCEPT,
	BRFW_ACTION_DROP,
	BRFW_ACTION_REJECT,
	__BRFW_ACTION_MAX,
};
#define BRFW_ACTION_MAX (__BRFW_ACTION_MAX - 1)

/* A source or destination: an address or prefix, or a set by name. */
enum brfw_addr_attr {
	BRFW_ADDR_UNSPEC,
	BRFW_ADDR_ADDR,		/* binary, network order: 4 or 16 bytes */
	BRFW_ADDR_LEN,		/* u8: prefix length; absent: a host */
	BRFW_ADDR_SET,		/* string: set name, instead of ADDR */
	__BRFW_ADDR_MAX,
};
#define BRFW_ADDR_MAX (__BRFW_ADDR_MAX - 1)

/* A port range, the entry of BRFW_RULE_SPORT and BRFW_RULE_DPORT. */
enum brfw_range_attr {
	BRFW_RANGE_UNSPEC,
	BRFW_RANGE_LO,		/* u16 */
	BRFW_RANGE_HI,		/* u16, >= LO; absent: LO */
	__BRFW_RANGE_MAX,
};
#define BRFW_RANGE_MAX (__BRFW_RANGE_MAX - 1)

/* Rule counters: u64 each. */
enum brfw_counter_attr {
	BRFW_COUNTER_UNSPEC,
	BRFW_COUNTER_PAD,
	BRFW_COUNTER_PACKETS,
	BRFW_COUNTER_BYTES,	/* Ethernet frame bytes, header included */
	__BRFW_COUNTER_MAX,
};
#define BRFW_COUNTER_MAX (__BRFW_COUNTER_MAX - 1)

/*
 * A frame's conntrack state (BRFW_RULE_CT_STATE): exactly one for an IPv4
 * or IPv6 frame on a port that tracks flows; none for other frames
 * (non-IP, non-first fragments), which no ct-state rule matches.
 *  new:         no flow yet (it would start one), or the first direction
 *               of a flow that has not been answered;
 *  established: a flow that has seen packets both ways;
 *  related:     an ICMP/ICMPv6 error about a flow;
 *  invalid:     fits no flow: bad TCP flags, a TCP segment other than a
 *               SYN without a flow, a packet out of the TCP state, an
 *               ICMP error about no flow.
 */
#define BRFW_CT_F_NEW		(1U << 0)
#define BRFW_CT_F_ESTABLISHED	(1U << 1)
#define BRFW_CT_F_RELATED	(1U << 2)
#define BRFW_CT_F_INVALID	(1U << 3)
#define BRFW_CT_F_ALL		(BRFW_CT_F_NEW | BRFW_CT_F_ESTABLISHED | \
				 BRFW_CT_F_RELATED | BRFW_CT_F_INVALID)

/* The flow table's settings and usage (BRFW_A_CT). */
enum brfw_ct_attr {
	BRFW_CT_UNSPEC,
	BRFW_CT_PAD,
	BRFW_CT_MAX,		/* u32: most flows in the namespace */
	BRFW_CT_COUNT,		/* u32: flows now, reply only */
	BRFW_CT_BUCKETS,	/* u32: hash buckets, reply only */
	BRFW_CT_ENTRY_SIZE,	/* u32: bytes per flow, reply only */
	BRFW_CT_TIMEOUTS,	/* nest: enum brfw_ct_timeout, u32 seconds */
	BRFW_CT_EARLY_DROPS,	/* u64: unreplied flows evicted, reply only */
	BRFW_CT_FULL_DROPS,	/* u64: new flows refused, reply only */
	__BRFW_CT_ATTR_MAX,
};
#define BRFW_CT_ATTR_MAX (__BRFW_CT_ATTR_MAX - 1)

/* Timeouts, in seconds, 1..BRFW_CT_TIMEOUT_LIMIT; also the flow states. */
enum brfw_ct_timeout {
	BRFW_CT_TO_UNSPEC,
	BRFW_CT_TO_TCP_SYN_SENT,	/* SYN seen */
	BRFW_CT_TO_TCP_SYN_RECV,	/* SYN-ACK seen */
	BRFW_CT_TO_TCP_ESTABLISHED,	/* handshake done */
	BRFW_CT_TO_TCP_FIN_WAIT,	/* FIN seen one way */
	BRFW_CT_TO_TCP_TIME_WAIT,	/* FIN seen both ways */
	BRFW_CT_TO_TCP_CLOSE,		/* RST seen */
	BRFW_CT_TO_UDP_UNREPLIED,
	BRFW_CT_TO_UDP_REPLIED,
	BRFW_CT_TO_ICMP_UNREPLIED,	/* echo request seen */
	BRFW_CT_TO_ICMP_REPLIED,	/* echo reply seen */
	BRFW_CT_TO_OTHER_UNREPLIED,	/* other IP protocols, by address */
	BRFW_CT_TO_OTHER_REPLIED,
	__BRFW_CT_TO_MAX,
};
#define BRFW_CT_TO_MAX (__BRFW_CT_TO_MAX - 1)
#define BRFW_CT_TIMEOUT_LIMIT	2000000	/* seconds, about 23 days */

/*
 * A flow (BRFW_A_FLOW). "orig" is the direction of the packet that
 * started it, "reply" the other one. The ports are the brfw ports the
 * original direction entered from and left by (0: the host, or a port
 * without a brfw policy).
 */
enum brfw_flow_attr {
	BRFW_FLOW_UNSPEC,
	BRFW_FLOW_PAD,
	BRFW_FLOW_ZONE,		/* u32: ifindex of the bridge */
	BRFW_FLOW_FAMILY,	/* u8: 4 or 6 */
	BRFW_FLOW_PROTO,	/* u8: IP protocol */
	BRFW_FLOW_SRC,		/* binary, 4 or 16 bytes: orig source */
	BRFW_FLOW_DST,		/* binary, 4 or 16 bytes: orig destination */
	BRFW_FLOW_SPORT,	/* u16: tcp, udp, sctp */
	BRFW_FLOW_DPORT,	/* u16 */
	BRFW_FLOW_ICMP_ID,	/* u16: ICMP/ICMPv6 echo identifier */
	BRFW_FLOW_STATE,	/* u8: enum brfw_ct_timeout, reply only */
	BRFW_FLOW_TIMEOUT,	/* u32: seconds left, reply only */
	BRFW_FLOW_RULE_ID,	/* u32: rule that admitted it, 0: default policy */
	BRFW_FLOW_PORT_ORIG,	/* u32: ifindex, reply only */
	BRFW_FLOW_PORT_REPLY,	/* u32: ifindex, reply only */
	BRFW_FLOW_PACKETS_ORIG,	/* u64, reply only */
	BRFW_FLOW_BYTES_ORIG,	/* u64: Ethernet frame bytes, reply only */
	BRFW_FLOW_PACKETS_REPLY, /* u64, reply only */
	BRFW_FLOW_BYTES_REPLY,	/* u64, reply only */
	__BRFW_FLOW_MAX,
};
#define BRFW_FLOW_MAX (__BRFW_FLOW_MAX - 1)

/* Limits. */
#define BRFW_MAX_RULES		65536	/* per port */
#define BRFW_MAX_PORT_RANGES	16	/* entries of one sport or dport */
#define BRFW_SET_NAMSIZ		32	/* with the terminating NUL */
#define BRFW_MAX_SETS		4096	/* per namespace */
#define BRFW_MAX_SET_ELEMS	1048576	/* per set */
#define BRFW_MAX_ELEMS_PER_MSG	1024	/* per SET_* request */

#endif /* _UAPI_LINUX_BRFW_H */
