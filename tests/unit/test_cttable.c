// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of conntrack-lite's flow table (kmod/ct.c) with the real
 * state machine (kmod/ct_proto.c), built in userspace through kshim/:
 * time is kshim's jiffies, moved by hand; the GC's delayed work runs when
 * a test runs it; locks check that no two are ever held at once. Ports
 * are a small array of quota owners that brfw_ct_owner_find() searches.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>

#include <linux/atomic.h>
#include <linux/bug.h>
#include <linux/errno.h>
#include <linux/jiffies.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/workqueue.h>

#include "ct.h"
#include "tap.h"
#include "test_ct.h"

void test_ct_table(void);

#define ZONE	5
#define TCP	6
#define UDP	17
#define ICMP	1
#define SYN	0x02
#define ACK	0x10
#define RST	0x04

/* ---- ports: quota owners by ifindex ---- */

#define NPORTS	8

struct tport {
	u32 ifindex;
	u32 limit;
	bool gone;		/* owner_find() no longer finds it */
	struct brfw_ct_owner owner;
};

struct tports {
	struct tport p[NPORTS];
};

static struct tports ports;

struct brfw_ct_owner *brfw_ct_owner_find(void *priv, u32 ifindex)
{
	struct tports *tp = priv;
	unsigned int i;

	for (i = 0; i < NPORTS; i++)
		if (tp->p[i].ifindex == ifindex && !tp->p[i].gone)
			return &tp->p[i].owner;
	return NULL;
}

static struct tport *port(u32 ifindex)
{
	unsigned int i;

	for (i = 0; i < NPORTS; i++)
		if (ports.p[i].ifindex == ifindex)
			return &ports.p[i];
	for (i = 0; i < NPORTS; i++)
		if (!ports.p[i].ifindex) {
			ports.p[i].ifindex = ifindex;
			return &ports.p[i];
		}
	abort();
}

static int flows_of(u32 ifindex)
{
	return atomic_read(&port(ifindex)->owner.flows);
}

static void ports_reset(void)
{
	memset(&ports, 0, sizeof(ports));
}

/* ---- packets ---- */

static void addr4(u8 *a, u32 host)
{
	u32 n = htonl(host);

	memset(a, 0, 16);
	memcpy(a, &n, 4);
}

static struct brfw_pkt ip4(u8 proto, u32 src, u32 dst, u16 sport, u16 dport)
{
	struct brfw_pkt p;

	memset(&p, 0, sizeof(p));
	p.ethertype = 0x0800;
	p.family = 4;
	p.proto = proto;
	addr4(p.saddr, src);
	addr4(p.daddr, dst);
	p.sport = sport;
	p.dport = dport;
	return p;
}

static struct brfw_pkt udp4(u32 src, u32 dst, u16 sport, u16 dport)
{
	return ip4(UDP, src, dst, sport, dport);
}

static struct brfw_pkt tcp4(u32 src, u32 dst, u16 sport, u16 dport, u8 flags)
{
	struct brfw_pkt p = ip4(TCP, src, dst, sport, dport);

	p.tcp_flags = flags;
	return p;
}

static struct brfw_pkt rev(struct brfw_pkt p)
{
	struct brfw_pkt r = p;

	memcpy(r.saddr, p.daddr, 16);
	memcpy(r.daddr, p.saddr, 16);
	r.sport = p.dport;
	r.dport = p.sport;
	return r;
}

/* An ICMP port unreachable from dst's side about packet q (src -> dst). */
static struct brfw_pkt unreach4(const struct brfw_pkt *q, u32 from)
{
	struct brfw_pkt p = ip4(ICMP, from, 0, 0, 0);

	memcpy(p.daddr, q->saddr, 16);
	p.icmp_type = 3;
	p.icmp_code = 3;
	p.inner.valid = 1;
	p.inner.proto = q->proto;
	p.inner.sport = q->sport;
	p.inner.dport = q->dport;
	memcpy(p.inner.saddr, q->saddr, 16);
	memcpy(p.inner.daddr, q->daddr, 16);
	return p;
}

/* ---- a port's hook, reduced to the table calls ---- */

struct res {
	bool keyed;
	bool fast;		/* accepted by the fast path */
	int err;		/* of commit */
	struct brfw_ct_hit hit;
};

struct hookctx {
	u32 ifindex;		/* this port */
	bool in_hook;		/* 1: frames to the VM */
	u32 gen;
	u32 other;
	bool count;
	bool fast;		/* stateful on */
	bool commit;		/* the rules accept */
	u32 rule_id;
};

static struct res pass(struct brfw_ct_net *cn, const struct brfw_pkt *pkt,
		       const struct hookctx *h, u32 zone)
{
	struct brfw_ct_key key;
	struct res r;

	memset(&r, 0, sizeof(r));
	r.keyed = brfw_ct_key(pkt, zone, &key);
	if (!r.keyed)
		return r;
	r.fast = brfw_ct_lookup(cn, &key, pkt, h->in_hook, h->gen, h->fast,
				h->count, 100, &r.hit);
	if (!r.fast && h->commit) {
		struct tport *tp = port(h->ifindex);
		struct brfw_ct_accept acc = {
			.ifindex = h->ifindex,
			.side = brfw_ct_side(h->in_hook, r.hit.reply),
			.gen = h->gen,
			.rule_id = h->rule_id,
			.other = h->other,
			.count = h->count,
			.len = 100,
			.owner = &tp->owner,
			.limit = tp->limit,
		};

		r.err = brfw_ct_commit(cn, &key, pkt, &r.hit, &acc);
	}
	return r;
}

/* The VM behind port ifindex sends pkt (its out hook), stateful. */
static struct res vm_out(struct brfw_ct_net *cn, u32 ifindex,
			 const struct brfw_pkt *pkt)
{
	struct hookctx h = { .ifindex = ifindex, .in_hook = false, .gen = 1,
			     .count = true, .fast = true, .commit = true };

	return pass(cn, pkt, &h, ZONE);
}

