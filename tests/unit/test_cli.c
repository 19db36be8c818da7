// SPDX-License-Identifier: GPL-2.0
/*
 * The built brfwctl (the sanitizer build from this directory), on commands
 * that need no kernel module: exit status, stdout and stderr. Also checks
 * that --help and the man page mention every command and option.
 */
#include <fcntl.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <linux/brfw.h>

#include "tap.h"
#include "tests.h"
#include "version.h"	/* kmod/version.h */

#define STR(x) STR2(x)
#define STR2(x) #x

struct run {
	int status;	/* exit status, or -1 if killed */
	char *out;
	char *err;
};

static char *slurp_fd(int fd)
{
	size_t len = 0, cap = 4096;
	char *buf = malloc(cap);
	ssize_t n;

	lseek(fd, 0, SEEK_SET);
	while (buf && (n = read(fd, buf + len, cap - len - 1)) > 0) {
		len += n;
		if (cap - len < 2) {
			char *b = realloc(buf, cap *= 2);

			if (!b) {
				free(buf);
				return NULL;
			}
			buf = b;
		}
	}
	if (buf)
		buf[len] = '\0';
	close(fd);
	return buf;
}

static int tmp_fd(void)
{
	char path[] = "/tmp/brfw-unit-XXXXXX";
	int fd = mkstemp(path);

	if (fd < 0) {
		perror("mkstemp");
		exit(2);
	}
	unlink(path);
	return fd;
}

#define MAX_ARGS 48

/* A file for the standard input of the next runs, or NULL. */
static const char *stdin_path;

/* Run brfwctl with args (NULL-terminated); stdout to out_path if given. */
static void vrun(struct run *r, const char *prog, const char *out_path,
		 va_list ap)
{
	const char *argv[MAX_ARGS + 1];
	int out = -1, err, n = 1, status;
	pid_t pid;

	argv[0] = prog;
	while (n < MAX_ARGS && (argv[n] = va_arg(ap, const char *)))
		n++;
	argv[n] = NULL;

	out = out_path ? open(out_path, O_WRONLY) : tmp_fd();
	err = tmp_fd();
	if (out < 0) {
		perror(out_path);
		exit(2);
	}
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		if (stdin_path) {
			int in = open(stdin_path, O_RDONLY);

			if (in < 0)
				_exit(126);
			dup2(in, 0);
		}
		dup2(out, 1);
		dup2(err, 2);
		execv(prog, (char **)argv);
		_exit(127);
	}
	waitpid(pid, &status, 0);
	r->status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
	r->out = out_path ? (close(out), strdup("")) : slurp_fd(out);
	r->err = slurp_fd(err);
}

static void run(struct run *r, const char *prog, const char *out_path, ...)
{
	va_list ap;

	va_start(ap, out_path);
	vrun(r, prog, out_path, ap);
	va_end(ap);
}

static void done(struct run *r)
{
	free(r->out);
	free(r->err);
}

/* One TAP point: exit status, stdout and stderr all as expected. */
static void expect(struct run *r, int status, const char *out,
		   const char *err, bool prefix, const char *desc)
{
	struct tap_point t = { false };

	tap_check_int(&t, "exit status", r->status, status);
	if (prefix) {
		if (out && strncmp(r->out, out, strlen(out)))
			tap_check_str(&t, "stdout start", r->out, out);
		if (err && strncmp(r->err, err, strlen(err)))
			tap_check_str(&t, "stderr start", r->err, err);
	} else {
		tap_check_str(&t, "stdout", r->out, out);
		tap_check_str(&t, "stderr", r->err, err);
	}
	tap_ok(!t.failed, "cli: %s", desc);
	done(r);
}

static void mentions(const char *what, const char *text,
		     const char *const *words)
{
	struct tap_point t = { false };

	for (; *words; words++) {
		if (!text || !strstr(text, *words)) {
			t.failed = true;
			tap_diag("%s does not mention \"%s\"", what, *words);
		}
	}
	tap_ok(!t.failed, "%s mentions every command and option", what);
}

static char *read_file(const char *path)
{
	int fd = open(path, O_RDONLY);

	return fd < 0 ? NULL : slurp_fd(fd);
}

