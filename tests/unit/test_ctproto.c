// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of conntrack-lite's state machine (kmod/ct_proto.c), built in
 * userspace through the shims in kshim/. A one-flow model stands in for
 * the table (ct.c): packets are keyed, looked up in the model (orig or
 * reply direction), stepped and applied. Every step is applied twice, as
 * on a VM-to-VM path that crosses two tracking ports: the second time
 * must give the same ct-state and state and change nothing.
 */
#include <stdio.h>
#include <string.h>

#include <linux/jiffies.h>

#include "ct.h"
#include "ct_proto.h"
#include "tap.h"
#include "test_ct.h"

/* TCP flags */
#define FIN	0x01
#define SYN	0x02
#define RST	0x04
#define PSH	0x08
#define ACK	0x10
#define URG	0x20
#define ECE	0x40
#define CWR	0x80

/* ct-states */
#define NEW	BRFW_CT_F_NEW
#define EST	BRFW_CT_F_ESTABLISHED
#define REL	BRFW_CT_F_RELATED
#define INV	BRFW_CT_F_INVALID

/* flow states */
#define NONE	BRFW_CT_TO_UNSPEC
#define SS	BRFW_CT_TO_TCP_SYN_SENT
#define SR	BRFW_CT_TO_TCP_SYN_RECV
#define ES	BRFW_CT_TO_TCP_ESTABLISHED
#define FW	BRFW_CT_TO_TCP_FIN_WAIT
#define TW	BRFW_CT_TO_TCP_TIME_WAIT
#define CL	BRFW_CT_TO_TCP_CLOSE
#define UU	BRFW_CT_TO_UDP_UNREPLIED
#define UR	BRFW_CT_TO_UDP_REPLIED
#define IU	BRFW_CT_TO_ICMP_UNREPLIED
#define IR	BRFW_CT_TO_ICMP_REPLIED
#define OU	BRFW_CT_TO_OTHER_UNREPLIED
#define OR	BRFW_CT_TO_OTHER_REPLIED

/* what a step is expected to do besides state (struct ev.x) */
#define X_CREATE	1
#define X_REOPEN	2

#define O	false		/* orig direction */
#define R	true		/* reply direction */

#define ZONE	7
#define CPORT	40000		/* the client (orig) side's port */
#define SPORT	80
#define ECHO_ID	0x1234

#define N_ELEMS(a) (sizeof(a) / sizeof((a)[0]))

static const u8 addr4[2][16] = { { 10, 0, 0, 1 }, { 10, 0, 0, 2 } };
static const u8 addr6[2][16] = {
	{ 0xfd, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1 },
	{ 0xfd, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2 },
};

static unsigned int twice_count;	/* steps applied twice */

/* The one flow the table would hold, or none. */
struct model {
	bool have;
	struct brfw_ct_key key;		/* orig direction */
	u8 state, flags;
};

static void key_swap(const struct brfw_ct_key *k, struct brfw_ct_key *r)
{
	*r = *k;
	memcpy(r->src, k->dst, 16);
	memcpy(r->dst, k->src, 16);
	r->sport = k->dport;
	r->dport = k->sport;
}

/* Same flow tuple, related ignored. */
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

/* What ct.c does with a step (for an accepted packet). */
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

/*
 * Key, look up, step and apply pkt on m, then the same again; check the
 * invariants and the second pass. Returns false (and the step in *out is
 * zeroed) when the packet has no key.
 */
static bool feed(struct tap_point *t, struct model *m,
		 const struct brfw_pkt *pkt, struct brfw_ct_step *out,
		 const char *what)
{
	struct brfw_ct_step s, s2;
	struct brfw_ct_key k;
	bool have, reply;
	u8 old_state = m->state, old_flags;
	char buf[160];

	memset(out, 0, sizeof(*out));
	if (!brfw_ct_key(pkt, ZONE, &k))
		return false;
	lookup(m, &k, &have, &reply);
	brfw_ct_step(pkt, &k, have, reply, m->state, m->flags, &s);
	*out = s;

	snprintf(buf, sizeof(buf), "%s: one ct-state bit", what);
	tap_check_int(t, buf, s.ctstate && !(s.ctstate & (s.ctstate - 1)), 1);
	if (s.ctstate == INV || s.ctstate == REL) {
		snprintf(buf, sizeof(buf),
			 "%s: invalid/related changes nothing", what);
		tap_check_int(t, buf, s.valid || s.create || s.reopen ||
			      s.set_flags || s.state != (have ? old_state : 0),
			      0);
	}
	snprintf(buf, sizeof(buf), "%s: create only without a flow", what);
	tap_check_int(t, buf, s.create && have, 0);
	snprintf(buf, sizeof(buf), "%s: reopen only on a flow", what);
	tap_check_int(t, buf, s.reopen && (!have || s.create), 0);
	apply(m, &k, &s);

	/* The second port of a VM-to-VM path. */
	old_state = m->state;
	old_flags = m->flags;
	lookup(m, &k, &have, &reply);
	brfw_ct_step(pkt, &k, have, reply, m->state, m->flags, &s2);
	snprintf(buf, sizeof(buf), "%s: twice: ct-state", what);
	tap_check_int(t, buf, s2.ctstate, s.ctstate);
	snprintf(buf, sizeof(buf), "%s: twice: valid", what);
	tap_check_int(t, buf, s2.valid, s.valid);
	snprintf(buf, sizeof(buf), "%s: twice: no create/reopen/flags", what);
	tap_check_int(t, buf, s2.create || s2.reopen || s2.set_flags, 0);
	if (have) {
		snprintf(buf, sizeof(buf), "%s: twice: state", what);
		tap_check_int(t, buf, s2.state, old_state);
	}
	apply(m, &k, &s2);
	snprintf(buf, sizeof(buf), "%s: twice: model unchanged", what);
	tap_check_int(t, buf, m->state != old_state || m->flags != old_flags,
		      0);
	twice_count++;
	return true;
}

