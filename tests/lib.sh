# SPDX-License-Identifier: GPL-2.0
# Shared helpers for the guest tests (sourced). Each test builds its own
# topology: a bridge br0 in the guest's root namespace (the "host") and VMs,
# each a network namespace vmN behind a veth port vnetN:
#
#   vmN: eth0 10.0.0.(10+N)/24, MAC 02:00:00:00:00:0N
#   host: br0 10.0.0.1/24, MAC 02:00:00:00:00:fe
#
# IPv6 is off and neighbours are static unless a test says otherwise, so
# that every frame on the wire is one the test sent: counters are exact.

ksft_skip=4
SRC=${BRFW_SRC:-$(cd "$(dirname "$0")/../.." && pwd)}
BRFWCTL=${BRFWCTL:-$SRC/tool/brfwctl}
NETTEST=$SRC/tests/tools/bin/nettest
NLPROBE=$SRC/tests/tools/bin/nlprobe
PY=/usr/bin/python3

t_num=0
t_fail=0

ok() { t_num=$((t_num + 1)); echo "ok $t_num - $*"; }
not_ok() { t_num=$((t_num + 1)); t_fail=$((t_fail + 1)); echo "not ok $t_num - $*"; }
diag() { echo "# $*"; }

# check DESC CMD...: pass when CMD succeeds.
check() {
	desc=$1; shift
	if out=$("$@" 2>&1); then ok "$desc"; else not_ok "$desc"; diag "$out" | head -20; fi
}

# check_fail DESC CMD...: pass when CMD fails.
check_fail() {
	desc=$1; shift
	if out=$("$@" 2>&1); then not_ok "$desc"; diag "unexpected success: $out"; else ok "$desc"; fi
}

# check_eq DESC EXPECTED ACTUAL
check_eq() {
	if [ "$2" = "$3" ]; then ok "$1"; else not_ok "$1"; diag "expected '$2', got '$3'"; fi
}

# check_err DESC EXPECTED-SUBSTRING CMD...: CMD fails with exit 1 and its
# stderr contains the text.
check_err() {
	desc=$1 want=$2; shift 2
	out=$("$@" 2>&1); rc=$?
	case "$out" in
	*"$want"*) if [ $rc -eq 1 ]; then ok "$desc"; return; fi ;;
	esac
	not_ok "$desc"; diag "rc=$rc, wanted '$want', got: $out"
}

t_done() {
	echo "1..$t_num"
	[ "$t_fail" -eq 0 ]
	exit $?
}

need() {
	for c in "$@"; do
		command -v "$c" >/dev/null 2>&1 || [ -x "$c" ] || {
			echo "1..0 # SKIP $c not available"; exit $ksft_skip; }
	done
}

# --- topology ---------------------------------------------------------------

vm_ip() { echo "10.0.0.$((10 + $1))"; }
vm_mac() { printf '02:00:00:00:00:%02x\n' "$1"; }
HOST_IP=10.0.0.1
HOST_MAC=02:00:00:00:00:fe

# topo_up N: bridge br0 and N VMs. Cleanup runs on exit.
topo_up() {
	topo_n=$1
	trap topo_down EXIT
	# A timeout's SIGTERM must still clean up (background traffic too).
	trap 'exit 143' TERM INT
	sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
	modprobe bridge 2>/dev/null
	# A kernel with br_netfilter built in (the debug kernel) would run
	# iptables and its IP header checks on bridged frames: not wanted here
	# (brnf.sh turns it on itself).
	sysctl -qw net.bridge.bridge-nf-call-iptables=0 \
		net.bridge.bridge-nf-call-ip6tables=0 \
		net.bridge.bridge-nf-call-arptables=0 2>/dev/null
	ip link add br0 address $HOST_MAC type bridge stp_state 0 mcast_snooping 0
	ip addr add $HOST_IP/24 dev br0
	ip link set br0 up
	i=1
	while [ $i -le "$topo_n" ]; do
		vm_add $i
		i=$((i + 1))
	done
	neigh_static
}