void test_cli(const char *b, const char *manpage)
{
	static const char *const help_words[] = {
		"port set DEV", "policy-in { accept | drop }",
		"policy-out { accept | drop }", "mac { MAC | none }",
		"ip { PREFIX | none }", "ip6 { PREFIX6 | none }",
		"vlan { VLANS | none }", "spoof-check", "dhcp-server",
		"router", "promisc", "{ on | off }", "ct-state", "persist-established",
		"isolation { none | isolated | community NAME | promiscuous }",
		"port show [ DEV ]",
		"port del DEV", "port help", "version", "help",
		"-j, --json", "-p, --pretty", "-V, --version", "-h, --help",
		"rule add DEV DIR [ id N ] MATCH... ACTION [ log ]",
		"rule insert DEV DIR pos N [ id N ] MATCH... ACTION [ log ]",
		"rule del DEV id N", "rule show [ DEV ]", "rule help",
		"set add NAME [ ELEM... ]", "set del NAME", "set add-elem NAME ELEM...",
		"set del-elem NAME ELEM...", "set show [ NAME ]", "set help",
		"counters reset [ DEV ]", "save", "restore { FILE | - }",
		"-b, -batch FILE", "help [ port | rule | set | ct | flows ]",
		"stateful { on | off }", "persist-established { on | off }",
		"ct-limit N", "ct show", "ct set [ max N ] [ timeout NAME SECS",
		"flows [ DEV ]", "flows flush [ DEV ]",
		"flows del proto P src ADDR [ sport N ] dst ADDR [ dport N ] [ id N ]",
		"ct help", NULL,
	};
	static const char *const rule_help_words[] = {
		"rule add DEV DIR [ id N ] MATCH... ACTION [ log ]",
		"rule insert DEV DIR pos N [ id N ] MATCH... ACTION [ log ]",
		"rule del DEV id N", "rule show [ DEV ]", "counters reset [ DEV ]",
		"DIR    := { in | out | inout }", "ether-type { ip | ip6 | arp | NUMBER }",
		"src-mac MAC", "dst-mac MAC", "vlan VID",
		"proto { tcp | udp | icmp | icmpv6 | sctp | NUMBER }",
		"src { PREFIX | @SET }", "dst { PREFIX | @SET }", "sport PORTS",
		"dport PORTS", "icmp-type TYPE[/CODE]", "tcp-flags { syn | FLAGS[/MASK] }",
		"ACTION := { accept | drop | reject }", "mirror image", "fragment",
		"Malformed", "log", "ct-state STATES",
		"STATES := { new | established | related | invalid },...", NULL,
	};
	static const char *const set_help_words[] = {
		"set add NAME [ ELEM... ]", "set del NAME", "set add-elem NAME ELEM...",
		"set del-elem NAME ELEM...", "set show [ NAME ]", "@NAME", NULL,
	};
	static const char *const man_words[] = {
		"brfwctl", "port set", "port show", "port del", "port help",
		"policy-in", "policy-out", "accept", "drop", "version",
		"\\-j", "\\-\\-json", "\\-p", "\\-\\-pretty", "\\-V",
		"\\-\\-version", "\\-h", "\\-\\-help",
		"EXIT STATUS", "EXAMPLES", "JSON",
		"\"port\"", "\"ifindex\"", "\"bridge\"", "\"bridge_ifindex\"",
		"\"policy_in\"", "\"policy_out\"", "\"stats\"", "\"in\"", "\"out\"",
		"\"pass_packets\"", "\"pass_bytes\"", "\"drop_packets\"",
		"\"drop_bytes\"", "\"tool\"", "\"module\"", "\"protocol\"",
		"mac", "ip6", "vlan", "spoof-check", "dhcp-server", "router",
		"promisc", "isolation", "community", "isolated", "promiscuous",
		"\"mac\"", "\"ip\"", "\"ip6\"", "\"vlans\"", "\"spoof_check\"",
		"\"dhcp_server\"", "\"router\"", "\"promisc\"",
		"\"isolation\"", "\"community\"", "\"drops\"",
		"\"spoof_mac\"", "\"spoof_ip\"", "\"spoof_arp\"", "\"spoof_nd\"",
		"\"ra_guard\"", "\"dhcp_guard\"", "\"vlan\"", "\"ethertype\"",
		"\"malformed\"", "spoof\\-mac", "ra\\-guard", "dhcp\\-guard",
		"must be a unicast address", "has host bits set",
		"is out of range", "older than brfwctl",
		"is not loaded", "does not exist", "CAP_NET_ADMIN",
		"PASS\\-PKTS", "DROP\\-BYTES",
		"\"brfw " BRFW_VERSION "\"",	/* .TH footer, in step with kmod */
		"rule add", "rule insert", "rule del", "rule show", "rule help",
		"set add", "set del", "set add\\-elem", "set del\\-elem", "set show",
		"set help", "counters reset", "save", "restore", "\\-batch", "inout",
		"ether\\-type", "src\\-mac", "dst\\-mac", "icmp\\-type", "tcp\\-flags",
		"sport", "dport", "reject", "log", "pos", "mirror image", "fragment",
		"Malformed", "nf_log", "RST", "port unreachable", ".SH RULES",
		".SH ADDRESS SETS", ".SH SAVE FILES", ".SH BATCH FILES", "transaction",
		"\"match\"", "\"elements\"", "\"refs\"", "\"count\"", "\"name\"",
		"\"action\"", "\"dir\"", "\"dev\"", "\"packets\"", "\"bytes\"",
		"does not support rules", "Error: line", "Error: restore:",
		"# brfw configuration (brfwctl save)",
		/* Protocol 4: conntrack-lite. */
		"stateful", "persist\\-established", "ct\\-limit", "ct\\-state",
		".SH FLOW TRACKING", "ct set", "flows flush", "flows del",
		"tcp\\-syn\\-sent", "tcp\\-syn\\-recv", "tcp\\-established",
		"tcp\\-fin\\-wait", "tcp\\-time\\-wait", "tcp\\-close",
		"udp\\-unreplied", "udp\\-replied", "icmp\\-unreplied",
		"icmp\\-replied", "other\\-unreplied", "other\\-replied",
		"432000", "sequence-window", "120 bytes", "128-byte",
		"non-first fragments", "Non-IP frames", "early drop", "ct\\-full",
		"\\(dqct_full\\(dq", "\\(dqstateful\\(dq", "\\(dqpersist_established\\(dq",
		"\\(dqct_limit\\(dq", "\\(dqentry_size\\(dq", "\\(dqearly_drops\\(dq",
		"\\(dqfull_drops\\(dq", "\\(dqtimeouts\\(dq", "\\(dqzone\\(dq",
		"\\(dqtimeout\\(dq", "\\(dqstate\\(dq", "\\(dqrule\\(dq",
		"does not support flow tracking", "only the initial network namespace",
		"persist\\-established on", "Revocation", "Fast path", NULL,
	};
	static const char *const ct_help_words[] = {
		"ct show", "ct set [ max N ] [ timeout NAME SECS [ NAME SECS ]... ]",
		"flows [ DEV ]", "flows flush [ DEV ]",
		"flows del proto P src ADDR [ sport N ] dst ADDR", "tcp-syn-sent",
		"other-replied", "SECS := 1..2000000", "ct-state", "ct-limit",
		"early drop", "ct-full", "no sequence windows", NULL,
	};
	static const char *const port_help_words[] = {
		"policy-in { accept | drop }", "policy-out { accept | drop }",
		"mac { MAC | none }", "ip { PREFIX | none }",
		"ip6 { PREFIX6 | none }", "vlan { VLANS | none }",
		"spoof-check { on | off }", "dhcp-server { on | off }",
		"router { on | off }", "promisc { on | off }",
		"isolation ISOLATION",
		"{ none | isolated | community NAME | promiscuous }",
		"port show [ DEV ]", "port del DEV", NULL,
	};
	const char *version_line = "brfwctl " BRFW_VERSION
		" (protocol " STR(BRFW_GENL_VERSION) ")\n";
	char *man;
	struct run r;

	run(&r, b, NULL, "--help", NULL);
	expect(&r, 0, "Usage: brfwctl [ OPTIONS ] COMMAND\n", "", true,
	       "--help: usage on stdout, exit 0");
	run(&r, b, NULL, "--help", NULL);
	mentions("--help", r.out, help_words);
	done(&r);
	run(&r, b, NULL, "-h", NULL);
	expect(&r, 0, "Usage: brfwctl [ OPTIONS ] COMMAND\n", NULL, true, "-h");
	run(&r, b, NULL, "help", NULL);
	expect(&r, 0, "Usage: brfwctl [ OPTIONS ] COMMAND\n", NULL, true, "help");
	run(&r, b, NULL, NULL);
	expect(&r, 1, "", "Usage: brfwctl [ OPTIONS ] COMMAND\n", true,
	       "no command: usage on stderr, exit 1");
	run(&r, b, NULL, "port", "help", NULL);
	expect(&r, 0, "Usage: brfwctl [ OPTIONS ] port set DEV", NULL, true,
	       "port help");
	run(&r, b, NULL, "help", "port", NULL);
	expect(&r, 0, "Usage: brfwctl [ OPTIONS ] port set DEV", NULL, true,
	       "help port");
	run(&r, b, NULL, "port", "help", NULL);
	mentions("port help", r.out, port_help_words);
	done(&r);
	run(&r, b, NULL, "rule", "help", NULL);
	expect(&r, 0, "Usage: brfwctl [ OPTIONS ] rule add DEV DIR", "", true, "rule help");
	run(&r, b, NULL, "help", "rule", NULL);
	expect(&r, 0, "Usage: brfwctl [ OPTIONS ] rule add DEV DIR", NULL, true, "help rule");
	run(&r, b, NULL, "rule", "help", NULL);
	mentions("rule help", r.out, rule_help_words);
	done(&r);
	run(&r, b, NULL, "set", "help", NULL);
	expect(&r, 0, "Usage: brfwctl [ OPTIONS ] set add NAME", "", true, "set help");
	run(&r, b, NULL, "help", "set", NULL);
	expect(&r, 0, "Usage: brfwctl [ OPTIONS ] set add NAME", NULL, true, "help set");
	run(&r, b, NULL, "set", "help", NULL);
	mentions("set help", r.out, set_help_words);
	done(&r);
	run(&r, b, NULL, "ct", "help", NULL);
	expect(&r, 0, "Usage: brfwctl [ OPTIONS ] ct show\n", "", true, "ct help");
	run(&r, b, NULL, "help", "flows", NULL);
	expect(&r, 0, "Usage: brfwctl [ OPTIONS ] ct show\n", "", true, "help flows");
	run(&r, b, NULL, "flows", "help", NULL);
	mentions("ct help", r.out, ct_help_words);
	done(&r);
	run(&r, b, NULL, "ct", "set", "timeout", "tcp-close", "0", NULL);
	expect(&r, 1, "", "Error: timeout tcp-close 0 is out of range (1..2000000 seconds)\n"
	       "Try \"brfwctl ct help\".\n", false, "ct set: a timeout out of range");
	run(&r, b, NULL, "flows", "flush", "nosuchdev0", NULL);
	expect(&r, 1, "", "Error: device \"nosuchdev0\" does not exist\n", false,
	       "flows flush: missing device, before the module");
	run(&r, b, NULL, "rule", "add", "vnet0", "in", "proto", "tcp", "dport", "70000",
	    "drop", NULL);
	expect(&r, 1, "", "Error: dport 70000 is out of range (ports are 0..65535)\n"
	       "Try \"brfwctl rule help\".\n", false, "rule add: a port out of range");
	run(&r, b, NULL, "set", "add", "a b", NULL);
	expect(&r, 1, "", "Error: set name \"a b\" may only contain letters, digits, "
	       "\"_\", \".\" and \"-\"\nTry \"brfwctl set help\".\n", false, "set add: a bad name");
	run(&r, b, NULL, "rule", "add", "nosuchdev0", "in", "drop", NULL);
	expect(&r, 1, "", "Error: device \"nosuchdev0\" does not exist\n", false,
	       "rule add: missing device, before the module");
	run(&r, b, NULL, "restore", "/nonexistent/brfw.conf", NULL);
	expect(&r, 1, "", "Error: cannot open /nonexistent/brfw.conf: No such file or directory\n",
	       false, "restore: a missing file, before the module");

	run(&r, b, NULL, "-V", NULL);
	expect(&r, 0, version_line, "", false, "-V: the tool's version");
	run(&r, b, NULL, "-j", "-V", NULL);
	expect(&r, 0, "{\"tool\":{\"version\":\"" BRFW_VERSION "\",\"protocol\":"
	       STR(BRFW_GENL_VERSION) "}}\n", "", false, "-j -V: JSON");

	run(&r, b, NULL, "foo", NULL);
	expect(&r, 1, "", "Error: unknown command \"foo\"\n"
	       "Try \"brfwctl --help\".\n", false, "unknown command");
	run(&r, b, NULL, "-x", "port", NULL);
	expect(&r, 1, "", "Error: unknown option \"-x\"\n"
	       "Try \"brfwctl --help\".\n", false, "unknown option");
	run(&r, b, NULL, "port", "set", "lo", "policy-in", "maybe", NULL);
	expect(&r, 1, "", "Error: \"policy-in\" expects accept or drop, not \"maybe\"\n"
	       "Try \"brfwctl port help\".\n", false, "bad verdict");
	run(&r, b, NULL, "port", "set", "lo", NULL);
	expect(&r, 1, "", "Error: nothing to set (use policy-in, policy-out, mac, ip, ip6, "
	       "vlan, spoof-check, dhcp-server, router, promisc, isolation, stateful, "
	       "persist-established or ct-limit)\n"
	       "Try \"brfwctl port help\".\n", false, "nothing to set");
	run(&r, b, NULL, "port", "set", "lo", "ip", "10.1.0.1/28", NULL);
	expect(&r, 1, "", "Error: ip 10.1.0.1/28 has host bits set (the network is 10.1.0.0/28)\n"
	       "Try \"brfwctl port help\".\n", false, "host bits set");
	run(&r, b, NULL, "port", "set", "lo", "mac", "ff:ff:ff:ff:ff:ff", NULL);
	expect(&r, 1, "", "Error: mac must be a unicast address, not \"ff:ff:ff:ff:ff:ff\" "
	       "(a multicast address)\nTry \"brfwctl port help\".\n", false,
	       "multicast mac");
	run(&r, b, NULL, "port", "set", "lo", "vlan", "4095", NULL);
	expect(&r, 1, "", "Error: vlan 4095 is out of range (VLAN IDs are 1..4094)\n"
	       "Try \"brfwctl port help\".\n", false, "VLAN out of range");

	/* The device is looked up before the module: no kernel needed. */
	run(&r, b, NULL, "port", "set", "nosuchdev0", "policy-in", "drop", NULL);
	expect(&r, 1, "", "Error: device \"nosuchdev0\" does not exist\n", false,
	       "port set: missing device");
	run(&r, b, NULL, "port", "set", "nosuchdev0", "mac", "52:54:00:30:fc:2d",
	    "isolation", "isolated", NULL);
	expect(&r, 1, "", "Error: device \"nosuchdev0\" does not exist\n", false,
	       "port set identity: missing device");
	run(&r, b, NULL, "port", "del", "nosuchdev0", NULL);
	expect(&r, 1, "", "Error: device \"nosuchdev0\" does not exist\n", false,
	       "port del: missing device");
	run(&r, b, NULL, "-j", "port", "show", "nosuchdev0", NULL);
	expect(&r, 1, "", "Error: device \"nosuchdev0\" does not exist\n", false,
	       "port show: missing device");

	if (access("/dev/full", W_OK) == 0) {
		run(&r, b, "/dev/full", "--help", NULL);
		expect(&r, 1, "", "Error: cannot write the output: No space left on device\n",
		       false, "write error: exit 1");
	} else {
		tap_ok(true, "cli: write error # SKIP no /dev/full");
	}

	man = read_file(manpage);
	mentions("brfwctl.8", man, man_words);
	free(man);
}

/*
 * brfwctl-fake: the whole program against fake_kernel.c, which answers
 * like the module would and logs what it was sent.
 */
static char fake_log[64];

static void fake(struct run *r, const char *prog, const char *scenario,
		 const char *a1, const char *a2, const char *a3,
		 const char *a4, const char *a5, const char *a6)
{
	unlink(fake_log);
	setenv("BRFW_FAKE", scenario, 1);
	setenv("BRFW_FAKE_LOG", fake_log, 1);
	run(r, prog, NULL, a1, a2, a3, a4, a5, a6, NULL);
	unsetenv("BRFW_FAKE");
	unsetenv("BRFW_FAKE_LOG");
}

/* The same with any number of arguments, NULL-terminated. */
static void fakev(struct run *r, const char *prog, const char *scenario, ...)
{
	va_list ap;

	unlink(fake_log);
	setenv("BRFW_FAKE", scenario, 1);
	setenv("BRFW_FAKE_LOG", fake_log, 1);
	va_start(ap, scenario);
	vrun(r, prog, NULL, ap);
	va_end(ap);
	unsetenv("BRFW_FAKE");
	unsetenv("BRFW_FAKE_LOG");
}

/* The requests brfwctl sent: the log without the socket set-up lines. */
static void check_log(const char *want, const char *desc)
{
	char *log = read_file(fake_log), *line, *save = NULL;
	char got[8192] = "";
	size_t off = 0;

	for (line = log ? strtok_r(log, "\n", &save) : NULL; line;
	     line = strtok_r(NULL, "\n", &save))
		if (strncmp(line, "setsockopt", 10) && strncmp(line, "getfamily", 9))
			off += snprintf(got + off, sizeof(got) - off, "%s\n", line);
	tap_is_str(got, want, "fake kernel: requests of %s", desc);
	free(log);
	unlink(fake_log);
}