/* A packet of the test tuple: client (side 0) to server, or back. */
static struct brfw_pkt mkpkt(u8 family, u8 proto, bool reply)
{
	const u8 (*a)[16] = family == 4 ? addr4 : addr6;
	struct brfw_pkt p;

	memset(&p, 0, sizeof(p));
	p.ethertype = family == 4 ? 0x0800 : 0x86dd;
	p.family = family;
	p.proto = proto;
	memcpy(p.saddr, a[reply], 16);
	memcpy(p.daddr, a[!reply], 16);
	if (proto == 6 || proto == 17 || proto == 132) {
		p.sport = reply ? SPORT : CPORT;
		p.dport = reply ? CPORT : SPORT;
	}
	return p;
}

static struct brfw_pkt tcp(u8 family, bool reply, u8 flags)
{
	struct brfw_pkt p = mkpkt(family, 6, reply);

	p.tcp_flags = flags;
	return p;
}

static u8 icmp_proto(u8 family)
{
	return family == 4 ? 1 : 58;
}

static struct brfw_pkt icmp(u8 family, bool reply, u8 type, u16 id)
{
	struct brfw_pkt p = mkpkt(family, icmp_proto(family), reply);

	p.icmp_type = type;
	p.icmp_id = id;
	return p;
}

static u8 echo_req(u8 family)
{
	return family == 4 ? 8 : 128;
}

static u8 echo_rep(u8 family)
{
	return family == 4 ? 0 : 129;
}

/*
 * An ICMP error of type sent the way reply says, quoting q (a packet of
 * the same family, as it was sent).
 */
static struct brfw_pkt icmp_err(const struct brfw_pkt *q, bool reply,
				u8 type)
{
	struct brfw_pkt p = mkpkt(q->family, icmp_proto(q->family), reply);

	p.icmp_type = type;
	p.icmp_code = 3;
	p.inner.valid = 1;
	p.inner.proto = q->proto;
	memcpy(p.inner.saddr, q->saddr, 16);
	memcpy(p.inner.daddr, q->daddr, 16);
	if (q->proto == icmp_proto(q->family)) {
		p.inner.icmp_type = q->icmp_type;
		p.inner.sport = q->icmp_id;
		p.inner.dport = q->icmp_id;
	} else {
		p.inner.sport = q->sport;
		p.inner.dport = q->dport;
	}
	return p;
}

/* One scripted packet and what it must give. */
struct ev {
	bool reply;
	u8 flags;	/* TCP flags, or an ICMP type */
	u8 ct;		/* expected ct-state */
	u8 state;	/* expected flow state after it (NONE: no flow) */
	u8 x;		/* X_CREATE, X_REOPEN expected */
};

/* Run a TCP (proto 6), UDP/other (flags unused) or echo script. */
static void run_script(u8 family, u8 proto, const struct ev *ev, size_t n,
		       const char *name)
{
	struct tap_point t = { false };
	struct brfw_ct_step s;
	struct model m = { 0 };
	struct brfw_pkt p;
	char what[96];
	size_t i;

	for (i = 0; i < n; i++) {
		snprintf(what, sizeof(what), "event %zu", i + 1);
		if (proto == 6)
			p = tcp(family, ev[i].reply, ev[i].flags);
		else if (proto == icmp_proto(family))
			p = icmp(family, ev[i].reply, ev[i].flags, ECHO_ID);
		else
			p = mkpkt(family, proto, ev[i].reply);
		if (!feed(&t, &m, &p, &s, what)) {
			tap_check_int(&t, what, 0, 1);
			continue;
		}
		snprintf(what, sizeof(what), "event %zu: ct-state", i + 1);
		tap_check_int(&t, what, s.ctstate, ev[i].ct);
		snprintf(what, sizeof(what), "event %zu: state", i + 1);
		tap_check_int(&t, what, m.have ? m.state : NONE, ev[i].state);
		snprintf(what, sizeof(what), "event %zu: create", i + 1);
		tap_check_int(&t, what, s.create, !!(ev[i].x & X_CREATE));
		snprintf(what, sizeof(what), "event %zu: reopen", i + 1);
		tap_check_int(&t, what, s.reopen, !!(ev[i].x & X_REOPEN));
	}
	tap_ok(!t.failed, "ct_proto: %s (IPv%u)", name, family);
}

#define SCRIPT(fam, proto, name, ...)					\
	do {								\
		static const struct ev ev_[] = { __VA_ARGS__ };		\
		run_script(fam, proto, ev_, N_ELEMS(ev_), name);	\
	} while (0)

/* The handshake every longer TCP script starts with. */
#define HS	{ O, SYN, NEW, SS, X_CREATE }, { R, SYN | ACK, EST, SR, 0 }, \
		{ O, ACK, EST, ES, 0 }

