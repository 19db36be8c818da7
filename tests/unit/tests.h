/* SPDX-License-Identifier: GPL-2.0 */
#ifndef BRFW_UNIT_TESTS_H
#define BRFW_UNIT_TESTS_H

#include <stdio.h>

void test_parse(void);
void test_print(void);
void test_nl(void);
void test_port(void);
void test_cli(const char *brfwctl, const char *manpage);
void test_fake(const char *brfwctl_fake);
void test_rule(void);
void test_ct(void);

/* A memory stream to capture output; mem_take() closes it. */
struct mem {
	FILE *fp;
	char *buf;
	size_t len;
};
FILE *mem_open(struct mem *m);
char *mem_take(struct mem *m);	/* caller frees */

#endif
