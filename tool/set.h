/* SPDX-License-Identifier: GPL-2.0 */
/* Address sets: replies, set show. */
#ifndef BRFWCTL_SET_H
#define BRFWCTL_SET_H

#include <stddef.h>
#include <stdint.h>

#include <linux/netlink.h>

#include "cmd.h"
#include "parse.h"
#include "print.h"

struct set_info {
	char name[BRFW_SET_NAMSIZ];
	uint32_t refs;		/* rules using it */
	struct elem *elems;
	size_t n, cap;
};

struct set_list {
	struct set_info *v;
	size_t n, cap;
};

/*
 * Decode one BRFW_CMD_SET_GET message into l: a new set, or more members
 * of the last one (a set's members may span messages). Returns 0, or -1
 * with the reason in err.
 */
int set_reply_add(struct set_list *l, const struct nlmsghdr *nlh,
		  char *err, size_t errlen);
/* Sets by name; each set's members by elem_cmp, without duplicates. */
void set_list_sort(struct set_list *l);
void set_list_free(struct set_list *l);
/* The set show text, or an array of set objects (JSON). */
void set_print(struct pr *pr, const struct set_list *l);

/* Every set (or the set name, if not NULL), sorted. */
int set_dump(struct session *s, const char *name, struct set_list *l,
	     const char *ctx);
int cmd_set_show(struct session *s, const struct request *req,
		 struct pr *pr);

#endif