/* pkt goes to the VM behind port ifindex (its in hook), stateful. */
static struct res vm_in(struct brfw_ct_net *cn, u32 ifindex,
			const struct brfw_pkt *pkt)
{
	struct hookctx h = { .ifindex = ifindex, .in_hook = true, .gen = 1,
			     .count = true, .fast = true, .commit = true };

	return pass(cn, pkt, &h, ZONE);
}

/* ---- reading the table ---- */

struct snap {
	unsigned int n;
	struct brfw_ct last;
};

static int snap_fn(void *arg, const struct brfw_ct *ct, u32 now)
{
	struct snap *s = arg;

	(void)now;
	s->n++;
	s->last = *ct;
	return 0;
}

/* The number of flows crossing ifindex (0: all); *last: one of them. */
static unsigned int table_flows(struct brfw_ct_net *cn, u32 ifindex,
				struct brfw_ct *last)
{
	struct snap s = { 0 };
	unsigned long pos = 0;

	brfw_ct_walk(cn, &pos, ifindex, snap_fn, &s);
	if (last)
		*last = s.last;
	return s.n;
}

static u32 ct_count(struct brfw_ct_net *cn)
{
	struct brfw_ct_info info;

	brfw_ct_info(cn, &info);
	return info.count;
}

/* ---- tests ---- */

static struct brfw_ct_net *table(u32 max)
{
	struct brfw_ct_net *cn;

	ports_reset();
	cn = brfw_ct_net_alloc(max, &ports);
	if (!cn) {
		tap_ok(false, "ct: table allocation");
		exit(1);
	}
	return cn;
}

static void test_basic(void)
{
	struct brfw_ct_net *cn = table(0);
	struct brfw_pkt p = udp4(0x0a000001, 0x0a000002, 1000, 53);
	struct brfw_pkt r = rev(p);
	struct tap_point t = { 0 };
	struct brfw_ct ct;
	struct res a;

	a = vm_out(cn, 10, &p);
	tap_check_int(&t, "first: keyed", a.keyed, 1);
	tap_check_int(&t, "first: no flow", a.hit.have, 0);
	tap_check_int(&t, "first: new", a.hit.step.ctstate, BRFW_CT_F_NEW);
	tap_check_int(&t, "first: created", a.err, 0);
	tap_check_int(&t, "count 1", ct_count(cn), 1);
	tap_check_int(&t, "owner charged", flows_of(10), 1);

	a = vm_out(cn, 10, &p);
	tap_check_int(&t, "again: have", a.hit.have, 1);
	tap_check_int(&t, "again: orig", a.hit.reply, 0);
	tap_check_int(&t, "again: new (unreplied)", a.hit.step.ctstate,
		      BRFW_CT_F_NEW);
	tap_check_int(&t, "again: not fast", a.fast, 0);
	tap_check_int(&t, "again: gen", a.hit.gen, 1);

	a = vm_in(cn, 10, &r);
	tap_check_int(&t, "reply: have", a.hit.have, 1);
	tap_check_int(&t, "reply: reply way", a.hit.reply, 1);
	tap_check_int(&t, "reply: established", a.hit.step.ctstate,
		      BRFW_CT_F_ESTABLISHED);
	/* The in hook of port 10 in reply = side 0, gen 1: fast. */
	tap_check_int(&t, "reply: fast path", a.fast, 1);

	a = vm_out(cn, 10, &p);
	tap_check_int(&t, "orig after reply: established",
		      a.hit.step.ctstate, BRFW_CT_F_ESTABLISHED);
	tap_check_int(&t, "orig after reply: fast", a.fast, 1);

	tap_check_int(&t, "walk: one flow", table_flows(cn, 0, &ct), 1);
	tap_check_int(&t, "state replied", ct.state, BRFW_CT_TO_UDP_REPLIED);
	tap_check_int(&t, "flags replied", ct.flags & BRFW_CTF_REPLIED,
		      BRFW_CTF_REPLIED);
	tap_check_int(&t, "owner side 0", ct.flags & BRFW_CTF_OWNER_REPLY, 0);
	tap_check_int(&t, "port[0]", ct.port[0], 10);
	tap_check_int(&t, "packets orig", ct.packets[0], 3);
	tap_check_int(&t, "bytes orig", ct.bytes[0], 300);
	tap_check_int(&t, "packets reply", ct.packets[1], 1);
	tap_check_int(&t, "bytes reply", ct.bytes[1], 100);
	tap_check_int(&t, "zone", ct.zone, ZONE);
	tap_check_int(&t, "sport", ct.sport, 1000);
	tap_check_int(&t, "dport", ct.dport, 53);
	tap_check_int(&t, "src", memcmp(ct.src, p.saddr, 16), 0);

	/* Another zone is another flow. */
	{
		struct hookctx h = { .ifindex = 11, .gen = 1, .count = true,
				     .fast = true, .commit = true };

		a = pass(cn, &p, &h, ZONE + 1);
		tap_check_int(&t, "other zone: no flow", a.hit.have, 0);
		tap_check_int(&t, "other zone: count 2", ct_count(cn), 2);
	}

	brfw_ct_net_free(cn);
	tap_ok(!t.failed, "ct: create, lookup both ways, fast path, counters");
}

