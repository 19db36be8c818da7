// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of the kernel's classifier (kmod/cls.c), reference matcher
 * (kmod/match.c) and address sets (kmod/addrset.c), built in userspace
 * through the shims in kshim/. The classifier must agree with a linear
 * first-match scan over brfw_match_pkt() on randomized rule sets and
 * frames (fixed seed), in the normal and the fragment view; allocation
 * failures must give -ENOMEM and leak nothing.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>

#include <linux/err.h>
#include <linux/slab.h>

#include "match.h"
#include "cls.h"
#include "addrset.h"
#include "tap.h"
#include "test_cls.h"

/* Userspace sets: a wrapper around compiled members. */
struct brfw_set {
	struct brfw_addrset *as;
};

bool brfw_set_contains(const struct brfw_set *set, u8 family, const u8 *addr)
{
	return brfw_addrset_lookup(set->as, family, addr);
}

/* xorshift64*: a fixed-seed generator, the same run every time. */
static u64 rng_state = 0x853c49e6748fea9bULL;

static u64 rnd(void)
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 0x2545f4914f6cdd1dULL;
}

static unsigned int rn(unsigned int n)
{
	return (unsigned int)(rnd() >> 33) % n;
}

static bool chance(unsigned int pct)
{
	return rn(100) < pct;
}

/* ---- value pools, small so that rules and frames meet often ---- */

static const u8 mac_pool[][6] = {
	{ 0x02, 0, 0, 0, 0, 0x01 }, { 0x02, 0, 0, 0, 0, 0x02 },
	{ 0x02, 0, 0, 0, 0, 0x03 }, { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff },
};
static const char *const v4_pool[] = {
	"10.0.0.1", "10.0.0.2", "10.0.1.1", "10.0.0.128", "192.168.1.1",
	"0.0.0.0", "255.255.255.255", "10.0.0.255",
};
static const char *const v6_pool[] = {
	"2001:db8::1", "2001:db8::2", "2001:db8:1::1", "2001:db8::8000:0:0:1",
	"fe80::1", "::", "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff",
	"2001:db8:0:0:ffff::1",
};
static const u16 port_pool[] = { 0, 1, 22, 53, 80, 443, 1000, 1001, 1005,
				 65534, 65535 };
static const u8 v4_lens[] = { 0, 1, 8, 16, 24, 25, 31, 32 };
static const u8 v6_lens[] = { 0, 1, 32, 48, 64, 65, 100, 127, 128 };
static const u8 proto_pool[] = { 6, 17, 132, 1, 58, 47 };
static const u16 ethertype_pool[] = { 0x0800, 0x86dd, 0x0806, 0x88cc };
static const u8 icmp_types[] = { 0, 3, 8, 128, 135 };

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

static void pool_addr(u8 family, u8 *addr)
{
	memset(addr, 0, 16);
	if (family == 4)
		inet_pton(AF_INET, v4_pool[rn(ARRAY_LEN(v4_pool))], addr);
	else
		inet_pton(AF_INET6, v6_pool[rn(ARRAY_LEN(v6_pool))], addr);
}

static void clear_host_bits(u8 *addr, unsigned int len, unsigned int alen)
{
	unsigned int i;

	for (i = 0; i < alen; i++) {
		if (len >= 8) {
			len -= 8;
			continue;
		}
		addr[i] &= (u8)(0xff << (8 - len));
		len = 0;
	}
}

/* A frame's address: a pool address, sometimes with a bit flipped. */
static void pkt_addr(u8 family, u8 *addr)
{
	pool_addr(family, addr);
	if (chance(30)) {
		unsigned int bits = family == 4 ? 32 : 128;

		addr[rn(bits) / 8] ^= (u8)(1 << rn(8));
	}
}

/* ---- random rules ---- */

#define NSETS 4

struct world {
	struct brfw_set sets[NSETS];	/* v4, v6, both, empty */
};

static void world_init(struct world *w)
{
	struct brfw_elem e[24];
	unsigned int s, i, n;

	for (s = 0; s < NSETS; s++) {
		n = 0;
		if (s != 3) {
			for (i = 0; i < 6; i++) {
				u8 f = s == 0 ? 4 : s == 1 ? 6 : (i & 1 ? 6 : 4);

				memset(&e[n], 0, sizeof(e[n]));
				e[n].family = f;
				pool_addr(f, e[n].addr);
				e[n].len = f == 4 ? v4_lens[rn(ARRAY_LEN(v4_lens))]
						  : v6_lens[rn(ARRAY_LEN(v6_lens))];
				if (e[n].len == 0)
					e[n].len = f == 4 ? 32 : 128;
				clear_host_bits(e[n].addr, e[n].len, f == 4 ? 4 : 16);
				n++;
			}
		}
		w->sets[s].as = brfw_addrset_build(e, n);
		if (IS_ERR(w->sets[s].as)) {
			fprintf(stderr, "addrset build failed\n");
			exit(2);
		}
	}
}

static void world_free(struct world *w)
{
	unsigned int s;

	for (s = 0; s < NSETS; s++)
		brfw_addrset_free(w->sets[s].as);
}

static u8 rand_ports(struct brfw_match_range *r)
{
	unsigned int n = chance(5) ? BRFW_MAX_PORT_RANGES : 1 + rn(4), i;

	for (i = 0; i < n; i++) {
		u16 a = chance(80) ? port_pool[rn(ARRAY_LEN(port_pool))]
				   : (u16)rnd();
		u16 b = chance(60) ? a : port_pool[rn(ARRAY_LEN(port_pool))];

		if (chance(3))
			b = a;
		r[i].lo = a < b ? a : b;
		r[i].hi = a < b ? b : a;
	}
	return n;
}

