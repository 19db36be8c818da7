/* SPDX-License-Identifier: GPL-2.0 */
#ifndef BRFWCTL_HELP_H
#define BRFWCTL_HELP_H

#include <stdio.h>

void help_main(FILE *fp);
void help_port(FILE *fp);
void help_rule(FILE *fp);
void help_set(FILE *fp);
void help_ct(FILE *fp);

#endif