static void test_gen(void)
{
	struct brfw_ct_net *cn = table(0);
	struct brfw_pkt p = tcp4(0x0a000001, 0x0a000002, 40000, 22, SYN);
	struct brfw_pkt r;
	struct tap_point t = { 0 };
	struct hookctx h = { .ifindex = 10, .gen = 1, .count = true,
			     .fast = true, .commit = true, .rule_id = 7 };
	struct brfw_ct ct;
	struct res a;

	a = pass(cn, &p, &h, ZONE);
	tap_check_int(&t, "syn creates", a.err, 0);
	r = rev(p);
	r.tcp_flags = SYN | ACK;
	h.in_hook = true;
	a = pass(cn, &r, &h, ZONE);
	tap_check_int(&t, "syn-ack established", a.hit.step.ctstate,
		      BRFW_CT_F_ESTABLISHED);
	tap_check_int(&t, "syn-ack fast", a.fast, 1);
	p.tcp_flags = ACK;
	h.in_hook = false;
	a = pass(cn, &p, &h, ZONE);
	tap_check_int(&t, "ack fast", a.fast, 1);
	table_flows(cn, 0, &ct);
	tap_check_int(&t, "tcp established", ct.state,
		      BRFW_CT_TO_TCP_ESTABLISHED);
	tap_check_int(&t, "rule id", ct.rule_id, 7);

	/* A new policy generation: not fast; the commit stores it. */
	h.gen = 2;
	h.commit = false;
	a = pass(cn, &p, &h, ZONE);
	tap_check_int(&t, "stale gen: not fast", a.fast, 0);
	tap_check_int(&t, "stale gen: hit gen", a.hit.gen, 1);
	tap_check_int(&t, "stale gen: still established", a.hit.step.ctstate,
		      BRFW_CT_F_ESTABLISHED);
	h.commit = true;
	a = pass(cn, &p, &h, ZONE);
	tap_check_int(&t, "commit at gen 2", a.err, 0);
	h.commit = false;
	a = pass(cn, &p, &h, ZONE);
	tap_check_int(&t, "gen 2: fast", a.fast, 1);
	/* Not stateful: never fast, but counted by commit. */
	h.fast = false;
	h.commit = true;
	a = pass(cn, &p, &h, ZONE);
	tap_check_int(&t, "not stateful: not fast", a.fast, 0);
	table_flows(cn, 0, &ct);
	tap_check_int(&t, "orig packets", ct.packets[0], 5);
	tap_check_int(&t, "reply packets", ct.packets[1], 1);

	/* RST closes; a SYN then reopens the flow as a new one. */
	p.tcp_flags = RST;
	a = pass(cn, &p, &h, ZONE);
	table_flows(cn, 0, &ct);
	tap_check_int(&t, "rst: close", ct.state, BRFW_CT_TO_TCP_CLOSE);
	p.tcp_flags = SYN;
	h.rule_id = 9;
	a = pass(cn, &p, &h, ZONE);
	tap_check_int(&t, "reopen: new", a.hit.step.ctstate, BRFW_CT_F_NEW);
	tap_check_int(&t, "reopen: one flow", table_flows(cn, 0, &ct), 1);
	tap_check_int(&t, "reopen: syn-sent", ct.state,
		      BRFW_CT_TO_TCP_SYN_SENT);
	tap_check_int(&t, "reopen: not replied", ct.flags & BRFW_CTF_REPLIED,
		      0);
	tap_check_int(&t, "reopen: counters restart", ct.packets[0], 1);
	tap_check_int(&t, "reopen: reply counters", ct.packets[1], 0);
	tap_check_int(&t, "reopen: rule id", ct.rule_id, 9);
	tap_check_int(&t, "reopen: still charged", flows_of(10), 1);

	brfw_ct_net_free(cn);
	tap_check_int(&t, "uncharged", flows_of(10), 0);
	tap_ok(!t.failed, "ct: tcp through the table, generations, reopen");
}

static void test_two_ports(void)
{
	struct brfw_ct_net *cn = table(0);
	struct brfw_pkt p = udp4(0x0a000001, 0x0a000002, 5000, 6000);
	struct brfw_pkt r = rev(p);
	struct hookctx out = { .ifindex = 10, .in_hook = false, .gen = 3,
			       .other = 20, .count = true, .fast = true,
			       .commit = true };
	struct hookctx in = { .ifindex = 20, .in_hook = true, .gen = 4,
			      .other = 10, .count = false, .fast = true,
			      .commit = true };
	struct tap_point t = { 0 };
	struct brfw_ct ct;
	struct res a;

	/* VM 10 -> VM 20: its out hook creates, 20's in hook sees new. */
	a = pass(cn, &p, &out, ZONE);
	tap_check_int(&t, "out: created", a.err, 0);
	a = pass(cn, &p, &in, ZONE);
	tap_check_int(&t, "in: new", a.hit.step.ctstate, BRFW_CT_F_NEW);
	tap_check_int(&t, "in: other side's gen not set yet", a.hit.gen, 0);
	/* The reply: 20's out hook (side 1), 10's in hook (side 0). */
	out.count = false;
	in.count = true;
	{
		struct hookctx o20 = in, i10 = out;

		o20.in_hook = false;
		i10.in_hook = true;
		a = pass(cn, &r, &o20, ZONE);
		tap_check_int(&t, "reply at 20: fast", a.fast, 1);
		a = pass(cn, &r, &i10, ZONE);
		tap_check_int(&t, "reply at 10: fast", a.fast, 1);
	}
	table_flows(cn, 0, &ct);
	tap_check_int(&t, "port[0]", ct.port[0], 10);
	tap_check_int(&t, "port[1]", ct.port[1], 20);
	tap_check_int(&t, "gen[0]", ct.gen[0], 3);
	tap_check_int(&t, "gen[1]", ct.gen[1], 4);
	tap_check_int(&t, "counted once each way (orig)", ct.packets[0], 1);
	tap_check_int(&t, "counted once each way (reply)", ct.packets[1], 1);
	tap_check_int(&t, "charged to the creator", flows_of(10), 1);
	tap_check_int(&t, "not to the other", flows_of(20), 0);
	tap_check_int(&t, "walk by port 20", table_flows(cn, 20, NULL), 1);
	tap_check_int(&t, "walk by port 30", table_flows(cn, 30, NULL), 0);

	/* Created at the receiver's in hook (the sender doesn't track). */
	p = udp4(0x0a000009, 0x0a000002, 5000, 6000);
	in.count = true;
	in.other = 0;
	a = pass(cn, &p, &in, ZONE);
	tap_check_int(&t, "in-created", a.err, 0);
	tap_check_int(&t, "in-created charged", flows_of(20), 1);
	{
		struct brfw_ct_key key;

		brfw_ct_key(&p, ZONE, &key);
		brfw_ct_delete(cn, &key);
	}
	tap_check_int(&t, "in-created uncharged", flows_of(20), 0);

	/* Two CPUs miss the same new flow: one flow, each counted. */
	{
		struct brfw_pkt q = udp4(0x0a000003, 0x0a000004, 1, 2);
		struct brfw_ct_key key;
		struct brfw_ct_hit h1, h2;
		struct brfw_ct_accept acc = {
			.ifindex = 10, .side = 0, .gen = 1, .count = true,
			.len = 60, .owner = &port(10)->owner,
		};

		brfw_ct_key(&q, ZONE, &key);
		brfw_ct_lookup(cn, &key, &q, 0, 1, true, true, 60, &h1);
		brfw_ct_lookup(cn, &key, &q, 0, 1, true, true, 60, &h2);
		tap_check_int(&t, "race: both miss", h1.have + h2.have, 0);
		tap_check_int(&t, "race: commit 1",
			      brfw_ct_commit(cn, &key, &q, &h1, &acc), 0);
		tap_check_int(&t, "race: commit 2",
			      brfw_ct_commit(cn, &key, &q, &h2, &acc), 0);
		tap_check_int(&t, "race: one flow", ct_count(cn), 2);
		tap_check_int(&t, "race: charged once", flows_of(10), 2);
		brfw_ct_delete(cn, &key);
	}
	brfw_ct_net_free(cn);
	tap_ok(!t.failed, "ct: VM to VM over two tracking ports");
}