#define TABLE_HEAD "PORT    BRIDGE  IN      OUT   DIR  PASS-PKTS  PASS-BYTES  DROP-PKTS  DROP-BYTES\n"
/* The identity of the fake module's vnet10 and lo. */
#define IDENT_TEXT(malformed) \
	"    mac 52:54:00:30:fc:2d  spoof-check on  dhcp-server off  router on  promisc off  isolation community web\n" \
	"    stateful on  persist-established off  ct-limit 500  flows 2\n" \
	"    ip 192.168.0.202 10.1.0.0/28\n" \
	"    ip6 fe80::203 2001:db8::/64\n" \
	"    vlan 100,200,300-310\n" \
	"    drops spoof-mac 0 spoof-ip 3 spoof-arp 0 spoof-nd 0 ra-guard 0 dhcp-guard 0 vlan 0 isolation 0 promisc 0 ethertype 0 malformed " malformed " ct-full 5\n"
#define IDENT_V3_TEXT \
	"    mac 52:54:00:30:fc:2d  spoof-check on  dhcp-server off  router on  promisc off  isolation community web\n" \
	"    stateful off  persist-established off  ct-limit 0  flows 0\n" \
	"    ip 192.168.0.202 10.1.0.0/28\n" \
	"    ip6 fe80::203 2001:db8::/64\n" \
	"    vlan 100,200,300-310\n" \
	"    drops spoof-mac 0 spoof-ip 3 spoof-arp 0 spoof-nd 0 ra-guard 0 dhcp-guard 0 vlan 0 isolation 0 promisc 0 ethertype 0 malformed 107 ct-full 5\n"
#define IDENT_DEFAULT_TEXT \
	"    mac none  spoof-check off  dhcp-server off  router off  promisc off  isolation none\n" \
	"    stateful off  persist-established off  ct-limit 0  flows 0\n" \
	"    ip none\n" \
	"    ip6 none\n" \
	"    vlan none\n" \
	"    drops spoof-mac 0 spoof-ip 0 spoof-arp 0 spoof-nd 0 ra-guard 0 dhcp-guard 0 vlan 0 isolation 0 promisc 0 ethertype 0 malformed 0 ct-full 0\n"
#define IDENT_JSON(malformed) \
	",\"mac\":\"52:54:00:30:fc:2d\",\"spoof_check\":true,\"dhcp_server\":false," \
	"\"router\":true,\"promisc\":false,\"isolation\":\"community\",\"community\":\"web\",\"stateful\":true,\"persist_established\":false,\"ct_limit\":500,\"flows\":2," \
	"\"ip\":[\"192.168.0.202\",\"10.1.0.0/28\"],\"ip6\":[\"fe80::203\",\"2001:db8::/64\"]," \
	"\"vlans\":[100,200,300,301,302,303,304,305,306,307,308,309,310]," \
	"\"drops\":{\"spoof_mac\":0,\"spoof_ip\":3,\"spoof_arp\":0,\"spoof_nd\":0," \
	"\"ra_guard\":0,\"dhcp_guard\":0,\"vlan\":0,\"isolation\":0,\"promisc\":0," \
	"\"ethertype\":0,\"malformed\":" malformed ",\"ct_full\":5}"
#define IDENT_DEFAULT_JSON \
	",\"mac\":null,\"spoof_check\":false,\"dhcp_server\":false," \
	"\"router\":false,\"promisc\":false,\"isolation\":\"none\",\"community\":null,\"stateful\":false,\"persist_established\":false,\"ct_limit\":0,\"flows\":0," \
	"\"ip\":[],\"ip6\":[],\"vlans\":[]," \
	"\"drops\":{\"spoof_mac\":0,\"spoof_ip\":0,\"spoof_arp\":0,\"spoof_nd\":0," \
	"\"ra_guard\":0,\"dhcp_guard\":0,\"vlan\":0,\"isolation\":0,\"promisc\":0," \
	"\"ethertype\":0,\"malformed\":0,\"ct_full\":0}"
#define TABLE_ROWS \
	"vnet2   br0     drop    drop  in           1           2          3           4\n" \
	"                              out         11          12         13          14\n" \
	"vnet10  br0     accept  drop  in        1001        1002       1003        1004\n" \
	"                              out       1011        1012       1013        1014\n"
#define TABLE_TWO TABLE_HEAD TABLE_ROWS IDENT_TEXT("1007")
#define TABLE_TWO_V1 TABLE_HEAD TABLE_ROWS
#define LO_ROWS \
	"PORT  BRIDGE  IN    OUT     DIR  PASS-PKTS  PASS-BYTES  DROP-PKTS  DROP-BYTES\n" \
	"lo    br0     drop  accept  in         101         102        103         104\n" \
	"                            out        111         112        113         114\n"
#define LO_TABLE LO_ROWS IDENT_TEXT("107")
#define STATS0 "\"stats\":{\"in\":{\"pass_packets\":1,\"pass_bytes\":2,\"drop_packets\":3,\"drop_bytes\":4}," \
	"\"out\":{\"pass_packets\":11,\"pass_bytes\":12,\"drop_packets\":13,\"drop_bytes\":14}}"
#define STATS1000 "\"stats\":{\"in\":{\"pass_packets\":1001,\"pass_bytes\":1002,\"drop_packets\":1003,\"drop_bytes\":1004}," \
	"\"out\":{\"pass_packets\":1011,\"pass_bytes\":1012,\"drop_packets\":1013,\"drop_bytes\":1014}}"
#define NOT_LOADED "Error: the brfw kernel module is not loaded (modprobe brfw)\n"
#define TOOL_LINE "brfwctl " BRFW_VERSION " (protocol " STR(BRFW_GENL_VERSION) ")\n"
#define V "version=" STR(BRFW_GENL_VERSION)
#define PROTO "(protocol " STR(BRFW_GENL_VERSION) ")"
#define DUMP "cmd=3 " V " reserved=0 flags=0x301\n"

#define SET_REQ "cmd=2 " V " reserved=0 flags=0x5 4=1"

static void test_fake_rules(const char *f);
static void test_fake_ct(const char *f);

/* Protocol 2: identity in requests and replies; a protocol 1 module. */
static void test_fake_ident(const char *f)
{
	struct run r;

	fakev(&r, f, "ok", "port", "set", "lo", "mac", "52:54:00:30:fc:2d", "ip",
	      "192.168.0.202", "ip", "192.168.0.203", "ip6", "fe80::203", "ip6",
	      "2001:db8::203", "spoof-check", "on", NULL);
	expect(&r, 0, "", "", false, "fake kernel: port set identity, silent");
	check_log(SET_REQ " 12=hex:52540030fc2d"
		  " 13={ 1={ 1=hex:c0a800ca 2=u8:32 } 1={ 1=hex:c0a800cb 2=u8:32 } }"
		  " 14={ 1={ 1=hex:fe800000000000000000000000000203 2=u8:128 }"
		  " 1={ 1=hex:20010db8000000000000000000000203 2=u8:128 } }"
		  " 16=1 17=1\n", "port set mac ip ip ip6 ip6 spoof-check on");
	fakev(&r, f, "ok", "port", "set", "lo", "ip", "10.1.0.0/28", NULL);
	expect(&r, 0, "", "", false, "fake kernel: port set ip PREFIX");
	check_log(SET_REQ " 13={ 1={ 1=hex:0a010000 2=u8:28 } }\n", "port set ip 10.1.0.0/28");
	fakev(&r, f, "ok", "port", "set", "lo", "dhcp-server", "on", NULL);
	expect(&r, 0, "", "", false, "fake kernel: port set dhcp-server on");
	check_log(SET_REQ " 16=2 17=2\n", "port set dhcp-server on");
	fakev(&r, f, "ok", "port", "set", "lo", "router", "on", NULL);
	expect(&r, 0, "", "", false, "fake kernel: port set router on");
	check_log(SET_REQ " 16=4 17=4\n", "port set router on");
	fakev(&r, f, "ok", "port", "set", "lo", "promisc", "on", NULL);
	expect(&r, 0, "", "", false, "fake kernel: port set promisc on");
	check_log(SET_REQ " 16=8 17=8\n", "port set promisc on");
	fakev(&r, f, "ok", "port", "set", "lo", "isolation", "isolated", NULL);
	expect(&r, 0, "", "", false, "fake kernel: port set isolation isolated");
	check_log(SET_REQ " 18=u8:1\n", "port set isolation isolated");
	fakev(&r, f, "ok", "port", "set", "lo", "isolation", "community", "web",
	      "promisc", "off", NULL);
	expect(&r, 0, "", "", false, "fake kernel: port set isolation community");
	check_log(SET_REQ " 16=0 17=8 18=u8:2 19=str:web\n",
		  "port set isolation community web promisc off");
	fakev(&r, f, "ok", "port", "set", "lo", "vlan", "100,200", NULL);
	expect(&r, 0, "", "", false, "fake kernel: port set vlan");
	check_log(SET_REQ " 15={ 2=u16:100 2=u16:200 }\n", "port set vlan 100,200");
	fakev(&r, f, "ok", "port", "set", "lo", "ip", "none", "ip6", "none",
	      "mac", "none", "vlan", "none", "policy-in", "drop", NULL);
	expect(&r, 0, "", "", false, "fake kernel: port set ... none");
	check_log(SET_REQ " 8=u8:1 12=hex:000000000000 13={ } 14={ } 15={ }\n",
		  "port set ip none ip6 none mac none vlan none");
	fakev(&r, f, "ok", "port", "set", "lo", "vlan", "1-4094", NULL);
	expect(&r, 0, "", "", false, "fake kernel: port set every VLAN (a 32 KiB request)");

	fakev(&r, f, "ok", "port", "show", "lo", NULL);
	expect(&r, 0, LO_TABLE, "", false, "fake kernel: port show DEV with identity");
	fakev(&r, f, "ok", "-j", "port", "show", "lo", NULL);
	expect(&r, 0, "[{\"port\":\"lo\",\"ifindex\":1,\"bridge\":\"br0\",\"bridge_ifindex\":3,"
	       "\"policy_in\":\"drop\",\"policy_out\":\"accept\","
	       "\"stats\":{\"in\":{\"pass_packets\":101,\"pass_bytes\":102,\"drop_packets\":103,\"drop_bytes\":104},"
	       "\"out\":{\"pass_packets\":111,\"pass_bytes\":112,\"drop_packets\":113,\"drop_bytes\":114}}"
	       IDENT_JSON("107") "}]\n", "", false, "fake kernel: -j port show DEV with identity");

	fakev(&r, f, "badip", "port", "set", "lo", "ip", "10.0.0.1", "ip",
	      "10.0.0.2", NULL);
	expect(&r, 1, "", "Error: ip: host bits set in prefix (attribute ip, entry 2)\n",
	       false, "fake kernel: extack offset inside the ip list");

	/* A protocol 1 module. */
	fakev(&r, f, "v1", "version", NULL);
	expect(&r, 0, TOOL_LINE "brfw module 0.1.0-fake (protocol 1)\n",
	       "Warning: the brfw module speaks protocol 1, brfwctl " STR(BRFW_GENL_VERSION)
	       ": some commands may fail; update the module\n", false,
	       "protocol 1 module: version warns");
	fakev(&r, f, "v1", "port", "show", NULL);
	expect(&r, 0, TABLE_TWO_V1, "", false,
	       "protocol 1 module: port show without identity");
	fakev(&r, f, "v1", "port", "show", "lo", NULL);
	expect(&r, 0, LO_ROWS IDENT_DEFAULT_TEXT, "", false,
	       "protocol 1 module: port show DEV, default identity");
	fakev(&r, f, "v1", "-j", "port", NULL);
	expect(&r, 0, "[{\"port\":\"vnet2\",\"ifindex\":7,\"bridge\":\"br0\",\"bridge_ifindex\":3,"
	       "\"policy_in\":\"drop\",\"policy_out\":\"drop\"," STATS0 IDENT_DEFAULT_JSON "},"
	       "{\"port\":\"vnet10\",\"ifindex\":11,\"bridge\":\"br0\",\"bridge_ifindex\":3,"
	       "\"policy_in\":\"accept\",\"policy_out\":\"drop\"," STATS1000 IDENT_DEFAULT_JSON "}]\n",
	       "", false, "protocol 1 module: -j port, default identity");
	fakev(&r, f, "v1", "port", "set", "lo", "policy-in", "drop", NULL);
	expect(&r, 0, "", "", false, "protocol 1 module: port set policy-in");
	check_log("cmd=2 " V " reserved=0 flags=0x5 4=1 8=u8:1\n",
		  "protocol 1 module: port set policy-in");
	fakev(&r, f, "v1", "port", "set", "lo", "policy-in", "drop", "mac",
	      "52:54:00:30:fc:2d", NULL);
	expect(&r, 1, "", "Error: the loaded brfw module is older than brfwctl "
	       "(protocol 1 < 2): reload it\n", false,
	       "protocol 1 module: identity refused before sending");
	check_log("", "protocol 1 module: nothing sent with identity");
	fakev(&r, f, "v1", "port", "set", "lo", "isolation", "none", NULL);
	expect(&r, 1, "", "Error: the loaded brfw module is older than brfwctl "
	       "(protocol 1 < 2): reload it\n", false,
	       "protocol 1 module: isolation refused");
	fakev(&r, f, "v1", "port", "set", "nosuchdev0", "mac", "none", NULL);
	expect(&r, 1, "", "Error: device \"nosuchdev0\" does not exist\n", false,
	       "protocol 1 module: missing device reported first");
}

