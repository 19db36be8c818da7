// SPDX-License-Identifier: GPL-2.0
/*
 * The classifier: first match over an ordered rule list, at a cost that
 * does not grow with the number of rules.
 *
 * Design (tuple space search, as in Open vSwitch's classifier):
 *
 * - A frame becomes a fixed-size key of CLS_WORDS u64 words (struct
 *   cls_key): MACs, ether-type, VLAN, IP family with a "non-first
 *   fragment" bit, protocol, ICMP type/code, ports, TCP flags and both
 *   addresses.
 *
 * - A rule becomes one or more entries, each a (mask, masked key) pair:
 *   a frame matches the entry when key & mask equals the entry's key.
 *   Exact fields (MACs, protocol, exact ports, ICMP type, ...) are masked
 *   in whole, prefixes by their length, TCP flags by the rule's mask. A
 *   port list of exact ports gives one entry per port (sport list x dport
 *   list). What a mask cannot express stays with the entry as a residual,
 *   checked on a candidate only, like brfw_match_pkt() would: a port list
 *   that has a real range (then one more entry without that port in the
 *   key checks the whole list), and an address set. A rule with src or
 *   dst but no family gets one entry per IP version. A rule with L4
 *   matches also masks the fragment bit, wanting it clear.
 *
 * - Entries with the same mask form a tuple: a hash table from masked
 *   key to a chain of entries in priority order (lowest prio first),
 *   with at least twice as many buckets as entries.
 *
 * - Lookup masks the frame's key with each tuple's mask, hashes it and
 *   walks one bucket's chain until an entry whose key is equal and whose
 *   residual matches. Tuples are sorted by the lowest prio they hold, so
 *   the scan stops at the first tuple that cannot beat the best match so
 *   far. Cost: a few tuples, not the rules; the number of tuples is the
 *   number of distinct rule shapes (e.g. "tcp, src /32, dport P" is one
 *   tuple however many hosts and ports it lists).
 *
 * - Tuples are also partitioned by what they require of the IP family
 *   (any, 4, 6) and protocol (any, or one value used by some rule): a
 *   TCP/IPv4 frame only looks at the tuples of the partitions (any, any),
 *   (any, tcp), (4, any) and (4, tcp), so UDP or IPv6 rules cost it
 *   nothing. Each (family, protocol) has its list of non-empty partitions
 *   precomputed (struct cls_route).
 *
 * - A tuple holds only the words its mask touches (active words): an IPv4
 *   host-and-port tuple hashes and compares two words.
 *
 * What stays linear: entries of one tuple with the same masked key, that
 * differ only in their residual (e.g. many rules "dport 1000-2000 src
 * @setN") share a chain, walked in prio order.
 *
 * The build runs in process context and may sleep. No recursion: the
 * sorts are the library's heapsort, the rest plain loops.
 */
#include <linux/types.h>
#include <linux/err.h>
#include <linux/overflow.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/sort.h>
#include <linux/string.h>

#include "cls.h"

#define CLS_WORDS	8
#define CLS_NONE	U32_MAX
/* Large tables: vmalloc fallback, charged to the caller's cgroup, no
 * warning when a huge request fails (that is -ENOMEM for the caller).
 */
#define CLS_GFP		(GFP_KERNEL_ACCOUNT | __GFP_NOWARN)

/* Byte offsets in the key. Words: 0 smac+ethertype, 1 dmac+vlan, 2 IP
 * family/frag, proto, ICMP, ports, 3 TCP flags and ct state, 4-5 saddr,
 * 6-7 daddr.
 */
#define K_SMAC		0
#define K_ETHERTYPE	6
#define K_DMAC		8
#define K_VLAN		14
#define K_FAMFRAG	16	/* family (4, 6, 0) | K_FRAG */
#define K_PROTO		17
#define K_ICMP_TYPE	18
#define K_ICMP_CODE	19
#define K_SPORT		20
#define K_DPORT		22
#define K_TCP_FLAGS	24
#define K_CT		25	/* pkt->ct | K_TRACKED, or 0 */
#define K_SADDR		32
#define K_DADDR		48
#define K_FRAG		0x80
#define K_TRACKED	0x80	/* in K_CT: the frame has a ct state */
#define K_FAMILY	0x7f

union cls_key {
	u64 w[CLS_WORDS];
	u8 b[CLS_WORDS * 8];
};

