// SPDX-License-Identifier: GPL-2.0
/* Rules: canonical text, sorting, and the rule show table / JSON. */
#define _GNU_SOURCE	/* strverscmp */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rule.h"

const char *const tcp_flag_names[8] = {
	"fin", "syn", "rst", "psh", "ack", "urg", "ece", "cwr",
};

const char *const ct_state_names[CT_STATE_NUM] = {
	"new", "established", "related", "invalid",
};

/* The matches in canonical order, with their keywords. */
static const struct {
	uint32_t bit;
	const char *name;
} matches[] = {
	{ RM_ETHERTYPE, "ether-type" },
	{ RM_SRC_MAC, "src-mac" },
	{ RM_DST_MAC, "dst-mac" },
	{ RM_VLAN, "vlan" },
	{ RM_PROTO, "proto" },
	{ RM_SRC, "src" },
	{ RM_DST, "dst" },
	{ RM_SPORT, "sport" },
	{ RM_DPORT, "dport" },
	{ RM_ICMP_TYPE, "icmp-type" },
	{ RM_TCP_FLAGS, "tcp-flags" },
	{ RM_CT_STATE, "ct-state" },
};

#define N_MATCHES (sizeof(matches) / sizeof(matches[0]))

const char *rule_match_name(uint32_t bit)
{
	size_t i;

	for (i = 0; i < N_MATCHES; i++)
		if (matches[i].bit == bit)
			return matches[i].name;
	return "?";
}

static const char *addr_text(char *buf, const struct rule_addr *a)
{
	if (a->set[0]) {
		snprintf(buf, RULE_VALUE_SIZE, "@%s", a->set);
		return buf;
	}
	return prefix_str(buf, a->family == 6, &a->p);
}

static const char *ports_text(char *buf, const struct port_range *v,
			      unsigned int n)
{
	size_t off = 0;
	unsigned int i;

	buf[0] = '\0';
	for (i = 0; i < n && off < RULE_VALUE_SIZE; i++) {
		if (v[i].lo == v[i].hi)
			off += snprintf(buf + off, RULE_VALUE_SIZE - off, "%s%u",
					i ? "," : "", v[i].lo);
		else
			off += snprintf(buf + off, RULE_VALUE_SIZE - off,
					"%s%u-%u", i ? "," : "", v[i].lo,
					v[i].hi);
	}
	return buf;
}

static size_t flags_text(char *buf, size_t len, uint8_t flags)
{
	size_t off = 0;
	int i;

	if (!flags)
		return (size_t)snprintf(buf, len, "none");
	buf[0] = '\0';
	for (i = 0; i < 8; i++)
		if (flags & (1u << i))
			off += snprintf(buf + off, off < len ? len - off : 0,
					"%s%s", off ? "," : "",
					tcp_flag_names[i]);
	return off;
}

static const char *proto_name(uint8_t proto)
{
	switch (proto) {
	case IPPROTO_NUM_TCP: return "tcp";
	case IPPROTO_NUM_UDP: return "udp";
	case IPPROTO_NUM_ICMP: return "icmp";
	case IPPROTO_NUM_ICMPV6: return "icmpv6";
	case IPPROTO_NUM_SCTP: return "sctp";
	}
	return NULL;
}

const char *rule_value(char *buf, const struct rule *r, uint32_t bit)
{
	const char *s;
	size_t off;
	unsigned int i;

	buf[0] = '\0';
	switch (bit) {
	case RM_ETHERTYPE:
		if (r->ethertype == ETHERTYPE_IP)
			return "ip";
		if (r->ethertype == ETHERTYPE_IP6)
			return "ip6";
		if (r->ethertype == ETHERTYPE_ARP)
			return "arp";
		snprintf(buf, RULE_VALUE_SIZE, "0x%04x", r->ethertype);
		break;
	case RM_SRC_MAC:
		return mac_str(buf, r->src_mac);
	case RM_DST_MAC:
		return mac_str(buf, r->dst_mac);
	case RM_VLAN:
		snprintf(buf, RULE_VALUE_SIZE, "%u", r->vlan);
		break;
	case RM_PROTO:
		s = proto_name(r->proto);
		if (s)
			return s;
		snprintf(buf, RULE_VALUE_SIZE, "%u", r->proto);
		break;
	case RM_SRC:
		return addr_text(buf, &r->src);
	case RM_DST:
		return addr_text(buf, &r->dst);
	case RM_SPORT:
		return ports_text(buf, r->sport, r->n_sport);
	case RM_DPORT:
		return ports_text(buf, r->dport, r->n_dport);
	case RM_ICMP_TYPE:
		if (r->present & RM_ICMP_CODE)
			snprintf(buf, RULE_VALUE_SIZE, "%u/%u", r->icmp_type,
				 r->icmp_code);
		else
			snprintf(buf, RULE_VALUE_SIZE, "%u", r->icmp_type);
		break;
	case RM_CT_STATE:
		off = 0;
		for (i = 0; i < CT_STATE_NUM; i++)
			if (r->ct_state & (1u << i))
				off += snprintf(buf + off, RULE_VALUE_SIZE - off,
						"%s%s", off ? "," : "",
						ct_state_names[i]);
		/* Bits of a newer module. */
		if (r->ct_state >> CT_STATE_NUM)
			snprintf(buf + off, RULE_VALUE_SIZE - off, "%s0x%x",
				 off ? "," : "", r->ct_state >> CT_STATE_NUM << CT_STATE_NUM);
		break;
	case RM_TCP_FLAGS:
		if (r->tcp_flags == TCP_FLAG_SYN &&
		    r->tcp_mask == (TCP_FLAG_SYN | TCP_FLAG_ACK))
			return "syn";
		off = flags_text(buf, RULE_VALUE_SIZE, r->tcp_flags);
		if (off + 1 < RULE_VALUE_SIZE) {
			buf[off++] = '/';
			flags_text(buf + off, RULE_VALUE_SIZE - off, r->tcp_mask);
		}
		break;
	}
	return buf;
}

