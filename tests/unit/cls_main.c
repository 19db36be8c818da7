// SPDX-License-Identifier: GPL-2.0
/*
 * bin/cls: the classifier tests (test_cls.c), a binary of their own
 * because they build kernel sources against kshim/ instead of the
 * system's headers. `make run` merges its TAP with bin/unit's.
 */
#include "tap.h"
#include "test_cls.h"

int main(void)
{
	test_cls();
	return tap_finish();
}