static void rand_addr_match(const struct world *w, struct brfw_match_addr *a,
			    u8 *family)
{
	u8 f = *family ? *family : (chance(50) ? 4 : 6);

	memset(a, 0, sizeof(*a));
	if (chance(15)) {
		/* a set: of the rule's family if any, else any set */
		unsigned int s = *family == 4 ? (chance(50) ? 0 : 2)
			       : *family == 6 ? (chance(50) ? 1 : 2)
			       : rn(NSETS);

		a->set = &w->sets[s];
		if (chance(10))
			a->set = &w->sets[3];	/* empty */
		return;
	}
	pool_addr(f, a->addr);
	a->len = f == 4 ? v4_lens[rn(ARRAY_LEN(v4_lens))]
			: v6_lens[rn(ARRAY_LEN(v6_lens))];
	clear_host_bits(a->addr, a->len, f == 4 ? 4 : 16);
	/* Rarely, leave the family open (the kernel would set it). */
	if (*family || !chance(5))
		*family = f;
}

static void rand_match1(const struct world *w, struct brfw_match *m)
{
	memset(m, 0, sizeof(*m));
	if (chance(40))
		m->family = chance(50) ? 4 : 6;
	if (chance(12)) {
		m->present |= BRFW_M_ETHERTYPE;
		m->ethertype = ethertype_pool[rn(ARRAY_LEN(ethertype_pool))];
	}
	if (chance(10)) {
		m->present |= BRFW_M_SMAC;
		memcpy(m->smac, mac_pool[rn(ARRAY_LEN(mac_pool))], 6);
	}
	if (chance(10)) {
		m->present |= BRFW_M_DMAC;
		memcpy(m->dmac, mac_pool[rn(ARRAY_LEN(mac_pool))], 6);
	}
	if (chance(10)) {
		m->present |= BRFW_M_VLAN;
		m->vlan = 1 + rn(3);
	}
	if (chance(60)) {
		m->present |= BRFW_M_PROTO;
		m->proto = proto_pool[rn(ARRAY_LEN(proto_pool))];
		if (m->proto == 1)
			m->family = 4;
		if (m->proto == 58)
			m->family = 6;
	}
	if (chance(45)) {
		m->present |= BRFW_M_SRC;
		rand_addr_match(w, &m->src, &m->family);
	}
	if (chance(35)) {
		m->present |= BRFW_M_DST;
		rand_addr_match(w, &m->dst, &m->family);
	}
	if ((m->present & BRFW_M_PROTO) &&
	    (m->proto == 6 || m->proto == 17 || m->proto == 132)) {
		if (chance(45)) {
			m->present |= BRFW_M_SPORT;
			m->nsport = rand_ports(m->sport);
		}
		if (chance(55)) {
			m->present |= BRFW_M_DPORT;
			m->ndport = rand_ports(m->dport);
		}
		if (m->proto == 6 && chance(25)) {
			m->present |= BRFW_M_TCP_FLAGS;
			m->tcp_mask = (u8)rnd() | 0x02;
			m->tcp_flags = (u8)rnd() & m->tcp_mask;
			if (chance(3))
				m->tcp_flags |= 0x80;	/* maybe outside mask */
		}
	}
	if (chance(15)) {
		m->present |= BRFW_M_CT_STATE;
		m->ct_state = (u8)(1 + rn(BRFW_CT_F_ALL));
	}
	if ((m->present & BRFW_M_PROTO) && (m->proto == 1 || m->proto == 58) &&
	    chance(50)) {
		m->present |= BRFW_M_ICMP_TYPE;
		m->icmp_type = icmp_types[rn(ARRAY_LEN(icmp_types))];
		if (chance(50)) {
			m->present |= BRFW_M_ICMP_CODE;
			m->icmp_code = rn(3);
		}
	}
}

/* A random rule with at least min_fields matches (0: any). */
static void rand_match(const struct world *w, struct brfw_match *m,
		       unsigned int min_fields)
{
	do
		rand_match1(w, m);
	while ((unsigned int)__builtin_popcount(m->present) < min_fields);
}

static void rand_pkt(struct brfw_pkt *p)
{
	unsigned int r = rn(100);

	memset(p, 0, sizeof(*p));
	memcpy(p->smac, mac_pool[rn(ARRAY_LEN(mac_pool))], 6);
	memcpy(p->dmac, mac_pool[rn(ARRAY_LEN(mac_pool))], 6);
	if (chance(5))
		p->dmac[5] ^= 0x10;
	p->vlan = chance(50) ? 0 : rn(4);
	p->family = r < 45 ? 4 : r < 85 ? 6 : 0;
	if (p->family == 4)
		p->ethertype = 0x0800;
	else if (p->family == 6)
		p->ethertype = 0x86dd;
	else
		p->ethertype = chance(70) ? 0x0806 : 0x88cc;
	if (chance(3))
		p->ethertype = ethertype_pool[rn(ARRAY_LEN(ethertype_pool))];
	if (!p->family)
		return;
	/* one state bit, or untracked */
	p->ct = chance(20) ? 0 : (u8)(1U << rn(4));
	pkt_addr(p->family, p->saddr);
	pkt_addr(p->family, p->daddr);
	p->proto = proto_pool[rn(ARRAY_LEN(proto_pool))];
	if (chance(8))
		p->proto = p->family == 4 ? 58 : 1;	/* the other ICMP */
	p->frag = chance(15);
	if (p->frag && !chance(10))
		return;		/* usually no L4 fields in a fragment */
	switch (p->proto) {
	case 6: case 17: case 132:
		p->sport = chance(75) ? port_pool[rn(ARRAY_LEN(port_pool))]
				      : (u16)rnd();
		p->dport = chance(75) ? port_pool[rn(ARRAY_LEN(port_pool))]
				      : (u16)rnd();
		if (p->proto == 6)
			p->tcp_flags = chance(50) ? 0x02 : (u8)rnd();
		break;
	case 1: case 58:
		p->icmp_type = icmp_types[rn(ARRAY_LEN(icmp_types))];
		p->icmp_code = rn(3);
		break;
	}
	if (chance(5)) {	/* garbage in fields that don't apply */
		p->sport = (u16)rnd();
		p->icmp_type = (u8)rnd();
		p->tcp_flags = (u8)rnd();
	}
}