int rule_match_family(const struct rule *r, uint32_t bit)
{
	switch (bit) {
	case RM_ETHERTYPE:
		return r->ethertype == ETHERTYPE_IP ? 4 :
		       r->ethertype == ETHERTYPE_IP6 ? 6 : 0;
	case RM_PROTO:
		return r->proto == IPPROTO_NUM_ICMP ? 4 :
		       r->proto == IPPROTO_NUM_ICMPV6 ? 6 : 0;
	case RM_SRC:
		return r->src.set[0] ? 0 : r->src.family;
	case RM_DST:
		return r->dst.set[0] ? 0 : r->dst.family;
	}
	return 0;
}

const char *rule_dir_name(char *buf, size_t len, uint8_t dirs)
{
	switch (dirs) {
	case BRFW_RULE_DIR_IN:
		return "in";
	case BRFW_RULE_DIR_OUT:
		return "out";
	case BRFW_RULE_DIR_ALL:
		return "inout";
	}
	snprintf(buf, len, "dirs-%u", dirs);
	return buf;
}

const char *rule_action_name(char *buf, size_t len, uint8_t action)
{
	switch (action) {
	case BRFW_ACTION_ACCEPT:
		return "accept";
	case BRFW_ACTION_DROP:
		return "drop";
	case BRFW_ACTION_REJECT:
		return "reject";
	}
	snprintf(buf, len, "action-%u", action);
	return buf;
}

const char *rule_format(char *buf, size_t len, const struct rule *r,
			bool with_id)
{
	char v[RULE_VALUE_SIZE], a[32];
	size_t off = 0, i;

#define ADD(...) \
	(off += snprintf(buf + off, off < len ? len - off : 0, __VA_ARGS__))
	buf[0] = '\0';
	if (with_id && r->id)
		ADD("id %" PRIu32 " ", r->id);
	for (i = 0; i < N_MATCHES; i++)
		if (r->present & matches[i].bit)
			ADD("%s %s ", matches[i].name,
			    rule_value(v, r, matches[i].bit));
	ADD("%s", rule_action_name(a, sizeof(a), r->action));
	if (r->log)
		ADD(" log");
#undef ADD
	return buf;
}

static bool addr_equal(const struct rule_addr *a, const struct rule_addr *b)
{
	if (strcmp(a->set, b->set))
		return false;
	if (a->set[0])
		return true;
	return a->family == b->family && a->p.len == b->p.len &&
	       !memcmp(a->p.addr, b->p.addr, sizeof(a->p.addr));
}

static bool ranges_equal(const struct port_range *a, const struct port_range *b,
			 unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		if (a[i].lo != b[i].lo || a[i].hi != b[i].hi)
			return false;
	return true;
}

