// SPDX-License-Identifier: GPL-2.0
/*
 * Classifier benchmark: kmod/cls.c (with match.c and addrset.c) built in
 * userspace through tests/unit/kshim, run under callgrind by run.sh.
 *
 *   bench_cls WORKLOAD LOOKUPS   build the workload's rules, then classify
 *                                LOOKUPS frames (only this loop is
 *                                collected: CALLGRIND_TOGGLE_COLLECT)
 *   bench_cls WORKLOAD LOOKUPS linear
 *                                the same with a linear first-match scan
 *                                over brfw_match_pkt(), for comparison
 *   bench_cls WORKLOAD check     compare with a linear scan over
 *                                brfw_match_pkt(), print the hit mix
 *
 * WORKLOAD: rules1, rules100, rules10000, set10, set100000.
 *
 * Rules (the shape of a host firewall for VMs): mostly per-host allows
 * "proto tcp src <distinct /32> dport <port> accept", plus per-host port
 * lists ("dport 80,443,8443"), per-host ranges ("dport 8000-8999"), UDP
 * DNS, IPv6 hosts, subnet rules and ICMP echo. The set workloads are one
 * rule "proto tcp src @hosts dport 22 accept" over a set of N hosts.
 *
 * Frames: a fixed stream of 4096: about 60% aimed at a random rule
 * (anywhere in the list), the rest misses (unknown host, closed port,
 * other protocol), which scan every candidate tuple.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <valgrind/callgrind.h>

#include <linux/err.h>

#include "match.h"
#include "cls.h"
#include "addrset.h"

struct brfw_set {
	struct brfw_addrset *as;
};

bool brfw_set_contains(const struct brfw_set *set, u8 family, const u8 *addr)
{
	return brfw_addrset_lookup(set->as, family, addr);
}

static u64 rng_state = 0x9e3779b97f4a7c15ULL;

static u32 rn(u32 n)
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return (u32)((rng_state * 0x2545f4914f6cdd1dULL) >> 33) % n;
}

#define NPKTS 4096

static const u16 tcp_ports[] = { 22, 80, 443, 3306, 5432, 8080 };

/* Host number h as 10.x.y.z (h < 2^24) or 2001:db8::h. */
static void host4(u8 *a, u32 h)
{
	memset(a, 0, 16);
	a[0] = 10;
	a[1] = h >> 16;
	a[2] = h >> 8;
	a[3] = h;
}

static void host6(u8 *a, u32 h)
{
	memset(a, 0, 16);
	a[0] = 0x20;
	a[1] = 0x01;
	a[2] = 0x0d;
	a[3] = 0xb8;
	a[13] = h >> 16;
	a[14] = h >> 8;
	a[15] = h;
}

/* Distinct hosts, scattered: an odd multiplier modulo 2^24. */
static u32 host_of(u32 i)
{
	return (i * 2654435761U + 12345) & 0xffffff;
}

static void port1(struct brfw_match_range *r, u16 lo, u16 hi)
{
	r->lo = lo;
	r->hi = hi;
}

/* Rule i of a realistic list of n. */
static void mk_rule(struct brfw_match *m, u32 i, u32 n)
{
	u32 kind = n == 1 ? 0 : rn(100);

	memset(m, 0, sizeof(*m));
	m->present = BRFW_M_PROTO | BRFW_M_SRC | BRFW_M_DPORT;
	m->family = 4;
	m->proto = 6;
	m->src.len = 32;
	host4(m->src.addr, host_of(i));
	m->ndport = 1;
	if (n == 1) {
		port1(&m->dport[0], 22, 22);
		return;
	}
	if (kind < 80) {		/* per-host allow */
		u16 p = tcp_ports[rn(6)];

		port1(&m->dport[0], p, p);
	} else if (kind < 86) {		/* per-host port list */
		m->ndport = 3;
		port1(&m->dport[0], 80, 80);
		port1(&m->dport[1], 443, 443);
		port1(&m->dport[2], 8443, 8443);
	} else if (kind < 89) {		/* per-host range */
		port1(&m->dport[0], 8000, 8999);
	} else if (kind < 93) {		/* per-host DNS */
		m->proto = 17;
		port1(&m->dport[0], 53, 53);
	} else if (kind < 97) {		/* IPv6 host */
		m->family = 6;
		m->src.len = 128;
		host6(m->src.addr, host_of(i));
		port1(&m->dport[0], 443, 443);
	} else if (kind < 99) {		/* a subnet to a service */
		m->src.len = 24;
		m->src.addr[3] = 0;
		port1(&m->dport[0], 9100, 9100);
	} else {			/* ICMP echo from a host */
		m->present = BRFW_M_PROTO | BRFW_M_SRC | BRFW_M_ICMP_TYPE;
		m->proto = 1;
		m->icmp_type = 8;
		m->ndport = 0;
	}
}

/* A frame aimed at rule m (a hit unless an earlier rule takes it). */
static void pkt_for(struct brfw_pkt *p, const struct brfw_match *m)
{
	memset(p, 0, sizeof(*p));
	p->smac[0] = 0x52;
	p->smac[5] = 1;
	p->dmac[0] = 0x52;
	p->dmac[5] = 2;
	p->family = m->family;
	p->ethertype = m->family == 4 ? 0x0800 : 0x86dd;
	p->proto = m->proto;
	memcpy(p->saddr, m->src.addr, 16);
	if (m->src.len == 24)
		p->saddr[3] = 1 + rn(250);
	if (m->family == 4)
		host4(p->daddr, 0xfffffe);
	else
		host6(p->daddr, 0xfffffe);
	if (m->proto == 1) {
		p->icmp_type = m->icmp_type;
		return;
	}
	p->sport = 32768 + rn(28000);
	if (m->ndport) {
		const struct brfw_match_range *r = &m->dport[rn(m->ndport)];

		p->dport = r->lo + rn(r->hi - r->lo + 1);
	}
	p->tcp_flags = p->proto == 6 ? 0x02 : 0;
}

