// SPDX-License-Identifier: GPL-2.0
/*
 * bin/ct: conntrack-lite's unit tests, kmod/ct_proto.c (the state
 * machine, test_ctproto.c) and kmod/ct.c (the flow table,
 * test_cttable.c), built against kshim/ like bin/cls. `make run` merges
 * its TAP with the other binaries'.
 */
#include "tap.h"
#include "test_ct.h"

void test_ct_table(void);

int main(void)
{
	test_ct_proto();
	test_ct_table();
	return tap_finish();
}