static void test_tcp_scripts(u8 fam)
{
	SCRIPT(fam, 6, "tcp: handshake, data, FIN orig first", HS,
	       { O, PSH | ACK, EST, ES, 0 }, { R, PSH | ACK, EST, ES, 0 },
	       { O, FIN | ACK, EST, FW, 0 }, { R, ACK, EST, FW, 0 },
	       { R, FIN | ACK, EST, TW, 0 }, { O, ACK, EST, TW, 0 },
	       { R, FIN | ACK, EST, TW, 0 }, { O, ACK, EST, TW, 0 });
	SCRIPT(fam, 6, "tcp: FIN reply first", HS,
	       { R, FIN | ACK | PSH, EST, FW, 0 }, { O, ACK, EST, FW, 0 },
	       { R, FIN | ACK, EST, FW, 0 }, { O, FIN | ACK, EST, TW, 0 },
	       { R, ACK, EST, TW, 0 });
	SCRIPT(fam, 6, "tcp: FIN retransmitted stays fin-wait", HS,
	       { O, FIN | ACK, EST, FW, 0 }, { O, FIN | ACK, EST, FW, 0 },
	       { O, ACK, EST, FW, 0 }, { R, FIN | ACK, EST, TW, 0 });
	SCRIPT(fam, 6, "tcp: retransmitted SYN and SYN|ACK",
	       { O, SYN, NEW, SS, X_CREATE }, { O, SYN, NEW, SS, 0 },
	       { R, SYN | ACK, EST, SR, 0 }, { R, SYN | ACK, EST, SR, 0 },
	       { O, SYN, EST, SR, 0 }, { R, ACK, EST, SR, 0 },
	       { O, ACK, EST, ES, 0 }, { R, SYN | ACK, EST, ES, 0 },
	       { O, ACK, EST, ES, 0 });
	SCRIPT(fam, 6, "tcp: ECN SYN, URG with ACK, PSH ignored",
	       { O, SYN | ECE | CWR, NEW, SS, X_CREATE },
	       { R, SYN | ACK | ECE, EST, SR, 0 },
	       { O, ACK | URG | PSH, EST, ES, 0 },
	       { R, ACK | CWR | ECE, EST, ES, 0 },
	       { O, FIN | ACK | URG, EST, FW, 0 });
	SCRIPT(fam, 6, "tcp: FIN|ACK completes the handshake",
	       { O, SYN, NEW, SS, X_CREATE }, { R, SYN | ACK, EST, SR, 0 },
	       { O, FIN | ACK, EST, FW, 0 }, { R, FIN | ACK, EST, TW, 0 });
	SCRIPT(fam, 6, "tcp: reply FIN in syn-recv",
	       { O, SYN, NEW, SS, X_CREATE }, { R, SYN | ACK, EST, SR, 0 },
	       { R, FIN | ACK, EST, FW, 0 }, { O, ACK, EST, FW, 0 },
	       { O, FIN | ACK, EST, TW, 0 });

	/* RST from every state. */
	SCRIPT(fam, 6, "tcp: orig RST in syn-sent, then reopen",
	       { O, SYN, NEW, SS, X_CREATE }, { O, RST, NEW, CL, 0 },
	       { O, RST | ACK, NEW, CL, 0 }, { R, ACK, INV, CL, 0 },
	       { O, SYN, NEW, SS, X_REOPEN }, { R, SYN | ACK, EST, SR, 0 });
	SCRIPT(fam, 6, "tcp: refused (reply RST|ACK in syn-sent)",
	       { O, SYN, NEW, SS, X_CREATE }, { R, RST | ACK, EST, CL, 0 },
	       { R, RST | ACK, EST, CL, 0 }, { O, ACK, INV, CL, 0 },
	       { R, SYN, INV, CL, 0 }, { O, SYN, NEW, SS, X_REOPEN },
	       { O, SYN, NEW, SS, 0 });
	SCRIPT(fam, 6, "tcp: RST in syn-recv",
	       { O, SYN, NEW, SS, X_CREATE }, { R, SYN | ACK, EST, SR, 0 },
	       { O, RST, EST, CL, 0 }, { R, ACK, INV, CL, 0 });
	SCRIPT(fam, 6, "tcp: RST in established", HS,
	       { R, RST, EST, CL, 0 }, { O, FIN | ACK, INV, CL, 0 },
	       { O, RST | ACK, EST, CL, 0 }, { R, SYN | ACK, INV, CL, 0 });
	SCRIPT(fam, 6, "tcp: RST in fin-wait", HS,
	       { O, FIN | ACK, EST, FW, 0 }, { R, RST | ACK, EST, CL, 0 });
	SCRIPT(fam, 6, "tcp: RST in time-wait", HS,
	       { O, FIN | ACK, EST, FW, 0 }, { R, FIN | ACK, EST, TW, 0 },
	       { O, RST, EST, CL, 0 });

	/* Reopen. */
	SCRIPT(fam, 6, "tcp: SYN after time-wait reopens", HS,
	       { O, FIN | ACK, EST, FW, 0 }, { R, FIN | ACK, EST, TW, 0 },
	       { O, ACK, EST, TW, 0 }, { R, SYN, INV, TW, 0 },
	       { O, SYN | ACK, INV, TW, 0 }, { R, SYN | ACK, INV, TW, 0 },
	       { O, SYN, NEW, SS, X_REOPEN }, { O, ACK, INV, SS, 0 },
	       { R, SYN | ACK, EST, SR, 0 }, { O, ACK, EST, ES, 0 });
	SCRIPT(fam, 6, "tcp: SYN after close reopens", HS,
	       { O, RST, EST, CL, 0 },
	       { O, SYN | ECE | CWR, NEW, SS, X_REOPEN },
	       { R, SYN | ACK, EST, SR, 0 });

	/* Out of state. */
	SCRIPT(fam, 6, "tcp: no flow: only a pure SYN creates",
	       { O, ACK, INV, NONE, 0 }, { O, SYN | ACK, INV, NONE, 0 },
	       { O, FIN | ACK, INV, NONE, 0 }, { O, RST, INV, NONE, 0 },
	       { O, RST | ACK, INV, NONE, 0 }, { O, PSH | ACK, INV, NONE, 0 },
	       { O, SYN | ACK | URG, INV, NONE, 0 });
	SCRIPT(fam, 6, "tcp: out of state in syn-sent",
	       { O, SYN, NEW, SS, X_CREATE }, { O, SYN | ACK, INV, SS, 0 },
	       { O, ACK, INV, SS, 0 }, { R, ACK, INV, SS, 0 },
	       { O, FIN | ACK, INV, SS, 0 }, { R, FIN | ACK, INV, SS, 0 },
	       { R, SYN, INV, SS, 0 });
	SCRIPT(fam, 6, "tcp: out of state in syn-recv",
	       { O, SYN, NEW, SS, X_CREATE }, { R, SYN | ACK, EST, SR, 0 },
	       { O, SYN | ACK, INV, SR, 0 }, { R, SYN, INV, SR, 0 });
	SCRIPT(fam, 6, "tcp: out of state in established", HS,
	       { O, SYN, INV, ES, 0 }, { R, SYN, INV, ES, 0 },
	       { O, SYN | ACK, INV, ES, 0 }, { O, ACK, EST, ES, 0 });
	SCRIPT(fam, 6, "tcp: out of state in fin-wait", HS,
	       { O, FIN | ACK, EST, FW, 0 }, { O, SYN, INV, FW, 0 },
	       { R, SYN, INV, FW, 0 }, { R, SYN | ACK, INV, FW, 0 },
	       { O, SYN | ACK, INV, FW, 0 });
	SCRIPT(fam, 6, "tcp: out of state in close", HS,
	       { R, RST, EST, CL, 0 }, { O, ACK, INV, CL, 0 },
	       { R, FIN | ACK, INV, CL, 0 }, { R, SYN | ACK, INV, CL, 0 },
	       { R, SYN, INV, CL, 0 });
}

