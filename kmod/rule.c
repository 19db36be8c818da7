// SPDX-License-Identifier: GPL-2.0
/*
 * Rules: from a netlink request to an immutable struct brfw_rule, and
 * back for dumps. Validation is complete here, so a rule that exists is
 * consistent: the family its addresses, protocol and ether-type imply is
 * one, ports come with a protocol that has ports, and so on. The matcher
 * (match.c, cls.c) can then trust it.
 */
#include <linux/etherdevice.h>
#include <linux/if_vlan.h>
#include <linux/in.h>
#include <linux/percpu.h>
#include <linux/slab.h>

#include "rule.h"
#include "set.h"
#include "netns.h"

static const struct nla_policy brfw_addr_policy[BRFW_ADDR_MAX + 1] = {
	[BRFW_ADDR_ADDR]	= NLA_POLICY_MIN_LEN(sizeof(__be32)),
	[BRFW_ADDR_LEN]		= NLA_POLICY_MAX(NLA_U8, 128),
	[BRFW_ADDR_SET]		= { .type = NLA_NUL_STRING,
				    .len = BRFW_SET_NAMSIZ - 1 },
};

static const struct nla_policy brfw_range_policy[BRFW_RANGE_MAX + 1] = {
	[BRFW_RANGE_LO]		= { .type = NLA_U16 },
	[BRFW_RANGE_HI]		= { .type = NLA_U16 },
};

static const struct nla_policy brfw_range_list_policy[BRFW_LIST_MAX + 1] = {
	[BRFW_LIST_RANGE]	= NLA_POLICY_NESTED(brfw_range_policy),
};

const struct nla_policy brfw_rule_policy[BRFW_RULE_MAX + 1] = {
	[BRFW_RULE_ID]		= NLA_POLICY_MIN(NLA_U32, 1),
	[BRFW_RULE_DIRS]	= NLA_POLICY_RANGE(NLA_U8, 1, BRFW_RULE_DIR_ALL),
	[BRFW_RULE_ACTION]	= NLA_POLICY_MAX(NLA_U8, BRFW_ACTION_MAX),
	[BRFW_RULE_LOG]		= { .type = NLA_FLAG },
	[BRFW_RULE_ETHERTYPE]	= NLA_POLICY_MIN(NLA_U16, ETH_P_802_3_MIN),
	[BRFW_RULE_SRC_MAC]	= NLA_POLICY_EXACT_LEN(ETH_ALEN),
	[BRFW_RULE_DST_MAC]	= NLA_POLICY_EXACT_LEN(ETH_ALEN),
	[BRFW_RULE_VLAN]	= NLA_POLICY_RANGE(NLA_U16, 1, VLAN_N_VID - 2),
	[BRFW_RULE_PROTO]	= NLA_POLICY_MIN(NLA_U8, 1),
	[BRFW_RULE_SRC]		= NLA_POLICY_NESTED(brfw_addr_policy),
	[BRFW_RULE_DST]		= NLA_POLICY_NESTED(brfw_addr_policy),
	[BRFW_RULE_SPORT]	= NLA_POLICY_NESTED(brfw_range_list_policy),
	[BRFW_RULE_DPORT]	= NLA_POLICY_NESTED(brfw_range_list_policy),
	[BRFW_RULE_ICMP_TYPE]	= { .type = NLA_U8 },
	[BRFW_RULE_ICMP_CODE]	= { .type = NLA_U8 },
	[BRFW_RULE_TCP_FLAGS]	= { .type = NLA_U8 },
	[BRFW_RULE_TCP_FLAGS_MASK] = { .type = NLA_U8 },
	[BRFW_RULE_CT_STATE]	= NLA_POLICY_RANGE(NLA_U8, 1, BRFW_CT_F_ALL),
};

/* Family implied so far (0: none), and a new claim: agree or fail. */
static int brfw_family_claim(u8 *family, u8 claim)
{
	if (*family && *family != claim)
		return -EINVAL;
	*family = claim;
	return 0;
}