/* Residual checks of an entry. */
#define RES_SPORT	(1U << 0)
#define RES_DPORT	(1U << 1)
#define RES_SRC		(1U << 2)	/* src is a set */
#define RES_DST		(1U << 3)	/* dst is a set */

/*
 * An entry, followed by its key (the tuple's active words), in the u64
 * array cls->ents: an entry is named by the index of its first word.
 */
struct cls_ent {
	u32 prio;
	u32 next;			/* next entry of the bucket, or NONE */
	u32 resid;			/* RES_* */
	const struct brfw_match *m;	/* for the residual */
	u64 key[];
};

#define CLS_ENT_WORDS	(sizeof(struct cls_ent) / sizeof(u64))

struct cls_tuple {
	u32 min_prio;			/* lowest prio of its entries */
	u8 shift;			/* 64 - log2(buckets), buckets >= 2 */
	u8 nw;				/* active words */
	u8 widx[CLS_WORDS];		/* which words */
	u64 amask[CLS_WORDS];		/* the mask of each active word */
	const u32 *buckets;		/* first entry of each bucket */
};

struct cls_part {
	u32 start, end;			/* tuples [start, end) */
};

/* The non-empty partitions a frame of one (family, protocol) looks at. */
struct cls_route {
	u32 n;
	struct cls_part part[4];
};

struct brfw_cls {
	struct cls_tuple *tuples;
	u64 *ents;			/* entries with their keys */
	u32 *buckets;			/* all tuples' buckets */
	struct brfw_match *mcopy;	/* frag_view: rules with L4 cleared */
	u32 nprotos;			/* protocol classes: 1 + distinct */
	u16 pclass[256];		/* protocol -> class; 0: not used */
	struct cls_route routes[];	/* [famclass * nprotos + pclass] */
};

/*
 * The hash of a masked key: a multiplicative mix, one u64 word at a time
 * (the high bits of each product depend on every bit of its input),
 * then the high half folded into the low one and multiplied again; the
 * bucket is the top bits of that (Fibonacci hashing).
 */
#define CLS_MUL		0x9e3779b97f4a7c15ULL
#define CLS_SEED	0x2545f4914f6cdd1dULL

static inline u64 cls_mix(u64 h, u64 w)
{
	return (h ^ w) * CLS_MUL;
}

static inline u64 cls_fold(u64 h)
{
	return (h ^ (h >> 32)) * CLS_MUL;
}

static inline void cls_put16(u8 *p, u16 v)
{
	memcpy(p, &v, sizeof(v));
}

static void cls_pkt_key(union cls_key *k, const struct brfw_pkt *pkt)
{
	memset(k, 0, sizeof(*k));
	memcpy(&k->b[K_SMAC], pkt->smac, 6);
	cls_put16(&k->b[K_ETHERTYPE], pkt->ethertype);
	memcpy(&k->b[K_DMAC], pkt->dmac, 6);
	cls_put16(&k->b[K_VLAN], pkt->vlan);
	k->b[K_FAMFRAG] = (pkt->family & K_FAMILY) | (pkt->frag ? K_FRAG : 0);
	k->b[K_PROTO] = pkt->proto;
	k->b[K_ICMP_TYPE] = pkt->icmp_type;
	k->b[K_ICMP_CODE] = pkt->icmp_code;
	cls_put16(&k->b[K_SPORT], pkt->sport);
	cls_put16(&k->b[K_DPORT], pkt->dport);
	k->b[K_TCP_FLAGS] = pkt->tcp_flags;
	k->b[K_CT] = pkt->ct ? (pkt->ct | K_TRACKED) : 0;
	if (pkt->family == 4) {
		memcpy(&k->b[K_SADDR], pkt->saddr, 4);
		memcpy(&k->b[K_DADDR], pkt->daddr, 4);
	} else if (pkt->family == 6) {
		memcpy(&k->b[K_SADDR], pkt->saddr, 16);
		memcpy(&k->b[K_DADDR], pkt->daddr, 16);
	}
}

static unsigned int cls_famclass(u8 family)
{
	return family == 4 ? 1 : family == 6 ? 2 : 0;
}

static bool cls_ports_match(const struct brfw_match_range *r,
			    unsigned int n, u16 port)
{
	unsigned int i;

	for (i = 0; i < n && i < BRFW_MAX_PORT_RANGES; i++)
		if (r[i].lo <= port && port <= r[i].hi)
			return true;
	return false;
}

