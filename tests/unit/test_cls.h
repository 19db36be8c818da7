/* SPDX-License-Identifier: GPL-2.0 */
#ifndef BRFW_TEST_CLS_H
#define BRFW_TEST_CLS_H

/* kmod/cls.c, match.c, addrset.c in userspace (built with kshim/). */
void test_cls(void);

#endif