static int brfw_rule_addr(struct brfw_match *m, struct brfw_match_addr *a,
			  const struct nlattr *nest, struct list_head *sets,
			  struct netlink_ext_ack *extack)
{
	struct nlattr *tb[BRFW_ADDR_MAX + 1];
	unsigned int alen;
	int err;

	err = nla_parse_nested(tb, BRFW_ADDR_MAX, nest, brfw_addr_policy,
			       extack);
	if (err)
		return err;
	if (!!tb[BRFW_ADDR_SET] == !!tb[BRFW_ADDR_ADDR] ||
	    (tb[BRFW_ADDR_SET] && tb[BRFW_ADDR_LEN])) {
		NL_SET_ERR_MSG_ATTR(extack, nest,
				    "rule: an address is an address and a length, or a set");
		return -EINVAL;
	}
	if (tb[BRFW_ADDR_SET]) {
		a->set = brfw_set_find_in(sets, nla_data(tb[BRFW_ADDR_SET]));
		if (!a->set) {
			NL_SET_ERR_MSG_ATTR(extack, tb[BRFW_ADDR_SET],
					    "rule: no such set");
			return -ENOENT;
		}
		return 0;
	}
	alen = nla_len(tb[BRFW_ADDR_ADDR]);
	if (alen != 4 && alen != 16) {
		NL_SET_ERR_MSG_ATTR(extack, tb[BRFW_ADDR_ADDR],
				    "rule: an address is 4 or 16 bytes");
		return -EINVAL;
	}
	a->len = alen * 8;
	if (tb[BRFW_ADDR_LEN])
		a->len = nla_get_u8(tb[BRFW_ADDR_LEN]);
	if (a->len > alen * 8) {
		NL_SET_ERR_MSG_ATTR(extack, tb[BRFW_ADDR_LEN],
				    "rule: prefix length too long for the address");
		return -EINVAL;
	}
	memcpy(a->addr, nla_data(tb[BRFW_ADDR_ADDR]), alen);
	if (!brfw_prefix_clean(a->addr, alen, a->len)) {
		NL_SET_ERR_MSG_ATTR(extack, tb[BRFW_ADDR_ADDR],
				    "rule: host bits set in prefix");
		return -EINVAL;
	}
	if (brfw_family_claim(&m->family, alen == 4 ? 4 : 6)) {
		NL_SET_ERR_MSG_ATTR(extack, nest,
				    "rule: IPv4 and IPv6 matches in one rule");
		return -EINVAL;
	}
	return 0;
}

static int brfw_rule_ranges(struct brfw_match_range *r, u8 *n,
			    const struct nlattr *nest,
			    struct netlink_ext_ack *extack)
{
	struct nlattr *tb[BRFW_RANGE_MAX + 1];
	const struct nlattr *entry;
	int rem, err;

	*n = 0;
	nla_for_each_nested(entry, nest, rem) {
		if (nla_type(entry) != BRFW_LIST_RANGE) {
			NL_SET_ERR_MSG_ATTR(extack, entry, "rule: a port list holds ranges");
			return -EINVAL;
		}
		if (*n == BRFW_MAX_PORT_RANGES) {
			NL_SET_ERR_MSG_ATTR(extack, entry,
					    "rule: more than 16 entries in a port list");
			return -E2BIG;
		}
		err = nla_parse_nested(tb, BRFW_RANGE_MAX, entry,
				       brfw_range_policy, extack);
		if (err)
			return err;
		if (!tb[BRFW_RANGE_LO]) {
			NL_SET_ERR_MSG_ATTR(extack, entry, "rule: a port range without its start");
			return -EINVAL;
		}
		r[*n].lo = nla_get_u16(tb[BRFW_RANGE_LO]);
		r[*n].hi = tb[BRFW_RANGE_HI] ? nla_get_u16(tb[BRFW_RANGE_HI]) :
					       r[*n].lo;
		if (r[*n].lo > r[*n].hi) {
			NL_SET_ERR_MSG_ATTR(extack, entry,
					    "rule: a port range ends before it starts");
			return -EINVAL;
		}
		(*n)++;
	}
	if (!*n) {
		NL_SET_ERR_MSG_ATTR(extack, nest, "rule: an empty port list");
		return -EINVAL;
	}
	return 0;
}