/* ---- the reference: a linear first-match scan ---- */

/* The rule a fragment sees in the frag view, or NULL. */
static const struct brfw_match *frag_rule(const struct brfw_cls_rule *r,
					  struct brfw_match *tmp)
{
	if (!(r->m->present & BRFW_M_L4))
		return r->m;
	if (!r->stops)
		return NULL;
	*tmp = *r->m;
	tmp->present &= ~BRFW_M_L4;
	return tmp;
}

static u32 linear(const struct brfw_cls_rule *rules, unsigned int n,
		  const struct brfw_pkt *p, bool frag_view)
{
	u32 best = BRFW_CLS_NOMATCH;
	struct brfw_match tmp;
	unsigned int i;

	for (i = 0; i < n; i++) {
		const struct brfw_match *m = rules[i].m;

		if (rules[i].prio >= best)
			continue;
		if (frag_view)
			m = frag_rule(&rules[i], &tmp);
		if (m && brfw_match_pkt(m, p))
			best = rules[i].prio;
	}
	return best;
}

static void dump_pkt(const struct brfw_pkt *p)
{
	char s[64], d[64];

	inet_ntop(p->family == 6 ? AF_INET6 : AF_INET, p->saddr, s, sizeof(s));
	inet_ntop(p->family == 6 ? AF_INET6 : AF_INET, p->daddr, d, sizeof(d));
	tap_diag("  pkt: fam %u eth 0x%04x vlan %u proto %u frag %u %s:%u > "
		 "%s:%u icmp %u/%u flags 0x%02x", p->family, p->ethertype,
		 p->vlan, p->proto, p->frag, s, p->sport, d, p->dport,
		 p->icmp_type, p->icmp_code, p->tcp_flags);
}

static void dump_rule(const struct brfw_cls_rule *r)
{
	const struct brfw_match *m = r->m;

	tap_diag("  rule prio %u stops %d: present 0x%x fam %u proto %u "
		 "eth 0x%04x vlan %u src len %u set %d dst len %u set %d "
		 "nsport %u ndport %u flags 0x%02x/0x%02x", r->prio, r->stops,
		 m->present, m->family, m->proto, m->ethertype, m->vlan,
		 m->src.len, !!m->src.set, m->dst.len, !!m->dst.set,
		 m->nsport, m->ndport, m->tcp_flags, m->tcp_mask);
}

/* Shuffle the rules (build takes any order); prio = sequence position. */
static void shuffle(struct brfw_cls_rule *r, unsigned int n)
{
	unsigned int i;

	for (i = n; i > 1; i--) {
		unsigned int j = rn(i);
		struct brfw_cls_rule t = r[i - 1];

		r[i - 1] = r[j];
		r[j] = t;
	}
}

struct agree_stats {
	unsigned long lookups, matched, deep, mismatches;
};

/* Compare the classifier with the linear scan on npkts frames. */
static bool agree(const struct brfw_cls_rule *rules, unsigned int n,
		  unsigned int npkts, bool frag_view, struct agree_stats *st)
{
	struct brfw_cls *cls = brfw_cls_build(rules, n, frag_view);
	unsigned int i, k;
	bool ok = true;

	if (IS_ERR(cls)) {
		tap_diag("build failed: %ld", PTR_ERR(cls));
		return false;
	}
	for (i = 0; i < npkts; i++) {
		struct brfw_pkt p;
		u32 want, got;

		rand_pkt(&p);
		if (frag_view && p.family)
			p.frag = 1;
		want = linear(rules, n, &p, frag_view);
		got = brfw_cls_lookup(cls, &p);
		st->lookups++;
		st->matched += want != BRFW_CLS_NOMATCH;
		st->deep += want != BRFW_CLS_NOMATCH && want > 0;
		if (want == got)
			continue;
		if (!st->mismatches++) {
			tap_diag("mismatch: %u rules, frag_view %d: want %d got %d",
				 n, frag_view, (int)want, (int)got);
			dump_pkt(&p);
			for (k = 0; k < n; k++)
				if (rules[k].prio == want || rules[k].prio == got)
					dump_rule(&rules[k]);
		}
		ok = false;
	}
	brfw_cls_free(cls);
	return ok;
}

static void test_random(const char *what, unsigned int sets,
			unsigned int max_rules, unsigned int min_fields,
			unsigned int npkts)
{
	struct brfw_match *m = calloc(max_rules, sizeof(*m));
	struct brfw_cls_rule *r = calloc(max_rules, sizeof(*r));
	struct agree_stats st[2] = { { 0 } };
	struct world w;
	unsigned int s, i, n, v;

	world_init(&w);
	for (s = 0; s < sets; s++) {
		n = 1 + rn(max_rules);
		for (i = 0; i < n; i++) {
			rand_match(&w, &m[i], min_fields);
			r[i].m = &m[i];
			r[i].prio = i;
			r[i].stops = chance(50);
		}
		/* sometimes a copy of an earlier rule, or a catch-all */
		if (n > 2 && chance(30))
			m[n - 1] = m[rn(n - 1)];
		if (n > 2 && chance(10) && !min_fields)
			memset(&m[n - 2], 0, sizeof(m[n - 2]));
		shuffle(r, n);
		for (v = 0; v < 2; v++)
			agree(r, n, npkts, v, &st[v]);
	}
	for (v = 0; v < 2; v++)
		tap_ok(!st[v].mismatches && st[v].matched > st[v].lookups / 10,
		       "cls %s%s: %u rule sets of 1..%u rules, %lu lookups "
		       "(%lu matched, %lu past the first rule) agree with a "
		       "linear scan", what, v ? " (frag view)" : "", sets,
		       max_rules, st[v].lookups, st[v].matched, st[v].deep);
	world_free(&w);
	free(m);
	free(r);
}