static void test_related(void)
{
	struct brfw_ct_net *cn = table(0);
	struct brfw_pkt p = udp4(0x0a000001, 0x08080808, 33000, 53);
	struct brfw_pkt e = unreach4(&p, 0x0a0000fe);
	struct brfw_pkt stray = udp4(0x0a000001, 0x08080404, 33000, 53);
	struct tap_point t = { 0 };
	struct brfw_ct ct;
	struct res a;

	vm_out(cn, 10, &p);
	a = vm_in(cn, 10, &e);
	tap_check_int(&t, "error: keyed", a.keyed, 1);
	tap_check_int(&t, "error: related", a.hit.step.ctstate,
		      BRFW_CT_F_RELATED);
	tap_check_int(&t, "error: travels the reply way", a.hit.reply, 1);
	tap_check_int(&t, "error: fast", a.fast, 1);
	table_flows(cn, 0, &ct);
	tap_check_int(&t, "state unchanged", ct.state,
		      BRFW_CT_TO_UDP_UNREPLIED);
	tap_check_int(&t, "not replied", ct.flags & BRFW_CTF_REPLIED, 0);
	tap_check_int(&t, "counted as reply", ct.packets[1], 1);
	/* Not stateful: the commit counts it too, state unchanged. */
	{
		struct hookctx h = { .ifindex = 10, .in_hook = true, .gen = 1,
				     .count = true, .commit = true };

		a = pass(cn, &e, &h, ZONE);
		tap_check_int(&t, "slow: related", a.hit.step.ctstate,
			      BRFW_CT_F_RELATED);
		table_flows(cn, 0, &ct);
		tap_check_int(&t, "slow: counted", ct.packets[1], 2);
		tap_check_int(&t, "slow: state unchanged", ct.state,
			      BRFW_CT_TO_UDP_UNREPLIED);
	}
	e = unreach4(&stray, 0x0a0000fe);
	a = vm_in(cn, 10, &e);
	tap_check_int(&t, "error about no flow: invalid", a.hit.step.ctstate,
		      BRFW_CT_F_INVALID);
	tap_check_int(&t, "error about no flow: no flow made", ct_count(cn),
		      1);
	brfw_ct_net_free(cn);
	tap_ok(!t.failed, "ct: ICMP errors are related, counted, no change");
}

static void test_timeouts(void)
{
	struct brfw_ct_net *cn = table(0);
	struct brfw_pkt p = udp4(0x0a000001, 0x0a000002, 1000, 53);
	struct brfw_pkt q = tcp4(0x0a000001, 0x0a000002, 1000, 80, SYN);
	struct brfw_ct_info info;
	struct tap_point t = { 0 };
	struct res a;

	brfw_ct_info(cn, &info);
	tap_check_int(&t, "udp-unreplied default",
		      info.to.t[BRFW_CT_TO_UDP_UNREPLIED], 30);
	tap_check_int(&t, "tcp-established default",
		      info.to.t[BRFW_CT_TO_TCP_ESTABLISHED], 432000);
	tap_check_int(&t, "entry size <= 128", info.entry_size <= 128, 1);
	tap_check_int(&t, "buckets power of two",
		      info.buckets && !(info.buckets & (info.buckets - 1)), 1);

	vm_out(cn, 10, &p);
	kshim_jiffies_add(30 * HZ - 1);
	a = vm_out(cn, 10, &p);		/* refreshes: 30 s from now */
	tap_check_int(&t, "29.99 s: alive", a.hit.have, 1);
	kshim_jiffies_add(30 * HZ);
	a = vm_out(cn, 10, &p);
	tap_check_int(&t, "30 s idle: expired, recreated", a.hit.have, 0);
	tap_check_int(&t, "recreated: one flow", ct_count(cn), 1);

	/* A changed timeout applies from the next packet on. */
	brfw_ct_set_timeout(cn, BRFW_CT_TO_UDP_UNREPLIED, 5);
	brfw_ct_info(cn, &info);
	tap_check_int(&t, "set timeout",
		      info.to.t[BRFW_CT_TO_UDP_UNREPLIED], 5);
	a = vm_out(cn, 10, &p);
	kshim_jiffies_add(5 * HZ);
	{
		struct brfw_ct_key key;
		struct brfw_ct_hit hit;

		brfw_ct_key(&p, ZONE, &key);
		brfw_ct_lookup(cn, &key, &p, 0, 1, false, false, 0, &hit);
		tap_check_int(&t, "5 s timeout expired", hit.have, 0);
		tap_check_int(&t, "met expired entry freed", ct_count(cn), 0);
		tap_check_int(&t, "and uncharged", flows_of(10), 0);
	}

	/* Across the wrap of (u32)jiffies, an established TCP flow lives. */
	vm_out(cn, 10, &q);
	q = rev(q);
	q.tcp_flags = SYN | ACK;
	vm_in(cn, 10, &q);
	q = rev(q);
	q.tcp_flags = ACK;
	vm_out(cn, 10, &q);
	kshim_jiffies_add(400 * HZ);	/* kshim's jiffies wrap at 300 s */
	a = vm_out(cn, 10, &q);
	tap_check_int(&t, "established after 400 s", a.fast, 1);
	kshim_jiffies_add(432000UL * HZ - 1);
	a = vm_out(cn, 10, &q);
	tap_check_int(&t, "established after 5 days less a tick", a.fast, 1);
	kshim_jiffies_add(432000UL * HZ);
	tap_check_int(&t, "gc_all frees it", brfw_ct_gc_all(cn), 1);
	tap_check_int(&t, "empty", ct_count(cn), 0);
	brfw_ct_net_free(cn);
	tap_ok(!t.failed, "ct: timeouts expire flows (fake jiffies, wrap)");
}