static bool brfw_proto_has_ports(u8 proto)
{
	return proto == IPPROTO_TCP || proto == IPPROTO_UDP ||
	       proto == IPPROTO_SCTP;
}

/* Everything about one rule that holds across the fields. */
static int brfw_rule_check(struct brfw_match *m, struct nlattr **tb,
			   struct netlink_ext_ack *extack)
{
	const struct brfw_set *set;
	u32 ip = BRFW_M_PROTO | BRFW_M_SRC | BRFW_M_DST | BRFW_M_L4;
	u8 fams;

	if (m->present & BRFW_M_ETHERTYPE) {
		u8 claim = 0;

		if (m->ethertype == ETH_P_IP)
			claim = 4;
		else if (m->ethertype == ETH_P_IPV6)
			claim = 6;
		else if (m->present & ip) {
			NL_SET_ERR_MSG_ATTR(extack, tb[BRFW_RULE_ETHERTYPE],
					    "rule: IP matches need ether-type ip or ip6");
			return -EINVAL;
		}
		if (claim && brfw_family_claim(&m->family, claim)) {
			NL_SET_ERR_MSG_ATTR(extack, tb[BRFW_RULE_ETHERTYPE],
					    "rule: the ether-type contradicts the addresses");
			return -EINVAL;
		}
	}
	if (m->present & BRFW_M_PROTO) {
		u8 claim = m->proto == IPPROTO_ICMP ? 4 :
			   m->proto == IPPROTO_ICMPV6 ? 6 : 0;

		if (claim && brfw_family_claim(&m->family, claim)) {
			NL_SET_ERR_MSG_ATTR(extack, tb[BRFW_RULE_PROTO],
					    "rule: the protocol is not of the addresses' IP version");
			return -EINVAL;
		}
	}
	if ((m->present & (BRFW_M_SPORT | BRFW_M_DPORT)) &&
	    (!(m->present & BRFW_M_PROTO) || !brfw_proto_has_ports(m->proto))) {
		NL_SET_ERR_MSG_ATTR(extack, tb[BRFW_RULE_SPORT] ?: tb[BRFW_RULE_DPORT],
				    "rule: ports need proto tcp, udp or sctp");
		return -EINVAL;
	}
	if ((m->present & BRFW_M_ICMP_TYPE) &&
	    (!(m->present & BRFW_M_PROTO) ||
	     (m->proto != IPPROTO_ICMP && m->proto != IPPROTO_ICMPV6))) {
		NL_SET_ERR_MSG_ATTR(extack, tb[BRFW_RULE_ICMP_TYPE],
				    "rule: icmp-type needs proto icmp or icmpv6");
		return -EINVAL;
	}
	if ((m->present & BRFW_M_ICMP_CODE) && !(m->present & BRFW_M_ICMP_TYPE)) {
		NL_SET_ERR_MSG_ATTR(extack, tb[BRFW_RULE_ICMP_CODE],
				    "rule: an icmp code needs an icmp-type");
		return -EINVAL;
	}
	if (m->present & BRFW_M_TCP_FLAGS) {
		if (!(m->present & BRFW_M_PROTO) || m->proto != IPPROTO_TCP) {
			NL_SET_ERR_MSG_ATTR(extack, tb[BRFW_RULE_TCP_FLAGS],
					    "rule: tcp-flags need proto tcp");
			return -EINVAL;
		}
		if (m->tcp_flags & ~m->tcp_mask) {
			NL_SET_ERR_MSG_ATTR(extack, tb[BRFW_RULE_TCP_FLAGS],
					    "rule: tcp-flags set outside their mask");
			return -EINVAL;
		}
	}
	/* A set of the other IP version only can never match. */
	for (set = m->src.set; ; set = m->dst.set) {
		if (set && m->family) {
			fams = brfw_set_families(set);
			if ((m->family == 4 && fams == BRFW_SET_HAS_V6) ||
			    (m->family == 6 && fams == BRFW_SET_HAS_V4)) {
				if (m->family == 4)
					NL_SET_ERR_MSG(extack,
						       "rule: the set holds only IPv6 addresses, the rule is IPv4");
				else
					NL_SET_ERR_MSG(extack,
						       "rule: the set holds only IPv4 addresses, the rule is IPv6");
				return -EINVAL;
			}
		}
		if (set == m->dst.set)
			break;
	}
	return 0;
}

