// SPDX-License-Identifier: GPL-2.0
/*
 * Netlink commands of the flow table: CT_GET, CT_SET, FLOW_GET (dump)
 * and FLOW_DEL. netlink.c registers them; every failure here sets an
 * extack message.
 */
#include <linux/jiffies.h>
#include <net/genetlink.h>
#include <net/net_namespace.h>
#include <net/sock.h>

#include "ct_nl.h"
#include "ct.h"
#include "netns.h"

/* 16M flows of 128 bytes: 2 GiB. More is a typo, not a plan. */
#define BRFW_CT_MAX_LIMIT	(1U << 24)

/* Ranges past s16 need the pointer form. */
static struct netlink_range_validation brfw_ct_to_range = {
	.min = 1,
	.max = BRFW_CT_TIMEOUT_LIMIT,
};

static struct netlink_range_validation brfw_ct_max_range = {
	.min = 1,
	.max = BRFW_CT_MAX_LIMIT,
};

static const struct nla_policy brfw_ct_to_policy[BRFW_CT_TO_MAX + 1] = {
	[BRFW_CT_TO_TCP_SYN_SENT ... BRFW_CT_TO_MAX] =
		NLA_POLICY_FULL_RANGE(NLA_U32, &brfw_ct_to_range),
};

static const struct nla_policy brfw_ct_attr_policy[BRFW_CT_ATTR_MAX + 1] = {
	[BRFW_CT_MAX]		= NLA_POLICY_FULL_RANGE(NLA_U32,
							&brfw_ct_max_range),
	[BRFW_CT_TIMEOUTS]	= NLA_POLICY_NESTED(brfw_ct_to_policy),
};

static const struct nla_policy brfw_flow_policy[BRFW_FLOW_MAX + 1] = {
	[BRFW_FLOW_ZONE]	= NLA_POLICY_MIN(NLA_U32, 1),
	[BRFW_FLOW_FAMILY]	= { .type = NLA_U8 },
	[BRFW_FLOW_PROTO]	= NLA_POLICY_MIN(NLA_U8, 1),
	[BRFW_FLOW_SRC]		= { .type = NLA_BINARY, .len = 16 },
	[BRFW_FLOW_DST]		= { .type = NLA_BINARY, .len = 16 },
	[BRFW_FLOW_SPORT]	= { .type = NLA_U16 },
	[BRFW_FLOW_DPORT]	= { .type = NLA_U16 },
	[BRFW_FLOW_ICMP_ID]	= { .type = NLA_U16 },
};

const struct nla_policy brfw_ct_get_policy[BRFW_A_MAX + 1] = {};

const struct nla_policy brfw_ct_set_policy[BRFW_A_MAX + 1] = {
	[BRFW_A_CT]		= NLA_POLICY_NESTED(brfw_ct_attr_policy),
};

const struct nla_policy brfw_flow_get_policy[BRFW_A_MAX + 1] = {
	[BRFW_A_IFINDEX]	= NLA_POLICY_MIN(NLA_U32, 1),
};

const struct nla_policy brfw_flow_del_policy[BRFW_A_MAX + 1] = {
	[BRFW_A_IFINDEX]	= NLA_POLICY_MIN(NLA_U32, 1),
	[BRFW_A_FLOW]		= NLA_POLICY_NESTED(brfw_flow_policy),
};

int brfw_ct_nl_get(struct sk_buff *skb, struct genl_info *info,
		   const struct genl_family *family)
{
	struct brfw_net *bn = brfw_net(genl_info_net(info));
	struct nlattr *nest, *to;
	struct brfw_ct_info ci;
	struct sk_buff *msg;
	unsigned int i;
	void *hdr;

	brfw_ct_info(bn->ct, &ci);
	msg = genlmsg_new(NLMSG_DEFAULT_SIZE, GFP_KERNEL);
	if (!msg) {
		NL_SET_ERR_MSG(info->extack, "out of memory for the reply");
		return -ENOMEM;
	}
	hdr = genlmsg_put_reply(msg, info, family, 0, BRFW_CMD_CT_GET);
	if (!hdr)
		goto full;
	nest = nla_nest_start(msg, BRFW_A_CT);
	if (!nest ||
	    nla_put_u32(msg, BRFW_CT_MAX, ci.max) ||
	    nla_put_u32(msg, BRFW_CT_COUNT, ci.count) ||
	    nla_put_u32(msg, BRFW_CT_BUCKETS, ci.buckets) ||
	    nla_put_u32(msg, BRFW_CT_ENTRY_SIZE, ci.entry_size) ||
	    nla_put_u64_64bit(msg, BRFW_CT_EARLY_DROPS, ci.early_drops,
			      BRFW_CT_PAD) ||
	    nla_put_u64_64bit(msg, BRFW_CT_FULL_DROPS, ci.full_drops,
			      BRFW_CT_PAD))
		goto full;
	to = nla_nest_start(msg, BRFW_CT_TIMEOUTS);
	if (!to)
		goto full;
	for (i = BRFW_CT_TO_TCP_SYN_SENT; i <= BRFW_CT_TO_MAX; i++)
		if (nla_put_u32(msg, i, ci.to.t[i]))
			goto full;
	nla_nest_end(msg, to);
	nla_nest_end(msg, nest);
	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);

