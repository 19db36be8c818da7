// SPDX-License-Identifier: GPL-2.0
/*
 * The reference semantics of a rule's matches: brfw_match_pkt() reads the
 * definition literally, one field at a time. The classifier (cls.c) must
 * agree with a first-match scan over it; the unit tests check that.
 */
#include <linux/types.h>
#include <linux/string.h>

#include "match.h"

/* Do the first len bits of a and b agree? alen: address bytes (4, 16). */
static bool brfw_prefix_eq(const u8 *a, const u8 *b, unsigned int len,
			   unsigned int alen)
{
	unsigned int bytes = len / 8, bits = len % 8;
	u8 mask;

	if (len > alen * 8)
		return false;
	if (memcmp(a, b, bytes))
		return false;
	if (!bits)
		return true;
	mask = (u8)(0xff << (8 - bits));
	return !((a[bytes] ^ b[bytes]) & mask);
}

static bool brfw_addr_match(const struct brfw_match_addr *ma,
			    const struct brfw_pkt *pkt, const u8 *addr)
{
	if (pkt->family != 4 && pkt->family != 6)
		return false;
	if (ma->set)
		return brfw_set_contains(ma->set, pkt->family, addr);
	return brfw_prefix_eq(ma->addr, addr, ma->len,
			      pkt->family == 4 ? 4 : 16);
}

static bool brfw_ports_match(const struct brfw_match_range *r,
			     unsigned int n, u16 port)
{
	unsigned int i;

	for (i = 0; i < n && i < BRFW_MAX_PORT_RANGES; i++)
		if (r[i].lo <= port && port <= r[i].hi)
			return true;
	return false;
}

bool brfw_match_pkt(const struct brfw_match *m, const struct brfw_pkt *pkt)
{
	u32 p = m->present;

	if ((p & BRFW_M_L4) && pkt->frag)
		return false;
	if (m->family && m->family != pkt->family)
		return false;
	if ((p & BRFW_M_ETHERTYPE) && m->ethertype != pkt->ethertype)
		return false;
	if ((p & BRFW_M_SMAC) && memcmp(m->smac, pkt->smac, 6))
		return false;
	if ((p & BRFW_M_DMAC) && memcmp(m->dmac, pkt->dmac, 6))
		return false;
	if ((p & BRFW_M_VLAN) && m->vlan != pkt->vlan)
		return false;
	if ((p & BRFW_M_PROTO) && m->proto != pkt->proto)
		return false;
	if ((p & BRFW_M_SRC) && !brfw_addr_match(&m->src, pkt, pkt->saddr))
		return false;
	if ((p & BRFW_M_DST) && !brfw_addr_match(&m->dst, pkt, pkt->daddr))
		return false;
	if ((p & BRFW_M_SPORT) &&
	    !brfw_ports_match(m->sport, m->nsport, pkt->sport))
		return false;
	if ((p & BRFW_M_DPORT) &&
	    !brfw_ports_match(m->dport, m->ndport, pkt->dport))
		return false;
	if ((p & BRFW_M_ICMP_TYPE) && m->icmp_type != pkt->icmp_type)
		return false;
	if ((p & BRFW_M_ICMP_CODE) && m->icmp_code != pkt->icmp_code)
		return false;
	if ((p & BRFW_M_CT_STATE) && !(m->ct_state & pkt->ct))
		return false;
	if ((p & BRFW_M_TCP_FLAGS) &&
	    (pkt->tcp_flags & m->tcp_mask) != m->tcp_flags)
		return false;
	return true;
}