# vm_add I: create (or re-create) VM I and plug it into br0.
vm_add() {
	ip netns add vm$1
	ip netns exec vm$1 sysctl -qw net.ipv6.conf.all.disable_ipv6=1 \
		net.ipv6.conf.default.disable_ipv6=1 net.ipv4.icmp_echo_ignore_broadcasts=0
	ip link add vnet$1 type veth peer name eth0 netns vm$1
	ip -n vm$1 link set eth0 address "$(vm_mac "$1")"
	ip -n vm$1 addr add "$(vm_ip "$1")/24" brd 10.0.0.255 dev eth0
	ip -n vm$1 link set eth0 up
	ip -n vm$1 link set lo up
	ip link set vnet$1 master br0 up
}

# Static ARP entries everywhere: no ARP frames unless a test flushes them.
neigh_static() {
	i=1
	while [ $i -le "$topo_n" ]; do
		[ -e /run/netns/vm$i ] || { i=$((i + 1)); continue; }
		ip neigh replace "$(vm_ip $i)" lladdr "$(vm_mac $i)" dev br0 nud permanent
		ip -n vm$i neigh replace $HOST_IP lladdr $HOST_MAC dev eth0 nud permanent
		j=1
		while [ $j -le "$topo_n" ]; do
			[ $i -ne $j ] && ip -n vm$i neigh replace "$(vm_ip $j)" \
				lladdr "$(vm_mac $j)" dev eth0 nud permanent
			j=$((j + 1))
		done
		i=$((i + 1))
	done
}

topo_down() {
	# Background traffic of the test dies with it.
	jobs -p | xargs -r kill 2>/dev/null
	for ns in $(ip netns list 2>/dev/null | awk '{print $1}'); do
		ip netns del "$ns" 2>/dev/null
	done
	for d in $(ip -o link show 2>/dev/null | awk -F': ' '{print $2}' | cut -d@ -f1); do
		case "$d" in lo) ;; *) ip link del "$d" 2>/dev/null ;; esac
	done
	# Sets outlive ports: an empty restore leaves no configuration at all.
	[ -d /sys/module/brfw ] && "$BRFWCTL" restore - </dev/null >/dev/null 2>&1
	return 0
}

# --- traffic ----------------------------------------------------------------

# ping_ok FROM_VM TO_IP: one echo answered within 2 s. FROM_VM 0 = host.
in_vm() { if [ "$1" = 0 ]; then shift; "$@"; else n=$1; shift; ip netns exec vm$n "$@"; fi; }
ping_ok() { in_vm "$1" ping -c 1 -W 2 -q "$2" >/dev/null 2>&1; }
pings() { in_vm "$1" ping -c "$3" -i 0.2 -W 2 -q "$2" >/dev/null 2>&1; }

# tcp_ok FROM TO_VM PORT / udp_ok: a server in TO_VM, a client in FROM.
# Returns the client's exit code (0 answered, 1 refused, 2 timeout).
l4_probe() {
	proto=$1 from=$2 to=$3 port=$4
	in_vm "$to" "$NETTEST" "$proto-server" "$port" 4000 >/dev/null 2>&1 &
	srv=$!
	sleep 0.3
	if [ "$to" = 0 ]; then addr=$HOST_IP; else addr=$(vm_ip "$to"); fi
	in_vm "$from" "$NETTEST" "$proto-client" "$addr" "$port" 1500
	rc=$?
	kill $srv 2>/dev/null
	wait $srv 2>/dev/null
	return $rc
}
tcp_ok() { l4_probe tcp "$@"; }
udp_ok() { l4_probe udp "$@"; }

# rx_packets VM: packets eth0 of the VM has received.
rx_packets() { ip netns exec vm$1 cat /sys/class/net/eth0/statistics/rx_packets; }

# --- brfwctl ----------------------------------------------------------------

brfwctl() { "$BRFWCTL" "$@"; }

