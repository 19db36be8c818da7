// SPDX-License-Identifier: GPL-2.0
/*
 * conntrack-lite's flow table (ct.h): one per network namespace, bounded,
 * with a symmetric keyed hash so that both directions of a flow land in
 * the same bucket. ct_proto.c decides what a packet does to a flow; this
 * file finds, creates, updates, evicts, expires and frees flows.
 *
 * Layout:
 * - buckets: an hlist_head array, a power of two chosen at allocation
 *   from the flow limit (max / 4, clamped to 1024..262144) and never
 *   resized (raising the limit later makes chains longer, not the table).
 * - locks: CT_LOCKS spinlocks; bucket b is guarded by lock b % CT_LOCKS.
 *   There are at least as many buckets as locks, so one lock guards
 *   whole buckets and a bucket exactly one lock.
 * - hash keys: random, per table; the hash of a key and of its reverse is
 *   the same because the two endpoints (address, port) are put in a fixed
 *   order before hashing, then hashed with zone, family and protocol
 *   (IPv4: multilinear, six 64-bit keys; IPv6: jhash2 with a seed).
 *
 * Locking rules:
 * - Every read or write of an entry, its hlist linkage included, is under
 *   its bucket's lock. There are no lockless readers, so an entry is
 *   freed at once (kmem_cache_free()) once unlinked: no RCU, no rcu_head.
 *   No pointer to an entry survives the release of its lock: lookup
 *   returns a summary (struct brfw_ct_hit), commit looks the flow up
 *   again, walk hands out a copy.
 * - At most one bucket lock is held at any time (the early drop and the
 *   GC take them one after another, never nested), so there is no lock
 *   order to respect between buckets.
 * - spin_lock_bh() everywhere: the hooks run in softirq context, the
 *   rest (netlink, GC work, port removal) in process context.
 * - brfw_ct_owner_find() (port.c) is called with a bucket lock held and
 *   under rcu_read_lock(); it must not take a lock that is held while a
 *   ct function is called.
 *
 * Races, and why they are harmless:
 * - Lookup, then verdict, then commit: the flow may have changed, been
 *   freed or been created by another CPU between the hook's lookup and its
 *   commit. Commit therefore looks the flow up again under the lock and
 *   recomputes the step from the flow's current state; only when there is
 *   still no flow does it create one, and only if the packet may start
 *   one (computed again, without a flow).
 * - Two CPUs create the same flow: both miss it, both allocate outside the
 *   lock; the second to take the bucket lock finds the first one's entry,
 *   updates it as an existing flow and frees its own. A flow is never
 *   inserted twice and never visible half-initialised: an entry is filled
 *   in completely before it is linked under the lock. Clones of a
 *   broadcast frame crossing several ports at once therefore meet either
 *   no flow or a whole one (the bridge conntrack race of 2024 came from
 *   sharing an unconfirmed entry between clones; there is none here).
 * - The limits (table max, port quota) are read before the allocation,
 *   without the lock: CPUs creating flows at the same instant may each
 *   pass the check, so the count can exceed the limit by at most the
 *   number of CPUs inserting concurrently. Memory stays bounded.
 * - Port removal: port.c sets owner->dead, then calls brfw_ct_flush() for
 *   the port, which takes every bucket lock in turn. An insertion checks
 *   dead under the bucket lock. If it takes that lock after the flush
 *   visited the bucket, the lock's release/acquire makes dead visible and
 *   the entry is not inserted; if before, the flush frees the entry. No
 *   flow of a dead port survives its flush.
 * - Uncharging: a freed flow uncharges its owner found by ifindex. If the
 *   port is gone (owner_find() returns NULL), its counter went with it.
 * - Early drop: the candidate's REPLIED flag is checked under the lock of
 *   its bucket and the entry freed before the lock is released, so a
 *   flow that got its reply first is never evicted. A reply arriving just
 *   after the eviction finds no flow, as it would in nf_conntrack.
 * - Expiry: an expired entry is absent for every operation; whoever meets
 *   it under its lock (lookup, commit, early drop, walk, GC) frees it.
 *   The GC only bounds how long an unvisited expired entry uses memory.
 * - GC against brfw_ct_net_free(): the GC work re-queues only itself;
 *   cancel_delayed_work_sync() waits for a running instance and stops
 *   the re-queue, before the table is flushed and freed.
 *
 * Related packets (ICMP errors, key->related): their flow is found from
 * the quoted packet. They never change the flow's state, flags, timeout
 * or generations; they are counted (if count) in the direction the error
 * itself travels (toward the flow's orig source: reply; toward its orig
 * destination: orig; else the reverse of the quoted packet's), which is
 * also the direction reported in hit->reply. The fast path accepts them
 * like established packets (same generation check).
 *
 * The GC: a delayed work item per table scans max(buckets / 64, 256)
 * buckets per run, resuming where the last run stopped, every HZ / 4. If
 * more than a quarter of the entries it met had expired, it runs again
 * at the next jiffy: under a flood of short-lived flows it keeps freeing
 * as fast as it can; the early drop bounds memory meanwhile.
 */
