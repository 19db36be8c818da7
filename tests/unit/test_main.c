// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of brfwctl: parser, printer, netlink message decoding, port
 * output, and the built binary on commands that need no kernel module.
 * Usage: unit BRFWCTL BRFWCTL_FAKE MANPAGE
 */
#include <stdio.h>
#include <stdlib.h>

#include "tap.h"
#include "tests.h"

FILE *mem_open(struct mem *m)
{
	m->buf = NULL;
	m->len = 0;
	m->fp = open_memstream(&m->buf, &m->len);
	if (!m->fp) {
		perror("open_memstream");
		exit(2);
	}
	return m->fp;
}

char *mem_take(struct mem *m)
{
	fclose(m->fp);
	m->fp = NULL;
	return m->buf;
}

int main(int argc, char **argv)
{
	if (argc != 4) {
		fprintf(stderr, "usage: %s BRFWCTL BRFWCTL_FAKE MANPAGE\n", argv[0]);
		return 2;
	}
	test_parse();
	test_print();
	test_nl();
	test_port();
	test_rule();
	test_ct();
	test_cli(argv[1], argv[3]);
	test_fake(argv[2]);
	return tap_finish();
}