# nl_probe NLPROBE-ARGS...: nlprobe's answer, errors included.
nl_probe() { "$NLPROBE" "$@" 2>&1; }
# nl_expect DESC PATTERN NLPROBE-ARGS...: the answer matches PATTERN
# (grep -E), else not ok with what it was.
nl_expect() {
	desc=$1 pat=$2; shift 2
	out=$(nl_probe "$@")
	if echo "$out" | grep -Eq -- "$pat"; then ok "$desc"; else not_ok "$desc"; diag "got: $out"; fi
}

# stat PORT DIR FIELD: one counter from the JSON output.
port_stat() {
	"$BRFWCTL" -j port show "$1" | $PY -c '
import json, sys
d = json.load(sys.stdin)
p = d[0] if isinstance(d, list) else d
print(p["stats"][sys.argv[1]][sys.argv[2]])' "$2" "$3"
}

# port_field PORT FIELD
port_field() {
	"$BRFWCTL" -j port show "$1" | $PY -c '
import json, sys
d = json.load(sys.stdin)
p = d[0] if isinstance(d, list) else d
print(p[sys.argv[1]])' "$2"
}

# The number of ports with a policy in this namespace.
port_count() {
	"$BRFWCTL" -j port show | $PY -c 'import json, sys; print(len(json.load(sys.stdin)))'
}

# --- rules and sets (issue 3) -------------------------------------------------

# rule_get DEV ID KEY: a field of rule ID of DEV from `rule show -j`
# (dicts as JSON, booleans as true/false); "none" when there is no such rule.
rule_get() {
	"$BRFWCTL" -j rule show "$1" | $PY -c '
import json, sys
for r in json.load(sys.stdin):
    if str(r.get("id")) == sys.argv[1]:
        v = r.get(sys.argv[2], "")
        print(json.dumps(v, sort_keys=True) if isinstance(v, (dict, list, bool)) else v)
        break
else:
    print("none")' "$2" "$3"
}
rule_pkts() { rule_get "$1" "$2" packets; }
rule_bytes() { rule_get "$1" "$2" bytes; }

# rule_cnt DEV ID: "PACKETS/BYTES" of the rule.
rule_cnt() {
	"$BRFWCTL" -j rule show "$1" | $PY -c '
import json, sys
for r in json.load(sys.stdin):
    if str(r.get("id")) == sys.argv[1]:
        print("%s/%s" % (r["packets"], r["bytes"]))
        break
else:
    print("none")' "$2"
}