static void brfw_match_mirror(struct brfw_match *out,
			      const struct brfw_match *in)
{
	u32 p = in->present;

	*out = *in;
	out->present = p & ~(BRFW_M_SMAC | BRFW_M_DMAC | BRFW_M_SRC |
			     BRFW_M_DST | BRFW_M_SPORT | BRFW_M_DPORT);
	if (p & BRFW_M_SMAC)
		out->present |= BRFW_M_DMAC;
	if (p & BRFW_M_DMAC)
		out->present |= BRFW_M_SMAC;
	if (p & BRFW_M_SRC)
		out->present |= BRFW_M_DST;
	if (p & BRFW_M_DST)
		out->present |= BRFW_M_SRC;
	if (p & BRFW_M_SPORT)
		out->present |= BRFW_M_DPORT;
	if (p & BRFW_M_DPORT)
		out->present |= BRFW_M_SPORT;
	memcpy(out->smac, in->dmac, ETH_ALEN);
	memcpy(out->dmac, in->smac, ETH_ALEN);
	out->src = in->dst;
	out->dst = in->src;
	out->nsport = in->ndport;
	out->ndport = in->nsport;
	memcpy(out->sport, in->dport, sizeof(out->sport));
	memcpy(out->dport, in->sport, sizeof(out->dport));
}

struct brfw_rule *brfw_rule_parse(const struct nlattr *nest,
				  struct list_head *sets,
				  struct netlink_ext_ack *extack)
{
	struct nlattr *tb[BRFW_RULE_MAX + 1];
	struct brfw_match *m;
	struct brfw_rule *rule;
	int err, cpu;

	err = nla_parse_nested(tb, BRFW_RULE_MAX, nest, brfw_rule_policy,
			       extack);
	if (err)
		return ERR_PTR(err);
	if (!tb[BRFW_RULE_DIRS]) {
		NL_SET_ERR_MSG_ATTR(extack, nest, "rule: missing direction");
		return ERR_PTR(-EINVAL);
	}
	if (!tb[BRFW_RULE_ACTION]) {
		NL_SET_ERR_MSG_ATTR(extack, nest, "rule: missing action");
		return ERR_PTR(-EINVAL);
	}

	rule = kzalloc(sizeof(*rule), GFP_KERNEL_ACCOUNT);
	if (!rule) {
		NL_SET_ERR_MSG(extack, "rule: out of memory");
		return ERR_PTR(-ENOMEM);
	}
	refcount_set(&rule->ref, 1);
	rule->dirs = nla_get_u8(tb[BRFW_RULE_DIRS]);
	rule->action = nla_get_u8(tb[BRFW_RULE_ACTION]);
	rule->log = nla_get_flag(tb[BRFW_RULE_LOG]);
	if (tb[BRFW_RULE_ID])
		rule->id = nla_get_u32(tb[BRFW_RULE_ID]);