full:
	nlmsg_free(msg);
	NL_SET_ERR_MSG(info->extack, "the reply does not fit");
	return -EMSGSIZE;
}

int brfw_ct_nl_set(struct sk_buff *skb, struct genl_info *info)
{
	struct net *net = genl_info_net(info);
	struct brfw_net *bn = brfw_net(net);
	struct nlattr *tb[BRFW_CT_ATTR_MAX + 1];
	struct nlattr *to[BRFW_CT_TO_MAX + 1];
	struct brfw_ct_info ci;
	unsigned int i;
	int err;

	if (!info->attrs[BRFW_A_CT]) {
		NL_SET_ERR_MSG(info->extack, "missing the settings (BRFW_A_CT)");
		return -EINVAL;
	}
	/* Both nests were validated by the policy already. */
	err = nla_parse_nested(tb, BRFW_CT_ATTR_MAX, info->attrs[BRFW_A_CT],
			       brfw_ct_attr_policy, info->extack);
	if (err)
		return err;
	memset(to, 0, sizeof(to));
	if (tb[BRFW_CT_TIMEOUTS]) {
		err = nla_parse_nested(to, BRFW_CT_TO_MAX,
				       tb[BRFW_CT_TIMEOUTS],
				       brfw_ct_to_policy, info->extack);
		if (err)
			return err;
	}

	mutex_lock(&brfw_config_mutex);
	if (tb[BRFW_CT_MAX]) {
		brfw_ct_info(bn->ct, &ci);
		/*
		 * A container may lower its own limit; raising it would let
		 * it take memory the host sized for it.
		 */
		if (!net_eq(net, &init_net) &&
		    nla_get_u32(tb[BRFW_CT_MAX]) > ci.max) {
			NL_SET_ERR_MSG_ATTR(info->extack, tb[BRFW_CT_MAX],
					    "only the initial network namespace may raise the flow limit");
			mutex_unlock(&brfw_config_mutex);
			return -EPERM;
		}
		brfw_ct_set_max(bn->ct, nla_get_u32(tb[BRFW_CT_MAX]));
	}
	for (i = BRFW_CT_TO_TCP_SYN_SENT; i <= BRFW_CT_TO_MAX; i++)
		if (to[i])
			brfw_ct_set_timeout(bn->ct, i, nla_get_u32(to[i]));
	mutex_unlock(&brfw_config_mutex);
	return 0;
}

/* ---- FLOW_GET ---- */

struct brfw_flow_dump {
	struct sk_buff *skb;
	struct netlink_callback *cb;
	const struct genl_family *family;
	unsigned long *pos;
	unsigned long bucket;	/* the bucket being written */
	unsigned int mark;	/* skb->len when it started */
	bool any;		/* a flow was written in this call */
};

