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
#define BRFW_GENL_VERSION	1

enum brfw_cmd {
	BRFW_CMD_UNSPEC,

	/* Reply: BRFW_A_VERSION, BRFW_A_PROTO_VERSION. */
	BRFW_CMD_VERSION_GET,

	/*
	 * Create or update the policy of one bridge port.
	 * Request: BRFW_A_IFINDEX (required), BRFW_A_POLICY_IN,
	 * BRFW_A_POLICY_OUT (optional; a new policy defaults to accept).
	 * Fails with ENODEV if the device does not exist and EINVAL if it is
	 * not a bridge port.
	 */
	BRFW_CMD_PORT_SET,

	/*
	 * doit: BRFW_A_IFINDEX (required), replies with one port.
	 * dumpit: every port with a policy in the namespace. Each port
	 * message carries BRFW_A_IFINDEX, BRFW_A_IFNAME, BRFW_A_MASTER_IFINDEX,
	 * BRFW_A_MASTER_IFNAME, BRFW_A_POLICY_IN, BRFW_A_POLICY_OUT,
	 * BRFW_A_STATS_IN, BRFW_A_STATS_OUT. A dump interrupted by a change
	 * is flagged with NLM_F_DUMP_INTR.
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

#endif /* _UAPI_LINUX_BRFW_H */