void test_fake(const char *f)
{
	struct run r;
	char *log;

	snprintf(fake_log, sizeof(fake_log), "/tmp/brfw-unit-fake-%d.log",
		 (int)getpid());
	/* Socket set-up: extended ACKs, capped ACKs, then the family. */
	fake(&r, f, "ok", "version", NULL, NULL, NULL, NULL, NULL);
	log = read_file(fake_log);
	tap_is_str(log, "setsockopt 11=1\nsetsockopt 10=1\ngetfamily flags=0x5\n"
		   "cmd=1 " V " reserved=0 flags=0x5\n",
		   "fake kernel: NETLINK_EXT_ACK, NETLINK_CAP_ACK, family lookup");
	free(log);
	expect(&r, 0, TOOL_LINE "brfw module 0.1.0-fake " PROTO "\n", "",
	       false, "fake kernel: version");
	fake(&r, f, "ok", "-j", "version", NULL, NULL, NULL, NULL);
	expect(&r, 0, "{\"tool\":{\"version\":\"" BRFW_VERSION "\",\"protocol\":" STR(BRFW_GENL_VERSION) "},"
	       "\"module\":{\"version\":\"0.1.0-fake\",\"protocol\":" STR(BRFW_GENL_VERSION) "}}\n", "",
	       false, "fake kernel: -j version");

	fake(&r, f, "ok", "port", "show", NULL, NULL, NULL, NULL);
	expect(&r, 0, TABLE_TWO, "", false,
	       "fake kernel: port show, sorted by name");
	check_log(DUMP, "port show (a dump, no ACK flag)");
	fake(&r, f, "ok", "-j", "port", NULL, NULL, NULL, NULL);
	expect(&r, 0, "[{\"port\":\"vnet2\",\"ifindex\":7,\"bridge\":\"br0\",\"bridge_ifindex\":3,"
	       "\"policy_in\":\"drop\",\"policy_out\":\"drop\"," STATS0 IDENT_DEFAULT_JSON "},"
	       "{\"port\":\"vnet10\",\"ifindex\":11,\"bridge\":\"br0\",\"bridge_ifindex\":3,"
	       "\"policy_in\":\"accept\",\"policy_out\":\"drop\"," STATS1000 IDENT_JSON("1007") "}]\n",
	       "", false, "fake kernel: -j port");
	fake(&r, f, "ok", "port", "show", "lo", NULL, NULL, NULL);
	expect(&r, 0, LO_TABLE, "", false,
	       "fake kernel: port show DEV, stale reply skipped");
	check_log("cmd=3 " V " reserved=0 flags=0x5 4=1\n", "port show DEV");
	fake(&r, f, "empty", "port", "show", NULL, NULL, NULL, NULL);
	expect(&r, 0, "PORT  BRIDGE  IN  OUT  DIR  PASS-PKTS  PASS-BYTES  DROP-PKTS  DROP-BYTES\n",
	       "", false, "fake kernel: no ports, header only");
	fake(&r, f, "empty", "-j", "port", "show", NULL, NULL, NULL);
	expect(&r, 0, "[]\n", "", false, "fake kernel: no ports, JSON []");

	fake(&r, f, "ok", "port", "set", "lo", "policy-in", "drop", NULL);
	expect(&r, 0, "", "", false, "fake kernel: port set, silent");
	check_log("cmd=2 " V " reserved=0 flags=0x5 4=1 8=u8:1\n",
		  "port set policy-in drop");
	fake(&r, f, "ok", "port", "set", "lo", "policy-out", "accept", NULL);
	expect(&r, 0, "", "", false, "fake kernel: port set policy-out");
	check_log("cmd=2 " V " reserved=0 flags=0x5 4=1 9=u8:0\n",
		  "port set policy-out accept");
	fake(&r, f, "ok", "port", "set", "lo", "policy-out", "drop", "policy-in");
	expect(&r, 1, "", "Error: \"policy-in\" expects accept or drop\n"
	       "Try \"brfwctl port help\".\n", false,
	       "fake kernel: parse error, no request");
	check_log("", "a bad command line (none)");
	fake(&r, f, "ok", "port", "del", "lo", NULL, NULL, NULL);
	expect(&r, 0, "", "", false, "fake kernel: port del, silent");
	check_log("cmd=4 " V " reserved=0 flags=0x5 4=1\n", "port del");
	fake(&r, f, "warn", "port", "set", "lo", "policy-in", "accept", NULL);
	expect(&r, 0, "", "Warning: policy unchanged\n", false,
	       "fake kernel: warning in the ACK");

	fake(&r, f, "nomod", "port", "show", NULL, NULL, NULL, NULL);
	expect(&r, 1, "", NOT_LOADED, false, "fake kernel: no module, port show");
	check_log("", "no module (nothing after the family lookup)");
	fake(&r, f, "nomod", "port", "set", "lo", "policy-in", "drop", NULL);
	expect(&r, 1, "", NOT_LOADED, false, "fake kernel: no module, port set");
	fake(&r, f, "nomod", "port", "set", "nosuchdev0", "policy-in", "drop", NULL);
	expect(&r, 1, "", "Error: device \"nosuchdev0\" does not exist\n", false,
	       "fake kernel: no module, missing device reported first");
	fake(&r, f, "nomod", "version", NULL, NULL, NULL, NULL, NULL);
	expect(&r, 1, TOOL_LINE, NOT_LOADED, false,
	       "fake kernel: no module, version prints the tool's");
	fake(&r, f, "nomod", "-j", "version", NULL, NULL, NULL, NULL);
	expect(&r, 1, "{\"tool\":{\"version\":\"" BRFW_VERSION "\",\"protocol\":" STR(BRFW_GENL_VERSION) "}}\n",
	       NOT_LOADED, false, "fake kernel: no module, -j version");

	fake(&r, f, "eperm", "port", "set", "lo", "policy-in", "drop", NULL);
	expect(&r, 1, "", "Error: port set lo: Operation not permitted (brfwctl needs CAP_NET_ADMIN)\n",
	       false, "fake kernel: EPERM, port set");
	fake(&r, f, "eperm", "port", "show", NULL, NULL, NULL, NULL);
	expect(&r, 1, "", "Error: port show: Operation not permitted (brfwctl needs CAP_NET_ADMIN)\n",
	       false, "fake kernel: EPERM, port show");
	fake(&r, f, "eperm", "port", "del", "lo", NULL, NULL, NULL);
	expect(&r, 1, "", "Error: port del lo: Operation not permitted (brfwctl needs CAP_NET_ADMIN)\n",
	       false, "fake kernel: EPERM, port del");

	fake(&r, f, "extack", "port", "set", "lo", "policy-in", "drop", NULL);
	expect(&r, 1, "", "Error: lo is not a bridge port (attribute ifindex)\n",
	       false, "fake kernel: extack message and offset");
	fake(&r, f, "extack", "port", "del", "lo", NULL, NULL, NULL);
	expect(&r, 1, "", "Error: missing attribute: ifindex\n", false,
	       "fake kernel: extack missing attribute");
	fake(&r, f, "extack", "port", "show", "lo", NULL, NULL, NULL);
	expect(&r, 1, "", "Error: lo has no policy\n", false,
	       "fake kernel: extack on port show DEV");
	fake(&r, f, "extack", "-j", "port", "show", NULL, NULL, NULL);
	expect(&r, 1, "", "Error: dump failed\n", false,
	       "fake kernel: error in NLMSG_DONE, no output");

	fake(&r, f, "intr2", "port", "show", NULL, NULL, NULL, NULL);
	expect(&r, 0, TABLE_TWO, "", false,
	       "fake kernel: interrupted dump retried");
	check_log(DUMP DUMP DUMP, "two interrupted dumps (three dumps)");
	fake(&r, f, "intr99", "port", "show", NULL, NULL, NULL, NULL);
	expect(&r, 1, "", "Error: port show: the ports kept changing during the dump (10 tries), giving up\n",
	       false, "fake kernel: dump interrupted every time");
	check_log(DUMP DUMP DUMP DUMP DUMP DUMP DUMP DUMP DUMP DUMP,
		  "always interrupted (ten dumps)");

	fake(&r, f, "bad", "port", "show", NULL, NULL, NULL, NULL);
	expect(&r, 1, "", "Error: malformed reply from the kernel (missing ifname)\n",
	       false, "fake kernel: malformed reply");

	test_fake_ident(f);
	test_fake_rules(f);
}

/*
 * Protocol 3 against the fake kernel's model (fake_model.c): BRFW_FAKE_STATE
 * keeps the configuration from one run to the next.
 */
static char state[64], state_file_tmp[64], conf2[64];

static void modelv(struct run *r, const char *prog, const char *scenario, ...)
{
	va_list ap;

	unlink(fake_log);
	setenv("BRFW_FAKE", scenario, 1);
	setenv("BRFW_FAKE_LOG", fake_log, 1);
	setenv("BRFW_FAKE_STATE", state, 1);
	va_start(ap, scenario);
	vrun(r, prog, NULL, ap);
	va_end(ap);
	unsetenv("BRFW_FAKE");
	unsetenv("BRFW_FAKE_LOG");
	unsetenv("BRFW_FAKE_STATE");
}

/* A command that must succeed silently, as part of the set-up. */
#define SETUP(...) do { \
	struct run r_; \
	modelv(&r_, f, "model", __VA_ARGS__, NULL); \
	if (r_.status || r_.out[0] || r_.err[0]) \
		tap_diag("set-up failed (%d): %s%s", r_.status, r_.out, r_.err); \
	done(&r_); \
} while (0)