static void test_gc(void)
{
	struct brfw_ct_net *cn = table(4096);	/* 1024 buckets */
	struct tap_point t = { 0 };
	struct delayed_work *dw = NULL;
	struct brfw_pkt p;
	unsigned int i, runs;
	u32 before;

	for (i = 0; i < KSHIM_MAX_WORK; i++)
		if (kshim_work[i])
			dw = kshim_work[i];
	tap_check_int(&t, "gc queued", dw != NULL, 1);
	tap_check_int(&t, "gc every HZ/4", dw ? (long)(dw->due - jiffies) : 0,
		      HZ / 4);
	for (i = 0; i < 3000; i++) {
		p = udp4(0x0a000000 + i, 0x0a100001, 1000 + i, 53);
		vm_out(cn, 10, &p);
	}
	tap_check_int(&t, "3000 flows", ct_count(cn), 3000);
	tap_check_int(&t, "charged", flows_of(10), 3000);
	/* Nothing expired: a run frees nothing, next run in HZ/4. */
	tap_check_int(&t, "run", kshim_run_delayed_work(), 1);
	tap_check_int(&t, "nothing freed", ct_count(cn), 3000);
	tap_check_int(&t, "requeued at HZ/4",
		      dw ? (long)(dw->due - jiffies) : 0, HZ / 4);
	kshim_jiffies_add(31 * HZ);
	/* A run scans 256 of 1024 buckets: about a quarter of the flows. */
	before = ct_count(cn);
	kshim_run_delayed_work();
	tap_check_int(&t, "one run is bounded",
		      ct_count(cn) > 0 && ct_count(cn) < before, 1);
	tap_check_int(&t, "mostly expired: again at the next jiffy",
		      dw ? (long)(dw->due - jiffies) : 0, 1);
	for (runs = 1; ct_count(cn) && runs < 10; runs++)
		kshim_run_delayed_work();
	tap_check_int(&t, "all freed in 4 runs", runs, 4);
	tap_check_int(&t, "uncharged", flows_of(10), 0);
	brfw_ct_net_free(cn);
	for (i = 0; i < KSHIM_MAX_WORK; i++)
		if (kshim_work[i])
			tap_check_int(&t, "work cancelled at free", 0, 1);
	tap_ok(!t.failed, "ct: GC work frees expired flows, bounded per run");
}

/*
 * One VM floods 10x its quota with unreplied flows: it stays at its
 * quota (early drop of its own unreplied flows, else ct-full), and
 * another VM's established flows all survive.
 */
static void test_quota(void)
{
	struct brfw_ct_net *cn = table(0);
	struct tap_point t = { 0 };
	struct brfw_ct_info info;
	struct brfw_pkt p, r;
	unsigned int i, full = 0, maxed = 0;
	struct res a;

	port(10)->limit = 100;
	for (i = 0; i < 50; i++) {
		p = tcp4(0x0a000014, 0x0a010000 + i, 40000 + i, 443, SYN);
		vm_out(cn, 20, &p);
		r = rev(p);
		r.tcp_flags = SYN | ACK;
		vm_in(cn, 20, &r);
	}
	tap_check_int(&t, "50 established", flows_of(20), 50);
	for (i = 0; i < 1000; i++) {
		p = udp4(0x0a00000a, 0x0a020000 + i, 2000 + i, 9);
		a = vm_out(cn, 10, &p);
		if (a.err == -ENOSPC)
			full++;
		else
			tap_check_int(&t, "flood: created or evicted",
				      a.err, 0);
		if ((u32)flows_of(10) > 100)
			maxed++;
	}
	tap_check_int(&t, "flooder never above quota", maxed, 0);
	tap_check_int(&t, "flooder at quota", flows_of(10), 100);
	brfw_ct_info(cn, &info);
	tap_check_int(&t, "drops = early + full",
		      info.early_drops + info.full_drops, 900);
	tap_check_int(&t, "full drops counted", info.full_drops, full);
	tap_diag("quota: %llu early drops, %llu full drops",
		 (unsigned long long)info.early_drops,
		 (unsigned long long)info.full_drops);
	tap_check_int(&t, "victim's flows all there", flows_of(20), 50);
	for (i = 0; i < 50; i++) {
		p = tcp4(0x0a000014, 0x0a010000 + i, 40000 + i, 443, ACK);
		a = vm_out(cn, 20, &p);
		if (!a.fast)
			tap_check_int(&t, "victim flow established", i, -1);
	}
	brfw_ct_net_free(cn);
	tap_ok(!t.failed, "ct: port quota, early drop of the flooder's flows");
}