#include <linux/types.h>
#include <linux/atomic.h>
#include <linux/bug.h>
#include <linux/build_bug.h>
#include <linux/compiler.h>
#include <linux/errno.h>
#include <linux/jhash.h>
#include <linux/jiffies.h>
#include <linux/list.h>
#include <linux/log2.h>
#include <linux/minmax.h>
#include <linux/mm.h>
#include <linux/random.h>
#include <linux/rcupdate.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/string.h>
#include <linux/workqueue.h>

#include "ct.h"
#include "ct_proto.h"

/* The userspace shims (tests/unit/kshim) lack it. */
#ifndef noinline
#define noinline __attribute__((__noinline__))
#endif

#define CT_LOCKS		1024U	/* bucket locks, a power of two */
#define CT_BUCKETS_MIN		1024U	/* >= CT_LOCKS */
#define CT_BUCKETS_MAX		262144U
#define CT_MAX_MIN		16384U	/* the default limit's range */
#define CT_MAX_MAX		1048576U
#define CT_EVICT_BUCKETS	32U	/* early drop: buckets searched */
#define CT_GC_INTERVAL		(HZ / 4)
#define CT_GC_MIN_SCAN		256U	/* buckets per GC run, at least */
#define CT_RESCHED_EVERY	256U	/* buckets between cond_resched() */
#define CT_HKEYS		6U	/* IPv4 hash keys */

struct brfw_ct_net {
	struct hlist_head *buckets;
	spinlock_t *locks;		/* CT_LOCKS */
	u32 mask;			/* buckets - 1 */
	u32 seed;			/* jhash2 initval (IPv6) */
	u64 hkey[CT_HKEYS];	/* multilinear, IPv4 */
	u32 max;			/* flow limit; READ_ONCE/WRITE_ONCE */
	atomic_t count;
	atomic64_t early_drops;
	atomic64_t full_drops;
	struct brfw_ct_timeouts to;	/* jiffies; READ_ONCE/WRITE_ONCE */
	u32 gc_pos;			/* next bucket for the GC */
	void *priv;			/* for brfw_ct_owner_find() */
	struct delayed_work gc;
};

/* Every table's entries (one cache for the module). */
static struct kmem_cache *brfw_ct_cache;

int brfw_ct_init(void)
{
	BUILD_BUG_ON(sizeof(struct brfw_ct) > 128);
	BUILD_BUG_ON(CT_BUCKETS_MIN < CT_LOCKS);
	BUILD_BUG_ON(CT_LOCKS & (CT_LOCKS - 1));

	brfw_ct_cache = kmem_cache_create("brfw_ct", sizeof(struct brfw_ct),
					  0, SLAB_HWCACHE_ALIGN, NULL);
	return brfw_ct_cache ? 0 : -ENOMEM;
}

/* After every table was freed. */
void brfw_ct_uninit(void)
{
	kmem_cache_destroy(brfw_ct_cache);
	brfw_ct_cache = NULL;
}

u32 brfw_ct_default_max(void)
{
	u64 bytes = (u64)totalram_pages() << PAGE_SHIFT;

	return (u32)clamp_t(u64, bytes >> 14, CT_MAX_MIN, CT_MAX_MAX);
}

static inline unsigned int ct_alen(u8 family)
{
	return family == 4 ? 4 : 16;
}

static inline bool ct_expired(const struct brfw_ct *ct, u32 now)
{
	return (s32)(ct->expires - now) <= 0;
}

static inline u32 ct_owner_ifindex(const struct brfw_ct *ct)
{
	return ct->port[(ct->flags & BRFW_CTF_OWNER_REPLY) ? 1 : 0];
}

static inline spinlock_t *ct_lock(struct brfw_ct_net *cn, u32 bucket)
{
	return &cn->locks[bucket & (CT_LOCKS - 1)];
}

static u32 ct_timeout(const struct brfw_ct_net *cn, u8 state)
{
	u32 t = 0;

	if (state && state <= BRFW_CT_TO_MAX)
		t = READ_ONCE(cn->to.t[state]);
	return t ? t : 1;
}

/*
 * ct_timeout() of a state known to be in range (brfw_ct_step_fast() only
 * passes flows in one of its states).
 */
static __always_inline u32 ct_timeout_of_valid(const struct brfw_ct_net *cn,
					       u8 state)
{
	u32 t = READ_ONCE(cn->to.t[state]);

	return t ? t : 1;
}

/*
 * Symmetric keyed hash: the endpoints (address, port) in a fixed order
 * (the smaller first), so that a key and its reverse hash alike; zone,
 * family and protocol go into the initial value with the seed.
 */