/* ---- edge cases ---- */

static void mk_v4(u8 *a, const char *s)
{
	memset(a, 0, 16);
	inet_pton(AF_INET, s, a);
}

static void mk_v6(u8 *a, const char *s)
{
	memset(a, 0, 16);
	inet_pton(AF_INET6, s, a);
}

static struct brfw_pkt tcp4(const char *src, const char *dst, u16 sport,
			    u16 dport)
{
	struct brfw_pkt p;

	memset(&p, 0, sizeof(p));
	p.ethertype = 0x0800;
	p.family = 4;
	p.proto = 6;
	mk_v4(p.saddr, src);
	mk_v4(p.daddr, dst);
	p.sport = sport;
	p.dport = dport;
	p.tcp_flags = 0x02;
	return p;
}

static struct brfw_pkt tcp6(const char *src, const char *dst, u16 sport,
			    u16 dport)
{
	struct brfw_pkt p = tcp4("0.0.0.0", "0.0.0.0", sport, dport);

	p.ethertype = 0x86dd;
	p.family = 6;
	mk_v6(p.saddr, src);
	mk_v6(p.daddr, dst);
	return p;
}

/* Build one rule list, look up one frame, check both ways. */
static u32 lookup1(const struct brfw_cls_rule *r, unsigned int n,
		   const struct brfw_pkt *p, bool frag_view, bool *agreed)
{
	struct brfw_cls *cls = brfw_cls_build(r, n, frag_view);
	u32 got;

	if (IS_ERR(cls)) {
		*agreed = false;
		return BRFW_CLS_NOMATCH - 1;
	}
	got = brfw_cls_lookup(cls, p);
	if (got != linear(r, n, p, frag_view))
		*agreed = false;
	brfw_cls_free(cls);
	return got;
}

