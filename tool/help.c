// SPDX-License-Identifier: GPL-2.0
/* Help texts. Keep them in step with parse.c and brfwctl.8. */
#include "help.h"

void help_main(FILE *fp)
{
	fputs(
"Usage: brfwctl [ OPTIONS ] COMMAND\n"
"\n"
"Commands:\n"
"  port set DEV [ policy-in { accept | drop } ] [ policy-out { accept | drop } ]\n"
"                      set the default policy of bridge port DEV per direction\n"
"  port show [ DEV ]   list the ports that have a policy, with their counters\n"
"  port del DEV        remove the policy of DEV: brfw leaves it alone\n"
"  port help           help on the port commands\n"
"  version             versions of brfwctl, the brfw module and the protocol\n"
"  help                this text\n"
"\n"
"Options (before the command):\n"
"  -j, --json          JSON output\n"
"  -p, --pretty        indented JSON output (implies -j)\n"
"  -V, --version       print the version of brfwctl and exit\n"
"  -h, --help          print this text and exit\n"
"\n"
"Directions are seen from the VM: \"in\" is traffic delivered to the guest,\n"
"\"out\" is traffic the guest sends. Keywords may be abbreviated.\n"
"See brfwctl(8).\n", fp);
}

void help_port(FILE *fp)
{
	fputs(
"Usage: brfwctl [ OPTIONS ] port set DEV [ policy-in { accept | drop } ]\n"
"                                        [ policy-out { accept | drop } ]\n"
"       brfwctl [ OPTIONS ] port show [ DEV ]\n"
"       brfwctl [ OPTIONS ] port del DEV\n"
"       brfwctl port help\n"
"\n"
"DEV is a bridge port, usually the tap device of a VM (vnet0).\n"
"policy-in is the verdict for frames delivered to the guest, policy-out for\n"
"frames the guest sends. A direction not given keeps its policy, or is\n"
"accept when the port had none. \"port\" alone means \"port show\".\n", fp);
}