static inline u32 ct_hash_init(const struct brfw_ct_net *cn,
			       const struct brfw_ct_key *k, u8 family)
{
	return cn->seed ^ k->zone ^ ((u32)family << 16) ^
	       ((u32)k->proto << 24);
}

/* IPv6 (out of line: the IPv4 lookup keeps a small frame). */
static noinline u32 ct_hash6(const struct brfw_ct_net *cn,
			     const struct brfw_ct_key *k)
{
	const u8 *a = k->src, *b = k->dst;
	u16 pa = k->sport, pb = k->dport;
	int c = memcmp(a, b, 16);
	u32 w[9];

	if (c > 0 || (c == 0 && pa > pb)) {
		swap(a, b);
		swap(pa, pb);
	}
	memcpy(&w[0], a, 16);
	memcpy(&w[4], b, 16);
	w[8] = (u32)pa << 16 | pb;
	return jhash2(w, 9, ct_hash_init(cn, k, k->family));
}

/*
 * IPv4: multilinear hashing (Lemire and Kaser, "Strongly universal string
 * hashing is fast"), over the 32-bit words of the key, the endpoints in
 * order: h = (k0 + k1 a + k2 b + k3 ports + k4 zone + k5 proto) mod 2^64,
 * bits 32..63, with six random 64-bit keys per table. For any two keys
 * that differ, the chance that they land in one bucket is of the order
 * of 1 / buckets over the choice of the keys: keyed as jhash with a seed
 * is, at a fifth of its instructions (a multiply-add per word instead of
 * jhash's 28-operation final mix).
 */
static __always_inline u32 ct_hash(const struct brfw_ct_net *cn,
				   const struct brfw_ct_key *k)
{
	u16 pa = k->sport, pb = k->dport;
	u32 a, b;
	u64 h;

	if (unlikely(k->family != 4))
		return ct_hash6(cn, k);
	memcpy(&a, k->src, 4);
	memcpy(&b, k->dst, 4);
	if (a > b || (a == b && pa > pb)) {
		swap(a, b);
		swap(pa, pb);
	}
	h = cn->hkey[0] + cn->hkey[1] * a + cn->hkey[2] * b +
	    cn->hkey[3] * ((u32)pa << 16 | pb) + cn->hkey[4] * k->zone +
	    cn->hkey[5] * k->proto;
	return (u32)(h >> 32);
}

/* Address equality, by words: 4 bytes for IPv4, 16 for IPv6. */
static __always_inline bool ct_addr_eq(const u8 *a, const u8 *b, u8 family)
{
	if (family == 4) {
		u32 x, y;

		memcpy(&x, a, 4);
		memcpy(&y, b, 4);
		return x == y;
	} else {
		u64 x[2], y[2];

		memcpy(x, a, 16);
		memcpy(y, b, 16);
		return !((x[0] ^ y[0]) | (x[1] ^ y[1]));
	}
}

/*
 * 1: ct is key's flow in orig direction, 2: in reply, 0: not key's. The
 * ports first: in a chain of flows of one zone and protocol they are what
 * differs most often.
 */
static __always_inline int ct_match(const struct brfw_ct *ct,
				    const struct brfw_ct_key *k,
				    bool any_zone)
{
	/* The two ports as one word (one load where the compiler can). */
	u32 cp = ct->sport | (u32)ct->dport << 16;
	u32 kp = k->sport | (u32)k->dport << 16;
	int m;

	if (cp == kp &&
	    ct_addr_eq(ct->src, k->src, k->family) &&
	    ct_addr_eq(ct->dst, k->dst, k->family))
		m = 1;
	else if (cp == (kp >> 16 | kp << 16) &&
		 ct_addr_eq(ct->src, k->dst, k->family) &&
		 ct_addr_eq(ct->dst, k->src, k->family))
		m = 2;
	else
		return 0;
	if ((ct->zone != k->zone && !any_zone) || ct->family != k->family ||
	    ct->proto != k->proto)
		return 0;
	return m;
}

/* Unlink, uncharge and free. Under the entry's bucket lock. */
static void ct_free(struct brfw_ct_net *cn, struct brfw_ct *ct)
{
	u32 ifindex = ct_owner_ifindex(ct);
	struct brfw_ct_owner *owner;

	hlist_del(&ct->node);
	atomic_dec(&cn->count);
	if (ifindex) {
		rcu_read_lock();
		owner = brfw_ct_owner_find(cn->priv, ifindex);
		if (owner)
			atomic_dec(&owner->flows);
		rcu_read_unlock();
	}
	kmem_cache_free(brfw_ct_cache, ct);
}

/*
 * The live flow of key in a bucket, freeing the expired entries met on
 * the way. Under the bucket's lock.
 */