	/* As written: the in list's view, or the out list's for out only. */
	m = &rule->m[rule->dirs & BRFW_RULE_DIR_IN ? BRFW_DIR_IN : BRFW_DIR_OUT];
	if (tb[BRFW_RULE_ETHERTYPE]) {
		m->present |= BRFW_M_ETHERTYPE;
		m->ethertype = nla_get_u16(tb[BRFW_RULE_ETHERTYPE]);
	}
	if (tb[BRFW_RULE_SRC_MAC]) {
		m->present |= BRFW_M_SMAC;
		memcpy(m->smac, nla_data(tb[BRFW_RULE_SRC_MAC]), ETH_ALEN);
	}
	if (tb[BRFW_RULE_DST_MAC]) {
		m->present |= BRFW_M_DMAC;
		memcpy(m->dmac, nla_data(tb[BRFW_RULE_DST_MAC]), ETH_ALEN);
	}
	if (tb[BRFW_RULE_VLAN]) {
		m->present |= BRFW_M_VLAN;
		m->vlan = nla_get_u16(tb[BRFW_RULE_VLAN]);
	}
	if (tb[BRFW_RULE_PROTO]) {
		m->present |= BRFW_M_PROTO;
		m->proto = nla_get_u8(tb[BRFW_RULE_PROTO]);
	}
	if (tb[BRFW_RULE_SRC]) {
		m->present |= BRFW_M_SRC;
		err = brfw_rule_addr(m, &m->src, tb[BRFW_RULE_SRC], sets, extack);
		if (err)
			goto err;
	}
	if (tb[BRFW_RULE_DST]) {
		m->present |= BRFW_M_DST;
		err = brfw_rule_addr(m, &m->dst, tb[BRFW_RULE_DST], sets, extack);
		if (err)
			goto err;
	}
	if (tb[BRFW_RULE_SPORT]) {
		m->present |= BRFW_M_SPORT;
		err = brfw_rule_ranges(m->sport, &m->nsport,
				       tb[BRFW_RULE_SPORT], extack);
		if (err)
			goto err;
	}
	if (tb[BRFW_RULE_DPORT]) {
		m->present |= BRFW_M_DPORT;
		err = brfw_rule_ranges(m->dport, &m->ndport,
				       tb[BRFW_RULE_DPORT], extack);
		if (err)
			goto err;
	}
	if (tb[BRFW_RULE_ICMP_TYPE]) {
		m->present |= BRFW_M_ICMP_TYPE;
		m->icmp_type = nla_get_u8(tb[BRFW_RULE_ICMP_TYPE]);
	}
	if (tb[BRFW_RULE_ICMP_CODE]) {
		m->present |= BRFW_M_ICMP_CODE;
		m->icmp_code = nla_get_u8(tb[BRFW_RULE_ICMP_CODE]);
	}
	if (tb[BRFW_RULE_TCP_FLAGS_MASK] && !tb[BRFW_RULE_TCP_FLAGS]) {
		NL_SET_ERR_MSG_ATTR(extack, tb[BRFW_RULE_TCP_FLAGS_MASK],
				    "rule: a tcp-flags mask without the flags");
		err = -EINVAL;
		goto err;
	}
	if (tb[BRFW_RULE_TCP_FLAGS]) {
		m->present |= BRFW_M_TCP_FLAGS;
		m->tcp_flags = nla_get_u8(tb[BRFW_RULE_TCP_FLAGS]);
		m->tcp_mask = tb[BRFW_RULE_TCP_FLAGS_MASK] ?
			nla_get_u8(tb[BRFW_RULE_TCP_FLAGS_MASK]) : m->tcp_flags;
	}
	if (tb[BRFW_RULE_CT_STATE]) {
		m->present |= BRFW_M_CT_STATE;
		m->ct_state = nla_get_u8(tb[BRFW_RULE_CT_STATE]);
	}
	err = brfw_rule_check(m, tb, extack);
	if (err)
		goto err;
	if (rule->dirs == BRFW_RULE_DIR_ALL)
		brfw_match_mirror(&rule->m[BRFW_DIR_OUT], m);