/* A flow of the test tuple in state with flags, as if reached by packets. */
static struct model model_at(u8 family, u8 proto, u8 state, u8 flags)
{
	struct brfw_pkt p = mkpkt(family, proto, false);
	struct model m = { 0 };

	m.have = brfw_ct_key(&p, ZONE, &m.key);
	m.state = state;
	m.flags = flags;
	return m;
}

/* Each invalid flag combination: no flow, every TCP state, both ways. */
static void test_tcp_bad_flags(void)
{
	static const struct {
		u8 flags;
		const char *name;
	} bad[] = {
		{ 0, "no flags" },
		{ FIN, "FIN" },
		{ FIN | PSH, "FIN|PSH" },
		{ SYN | FIN, "SYN|FIN" },
		{ SYN | RST, "SYN|RST" },
		{ SYN | FIN | ACK, "SYN|FIN|ACK" },
		{ SYN | RST | ACK, "SYN|RST|ACK" },
		{ FIN | RST, "FIN|RST" },
		{ FIN | RST | ACK, "FIN|RST|ACK" },
		{ URG, "URG" },
		{ SYN | URG, "SYN|URG" },
		{ FIN | URG, "FIN|URG" },
		{ RST | URG, "RST|URG" },
		{ PSH, "PSH" },
		{ ECE | CWR, "ECE|CWR" },
		{ FIN | PSH | URG, "xmas FIN|PSH|URG" },
		{ 0xff, "all flags" },
		{ SYN | FIN | RST | ACK, "SYN|FIN|RST|ACK" },
	};
	static const u8 states[] = { SS, SR, ES, FW, TW, CL };
	static const u8 sflags[] = {
		0, BRFW_CTF_REPLIED, BRFW_CTF_REPLIED,
		BRFW_CTF_REPLIED | BRFW_CTF_FIN_ORIG,
		BRFW_CTF_REPLIED | BRFW_CTF_FIN_ORIG | BRFW_CTF_FIN_REPLY,
		BRFW_CTF_REPLIED,
	};
	struct brfw_ct_step s;
	struct brfw_pkt p;
	struct model m;
	size_t i, j;
	int dir;

	for (i = 0; i < N_ELEMS(bad); i++) {
		struct tap_point t = { false };

		m = (struct model){ 0 };
		p = tcp(4, O, bad[i].flags);
		feed(&t, &m, &p, &s, "no flow");
		tap_check_int(&t, "no flow: invalid", s.ctstate, INV);
		tap_check_int(&t, "no flow: none made", m.have, 0);
		for (j = 0; j < N_ELEMS(states); j++) {
			for (dir = 0; dir < 2; dir++) {
				m = model_at(4, 6, states[j], sflags[j]);
				p = tcp(4, dir, bad[i].flags);
				feed(&t, &m, &p, &s, "flow");
				tap_check_int(&t, "flow: invalid", s.ctstate,
					      INV);
				tap_check_int(&t, "flow: state kept", m.state,
					      states[j]);
				tap_check_int(&t, "flow: flags kept", m.flags,
					      sflags[j]);
			}
		}
		tap_ok(!t.failed, "ct_proto: tcp: %s (0x%02x) is invalid",
		       bad[i].name, bad[i].flags);
	}
}

/*
 * All 256 flag bytes against a second reading of the rule: PSH, ECE, CWR
 * ignored; SYN, SYN|ACK, ACK, FIN|ACK, RST, RST|ACK valid, the ones with
 * ACK also with URG. Without a flow only the SYN class creates; on an
 * established flow every valid class but SYN and an orig SYN|ACK fits.
 */
