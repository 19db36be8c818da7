/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Internals of the command line parser, shared by parse.c (options, port,
 * version, help) and parse_rule.c (rule, set, counters, save, restore).
 */
#ifndef BRFWCTL_PARSE_INT_H
#define BRFWCTL_PARSE_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "parse.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

struct word {
	const char *name;
	int id;
};

struct parser {
	char **argv;
	int argc;
	int i;			/* next word */
	char *err;
	size_t errlen;
	struct request *req;
	/* port set: "none" given for a list, and entries given. */
	bool ip4_none, ip6_none, vlan_none, vlan_ids;
};

#define LOOKUP_NONE (-1)
#define LOOKUP_AMBIGUOUS (-2)

/* An exact match, else the one id that s is a prefix of. */
int ps_lookup(const char *s, const struct word *tab, size_t n);
/* Set the error message; returns -1. */
int ps_fail(struct parser *ps, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
const char *ps_peek(struct parser *ps);
const char *ps_next(struct parser *ps);
bool ps_is_option(const char *s);
/* Word lookup with the messages for unknown and ambiguous words. */
int ps_word(struct parser *ps, const char *s, const struct word *tab,
	    size_t n, const char *what, const char *ctx);
/* Nothing may follow the command ctx. */
int ps_no_more(struct parser *ps, const char *ctx);
/* The next word as the device (req->dev). */
int ps_device(struct parser *ps, const char *ctx, bool required);
/* Six groups of one or two hex digits, separated by colons. */
bool parse_mac(const char *s, uint8_t *mac);

/* parse_rule.c: the commands after their first word. */
int parse_rule_cmd(struct parser *ps);
int parse_set_cmd(struct parser *ps);
int parse_counters_cmd(struct parser *ps);
int parse_save_cmd(struct parser *ps);
int parse_restore_cmd(struct parser *ps);
int parse_ct_cmd(struct parser *ps);
int parse_flows_cmd(struct parser *ps);

#endif