static void test_edges(void)
{
	struct brfw_match m[4];
	struct brfw_cls_rule r[4];
	struct brfw_pkt p;
	struct brfw_cls *cls;
	struct tap_point t = { false };
	bool agreed = true;

	/* n == 0 */
	cls = brfw_cls_build(NULL, 0, false);
	tap_ok(cls == NULL && brfw_cls_lookup(NULL, &p) == BRFW_CLS_NOMATCH,
	       "cls: no rules builds NULL, NULL matches nothing");

	memset(m, 0, sizeof(m));
	memset(r, 0, sizeof(r));
	r[0].m = &m[0];
	r[0].prio = 7;

	/* an empty match matches everything, IP or not, fragment or not */
	p = tcp4("1.2.3.4", "5.6.7.8", 1, 2);
	tap_check_int(&t, "empty, tcp", lookup1(r, 1, &p, false, &agreed), 7);
	p.frag = 1;
	tap_check_int(&t, "empty, frag", lookup1(r, 1, &p, true, &agreed), 7);
	memset(&p, 0, sizeof(p));
	p.ethertype = 0x0806;
	tap_check_int(&t, "empty, arp", lookup1(r, 1, &p, false, &agreed), 7);
	tap_ok(!t.failed && agreed, "cls: a rule without matches matches all");

	/* prefix length 0, 32, 128 */
	t.failed = false;
	m[0].present = BRFW_M_SRC;
	m[0].family = 4;
	m[0].src.len = 0;
	p = tcp4("1.2.3.4", "5.6.7.8", 1, 2);
	tap_check_int(&t, "v4 /0", lookup1(r, 1, &p, false, &agreed), 7);
	p = tcp6("::1", "::2", 1, 2);
	tap_check_int(&t, "v4 /0, v6 frame", lookup1(r, 1, &p, false, &agreed),
		      BRFW_CLS_NOMATCH);
	m[0].family = 0;	/* /0 without a family: any IP frame */
	tap_check_int(&t, "/0 no family, v6 frame",
		      lookup1(r, 1, &p, false, &agreed), 7);
	memset(&p, 0, sizeof(p));
	tap_check_int(&t, "/0 no family, non-IP frame",
		      lookup1(r, 1, &p, false, &agreed), BRFW_CLS_NOMATCH);
	m[0].family = 4;
	m[0].src.len = 32;
	mk_v4(m[0].src.addr, "10.1.2.3");
	p = tcp4("10.1.2.3", "5.6.7.8", 1, 2);
	tap_check_int(&t, "v4 /32", lookup1(r, 1, &p, false, &agreed), 7);
	p.saddr[3] ^= 1;
	tap_check_int(&t, "v4 /32 last bit", lookup1(r, 1, &p, false, &agreed),
		      BRFW_CLS_NOMATCH);
	m[0].family = 6;
	m[0].src.len = 128;
	mk_v6(m[0].src.addr, "2001:db8::7");
	p = tcp6("2001:db8::7", "::2", 1, 2);
	tap_check_int(&t, "v6 /128", lookup1(r, 1, &p, false, &agreed), 7);
	p.saddr[15] ^= 1;
	tap_check_int(&t, "v6 /128 last bit", lookup1(r, 1, &p, false, &agreed),
		      BRFW_CLS_NOMATCH);
	m[0].src.len = 127;
	tap_check_int(&t, "v6 /127", lookup1(r, 1, &p, false, &agreed), 7);
	tap_ok(!t.failed && agreed, "cls: prefix lengths 0, 32, 127, 128");

	/* ports 0 and 65535, lo == hi ranges, duplicates, empty lists */
	t.failed = false;
	memset(&m[0], 0, sizeof(m[0]));
	m[0].present = BRFW_M_PROTO | BRFW_M_DPORT | BRFW_M_SPORT;
	m[0].proto = 6;
	m[0].nsport = 1;
	m[0].sport[0].lo = 0;
	m[0].sport[0].hi = 65535;
	m[0].ndport = 3;
	m[0].dport[0].lo = m[0].dport[0].hi = 0;
	m[0].dport[1].lo = m[0].dport[1].hi = 65535;
	m[0].dport[2].lo = m[0].dport[2].hi = 65535;	/* duplicate */
	p = tcp4("1.1.1.1", "2.2.2.2", 65535, 0);
	tap_check_int(&t, "dport 0", lookup1(r, 1, &p, false, &agreed), 7);
	p.dport = 65535;
	tap_check_int(&t, "dport 65535", lookup1(r, 1, &p, false, &agreed), 7);
	p.dport = 1;
	tap_check_int(&t, "dport 1", lookup1(r, 1, &p, false, &agreed),
		      BRFW_CLS_NOMATCH);
	p.dport = 65534;
	tap_check_int(&t, "dport 65534", lookup1(r, 1, &p, false, &agreed),
		      BRFW_CLS_NOMATCH);
	m[0].dport[2].lo = 100;		/* now a real range beside them */
	m[0].dport[2].hi = 200;
	p.dport = 150;
	tap_check_int(&t, "range with exact ports",
		      lookup1(r, 1, &p, false, &agreed), 7);
	p.dport = 0;
	tap_check_int(&t, "exact port beside a range",
		      lookup1(r, 1, &p, false, &agreed), 7);
	p.dport = 201;
	tap_check_int(&t, "past the range", lookup1(r, 1, &p, false, &agreed),
		      BRFW_CLS_NOMATCH);
	m[0].ndport = 0;		/* an empty list matches nothing */
	tap_check_int(&t, "empty list", lookup1(r, 1, &p, false, &agreed),
		      BRFW_CLS_NOMATCH);
	p.frag = 1;	/* ... but a stopping rule in the frag view does */
	r[0].stops = true;
	tap_check_int(&t, "frag view, stops", lookup1(r, 1, &p, true, &agreed),
		      7);
	r[0].stops = false;
	tap_check_int(&t, "frag view, accepts",
		      lookup1(r, 1, &p, true, &agreed), BRFW_CLS_NOMATCH);
	tap_check_int(&t, "fragment, normal view",
		      lookup1(r, 1, &p, false, &agreed), BRFW_CLS_NOMATCH);
	tap_ok(!t.failed && agreed,
	       "cls: ports 0/65535, lo == hi, duplicates, empty list, frags");

	/* identical rules: the lower prio wins, whatever the order */
	t.failed = false;
	memset(m, 0, sizeof(m));
	m[0].present = BRFW_M_PROTO | BRFW_M_DPORT;
	m[0].proto = 17;
	m[0].ndport = 1;
	m[0].dport[0].lo = m[0].dport[0].hi = 53;
	m[1] = m[0];
	m[2] = m[0];
	r[0].m = &m[0];
	r[0].prio = 30;
	r[1].m = &m[1];
	r[1].prio = 10;
	r[2].m = &m[2];
	r[2].prio = 20;
	p = tcp4("1.1.1.1", "2.2.2.2", 9, 53);
	p.proto = 17;
	tap_check_int(&t, "dup rules", lookup1(r, 3, &p, false, &agreed), 10);
	/* tcp flags: SYN without ACK; flags outside the mask never match */
	memset(m, 0, sizeof(m));
	m[0].present = BRFW_M_PROTO | BRFW_M_TCP_FLAGS;
	m[0].proto = 6;
	m[0].tcp_flags = 0x02;
	m[0].tcp_mask = 0x12;
	r[0].prio = 1;
	p = tcp4("1.1.1.1", "2.2.2.2", 9, 80);
	p.tcp_flags = 0x02 | 0x08;
	tap_check_int(&t, "syn", lookup1(r, 1, &p, false, &agreed), 1);
	p.tcp_flags = 0x12;
	tap_check_int(&t, "syn+ack", lookup1(r, 1, &p, false, &agreed),
		      BRFW_CLS_NOMATCH);
	m[0].tcp_flags = 0x03;
	p.tcp_flags = 0x03;
	tap_check_int(&t, "flags outside mask",
		      lookup1(r, 1, &p, false, &agreed), BRFW_CLS_NOMATCH);
	tap_ok(!t.failed && agreed, "cls: duplicate rules, tcp flags");

	/* macs, vlan, ether-type on a non-IP frame */
	t.failed = false;
	memset(m, 0, sizeof(m));
	m[0].present = BRFW_M_ETHERTYPE | BRFW_M_SMAC | BRFW_M_VLAN;
	m[0].ethertype = 0x0806;
	memcpy(m[0].smac, mac_pool[1], 6);
	m[0].vlan = 5;
	m[1].present = BRFW_M_DMAC;
	memcpy(m[1].dmac, mac_pool[3], 6);
	r[0].m = &m[0];
	r[0].prio = 0;
	r[1].m = &m[1];
	r[1].prio = 1;
	memset(&p, 0, sizeof(p));
	p.ethertype = 0x0806;
	memcpy(p.smac, mac_pool[1], 6);
	memcpy(p.dmac, mac_pool[3], 6);
	p.vlan = 5;
	tap_check_int(&t, "arp", lookup1(r, 2, &p, false, &agreed), 0);
	p.vlan = 0;
	tap_check_int(&t, "arp untagged", lookup1(r, 2, &p, false, &agreed), 1);
	p.dmac[0] = 0;
	tap_check_int(&t, "arp unicast", lookup1(r, 2, &p, false, &agreed),
		      BRFW_CLS_NOMATCH);
	tap_ok(!t.failed && agreed, "cls: ether-type, macs, vlan");
}