static void write_file(const char *path, const char *text)
{
	FILE *fp = fopen(path, "w");

	if (!fp) {
		perror(path);
		exit(2);
	}
	fputs(text, fp);
	fclose(fp);
}

/* The commands of the requests the fake got ("cmd=N ..."), one a line. */
static char *cmds_sent(void)
{
	char *log = read_file(fake_log), *line, *save = NULL;
	char *out = calloc(1, 65536);
	size_t off = 0;

	for (line = log ? strtok_r(log, "\n", &save) : NULL; line;
	     line = strtok_r(NULL, "\n", &save))
		if (!strncmp(line, "cmd=", 4) && off < 65000)
			off += (size_t)snprintf(out + off, 65536 - off, "%.*s ",
						(int)strcspn(line, " "), line);
	free(log);
	return out;
}

#define SAVED \
	"# brfw configuration (brfwctl save)\n" \
	"set add admins\n" \
	"set add-elem admins 172.16.10.0/28 172.16.10.12 2001:db8::/64\n" \
	"set add web\n" \
	"set add-elem web 10.0.0.13\n" \
	"port set vnet1 policy-in drop policy-out accept\n" \
	"rule add vnet1 inout id 1 proto icmp accept\n" \
	"rule add vnet1 in id 2 proto tcp src @web dport 80,443,8000-8080 accept log\n" \
	"rule add vnet1 in id 3 ether-type 0x88b5 src-mac 02:00:00:00:00:aa dst-mac 02:00:00:00:00:bb vlan 42 drop\n" \
	"port set vnet2 policy-in accept policy-out drop mac 52:54:00:00:00:02 ip 10.0.0.2 ip6 fe80::2 vlan 100,200-300 spoof-check on isolation community web\n" \
	"rule add vnet2 out id 12 proto sctp sport 1-1023 accept\n" \
	"rule add vnet2 out id 10 proto icmpv6 icmp-type 135/0 accept\n" \
	"rule add vnet2 out id 11 proto tcp dst 2001:db8::/64 tcp-flags fin,syn/fin,syn,rst drop log\n" \
	"rule add vnet2 inout id 15 proto tcp dport 22 tcp-flags syn reject\n" \
	"port set vnet10 policy-in accept policy-out accept\n" \
	"rule add vnet10 in id 1 proto udp drop\n"

#define RULE_TABLE \
	"DEV     ID  DIR    RULE                                                                                PACKETS  BYTES\n" \
	"vnet1   1   inout  proto icmp accept                                                                         1    100\n" \
	"vnet1   2   in     proto tcp src @web dport 80,443,8000-8080 accept log                                      2    200\n" \
	"vnet1   3   in     ether-type 0x88b5 src-mac 02:00:00:00:00:aa dst-mac 02:00:00:00:00:bb vlan 42 drop        3    300\n" \
	"vnet2   12  out    proto sctp sport 1-1023 accept                                                           12   1200\n" \
	"vnet2   10  out    proto icmpv6 icmp-type 135/0 accept                                                      10   1000\n" \
	"vnet2   11  out    proto tcp dst 2001:db8::/64 tcp-flags fin,syn/fin,syn,rst drop log                       11   1100\n" \
	"vnet2   15  inout  proto tcp dport 22 tcp-flags syn reject                                                  15   1500\n" \
	"vnet10  1   in     proto udp drop                                                                            1    100\n"

#define V3_REFUSED "Error: the loaded brfw module does not support rules and sets (protocol 2 < 3): reload it\n"

/* The configuration of the spec's examples, command by command. */
static void build_config(const char *f)
{
	unlink(state);
	SETUP("set", "add", "admins", "172.16.10.12", "2001:db8::/64", "172.16.10.0/28");
	SETUP("set", "add", "web", "10.0.0.13");
	SETUP("port", "set", "vnet1", "policy-in", "drop");
	SETUP("port", "set", "vnet2", "policy-out", "drop", "mac", "52:54:00:00:00:02", "ip",
	      "10.0.0.2", "ip6", "fe80::2", "vlan", "100,200-300", "spoof-check", "on",
	      "isolation", "community", "web");
	SETUP("rule", "add", "vnet1", "inout", "id", "1", "proto", "icmp", "accept");
	SETUP("rule", "add", "vnet1", "in", "proto", "tcp", "src", "@web", "dport",
	      "80,443,8000-8080", "accept", "log");
	SETUP("rule", "add", "vnet1", "in", "ether-type", "0x88b5", "src-mac",
	      "02:00:00:00:00:aa", "dst-mac", "02:00:00:00:00:bb", "vlan", "42", "drop");
	SETUP("rule", "add", "vnet2", "out", "id", "10", "proto", "icmpv6", "icmp-type",
	      "135/0", "accept");
	SETUP("rule", "add", "vnet2", "out", "id", "11", "proto", "tcp", "tcp-flags",
	      "fin,syn/fin,syn,rst", "dst", "2001:db8::/64", "drop", "log");
	SETUP("rule", "insert", "vnet2", "out", "pos", "1", "id", "12", "proto", "sctp",
	      "sport", "1-1023", "accept");
	SETUP("rule", "add", "vnet2", "inout", "id", "15", "proto", "tcp", "tcp-flags",
	      "syn", "dport", "22", "reject");
	SETUP("rule", "add", "vnet10", "in", "id", "1", "proto", "udp", "drop");
}

/* The wire: what each command sends. */
static void test_fake_requests(const char *f)
{
	struct run r;

	unlink(state);
	modelv(&r, f, "model", "rule", "add", "lo", "in", "proto", "tcp", "src", "10.0.0.5",
	       "dport", "80", "reject", "log", NULL);
	expect(&r, 0, "", "", false, "fake kernel: rule add, silent");
	check_log("cmd=5 " V " reserved=0 flags=0x5 4=1 21={ 3=u8:1 4=u8:2 5=hex: 10=u8:6 "
		  "11={ 1=hex:0a000005 2=u8:32 } 14={ 3={ 1=u16:80 } } }\n", "rule add");
	modelv(&r, f, "model", "rule", "insert", "lo", "out", "pos", "2", "id", "7", "proto",
	       "udp", "sport", "1-2,5", "accept", NULL);
	expect(&r, 0, "", "", false, "fake kernel: rule insert, silent");
	check_log("cmd=5 " V " reserved=0 flags=0x5 4=1 21={ 2=hex:07000000 3=u8:2 4=u8:0 "
		  "10=u8:17 13={ 3={ 1=u16:1 2=u16:2 } 3={ 1=u16:5 } } } 23=2\n", "rule insert");
	modelv(&r, f, "model", "rule", "del", "lo", "id", "7", NULL);
	expect(&r, 0, "", "", false, "fake kernel: rule del, silent");
	check_log("cmd=6 " V " reserved=0 flags=0x5 4=1 22=7\n", "rule del");
	modelv(&r, f, "model", "set", "add", "web", "10.0.0.13", "2001:db8::/64", NULL);
	expect(&r, 0, "", "", false, "fake kernel: set add, silent");
	check_log("cmd=8 " V " reserved=0 flags=0x5 24=str:web 25={ 1={ 1=hex:0a00000d 2=u8:32 } "
		  "1={ 1=hex:20010db8000000000000000000000000 2=u8:64 } }\n", "set add");
	modelv(&r, f, "model", "set", "add-elem", "web", "10.0.0.14", NULL);
	expect(&r, 0, "", "", false, "fake kernel: set add-elem, silent");
	check_log("cmd=10 " V " reserved=0 flags=0x5 24=str:web 25={ 1={ 1=hex:0a00000e 2=u8:32 } }\n",
		  "set add-elem");
	modelv(&r, f, "model", "set", "del-elem", "web", "10.0.0.14", NULL);
	expect(&r, 0, "", "", false, "fake kernel: set del-elem, silent");
	check_log("cmd=11 " V " reserved=0 flags=0x5 24=str:web 25={ 1={ 1=hex:0a00000e 2=u8:32 } }\n",
		  "set del-elem");
	modelv(&r, f, "model", "set", "add", "empty", NULL);
	expect(&r, 0, "", "", false, "fake kernel: set add without members");
	check_log("cmd=8 " V " reserved=0 flags=0x5 24=str:empty\n", "set add NAME");
	modelv(&r, f, "model", "set", "del", "empty", NULL);
	expect(&r, 0, "", "", false, "fake kernel: set del, silent");
	check_log("cmd=9 " V " reserved=0 flags=0x5 24=str:empty\n", "set del");
	modelv(&r, f, "model", "counters", "reset", NULL);
	expect(&r, 0, "", "", false, "fake kernel: counters reset, silent");
	check_log("cmd=13 " V " reserved=0 flags=0x5\n", "counters reset");
	modelv(&r, f, "model", "counters", "reset", "lo", NULL);
	expect(&r, 0, "", "", false, "fake kernel: counters reset DEV, silent");
	check_log("cmd=13 " V " reserved=0 flags=0x5 4=1\n", "counters reset DEV");
	modelv(&r, f, "model", "rule", "show", "lo", NULL);
	check_log("cmd=7 " V " reserved=0 flags=0x301 4=1\n", "rule show DEV (a dump with a filter)");
	done(&r);
	modelv(&r, f, "model", "set", "show", "web", NULL);
	check_log("cmd=12 " V " reserved=0 flags=0x301 24=str:web\n", "set show NAME");
	done(&r);
	modelv(&r, f, "model", "save", NULL);
	check_log("cmd=12 " V " reserved=0 flags=0x301\ncmd=3 " V " reserved=0 flags=0x301\n"
		  "cmd=7 " V " reserved=0 flags=0x301\n", "save (three dumps)");
	done(&r);
	write_file(state_file_tmp, "rule add lo in drop\n");
	modelv(&r, f, "model", "restore", state_file_tmp, NULL);
	expect(&r, 0, "", "", false, "fake kernel: restore, silent");
	check_log("cmd=14 " V " reserved=0 flags=0x5\n"
		  "cmd=5 " V " reserved=0 flags=0x5 4=1 21={ 3=u8:1 4=u8:1 } 28=hex:\n"
		  "cmd=15 " V " reserved=0 flags=0x5\n", "restore: begin, requests with txn, commit");
}

