# SPDX-License-Identifier: GPL-2.0
# Crafted-frame helpers for the guest tests (sourced after tests/lib.sh).
# One tests/pkt/pktd.py process per test script does the scapy work; see
# its docstring for the commands. Start it first thing (pkt_start): scapy
# loads while the topology is built.
#
#   pkt CMD...            one command, reply in $PKT_REPLY
#   tx WHERE EXPR         send crafted frames from WHERE (vm1, host)
#   cap WHERE...          start capturing what WHERE receives
#   drain WHERE...        forget what WHERE received so far
#   seen WHERE [PRED]     print how many frames WHERE received since the
#                         last cap/seen (matching PRED)
#   snap PORT...          remember PORT's drop counters
#   check_drops DESC PORT SPEC...   assert the drop deltas since the last
#                         snap/check_drops (see pktd.py "drops")
#   check_seen DESC N WHERE [PRED]  assert WHERE received N frames
#   check_log DESC PORT REASON      a new kernel log line names both

PKTD=$SRC/tests/pkt/pktd.py
PKT_DIR=

pkt_start() {
	PKT_DIR=$(mktemp -d /tmp/pkt.XXXXXX)
	mkfifo "$PKT_DIR/cmd" "$PKT_DIR/ack"
	BRFWCTL=$BRFWCTL $PY "$PKTD" serve "$PKT_DIR/cmd" "$PKT_DIR/ack" \
		2>"$PKT_DIR/err" &
	PKT_PID=$!
	# Read-write opens of a FIFO do not wait for the other end.
	exec 7<>"$PKT_DIR/cmd" 8<>"$PKT_DIR/ack"
}

# pkt_ready: wait for scapy to load (call before the first pkt command).
pkt_ready() {
	[ -n "$PKT_READY" ] && return 0
	if IFS= read -r -t 180 PKT_REPLY <&8 && [ "$PKT_REPLY" = ready ]; then
		PKT_READY=1
		return 0
	fi
	echo "1..0 # SKIP pktd.py did not start: $(cat "$PKT_DIR/err")"
	exit $ksft_skip
}

pkt() {
	pkt_ready
	PKT_LINE=$*
	PKT_LINE=${PKT_LINE//[$'\n\t']/ }
	printf '%s\n' "$PKT_LINE" >&7
	IFS= read -r -t 60 PKT_REPLY <&8 || PKT_REPLY="error: pktd.py died: $(tail -3 "$PKT_DIR/err")"
	case $PKT_REPLY in error:*) diag "pkt $1: $PKT_REPLY"; return 1 ;; esac
	return 0
}

tx() { pkt tx "$@"; }
cap() { pkt cap "$@"; }
drain() { pkt drain "$@"; }
snap() { pkt snap "$@"; }
seen() { pkt seen "$1" "${2:-True}"; echo "$PKT_REPLY"; }

# ping1 FROM TO: one echo answered within 1 s (for pings that must fail).
ping1() { in_vm "$1" ping -c 1 -W 1 -q "$2" >/dev/null 2>&1; }

check_seen() {
	desc=$1 want=$2; shift 2
	check_eq "$desc" "$want" "$(seen "$@")"
}

check_drops() {
	desc=$1; shift
	pkt drops "$@"
	if [ "$PKT_REPLY" = ok ]; then ok "$desc"; else not_ok "$desc"; diag "$1: $PKT_REPLY"; fi
}

# check_json DESC PORT EXPR: EXPR (python, p = the port's JSON) is true.
check_json() {
	pkt json "$2" "bool($3)"
	if [ "$PKT_REPLY" = True ]; then ok "$1"; else not_ok "$1"; diag "$3: $PKT_REPLY"; fi
}

# check_log DESC PORT REASON: a kernel log line since pkt_start names brfw,
# the port and the reason (spoof_ip, spoof-ip or "spoof ip"; REASON may be
# a regex).
check_log() {
	pkt log "$2" "$(echo "$3" | sed 's/[-_]/[-_ ]/g')"
	case $PKT_REPLY in
	found:*) ok "$1" ;;
	*) not_ok "$1"; diag "$PKT_REPLY" ;;
	esac
}

# check_none DESC WHERE...: none of them received anything since the last
# cap/drain/seen (optionally: PRED=expr as the first WHERE, no spaces).
check_none() {
	desc=$1; shift
	pred=True
	case $1 in PRED=*) pred=${1#PRED=}; shift ;; esac
	pkt count "$pred" "$@"
	check_eq "$desc" "$(echo "$@" | sed 's/[^ ]\+/0/g')" "$PKT_REPLY"
}

pkt_stop() {
	[ -n "$PKT_PID" ] || return 0
	printf 'quit\n' >&7 2>/dev/null
	exec 7>&- 8<&-
	wait "$PKT_PID" 2>/dev/null
	rm -rf "$PKT_DIR"
	PKT_PID=
}

# learn_all: every VM pings the host once so that the bridge knows where
# each MAC is (unknown unicast would otherwise be flooded).
learn_all() {
	i=1
	while [ $i -le "$topo_n" ]; do
		ping_ok $i $HOST_IP
		i=$((i + 1))
	done
}

# rxlist WHERE EXPR: EXPR of each frame WHERE received, sorted.
rxlist() { pkt list "$1" "$2"; echo "$PKT_REPLY"; }

# pkt_done: t_done, with the script's run time as a diagnostic.
pkt_done() {
	diag "$(basename "$0"): ${SECONDS}s"
	t_done
}

# BRFW_TIMES=1: each result line says when it came (seconds into the script).
if [ -n "$BRFW_TIMES" ]; then
	PKT_T0=$EPOCHREALTIME
	eval "pkt_ok_orig() $(declare -f ok | tail -n +2)"
	eval "pkt_not_ok_orig() $(declare -f not_ok | tail -n +2)"
	pkt_t() { echo "$EPOCHREALTIME - $PKT_T0" | bc | cut -c1-5; }
	ok() { pkt_ok_orig "$* [$(pkt_t)]"; }
	not_ok() { pkt_not_ok_orig "$* [$(pkt_t)]"; }
fi