static __always_inline struct brfw_ct *
ct_find(struct brfw_ct_net *cn, struct hlist_head *head,
	const struct brfw_ct_key *key, u32 now, bool *reply)
{
	struct hlist_node *tmp;
	struct brfw_ct *ct;
	int m;

	hlist_for_each_entry_safe(ct, tmp, head, node) {
		if (unlikely(ct_expired(ct, now))) {
			ct_free(cn, ct);
			continue;
		}
		m = ct_match(ct, key, false);
		if (m) {
			*reply = m == 2;
			return ct;
		}
	}
	return NULL;
}

/*
 * The direction a related packet (an ICMP error) travels: toward the
 * flow's orig source it goes the reply way. Its key is the quoted
 * packet's, which went the other way.
 */
static bool ct_related_reply(const struct brfw_ct *ct,
			     const struct brfw_pkt *pkt, bool key_reply)
{
	if (pkt->family == ct->family) {
		if (ct_addr_eq(pkt->daddr, ct->src, ct->family))
			return true;
		if (ct_addr_eq(pkt->daddr, ct->dst, ct->family))
			return false;
	}
	return !key_reply;
}

/*
 * What the fast path accepts: a valid established packet, or a related
 * one (ct_proto.c leaves those !valid: they change nothing but the
 * counters).
 */
static __always_inline bool ct_fast_ok(const struct brfw_ct_step *step)
{
	return (step->valid && (step->ctstate & BRFW_CT_F_ESTABLISHED)) ||
	       (step->ctstate & BRFW_CT_F_RELATED);
}

/*
 * A fitting packet on a flow: counters, then (unless related) state,
 * flags and timeout.
 */
static __always_inline void ct_apply(struct brfw_ct_net *cn,
				     struct brfw_ct *ct,
				     const struct brfw_ct_key *key,
				     const struct brfw_ct_step *step,
				     bool reply, bool count,
				     unsigned int len, u32 now)
{
	if (count) {
		ct->packets[reply]++;
		ct->bytes[reply] += len;
	}
	if (key->related)
		return;
	ct->state = step->state;
	ct->flags |= step->set_flags;
	ct->expires = now + ct_timeout(cn, step->state);
}

/*
 * The general case of brfw_ct_lookup(), with the lock of hit->hash's
 * bucket held (released here): any packet, expired entries on the way
 * freed. The same arguments as brfw_ct_lookup(), so that it is a tail
 * call there.
 */
static noinline bool ct_lookup_locked(struct brfw_ct_net *cn,
				      const struct brfw_ct_key *key,
				      const struct brfw_pkt *pkt,
				      unsigned int side, u32 gen, bool fast,
				      bool count, unsigned int len,
				      struct brfw_ct_hit *hit)
{
	u32 b = hit->hash & cn->mask;
	spinlock_t *lock = ct_lock(cn, b);
	u32 now = (u32)jiffies;
	bool reply = false, done = false;
	struct brfw_ct *ct;

	ct = ct_find(cn, &cn->buckets[b], key, now, &reply);
	if (!ct) {
		spin_unlock_bh(lock);
		hit->have = false;
		hit->reply = false;
		hit->gen = 0;
		hit->rule_id = 0;
		brfw_ct_step(pkt, key, false, false, 0, 0, &hit->step);
		return false;
	}
	brfw_ct_step(pkt, key, true, reply, ct->state, ct->flags, &hit->step);
	if (key->related)
		reply = ct_related_reply(ct, pkt, reply);
	side = (side ^ reply) & 1;
	hit->have = true;
	hit->reply = reply;
	hit->gen = ct->gen[side];
	hit->rule_id = ct->rule_id;
	if (fast && ct->gen[side] == gen && ct_fast_ok(&hit->step)) {
		ct_apply(cn, ct, key, &hit->step, reply, count, len, now);
		done = true;
	}
	spin_unlock_bh(lock);
	return done;
}

/* brfw_ct_step() of a brfw_ct_step_fast() packet, but for its state. */
static const struct brfw_ct_step ct_step_established = {
	.ctstate = BRFW_CT_F_ESTABLISHED,
	.valid = true,
};

/*
 * The common packet, an established one (brfw_ct_step_fast()) of a live
 * flow met before any expired entry of its chain, is handled inline; all
 * else (no flow, an expired entry met, any other step) goes to
 * ct_lookup_locked(), which walks the chain again from the start, lock
 * still held, as the only case: the result is the same either way.
 */
bool brfw_ct_lookup(struct brfw_ct_net *cn, const struct brfw_ct_key *key,
		    const struct brfw_pkt *pkt, unsigned int side, u32 gen,
		    bool fast, bool count, unsigned int len,
		    struct brfw_ct_hit *hit)
{
	u32 hash = ct_hash(cn, key);
	u32 b = hash & cn->mask;
	spinlock_t *lock = ct_lock(cn, b);
	u32 now = (u32)jiffies;
	struct brfw_ct *ct;
	bool reply;
	int m;