/* show, save, restore and batch on the spec's configuration. */
static void test_fake_config(const char *f)
{
	struct run r;
	char *sent;

	build_config(f);
	modelv(&r, f, "model", "rule", "show", NULL);
	expect(&r, 0, RULE_TABLE, "", false,
	       "fake kernel: rule show, ports by name, rules in order, counters");
	modelv(&r, f, "model", "-j", "rule", "show", "vnet10", NULL);
	expect(&r, 0, "[{\"dev\":\"vnet10\",\"id\":1,\"dir\":\"in\",\"rule\":\"proto udp drop\","
	       "\"match\":{\"proto\":\"udp\"},\"action\":\"drop\",\"log\":false,\"packets\":1,"
	       "\"bytes\":100}]\n", "", false, "fake kernel: -j rule show DEV");
	modelv(&r, f, "model", "rule", "show", "vnet3", NULL);
	expect(&r, 0, "DEV  ID  DIR  RULE  PACKETS  BYTES\n", "", false,
	       "fake kernel: rule show of a port without rules: the header");
	modelv(&r, f, "model", "-j", "rule", "show", "vnet3", NULL);
	expect(&r, 0, "[]\n", "", false, "fake kernel: -j rule show, no rules: []");
	modelv(&r, f, "model", "rule", "show", "nosuchdev0", NULL);
	expect(&r, 1, "", "Error: device \"nosuchdev0\" does not exist\n", false,
	       "fake kernel: rule show of a missing device");
	modelv(&r, f, "model", "set", "show", NULL);
	expect(&r, 0, "set admins  3 elements  used by 0 rules\n"
	       "  172.16.10.0/28\n  172.16.10.12\n  2001:db8::/64\n"
	       "set web  1 element  used by 1 rule\n  10.0.0.13\n", "", false,
	       "fake kernel: set show, members sorted, refs");
	modelv(&r, f, "model", "-j", "set", "show", "web", NULL);
	expect(&r, 0, "[{\"name\":\"web\",\"count\":1,\"refs\":1,\"elements\":[\"10.0.0.13\"]}]\n",
	       "", false, "fake kernel: -j set show NAME");
	modelv(&r, f, "model", "set", "show", "nosuch", NULL);
	expect(&r, 1, "", "Error: set \"nosuch\" does not exist\n", false,
	       "fake kernel: set show of a missing set");
	modelv(&r, f, "model", "save", NULL);
	expect(&r, 0, SAVED, "", false, "fake kernel: save, in the order of the spec");

	/* save -> restore -> save, from a file and from stdin. */
	write_file(conf2, SAVED);
	modelv(&r, f, "model", "restore", conf2, NULL);
	expect(&r, 0, "", "", false, "fake kernel: restore the saved file");
	modelv(&r, f, "model", "save", NULL);
	expect(&r, 0, SAVED, "", false, "fake kernel: save -> restore -> save is identical");
	stdin_path = conf2;
	modelv(&r, f, "model", "restore", "-", NULL);
	stdin_path = NULL;
	expect(&r, 0, "", "", false, "fake kernel: restore - (standard input)");
	modelv(&r, f, "model", "rule", "show", NULL);
	expect(&r, 0, RULE_TABLE, "", false, "fake kernel: rule show after restore");

	/* A kernel error: the line, an abort, nothing changed. */
	write_file(state_file_tmp, "# a comment\n\nset add x\nport set vnet3 policy-in drop\n"
		   "rule add vnet3 in src @nosuch drop\nset add w\n");
	modelv(&r, f, "model", "restore", state_file_tmp, NULL);
	sent = cmds_sent();
	expect(&r, 1, "", "Error: line 5: rule: no such set (attribute src)\n", false,
	       "fake kernel: restore, a kernel error names the file's line");
	tap_is_str(sent, "cmd=14 cmd=8 cmd=2 cmd=5 cmd=16 ",
		   "fake kernel: restore failed: begin, the lines up to the error, abort");
	free(sent);
	modelv(&r, f, "model", "save", NULL);
	expect(&r, 0, SAVED, "", false, "fake kernel: a failed restore changes nothing");
	write_file(state_file_tmp, "set add x\nrule add vnet1 in id 1 drop\n");
	modelv(&r, f, "model", "restore", state_file_tmp, NULL);
	expect(&r, 0, "", "", false, "fake kernel: restore: ids of the old configuration are free");
	write_file(state_file_tmp, "set add x\nset add x\n");
	modelv(&r, f, "model", "restore", state_file_tmp, NULL);
	expect(&r, 1, "", "Error: line 2: set: the name is taken (attribute set name)\n", false,
	       "fake kernel: restore, a set defined twice");
	modelv(&r, f, "model", "restore", conf2, NULL);
	done(&r);

	/* Errors before anything is sent. */
	write_file(state_file_tmp, "set add x\nrule add vnet3 in proto tcp dport 70000 drop\n");
	modelv(&r, f, "model", "restore", state_file_tmp, NULL);
	expect(&r, 1, "", "Error: line 2: dport 70000 is out of range (ports are 0..65535)\n",
	       false, "fake kernel: restore, a syntax error names the line");
	check_log("", "restore with a syntax error (nothing sent)");
	write_file(state_file_tmp, "set add x\nrule del vnet1 id 1\n");
	modelv(&r, f, "model", "restore", state_file_tmp, NULL);
	expect(&r, 1, "", "Error: line 2: a restore file takes only port set, set add, set add-elem, "
	       "rule add and rule insert, not \"rule\"\n", false,
	       "fake kernel: restore, a command it does not take");
	check_log("", "restore with rule del (nothing sent)");
	write_file(state_file_tmp, "set add x\nport set vnet9 policy-in drop\n");
	modelv(&r, f, "model", "restore", state_file_tmp, NULL);
	expect(&r, 1, "", "Error: line 2: device \"vnet9\" does not exist\n", false,
	       "fake kernel: restore, an unknown device");
	check_log("", "restore with an unknown device (nothing sent)");
	modelv(&r, f, "model", "restore", "/nonexistent/brfw.conf", NULL);
	expect(&r, 1, "", "Error: cannot open /nonexistent/brfw.conf: No such file or directory\n",
	       false, "fake kernel: restore of a missing file");
	modelv(&r, f, "commitfail", "restore", conf2, NULL);
	expect(&r, 1, "", "Error: restore: commit: out of memory (fake)\n", false,
	       "fake kernel: a failed commit");
	modelv(&r, f, "model", "save", NULL);
	expect(&r, 0, SAVED, "", false, "fake kernel: a failed commit changes nothing");

	/* Batch: one command a line, stop at the first error. */
	write_file(state_file_tmp, "set add w 10.9.0.0/16\n# x\n\nset add w\nset add z\n");
	modelv(&r, f, "model", "-b", state_file_tmp, NULL);
	expect(&r, 1, "", "Error: line 4: set: the name is taken (attribute set name)\n", false,
	       "fake kernel: -b stops at the failing line, naming it");
	write_file(state_file_tmp, "set show w\nset show z\n");
	modelv(&r, f, "model", "-batch", state_file_tmp, NULL);
	expect(&r, 1, "set w  1 element  used by 0 rules\n  10.9.0.0/16\n",
	       "Error: line 2: set \"z\" does not exist\n", false,
	       "fake kernel: -batch: the lines before the error ran, not those after");
	write_file(state_file_tmp, "set del w\nset add q\nrule add vnet1 in frob\n");
	modelv(&r, f, "model", "-b", state_file_tmp, NULL);
	expect(&r, 1, "", "Error: line 3: unknown keyword \"frob\" for \"rule add\"\n", false,
	       "fake kernel: -b with a syntax error runs nothing");
	check_log("", "-b with a syntax error (nothing sent)");
	write_file(state_file_tmp, "set del w\nrule show vnet10\n\nset show\n");
	modelv(&r, f, "model", "-j", "-b", state_file_tmp, NULL);
	expect(&r, 0, "[{\"dev\":\"vnet10\",\"id\":1,\"dir\":\"in\",\"rule\":\"proto udp drop\","
	       "\"match\":{\"proto\":\"udp\"},\"action\":\"drop\",\"log\":false,\"packets\":1,"
	       "\"bytes\":100}]\n"
	       "[{\"name\":\"admins\",\"count\":3,\"refs\":0,\"elements\":"
	       "[\"172.16.10.0/28\",\"172.16.10.12\",\"2001:db8::/64\"]},"
	       "{\"name\":\"web\",\"count\":1,\"refs\":1,\"elements\":[\"10.0.0.13\"]}]\n",
	       "", false, "fake kernel: -j -b: each command's output, on one socket");
	sent = read_file(fake_log);
	tap_ok(sent && strstr(sent, "getfamily") &&
	       !strstr(strstr(sent, "getfamily") + 1, "getfamily"),
	       "fake kernel: -b looks the family up once");
	free(sent);
	stdin_path = state_file_tmp;
	write_file(state_file_tmp, "rule add vnet9 in drop\n");
	modelv(&r, f, "model", "-b", "-", NULL);
	stdin_path = NULL;
	expect(&r, 1, "", "Error: line 1: device \"vnet9\" does not exist\n", false,
	       "fake kernel: -b -, a device error names the line");
	modelv(&r, f, "model", "-b", "/nonexistent/cmds", NULL);
	expect(&r, 1, "", "Error: cannot open /nonexistent/cmds: No such file or directory\n",
	       false, "fake kernel: -b of a missing file");

	/* Kernel errors of single commands. */
	modelv(&r, f, "model", "rule", "add", "vnet1", "in", "id", "1", "drop", NULL);
	expect(&r, 1, "", "Error: rule: the port has a rule with this id (attribute id)\n", false,
	       "fake kernel: a duplicate id, the attribute named");
	modelv(&r, f, "model", "rule", "add", "vnet1", "in", "dst", "@nosuch", "drop", NULL);
	expect(&r, 1, "", "Error: rule: no such set (attribute dst)\n", false,
	       "fake kernel: an unknown set");
	modelv(&r, f, "model", "rule", "add", "br0", "in", "drop", NULL);
	expect(&r, 1, "", "Error: ifindex: not a bridge port (attribute ifindex)\n", false,
	       "fake kernel: not a bridge port");
	modelv(&r, f, "model", "rule", "del", "vnet1", "id", "99", NULL);
	expect(&r, 1, "", "Error: rule: no rule with this id on the port (attribute id)\n", false,
	       "fake kernel: rule del of an unknown id");
	modelv(&r, f, "model", "set", "del", "web", NULL);
	expect(&r, 1, "", "Error: set: in use by a rule (attribute set name)\n", false,
	       "fake kernel: set del of a set in use");
	modelv(&r, f, "model", "set", "del-elem", "web", "10.0.0.13", "10.9.9.9", NULL);
	expect(&r, 1, "", "Error: set: not a member (member 10.9.9.9)\n", false,
	       "fake kernel: set del-elem, the member named");
	modelv(&r, f, "model", "set", "add-elem", "nosuch", "10.1.1.1", NULL);
	expect(&r, 1, "", "Error: set: no such set (attribute set name)\n", false,
	       "fake kernel: set add-elem of an unknown set");
	modelv(&r, f, "model", "counters", "reset", "vnet3", NULL);
	expect(&r, 1, "", "Error: ifindex: port has no brfw policy (attribute ifindex)\n", false,
	       "fake kernel: counters reset of a port without a policy");
	modelv(&r, f, "model", "counters", "reset", "nosuchdev0", NULL);
	expect(&r, 1, "", "Error: device \"nosuchdev0\" does not exist\n", false,
	       "fake kernel: counters reset of a missing device");
	check_log("", "counters reset of a missing device (nothing sent)");

	/* Counters, rule del, rule insert. */
	modelv(&r, f, "model", "counters", "reset", "vnet1", NULL);
	expect(&r, 0, "", "", false, "fake kernel: counters reset DEV");
	modelv(&r, f, "model", "rule", "del", "vnet2", "id", "11", NULL);
	expect(&r, 0, "", "", false, "fake kernel: rule del");
	modelv(&r, f, "model", "rule", "insert", "vnet2", "out", "pos", "2", "proto", "udp",
	       "accept", NULL);
	expect(&r, 0, "", "", false, "fake kernel: rule insert without id");
	modelv(&r, f, "model", "rule", "show", NULL);
	expect(&r, 0,
	       "DEV     ID  DIR    RULE                                                                                PACKETS  BYTES\n"
	       "vnet1   1   inout  proto icmp accept                                                                         0      0\n"
	       "vnet1   2   in     proto tcp src @web dport 80,443,8000-8080 accept log                                      0      0\n"
	       "vnet1   3   in     ether-type 0x88b5 src-mac 02:00:00:00:00:aa dst-mac 02:00:00:00:00:bb vlan 42 drop        0      0\n"
	       "vnet2   12  out    proto sctp sport 1-1023 accept                                                           12   1200\n"
	       "vnet2   16  out    proto udp accept                                                                         16   1600\n"
	       "vnet2   10  out    proto icmpv6 icmp-type 135/0 accept                                                      10   1000\n"
	       "vnet2   15  inout  proto tcp dport 22 tcp-flags syn reject                                                  15   1500\n"
	       "vnet10  1   in     proto udp drop                                                                            1    100\n",
	       "", false, "fake kernel: counters of vnet1 reset, rule 11 gone, rule 16 second out");
	modelv(&r, f, "model", "counters", "reset", NULL);
	expect(&r, 0, "", "", false, "fake kernel: counters reset");
	modelv(&r, f, "model", "-j", "rule", "show", "vnet10", NULL);
	expect(&r, 0, "[{\"dev\":\"vnet10\",\"id\":1,\"dir\":\"in\",\"rule\":\"proto udp drop\","
	       "\"match\":{\"proto\":\"udp\"},\"action\":\"drop\",\"log\":false,\"packets\":0,"
	       "\"bytes\":0}]\n", "", false, "fake kernel: every counter zero");

	/* An empty file clears the configuration. */
	write_file(state_file_tmp, "# nothing\n");
	modelv(&r, f, "model", "restore", state_file_tmp, NULL);
	expect(&r, 0, "", "", false, "fake kernel: restore of an empty file");
	modelv(&r, f, "model", "save", NULL);
	expect(&r, 0, "# brfw configuration (brfwctl save)\n", "", false,
	       "fake kernel: after an empty restore, save is the header");
	modelv(&r, f, "model", "rule", "show", NULL);
	expect(&r, 0, "DEV  ID  DIR  RULE  PACKETS  BYTES\n", "", false,
	       "fake kernel: no rules, the header");
	modelv(&r, f, "model", "-j", "set", "show", NULL);
	expect(&r, 0, "[]\n", "", false, "fake kernel: no sets, []");
}