/* What the key of a candidate entry could not check. */
static bool cls_resid_match(const struct cls_ent *e,
			    const struct brfw_pkt *pkt)
{
	const struct brfw_match *m = e->m;

	if ((e->resid & RES_SPORT) &&
	    !cls_ports_match(m->sport, m->nsport, pkt->sport))
		return false;
	if ((e->resid & RES_DPORT) &&
	    !cls_ports_match(m->dport, m->ndport, pkt->dport))
		return false;
	/* The key holds the family (4 or 6) of entries with a set. */
	if ((e->resid & RES_SRC) &&
	    !brfw_set_contains(m->src.set, pkt->family, pkt->saddr))
		return false;
	if ((e->resid & RES_DST) &&
	    !brfw_set_contains(m->dst.set, pkt->family, pkt->daddr))
		return false;
	return true;
}

static inline const struct cls_ent *cls_ent(const struct brfw_cls *cls,
					    u32 e)
{
	return (const struct cls_ent *)&cls->ents[e];
}

u32 brfw_cls_lookup(const struct brfw_cls *cls, const struct brfw_pkt *pkt)
{
	const struct cls_route *route;
	u32 best = BRFW_CLS_NOMATCH;
	u64 w[CLS_WORDS];
	union cls_key k;
	unsigned int j;

	if (!cls)
		return BRFW_CLS_NOMATCH;
	route = &cls->routes[cls_famclass(pkt->family) * cls->nprotos +
			     cls->pclass[pkt->proto]];
	if (!route->n)
		return BRFW_CLS_NOMATCH;
	cls_pkt_key(&k, pkt);

	for (j = 0; j < route->n; j++) {
		const struct cls_tuple *tp = &cls->tuples[route->part[j].start];
		const struct cls_tuple *end = &cls->tuples[route->part[j].end];

		for (; tp < end; tp++) {
			unsigned int i, nw = tp->nw;
			u64 h = CLS_SEED;
			u32 e;

			if (tp->min_prio >= best)
				break;	/* sorted: no later tuple can do better */
			for (i = 0; i < nw; i++) {
				w[i] = k.w[tp->widx[i]] & tp->amask[i];
				h = cls_mix(h, w[i]);
			}
			e = tp->buckets[cls_fold(h) >> tp->shift];
			while (e != CLS_NONE) {
				const struct cls_ent *ent = cls_ent(cls, e);

				if (ent->prio >= best)
					break;	/* chains are in prio order */
				for (i = 0; i < nw; i++)
					if (ent->key[i] != w[i])
						break;
				if (i == nw && (!ent->resid ||
						cls_resid_match(ent, pkt))) {
					best = ent->prio;
					break;
				}
				e = ent->next;
			}
		}
	}
	return best;
}

void brfw_cls_free(struct brfw_cls *cls)
{
	if (IS_ERR_OR_NULL(cls))
		return;
	kvfree(cls->tuples);
	kvfree(cls->ents);
	kvfree(cls->buckets);
	kvfree(cls->mcopy);
	kvfree(cls);
}

/* ---- build ---- */

/* A rule, as the entries it expands to. */
struct cls_rexp {
	const struct brfw_match *m;
	u32 prio;
	u8 nfam, fam[2];	/* IP families of its entries (0: any) */
	u8 nsp, ndp;		/* choices for sport, dport */
	u8 nspx, ndpx;		/* the first nspx/ndpx of them: exact ports */
	u16 spx[BRFW_MAX_PORT_RANGES], dpx[BRFW_MAX_PORT_RANGES];
};

/* A tuple while building. */
struct cls_btuple {
	u64 mask[CLS_WORDS];
	u32 part;
	u32 min_prio;
	u32 n;			/* entries */
	u32 fill;		/* entries placed (second pass) */
	u32 final;		/* index in cls->tuples */
	u32 ent_word;		/* its first entry in cls->ents */
	u32 bucket_off;		/* its buckets in cls->buckets */
	u32 hash;
};

struct cls_order {
	u32 key1, key2, idx;
};

