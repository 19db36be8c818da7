/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _BRFW_CLS_H
#define _BRFW_CLS_H

/*
 * The classifier: an ordered rule list compiled into a structure whose
 * lookup cost does not grow with the number of rules (see cls.c). Built
 * in process context, immutable afterwards, read without locks.
 */
#include "match.h"

#define BRFW_CLS_NOMATCH	0xffffffffU

struct brfw_cls_rule {
	const struct brfw_match *m;	/* must outlive the classifier */
	u32 prio;			/* unique; lower wins (the rule's index) */
	bool stops;			/* action drop or reject */
};

struct brfw_cls;

/*
 * Compile n rules (any order; prio decides). frag_view: the classifier
 * for non-first fragments, where a rule with L4 matches is dropped if it
 * would accept and has its L4 matches ignored if it would stop the frame,
 * so a fragment never slips past a rule that would have dropped its first
 * fragment. Returns NULL with n == 0 too (lookup takes NULL: no match);
 * ERR_PTR(-ENOMEM) on failure.
 */
struct brfw_cls *brfw_cls_build(const struct brfw_cls_rule *rules,
				unsigned int n, bool frag_view);

/* The prio of the first rule (lowest prio) matching pkt, or NOMATCH. */
u32 brfw_cls_lookup(const struct brfw_cls *cls, const struct brfw_pkt *pkt);

void brfw_cls_free(struct brfw_cls *cls);

#endif