# check_rule_cnt DESC DEV ID PACKETS [BYTES]: the rule's counters are these.
check_rule_cnt() {
	got=$(rule_cnt "$2" "$3")
	if [ $# -ge 5 ]; then want="$4/$5"; else want="$4/${got#*/}"; fi
	check_eq "$1" "$want" "$got"
}

# rule_ids DEV [DIR]: the ids of DEV's rules in show order, space separated;
# with DIR (in or out), only the rules in that direction's list (inout
# rules are in both).
rule_ids() {
	"$BRFWCTL" -j rule show "$1" | $PY -c '
import json, sys
d = sys.argv[1]
print(" ".join(str(r["id"]) for r in json.load(sys.stdin)
               if not d or r["dir"] == d or r["dir"] == "inout"))' "${2:-}"
}

# rule_texts DEV: "ID DIR RULE" per rule, one a line, from the JSON.
rule_texts() {
	"$BRFWCTL" -j rule show "$1" | $PY -c '
import json, sys
for r in json.load(sys.stdin):
    print(r["id"], r["dir"], r["rule"])'
}

# rule_count [DEV]: the number of rules (of DEV, or of every port).
rule_count() {
	"$BRFWCTL" -j rule show $1 | $PY -c 'import json, sys; print(len(json.load(sys.stdin)))'
}

# rule_dmesg_mark / rule_dmesg_new: kernel log lines since the mark.
rule_dmesg_mark() { rule_dmesg_at=$(dmesg | wc -l); }
rule_dmesg_new() { dmesg | tail -n +$((rule_dmesg_at + 1)); }

# set_get NAME KEY: a field of set NAME from `set show -j` (lists as JSON).
set_get() {
	"$BRFWCTL" -j set show "$1" | $PY -c '
import json, sys
d = json.load(sys.stdin)
s = [x for x in (d if isinstance(d, list) else [d]) if x["name"] == sys.argv[1]]
v = s[0][sys.argv[2]] if s else "none"
print(json.dumps(v) if isinstance(v, list) else v)' "$1" "$2"
}

# set_names: the names of every set, space separated.
set_names() {
	"$BRFWCTL" -j set show | $PY -c '
import json, sys
print(" ".join(x["name"] for x in json.load(sys.stdin)))'
}

# rule_nc PROTO FROM TO_ADDR PORT: a client only (no server): 0 answered,
# 1 refused, 2 timeout.
rule_nc() { in_vm "$2" "$NETTEST" "$1-client" "$3" "$4" 1500 >/dev/null 2>&1; }

# rule_listen VM PROTO PORT: wait (up to 5 s) until VM (0: the host) has
# a TCP socket listening on PORT, or a UDP socket bound to it. Under
# emulation a server may take longer to start than a fixed sleep.
rule_listen() {
	if [ "$2" = udp ]; then
		set -- "$1" /proc/net/udp6 "$(printf ':%04X' "$3")" '.*'
	else
		set -- "$1" /proc/net/tcp6 "$(printf ':%04X' "$3")" 0A
	fi
	for _ in $(seq 1 50); do
		in_vm "$1" awk -v p="$3" -v st="$4" \
			'$2 ~ p "$" && $4 ~ "^" st "$" { f = 1 } END { exit !f }' "$2" &&
			return 0
		sleep 0.1
	done
	return 1
}

# rule_tcp / rule_udp FROM TO_VM PORT: tcp_ok / udp_ok, but the client
# starts once the server is ready (0 answered, 1 refused, 2 timeout).
rule_l4() {
	proto=$1 from=$2 to=$3 port=$4
	in_vm "$to" "$NETTEST" "$proto-server" "$port" 4000 >/dev/null 2>&1 &
	srv=$!
	rule_listen "$to" "$proto" "$port"
	if [ "$to" = 0 ]; then addr=$HOST_IP; else addr=$(vm_ip "$to"); fi
	in_vm "$from" "$NETTEST" "$proto-client" "$addr" "$port" 1500
	rc=$?
	kill $srv 2>/dev/null
	wait $srv 2>/dev/null
	return $rc
}
rule_tcp() { rule_l4 tcp "$@"; }
rule_udp() { rule_l4 udp "$@"; }

# rule_probe PROTO FROM TO PORT: like rule_tcp/rule_udp; also sets
# rule_srv_rc to the server's exit status (0: it got the request, 2: it
# got nothing).
rule_probe() {
	proto=$1 from=$2 to=$3 port=$4
	in_vm "$to" "$NETTEST" "$proto-server" "$port" 2500 >/dev/null 2>&1 &
	srv=$!
	rule_listen "$to" "$proto" "$port"
	if [ "$to" = 0 ]; then addr=$HOST_IP; else addr=$(vm_ip "$to"); fi
	in_vm "$from" "$NETTEST" "$proto-client" "$addr" "$port" 1500 >/dev/null 2>&1
	rc=$?
	wait $srv 2>/dev/null
	rule_srv_rc=$?
	return $rc
}

# rule_ping1 FROM TO: one echo answered within 1 s (for pings that must fail).
rule_ping1() { in_vm "$1" ping -c 1 -W 1 -q "$2" >/dev/null 2>&1; }

# rule_flush DEV: delete every rule of DEV, one by one (rule del).
rule_flush() {
	for id in $(rule_ids "$1"); do
		"$BRFWCTL" rule del "$1" id "$id" || return 1
	done
}

# rule_topo_up N: topo_up N, with no address set left over from an earlier
# script (sets belong to the namespace and outlive the ports) when the
# script starts or after it ends.
rule_sets_clear() {
	for s in $(set_names 2>/dev/null); do
		"$BRFWCTL" set del "$s" >/dev/null 2>&1
	done
}
rule_topo_up() {
	topo_up "$1"
	rule_sets_clear
	trap 'topo_down; rule_sets_clear' EXIT
}

# --- conntrack-lite (issue 5) -------------------------------------------------

SYNFLOOD=$SRC/tests/tools/bin/synflood
# Flood frames go to CT_SINK_MAC, which the bridge's FDB puts (static) on
# the sender's own port: the bridge drops them right after brfw's hook for
# frames from the VM, so floods cost no IP stack anywhere; their IP
# destination is CT_NOWHERE. Flows they make stay unreplied.
CT_SINK_MAC=02:00:00:00:00:99
CT_NOWHERE=10.0.0.200

# ct_debug: true on the debug (KASAN) kernel, where the ct scripts use
# smaller counts (BRFW_DEBUG_KERNEL=1, set by tests/debug/check-debug.sh).
ct_debug() { [ "${BRFW_DEBUG_KERNEL:-0}" = 1 ]; }

# ct_get KEY: a field of `brfwctl -j ct show` (max, count, early_drops,
# full_drops, ...); a timeout as timeouts.NAME; the whole timeout object
# as "timeouts" (JSON, sorted keys).
ct_get() {
	"$BRFWCTL" -j ct show | $PY -c '
import json, sys
v = json.load(sys.stdin)
for k in sys.argv[1].split("."):
    v = v[k] if isinstance(v, dict) and k in v else "none"
print(json.dumps(v, sort_keys=True) if isinstance(v, (dict, list)) else v)' "$1"
}

# ct_defaults: the default timeouts (brfwctl names, default seconds).
CT_DEFAULTS="tcp-syn-sent 120 tcp-syn-recv 60 tcp-established 432000
tcp-fin-wait 120 tcp-time-wait 120 tcp-close 10 udp-unreplied 30
udp-replied 180 icmp-unreplied 30 icmp-replied 30 other-unreplied 60
other-replied 600"
# shellcheck disable=SC2086
ct_defaults() { "$BRFWCTL" ct set timeout $CT_DEFAULTS; }

# The flows of `flows -j [DEV]` as python dicts: f. In PRED and EXPR,
# P(f) is the protocol name (tcp, udp, icmp, ...), whatever the JSON
# gives (a name or a number); R(f) is the rule id as a number (0: the
# default policy, printed "policy").
CT_PYDEFS='
import json, sys
NAMES = {1: "icmp", 6: "tcp", 17: "udp", 58: "icmpv6", 132: "sctp"}
def P(f):
    p = f.get("proto")
    try:
        return NAMES.get(int(p), str(p))
    except (TypeError, ValueError):
        return str(p)
def R(f):
    r = f.get("rule")
    return 0 if r in (None, "policy") else int(r)
'

# ct_flows [DEV [PRED]]: how many flows (crossing DEV; "" for all) PRED
# (python, f = the flow) holds for. Prints "error" if the dump failed.
ct_flows() {
	# shellcheck disable=SC2086
	"$BRFWCTL" -j flows ${1:+"$1"} 2>/dev/null | $PY -c "$CT_PYDEFS"'
try:
    fl = json.load(sys.stdin)
except ValueError:
    print("error"); sys.exit(0)
print(sum(1 for f in fl if eval(sys.argv[1])))' "${2:-True}"
}

# ct_flow DEV PRED EXPR: EXPR (python, f = the flow) of the first flow
# crossing DEV that PRED holds for; "none" if none (JSON for dicts).
ct_flow() {
	"$BRFWCTL" -j flows "$1" 2>/dev/null | $PY -c "$CT_PYDEFS"'
try:
    fl = json.load(sys.stdin)
except ValueError:
    print("error"); sys.exit(0)
for f in fl:
    if eval(sys.argv[1]):
        v = eval(sys.argv[2])
        print(json.dumps(v, sort_keys=True) if isinstance(v, (dict, list)) else v)
        break
else:
    print("none")' "$2" "$3"
}

# ct_wait_flows DEV PRED N [TRIES]: poll (every 0.2 s, TRIES times, default
# 100) until ct_flows DEV PRED prints N; false if it never did.
ct_wait_flows() {
	for _ in $(seq 1 "${4:-100}"); do
		[ "$(ct_flows "$1" "$2")" = "$3" ] && return 0
		sleep 0.2
	done
	return 1
}

# ct_port_flows PORT: the port's flow count (port show: flows).
ct_port_flows() { port_field "$1" flows; }

# ct_full PORT: the port's ct-full drop counter.
ct_full() {
	"$BRFWCTL" -j port show "$1" | $PY -c '
import json, sys
d = json.load(sys.stdin)
p = d[0] if isinstance(d, list) else d
print(p["drops"].get("ct_full", p["drops"].get("ct-full", "none")))'
}

# ct_slab: active objects of the flow slab cache ("none" if it has no line
# of its own in /proc/slabinfo: absent, or merged with another cache).
ct_slab() {
	awk '$1 ~ /^brfw_ct/ { n += $2; f = 1 } END { print f ? n : "none" }' \
		/proc/slabinfo 2>/dev/null || echo none
}

# ct_slab_slack: how far above the live flows SLUB's "active objects" may
# read. Objects freed into a CPU's own slab or its partial slabs still
# count as active in /proc/slabinfo (only the node lists' free objects are
# subtracted), so allow sixteen slabs' worth per CPU: a few hundred
# objects (the debug kernel read 112 over with one CPU), far below what a
# leak of the thousands of evicted flows would add.
ct_slab_slack() {
	awk -v cpus="$(nproc)" '$1 ~ /^brfw_ct/ { print $5 * 16 * cpus; exit }' \
		/proc/slabinfo 2>/dev/null
}

# ct_flood VM COUNT [ARGS...]: synflood from VM's eth0 to CT_SINK_MAC and
# CT_NOWHERE (unreplied flows), COUNT distinct tuples; ARGS go to synflood
# (-u for UDP, -p DPORT to start elsewhere). Prints synflood's "sent N".
ct_flood() {
	vm=$1 n=$2; shift 2
	bridge fdb replace $CT_SINK_MAC dev "vnet$vm" master static
	ip netns exec "vm$vm" "$SYNFLOOD" -i eth0 -s "$(vm_mac "$vm")" \
		-d $CT_SINK_MAC -S "$(vm_ip "$vm")" -D $CT_NOWHERE -n "$n" "$@"
}

# ct_seen PORT DIR: frames the port's hook saw in DIR (passed + dropped).
ct_seen() {
	"$BRFWCTL" -j port show "$1" | $PY -c '
import json, sys
d = json.load(sys.stdin)
p = d[0] if isinstance(d, list) else d
s = p["stats"][sys.argv[1]]
print(s["pass_packets"] + s["drop_packets"])' "$2"
}

# A long-lived TCP session for the ct tests: an echo server in TO (0: the
# host) and a client in FROM, both python. ct_sess_start FROM TO PORT
# starts both and waits for the connection (false if it failed); then
# ct_sess_xfer prints "ok" when one line went there and back within 3 s,
# "timeout", or an error; CT_SESS_SPORT is the client's port. One session
# per script at a time; ct_sess_stop ends it. Call ct_sess_start in the
# script's shell, not in a subshell (not through check): it keeps file
# descriptors 5 and 6 and the variables.
CT_SESS_SERVER='
import socket, sys
s = socket.socket(socket.AF_INET6, socket.SOCK_STREAM)
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 0)
s.bind(("::", int(sys.argv[1])))
s.listen(1)
c, _ = s.accept()
while True:
    d = c.recv(4096)
    if not d:
        break
    c.sendall(d)