	hit->hash = hash;
	spin_lock_bh(lock);
	hlist_for_each_entry(ct, &cn->buckets[b], node) {
		if (unlikely(ct_expired(ct, now)))
			break;
		m = ct_match(ct, key, false);
		if (!m)
			continue;
		reply = m == 2;
		if (likely(brfw_ct_step_fast(pkt, key, reply, ct->state,
					     ct->flags)))
			goto established;
		break;
	}
	return ct_lookup_locked(cn, key, pkt, side, gen, fast, count, len,
				hit);

established:
	/*
	 * What brfw_ct_step() gives for it (ct_proto.h), without its
	 * dispatch. It changes neither the state nor the flags, so applying
	 * it (ct_apply()) is counting it and refreshing the timeout.
	 */
	side = (side ^ reply) & 1;
	hit->step = ct_step_established;
	hit->step.state = ct->state;
	hit->have = true;
	hit->reply = reply;
	hit->gen = ct->gen[side];
	hit->rule_id = ct->rule_id;
	if (!fast || ct->gen[side] != gen) {
		spin_unlock_bh(lock);
		return false;
	}
	if (count) {
		ct->packets[reply]++;
		ct->bytes[reply] += len;
	}
	ct->expires = now + ct_timeout_of_valid(cn, ct->state);
	spin_unlock_bh(lock);
	return true;
}

/* Fill in the sides a flow did not know yet (never the owner's side). */
static void ct_set_ports(struct brfw_ct *ct, const struct brfw_ct_accept *acc)
{
	unsigned int side = acc->side & 1;

	if (!ct->port[side])
		ct->port[side] = acc->ifindex;
	if (!ct->port[!side])
		ct->port[!side] = acc->other;
}

/*
 * Reopen (a TCP SYN on a closed flow): the same entry becomes a new flow,
 * still charged to the same owner. If the new first packet went the
 * reply way, the tuple is turned around.
 */
static void ct_reopen(struct brfw_ct_net *cn, struct brfw_ct *ct,
		      const struct brfw_ct_step *step, bool reply,
		      const struct brfw_ct_accept *acc, u32 now)
{
	u8 owner = ct->flags & BRFW_CTF_OWNER_REPLY;

	if (reply) {
		u8 tmp[16];

		memcpy(tmp, ct->src, 16);
		memcpy(ct->src, ct->dst, 16);
		memcpy(ct->dst, tmp, 16);
		swap(ct->sport, ct->dport);
		swap(ct->port[0], ct->port[1]);
		owner ^= BRFW_CTF_OWNER_REPLY;
	}
	ct->state = step->state;
	ct->flags = owner | step->set_flags;
	ct->gen[0] = 0;
	ct->gen[1] = 0;
	ct->rule_id = acc->rule_id;
	ct->packets[0] = 0;
	ct->packets[1] = 0;
	ct->bytes[0] = 0;
	ct->bytes[1] = 0;
	if (acc->count) {
		ct->packets[0] = 1;
		ct->bytes[0] = acc->len;
	}
	ct->expires = now + ct_timeout(cn, step->state);
}

/* An accepted packet on an existing flow. Under the bucket lock. */
static void ct_update(struct brfw_ct_net *cn, struct brfw_ct *ct,
		      const struct brfw_ct_key *key,
		      const struct brfw_pkt *pkt, bool reply,
		      const struct brfw_ct_accept *acc, u32 now)
{
	struct brfw_ct_step step;

	brfw_ct_step(pkt, key, true, reply, ct->state, ct->flags, &step);
	if (key->related) {
		/* Counted the way it goes; the flow is otherwise unchanged. */
		if (step.ctstate & BRFW_CT_F_RELATED)
			ct_apply(cn, ct, key, &step,
				 ct_related_reply(ct, pkt, reply), acc->count,
				 acc->len, now);
		return;
	}
	if (step.reopen)
		ct_reopen(cn, ct, &step, reply, acc, now);
	else if (step.valid)
		ct_apply(cn, ct, key, &step, reply, acc->count, acc->len, now);
	else
		return;
	ct->gen[acc->side & 1] = acc->gen;
	ct_set_ports(ct, acc);
}

/*
 * Early drop: free one unreplied flow (owned by port ifindex, if not 0)
 * from the CT_EVICT_BUCKETS buckets from hash on, each under its own
 * lock. Expired entries met are freed too, and count as room made when
 * they belong to the right owner.
 */