static void test_tcp_all_flags(void)
{
	struct tap_point t = { false };
	struct brfw_ct_step s;
	unsigned int f, good = 0;
	struct brfw_pkt p;
	struct model m;
	char what[64];
	int dir;

	for (f = 0; f < 256; f++) {
		u8 g = f & (FIN | SYN | RST | ACK | URG);
		bool valid, fits_est[2];

		if ((g & URG) && (g & ACK))
			g &= ~URG;
		valid = g == SYN || g == (SYN | ACK) || g == ACK ||
			g == (FIN | ACK) || g == RST || g == (RST | ACK);
		good += valid;
		fits_est[0] = valid && g != SYN && g != (SYN | ACK);
		fits_est[1] = valid && g != SYN;

		m = (struct model){ 0 };
		p = tcp(6, O, f);
		feed(&t, &m, &p, &s, "all flags");
		snprintf(what, sizeof(what), "0x%02x no flow: creates", f);
		tap_check_int(&t, what, s.create, g == SYN);
		snprintf(what, sizeof(what), "0x%02x no flow: ct-state", f);
		tap_check_int(&t, what, s.ctstate, g == SYN ? NEW : INV);
		for (dir = 0; dir < 2; dir++) {
			m = model_at(6, 6, ES, BRFW_CTF_REPLIED);
			p = tcp(6, dir, f);
			feed(&t, &m, &p, &s, "all flags");
			snprintf(what, sizeof(what),
				 "0x%02x established dir %d", f, dir);
			tap_check_int(&t, what, s.ctstate,
				      fits_est[dir] ? EST : INV);
		}
	}
	tap_ok(!t.failed && good == 10 * 8,
	       "ct_proto: tcp: all 256 flag bytes (%u valid)", good);
}

static void test_dgram(u8 fam)
{
	struct tap_point t = { false };
	struct brfw_ct_key k1, k2;
	struct brfw_pkt p;

	SCRIPT(fam, 17, "udp: unreplied, then replied",
	       { O, 0, NEW, UU, X_CREATE }, { O, 0, NEW, UU, 0 },
	       { R, 0, EST, UR, 0 }, { O, 0, EST, UR, 0 },
	       { R, 0, EST, UR, 0 });
	SCRIPT(fam, 47, "other (gre): unreplied, then replied",
	       { O, 0, NEW, OU, X_CREATE }, { O, 0, NEW, OU, 0 },
	       { R, 0, EST, OR, 0 }, { O, 0, EST, OR, 0 });
	SCRIPT(fam, 132, "sctp: unreplied, then replied",
	       { O, 0, NEW, OU, X_CREATE }, { R, 0, EST, OR, 0 },
	       { O, 0, EST, OR, 0 });

	/* Other protocols: no ports in the key, even if pkt had some. */
	p = mkpkt(fam, 47, O);
	p.sport = 1;
	p.dport = 2;
	brfw_ct_key(&p, ZONE, &k1);
	tap_check_int(&t, "gre ports", k1.sport | k1.dport, 0);
	/* sctp: ports in the key. */
	p = mkpkt(fam, 132, O);
	brfw_ct_key(&p, ZONE, &k1);
	tap_check_int(&t, "sctp sport", k1.sport, CPORT);
	tap_check_int(&t, "sctp dport", k1.dport, SPORT);
	/* udp: another source port is another flow. */
	p.proto = 17;
	brfw_ct_key(&p, ZONE, &k1);
	p.sport++;
	brfw_ct_key(&p, ZONE, &k2);
	tap_check_int(&t, "udp other sport differs", key_eq(&k1, &k2), 0);
	tap_ok(!t.failed, "ct_proto: keys of gre, sctp, udp (IPv%u)", fam);
}

static void test_echo(u8 fam)
{
	u8 rq = echo_req(fam), rp = echo_rep(fam);
	struct tap_point t = { false };
	struct brfw_ct_step s;
	struct brfw_ct_key k;
	struct brfw_pkt p;
	struct model m = { 0 };

	/* The ev flags field is the ICMP type here: no static tables. */
	{
		const struct ev ev[] = {
			{ O, rq, NEW, IU, X_CREATE }, { O, rq, NEW, IU, 0 },
			{ R, rq, INV, IU, 0 }, { O, rp, INV, IU, 0 },
			{ R, rp, EST, IR, 0 }, { R, rp, EST, IR, 0 },
			{ O, rq, EST, IR, 0 }, { R, rq, INV, IR, 0 },
			{ O, rp, INV, IR, 0 }, { R, rp, EST, IR, 0 },
		};
		run_script(fam, icmp_proto(fam), ev, N_ELEMS(ev),
			   "echo: request, wrong-way packets, reply");
	}
	{
		const struct ev ev[] = {
			{ O, rp, INV, NONE, 0 }, { R, rp, INV, NONE, 0 },
			{ O, rq, NEW, IU, X_CREATE },
		};
		run_script(fam, icmp_proto(fam), ev, N_ELEMS(ev),
			   "echo: a reply without a flow is invalid");
	}

	/* Key: sport = dport = id; another id is another flow. */
	p = icmp(fam, O, rq, ECHO_ID);
	feed(&t, &m, &p, &s, "request");
	brfw_ct_key(&p, ZONE, &k);
	tap_check_int(&t, "echo sport", k.sport, ECHO_ID);
	tap_check_int(&t, "echo dport", k.dport, ECHO_ID);
	p = icmp(fam, R, rp, ECHO_ID + 1);
	feed(&t, &m, &p, &s, "reply, other id");
	tap_check_int(&t, "reply with another id", s.ctstate, INV);
	tap_check_int(&t, "flow kept", m.state, IU);
	p = icmp(fam, O, rq, ECHO_ID + 1);
	brfw_ct_key(&p, ZONE, &k);
	tap_check_int(&t, "other id: other key", key_eq(&k, &m.key), 0);
	tap_ok(!t.failed, "ct_proto: echo identifier is the key (IPv%u)", fam);
}