'
CT_SESS_CLIENT='
import socket, sys
addr, port = sys.argv[1], int(sys.argv[2])
try:
    s = socket.create_connection((addr, port), timeout=10)
except OSError as e:
    print("error", e, flush=True)
    sys.exit(1)
print("connected", s.getsockname()[1], flush=True)
n = 0
for _ in sys.stdin:
    n += 1
    msg = ("m%d\n" % n).encode()
    try:
        s.settimeout(3)
        s.sendall(msg)
        got = b""
        while len(got) < len(msg):
            d = s.recv(len(msg) - len(got))
            if not d:
                raise EOFError("closed")
            got += d
        print("ok" if got == msg else "bad %r" % got, flush=True)
    except socket.timeout:
        print("timeout", flush=True)
        # The line may still come: the session is not reused after that.
    except Exception as e:
        print("error", e, flush=True)
'
ct_sess_start() {
	from=$1 to=$2 port=$3
	CT_SESS_DIR=$(mktemp -d /tmp/ctsess.XXXXXX)
	mkfifo "$CT_SESS_DIR/in" "$CT_SESS_DIR/out"
	# Simple commands in the background (not in_vm, a function: its
	# subshell's pid is not python's), so that ct_sess_stop kills python.
	if [ "$to" = 0 ]; then
		$PY -c "$CT_SESS_SERVER" "$port" >/dev/null 2>&1 &
	else
		ip netns exec "vm$to" $PY -c "$CT_SESS_SERVER" "$port" >/dev/null 2>&1 &
	fi
	CT_SESS_SRV=$!
	rule_listen "$to" tcp "$port" || { diag "session server did not start"; return 1; }
	if [ "$to" = 0 ]; then addr=$HOST_IP; else addr=$(vm_ip "$to"); fi
	if [ "$from" = 0 ]; then
		$PY -u -c "$CT_SESS_CLIENT" "$addr" "$port" \
			<"$CT_SESS_DIR/in" >"$CT_SESS_DIR/out" 2>&1 &
	else
		ip netns exec "vm$from" $PY -u -c "$CT_SESS_CLIENT" "$addr" "$port" \
			<"$CT_SESS_DIR/in" >"$CT_SESS_DIR/out" 2>&1 &
	fi
	CT_SESS_CLI=$!
	# Read-write opens of a FIFO do not wait for the other end.
	exec 5<>"$CT_SESS_DIR/in" 6<>"$CT_SESS_DIR/out"
	CT_SESS_SPORT=
	IFS= read -r -t 30 line <&6 || line="no answer"
	case $line in
	connected*) CT_SESS_SPORT=${line#connected }; return 0 ;;
	esac
	diag "session: $line"
	return 1
}
ct_sess_xfer() {
	echo go >&5 2>/dev/null || { echo "error: client gone"; return; }
	IFS= read -r -t 15 line <&6 || line="error: no answer"
	echo "$line"
}
ct_sess_stop() {
	[ -n "$CT_SESS_DIR" ] || return 0
	exec 5>&- 6<&-
	kill "$CT_SESS_CLI" "$CT_SESS_SRV" 2>/dev/null
	wait "$CT_SESS_CLI" "$CT_SESS_SRV" 2>/dev/null
	rm -rf "$CT_SESS_DIR"
	CT_SESS_DIR=
}

# ct_topo_up N: rule_topo_up N; the flow table settings (max, timeouts)
# are put back when the script ends, and the session helper stopped.
ct_topo_up() {
	rule_topo_up "$1"
	ct_max0=$(ct_get max)
	trap 'ct_sess_stop; topo_down; rule_sets_clear; ct_restore' EXIT
}
ct_restore() {
	[ -d /sys/module/brfw ] || return 0
	ct_defaults >/dev/null 2>&1
	case $ct_max0 in ''|none) ;; *) "$BRFWCTL" ct set max "$ct_max0" >/dev/null 2>&1 ;; esac
	"$BRFWCTL" flows flush >/dev/null 2>&1
	return 0
}