	rule->cnt = alloc_percpu_gfp(struct brfw_rule_pcpu, GFP_KERNEL_ACCOUNT);
	if (!rule->cnt) {
		NL_SET_ERR_MSG(extack, "rule: out of memory for counters");
		err = -ENOMEM;
		goto err;
	}
	for_each_possible_cpu(cpu)
		u64_stats_init(&per_cpu_ptr(rule->cnt, cpu)->syncp);
	return rule;
err:
	kfree(rule);
	return ERR_PTR(err);
}

void brfw_rule_put(struct brfw_rule *rule)
{
	if (rule && refcount_dec_and_test(&rule->ref)) {
		free_percpu(rule->cnt);
		kfree(rule);
	}
}

static void brfw_rule_sum(const struct brfw_rule *rule, u64 *packets,
			  u64 *bytes)
{
	int cpu;

	*packets = 0;
	*bytes = 0;
	for_each_possible_cpu(cpu) {
		const struct brfw_rule_pcpu *c = per_cpu_ptr(rule->cnt, cpu);
		unsigned int start;
		u64 p, b;

		do {
			start = u64_stats_fetch_begin(&c->syncp);
			p = u64_stats_read(&c->packets);
			b = u64_stats_read(&c->bytes);
		} while (u64_stats_fetch_retry(&c->syncp, start));
		*packets += p;
		*bytes += b;
	}
}

void brfw_rule_counters(const struct brfw_rule *rule, u64 *packets,
			u64 *bytes)
{
	brfw_rule_sum(rule, packets, bytes);
	*packets -= READ_ONCE(rule->base_packets);
	*bytes -= READ_ONCE(rule->base_bytes);
}

/*
 * Counters are per CPU and written without locks: a reset records what
 * they read now, and readers subtract it. Under brfw_config_mutex.
 */
void brfw_rule_reset(struct brfw_rule *rule)
{
	u64 p, b;

	brfw_rule_sum(rule, &p, &b);
	WRITE_ONCE(rule->base_packets, p);
	WRITE_ONCE(rule->base_bytes, b);
}

static int brfw_fill_addr(struct sk_buff *skb, int type,
			  const struct brfw_match *m,
			  const struct brfw_match_addr *a)
{
	struct nlattr *nest = nla_nest_start(skb, type);

	if (!nest)
		return -EMSGSIZE;
	if (a->set) {
		if (nla_put_string(skb, BRFW_ADDR_SET, a->set->name))
			goto cancel;
	} else if (nla_put(skb, BRFW_ADDR_ADDR, m->family == 4 ? 4 : 16,
			   a->addr) ||
		   nla_put_u8(skb, BRFW_ADDR_LEN, a->len)) {
		goto cancel;
	}
	nla_nest_end(skb, nest);
	return 0;
cancel:
	nla_nest_cancel(skb, nest);
	return -EMSGSIZE;
}

static int brfw_fill_ranges(struct sk_buff *skb, int type,
			    const struct brfw_match_range *r, u8 n)
{
	struct nlattr *nest = nla_nest_start(skb, type), *entry;
	u8 i;

	if (!nest)
		return -EMSGSIZE;
	for (i = 0; i < n; i++) {
		entry = nla_nest_start(skb, BRFW_LIST_RANGE);
		if (!entry || nla_put_u16(skb, BRFW_RANGE_LO, r[i].lo) ||
		    nla_put_u16(skb, BRFW_RANGE_HI, r[i].hi)) {
			nla_nest_cancel(skb, nest);
			return -EMSGSIZE;
		}
		nla_nest_end(skb, entry);
	}
	nla_nest_end(skb, nest);
	return 0;
}

