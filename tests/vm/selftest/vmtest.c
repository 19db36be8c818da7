// SPDX-License-Identifier: GPL-2.0
/*
 * A deliberately misbehaving module for tests/vm/selftest/selftest.sh: it
 * proves that tests/vm/run and tests/vm/kcheck catch kernel problems.
 * Load it only in a throwaway test guest.
 *
 *   insmod vmtest.ko mode=clean   load, do nothing (taints O/E only)
 *   insmod vmtest.ko mode=warn    WARN() once (taint W), stay loaded
 *   insmod vmtest.ko mode=oops    NULL write in init: oops, insmod dies
 *   insmod vmtest.ko mode=leak    leak 128 bytes (for kmemleak kernels)
 */
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/string.h>

static char *mode = "clean";
module_param(mode, charp, 0444);
MODULE_PARM_DESC(mode, "clean, warn, oops or leak");

static int __init vmtest_init(void)
{
	if (!strcmp(mode, "warn")) {
		WARN(1, "vmtest: deliberate warning\n");
	} else if (!strcmp(mode, "oops")) {
		int *volatile p = NULL;

		*p = 1;
	} else if (!strcmp(mode, "leak")) {
		void *volatile q = kmalloc(128, GFP_KERNEL);

		q = NULL;
	} else if (strcmp(mode, "clean")) {
		return -EINVAL;
	}
	return 0;
}

static void __exit vmtest_exit(void)
{
}

module_init(vmtest_init);
module_exit(vmtest_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("brfw test-VM self-test: provokes kernel problems");