static int brfw_flow_fill(struct sk_buff *skb, const struct brfw_ct *ct,
			  u32 now)
{
	unsigned int alen = ct->family == 4 ? 4 : 16;
	s32 left = (s32)(ct->expires - now);
	bool ports = ct->proto == IPPROTO_TCP || ct->proto == IPPROTO_UDP ||
		     ct->proto == IPPROTO_SCTP;
	bool echo = ct->proto == IPPROTO_ICMP || ct->proto == IPPROTO_ICMPV6;

	if (left < 0)
		left = 0;
	if (nla_put_u32(skb, BRFW_FLOW_ZONE, ct->zone) ||
	    nla_put_u8(skb, BRFW_FLOW_FAMILY, ct->family) ||
	    nla_put_u8(skb, BRFW_FLOW_PROTO, ct->proto) ||
	    nla_put(skb, BRFW_FLOW_SRC, alen, ct->src) ||
	    nla_put(skb, BRFW_FLOW_DST, alen, ct->dst) ||
	    (ports && (nla_put_u16(skb, BRFW_FLOW_SPORT, ct->sport) ||
		       nla_put_u16(skb, BRFW_FLOW_DPORT, ct->dport))) ||
	    (echo && nla_put_u16(skb, BRFW_FLOW_ICMP_ID, ct->sport)) ||
	    nla_put_u8(skb, BRFW_FLOW_STATE, ct->state) ||
	    nla_put_u32(skb, BRFW_FLOW_TIMEOUT,
			DIV_ROUND_UP(jiffies_to_msecs((unsigned long)left),
				     1000)) ||
	    nla_put_u32(skb, BRFW_FLOW_RULE_ID, ct->rule_id) ||
	    nla_put_u32(skb, BRFW_FLOW_PORT_ORIG, ct->port[0]) ||
	    nla_put_u32(skb, BRFW_FLOW_PORT_REPLY, ct->port[1]) ||
	    nla_put_u64_64bit(skb, BRFW_FLOW_PACKETS_ORIG, ct->packets[0],
			      BRFW_FLOW_PAD) ||
	    nla_put_u64_64bit(skb, BRFW_FLOW_BYTES_ORIG, ct->bytes[0],
			      BRFW_FLOW_PAD) ||
	    nla_put_u64_64bit(skb, BRFW_FLOW_PACKETS_REPLY, ct->packets[1],
			      BRFW_FLOW_PAD) ||
	    nla_put_u64_64bit(skb, BRFW_FLOW_BYTES_REPLY, ct->bytes[1],
			      BRFW_FLOW_PAD))
		return -EMSGSIZE;
	return 0;
}

/* brfw_ct_walk()'s callback: one message per flow. Bucket lock held. */
static int brfw_flow_dump_one(void *arg, const struct brfw_ct *ct, u32 now)
{
	struct brfw_flow_dump *d = arg;
	struct nlattr *nest;
	void *hdr;

	if (*d->pos != d->bucket) {
		d->bucket = *d->pos;
		d->mark = d->skb->len;
	}
	hdr = genlmsg_put(d->skb, NETLINK_CB(d->cb->skb).portid,
			  d->cb->nlh->nlmsg_seq, d->family, NLM_F_MULTI,
			  BRFW_CMD_FLOW_GET);
	if (!hdr)
		return -EMSGSIZE;
	nest = nla_nest_start(d->skb, BRFW_A_FLOW);
	if (!nest || brfw_flow_fill(d->skb, ct, now)) {
		genlmsg_cancel(d->skb, hdr);
		return -EMSGSIZE;
	}
	nla_nest_end(d->skb, nest);
	genlmsg_end(d->skb, hdr);
	d->any = true;
	return 0;
}

/*
 * A bucket goes whole into one message batch: when it does not fit, what
 * was written of it is trimmed and the next batch starts it over, so no
 * flow is sent twice (flows never change bucket). A bucket too big for
 * an empty batch is sent in part and the dump flagged interrupted.
 * cb->args: 0 next bucket, 1 port filter, 2 a bucket was cut short.
 */
int brfw_ct_nl_dump(struct sk_buff *skb, struct netlink_callback *cb,
		    const struct genl_family *family)
{
	struct brfw_net *bn = brfw_net(sock_net(cb->skb->sk));
	struct brfw_flow_dump d = {
		.skb = skb,
		.cb = cb,
		.family = family,
		.pos = (unsigned long *)&cb->args[0],
		.bucket = cb->args[0],
		.mark = skb->len,
	};
	const struct nlattr *attr;
	int err;

	if (!cb->args[3]) {
		attr = nlmsg_find_attr(cb->nlh, GENL_HDRLEN, BRFW_A_IFINDEX);
		if (attr && nla_len(attr) == sizeof(u32))
			cb->args[1] = nla_get_u32(attr);
		cb->args[3] = 1;
	}
	err = brfw_ct_walk(bn->ct, d.pos, (u32)cb->args[1],
			   brfw_flow_dump_one, &d);
	if (!err)
		goto out;
	if (d.mark > 0 || !d.any) {
		nlmsg_trim(skb, skb->data + d.mark);
		if (d.mark > 0)
			goto out;
	}
	/* Nothing before it and still too big: keep the part, move on. */
	cb->args[0]++;
	cb->args[2] = 1;
out:
	if (cb->args[2] && skb->len)
		nlmsg_hdr(skb)->nlmsg_flags |= NLM_F_DUMP_INTR;
	return skb->len;
}

/* ---- FLOW_DEL ---- */