int brfw_rule_fill(struct sk_buff *skb, const struct brfw_rule *rule,
		   u32 pos_in, u32 pos_out)
{
	const struct brfw_match *m;
	struct nlattr *nest, *cnt;
	u64 packets, bytes;
	u32 p;

	m = &rule->m[rule->dirs & BRFW_RULE_DIR_IN ? BRFW_DIR_IN : BRFW_DIR_OUT];
	p = m->present;
	nest = nla_nest_start(skb, BRFW_A_RULE);
	if (!nest)
		return -EMSGSIZE;
	if (nla_put_u32(skb, BRFW_RULE_ID, rule->id) ||
	    nla_put_u8(skb, BRFW_RULE_DIRS, rule->dirs) ||
	    nla_put_u8(skb, BRFW_RULE_ACTION, rule->action) ||
	    (rule->log && nla_put_flag(skb, BRFW_RULE_LOG)) ||
	    ((p & BRFW_M_ETHERTYPE) &&
	     nla_put_u16(skb, BRFW_RULE_ETHERTYPE, m->ethertype)) ||
	    ((p & BRFW_M_SMAC) &&
	     nla_put(skb, BRFW_RULE_SRC_MAC, ETH_ALEN, m->smac)) ||
	    ((p & BRFW_M_DMAC) &&
	     nla_put(skb, BRFW_RULE_DST_MAC, ETH_ALEN, m->dmac)) ||
	    ((p & BRFW_M_VLAN) && nla_put_u16(skb, BRFW_RULE_VLAN, m->vlan)) ||
	    ((p & BRFW_M_PROTO) && nla_put_u8(skb, BRFW_RULE_PROTO, m->proto)) ||
	    ((p & BRFW_M_SRC) &&
	     brfw_fill_addr(skb, BRFW_RULE_SRC, m, &m->src)) ||
	    ((p & BRFW_M_DST) &&
	     brfw_fill_addr(skb, BRFW_RULE_DST, m, &m->dst)) ||
	    ((p & BRFW_M_SPORT) &&
	     brfw_fill_ranges(skb, BRFW_RULE_SPORT, m->sport, m->nsport)) ||
	    ((p & BRFW_M_DPORT) &&
	     brfw_fill_ranges(skb, BRFW_RULE_DPORT, m->dport, m->ndport)) ||
	    ((p & BRFW_M_ICMP_TYPE) &&
	     nla_put_u8(skb, BRFW_RULE_ICMP_TYPE, m->icmp_type)) ||
	    ((p & BRFW_M_ICMP_CODE) &&
	     nla_put_u8(skb, BRFW_RULE_ICMP_CODE, m->icmp_code)) ||
	    ((p & BRFW_M_TCP_FLAGS) &&
	     (nla_put_u8(skb, BRFW_RULE_TCP_FLAGS, m->tcp_flags) ||
	      nla_put_u8(skb, BRFW_RULE_TCP_FLAGS_MASK, m->tcp_mask))) ||
	    ((p & BRFW_M_CT_STATE) &&
	     nla_put_u8(skb, BRFW_RULE_CT_STATE, m->ct_state)) ||
	    (pos_in && nla_put_u32(skb, BRFW_RULE_POS_IN, pos_in)) ||
	    (pos_out && nla_put_u32(skb, BRFW_RULE_POS_OUT, pos_out)))
		goto cancel;

	brfw_rule_counters(rule, &packets, &bytes);
	cnt = nla_nest_start(skb, BRFW_RULE_COUNTERS);
	if (!cnt ||
	    nla_put_u64_64bit(skb, BRFW_COUNTER_PACKETS, packets,
			      BRFW_COUNTER_PAD) ||
	    nla_put_u64_64bit(skb, BRFW_COUNTER_BYTES, bytes, BRFW_COUNTER_PAD))
		goto cancel;
	nla_nest_end(skb, cnt);
	nla_nest_end(skb, nest);
	return 0;
cancel:
	nla_nest_cancel(skb, nest);
	return -EMSGSIZE;
}