static bool ct_early_drop(struct brfw_ct_net *cn, u32 hash, u32 ifindex)
{
	u32 now = (u32)jiffies;
	unsigned int i;

	for (i = 0; i < CT_EVICT_BUCKETS; i++) {
		u32 b = (hash + i) & cn->mask;
		spinlock_t *lock = ct_lock(cn, b);
		struct hlist_node *tmp;
		struct brfw_ct *ct;
		bool found = false;

		spin_lock_bh(lock);
		hlist_for_each_entry_safe(ct, tmp, &cn->buckets[b], node) {
			bool mine = !ifindex || ct_owner_ifindex(ct) == ifindex;

			if (ct_expired(ct, now)) {
				ct_free(cn, ct);
				found |= mine;
				continue;
			}
			if (found || !mine || (ct->flags & BRFW_CTF_REPLIED))
				continue;
			ct_free(cn, ct);
			atomic64_inc(&cn->early_drops);
			found = true;
		}
		spin_unlock_bh(lock);
		if (found)
			return true;
	}
	return false;
}

/* Room for one more flow of acc's port, or -ENOSPC. No lock held. */
static int ct_make_room(struct brfw_ct_net *cn, u32 hash,
			const struct brfw_ct_accept *acc)
{
	if (acc->limit && (u32)atomic_read(&acc->owner->flows) >= acc->limit &&
	    !ct_early_drop(cn, hash, acc->ifindex))
		goto full;
	if ((u32)atomic_read(&cn->count) >= READ_ONCE(cn->max) &&
	    !ct_early_drop(cn, hash, 0))
		goto full;
	return 0;
full:
	atomic64_inc(&cn->full_drops);
	return -ENOSPC;
}

static void ct_init_entry(struct brfw_ct_net *cn, struct brfw_ct *ct,
			  const struct brfw_ct_key *key,
			  const struct brfw_ct_step *step,
			  const struct brfw_ct_accept *acc, u32 now)
{
	unsigned int alen = ct_alen(key->family);
	unsigned int side = acc->side & 1;

	memset(ct, 0, sizeof(*ct));
	memcpy(ct->src, key->src, alen);
	memcpy(ct->dst, key->dst, alen);
	ct->sport = key->sport;
	ct->dport = key->dport;
	ct->family = key->family;
	ct->proto = key->proto;
	ct->zone = key->zone;
	ct->state = step->state;
	ct->flags = step->set_flags | (side ? BRFW_CTF_OWNER_REPLY : 0);
	ct->port[side] = acc->ifindex;
	ct->port[!side] = acc->other;
	ct->gen[side] = acc->gen;
	ct->rule_id = acc->rule_id;
	ct->expires = now + ct_timeout(cn, step->state);
	if (acc->count) {
		ct->packets[0] = 1;
		ct->bytes[0] = acc->len;
	}
}

int brfw_ct_commit(struct brfw_ct_net *cn, const struct brfw_ct_key *key,
		   const struct brfw_pkt *pkt, const struct brfw_ct_hit *hit,
		   const struct brfw_ct_accept *acc)
{
	/*
	 * The hash again rather than hit->hash: cheap next to a commit, and
	 * right even for a hit from another key or table.
	 */
	u32 hash = ct_hash(cn, key);
	u32 b = hash & cn->mask;
	spinlock_t *lock = ct_lock(cn, b);
	struct brfw_ct_step step;
	struct brfw_ct *ct, *fresh;
	bool reply = false;
	u32 now;
	int err;

	(void)hit;
	spin_lock_bh(lock);
	now = (u32)jiffies;
	ct = ct_find(cn, &cn->buckets[b], key, now, &reply);
	if (ct) {
		ct_update(cn, ct, key, pkt, reply, acc, now);
		spin_unlock_bh(lock);
		return 0;
	}
	spin_unlock_bh(lock);

	brfw_ct_step(pkt, key, false, false, 0, 0, &step);
	if (!step.create)
		return 0;
	if (WARN_ON_ONCE(!acc->owner || !acc->ifindex))
		return -EINVAL;
	err = ct_make_room(cn, hash, acc);
	if (err)
		return err;
	fresh = kmem_cache_alloc(brfw_ct_cache, GFP_ATOMIC | __GFP_NOWARN);
	if (!fresh)
		return -ENOMEM;

	spin_lock_bh(lock);
	now = (u32)jiffies;
	ct = ct_find(cn, &cn->buckets[b], key, now, &reply);
	if (ct) {
		/* Another CPU created it meanwhile: that one is the flow. */
		ct_update(cn, ct, key, pkt, reply, acc, now);
		spin_unlock_bh(lock);
		kmem_cache_free(brfw_ct_cache, fresh);
		return 0;
	}
	if (READ_ONCE(acc->owner->dead)) {
		/* The port is being removed: its flush may be past us. */
		spin_unlock_bh(lock);
		kmem_cache_free(brfw_ct_cache, fresh);
		return 0;
	}
	ct_init_entry(cn, fresh, key, &step, acc, now);
	hlist_add_head(&fresh->node, &cn->buckets[b]);
	atomic_inc(&cn->count);
	atomic_inc(&acc->owner->flows);
	spin_unlock_bh(lock);
	return 0;
}