/* ICMP errors: related when the quoted packet's flow exists, any way. */
static void test_errors(u8 fam)
{
	static const u8 types4[] = { 3, 4, 5, 11, 12 };
	static const u8 types6[] = { 1, 2, 3, 4 };
	const u8 *types = fam == 4 ? types4 : types6;
	size_t ntypes = fam == 4 ? N_ELEMS(types4) : N_ELEMS(types6);
	struct tap_point t = { false };
	struct brfw_pkt q, qr, p;
	struct brfw_ct_step s;
	struct brfw_ct_key k;
	struct model m = { 0 };
	char what[64];
	size_t i;

	/* A UDP flow, unreplied. */
	q = mkpkt(fam, 17, O);
	qr = mkpkt(fam, 17, R);
	for (i = 0; i < ntypes; i++) {
		m = (struct model){ 0 };
		/* No flow yet: invalid, and nothing created. */
		p = icmp_err(&q, R, types[i]);
		feed(&t, &m, &p, &s, "error, no flow");
		snprintf(what, sizeof(what), "type %u without flow", types[i]);
		tap_check_int(&t, what, s.ctstate, INV);
		tap_check_int(&t, what, m.have, 0);

		feed(&t, &m, &q, &s, "udp");
		/* Quoting the orig packet (sent back to the client). */
		feed(&t, &m, &p, &s, "error on orig");
		snprintf(what, sizeof(what), "type %u quoting orig", types[i]);
		tap_check_int(&t, what, s.ctstate, REL);
		tap_check_int(&t, what, s.valid, 0);
		tap_check_int(&t, what, m.state, UU);
		tap_check_int(&t, what, m.flags, 0);
		brfw_ct_key(&p, ZONE, &k);
		tap_check_int(&t, "related key", k.related, 1);
		tap_check_int(&t, "related key is the flow's",
			      key_eq(&k, &m.key), 1);
		/* Quoting a reply-direction packet (sent to the server). */
		p = icmp_err(&qr, O, types[i]);
		feed(&t, &m, &p, &s, "error on reply");
		snprintf(what, sizeof(what), "type %u quoting reply", types[i]);
		tap_check_int(&t, what, s.ctstate, REL);
		tap_check_int(&t, what, m.flags, 0);
		/* Quoting another flow's packet. */
		q.sport++;
		p = icmp_err(&q, R, types[i]);
		q.sport--;
		feed(&t, &m, &p, &s, "error, other flow");
		snprintf(what, sizeof(what), "type %u other flow", types[i]);
		tap_check_int(&t, what, s.ctstate, INV);
	}

	/* About a TCP flow and about an echo. */
	m = (struct model){ 0 };
	q = tcp(fam, O, SYN);
	feed(&t, &m, &q, &s, "syn");
	p = icmp_err(&q, R, types[0]);
	feed(&t, &m, &p, &s, "error about tcp");
	tap_check_int(&t, "error about a tcp flow", s.ctstate, REL);
	tap_check_int(&t, "tcp flow kept", m.state, SS);
	m = (struct model){ 0 };
	q = icmp(fam, O, echo_req(fam), ECHO_ID);
	feed(&t, &m, &q, &s, "echo");
	p = icmp_err(&q, R, types[ntypes - 1]);
	feed(&t, &m, &p, &s, "error about echo");
	tap_check_int(&t, "error about an echo", s.ctstate, REL);

	/* Unparsed quote, a quoted error: no key, invalid. */
	p = icmp_err(&q, R, types[0]);
	p.inner.valid = 0;
	tap_check_int(&t, "unparsed quote: no key", brfw_ct_key(&p, ZONE, &k),
		      0);
	tap_check_int(&t, "unparsed quote: invalid", brfw_ct_nokey_state(&p),
		      INV);
	q = icmp(fam, O, types[0], 0);
	p = icmp_err(&q, R, types[0]);
	tap_check_int(&t, "quoted error: no key", brfw_ct_key(&p, ZONE, &k),
		      0);
	tap_check_int(&t, "quoted error: invalid", brfw_ct_nokey_state(&p),
		      INV);
	tap_ok(!t.failed, "ct_proto: ICMP errors related or invalid (IPv%u)",
	       fam);
}

/* Packets with no key: untracked, or ICMP that is new without a flow. */
static void test_nokey(void)
{
	static const u8 other4[] = { 9, 10, 13, 14, 17, 18, 42 };
	static const u8 other6[] = { 130, 131, 133, 134, 135, 136, 137, 143 };
	struct tap_point t = { false };
	struct brfw_ct_key k;
	struct brfw_pkt p;
	char what[64];
	size_t i;

	for (i = 0; i < N_ELEMS(other4); i++) {
		p = icmp(4, O, other4[i], 7);
		snprintf(what, sizeof(what), "icmp type %u", other4[i]);
		tap_check_int(&t, what, brfw_ct_key(&p, ZONE, &k), 0);
		tap_check_int(&t, what, brfw_ct_nokey_state(&p), NEW);
	}
	for (i = 0; i < N_ELEMS(other6); i++) {
		p = icmp(6, O, other6[i], 7);
		snprintf(what, sizeof(what), "icmpv6 type %u", other6[i]);
		tap_check_int(&t, what, brfw_ct_key(&p, ZONE, &k), 0);
		tap_check_int(&t, what, brfw_ct_nokey_state(&p), NEW);
	}
	/* Echo types of the other family are not echoes. */
	p = icmp(4, O, 128, 7);
	tap_check_int(&t, "icmp 128", brfw_ct_key(&p, ZONE, &k), 0);
	p = icmp(6, O, 8, 7);
	tap_check_int(&t, "icmpv6 8", brfw_ct_key(&p, ZONE, &k), 0);
	tap_check_int(&t, "icmpv6 8", brfw_ct_nokey_state(&p), NEW);

	memset(&p, 0, sizeof(p));
	p.ethertype = 0x0806;
	tap_check_int(&t, "arp", brfw_ct_key(&p, ZONE, &k), 0);
	tap_check_int(&t, "arp untracked", brfw_ct_nokey_state(&p), 0);
	p = tcp(4, O, SYN);
	p.frag = 1;
	tap_check_int(&t, "fragment", brfw_ct_key(&p, ZONE, &k), 0);
	tap_check_int(&t, "fragment untracked", brfw_ct_nokey_state(&p), 0);
	p = icmp(6, O, 128, 7);
	p.frag = 1;
	tap_check_int(&t, "icmpv6 fragment", brfw_ct_key(&p, ZONE, &k), 0);
	tap_check_int(&t, "icmpv6 fragment untracked",
		      brfw_ct_nokey_state(&p), 0);
	/* A packet with a key is not ICMP without a flow: 0. */
	p = tcp(4, O, SYN);
	tap_check_int(&t, "tcp: nokey state 0", brfw_ct_nokey_state(&p), 0);
	/* A step with an echo's key on a packet that is no echo. */
	{
		struct brfw_ct_step s;

		p = icmp(6, O, 128, 7);
		brfw_ct_key(&p, ZONE, &k);
		p.icmp_type = 135;
		brfw_ct_step(&p, &k, false, false, 0, 0, &s);
		tap_check_int(&t, "mismatched key: new", s.ctstate, NEW);
		tap_check_int(&t, "mismatched key: no flow",
			      s.create || s.valid, 0);
	}
	/* ICMP in the wrong family's number is just another protocol. */
	p = mkpkt(6, 1, O);
	tap_check_int(&t, "proto 1 in IPv6 has a key",
		      brfw_ct_key(&p, ZONE, &k), 1);
	tap_check_int(&t, "proto 1 in IPv6 has no ports", k.sport | k.dport,
		      0);
	tap_ok(!t.failed, "ct_proto: untracked frames and ICMP without flows");
}