/* Allocation failure at every step: -ENOMEM, nothing leaked. */
static void test_faults(void)
{
	struct brfw_match m[40];
	struct brfw_cls_rule r[40];
	struct world w;
	unsigned long k;
	long live;
	bool ok = true;
	unsigned int i, fails = 0;

	world_init(&w);
	for (i = 0; i < 40; i++) {
		rand_match(&w, &m[i], 0);
		r[i].m = &m[i];
		r[i].prio = i;
		r[i].stops = i & 1;
	}
	live = kshim_alloc_live;
	for (k = 1; ; k++) {
		struct brfw_cls *cls;

		kshim_alloc_reset(k);
		cls = brfw_cls_build(r, 40, k & 1);
		kshim_alloc_reset(0);
		if (!IS_ERR(cls)) {
			brfw_cls_free(cls);
			break;
		}
		fails++;
		if (PTR_ERR(cls) != -ENOMEM || kshim_alloc_live != live) {
			ok = false;
			tap_diag("failing allocation %lu: err %ld, leaked %ld",
				 k, PTR_ERR(cls), kshim_alloc_live - live);
		}
	}
	tap_ok(ok && fails >= 8 && kshim_alloc_live == live,
	       "cls: each of %u failing allocations gives -ENOMEM, no leak",
	       fails);

	ok = true;
	fails = 0;
	{
		struct brfw_elem e[3] = {
			{ .family = 4, .len = 8, .addr = { 10 } },
			{ .family = 6, .len = 16, .addr = { 0x20, 0x01 } },
			{ .family = 4, .len = 32, .addr = { 1, 2, 3, 4 } },
		};

		for (k = 1; ; k++) {
			struct brfw_addrset *s;

			kshim_alloc_reset(k);
			s = brfw_addrset_build(e, 3);
			kshim_alloc_reset(0);
			if (!IS_ERR(s)) {
				brfw_addrset_free(s);
				break;
			}
			fails++;
			if (PTR_ERR(s) != -ENOMEM || kshim_alloc_live != live)
				ok = false;
		}
	}
	tap_ok(ok && fails == 3 && kshim_alloc_live == live,
	       "addrset: each of %u failing allocations gives -ENOMEM, no leak",
	       fails);
	world_free(&w);
}

/* 10k-rule and 65536-rule tables: per-host rules plus ranges and lists. */
static void test_big(void)
{
	unsigned int n = 10000, i, bad = 0, hits = 0;
	struct brfw_match *m = calloc(65536, sizeof(*m));
	struct brfw_cls_rule *r = calloc(65536, sizeof(*r));
	struct brfw_cls *cls;
	struct brfw_pkt p;

	for (i = 0; i < 65536; i++) {
		m[i].present = BRFW_M_PROTO | BRFW_M_SRC | BRFW_M_DPORT;
		m[i].family = 4;
		m[i].proto = i % 7 ? 6 : 17;
		m[i].src.len = 32;
		m[i].src.addr[0] = 10;
		m[i].src.addr[1] = i >> 16;
		m[i].src.addr[2] = i >> 8;
		m[i].src.addr[3] = i;
		m[i].ndport = 1 + (i % 3 == 0) * 2;
		m[i].dport[0].lo = m[i].dport[0].hi = 1000 + i % 50;
		m[i].dport[1].lo = m[i].dport[1].hi = 443;
		m[i].dport[2].lo = 8000;
		m[i].dport[2].hi = 8000 + i % 100;
		r[i].m = &m[i];
		r[i].prio = i;
	}
	cls = brfw_cls_build(r, n, false);
	if (IS_ERR(cls)) {
		tap_ok(false, "cls: 10000 rules build");
		goto out;
	}
	for (i = 0; i < 3000; i++) {
		unsigned int h = rn(n + 100);
		u32 want, got;

		p = tcp4("10.0.0.0", "10.255.0.1", 40000, 0);
		p.saddr[1] = h >> 16;
		p.saddr[2] = h >> 8;
		p.saddr[3] = h;
		p.proto = chance(80) ? 6 : 17;
		p.dport = chance(50) ? 1000 + h % 50 :
			  chance(50) ? 443 : 8000 + rn(120);
		want = linear(r, n, &p, false);
		got = brfw_cls_lookup(cls, &p);
		hits += want != BRFW_CLS_NOMATCH;
		bad += want != got;
	}
	brfw_cls_free(cls);
	tap_ok(!bad && hits > 1000, "cls: 10000 rules agree with a linear scan "
	       "(%u of 3000 frames matched)", hits);

	cls = brfw_cls_build(r, 65536, true);
	bad = IS_ERR(cls);
	if (!bad) {
		p = tcp4("10.0.255.255", "10.255.0.1", 40000, 1000 + 65535 % 50);
		bad |= brfw_cls_lookup(cls, &p) != BRFW_CLS_NOMATCH;
		p.frag = 1;	/* the rules accept: none in the frag view */
		bad |= brfw_cls_lookup(cls, &p) != BRFW_CLS_NOMATCH;
		brfw_cls_free(cls);
	}
	for (i = 0; i < 65536; i++)
		r[i].stops = true;
	cls = brfw_cls_build(r, 65536, false);
	bad |= IS_ERR(cls);
	if (!IS_ERR(cls)) {
		p = tcp4("10.0.255.255", "10.255.0.1", 40000, 1000 + 65535 % 50);
		bad |= brfw_cls_lookup(cls, &p) != 65535;
		brfw_cls_free(cls);
	}
	tap_ok(!bad, "cls: 65536 rules build, both views");
out:
	free(m);
	free(r);
}