/* What ct_sweep() frees: expired entries always, and ... */
enum ct_sweep_mode {
	CT_SWEEP_EXPIRED,	/* nothing else (GC) */
	CT_SWEEP_PORT,		/* flows of a port (flush) */
	CT_SWEEP_ALL,		/* everything (flush all, table free) */
};

/*
 * Sweep buckets [first, first + n) (mod the table). Returns how many
 * entries were freed; *seen counts the entries met. The GC skips buckets
 * that look empty without taking their lock (a racing insert is simply
 * seen next time); a flush takes every lock, so that no entry inserted
 * before a port was marked dead escapes it.
 */
static unsigned int ct_sweep(struct brfw_ct_net *cn, u32 first, u32 n,
			     enum ct_sweep_mode mode, u32 ifindex,
			     unsigned int *seen)
{
	unsigned int freed = 0, met = 0;
	u32 i;

	for (i = 0; i < n; i++) {
		u32 b = (first + i) & cn->mask;
		spinlock_t *lock = ct_lock(cn, b);
		struct hlist_node *tmp;
		struct brfw_ct *ct;
		u32 now;

		if ((i % CT_RESCHED_EVERY) == CT_RESCHED_EVERY - 1)
			cond_resched();
		if (mode == CT_SWEEP_EXPIRED && hlist_empty(&cn->buckets[b]))
			continue;
		spin_lock_bh(lock);
		now = (u32)jiffies;
		hlist_for_each_entry_safe(ct, tmp, &cn->buckets[b], node) {
			met++;
			if (mode == CT_SWEEP_ALL || ct_expired(ct, now) ||
			    (mode == CT_SWEEP_PORT &&
			     (ct->port[0] == ifindex ||
			      ct->port[1] == ifindex))) {
				ct_free(cn, ct);
				freed++;
			}
		}
		spin_unlock_bh(lock);
	}
	if (seen)
		*seen = met;
	return freed;
}

static void ct_gc_work(struct work_struct *work)
{
	struct brfw_ct_net *cn = container_of(to_delayed_work(work),
					      struct brfw_ct_net, gc);
	u32 nb = cn->mask + 1;
	u32 n = min(max(nb / 64, CT_GC_MIN_SCAN), nb);
	unsigned long delay = CT_GC_INTERVAL;
	unsigned int seen, freed;

	freed = ct_sweep(cn, cn->gc_pos, n, CT_SWEEP_EXPIRED, 0, &seen);
	cn->gc_pos = (cn->gc_pos + n) & cn->mask;
	/* Mostly expired entries: a flood is being cleaned up, go on. */
	if (freed * 4 > seen)
		delay = 1;
	queue_delayed_work(system_power_efficient_wq, &cn->gc, delay);
}

unsigned int brfw_ct_gc_all(struct brfw_ct_net *cn)
{
	return ct_sweep(cn, 0, cn->mask + 1, CT_SWEEP_EXPIRED, 0, NULL);
}

void brfw_ct_flush(struct brfw_ct_net *cn, u32 ifindex)
{
	ct_sweep(cn, 0, cn->mask + 1, ifindex ? CT_SWEEP_PORT : CT_SWEEP_ALL,
		 ifindex, NULL);
}

int brfw_ct_delete(struct brfw_ct_net *cn, const struct brfw_ct_key *key)
{
	unsigned int deleted = 0;
	struct hlist_node *tmp;
	struct brfw_ct *ct;
	u32 b, now;

	if (!key->zone) {
		/* Any zone: an administrator's request, walk everything. */
		for (b = 0; b <= cn->mask; b++) {
			spinlock_t *lock = ct_lock(cn, b);

			if (hlist_empty(&cn->buckets[b]))
				continue;
			spin_lock_bh(lock);
			now = (u32)jiffies;
			hlist_for_each_entry_safe(ct, tmp, &cn->buckets[b],
						  node) {
				if (ct_expired(ct, now)) {
					ct_free(cn, ct);
				} else if (ct_match(ct, key, true)) {
					ct_free(cn, ct);
					deleted++;
				}
			}
			spin_unlock_bh(lock);
			if ((b % CT_RESCHED_EVERY) == CT_RESCHED_EVERY - 1)
				cond_resched();
		}
	} else {
		bool reply;
		spinlock_t *lock;

		b = ct_hash(cn, key) & cn->mask;
		lock = ct_lock(cn, b);
		spin_lock_bh(lock);
		ct = ct_find(cn, &cn->buckets[b], key, (u32)jiffies, &reply);
		if (ct) {
			ct_free(cn, ct);
			deleted++;
		}
		spin_unlock_bh(lock);
	}
	return deleted ? 0 : -ENOENT;
}