/* xorshift64*: a fixed-seed generator, the same run every time. */
static u64 rng_state = 0x9e3779b97f4a7c15ULL;

static unsigned int rn(unsigned int n)
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return (unsigned int)((rng_state * 0x2545f4914f6cdd1dULL) >> 33) % n;
}

/*
 * A reply's key is the orig key with addresses and ports swapped, for
 * every kind of packet with a key; the zone is kept; an IPv4 key is zero
 * after the address even if the packet's buffer is not.
 */
static void test_key_symmetry(void)
{
	static const u8 protos[] = { 6, 17, 132, 47, 50, 1, 58 };
	struct tap_point t = { false };
	struct brfw_ct_key ko, kr, sw;
	struct brfw_pkt o, r;
	unsigned int i, j;

	for (i = 0; i < 2000; i++) {
		u8 fam = rn(2) ? 4 : 6;
		u8 proto = protos[rn(N_ELEMS(protos))];

		memset(&o, 0, sizeof(o));
		o.family = fam;
		o.proto = proto;
		for (j = 0; j < 16; j++) {
			o.saddr[j] = (u8)rn(4);
			o.daddr[j] = (u8)rn(4);
		}
		o.sport = (u16)rn(4);
		o.dport = (u16)rn(4);
		o.icmp_id = (u16)rn(65536);
		o.icmp_type = rn(2) ? echo_req(fam) : echo_rep(fam);
		o.tcp_flags = (u8)rn(256);
		r = o;
		memcpy(r.saddr, o.daddr, 16);
		memcpy(r.daddr, o.saddr, 16);
		r.sport = o.dport;
		r.dport = o.sport;
		if (!brfw_ct_key(&o, ZONE + i, &ko) ||
		    !brfw_ct_key(&r, ZONE + i, &kr)) {
			/* ICMP of the wrong family has no echo: other. */
			tap_check_int(&t, "has a key", 0, 1);
			continue;
		}
		key_swap(&ko, &sw);
		tap_check_int(&t, "reply key is the swapped orig key",
			      key_eq(&kr, &sw), 1);
		tap_check_int(&t, "zone", ko.zone, ZONE + i);
		tap_check_int(&t, "family", ko.family, fam);
		tap_check_int(&t, "proto", ko.proto, proto);
		tap_check_int(&t, "not related", ko.related, 0);
		if (fam == 4) {
			static const u8 zero[12];

			tap_check_int(&t, "v4 src tail zero",
				      memcmp(ko.src + 4, zero, 12), 0);
			tap_check_int(&t, "v4 dst tail zero",
				      memcmp(ko.dst + 4, zero, 12), 0);
		}
		if (proto == 47 || proto == 50 ||
		    (proto == 1 && fam == 6) || (proto == 58 && fam == 4))
			tap_check_int(&t, "no ports",
				      ko.sport | ko.dport, 0);
	}
	tap_ok(!t.failed, "ct_proto: key symmetry, 2000 random packets");
}

/* The model check on a state that belongs to another protocol. */
static void test_foreign_state(void)
{
	struct tap_point t = { false };
	struct brfw_ct_step s;
	struct brfw_pkt p;
	struct model m;

	m = model_at(4, 17, ES, BRFW_CTF_REPLIED);
	p = mkpkt(4, 17, R);
	feed(&t, &m, &p, &s, "udp on tcp state");
	tap_check_int(&t, "udp on a tcp state", s.ctstate, INV);
	m = model_at(4, 6, UR, BRFW_CTF_REPLIED);
	p = tcp(4, O, ACK);
	feed(&t, &m, &p, &s, "tcp on udp state");
	tap_check_int(&t, "tcp on a udp state", s.ctstate, INV);
	m = model_at(4, 6, 200, 0);
	p = tcp(4, O, SYN);
	feed(&t, &m, &p, &s, "tcp on state 200");
	tap_check_int(&t, "tcp on state 200", s.ctstate, INV);
	p = icmp(6, O, 128, 0);
	m = model_at(6, 58, UU, 0);
	m.have = brfw_ct_key(&p, ZONE, &m.key);
	feed(&t, &m, &p, &s, "echo on udp state");
	tap_check_int(&t, "echo on a udp state", s.ctstate, INV);
	tap_ok(!t.failed, "ct_proto: a flow state of another protocol is "
	       "invalid");
}