/* ---- address sets ---- */

static struct brfw_elem el(const char *s, u8 len)
{
	struct brfw_elem e;

	memset(&e, 0, sizeof(e));
	if (strchr(s, ':')) {
		e.family = 6;
		inet_pton(AF_INET6, s, e.addr);
	} else {
		e.family = 4;
		inet_pton(AF_INET, s, e.addr);
	}
	e.len = len;
	return e;
}

static bool in_set(const struct brfw_addrset *s, const char *a)
{
	u8 addr[16] = { 0 };

	if (strchr(a, ':')) {
		inet_pton(AF_INET6, a, addr);
		return brfw_addrset_lookup(s, 6, addr);
	}
	inet_pton(AF_INET, a, addr);
	return brfw_addrset_lookup(s, 4, addr);
}

struct set_case {
	const char *addr;
	bool in;
};

static void check_set(const struct brfw_elem *e, unsigned int n,
		      const struct set_case *c, unsigned int nc,
		      const char *what)
{
	struct brfw_addrset *s = brfw_addrset_build(e, n);
	struct tap_point t = { false };
	unsigned int i;

	if (IS_ERR(s)) {
		tap_ok(false, "%s: build", what);
		return;
	}
	for (i = 0; i < nc; i++)
		tap_check_int(&t, c[i].addr, in_set(s, c[i].addr), c[i].in);
	brfw_addrset_free(s);
	tap_ok(!t.failed, "%s", what);
}

static bool prefix_has(const struct brfw_elem *e, u8 family, const u8 *a)
{
	unsigned int len = e->len, i;

	if (e->family != family)
		return false;
	for (i = 0; len; i++) {
		u8 mb = len >= 8 ? 0xff : (u8)(0xff << (8 - len));

		if ((a[i] ^ e->addr[i]) & mb)
			return false;
		len -= len >= 8 ? 8 : len;
	}
	return true;
}

static void test_addrset(void)
{
	static const struct set_case basic[] = {
		{ "10.0.0.1", true }, { "10.0.0.2", false },
		{ "192.168.0.0", true }, { "192.168.0.255", true },
		{ "192.168.1.0", false }, { "192.167.255.255", false },
		{ "2001:db8::1", true }, { "2001:db8::2", false },
		{ "2001:db8:1::", true }, { "2001:db8:1:0:ffff:ffff:ffff:ffff", true },
		{ "2001:db8:1:1::", false }, { "::", false },
		{ "0.0.0.0", false }, { "255.255.255.255", false },
	};
	static const struct set_case adj[] = {
		{ "10.0.0.0", true }, { "10.0.0.127", true },
		{ "10.0.0.128", true }, { "10.0.0.255", true },
		{ "10.0.1.0", true }, { "10.0.1.1", false },
		{ "9.255.255.255", false }, { "10.0.0.200", true },
		{ "2001:db8::ffff:ffff:ffff:ffff", true },
		{ "2001:db8:0:1::", true }, { "2001:db8:0:1::1", false },
		{ "2001:db8:0:0:8000::", true },
	};
	static const struct set_case zero[] = {
		{ "0.0.0.0", true }, { "255.255.255.255", true },
		{ "1.2.3.4", true }, { "::", false }, { "::1", false },
	};
	static const struct set_case zero6[] = {
		{ "::", true }, { "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", true },
		{ "0.0.0.0", false }, { "10.0.0.1", false },
	};
	static const struct set_case sep[] = {
		{ "10.0.0.1", true }, { "a00::", false }, { "a00::1", false },
		{ "::ffff:10.0.0.1", false }, { "0.0.0.0", false },
		{ "::", true }, { "::1", true }, { "::2", false },
	};
	struct brfw_elem e[8];
	struct brfw_addrset *s;
	struct tap_point t = { false };

	e[0] = el("10.0.0.1", 32);
	e[1] = el("192.168.0.0", 24);
	e[2] = el("2001:db8::1", 128);
	e[3] = el("2001:db8:1::", 64);
	e[4] = el("10.0.0.1", 32);	/* duplicate */
	check_set(e, 5, basic, ARRAY_LEN(basic), "addrset: members");

	e[0] = el("10.0.0.128", 25);	/* adjacent, out of order */
	e[1] = el("10.0.0.0", 25);
	e[2] = el("10.0.1.0", 32);
	e[3] = el("10.0.0.192", 26);	/* inside */
	e[4] = el("2001:db8::8000:0:0:0", 65);
	e[5] = el("2001:db8::", 65);
	e[6] = el("2001:db8:0:1::", 128);
	check_set(e, 7, adj, ARRAY_LEN(adj),
		  "addrset: adjacent and overlapping prefixes merge");

	e[0] = el("0.0.0.0", 0);
	e[1] = el("10.0.0.0", 8);
	check_set(e, 2, zero, ARRAY_LEN(zero), "addrset: 0.0.0.0/0");
	e[0] = el("::", 0);
	e[1] = el("2001:db8::", 32);
	check_set(e, 2, zero6, ARRAY_LEN(zero6), "addrset: ::/0");

	e[0] = el("10.0.0.1", 32);
	e[1] = el("::", 127);
	check_set(e, 2, sep, ARRAY_LEN(sep), "addrset: IPv4 and IPv6 apart");

	s = brfw_addrset_build(NULL, 0);
	tap_ok(!IS_ERR(s) && !in_set(s, "0.0.0.0") && !in_set(s, "::") &&
	       !brfw_addrset_lookup(NULL, 4, e[0].addr),
	       "addrset: empty set, NULL set contain nothing");
	brfw_addrset_free(s);

	e[0] = el("10.0.0.0", 33);
	s = brfw_addrset_build(e, 1);
	tap_ok(IS_ERR(s) && PTR_ERR(s) == -EINVAL, "addrset: /33 is EINVAL");

	/* brfw_elem_cmp: family, address, length */
	e[0] = el("10.0.0.0", 8);
	e[1] = el("10.0.0.0", 16);
	e[2] = el("9.0.0.0", 8);
	e[3] = el("::", 0);
	e[4] = el("10.0.0.0", 8);
	tap_check_int(&t, "len", brfw_elem_cmp(&e[0], &e[1]), -1);
	tap_check_int(&t, "addr", brfw_elem_cmp(&e[0], &e[2]), 1);
	tap_check_int(&t, "family", brfw_elem_cmp(&e[3], &e[2]), 1);
	tap_check_int(&t, "equal", brfw_elem_cmp(&e[0], &e[4]), 0);
	tap_check_int(&t, "antisym", brfw_elem_cmp(&e[1], &e[0]), 1);
	tap_ok(!t.failed, "addrset: brfw_elem_cmp orders family, addr, len");
}