int brfw_ct_walk(struct brfw_ct_net *cn, unsigned long *pos, u32 ifindex,
		 int (*fn)(void *arg, const struct brfw_ct *ct, u32 now),
		 void *arg)
{
	for (; *pos <= cn->mask; (*pos)++) {
		u32 b = (u32)*pos;
		spinlock_t *lock = ct_lock(cn, b);
		struct hlist_node *tmp;
		struct brfw_ct *ct, copy;
		u32 now;
		int err;

		if (hlist_empty(&cn->buckets[b]))
			continue;
		spin_lock_bh(lock);
		now = (u32)jiffies;
		hlist_for_each_entry_safe(ct, tmp, &cn->buckets[b], node) {
			if (ct_expired(ct, now)) {
				ct_free(cn, ct);
				continue;
			}
			if (ifindex && ct->port[0] != ifindex &&
			    ct->port[1] != ifindex)
				continue;
			copy = *ct;
			copy.node.next = NULL;
			copy.node.pprev = NULL;
			err = fn(arg, &copy, now);
			if (err) {
				/* *pos stays: the next call redoes b. */
				spin_unlock_bh(lock);
				return err;
			}
		}
		spin_unlock_bh(lock);
	}
	return 0;
}

struct brfw_ct_net *brfw_ct_net_alloc(u32 limit, void *priv)
{
	struct brfw_ct_net *cn;
	u32 nb, i;

	if (WARN_ON_ONCE(!brfw_ct_cache))	/* brfw_ct_init() not called */
		return NULL;
	if (!limit)
		limit = brfw_ct_default_max();
	nb = (u32)roundup_pow_of_two(max(limit / 4, CT_BUCKETS_MIN));
	nb = clamp(nb, CT_BUCKETS_MIN, CT_BUCKETS_MAX);

	cn = kzalloc(sizeof(*cn), GFP_KERNEL);
	if (!cn)
		return NULL;
	cn->buckets = kvcalloc(nb, sizeof(*cn->buckets), GFP_KERNEL);
	cn->locks = kvmalloc_array(CT_LOCKS, sizeof(*cn->locks), GFP_KERNEL);
	if (!cn->buckets || !cn->locks) {
		kvfree(cn->buckets);
		kvfree(cn->locks);
		kfree(cn);
		return NULL;
	}
	for (i = 0; i < CT_LOCKS; i++)
		spin_lock_init(&cn->locks[i]);
	cn->mask = nb - 1;
	cn->seed = get_random_u32();
	for (i = 0; i < CT_HKEYS; i++)
		cn->hkey[i] = (u64)get_random_u32() << 32 | get_random_u32();
	cn->max = limit;
	cn->priv = priv;
	atomic_set(&cn->count, 0);
	atomic64_set(&cn->early_drops, 0);
	atomic64_set(&cn->full_drops, 0);
	brfw_ct_timeouts_default(&cn->to);
	INIT_DELAYED_WORK(&cn->gc, ct_gc_work);
	queue_delayed_work(system_power_efficient_wq, &cn->gc, CT_GC_INTERVAL);
	return cn;
}

void brfw_ct_net_free(struct brfw_ct_net *cn)
{
	if (!cn)
		return;
	cancel_delayed_work_sync(&cn->gc);
	brfw_ct_flush(cn, 0);
	WARN_ON_ONCE(atomic_read(&cn->count));
	kvfree(cn->buckets);
	kvfree(cn->locks);
	kfree(cn);
}

void brfw_ct_info(struct brfw_ct_net *cn, struct brfw_ct_info *info)
{
	unsigned int i;
	int count = atomic_read(&cn->count);

	memset(info, 0, sizeof(*info));
	info->max = READ_ONCE(cn->max);
	info->count = count > 0 ? count : 0;
	info->buckets = cn->mask + 1;
	info->entry_size = sizeof(struct brfw_ct);
	info->early_drops = atomic64_read(&cn->early_drops);
	info->full_drops = atomic64_read(&cn->full_drops);
	for (i = 1; i <= BRFW_CT_TO_MAX; i++)
		info->to.t[i] = READ_ONCE(cn->to.t[i]) / HZ;
}

void brfw_ct_set_max(struct brfw_ct_net *cn, u32 limit)
{
	WRITE_ONCE(cn->max, limit ? limit : brfw_ct_default_max());
}

/* Flows keep their expiry until their next packet. */
void brfw_ct_set_timeout(struct brfw_ct_net *cn, unsigned int which,
			 u32 secs)
{
	if (WARN_ON_ONCE(!which || which > BRFW_CT_TO_MAX))
		return;
	secs = clamp_t(u32, secs, 1, BRFW_CT_TIMEOUT_LIMIT);
	WRITE_ONCE(cn->to.t[which], secs * HZ);
}