struct cls_builder {
	struct brfw_cls *cls;
	struct brfw_match *mcopy;	/* until cls owns it */
	struct cls_order *ord;		/* rules by prio */
	const struct brfw_match **eff;	/* rule (by prio) as classified */
	u32 *ent_tid;			/* entry -> build tuple */
	struct cls_btuple *bt;
	u32 nbt, bt_cap;
	u32 *itab;			/* bt index + 1, open addressing */
	u32 itab_mask;
	struct cls_part *parts;		/* [famclass * nprotos + pclass] */
};

static int cls_order_cmp(const void *a, const void *b)
{
	const struct cls_order *x = a, *y = b;

	if (x->key1 != y->key1)
		return x->key1 < y->key1 ? -1 : 1;
	if (x->key2 != y->key2)
		return x->key2 < y->key2 ? -1 : 1;
	return x->idx < y->idx ? -1 : x->idx > y->idx;
}

/* Collect the exact ports of a list; does it have a real range too? */
static u8 cls_exact_ports(const struct brfw_match_range *r, unsigned int n,
			  u16 *out, bool *range)
{
	unsigned int i;
	u8 nx = 0;

	*range = false;
	for (i = 0; i < n && i < BRFW_MAX_PORT_RANGES; i++) {
		if (r[i].lo == r[i].hi)
			out[nx++] = r[i].lo;
		else if (r[i].lo < r[i].hi)
			*range = true;
	}
	return nx;
}

static bool cls_prefix_fits(const struct brfw_match *m, u32 bit, u8 family)
{
	const struct brfw_match_addr *a = bit == BRFW_M_SRC ? &m->src : &m->dst;

	if (!(m->present & bit) || a->set)
		return true;
	return a->len <= (family == 4 ? 32 : 128);
}

/* How a rule expands; r->nfam * r->nsp * r->ndp entries (maybe none). */
static void cls_expand(struct cls_rexp *r, const struct brfw_match *m,
		       u32 prio)
{
	u8 cand[2], ncand = 0, i;
	bool range;

	memset(r, 0, sizeof(*r));
	r->m = m;
	r->prio = prio;
	if (!m)
		return;
	/* Flags outside the mask can never be equal. */
	if ((m->present & BRFW_M_TCP_FLAGS) && (m->tcp_flags & ~m->tcp_mask))
		return;
	if (m->family == 4 || m->family == 6) {
		cand[ncand++] = m->family;
	} else if (m->family) {
		return;			/* never equals a frame's family */
	} else if (m->present & (BRFW_M_SRC | BRFW_M_DST)) {
		cand[ncand++] = 4;	/* an address needs an IP frame */
		cand[ncand++] = 6;
	} else {
		cand[ncand++] = 0;
	}
	for (i = 0; i < ncand; i++)
		if (!cand[i] || (cls_prefix_fits(m, BRFW_M_SRC, cand[i]) &&
				 cls_prefix_fits(m, BRFW_M_DST, cand[i])))
			r->fam[r->nfam++] = cand[i];

	r->nsp = 1;
	if (m->present & BRFW_M_SPORT) {
		r->nspx = cls_exact_ports(m->sport, m->nsport, r->spx, &range);
		r->nsp = r->nspx + range;
	}
	r->ndp = 1;
	if (m->present & BRFW_M_DPORT) {
		r->ndpx = cls_exact_ports(m->dport, m->ndport, r->dpx, &range);
		r->ndp = r->ndpx + range;
	}
}

static u32 cls_rexp_count(const struct cls_rexp *r)
{
	return (u32)r->nfam * r->nsp * r->ndp;
}

static void cls_set_prefix(union cls_key *mask, union cls_key *key,
			   unsigned int off, const struct brfw_match_addr *a,
			   u8 family)
{
	unsigned int len = a->len, alen = family == 4 ? 4 : 16, i;

	for (i = 0; i < alen && len; i++) {
		u8 mb = len >= 8 ? 0xff : (u8)(0xff << (8 - len));

		mask->b[off + i] = mb;
		key->b[off + i] = a->addr[i] & mb;
		len -= len >= 8 ? 8 : len;
	}
}

/*
 * Entry j (0 <= j < cls_rexp_count()) of a rule: its mask, masked key,
 * residual checks and partition (famclass, protocol class).
 */