/* Random prefixes against a brute-force check. */
static void test_addrset_random(void)
{
	struct brfw_elem e[200];
	unsigned int round, i, k, bad = 0, hits = 0, total = 0;

	for (round = 0; round < 100; round++) {
		unsigned int n = rn(200);
		struct brfw_addrset *s;

		for (i = 0; i < n; i++) {
			u8 f = chance(50) ? 4 : 6;

			memset(&e[i], 0, sizeof(e[i]));
			e[i].family = f;
			pkt_addr(f, e[i].addr);
			e[i].len = f == 4 ? 20 + rn(13) : 100 + rn(29);
			if (chance(2))
				e[i].len = f == 4 ? rn(9) : rn(33);
			clear_host_bits(e[i].addr, e[i].len, f == 4 ? 4 : 16);
		}
		s = brfw_addrset_build(e, n);
		if (IS_ERR(s)) {
			bad++;
			continue;
		}
		for (k = 0; k < 200; k++) {
			u8 f = chance(50) ? 4 : 6, a[16];
			bool want = false;

			pkt_addr(f, a);
			if (chance(40)) {
				u64 x = rnd(), y = rnd();

				memcpy(a, &x, 8);
				memcpy(a + 8, &y, 8);
			} else if (n && chance(50)) {	/* near a member's edges */
				const struct brfw_elem *m = &e[rn(n)];

				memcpy(a, m->addr, 16);
				f = m->family;
				if (chance(50))
					a[(f == 4 ? 4 : 16) - 1] ^= 1;
			}
			if (f == 4)
				memset(a + 4, 0, 12);
			for (i = 0; i < n && !want; i++)
				want = prefix_has(&e[i], f, a);
			hits += want;
			total++;
			bad += brfw_addrset_lookup(s, f, a) != want;
		}
		brfw_addrset_free(s);
	}
	tap_ok(!bad && hits > total / 10,
	       "addrset: %u random lookups agree with a linear scan (%u in)",
	       total, hits);
}

/*
 * 1M members, in a scrambled order: the v4 hosts 10.0.0.0 + 4j + 1 and
 * the v6 hosts 2001::j, j < 2^19 each.
 */
static void test_addrset_big(void)
{
	const u32 half = 1U << 19;
	unsigned int n = 2 * half, i, bad = 0;
	struct brfw_elem *e = calloc(n, sizeof(*e));
	struct brfw_addrset *s;
	u8 a[16];

	for (i = 0; i < n; i++) {
		/* odd multiplier mod 2^19: a permutation */
		u32 j = ((i / 2) * 2654435761U) % half;

		if (i % 2) {
			u32 v = 4 * j + 1;

			e[i].family = 4;
			e[i].len = 32;
			e[i].addr[0] = 10;
			e[i].addr[1] = v >> 16;
			e[i].addr[2] = v >> 8;
			e[i].addr[3] = v;
		} else {
			e[i].family = 6;
			e[i].len = 128;
			e[i].addr[0] = 0x20;
			e[i].addr[1] = 0x01;
			e[i].addr[13] = j >> 16;
			e[i].addr[14] = j >> 8;
			e[i].addr[15] = j;
		}
	}
	s = brfw_addrset_build(e, n);
	free(e);
	if (IS_ERR(s)) {
		tap_ok(false, "addrset: 1M members");
		return;
	}
	for (i = 0; i < 30000; i++) {
		u32 v = rn(8 * half);	/* half of them past the members */

		memset(a, 0, sizeof(a));
		a[0] = 10;
		a[1] = v >> 16;
		a[2] = v >> 8;
		a[3] = v;
		bad += brfw_addrset_lookup(s, 4, a) !=
		       (v % 4 == 1 && v / 4 < half);
		v = rn(2 * half);
		memset(a, 0, sizeof(a));
		a[0] = 0x20;
		a[1] = 0x01;
		a[13] = v >> 16;
		a[14] = v >> 8;
		a[15] = v;
		bad += brfw_addrset_lookup(s, 6, a) != (v < half);
		a[1] = 0x02;
		bad += brfw_addrset_lookup(s, 6, a);
	}
	brfw_addrset_free(s);
	tap_ok(!bad, "addrset: 1M members (v4 and v6), 90000 lookups");
}

void test_cls(void)
{
	test_edges();
	test_random("small", 400, 12, 0, 300);
	test_random("medium", 200, 60, 0, 300);
	test_random("specific", 200, 100, 3, 400);
	test_random("large", 20, 400, 4, 1000);
	test_faults();
	test_big();
	test_addrset();
	test_addrset_random();
	test_addrset_big();
}