/* A frame that matches no rule (with high probability). */
static void pkt_miss(struct brfw_pkt *p, const struct brfw_match *m)
{
	pkt_for(p, m);
	switch (rn(3)) {
	case 0:		/* unknown host (outside 10.0.0.0/8) */
		p->saddr[0] = 11;
		if (p->family == 6)
			p->saddr[2] = 0x0e;
		break;
	case 1:		/* closed port */
		p->dport = 1 + rn(20);
		break;
	default:	/* another protocol to the same port */
		p->proto = p->proto == 17 ? 6 : 17;
		if (p->family == 4 && rn(4) == 0) {
			p->proto = 1;
			p->icmp_type = 8;
		}
		break;
	}
}

struct workload {
	struct brfw_match *m;
	struct brfw_cls_rule *r;
	u32 n;
	struct brfw_set set;
	struct brfw_pkt pkts[NPKTS];
};

static void build_rules(struct workload *w, u32 n)
{
	u32 i;

	w->n = n;
	w->m = calloc(n, sizeof(*w->m));
	w->r = calloc(n, sizeof(*w->r));
	for (i = 0; i < n; i++) {
		mk_rule(&w->m[i], i, n);
		w->r[i].m = &w->m[i];
		w->r[i].prio = i;
	}
	for (i = 0; i < NPKTS; i++) {
		const struct brfw_match *m = &w->m[rn(n)];

		if (rn(100) < 60)
			pkt_for(&w->pkts[i], m);
		else
			pkt_miss(&w->pkts[i], m);
	}
}

static void build_set(struct workload *w, u32 members)
{
	struct brfw_elem *e = calloc(members, sizeof(*e));
	u32 i;

	for (i = 0; i < members; i++) {
		e[i].family = 4;
		e[i].len = 32;
		host4(e[i].addr, host_of(i));
	}
	w->set.as = brfw_addrset_build(e, members);
	if (IS_ERR(w->set.as)) {
		fprintf(stderr, "set build failed\n");
		exit(2);
	}
	w->n = 1;
	w->m = calloc(1, sizeof(*w->m));
	w->r = calloc(1, sizeof(*w->r));
	mk_rule(&w->m[0], 0, 1);	/* proto tcp ... dport 22 */
	w->m[0].src.set = &w->set;
	w->r[0].m = &w->m[0];
	for (i = 0; i < NPKTS; i++) {
		struct brfw_pkt *p = &w->pkts[i];

		pkt_for(p, &w->m[0]);
		if (rn(100) < 60)
			host4(p->saddr, host_of(rn(members)));	/* member */
		else if (rn(2))
			host4(p->saddr, host_of(members + rn(1000000)));
		else
			pkt_miss(p, &w->m[0]);
	}
	free(e);
}

static u32 linear(const struct workload *w, const struct brfw_pkt *p)
{
	u32 i;

	for (i = 0; i < w->n; i++)
		if (brfw_match_pkt(&w->m[i], p))
			return i;
	return BRFW_CLS_NOMATCH;
}

int main(int argc, char **argv)
{
	static struct workload w;
	struct brfw_cls *cls;
	unsigned long lookups, i, sum = 0;

	if (argc != 3 && !(argc == 4 && !strcmp(argv[3], "linear"))) {
		fprintf(stderr, "usage: %s WORKLOAD LOOKUPS [linear]|check\n",
			argv[0]);
		return 2;
	}
	if (!strncmp(argv[1], "rules", 5))
		build_rules(&w, strtoul(argv[1] + 5, NULL, 10));
	else if (!strncmp(argv[1], "set", 3))
		build_set(&w, strtoul(argv[1] + 3, NULL, 10));
	else
		return 2;
	if (!w.n)
		return 2;
	cls = brfw_cls_build(w.r, w.n, false);
	if (IS_ERR_OR_NULL(cls)) {
		fprintf(stderr, "build failed\n");
		return 1;
	}

	if (!strcmp(argv[2], "check")) {
		unsigned long hits = 0, bad = 0, first = 0;

		for (i = 0; i < NPKTS; i++) {
			u32 want = linear(&w, &w.pkts[i]);

			bad += brfw_cls_lookup(cls, &w.pkts[i]) != want;
			hits += want != BRFW_CLS_NOMATCH;
			first += want == 0;
		}
		printf("%s: %u rules, %d frames, %lu hits (%lu on the first "
		       "rule), %lu disagreements\n", argv[1], w.n, NPKTS, hits,
		       first, bad);
		brfw_cls_free(cls);
		return bad ? 1 : 0;
	}

	lookups = strtoul(argv[2], NULL, 10);
	if (argc == 4) {
		CALLGRIND_TOGGLE_COLLECT;
		for (i = 0; i < lookups; i++)
			sum += linear(&w, &w.pkts[i & (NPKTS - 1)]);
		CALLGRIND_TOGGLE_COLLECT;
		printf("%lu\n", sum);
		brfw_cls_free(cls);
		return 0;
	}
	CALLGRIND_TOGGLE_COLLECT;
	for (i = 0; i < lookups; i++)
		sum += brfw_cls_lookup(cls, &w.pkts[i & (NPKTS - 1)]);
	CALLGRIND_TOGGLE_COLLECT;
	printf("%lu\n", sum);
	brfw_cls_free(cls);
	return 0;
}