/* Old modules, no module, no permission. */
static void test_fake_refused(const char *f)
{
	struct run r;

	unlink(state);
	modelv(&r, f, "v2", "rule", "add", "lo", "in", "drop", NULL);
	expect(&r, 1, "", V3_REFUSED, false, "protocol 2 module: rule add refused");
	check_log("", "protocol 2 module: nothing sent");
	modelv(&r, f, "v2", "set", "show", NULL);
	expect(&r, 1, "", V3_REFUSED, false, "protocol 2 module: set show refused");
	modelv(&r, f, "v2", "save", NULL);
	expect(&r, 1, "", V3_REFUSED, false, "protocol 2 module: save refused");
	modelv(&r, f, "v2", "restore", conf2, NULL);
	expect(&r, 1, "", V3_REFUSED, false, "protocol 2 module: restore refused");
	modelv(&r, f, "v2", "counters", "reset", NULL);
	expect(&r, 1, "", V3_REFUSED, false, "protocol 2 module: counters reset refused");
	modelv(&r, f, "v2", "port", "set", "lo", "mac", "52:54:00:00:00:01", NULL);
	expect(&r, 0, "", "", false, "protocol 2 module: port set with identity still works");
	modelv(&r, f, "v1", "rule", "show", NULL);
	expect(&r, 1, "", "Error: the loaded brfw module does not support rules and sets "
	       "(protocol 1 < 3): reload it\n", false, "protocol 1 module: rule show refused");
	modelv(&r, f, "nomod", "rule", "show", NULL);
	expect(&r, 1, "", NOT_LOADED, false, "no module: rule show");
	modelv(&r, f, "nomod", "restore", conf2, NULL);
	expect(&r, 1, "", NOT_LOADED, false, "no module: restore");
	modelv(&r, f, "eperm", "rule", "add", "lo", "in", "drop", NULL);
	expect(&r, 1, "", "Error: rule add lo: Operation not permitted (brfwctl needs CAP_NET_ADMIN)\n",
	       false, "EPERM: rule add");
	modelv(&r, f, "eperm", "set", "show", NULL);
	expect(&r, 1, "", "Error: set show: Operation not permitted (brfwctl needs CAP_NET_ADMIN)\n",
	       false, "EPERM: set show");
	modelv(&r, f, "eperm", "restore", conf2, NULL);
	expect(&r, 1, "", "Error: restore: cannot start the transaction: Operation not permitted "
	       "(brfwctl needs CAP_NET_ADMIN)\n", false, "EPERM: restore");
}