/* The table's max: unreplied flows of anyone go, established stay. */
static void test_global_max(void)
{
	struct brfw_ct_net *cn = table(0);
	struct tap_point t = { 0 };
	struct brfw_ct_info info;
	struct brfw_pkt p, r;
	unsigned int i, over = 0;
	struct res a;

	brfw_ct_set_max(cn, 200);
	for (i = 0; i < 150; i++) {
		p = udp4(0x0a000014, 0x0a010000 + i, 3000, 53);
		vm_out(cn, 20, &p);
		r = rev(p);
		vm_in(cn, 20, &r);
	}
	for (i = 0; i < 2000; i++) {
		p = udp4(0x0a00000b, 0x0a020000 + i, 2000 + i, 9);
		a = vm_out(cn, 11, &p);
		if (ct_count(cn) > 200)
			over++;
		if (a.err && a.err != -ENOSPC)
			tap_check_int(&t, "flood: err", a.err, 0);
	}
	tap_check_int(&t, "never above max", over, 0);
	tap_check_int(&t, "replied flows all there", flows_of(20), 150);
	brfw_ct_info(cn, &info);
	tap_check_int(&t, "max reported", info.max, 200);
	tap_check_int(&t, "early drops happened", info.early_drops > 0, 1);
	tap_diag("max: %llu early drops, %llu full drops",
		 (unsigned long long)info.early_drops,
		 (unsigned long long)info.full_drops);

	/* Nothing evictable: ct-full. */
	brfw_ct_flush(cn, 11);
	brfw_ct_set_max(cn, 150);
	p = udp4(0x0a00000b, 0x0a030000, 1, 9);
	a = vm_out(cn, 11, &p);
	tap_check_int(&t, "full of replied flows: ENOSPC", a.err, -ENOSPC);
	brfw_ct_info(cn, &info);
	tap_check_int(&t, "full drop counted", info.full_drops > 0, 1);
	tap_check_int(&t, "count unchanged", info.count, 150);
	tap_check_int(&t, "flooder has none", flows_of(11), 0);
	/* Not even its own quota's flows evict established ones. */
	port(20)->limit = 150;
	p = udp4(0x0a000014, 0x0a030000, 1, 9);
	a = vm_out(cn, 20, &p);
	tap_check_int(&t, "quota of replied flows: ENOSPC", a.err, -ENOSPC);
	brfw_ct_net_free(cn);
	tap_ok(!t.failed, "ct: table max, replied flows stay, ct-full");
}

static void test_flush_delete(void)
{
	struct brfw_ct_net *cn = table(0);
	struct tap_point t = { 0 };
	struct brfw_ct_key key;
	struct brfw_pkt p;
	unsigned int i;
	struct res a;

	for (i = 0; i < 100; i++) {
		p = udp4(0x0a000001, 0x0a010000 + i, 1, 2);
		vm_out(cn, 10, &p);
		p = udp4(0x0a000002, 0x0a010000 + i, 1, 2);
		vm_out(cn, 20, &p);
	}
	tap_check_int(&t, "200 flows", ct_count(cn), 200);
	brfw_ct_flush(cn, 10);
	tap_check_int(&t, "flush port 10", ct_count(cn), 100);
	tap_check_int(&t, "port 10 uncharged", flows_of(10), 0);
	tap_check_int(&t, "port 20 kept", flows_of(20), 100);
	tap_check_int(&t, "walk port 10", table_flows(cn, 10, NULL), 0);
	brfw_ct_flush(cn, 0);
	tap_check_int(&t, "flush all", ct_count(cn), 0);
	tap_check_int(&t, "port 20 uncharged", flows_of(20), 0);

	/* Delete by key, in either direction. */
	p = udp4(0x0a000001, 0x0a000002, 7, 8);
	vm_out(cn, 10, &p);
	p = rev(p);
	brfw_ct_key(&p, ZONE, &key);
	tap_check_int(&t, "delete reversed key", brfw_ct_delete(cn, &key), 0);
	tap_check_int(&t, "deleted", ct_count(cn), 0);
	tap_check_int(&t, "delete again: ENOENT", brfw_ct_delete(cn, &key),
		      -ENOENT);
	/* Zone 0: any zone (here two). */
	p = udp4(0x0a000001, 0x0a000002, 7, 8);
	{
		struct hookctx h = { .ifindex = 10, .gen = 1, .count = true,
				     .commit = true };

		pass(cn, &p, &h, 3);
		pass(cn, &p, &h, 4);
		a = pass(cn, &p, &h, 5);
		(void)a;
	}
	p = udp4(0x0a000001, 0x0a000003, 7, 8);	/* another flow */
	vm_out(cn, 10, &p);
	tap_check_int(&t, "4 flows", ct_count(cn), 4);
	p = udp4(0x0a000002, 0x0a000001, 8, 7);
	brfw_ct_key(&p, 0, &key);
	tap_check_int(&t, "delete any zone", brfw_ct_delete(cn, &key), 0);
	tap_check_int(&t, "three zones' flows gone", ct_count(cn), 1);
	tap_check_int(&t, "owner uncharged", flows_of(10), 1);
	tap_check_int(&t, "any zone again: ENOENT", brfw_ct_delete(cn, &key),
		      -ENOENT);

	/* A gone owner: freeing finds none, uncharges nothing, no crash. */
	port(10)->gone = true;
	brfw_ct_flush(cn, 0);
	tap_check_int(&t, "gone owner: freed", ct_count(cn), 0);
	tap_check_int(&t, "gone owner: not uncharged", flows_of(10), 1);
	port(10)->gone = false;
	atomic_set(&port(10)->owner.flows, 0);

	/* A dead owner creates nothing. */
	port(10)->owner.dead = true;
	p = udp4(0x0a000001, 0x0a000009, 7, 8);
	a = vm_out(cn, 10, &p);
	tap_check_int(&t, "dead owner: commit ok", a.err, 0);
	tap_check_int(&t, "dead owner: no flow", ct_count(cn), 0);
	tap_check_int(&t, "dead owner: not charged", flows_of(10), 0);
	brfw_ct_net_free(cn);
	tap_ok(!t.failed, "ct: flush by port, delete by key (any zone), owner");
}

/*
 * A dump in messages of at most MSG_FLOWS flows: a message full in the
 * middle of a bucket drops what it had of that bucket; the next call
 * restarts the bucket. Every flow is seen exactly once.
 */
#define WALK_FLOWS	5000
#define MSG_FLOWS	24

