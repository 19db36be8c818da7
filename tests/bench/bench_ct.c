// SPDX-License-Identifier: GPL-2.0
/*
 * conntrack-lite benchmark: kmod/ct.c (the flow table) and kmod/ct_proto.c
 * (the state machine) built in userspace through tests/unit/kshim, run
 * under callgrind by run_ct.sh.
 *
 *   bench_ct FLOWS LOOKUPS [key]   fill a table with FLOWS established
 *                                  TCP flows, then look up LOOKUPS
 *                                  packets of them (only this loop is
 *                                  collected: CALLGRIND_TOGGLE_COLLECT);
 *                                  with "key", brfw_ct_key() is in the
 *                                  loop too
 *   bench_ct FLOWS LOOKUPS loop    the same loop calling, instead of
 *                                  brfw_ct_lookup(), an empty function
 *                                  of the same arguments (not inlined):
 *                                  the loop's own cost, argument set-up,
 *                                  call and return included, which
 *                                  run_ct.sh reports and subtracts
 *   bench_ct FLOWS check           the same, checking that every lookup
 *                                  took the fast path; prints the sizes
 *
 * The table is the one of a namespace whose limit is 1048576 flows (the
 * largest default): 262144 buckets, whatever FLOWS is, so that FLOWS
 * alone changes. Packets: a fixed stream of 4096 ACKs of flows picked at
 * random, half of them in the reply direction, each looked up as the
 * hook of a stateful port does (fast path, counted, applied).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <valgrind/callgrind.h>

#include <linux/jiffies.h>
#include <linux/slab.h>

#include "ct.h"

#define NPKTS	4096
#define TABLE_MAX	1048576
#define TCP_SYN	0x02
#define TCP_ACK	0x10

static struct brfw_ct_owner owner;

struct brfw_ct_owner *brfw_ct_owner_find(void *priv, u32 ifindex)
{
	(void)priv;
	return ifindex == 10 ? &owner : NULL;
}

static u64 rng_state = 0x9e3779b97f4a7c15ULL;

static u32 rn(u32 n)
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return (u32)((rng_state * 0x2545f4914f6cdd1dULL) >> 33) % n;
}

/* Flow i: 10.a.b.c:port -> 172.16.x.y:443, spread over the addresses. */
static void flow_pkt(u32 i, bool reply, u8 flags, struct brfw_pkt *p)
{
	u32 src = htonl(0x0a000000 | (i * 2654435761u >> 8));
	u32 dst = htonl(0xac100000 | (i & 0xffff));
	u16 sport = 1024 + (u16)(i % 60000);

	memset(p, 0, sizeof(*p));
	p->ethertype = 0x0800;
	p->family = 4;
	p->proto = 6;
	p->tcp_flags = flags;
	if (!reply) {
		memcpy(p->saddr, &src, 4);
		memcpy(p->daddr, &dst, 4);
		p->sport = sport;
		p->dport = 443;
	} else {
		memcpy(p->saddr, &dst, 4);
		memcpy(p->daddr, &src, 4);
		p->sport = 443;
		p->dport = sport;
	}
}

/* The VM behind port 10 opens flow i: SYN out, SYN|ACK in, ACK out. */
static int open_flow(struct brfw_ct_net *cn, u32 i)
{
	struct brfw_ct_accept acc = {
		.ifindex = 10, .side = 0, .gen = 1, .count = true,
		.len = 74, .owner = &owner,
	};
	struct brfw_ct_hit hit;
	struct brfw_ct_key key;
	struct brfw_pkt p;
	int err;

	flow_pkt(i, false, TCP_SYN, &p);
	brfw_ct_key(&p, 1, &key);
	if (brfw_ct_lookup(cn, &key, &p, 0, 1, true, true, 74, &hit))
		return -1;
	err = brfw_ct_commit(cn, &key, &p, &hit, &acc);
	if (err)
		return err;
	flow_pkt(i, true, TCP_SYN | TCP_ACK, &p);
	brfw_ct_key(&p, 1, &key);
	if (!brfw_ct_lookup(cn, &key, &p, 1, 1, true, true, 74, &hit))
		return -1;
	flow_pkt(i, false, TCP_ACK, &p);
	brfw_ct_key(&p, 1, &key);
	if (!brfw_ct_lookup(cn, &key, &p, 0, 1, true, true, 66, &hit))
		return -1;
	return 0;
}