static int brfw_flow_key(struct nlattr *nest, struct brfw_ct_key *key,
			 struct netlink_ext_ack *extack)
{
	struct nlattr *tb[BRFW_FLOW_MAX + 1];
	unsigned int alen;
	u8 family, proto;
	int err;

	err = nla_parse_nested(tb, BRFW_FLOW_MAX, nest, brfw_flow_policy,
			       extack);
	if (err)
		return err;
	if (!tb[BRFW_FLOW_FAMILY] || !tb[BRFW_FLOW_PROTO] ||
	    !tb[BRFW_FLOW_SRC] || !tb[BRFW_FLOW_DST]) {
		NL_SET_ERR_MSG_ATTR(extack, nest,
				    "flow: needs family, protocol, source and destination");
		return -EINVAL;
	}
	family = nla_get_u8(tb[BRFW_FLOW_FAMILY]);
	if (family != 4 && family != 6) {
		NL_SET_ERR_MSG_ATTR(extack, tb[BRFW_FLOW_FAMILY],
				    "flow: family must be 4 or 6");
		return -EINVAL;
	}
	alen = family == 4 ? 4 : 16;
	if (nla_len(tb[BRFW_FLOW_SRC]) != alen ||
	    nla_len(tb[BRFW_FLOW_DST]) != alen) {
		NL_SET_ERR_MSG_ATTR(extack, nest,
				    "flow: address size does not match the family");
		return -EINVAL;
	}
	proto = nla_get_u8(tb[BRFW_FLOW_PROTO]);
	memset(key, 0, sizeof(*key));
	key->family = family;
	key->proto = proto;
	nla_memcpy(key->src, tb[BRFW_FLOW_SRC], alen);
	nla_memcpy(key->dst, tb[BRFW_FLOW_DST], alen);
	if (tb[BRFW_FLOW_ZONE])
		key->zone = nla_get_u32(tb[BRFW_FLOW_ZONE]);

	switch (proto) {
	case IPPROTO_TCP:
	case IPPROTO_UDP:
	case IPPROTO_SCTP:
		if (!tb[BRFW_FLOW_SPORT] || !tb[BRFW_FLOW_DPORT]) {
			NL_SET_ERR_MSG_ATTR(extack, nest,
					    "flow: tcp, udp and sctp flows need both ports");
			return -EINVAL;
		}
		key->sport = nla_get_u16(tb[BRFW_FLOW_SPORT]);
		key->dport = nla_get_u16(tb[BRFW_FLOW_DPORT]);
		break;
	case IPPROTO_ICMP:
	case IPPROTO_ICMPV6:
		if ((proto == IPPROTO_ICMP) != (family == 4)) {
			NL_SET_ERR_MSG_ATTR(extack, tb[BRFW_FLOW_PROTO],
					    "flow: icmp is IPv4, icmpv6 IPv6");
			return -EINVAL;
		}
		if (!tb[BRFW_FLOW_ICMP_ID]) {
			NL_SET_ERR_MSG_ATTR(extack, nest,
					    "flow: an echo flow needs its identifier");
			return -EINVAL;
		}
		key->sport = nla_get_u16(tb[BRFW_FLOW_ICMP_ID]);
		key->dport = key->sport;
		break;
	default:
		if (tb[BRFW_FLOW_SPORT] || tb[BRFW_FLOW_DPORT] ||
		    tb[BRFW_FLOW_ICMP_ID]) {
			NL_SET_ERR_MSG_ATTR(extack, nest,
					    "flow: ports only with tcp, udp or sctp, an identifier only with icmp");
			return -EINVAL;
		}
		break;
	}
	return 0;
}

int brfw_ct_nl_del(struct sk_buff *skb, struct genl_info *info)
{
	struct brfw_net *bn = brfw_net(genl_info_net(info));
	struct nlattr *flow = info->attrs[BRFW_A_FLOW];
	struct brfw_ct_key key;
	int err;

	if (flow && info->attrs[BRFW_A_IFINDEX]) {
		NL_SET_ERR_MSG(info->extack,
			       "a flow or a port, not both");
		return -EINVAL;
	}
	if (!flow) {
		brfw_ct_flush(bn->ct, info->attrs[BRFW_A_IFINDEX] ?
			      nla_get_u32(info->attrs[BRFW_A_IFINDEX]) : 0);
		return 0;
	}
	err = brfw_flow_key(flow, &key, info->extack);
	if (err)
		return err;
	err = brfw_ct_delete(bn->ct, &key);
	if (err == -ENOENT)
		NL_SET_ERR_MSG_ATTR(info->extack, flow, "no such flow");
	return err;
}
