/* SPDX-License-Identifier: GPL-2.0 */
#ifndef BRFWCTL_VER_H
#define BRFWCTL_VER_H

#include <stdint.h>

#include "print.h"

/* What the module reports; NULL version: not reached. */
struct module_version {
	const char *version;
	uint32_t protocol;
};

/* Parts of the version output: open, tool, module, close. */
void version_print_tool(struct pr *pr);
void version_print_module(struct pr *pr, const struct module_version *mod);
/* -V: the tool only, no kernel needed. */
int cmd_tool_version(struct pr *pr);
/* version: tool, module and protocol. */
int cmd_version(struct pr *pr);

#endif
