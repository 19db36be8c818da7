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
		"router", "promisc", "{ on | off }",
		"isolation { none | isolated | community NAME | promiscuous }",
		"port show [ DEV ]",
		"port del DEV", "port help", "version", "help",
		"-j, --json", "-p, --pretty", "-V, --version", "-h, --help", NULL,
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
		NULL,
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
	       "vlan, spoof-check, dhcp-server, router, promisc or isolation)\n"
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
	"    ip 192.168.0.202 10.1.0.0/28\n" \
	"    ip6 fe80::203 2001:db8::/64\n" \
	"    vlan 100,200,300-310\n" \
	"    drops spoof-mac 0 spoof-ip 3 spoof-arp 0 spoof-nd 0 ra-guard 0 dhcp-guard 0 vlan 0 isolation 0 promisc 0 ethertype 0 malformed " malformed "\n"
#define IDENT_DEFAULT_TEXT \
	"    mac none  spoof-check off  dhcp-server off  router off  promisc off  isolation none\n" \
	"    ip none\n" \
	"    ip6 none\n" \
	"    vlan none\n" \
	"    drops spoof-mac 0 spoof-ip 0 spoof-arp 0 spoof-nd 0 ra-guard 0 dhcp-guard 0 vlan 0 isolation 0 promisc 0 ethertype 0 malformed 0\n"
#define IDENT_JSON(malformed) \
	",\"mac\":\"52:54:00:30:fc:2d\",\"spoof_check\":true,\"dhcp_server\":false," \
	"\"router\":true,\"promisc\":false,\"isolation\":\"community\",\"community\":\"web\"," \
	"\"ip\":[\"192.168.0.202\",\"10.1.0.0/28\"],\"ip6\":[\"fe80::203\",\"2001:db8::/64\"]," \
	"\"vlans\":[100,200,300,301,302,303,304,305,306,307,308,309,310]," \
	"\"drops\":{\"spoof_mac\":0,\"spoof_ip\":3,\"spoof_arp\":0,\"spoof_nd\":0," \
	"\"ra_guard\":0,\"dhcp_guard\":0,\"vlan\":0,\"isolation\":0,\"promisc\":0," \
	"\"ethertype\":0,\"malformed\":" malformed "}"
#define IDENT_DEFAULT_JSON \
	",\"mac\":null,\"spoof_check\":false,\"dhcp_server\":false," \
	"\"router\":false,\"promisc\":false,\"isolation\":\"none\",\"community\":null," \
	"\"ip\":[],\"ip6\":[],\"vlans\":[]," \
	"\"drops\":{\"spoof_mac\":0,\"spoof_ip\":0,\"spoof_arp\":0,\"spoof_nd\":0," \
	"\"ra_guard\":0,\"dhcp_guard\":0,\"vlan\":0,\"isolation\":0,\"promisc\":0," \
	"\"ethertype\":0,\"malformed\":0}"
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
}