static void cls_entry(const struct cls_rexp *r, u32 j, const u16 *pclass,
		      union cls_key *mask, union cls_key *key, u32 *resid,
		      unsigned int *fc, unsigned int *pc)
{
	const struct brfw_match *m = r->m;
	u32 p = m->present;
	u32 dc = j % r->ndp, sc = (j / r->ndp) % r->nsp;
	u8 family = r->fam[j / r->ndp / r->nsp];

	memset(mask, 0, sizeof(*mask));
	memset(key, 0, sizeof(*key));
	*resid = 0;
	if (p & BRFW_M_ETHERTYPE) {
		cls_put16(&mask->b[K_ETHERTYPE], 0xffff);
		cls_put16(&key->b[K_ETHERTYPE], m->ethertype);
	}
	if (p & BRFW_M_SMAC) {
		memset(&mask->b[K_SMAC], 0xff, 6);
		memcpy(&key->b[K_SMAC], m->smac, 6);
	}
	if (p & BRFW_M_DMAC) {
		memset(&mask->b[K_DMAC], 0xff, 6);
		memcpy(&key->b[K_DMAC], m->dmac, 6);
	}
	if (p & BRFW_M_VLAN) {
		cls_put16(&mask->b[K_VLAN], 0xffff);
		cls_put16(&key->b[K_VLAN], m->vlan);
	}
	if (family) {
		mask->b[K_FAMFRAG] = K_FAMILY;
		key->b[K_FAMFRAG] = family;
	}
	if (p & BRFW_M_L4)
		mask->b[K_FAMFRAG] |= K_FRAG;	/* and the key wants it 0 */
	if (p & BRFW_M_PROTO) {
		mask->b[K_PROTO] = 0xff;
		key->b[K_PROTO] = m->proto;
	}
	if (p & BRFW_M_ICMP_TYPE) {
		mask->b[K_ICMP_TYPE] = 0xff;
		key->b[K_ICMP_TYPE] = m->icmp_type;
	}
	if (p & BRFW_M_ICMP_CODE) {
		mask->b[K_ICMP_CODE] = 0xff;
		key->b[K_ICMP_CODE] = m->icmp_code;
	}
	if (p & BRFW_M_TCP_FLAGS) {
		mask->b[K_TCP_FLAGS] = m->tcp_mask;
		key->b[K_TCP_FLAGS] = m->tcp_flags;
	}
	/*
	 * ct-state: the frame's state (one bit) is one of the rule's, and
	 * there is one: no bit outside the rule's set, the tracked bit set.
	 */
	if (p & BRFW_M_CT_STATE) {
		mask->b[K_CT] = K_TRACKED | (BRFW_CT_F_ALL & ~m->ct_state);
		key->b[K_CT] = K_TRACKED;
	}
	if (p & BRFW_M_SPORT) {
		if (sc < r->nspx) {
			cls_put16(&mask->b[K_SPORT], 0xffff);
			cls_put16(&key->b[K_SPORT], r->spx[sc]);
		} else {
			*resid |= RES_SPORT;
		}
	}
	if (p & BRFW_M_DPORT) {
		if (dc < r->ndpx) {
			cls_put16(&mask->b[K_DPORT], 0xffff);
			cls_put16(&key->b[K_DPORT], r->dpx[dc]);
		} else {
			*resid |= RES_DPORT;
		}
	}
	if (p & BRFW_M_SRC) {
		if (m->src.set)
			*resid |= RES_SRC;
		else
			cls_set_prefix(mask, key, K_SADDR, &m->src, family);
	}
	if (p & BRFW_M_DST) {
		if (m->dst.set)
			*resid |= RES_DST;
		else
			cls_set_prefix(mask, key, K_DADDR, &m->dst, family);
	}
	*fc = cls_famclass(family);
	*pc = (p & BRFW_M_PROTO) ? pclass[m->proto] : 0;
}

static u64 cls_hash_words(const u64 *w, unsigned int n)
{
	u64 h = CLS_SEED;
	unsigned int i;

	for (i = 0; i < n; i++)
		h = cls_mix(h, w[i]);
	return cls_fold(h);
}

/* Grow the intern table to twice its size. */
static int cls_itab_grow(struct cls_builder *b)
{
	u32 size = (b->itab_mask + 1) * 2, i;
	u32 *t = kvcalloc(size, sizeof(*t), CLS_GFP);

	if (!t)
		return -ENOMEM;
	for (i = 0; i < b->nbt; i++) {
		u32 s = b->bt[i].hash & (size - 1);

		while (t[s])
			s = (s + 1) & (size - 1);
		t[s] = i + 1;
	}
	kvfree(b->itab);
	b->itab = t;
	b->itab_mask = size - 1;
	return 0;
}