/* 10000 rules and 100000 set members: restore, save, round trip. */
static void test_fake_scale(const char *f)
{
	static const char *const devs[] = { "vnet0", "vnet1", "vnet2", "vnet3" };
	struct timespec t0, t1;
	struct run r;
	double secs;
	FILE *fp;
	int i;

	fp = fopen(conf2, "w");
	if (!fp)
		exit(2);
	fputs("set add big\n", fp);
	for (i = 0; i < 100000; i++)
		fprintf(fp, "%s 10.%d.%d.%d%s", i % 64 ? "" : "set add-elem big", i >> 16,
			(i >> 8) & 255, i & 255, i % 64 == 63 || i == 99999 ? "\n" : "");
	/* In save's order: each port, then its rules. */
	for (i = 0; i < 10000; i++) {
		if (i % 2500 == 0)
			fprintf(fp, "port set %s policy-in drop policy-out accept\n",
				devs[i / 2500]);
		fprintf(fp, "rule add %s in id %d proto tcp src @big dport %d accept\n",
			devs[i / 2500], i % 2500 + 1, i);
	}
	fclose(fp);
	unlink(state);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	modelv(&r, f, "model", "restore", conf2, NULL);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	secs = (double)(t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9;
	expect(&r, 0, "", "", false, "scale: restore of 10000 rules and 100000 set members");
	tap_ok(secs < 30, "scale: the restore took %.1f s (sanitizers on; limit 30 s)", secs);
	modelv(&r, f, "model", "save", NULL);
	{
		char *want = read_file(conf2);
		char *body = r.out ? strchr(r.out, '\n') : NULL;

		tap_ok(want && body && !strcmp(body + 1, want),
		       "scale: save gives the file back (after its header)");
		free(want);
	}
	done(&r);
}

#define CT_TEXT(max, udp_replied, count) \
	"max " max "  count " count "  buckets 16384  entry-size 120\n" \
	"early-drops 3  full-drops 1\n" \
	"timeout tcp-syn-sent     120\n" \
	"timeout tcp-syn-recv     60\n" \
	"timeout tcp-established  432000\n" \
	"timeout tcp-fin-wait     120\n" \
	"timeout tcp-time-wait    120\n" \
	"timeout tcp-close        10\n" \
	"timeout udp-unreplied    30\n" \
	"timeout udp-replied      " udp_replied "\n" \
	"timeout icmp-unreplied   30\n" \
	"timeout icmp-replied     30\n" \
	"timeout other-unreplied  60\n" \
	"timeout other-replied    600\n"
#define FLOWS_HEAD(pad) \
	"PORT   DIR  PROTO  FLOW" pad "STATE        TIMEOUT  OUT-PKTS  OUT-BYTES  IN-PKTS  IN-BYTES  RULE\n"
#define FLOW_TCP(pad) \
	"vnet0  out  tcp    10.0.0.5:40000 -> 10.0.0.1:80" pad "established   431990         5        400        4       300  3\n"
#define FLOW_ICMP(pad) \
	"vnet0  out  icmp   10.0.0.5 -> 8.8.8.8 id 7" pad "unreplied         25         1         98        0         0  policy\n"
#define FLOW_GRE(pad) \
	"vnet0  out  47     10.0.0.5 -> 10.0.0.7" pad "unreplied         50         3        300        0         0  policy\n"
#define CT_REFUSED "Error: the loaded brfw module does not support flow tracking " \
	"(ct, flows, stateful, ct-limit, ct-state; protocol 3 < 4): reload it\n"

/* Protocol 4: ct, flows, the port's flow settings, ct-state. */
static void test_fake_ct(const char *f)
{
	char *saved;
	struct run r;

	unlink(state);
	modelv(&r, f, "model", "ct", NULL);
	expect(&r, 0, CT_TEXT("65536", "180", "5"), "", false,
	       "fake kernel: ct show, the defaults");
	check_log("cmd=17 " V " reserved=0 flags=0x5\n", "ct show (not a dump)");
	modelv(&r, f, "model", "ct", "set", "max", "100", "timeout", "udp-replied",
	       "5", NULL);
	expect(&r, 0, "", "", false, "fake kernel: ct set max and a timeout, silent");
	check_log("cmd=18 " V " reserved=0 flags=0x5 31={ 2=hex:64000000 6={ 8=hex:05000000 } }\n",
		  "ct set max 100 timeout udp-replied 5");
	modelv(&r, f, "model", "ct", "show", NULL);
	expect(&r, 0, CT_TEXT("100", "5", "5"), "", false,
	       "fake kernel: ct show after ct set");
	modelv(&r, f, "model", "-j", "ct", NULL);
	expect(&r, 0, "{\"max\":100,\"count\":5,\"buckets\":16384,\"entry_size\":120,"
	       "\"early_drops\":3,\"full_drops\":1,\"timeouts\":{\"tcp-syn-sent\":120,"
	       "\"tcp-syn-recv\":60,\"tcp-established\":432000,\"tcp-fin-wait\":120,"
	       "\"tcp-time-wait\":120,\"tcp-close\":10,\"udp-unreplied\":30,"
	       "\"udp-replied\":5,\"icmp-unreplied\":30,\"icmp-replied\":30,"
	       "\"other-unreplied\":60,\"other-replied\":600}}\n", "", false,
	       "fake kernel: -j ct");
	modelv(&r, f, "model", "ct", "set", "timeout", "tcp-close", "0", NULL);
	expect(&r, 1, "", "Error: timeout tcp-close 0 is out of range (1..2000000 seconds)\n"
	       "Try \"brfwctl ct help\".\n", false, "fake kernel: ct set, a bad value");
	check_log("", "ct set with a bad value (nothing)");
	modelv(&r, f, "model", "ct", "set", "timeout", "tcp-closed", "5", NULL);
	expect(&r, 1, "", "Error: unknown timeout \"tcp-closed\" (one of tcp-syn-sent, "
	       "tcp-syn-recv, tcp-established, tcp-fin-wait, tcp-time-wait, tcp-close, "
	       "udp-unreplied, udp-replied, icmp-unreplied, icmp-replied, other-unreplied, "
	       "other-replied)\nTry \"brfwctl ct help\".\n", false,
	       "fake kernel: ct set, an unknown timeout lists the names");
	fakev(&r, f, "netns", "ct", "set", "max", "100000", NULL);
	expect(&r, 1, "", "Error: ct set: only the initial network namespace may raise "
	       "the flow limit\n", false, "fake kernel: ct set max, raised in a namespace");
	fakev(&r, f, "netns", "ct", "set", "max", "1000", NULL);
	expect(&r, 0, "", "", false, "fake kernel: ct set max, lowered in a namespace");

	modelv(&r, f, "model", "flows", NULL);
	expect(&r, 0, FLOWS_HEAD("                                      ")
	       FLOW_TCP("             ") FLOW_ICMP("                  ")
	       FLOW_GRE("                      ")
	       "vnet1  out  udp    10.0.0.9:5353 -> 10.0.0.5:53              replied          170         2        180        2       220  policy\n"
	       "vnet2  in   tcp    [2001:db8::1]:50000 -> [2001:db8::2]:443  syn-recv          55         1         94        1        94  12\n",
	       "", false, "fake kernel: flows, each flow once, ports by name");
	check_log("cmd=19 " V " reserved=0 flags=0x301\n", "flows (a dump)");
	modelv(&r, f, "model", "flows", "vnet0", NULL);
	expect(&r, 0, FLOWS_HEAD("                           ")
	       FLOW_TCP("  ")
	       "vnet0  in   udp    10.0.0.9:5353 -> 10.0.0.5:53   replied          170         2        220        2       180  policy\n"
	       FLOW_ICMP("       ") FLOW_GRE("           "), "", false,
	       "fake kernel: flows DEV, a flow toward the VM is in");
	check_log("cmd=19 " V " reserved=0 flags=0x301 4=5\n", "flows vnet0 (a filtered dump)");
	modelv(&r, f, "model", "-j", "flows", "vnet2", NULL);
	expect(&r, 0, "[{\"port\":\"vnet2\",\"dir\":\"in\",\"zone\":3,\"proto\":\"tcp\","
	       "\"src\":\"2001:db8::1\",\"dst\":\"2001:db8::2\",\"sport\":50000,\"dport\":443,"
	       "\"state\":\"syn-recv\",\"timeout\":55,\"out\":{\"packets\":1,\"bytes\":94},"
	       "\"in\":{\"packets\":1,\"bytes\":94},\"rule\":12}]\n", "", false,
	       "fake kernel: -j flows DEV");
	modelv(&r, f, "model", "flows", "nosuchdev0", NULL);
	expect(&r, 1, "", "Error: device \"nosuchdev0\" does not exist\n", false,
	       "fake kernel: flows, a missing device");

	/* Given the other way round. */
	modelv(&r, f, "model", "flows", "del", "proto", "udp", "src", "10.0.0.5", "sport",
	       "53", "dst", "10.0.0.9", "dport", "5353", NULL);
	expect(&r, 0, "", "", false, "fake kernel: flows del, the reply tuple");
	check_log("cmd=20 " V " reserved=0 flags=0x5 32={ 3=u8:4 4=u8:17 5=hex:0a000005 "
		  "6=hex:0a000009 7=u16:53 8=u16:5353 }\n", "flows del");
	modelv(&r, f, "model", "flows", "del", "proto", "udp", "src", "10.0.0.5", "sport",
	       "53", "dst", "10.0.0.9", "dport", "5353", NULL);
	expect(&r, 1, "", "Error: flow: no such flow (attribute flow)\n", false,
	       "fake kernel: flows del, gone already");
	modelv(&r, f, "model", "flows", "del", "proto", "icmp", "src", "10.0.0.5", "dst",
	       "8.8.8.8", "id", "7", NULL);
	expect(&r, 0, "", "", false, "fake kernel: flows del, an ICMP echo flow");
	modelv(&r, f, "model", "flows", "flush", "vnet2", NULL);
	expect(&r, 0, "", "", false, "fake kernel: flows flush DEV");
	check_log("cmd=20 " V " reserved=0 flags=0x5 4=7\n", "flows flush vnet2");
	modelv(&r, f, "model", "flows", NULL);
	expect(&r, 0, FLOWS_HEAD("                           ") FLOW_TCP("  ")
	       FLOW_GRE("           "), "", false,
	       "fake kernel: flows after del and flush");

	/* The port's settings, shown and saved; ct-state rules. */
	modelv(&r, f, "model", "port", "set", "vnet0", "policy-in", "drop", "stateful", "on",
	       "ct-limit", "50", NULL);
	expect(&r, 0, "", "", false, "fake kernel: port set stateful on ct-limit 50");
	check_log("cmd=2 " V " reserved=0 flags=0x5 4=5 8=u8:1 16=16 17=16 29=50\n",
		  "port set vnet0 policy-in drop stateful on ct-limit 50");
	modelv(&r, f, "model", "port", "show", "vnet0", NULL);
	expect(&r, 0, "PORT   BRIDGE  IN    OUT     DIR  PASS-PKTS  PASS-BYTES  DROP-PKTS  DROP-BYTES\n"
	       "vnet0  br0     drop  accept  in           0           0          0           0\n"
	       "                             out          0           0          0           0\n"
	       "    mac none  spoof-check off  dhcp-server off  router off  promisc off  isolation none\n"
	       "    stateful on  persist-established off  ct-limit 50  flows 2\n"
	       "    ip none\n    ip6 none\n    vlan none\n"
	       "    drops spoof-mac 0 spoof-ip 0 spoof-arp 0 spoof-nd 0 ra-guard 0 dhcp-guard 0 "
	       "vlan 0 isolation 0 promisc 0 ethertype 0 malformed 0 ct-full 0\n", "", false,
	       "fake kernel: port show DEV with the flow settings");
	SETUP("port", "set", "vnet1", "persist-established", "on", "stateful", "on");
	SETUP("rule", "add", "vnet0", "in", "ct-state", "related,established", "accept");
	check_log("cmd=5 " V " reserved=0 flags=0x5 4=5 21={ 3=u8:1 4=u8:0 22=u8:6 }\n",
		  "rule add ct-state");
	SETUP("rule", "add", "vnet0", "in", "ct-state", "invalid", "drop");
	modelv(&r, f, "model", "rule", "show", "vnet0", NULL);
	expect(&r, 0, "DEV    ID  DIR  RULE                                 PACKETS  BYTES\n"
	       "vnet0  1   in   ct-state established,related accept        1    100\n"
	       "vnet0  2   in   ct-state invalid drop                      2    200\n", "", false,
	       "fake kernel: rule show, ct-state in canonical order");
	modelv(&r, f, "model", "save", NULL);
	expect(&r, 0, "# brfw configuration (brfwctl save)\n"
	       "port set vnet0 policy-in drop policy-out accept stateful on ct-limit 50\n"
	       "rule add vnet0 in id 1 ct-state established,related accept\n"
	       "rule add vnet0 in id 2 ct-state invalid drop\n"
	       "port set vnet1 policy-in accept policy-out accept stateful on persist-established on\n",
	       "", false, "fake kernel: save with the flow settings and ct-state");
	modelv(&r, f, "model", "save", NULL);
	saved = r.out;
	r.out = NULL;
	done(&r);
	write_file(conf2, saved);
	unlink(state);
	modelv(&r, f, "model", "restore", conf2, NULL);
	expect(&r, 0, "", "", false, "fake kernel: restore of that save");
	modelv(&r, f, "model", "save", NULL);
	expect(&r, 0, saved, "", false, "fake kernel: save, restore, save: the same bytes");
	free(saved);

	/* A protocol 3 module: refused before anything is sent. */
	fakev(&r, f, "v3", "ct", NULL);
	expect(&r, 1, "", CT_REFUSED, false, "protocol 3 module: ct show refused");
	check_log("", "protocol 3 module: nothing sent for ct");
	fakev(&r, f, "v3", "ct", "set", "max", "10", NULL);
	expect(&r, 1, "", CT_REFUSED, false, "protocol 3 module: ct set refused");
	fakev(&r, f, "v3", "-j", "flows", NULL);
	expect(&r, 1, "", CT_REFUSED, false, "protocol 3 module: flows refused");
	fakev(&r, f, "v3", "flows", "flush", NULL);
	expect(&r, 1, "", CT_REFUSED, false, "protocol 3 module: flows flush refused");
	fakev(&r, f, "v3", "flows", "del", "proto", "47", "src", "10.0.0.5", "dst",
	      "10.0.0.7", NULL);
	expect(&r, 1, "", CT_REFUSED, false, "protocol 3 module: flows del refused");
	fakev(&r, f, "v3", "port", "set", "vnet0", "stateful", "on", NULL);
	expect(&r, 1, "", CT_REFUSED, false, "protocol 3 module: port set stateful refused");
	fakev(&r, f, "v3", "port", "set", "vnet0", "ct-limit", "5", NULL);
	expect(&r, 1, "", CT_REFUSED, false, "protocol 3 module: port set ct-limit refused");
	fakev(&r, f, "v3", "rule", "add", "vnet0", "in", "ct-state", "new", "accept", NULL);
	expect(&r, 1, "", CT_REFUSED, false, "protocol 3 module: ct-state refused");
	check_log("", "protocol 3 module: nothing sent for ct-state");
	fakev(&r, f, "v3", "rule", "add", "vnet0", "in", "proto", "tcp", "accept", NULL);
	expect(&r, 0, "", "", false, "protocol 3 module: rules without ct-state still work");
	write_file(state_file_tmp, "port set vnet0 stateful on\n");
	fakev(&r, f, "v3", "restore", state_file_tmp, NULL);
	expect(&r, 1, "", CT_REFUSED, false, "protocol 3 module: a restore file with stateful");
	fakev(&r, f, "v3", "port", "show", "lo", NULL);
	expect(&r, 0, LO_ROWS IDENT_V3_TEXT, "", false,
	       "protocol 3 module: port show, flow settings at their defaults");
	fakev(&r, f, "ok", "-j", "port", "show", "lo", NULL);
	expect(&r, 0, "[{\"port\":\"lo\",\"ifindex\":1,\"bridge\":\"br0\",\"bridge_ifindex\":3,"
	       "\"policy_in\":\"drop\",\"policy_out\":\"accept\","
	       "\"stats\":{\"in\":{\"pass_packets\":101,\"pass_bytes\":102,\"drop_packets\":103,\"drop_bytes\":104},"
	       "\"out\":{\"pass_packets\":111,\"pass_bytes\":112,\"drop_packets\":113,\"drop_bytes\":114}}"
	       IDENT_JSON("107") "}]\n", "", false,
	       "fake kernel: -j port show: stateful, ct_limit, flows, ct_full");
}

static void test_fake_rules(const char *f)
{
	snprintf(state, sizeof(state), "/tmp/brfw-unit-state-%d", (int)getpid());
	snprintf(state_file_tmp, sizeof(state_file_tmp), "/tmp/brfw-unit-conf-%d",
		 (int)getpid());
	snprintf(conf2, sizeof(conf2), "/tmp/brfw-unit-conf2-%d", (int)getpid());
	test_fake_requests(f);
	test_fake_config(f);
	test_fake_refused(f);
	test_fake_scale(f);
	test_fake_ct(f);
	unlink(state);
	unlink(state_file_tmp);
	unlink(conf2);
	unlink(fake_log);
}
