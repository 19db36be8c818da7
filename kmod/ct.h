/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _BRFW_CT_H
#define _BRFW_CT_H

/*
 * conntrack-lite: brfw's own flow table, one per network namespace.
 *
 * A flow is keyed by zone (the bridge's ifindex), family, protocol, the
 * two addresses and the two ports (ICMP/ICMPv6 echo: the identifier as
 * both ports; other protocols: ports 0). "orig" is the direction of the
 * packet that started it. A packet finds its flow in either direction:
 * the hash is symmetric, so both directions land in the same bucket.
 *
 * Locking: every access to an entry, the hooks' included, is under its
 * bucket's spinlock (an array of locks, hash-selected). There are no
 * lockless readers, so entries are freed at once (kmem_cache_free) and
 * carry no rcu_head. The hooks take a lock per packet and port; the
 * established fast path takes exactly one.
 *
 * ct_proto.c is the state machine, pure functions of a packet and a
 * flow's state; ct.c is the table. Both build in userspace through
 * tests/unit/kshim (unit tests, fuzzer, benchmark).
 */
#include <linux/types.h>
#include <linux/brfw.h>

#include "match.h"

/* Flow flags (struct brfw_ct.flags). */
#define BRFW_CTF_REPLIED	(1U << 0) /* a packet went the reply way */
#define BRFW_CTF_FIN_ORIG	(1U << 1) /* TCP: FIN seen in orig */
#define BRFW_CTF_FIN_REPLY	(1U << 2) /* TCP: FIN seen in reply */
#define BRFW_CTF_OWNER_REPLY	(1U << 3) /* charged to port[1], not port[0] */

/*
 * A flow: 120 bytes, a 128-byte slab object. Fields after the key are
 * written under the bucket lock only.
 */
struct brfw_ct {
	struct hlist_node node;
	u8 src[16], dst[16];	/* orig direction; IPv4 in the first 4 bytes */
	u16 sport, dport;	/* host order; ICMP echo: id, id */
	u8 family, proto;
	u8 state;		/* enum brfw_ct_timeout: BRFW_CT_TO_* */
	u8 flags;		/* BRFW_CTF_* */
	u32 zone;		/* bridge ifindex */
	/*
	 * Sides: 0 is the port the orig direction entered the bridge from
	 * (its "out" hook), 1 the port it left by (its "in" hook); 0 when
	 * that is the host or a port that does not track.
	 */
	u32 port[2];
	u32 gen[2];		/* policy generation last admitted, per side */
	u32 rule_id;		/* rule that admitted the first packet */
	u32 expires;		/* (u32)jiffies */
	u64 packets[2];		/* orig, reply */
	u64 bytes[2];
};

/* A flow's per-namespace table, opaque outside ct.c. */
struct brfw_ct_net;

/*
 * What the quota of one port needs (embedded in struct brfw_port).
 * flows is charged when a flow is created on the port and uncharged
 * when it is freed. dead is set (under no lock, before the port's flows
 * are flushed) so that a packet racing with the port's removal cannot
 * insert a flow after the flush; ct.c reads it under the bucket lock.
 */
struct brfw_ct_owner {
	atomic_t flows;
	bool dead;
};

/*
 * Provided by the user of ct.c (port.c in the kernel, the unit tests in
 * userspace): the owner of port ifindex in the namespace whose table was
 * allocated with priv (brfw_ct_net_alloc()), or NULL if it is gone.
 * Called with the bucket lock held and under rcu_read_lock().
 */
struct brfw_ct_owner *brfw_ct_owner_find(void *priv, u32 ifindex);

/* ---- ct_proto.c: the state machine -------------------------------- */

/*
 * The key of a packet, as it travels: from pkt itself, or for an ICMP or
 * ICMPv6 error from the packet embedded in it (pkt->inner). Returns
 * false when the packet has no key: not IPv4/IPv6, a non-first
 * fragment, an ICMP error whose inner packet did not parse, or ICMP
 * other than echo and errors.
 */
struct brfw_ct_key {
	u8 src[16], dst[16];
	u16 sport, dport;
	u8 family, proto;
	u8 related;		/* from an ICMP error's inner packet */
	u32 zone;
};
bool brfw_ct_key(const struct brfw_pkt *pkt, u32 zone,
		 struct brfw_ct_key *key);

/* What one packet does to a flow (or to no flow). */
struct brfw_ct_step {
	u8 ctstate;		/* BRFW_CT_F_*: one bit, 0 if untracked */
	u8 state;		/* the flow's state after the packet */
	u8 set_flags;		/* BRFW_CTF_* to set */
	bool valid;		/* update counters and timeout */
	bool create;		/* no flow: this packet may start one */
	bool reopen;		/* TCP SYN on a closed flow: start afresh */
};

/*
 * The step of a packet on a flow in state/flags (have), in the reply
 * direction or not, or on no flow (!have). Pure; the same packet twice
 * (the two ports of a VM-to-VM path) gives the same result the second
 * time, with no further change. Key must come from the same packet;
 * key->related makes it an ICMP error (related if have, else invalid).
 */
void brfw_ct_step(const struct brfw_pkt *pkt, const struct brfw_ct_key *key,
		  bool have, bool reply, u8 state, u8 flags,
		  struct brfw_ct_step *step);

