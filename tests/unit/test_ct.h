/* SPDX-License-Identifier: GPL-2.0 */
#ifndef BRFW_TEST_CT_H
#define BRFW_TEST_CT_H

/* kmod/ct_proto.c in userspace (built with kshim/): the state machine. */
void test_ct_proto(void);

#endif