/* The build tuple of (part, mask), created if new. -ENOMEM or index. */
static long cls_intern(struct cls_builder *b, u32 part,
		       const union cls_key *mask, u32 prio)
{
	u32 hash = cls_fold(cls_hash_words(mask->w, CLS_WORDS) ^ part) >> 32;
	u32 s = hash & b->itab_mask;
	struct cls_btuple *t;

	while (b->itab[s]) {
		t = &b->bt[b->itab[s] - 1];
		if (t->hash == hash && t->part == part &&
		    !memcmp(t->mask, mask->w, sizeof(t->mask)))
			return b->itab[s] - 1;
		s = (s + 1) & b->itab_mask;
	}
	if (b->nbt == b->bt_cap) {
		u32 cap = b->bt_cap * 2;
		struct cls_btuple *n = kvcalloc(cap, sizeof(*n), CLS_GFP);

		if (!n)
			return -ENOMEM;
		memcpy(n, b->bt, b->nbt * sizeof(*n));
		kvfree(b->bt);
		b->bt = n;
		b->bt_cap = cap;
	}
	t = &b->bt[b->nbt];
	memcpy(t->mask, mask->w, sizeof(t->mask));
	t->part = part;
	t->min_prio = prio;	/* rules come in prio order */
	t->hash = hash;
	b->itab[s] = ++b->nbt;
	/* Keep the load at most one half. */
	if (b->nbt * 2 > b->itab_mask + 1 && cls_itab_grow(b))
		return -ENOMEM;
	return b->nbt - 1;
}

static void cls_builder_free(struct cls_builder *b)
{
	kvfree(b->ord);
	kvfree(b->eff);
	kvfree(b->ent_tid);
	kvfree(b->bt);
	kvfree(b->itab);
	kvfree(b->mcopy);
	kvfree(b->parts);
}

/*
 * Pass 0: rules in prio order, the match each is classified by (frag_view
 * transforms), protocol classes. Returns the number of entries or -ENOMEM.
 */
static long long cls_prepare(struct cls_builder *b,
			     const struct brfw_cls_rule *rules,
			     unsigned int n, bool frag_view, u16 *pclass,
			     u32 *nprotos)
{
	u64 protos[4] = { 0 };
	unsigned int i, ncopy = 0;
	long long nents = 0;
	struct cls_rexp r;

	b->ord = kvcalloc(n, sizeof(*b->ord), CLS_GFP);
	b->eff = kvcalloc(n, sizeof(*b->eff), CLS_GFP);
	if (!b->ord || !b->eff)
		return -ENOMEM;
	for (i = 0; i < n; i++) {
		b->ord[i].key1 = rules[i].prio;
		b->ord[i].idx = i;
		if (frag_view && (rules[i].m->present & BRFW_M_L4) &&
		    rules[i].stops)
			ncopy++;
	}
	sort(b->ord, n, sizeof(*b->ord), cls_order_cmp, NULL);

	if (ncopy) {
		b->mcopy = kvcalloc(ncopy, sizeof(*b->mcopy), CLS_GFP);
		if (!b->mcopy)
			return -ENOMEM;
	}
	ncopy = 0;
	for (i = 0; i < n; i++) {
		const struct brfw_cls_rule *cr = &rules[b->ord[i].idx];
		const struct brfw_match *m = cr->m;

		if (frag_view && (m->present & BRFW_M_L4)) {
			if (cr->stops) {
				struct brfw_match *c = &b->mcopy[ncopy++];

				*c = *m;
				c->present &= ~BRFW_M_L4;
				m = c;
			} else {
				m = NULL;	/* can't match a fragment */
			}
		}
		b->eff[i] = m;
		if (m && (m->present & BRFW_M_PROTO))
			protos[m->proto / 64] |= 1ULL << (m->proto % 64);
		cls_expand(&r, m, cr->prio);
		nents += cls_rexp_count(&r);
		/* entry indices are u32 with CLS_NONE reserved */
		if (nents >= CLS_NONE / 2)
			return -ENOMEM;
	}
	*nprotos = 1;
	for (i = 0; i < 256; i++)
		if (protos[i / 64] & (1ULL << (i % 64)))
			pclass[i] = (*nprotos)++;
	return nents;
}

