// SPDX-License-Identifier: GPL-2.0
/*
 * save: the whole configuration as a restore file. Sets first (rules name
 * them), then each port's policy and identity followed by its rules:
 *
 *   # brfw configuration (brfwctl save)
 *   set add NAME
 *   set add-elem NAME E1 E2 ...          (at most 64 members a line)
 *   port set DEV policy-in X policy-out Y [identity] [stateful on]
 *            [persist-established on] [ct-limit N] [isolation ...]
 *   rule add DEV DIR id N MATCH... ACTION [log]
 *
 * Every value is written in its canonical form, so that save, restore,
 * save gives the same bytes.
 */
#define _GNU_SOURCE	/* strverscmp */
#include <stdlib.h>
#include <string.h>

#include <linux/brfw.h>

#include "err.h"
#include "restore.h"
#include "rule_cmd.h"

#define SAVE_HEADER "# brfw configuration (brfwctl save)\n"

static void write_sets(FILE *fp, const struct set_list *sets)
{
	char buf[PREFIX_STR_SIZE];
	size_t i, j;

	for (i = 0; i < sets->n; i++) {
		const struct set_info *s = &sets->v[i];

		fprintf(fp, "set add %s\n", s->name);
		for (j = 0; j < s->n; j++) {
			if (j % SAVE_ELEMS_PER_LINE == 0)
				fprintf(fp, "%sset add-elem %s", j ? "\n" : "",
					s->name);
			fprintf(fp, " %s", prefix_str(buf, s->elems[j].family == 6,
						      &s->elems[j].p));
		}
		if (s->n)
			fputc('\n', fp);
	}
}

/* "100,200,300-310": runs of three or more as ranges, as port show. */
static void write_vlans(FILE *fp, const uint8_t *vlans)
{
	unsigned int v, end;
	bool first = true;

	for (v = 1; v <= VLAN_MAX; v = end + 1) {
		end = v;
		if (!vlan_test(vlans, v))
			continue;
		while (end < VLAN_MAX && vlan_test(vlans, end + 1))
			end++;
		if (first)
			fputs(" vlan ", fp);
		if (end - v >= 2)
			fprintf(fp, "%s%u-%u", first ? "" : ",", v, end);
		else if (end > v)
			fprintf(fp, "%s%u,%u", first ? "" : ",", v, end);
		else
			fprintf(fp, "%s%u", first ? "" : ",", v);
		first = false;
	}
}

static int write_port(FILE *fp, const struct port *p, char *err,
		      size_t errlen)
{
	static const struct {
		uint32_t flag;
		const char *kw;
	} flags[] = {
		{ BRFW_PORT_F_SPOOF_CHECK, "spoof-check" },
		{ BRFW_PORT_F_DHCP_SERVER, "dhcp-server" },
		{ BRFW_PORT_F_ROUTER, "router" },
		{ BRFW_PORT_F_PROMISC, "promisc" },
		{ BRFW_PORT_F_STATEFUL, "stateful" },
		{ BRFW_PORT_F_PERSIST, "persist-established" },
	};
	static const uint8_t zero[MAC_LEN];
	const char *in = verdict_name(p->policy[BRFW_DIR_IN]);
	const char *out = verdict_name(p->policy[BRFW_DIR_OUT]);
	const char *iso = isolation_name(p->isolation);
	char buf[PREFIX_STR_SIZE];
	unsigned int i;

	if (!in || !out || !iso || (p->flags & ~BRFW_PORT_F_ALL) ||
	    (p->isolation == BRFW_ISOLATION_COMMUNITY && !p->community[0])) {
		snprintf(err, errlen, "port %s has settings this brfwctl does not know: update brfwctl",
			 p->name);
		return -1;
	}
	fprintf(fp, "port set %s policy-in %s policy-out %s", p->name, in, out);
	if (memcmp(p->mac, zero, MAC_LEN))
		fprintf(fp, " mac %s", mac_str(buf, p->mac));
	for (i = 0; i < p->n_ip4; i++)
		fprintf(fp, " ip %s", prefix_str(buf, false, &p->ip4[i]));
	for (i = 0; i < p->n_ip6; i++)
		fprintf(fp, " ip6 %s", prefix_str(buf, true, &p->ip6[i]));
	write_vlans(fp, p->vlans);
	for (i = 0; i < sizeof(flags) / sizeof(flags[0]); i++)
		if (p->flags & flags[i].flag)
			fprintf(fp, " %s on", flags[i].kw);
	if (p->ct_limit)
		fprintf(fp, " ct-limit %u", p->ct_limit);
	if (p->isolation != BRFW_ISOLATION_NONE) {
		fprintf(fp, " isolation %s", iso);
		if (p->isolation == BRFW_ISOLATION_COMMUNITY)
			fprintf(fp, " %s", p->community);
	}
	fputc('\n', fp);
	return 0;
}

