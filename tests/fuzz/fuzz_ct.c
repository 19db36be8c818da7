// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: conntrack-lite's state machine (kmod/ct_proto.c, built
 * over tests/unit/kshim). The input is a sequence of 10-byte records, each
 * a packet (struct brfw_pkt, inner quote included) drawn from small pools
 * of addresses, ports, ICMP types and identifiers so that packets meet the
 * flow often. A one-flow model stands in for the table: each packet is
 * keyed, looked up (orig or reply way), stepped and applied, and then the
 * same packet is stepped again, as on the second port of a VM-to-VM path.
 *
 * Record bytes:
 *   0  bit 0 family (4/6), bit 1 sender (which end), bits 2-3 alternate
 *      sport/dport, bit 4 non-first fragment, bits 5-7 protocol (tcp,
 *      udp, sctp, icmp, gre, the other family's icmp, byte 5 raw, tcp)
 *   1  TCP flags
 *   2  ICMP type (bit 7: from the pool of interesting types, else raw)
 *   3  bit 0 alternate echo id; bit 1 not IP; bits 2-7 the zone
 *   4  quote: bit 0 valid, bit 1 reversed, bits 2-4 protocol, bit 5-6
 *      alternate ports
 *   5  the quote's ICMP type (as byte 2), or a raw IP protocol
 *   6  model: bit 0 forget the flow (it expired); bit 1 force the flow's
 *      state and flags to bytes 7 and 8 (anything, valid or not)
 *   7  forced state
 *   8  forced flags
 *   9  bit 0: apply the step (the port accepts the packet), else drop it
 *
 * Checked for every packet (any failure aborts):
 *  - ct-state is exactly one BRFW_CT_F_* bit for a packet with a key; a
 *    packet without one gets brfw_ct_nokey_state(): 0, new or invalid;
 *  - invalid or related: not valid, nothing created, reopened or set,
 *    state unchanged; related only for an ICMP error about a flow;
 *  - create only without a flow; reopen only for an orig TCP SYN on a
 *    flow; set_flags only flags the flow lacks, REPLIED only the reply
 *    way; a valid step's state is in range and of the packet's protocol;
 *  - established only when the flow is (or gets) replied; new on a flow
 *    only the orig way of an unreplied one (or a reopen);
 *  - the same call twice gives the same step; the step applied and
 *    taken again gives the same ct-state and state and changes nothing;
 *  - where brfw_ct_step_fast() (ct.c's lookup fast case) says yes, the
 *    step is exactly established, state unchanged, valid, nothing else.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ct.h"
#include "ct_proto.h"

#define REC	10

/* The one flow the table would hold, or none. */
struct model {
	bool have;
	struct brfw_ct_key key;
	u8 state, flags;
};

static const u8 fuzz_addr[2][16] = {
	{ 0xfd, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 10, 0, 0, 1 },
	{ 0xfd, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 10, 0, 0, 2 },
};
static const u16 fuzz_port[2][2] = { { 40000, 80 }, { 40001, 443 } };
static const u8 fuzz_protos[] = { 6, 17, 132, 1, 47, 58, 0, 6 };
static const u8 fuzz_types[] = {
	0, 3, 4, 5, 8, 11, 12, 13,		/* ICMP */
	1, 2, 3, 4, 128, 129, 133, 135,		/* ICMPv6 */
};

static void fail(const char *what)
{
	fprintf(stderr, "fuzz_ct: %s\n", what);
	abort();
}

#define CHECK(cond)	do { if (!(cond)) fail(#cond); } while (0)

static u8 fuzz_type(u8 b)
{
	if (b & 0x80)
		return fuzz_types[b % sizeof(fuzz_types)];
	return b;
}

/* The ICMP protocol of family, and the other family's. */
static u8 icmp_of(u8 family, bool other)
{
	return (family == 4) != other ? 1 : 58;
}

static void build(const u8 *r, struct brfw_pkt *p, u32 *zone)
{
	unsigned int alen, sel = r[0] >> 5, end = (r[0] >> 1) & 1;
	u8 q;

	memset(p, 0, sizeof(*p));
	p->family = (r[0] & 1) ? 6 : 4;
	alen = p->family == 4 ? 4 : 16;
	p->ethertype = p->family == 4 ? 0x0800 : 0x86dd;
	if (sel == 3 || sel == 5)
		p->proto = icmp_of(p->family, sel == 5);
	else if (sel == 6)
		p->proto = r[5];
	else
		p->proto = fuzz_protos[sel];
	memcpy(p->saddr, fuzz_addr[end] + 16 - alen, alen);
	memcpy(p->daddr, fuzz_addr[!end] + 16 - alen, alen);
	p->frag = (r[0] >> 4) & 1;
	if (!p->frag && (p->proto == 6 || p->proto == 17 || p->proto == 132)) {
		u16 cport = fuzz_port[(r[0] >> 2) & 1][0];
		u16 sport = fuzz_port[(r[0] >> 3) & 1][1];

		p->sport = end ? sport : cport;
		p->dport = end ? cport : sport;
	}
	if (!p->frag && p->proto == 6)
		p->tcp_flags = r[1];
	if (!p->frag && p->proto == icmp_of(p->family, false)) {
		p->icmp_type = fuzz_type(r[2]);
		p->icmp_id = (r[3] & 1) ? 7 : 0x1234;
	}
	if (r[3] & 2) {
		p->family = 0;
		p->proto = 0;
		p->ethertype = 0x0806;
	}
	*zone = r[3] >> 2;

	/* The quote, whatever the outer packet is (pkt.c fills it only for
	 * errors; the key must not care otherwise).
	 */
	q = r[4];
	p->inner.valid = q & 1;
	end = (q >> 1) & 1;
	sel = (q >> 2) & 7;
	if (sel == 3 || sel == 5)
		p->inner.proto = icmp_of(p->family ? p->family : 4, sel == 5);
	else if (sel == 6)
		p->inner.proto = r[5];
	else
		p->inner.proto = fuzz_protos[sel];
	memcpy(p->inner.saddr, fuzz_addr[end] + 16 - alen, alen);
	memcpy(p->inner.daddr, fuzz_addr[!end] + 16 - alen, alen);
	if (p->inner.proto == 1 || p->inner.proto == 58) {
		p->inner.icmp_type = fuzz_type(r[5]);
		p->inner.sport = (q & 0x20) ? 7 : 0x1234;
		p->inner.dport = p->inner.sport;
	} else {
		u16 cport = fuzz_port[(q >> 5) & 1][0];
		u16 sport = fuzz_port[(q >> 6) & 1][1];

		p->inner.sport = end ? sport : cport;
		p->inner.dport = end ? cport : sport;
	}
}

static void key_swap(const struct brfw_ct_key *k, struct brfw_ct_key *r)
{
	*r = *k;
	memcpy(r->src, k->dst, 16);
	memcpy(r->dst, k->src, 16);
	r->sport = k->dport;
	r->dport = k->sport;
}

static bool key_eq(const struct brfw_ct_key *a, const struct brfw_ct_key *b)
{
	return a->zone == b->zone && a->family == b->family &&
	       a->proto == b->proto && !memcmp(a->src, b->src, 16) &&
	       !memcmp(a->dst, b->dst, 16) && a->sport == b->sport &&
	       a->dport == b->dport;
}

static void lookup(const struct model *m, const struct brfw_ct_key *k,
		   bool *have, bool *reply)
{
	struct brfw_ct_key r;

	*have = false;
	*reply = false;
	if (!m->have)
		return;
	if (key_eq(&m->key, k)) {
		*have = true;
		return;
	}
	key_swap(k, &r);
	if (key_eq(&m->key, &r)) {
		*have = true;
		*reply = true;
	}
}

static void apply(struct model *m, const struct brfw_ct_key *k,
		  const struct brfw_ct_step *s)
{
	if (s->create) {
		m->have = true;
		m->key = *k;
		m->key.related = 0;
		m->state = s->state;
		m->flags = s->set_flags;
	} else if (s->reopen) {
		m->state = s->state;
		m->flags = s->set_flags;
	} else if (s->valid) {
		m->state = s->state;
		m->flags |= s->set_flags;
	}
}

static bool state_of_proto(const struct brfw_ct_key *k, u8 state)
{
	if ((k->family == 4 && k->proto == 1) ||
	    (k->family == 6 && k->proto == 58))
		return state == BRFW_CT_TO_ICMP_UNREPLIED ||
		       state == BRFW_CT_TO_ICMP_REPLIED;
	if (k->proto == 6)
		return state >= BRFW_CT_TO_TCP_SYN_SENT &&
		       state <= BRFW_CT_TO_TCP_CLOSE;
	if (k->proto == 17)
		return state == BRFW_CT_TO_UDP_UNREPLIED ||
		       state == BRFW_CT_TO_UDP_REPLIED;
	return state == BRFW_CT_TO_OTHER_UNREPLIED ||
	       state == BRFW_CT_TO_OTHER_REPLIED;
}

/* The invariants of one step s of pkt on (have, reply, state, flags). */
static void check_step(const struct brfw_pkt *p, const struct brfw_ct_key *k,
		       bool have, bool reply, u8 state, u8 flags,
		       const struct brfw_ct_step *s)
{
	const u8 known = BRFW_CTF_REPLIED | BRFW_CTF_FIN_ORIG |
			 BRFW_CTF_FIN_REPLY;
	struct brfw_ct_step again;

	CHECK(s->ctstate && !(s->ctstate & (s->ctstate - 1)) &&
	      !(s->ctstate & ~BRFW_CT_F_ALL));
	if (s->ctstate == BRFW_CT_F_INVALID ||
	    s->ctstate == BRFW_CT_F_RELATED) {
		CHECK(!s->valid && !s->create && !s->reopen && !s->set_flags);
		CHECK(s->state == (have ? state : BRFW_CT_TO_UNSPEC));
	}
	CHECK((s->ctstate == BRFW_CT_F_RELATED) <= (k->related && have));
	if (k->related)
		CHECK(s->ctstate == BRFW_CT_F_RELATED ||
		      s->ctstate == BRFW_CT_F_INVALID);
	if (!have)
		CHECK(s->ctstate == BRFW_CT_F_INVALID ||
		      (s->ctstate == BRFW_CT_F_NEW && s->create));
	if (s->create)
		CHECK(!have && s->valid && !s->reopen && !s->set_flags &&
		      s->ctstate == BRFW_CT_F_NEW);
	if (s->reopen)
		CHECK(have && !reply && k->proto == 6 &&
		      s->state == BRFW_CT_TO_TCP_SYN_SENT && !s->set_flags &&
		      s->ctstate == BRFW_CT_F_NEW && s->valid &&
		      (p->tcp_flags & 0x17) == 0x02);
	if (s->valid)
		CHECK(s->state > BRFW_CT_TO_UNSPEC &&
		      s->state < __BRFW_CT_TO_MAX &&
		      state_of_proto(k, s->state));
	CHECK(!(s->set_flags & flags) && !(s->set_flags & ~known));
	if (s->set_flags & BRFW_CTF_REPLIED)
		CHECK(reply);
	if (s->ctstate == BRFW_CT_F_ESTABLISHED)
		CHECK(s->valid && have &&
		      (reply || (flags & BRFW_CTF_REPLIED)));
	if (s->ctstate == BRFW_CT_F_NEW && have)
		CHECK(s->valid && !reply &&
		      (s->reopen || !(flags & BRFW_CTF_REPLIED)));

	brfw_ct_step(p, k, have, reply, state, flags, &again);
	CHECK(!memcmp(&again, s, sizeof(again)));

	/* The lookup's fast case (ct_proto.h) agrees with the full step. */
	if (have && brfw_ct_step_fast(p, k, reply, state, flags)) {
		struct brfw_ct_step fast = {
			.ctstate = BRFW_CT_F_ESTABLISHED,
			.state = state,
			.valid = true,
		};

		CHECK(!memcmp(&fast, s, sizeof(fast)));
	}
}

static void packet(struct model *m, const u8 *r)
{
	struct brfw_ct_step s, s2;
	struct brfw_ct_key k, k2;
	struct brfw_pkt p;
	bool have, reply;
	u8 nk, state, flags;
	u32 zone;

	if (r[6] & 1)
		m->have = false;
	if (r[6] & 2) {
		m->state = r[7];
		m->flags = r[8];
	}
	build(r, &p, &zone);
	if (!brfw_ct_key(&p, zone, &k)) {
		nk = brfw_ct_nokey_state(&p);
		CHECK(nk == 0 || nk == BRFW_CT_F_NEW ||
		      nk == BRFW_CT_F_INVALID);
		CHECK((nk == 0) == (p.family == 0 || p.frag));
		return;
	}
	CHECK(p.family && !p.frag && k.zone == zone && k.family == p.family);
	/* A key is a function of the packet alone. */
	CHECK(brfw_ct_key(&p, zone, &k2) && !memcmp(&k, &k2, sizeof(k)));

	lookup(m, &k, &have, &reply);
	state = have ? m->state : 0;
	flags = have ? m->flags : 0;
	brfw_ct_step(&p, &k, have, reply, state, flags, &s);
	check_step(&p, &k, have, reply, state, flags, &s);
	if (!(r[9] & 1))
		return;		/* the port dropped it */
	apply(m, &k, &s);

	/* The second tracking port on the path. */
	lookup(m, &k, &have, &reply);
	state = have ? m->state : 0;
	flags = have ? m->flags : 0;
	brfw_ct_step(&p, &k, have, reply, state, flags, &s2);
	check_step(&p, &k, have, reply, state, flags, &s2);
	CHECK(s2.ctstate == s.ctstate && s2.valid == s.valid);
	CHECK(!s2.create && !s2.reopen && !s2.set_flags);
	if (have)
		CHECK(s2.state == state);
	apply(m, &k, &s2);
	CHECK(!have || (m->state == state && m->flags == flags));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct model m = { 0 };
	size_t i;

	for (i = 0; i + REC <= size; i += REC)
		packet(&m, data + i);
	return 0;
}