struct dump {
	unsigned long *pos;
	unsigned int in_msg;		/* flows in this message */
	unsigned long msg_bucket[MSG_FLOWS];	/* the bucket of each */
	u16 msg_id[MSG_FLOWS];
	unsigned char seen[WALK_FLOWS];
	unsigned int dup, calls, restarts;
	u32 ifindex_bad;
};

static int dump_fn(void *arg, const struct brfw_ct *ct, u32 now)
{
	struct dump *d = arg;

	(void)now;
	if (d->in_msg == MSG_FLOWS)
		return -EMSGSIZE;
	d->msg_bucket[d->in_msg] = *d->pos;
	d->msg_id[d->in_msg] = ct->sport;
	d->in_msg++;
	return 0;
}

static void test_walk(void)
{
	struct brfw_ct_net *cn = table(4096);	/* 1024 buckets, ~5 deep */
	struct tap_point t = { 0 };
	unsigned long pos = 0;
	struct dump *d = calloc(1, sizeof(*d));
	unsigned int i, seen = 0;
	struct brfw_pkt p;
	int ret;

	if (!d)
		abort();
	brfw_ct_set_max(cn, 100000);
	for (i = 0; i < WALK_FLOWS; i++) {
		p = udp4(0x0a000001, 0x0b000000 + i, (u16)i, 53);
		vm_out(cn, 10, &p);
	}
	tap_check_int(&t, "flows", ct_count(cn), WALK_FLOWS);
	d->pos = &pos;
	do {
		d->in_msg = 0;
		ret = brfw_ct_walk(cn, &pos, 0, dump_fn, d);
		d->calls++;
		/* Trim the entries of the bucket the walk stopped in. */
		if (ret) {
			while (d->in_msg &&
			       d->msg_bucket[d->in_msg - 1] == pos) {
				d->in_msg--;
				d->restarts++;
			}
			if (!d->in_msg) {
				tap_check_int(&t, "bucket > message", 0, 1);
				break;
			}
		}
		for (i = 0; i < d->in_msg; i++) {
			if (d->seen[d->msg_id[i]]++)
				d->dup++;
			else
				seen++;
		}
	} while (ret);
	tap_check_int(&t, "walk ends with 0", ret, 0);
	tap_check_int(&t, "every flow seen", seen, WALK_FLOWS);
	tap_check_int(&t, "none twice", d->dup, 0);
	tap_check_int(&t, "restarted mid-bucket", d->restarts > 0, 1);
	tap_check_int(&t, "position at the end", pos, 1024);
	tap_check_int(&t, "at the end: nothing more",
		      brfw_ct_walk(cn, &pos, 0, dump_fn, d), 0);
	free(d);
	brfw_ct_net_free(cn);
	tap_ok(!t.failed, "ct: walk restarts a bucket, never a flow twice");
}

static void test_ipv6_symmetry(void)
{
	struct brfw_ct_net *cn = table(0);
	struct tap_point t = { 0 };
	struct brfw_pkt p, r;
	unsigned int i, ok = 0;
	struct res a;

	for (i = 0; i < 200; i++) {
		memset(&p, 0, sizeof(p));
		p.family = 6;
		p.ethertype = 0x86dd;
		p.proto = UDP;
		inet_pton(AF_INET6, "2001:db8::1", p.saddr);
		inet_pton(AF_INET6, "2001:db8::2", p.daddr);
		p.saddr[15] = (u8)i;
		p.daddr[14] = (u8)(i * 7);
		p.sport = (u16)(i * 131);
		p.dport = (u16)(i * 17);
		vm_out(cn, 10, &p);
		r = rev(p);
		a = vm_in(cn, 10, &r);
		ok += a.hit.have && a.hit.reply && a.fast;
	}
	tap_check_int(&t, "every reply found its flow", ok, 200);
	tap_check_int(&t, "200 flows", ct_count(cn), 200);
	/* Same address both ends, ports swapped: still one flow. */
	p = udp4(0x0a000001, 0x0a000001, 5, 6);
	vm_out(cn, 10, &p);
	r = rev(p);
	a = vm_in(cn, 10, &r);
	tap_check_int(&t, "self flow: reply", a.hit.reply, 1);
	brfw_ct_net_free(cn);
	tap_ok(!t.failed, "ct: symmetric hash (IPv6, both directions)");
}

static void test_alloc_fail(void)
{
	struct brfw_ct_net *cn = table(0);
	struct tap_point t = { 0 };
	struct brfw_pkt p = udp4(0x0a000001, 0x0a000002, 1, 2);
	long live;
	struct res a;

	live = kshim_alloc_live;
	kshim_alloc_reset(1);
	a = vm_out(cn, 10, &p);
	kshim_alloc_reset(0);
	tap_check_int(&t, "ENOMEM", a.err, -ENOMEM);
	tap_check_int(&t, "no flow", ct_count(cn), 0);
	tap_check_int(&t, "not charged", flows_of(10), 0);
	tap_check_int(&t, "nothing leaked", kshim_alloc_live, live);
	brfw_ct_net_free(cn);
	for (unsigned int n = 1; n <= 3; n++) {
		kshim_alloc_reset(n);
		cn = brfw_ct_net_alloc(0, &ports);
		kshim_alloc_reset(0);
		if (cn)
			brfw_ct_net_free(cn);
		tap_check_int(&t, "alloc failure: NULL", cn == NULL, 1);
	}
	tap_check_int(&t, "no leak after failed allocs", kshim_alloc_live,
		      live - 3);
	tap_ok(!t.failed, "ct: allocation failures");
}