/* Timeouts in jiffies, indexed by BRFW_CT_TO_* (index 0 unused). */
struct brfw_ct_timeouts {
	u32 t[__BRFW_CT_TO_MAX];
};
void brfw_ct_timeouts_default(struct brfw_ct_timeouts *to);

/* ---- ct.c: the table -------------------------------------------- */

/* Module load and unload: the flow slab cache (after every table is freed). */
int brfw_ct_init(void);
void brfw_ct_uninit(void);

/*
 * Create a namespace's table. max: the flow limit (0: the default, see
 * brfw_ct_default_max()); priv: passed to brfw_ct_owner_find(). The GC runs from a delayed work item until
 * brfw_ct_net_free(), which frees every flow.
 */
struct brfw_ct_net *brfw_ct_net_alloc(u32 max, void *priv);
void brfw_ct_net_free(struct brfw_ct_net *cn);
u32 brfw_ct_default_max(void);

/*
 * The lookup of one packet at one port (hooks.c). in: key, pkt, side
 * (0: out hook, 1: in hook, of this port, for the orig direction; the
 * reply direction swaps them: see brfw_ct_side()). out: everything the
 * hook decides with. No pointer to the flow escapes the bucket lock: a
 * later brfw_ct_commit() looks it up again.
 */
struct brfw_ct_hit {
	struct brfw_ct_step step;
	bool have;		/* a flow was found */
	bool reply;		/* the packet goes the flow's reply way */
	u32 gen;		/* the flow's gen[] of this port's side */
	u32 rule_id;
	u32 hash;		/* for commit */
};

/*
 * Look pkt up and compute its step. If fast (the port is stateful) and
 * the packet is established or related, in a flow whose gen for this
 * side equals gen, apply it at once (counters if count, state, timeout)
 * and return true: the hook accepts without the rules.
 */
bool brfw_ct_lookup(struct brfw_ct_net *cn, const struct brfw_ct_key *key,
		    const struct brfw_pkt *pkt, unsigned int side, u32 gen,
		    bool fast, bool count, unsigned int len,
		    struct brfw_ct_hit *hit);

/* Which side of a flow a port is for a packet going one way. */
static inline unsigned int brfw_ct_side(bool in_hook, bool reply)
{
	return in_hook ^ reply;
}

/* A packet the port accepted: apply it (brfw_ct_commit()). */
struct brfw_ct_accept {
	u32 ifindex;		/* this port */
	unsigned int side;	/* brfw_ct_side() */
	u32 gen;		/* the generation the verdict was made at */
	u32 rule_id;		/* 0: the default policy */
	u32 other;		/* the port on the other side if known, else 0 */
	bool count;		/* count it on the flow (first tracking port) */
	unsigned int len;	/* frame bytes */
	struct brfw_ct_owner *owner;	/* this port's quota */
	u32 limit;		/* its flow limit, 0: none */
};

/*
 * Apply an accepted packet: update its flow (state, counters, timeout,
 * gen[side], port[side] if unset), or create the flow if hit said so,
 * charging owner. Returns 0, or -ENOSPC when a new flow did not fit
 * (the table or the port's quota is full and no unreplied flow could
 * be evicted; the hook drops the packet as ct-full), or -ENOMEM.
 */
int brfw_ct_commit(struct brfw_ct_net *cn, const struct brfw_ct_key *key,
		   const struct brfw_pkt *pkt, const struct brfw_ct_hit *hit,
		   const struct brfw_ct_accept *acc);

/* Delete the flow of key, either direction. -ENOENT if there is none. */
int brfw_ct_delete(struct brfw_ct_net *cn, const struct brfw_ct_key *key);

/* Delete every flow with port[0] or port[1] == ifindex (0: all flows). */
void brfw_ct_flush(struct brfw_ct_net *cn, u32 ifindex);

/*
 * Walk for a dump, a bucket at a time: fn is called for each live flow
 * of bucket *pos, ... (under that bucket's lock: fn must not sleep) with
 * a copy. It returns 0 to go on, or non-zero when the message is full:
 * the walk stops and *pos stays at that bucket, so the next call starts
 * it over (the caller trims what it had written of it). Returns 0 when
 * the table is done, else fn's value.
 */
int brfw_ct_walk(struct brfw_ct_net *cn, unsigned long *pos, u32 ifindex,
		 int (*fn)(void *arg, const struct brfw_ct *ct, u32 now),
		 void *arg);

/* Settings and usage. */
struct brfw_ct_info {
	u32 max, count, buckets, entry_size;
	u64 early_drops, full_drops;
	struct brfw_ct_timeouts to;	/* in seconds here */
};
void brfw_ct_info(struct brfw_ct_net *cn, struct brfw_ct_info *info);
void brfw_ct_set_max(struct brfw_ct_net *cn, u32 max);
/* Seconds, 1..BRFW_CT_TIMEOUT_LIMIT (checked by the caller). */
void brfw_ct_set_timeout(struct brfw_ct_net *cn, unsigned int which,
			 u32 secs);

/* Run the GC over the whole table now (tests, bench). Returns freed. */
unsigned int brfw_ct_gc_all(struct brfw_ct_net *cn);

#endif