bool rule_equal(const struct rule *a, const struct rule *b)
{
	uint32_t p = a->present;

	if (a->id != b->id || a->dirs != b->dirs || a->action != b->action ||
	    a->log != b->log || p != b->present)
		return false;
	if ((p & RM_ETHERTYPE) && a->ethertype != b->ethertype)
		return false;
	if ((p & RM_SRC_MAC) && memcmp(a->src_mac, b->src_mac, 6))
		return false;
	if ((p & RM_DST_MAC) && memcmp(a->dst_mac, b->dst_mac, 6))
		return false;
	if ((p & RM_VLAN) && a->vlan != b->vlan)
		return false;
	if ((p & RM_PROTO) && a->proto != b->proto)
		return false;
	if ((p & RM_SRC) && !addr_equal(&a->src, &b->src))
		return false;
	if ((p & RM_DST) && !addr_equal(&a->dst, &b->dst))
		return false;
	if ((p & RM_SPORT) && (a->n_sport != b->n_sport ||
			       !ranges_equal(a->sport, b->sport, a->n_sport)))
		return false;
	if ((p & RM_DPORT) && (a->n_dport != b->n_dport ||
			       !ranges_equal(a->dport, b->dport, a->n_dport)))
		return false;
	if ((p & RM_ICMP_TYPE) && a->icmp_type != b->icmp_type)
		return false;
	if ((p & RM_ICMP_CODE) && a->icmp_code != b->icmp_code)
		return false;
	if ((p & RM_TCP_FLAGS) && (a->tcp_flags != b->tcp_flags ||
				   a->tcp_mask != b->tcp_mask))
		return false;
	if ((p & RM_CT_STATE) && a->ct_state != b->ct_state)
		return false;
	return true;
}

static int entry_cmp(const void *x, const void *y)
{
	const struct rule_entry *a = x, *b = y;
	int r = strverscmp(a->dev, b->dev);

	if (r)
		return r;
	if (a->ifindex != b->ifindex)
		return a->ifindex < b->ifindex ? -1 : 1;
	return a->seq < b->seq ? -1 : a->seq > b->seq;
}

void rule_sort(struct rule_entry *v, size_t n)
{
	if (n > 1)
		qsort(v, n, sizeof(*v), entry_cmp);
}

void rule_print(struct pr *pr, const struct rule_entry *v, size_t n)
{
	int wdev = 3, wid = 2, wdir = 3, wrule = 4, wpk = 7, wby = 5;
	char text[RULE_TEXT_SIZE], val[RULE_VALUE_SIZE], buf[32];
	size_t i, m;

	for (i = 0; i < n; i++) {
		const struct rule *r = &v[i].r;

		wdev = pr_max(wdev, (int)pr_text_width(v[i].dev));
		wid = pr_max(wid, pr_u64_width(r->id));
		wdir = pr_max(wdir, (int)strlen(rule_dir_name(buf, sizeof(buf),
							   r->dirs)));
		wrule = pr_max(wrule, (int)strlen(rule_format(text, sizeof(text),
							   r, false)));
		wpk = pr_max(wpk, pr_u64_width(r->packets));
		wby = pr_max(wby, pr_u64_width(r->bytes));
	}
	pr_open_array(pr, NULL);
	pr_col_str(pr, PR_TEXT, NULL, -wdev, "DEV");
	pr_col_str(pr, PR_TEXT, NULL, -wid, "ID");
	pr_col_str(pr, PR_TEXT, NULL, -wdir, "DIR");
	pr_col_str(pr, PR_TEXT, NULL, -wrule, "RULE");
	pr_col_str(pr, PR_TEXT, NULL, wpk, "PACKETS");
	pr_col_str(pr, PR_TEXT, NULL, wby, "BYTES");
	pr_text(pr, "\n");
	for (i = 0; i < n; i++) {
		const struct rule *r = &v[i].r;

		pr_open_object(pr, NULL);
		pr_col_str(pr, PR_ANY, "dev", -wdev, v[i].dev);
		pr_col_u64(pr, PR_TEXT, NULL, -wid, r->id);
		pr_u64(pr, PR_JSON, "id", NULL, r->id);
		pr_col_str(pr, PR_ANY, "dir", -wdir,
			   rule_dir_name(buf, sizeof(buf), r->dirs));
		pr_col_str(pr, PR_ANY, "rule", -wrule,
			   rule_format(text, sizeof(text), r, false));
		pr_open_object(pr, "match");
		for (m = 0; m < N_MATCHES; m++)
			if (r->present & matches[m].bit)
				pr_str(pr, PR_JSON, matches[m].name, NULL,
				       rule_value(val, r, matches[m].bit));
		pr_close_object(pr);
		pr_str(pr, PR_JSON, "action", NULL,
		       rule_action_name(buf, sizeof(buf), r->action));
		pr_bool(pr, PR_JSON, "log", NULL, r->log);
		pr_col_u64(pr, PR_ANY, "packets", wpk, r->packets);
		pr_col_u64(pr, PR_ANY, "bytes", wby, r->bytes);
		pr_text(pr, "\n");
		pr_close_object(pr);
	}
	pr_close_array(pr);
	pr_end(pr);
}