static void test_many(void)
{
	struct tap_point t = { 0 };
	struct brfw_ct_net *cn;
	struct brfw_ct_info info;
	struct brfw_pkt p;
	long live = kshim_alloc_live;
	unsigned int i, bad = 0;

	tap_check_int(&t, "default max (4 GiB shim)", brfw_ct_default_max(),
		      262144);
	cn = table(0);
	brfw_ct_info(cn, &info);
	tap_check_int(&t, "default: max", info.max, 262144);
	tap_check_int(&t, "default: buckets", info.buckets, 65536);
	brfw_ct_set_max(cn, 200000);
	for (i = 0; i < 100000; i++) {
		p = tcp4(0x0a000000 + (i >> 8), 0x0b000000 + (i & 0xff),
			 (u16)(i * 3), 443, SYN);
		bad += vm_out(cn, 10 + (i & 3), &p).err != 0;
	}
	tap_check_int(&t, "100k flows created", bad, 0);
	tap_check_int(&t, "count", ct_count(cn), 100000);
	tap_check_int(&t, "charged", flows_of(10) + flows_of(11) +
		      flows_of(12) + flows_of(13), 100000);
	brfw_ct_net_free(cn);
	tap_check_int(&t, "all uncharged", flows_of(10) + flows_of(11) +
		      flows_of(12) + flows_of(13), 0);
	tap_check_int(&t, "all memory back", kshim_alloc_live, live);
	tap_check_int(&t, "one lock at a time", kshim_locks_max_held, 1);
	tap_check_int(&t, "no lock held", kshim_locks_held, 0);
	tap_ok(!t.failed, "ct: 100k flows, net_free frees all");
}

/*
 * The lookup's inline fast case walks a chain up to the first expired
 * entry and hands anything else to the general case: an established
 * flow behind a live flow of its bucket, then behind an expired one
 * (which the lookup must still free), takes the fast path with the same
 * results, both ways. Also: a packet of the established flow that is
 * not the fast case (a FIN) goes through the full state machine.
 */
static void test_fast_chain(void)
{
	struct brfw_ct_net *cn = table(1024);	/* 1024 buckets */
	struct brfw_pkt q = tcp4(0x0a000001, 0x0a000002, 1000, 80, SYN);
	struct brfw_pkt u = udp4(0x0a000003, 0x0a000004, 0, 53);
	struct tap_point t = { 0 };
	struct brfw_ct_info info;
	struct brfw_ct_key key;
	struct brfw_ct_hit hit;
	struct brfw_ct ct;
	u32 mask, bucket, sport;
	struct res a;

	brfw_ct_info(cn, &info);
	mask = info.buckets - 1;
	vm_out(cn, 10, &q);
	q = rev(q);
	q.tcp_flags = SYN | ACK;
	vm_in(cn, 10, &q);
	q = rev(q);
	q.tcp_flags = ACK;
	a = vm_out(cn, 10, &q);
	tap_check_int(&t, "established", a.fast, 1);
	bucket = a.hit.hash & mask;

	/* A UDP flow of the same bucket, inserted in front of it. */
	for (sport = 1; sport < 65536; sport++) {
		u.sport = (u16)sport;
		brfw_ct_key(&u, ZONE, &key);
		brfw_ct_lookup(cn, &key, &u, 0, 1, false, false, 0, &hit);
		if ((hit.hash & mask) == bucket)
			break;
	}
	tap_check_int(&t, "a colliding key found", sport < 65536, 1);
	a = vm_out(cn, 10, &u);
	tap_check_int(&t, "colliding flow created", a.err, 0);
	tap_check_int(&t, "same bucket", (a.hit.hash & mask) == bucket, 1);
	tap_check_int(&t, "two flows", ct_count(cn), 2);

	a = vm_out(cn, 10, &q);
	tap_check_int(&t, "behind a live flow: fast", a.fast, 1);
	tap_check_int(&t, "behind a live flow: orig", a.hit.reply, 0);
	tap_check_int(&t, "behind a live flow: established",
		      a.hit.step.ctstate, BRFW_CT_F_ESTABLISHED);

	/* The UDP flow expires (30 s); the TCP one lives on. */
	kshim_jiffies_add(31 * HZ);
	q = rev(q);
	a = vm_in(cn, 10, &q);
	tap_check_int(&t, "behind an expired flow: fast", a.fast, 1);
	tap_check_int(&t, "behind an expired flow: reply", a.hit.reply, 1);
	tap_check_int(&t, "behind an expired flow: established",
		      a.hit.step.ctstate, BRFW_CT_F_ESTABLISHED);
	tap_check_int(&t, "behind an expired flow: state",
		      a.hit.step.state, BRFW_CT_TO_TCP_ESTABLISHED);
	tap_check_int(&t, "expired entry freed", ct_count(cn), 1);
	tap_check_int(&t, "and uncharged", flows_of(10), 1);

	/* Not the fast case: a FIN moves the flow on. */
	q.tcp_flags = 0x01 | ACK;	/* FIN|ACK */
	a = vm_in(cn, 10, &q);
	tap_check_int(&t, "FIN: fast (established)", a.fast, 1);
	tap_check_int(&t, "FIN: to fin-wait", a.hit.step.state,
		      BRFW_CT_TO_TCP_FIN_WAIT);
	tap_check_int(&t, "walk: one flow", table_flows(cn, 0, &ct), 1);
	tap_check_int(&t, "flow in fin-wait", ct.state,
		      BRFW_CT_TO_TCP_FIN_WAIT);
	tap_check_int(&t, "FIN_REPLY set", ct.flags & BRFW_CTF_FIN_REPLY,
		      BRFW_CTF_FIN_REPLY);
	/* SYN, ACK, ACK out; SYN|ACK, ACK, FIN|ACK in. */
	tap_check_int(&t, "orig packets", ct.packets[0], 3);
	tap_check_int(&t, "reply packets", ct.packets[1], 3);
	brfw_ct_net_free(cn);
	tap_ok(!t.failed, "ct: fast case behind live and expired entries");
}

void test_ct_table(void)
{
	if (brfw_ct_init()) {
		tap_ok(false, "ct: brfw_ct_init");
		return;
	}
	test_basic();
	test_gen();
	test_two_ports();
	test_related();
	test_timeouts();
	test_gc();
	test_quota();
	test_global_max();
	test_flush_delete();
	test_walk();
	test_ipv6_symmetry();
	test_alloc_fail();
	test_many();
	test_fast_chain();
	brfw_ct_uninit();
	tap_ok(kshim_warnings == 0, "ct: no WARN_ON fired");
}
