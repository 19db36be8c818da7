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
#define BRFW_GENL_VERSION	2

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
#define BRFW_PORT_F_ALL		(BRFW_PORT_F_SPOOF_CHECK | \
				 BRFW_PORT_F_DHCP_SERVER | \
				 BRFW_PORT_F_ROUTER | BRFW_PORT_F_PROMISC)

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
	__BRFW_REASON_MAX,
};
#define BRFW_REASON_MAX (__BRFW_REASON_MAX - 1)

#endif /* _UAPI_LINUX_BRFW_H */