static void test_timeouts(void)
{
	static const u32 secs[__BRFW_CT_TO_MAX] = {
		0, 120, 60, 432000, 120, 120, 10, 30, 180, 30, 30, 60, 600,
	};
	struct tap_point t = { false };
	struct brfw_ct_timeouts to;
	char what[32];
	unsigned int i;

	memset(&to, 0xa5, sizeof(to));
	brfw_ct_timeouts_default(&to);
	for (i = 0; i < __BRFW_CT_TO_MAX; i++) {
		snprintf(what, sizeof(what), "timeout %u", i);
		tap_check_int(&t, what, to.t[i], (long long)secs[i] * HZ);
		tap_check_int(&t, what, brfw_ct_timeout_of(&to, (u8)i),
			      (long long)secs[i] * HZ);
	}
	tap_check_int(&t, "past the end", brfw_ct_timeout_of(&to,
			__BRFW_CT_TO_MAX), 0);
	tap_check_int(&t, "255", brfw_ct_timeout_of(&to, 255), 0);
	tap_check_int(&t, "HZ", HZ > 0, 1);
	tap_ok(!t.failed && __BRFW_CT_TO_MAX == 13,
	       "ct_proto: default timeouts in jiffies");
}

/*
 * brfw_ct_step_fast() (ct_proto.h) agrees with brfw_ct_step(): whenever
 * it says yes, the full step is exactly "established, state unchanged,
 * valid, nothing else". Over every family (4, 6 and a foreign one), a
 * protocol of each kind (and the other family's ICMP), related or not,
 * either direction, every state byte up to past the end, every flags
 * nibble and every byte as both the TCP flags and the ICMP type. It must
 * also say yes for the packets it is for (counted per kind).
 */
static void test_step_fast(void)
{
	static const u8 fams[] = { 4, 6, 0 };
	static const u8 protos[] = { 6, 17, 1, 58, 132, 47, 0 };
	const struct brfw_ct_step est_tmpl = {
		.ctstate = EST, .valid = true,
	};
	unsigned int fi, pi, rel, dir, st, fl, byte;
	unsigned int fast = 0, tcp_fast = 0, udp_fast = 0, icmp_fast = 0;
	unsigned int other_fast = 0, mismatches = 0;
	struct tap_point t = { false };

	for (fi = 0; fi < N_ELEMS(fams); fi++)
	for (pi = 0; pi < N_ELEMS(protos); pi++)
	for (rel = 0; rel < 2; rel++)
	for (dir = 0; dir < 2; dir++)
	for (st = 0; st <= __BRFW_CT_TO_MAX; st++)
	for (fl = 0; fl < 16; fl++)
	for (byte = 0; byte < 256; byte++) {
		struct brfw_ct_key key = { .zone = ZONE };
		struct brfw_ct_step s, want;
		struct brfw_pkt p;

		memset(&p, 0, sizeof(p));
		p.family = fams[fi];
		p.proto = protos[pi];
		p.tcp_flags = byte;
		p.icmp_type = byte;
		key.family = fams[fi];
		key.proto = protos[pi];
		key.related = rel;
		if (!brfw_ct_step_fast(&p, &key, dir, st, fl))
			continue;
		fast++;
		want = est_tmpl;
		want.state = st;
		brfw_ct_step(&p, &key, true, dir, st, fl, &s);
		if (memcmp(&s, &want, sizeof(s))) {
			char what[96];

			if (mismatches++ < 5) {
				snprintf(what, sizeof(what),
					 "fast: fam %u proto %u rel %u dir %u "
					 "state %u flags %u byte 0x%02x",
					 fams[fi], protos[pi], rel, dir, st,
					 fl, byte);
				tap_check_int(&t, what, 0, 1);
			}
			continue;
		}
		if (st == ES)
			tcp_fast++;
		else if (st == UR)
			udp_fast++;
		else if (st == IR)
			icmp_fast++;
		else if (st == OR)
			other_fast++;
	}
	/*
	 * Expected yes counts (8 of the 16 flags nibbles have REPLIED, two
	 * directions, families 4 and 6 only where ICMP is concerned):
	 * TCP: 16 ACK-class bytes (ACK set, SYN/FIN/RST clear) x 3 families;
	 * UDP: every byte x 3 families; ICMP: one type per direction x 2
	 * families; other: sctp, gre, 0 x 3 families plus the other
	 * family's ICMP (2) and both ICMPs of the foreign family (2).
	 */
	tap_check_int(&t, "tcp yes", tcp_fast, 16 * 3 * 8 * 2);
	tap_check_int(&t, "udp yes", udp_fast, 256 * 3 * 8 * 2);
	tap_check_int(&t, "icmp yes", icmp_fast, 1 * 2 * 8 * 2);
	tap_check_int(&t, "other yes", other_fast,
		      256 * (3 * 3 + 2 + 2) * 8 * 2);
	tap_ok(!t.failed && !mismatches,
	       "ct_proto: fast case agrees with brfw_ct_step() (%u yes, "
	       "every flag byte, state and flags)", fast);
}

void test_ct_proto(void)
{
	unsigned int before = twice_count;

	test_tcp_scripts(4);
	test_tcp_scripts(6);
	test_tcp_bad_flags();
	test_tcp_all_flags();
	test_dgram(4);
	test_dgram(6);
	test_echo(4);
	test_echo(6);
	test_errors(4);
	test_errors(6);
	test_nokey();
	test_key_symmetry();
	test_foreign_state();
	test_timeouts();
	test_step_fast();
	tap_ok(twice_count - before > 500,
	       "ct_proto: %u steps applied twice (idempotence checked in each "
	       "point above)",
	       twice_count - before);
}