/* Pass 1: the tuple of every entry. */
static int cls_pass_tuples(struct cls_builder *b, unsigned int n)
{
	const struct brfw_cls *cls = b->cls;
	union cls_key mask, key;
	unsigned int i, fc, pc;
	struct cls_rexp r;
	u32 j, cnt, e = 0, resid;
	long tid;

	b->bt_cap = 16;
	b->bt = kvcalloc(b->bt_cap, sizeof(*b->bt), CLS_GFP);
	b->itab_mask = 31;
	b->itab = kvcalloc(b->itab_mask + 1, sizeof(*b->itab), CLS_GFP);
	if (!b->bt || !b->itab)
		return -ENOMEM;
	for (i = 0; i < n; i++) {
		cls_expand(&r, b->eff[i], b->ord[i].key1);
		cnt = cls_rexp_count(&r);
		for (j = 0; j < cnt; j++) {
			cls_entry(&r, j, cls->pclass, &mask, &key, &resid,
				  &fc, &pc);
			tid = cls_intern(b, fc * cls->nprotos + pc, &mask,
					 r.prio);
			if (tid < 0)
				return -ENOMEM;
			b->bt[tid].n++;
			b->ent_tid[e++] = tid;
		}
		cond_resched();
	}
	return 0;
}

/* Order the tuples, lay out and allocate the final arrays. */
static int cls_layout(struct cls_builder *b)
{
	struct brfw_cls *cls = b->cls;
	size_t nwords = 0, nbuckets = 0;
	struct cls_order *to;
	u32 i, w;

	to = kvcalloc(b->nbt, sizeof(*to), CLS_GFP);
	cls->tuples = kvcalloc(b->nbt, sizeof(*cls->tuples), CLS_GFP);
	if (!to || !cls->tuples) {
		kvfree(to);
		return -ENOMEM;
	}
	for (i = 0; i < b->nbt; i++) {
		to[i].key1 = b->bt[i].part;
		to[i].key2 = b->bt[i].min_prio;
		to[i].idx = i;
	}
	sort(to, b->nbt, sizeof(*to), cls_order_cmp, NULL);

	for (i = 0; i < b->nbt; i++) {
		struct cls_btuple *bt = &b->bt[to[i].idx];
		struct cls_tuple *t = &cls->tuples[i];
		struct cls_part *part = &b->parts[bt->part];
		u32 nb = 2, shift = 63;

		if (part->start == part->end)
			part->start = i;
		part->end = i + 1;
		bt->final = i;
		t->min_prio = bt->min_prio;
		for (w = 0; w < CLS_WORDS; w++) {
			if (!bt->mask[w])
				continue;
			t->widx[t->nw] = w;
			t->amask[t->nw++] = bt->mask[w];
		}
		while (nb < 2 * bt->n) {
			nb <<= 1;
			shift--;
		}
		t->shift = shift;
		bt->bucket_off = nbuckets;
		nbuckets += nb;
		bt->ent_word = nwords;
		nwords += (size_t)bt->n * (CLS_ENT_WORDS + t->nw);
		/* entries and buckets are named by u32, NONE excluded */
		if (nwords >= CLS_NONE || nbuckets >= CLS_NONE) {
			kvfree(to);
			return -ENOMEM;
		}
	}
	kvfree(to);

	cls->ents = kvcalloc(nwords, sizeof(*cls->ents), CLS_GFP);
	cls->buckets = kvcalloc(nbuckets, sizeof(*cls->buckets), CLS_GFP);
	if (!cls->ents || !cls->buckets)
		return -ENOMEM;
	memset(cls->buckets, 0xff, nbuckets * sizeof(*cls->buckets));
	for (i = 0; i < b->nbt; i++)
		cls->tuples[b->bt[i].final].buckets =
			&cls->buckets[b->bt[i].bucket_off];
	return 0;
}

/*
 * The route of each (famclass, pclass): the partitions (any, any), (any,
 * pclass), (famclass, any), (famclass, pclass) that hold tuples.
 */
static void cls_routes(struct cls_builder *b)
{
	struct brfw_cls *cls = b->cls;
	u32 np = cls->nprotos, fc, pc, i;

	for (fc = 0; fc < 3; fc++) {
		for (pc = 0; pc < np; pc++) {
			struct cls_route *r = &cls->routes[fc * np + pc];
			u32 cand[4] = { 0, pc, fc * np, fc * np + pc };

			for (i = 0; i < 4; i++) {
				const struct cls_part *p = &b->parts[cand[i]];

				/* skip repeats: (0, 0) when pc or fc is 0 */
				if ((i == 1 && !pc) || (i == 2 && !fc) ||
				    (i == 3 && (!pc || !fc)))
					continue;
				if (p->start != p->end)
					r->part[r->n++] = *p;
			}
		}
	}
}