static int write_rule(FILE *fp, const struct rule_entry *e, char *err,
		      size_t errlen)
{
	const struct rule *r = &e->r;
	char text[RULE_TEXT_SIZE], dir[16];

	if (r->unknown || r->action > BRFW_ACTION_MAX || !r->id ||
	    (r->dirs != BRFW_RULE_DIR_IN && r->dirs != BRFW_RULE_DIR_OUT &&
	     r->dirs != BRFW_RULE_DIR_ALL)) {
		snprintf(err, errlen, "rule %u of %s has matches this brfwctl does not know: update brfwctl",
			 r->id, e->dev);
		return -1;
	}
	fprintf(fp, "rule add %s %s %s\n", e->dev,
		rule_dir_name(dir, sizeof(dir), r->dirs),
		rule_format(text, sizeof(text), r, true));
	return 0;
}

/* Sort order of ports and rules: name (version order), then ifindex. */
static int key_cmp(const char *a, uint32_t ia, const char *b, uint32_t ib)
{
	int r = strverscmp(a, b);

	if (r)
		return r;
	return ia < ib ? -1 : ia > ib;
}

int save_write(FILE *fp, const struct set_list *sets,
	       const struct port *ports, size_t n_ports,
	       const struct rule_entry *rules, size_t n_rules,
	       char *err, size_t errlen)
{
	size_t i = 0, j = 0;

	fputs(SAVE_HEADER, fp);
	write_sets(fp, sets);
	/* Merge: each port's line, then its rules (a port comes first). */
	while (i < n_ports || j < n_rules) {
		if (i < n_ports &&
		    (j == n_rules || key_cmp(ports[i].name, ports[i].ifindex,
					     rules[j].dev, rules[j].ifindex) <= 0)) {
			if (write_port(fp, &ports[i++], err, errlen))
				return -1;
		} else if (write_rule(fp, &rules[j++], err, errlen)) {
			return -1;
		}
	}
	return 0;
}

int cmd_save(struct session *s, FILE *fp)
{
	struct rule_entry *rules = NULL;
	struct port *ports = NULL;
	size_t n_ports = 0, n_rules = 0, len = 0;
	struct set_list sets;
	char err[256], *text = NULL;
	FILE *mem;
	int ret = -1;

	memset(&sets, 0, sizeof(sets));
	if (!session_need(s, 3))
		return -1;
	if (set_dump(s, NULL, &sets, "save") ||
	    port_dump(s, &ports, &n_ports, "save") ||
	    rule_dump(s, 0, &rules, &n_rules, "save"))
		goto out;
	/* All or nothing: the text goes out once it is complete. */
	mem = open_memstream(&text, &len);
	if (!mem) {
		errorf("out of memory");
		goto out;
	}
	ret = save_write(mem, &sets, ports, n_ports, rules, n_rules, err,
			 sizeof(err));
	if (fclose(mem)) {
		errorf("out of memory");
		ret = -1;
		goto out;
	}
	if (ret) {
		errorf("cannot save: %s", err);
		goto out;
	}
	fwrite(text, 1, len, fp);
out:
	free(text);
	free(ports);
	free(rules);
	set_list_free(&sets);
	return ret;
}