/*
 * The loop's cost: brfw_ct_lookup()'s arguments set up, a call and a
 * return, nothing done (noipa: the calls stay, their result unknown).
 * Its body is two instructions ("xor %eax,%eax; ret" on x86-64).
 */
__attribute__((noipa)) bool
bench_nop(struct brfw_ct_net *cn, const struct brfw_ct_key *key,
	  const struct brfw_pkt *pkt, unsigned int side, u32 gen, bool fast,
	  bool count, unsigned int len, struct brfw_ct_hit *hit);

__attribute__((noipa)) bool
bench_nop(struct brfw_ct_net *cn, const struct brfw_ct_key *key,
	  const struct brfw_pkt *pkt, unsigned int side, u32 gen, bool fast,
	  bool count, unsigned int len, struct brfw_ct_hit *hit)
{
	(void)cn; (void)key; (void)pkt; (void)side; (void)gen; (void)fast;
	(void)count; (void)len; (void)hit;
	return false;
}

int main(int argc, char **argv)
{
	static struct brfw_pkt pkts[NPKTS];
	static struct brfw_ct_key keys[NPKTS];
	static unsigned int side[NPKTS];
	struct brfw_ct_info info;
	struct brfw_ct_net *cn;
	unsigned long lookups, i, sum = 0;
	u32 flows;
	bool with_key, nop;

	if (argc < 3) {
		fprintf(stderr,
			"usage: %s FLOWS LOOKUPS [key|loop] | FLOWS check\n",
			argv[0]);
		return 2;
	}
	flows = strtoul(argv[1], NULL, 10);
	with_key = argc > 3 && !strcmp(argv[3], "key");
	nop = argc > 3 && !strcmp(argv[3], "loop");
	if (!flows || brfw_ct_init())
		return 2;
	cn = brfw_ct_net_alloc(TABLE_MAX, NULL);
	if (!cn)
		return 1;
	for (i = 0; i < flows; i++)
		if (open_flow(cn, i)) {
			fprintf(stderr, "flow %lu: not established\n", i);
			return 1;
		}
	for (i = 0; i < NPKTS; i++) {
		bool reply = rn(2);

		flow_pkt(rn(flows), reply, TCP_ACK, &pkts[i]);
		brfw_ct_key(&pkts[i], 1, &keys[i]);
		side[i] = reply;	/* reply: this port's in hook */
	}
	brfw_ct_info(cn, &info);

	if (!strcmp(argv[2], "check")) {
		unsigned long fast = 0;
		struct brfw_ct_hit hit;

		for (i = 0; i < NPKTS; i++)
			fast += brfw_ct_lookup(cn, &keys[i], &pkts[i], side[i],
					       1, true, true, 66, &hit);
		printf("%u flows: %u in table, %u buckets, entry %u bytes, "
		       "%lu of %d lookups on the fast path\n", flows,
		       info.count, info.buckets, info.entry_size, fast, NPKTS);
		brfw_ct_net_free(cn);
		brfw_ct_uninit();
		return fast == NPKTS && info.count == flows ? 0 : 1;
	}

	lookups = strtoul(argv[2], NULL, 10);
	if (nop) {
		CALLGRIND_TOGGLE_COLLECT;
		for (i = 0; i < lookups; i++) {
			unsigned int k = i & (NPKTS - 1);
			struct brfw_ct_hit hit;

			sum += bench_nop(cn, &keys[k], &pkts[k], side[k],
					 1, true, true, 66, &hit);
		}
		CALLGRIND_TOGGLE_COLLECT;
	} else if (with_key) {
		CALLGRIND_TOGGLE_COLLECT;
		for (i = 0; i < lookups; i++) {
			unsigned int k = i & (NPKTS - 1);
			struct brfw_ct_key key;
			struct brfw_ct_hit hit;

			brfw_ct_key(&pkts[k], 1, &key);
			sum += brfw_ct_lookup(cn, &key, &pkts[k], side[k], 1,
					      true, true, 66, &hit);
		}
		CALLGRIND_TOGGLE_COLLECT;
	} else {
		CALLGRIND_TOGGLE_COLLECT;
		for (i = 0; i < lookups; i++) {
			unsigned int k = i & (NPKTS - 1);
			struct brfw_ct_hit hit;

			sum += brfw_ct_lookup(cn, &keys[k], &pkts[k], side[k],
					      1, true, true, 66, &hit);
		}
		CALLGRIND_TOGGLE_COLLECT;
	}
	printf("%lu\n", sum);
	brfw_ct_net_free(cn);
	brfw_ct_uninit();
	return 0;
}