/* Pass 2: place every entry and its key in its tuple, prio order. */
static void cls_pass_place(struct cls_builder *b, unsigned int n)
{
	struct brfw_cls *cls = b->cls;
	union cls_key mask, key;
	unsigned int i, fc, pc, w;
	struct cls_rexp r;
	u32 j, cnt, e = 0, resid;

	for (i = 0; i < n; i++) {
		cls_expand(&r, b->eff[i], b->ord[i].key1);
		cnt = cls_rexp_count(&r);
		for (j = 0; j < cnt; j++) {
			struct cls_btuple *bt = &b->bt[b->ent_tid[e++]];
			const struct cls_tuple *t = &cls->tuples[bt->final];
			u32 word = bt->ent_word +
				   bt->fill++ * (CLS_ENT_WORDS + t->nw);
			struct cls_ent *ent = (struct cls_ent *)&cls->ents[word];

			cls_entry(&r, j, cls->pclass, &mask, &key, &resid,
				  &fc, &pc);
			ent->prio = r.prio;
			ent->resid = resid;
			ent->m = r.m;
			for (w = 0; w < t->nw; w++)
				ent->key[w] = key.w[t->widx[w]];
		}
		cond_resched();
	}
}

/*
 * Chain each tuple's entries into its buckets. Pushing them in reverse
 * leaves every chain in prio order.
 */
static void cls_pass_chain(struct cls_builder *b)
{
	struct brfw_cls *cls = b->cls;
	u32 i, local;

	for (i = 0; i < b->nbt; i++) {
		const struct cls_btuple *bt = &b->bt[i];
		const struct cls_tuple *t = &cls->tuples[bt->final];
		u32 stride = CLS_ENT_WORDS + t->nw;
		u32 *buckets = &cls->buckets[bt->bucket_off];

		for (local = bt->n; local-- > 0;) {
			u32 word = bt->ent_word + local * stride;
			struct cls_ent *ent = (struct cls_ent *)&cls->ents[word];
			u32 *bucket = &buckets[cls_hash_words(ent->key, t->nw) >>
					       t->shift];

			ent->next = *bucket;
			*bucket = word;
		}
	}
}

struct brfw_cls *brfw_cls_build(const struct brfw_cls_rule *rules,
				unsigned int n, bool frag_view)
{
	struct cls_builder b = { 0 };
	u16 pclass[256] = { 0 };
	struct brfw_cls *cls;
	long long nents;
	u32 nprotos;
	int err;

	if (!n)
		return NULL;
	nents = cls_prepare(&b, rules, n, frag_view, pclass, &nprotos);
	if (nents < 0) {
		cls_builder_free(&b);
		return ERR_PTR(-ENOMEM);
	}
	/* Partitions: (any, 4, 6) x (any, each protocol used). */
	cls = kvzalloc(struct_size(cls, routes, 3 * nprotos), CLS_GFP);
	if (!cls) {
		cls_builder_free(&b);
		return ERR_PTR(-ENOMEM);
	}
	cls->mcopy = b.mcopy;
	b.mcopy = NULL;
	cls->nprotos = nprotos;
	memcpy(cls->pclass, pclass, sizeof(pclass));
	b.cls = cls;
	if (!nents)
		goto done;	/* no rule can match: all partitions empty */

	err = -ENOMEM;
	b.ent_tid = kvcalloc(nents, sizeof(*b.ent_tid), CLS_GFP);
	b.parts = kvcalloc(3 * nprotos, sizeof(*b.parts), CLS_GFP);
	if (!b.ent_tid || !b.parts)
		goto fail;
	err = cls_pass_tuples(&b, n);
	if (err)
		goto fail;
	err = cls_layout(&b);
	if (err)
		goto fail;
	cls_routes(&b);
	cls_pass_place(&b, n);
	cls_pass_chain(&b);
done:
	cls_builder_free(&b);
	return cls;
fail:
	cls_builder_free(&b);
	brfw_cls_free(cls);
	return ERR_PTR(err);
}
