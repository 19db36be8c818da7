#!/bin/bash
# Conntrack-lite, settings and expiry: `ct show` prints the table's
# settings and usage (text, JSON with the default timeouts); `ct set
# timeout NAME SECS...` and `ct set max N` (mixed on one line) change them;
# bad names and values are refused and change nothing. Flows expire: an
# unreplied and a replied UDP flow, a closed TCP connection and an ICMP
# flow disappear once their (shortened) timeouts pass (polled for a
# bounded number of rounds). In a child network namespace the table is its
# own; there, lowering max works and raising it is refused (EPERM).
. "$(dirname "$0")/../lib.sh"
need ping "$NETTEST" "$SYNFLOOD" "$BRFWCTL" "$PY"
ct_topo_up 2
V1=$(vm_ip 1) V2=$(vm_ip 2)
ct_defaults >/dev/null 2>&1
# The shortened timeouts of the expiry checks: U (udp-unreplied and the
# rest), R (udp-replied). On the debug kernel (5-17x slower; a listing
# alone takes seconds there) they are ten times longer, so that a flow is
# listed before it expires; the refresh check's pauses scale with R.
U=2 R=3
if ct_debug; then U=20 R=30; fi

# --- ct show ------------------------------------------------------------------------------
check "ct show" brfwctl ct show
check "ct show (text) names tcp-established 432000" sh -c "$BRFWCTL ct show | grep -q 'tcp-established.*432000'"
want=$(echo "$CT_DEFAULTS" | $PY -c '
import json, sys
w = sys.stdin.read().split()
print(json.dumps({w[i]: int(w[i + 1]) for i in range(0, len(w), 2)}, sort_keys=True))')
check_eq "ct show -j: the 12 default timeouts" "$want" "$(ct_get timeouts)"
max=$(ct_get max)
check "max $max is in 16384..1048576" test "$max" -ge 16384 -a "$max" -le 1048576
check_eq "count 0" 0 "$(ct_get count)"
b=$(ct_get buckets) e=$(ct_get entry_size)
check "buckets $b > 0" test "$b" -gt 0
check "entry_size $e is at most 128 bytes" test "$e" -gt 0 -a "$e" -le 128
check "early_drops and full_drops are numbers" test "$(ct_get early_drops)" -ge 0 -a "$(ct_get full_drops)" -ge 0

# --- ct set -------------------------------------------------------------------------------
check "ct set timeout udp-unreplied $U udp-replied $R" brfwctl ct set timeout udp-unreplied $U udp-replied $R
check_eq "both set" "$U $R" "$(ct_get timeouts.udp-unreplied) $(ct_get timeouts.udp-replied)"
check "ct set timeout icmp-replied $U tcp-fin-wait $U tcp-time-wait $U tcp-close $U icmp-unreplied $U" \
	brfwctl ct set timeout icmp-replied $U tcp-fin-wait $U tcp-time-wait $U tcp-close $U icmp-unreplied $U
check "ct set max $((max - 1)) timeout other-replied 700 (mixed)" \
	brfwctl ct set max $((max - 1)) timeout other-replied 700
check_eq "both set" "$((max - 1)) 700" "$(ct_get max) $(ct_get timeouts.other-replied)"
check "ct set max $max (the initial namespace may raise it)" brfwctl ct set max "$max"
check_eq "max is back" "$max" "$(ct_get max)"
check "ct set timeout tcp-established 2000000 (the limit)" brfwctl ct set timeout tcp-established 2000000
check_eq "set" 2000000 "$(ct_get timeouts.tcp-established)"
brfwctl ct set timeout tcp-established 432000
before=$(ct_get timeouts)
check_fail "unknown timeout name fails" brfwctl ct set timeout udp-bogus 5
check_fail "timeout 0 fails" brfwctl ct set timeout udp-unreplied 0
check_fail "timeout 2000001 fails" brfwctl ct set timeout udp-unreplied 2000001
check_fail "timeout -1 fails" brfwctl ct set timeout udp-unreplied -1
check_fail "timeout without seconds fails" brfwctl ct set timeout udp-unreplied
check_fail "a good and a bad pair fail together" brfwctl ct set timeout udp-replied 9 udp-unreplied 0
check_fail "ct set with nothing fails" brfwctl ct set
check_fail "ct set max x fails" brfwctl ct set max x
check_fail "ct set bogus 1 fails" brfwctl ct set bogus 1
check_eq "the failures changed nothing" "$before" "$(ct_get timeouts)"
check_eq "max unchanged" "$max" "$(ct_get max)"

# --- expiry -------------------------------------------------------------------------------
brfwctl port set vnet1 stateful on
brfwctl port set vnet2 stateful on
# An unreplied UDP flow: one datagram to nobody.
check "one UDP datagram to nobody" ct_flood 1 1 -u -p 7000
UN="P(f) == 'udp' and f['dport'] == 7000"
check_eq "its flow: unreplied, timeout <= $U" "unreplied True" \
	"$(ct_flow vnet1 "$UN" '"%s %s" % (f["state"], 0 <= f["timeout"] <= '$U')')"
check "the unreplied UDP flow expires" ct_wait_flows vnet1 "$UN" 0
# A replied UDP flow.
check "vm1 -> vm2 UDP, answered" rule_udp 1 2 7001
UR="P(f) == 'udp' and f['dport'] == 7001"
check_eq "its flow: replied, timeout <= $R" "replied True" \
	"$(ct_flow vnet1 "$UR" '"%s %s" % (f["state"], 0 <= f["timeout"] <= '$R')')"
check "the replied UDP flow expires" ct_wait_flows vnet1 "$UR" 0
# A closed TCP connection (fin-wait/time-wait/close: $U s each).
check "vm1 -> vm2 TCP" rule_tcp 1 2 7002
TC="P(f) == 'tcp' and f['dport'] == 7002"
check "the closed TCP flow expires" ct_wait_flows vnet1 "$TC" 0
# An ICMP echo flow.
check "vm1 pings vm2" ping_ok 1 $V2
IC="P(f) == 'icmp' and f['dst'] == '$V2'"
check "the ICMP flow expires" ct_wait_flows vnet1 "$IC" 0
check_eq "the table is empty" 0 "$(ct_get count)"
check_eq "vnet1 holds no flow" 0 "$(ct_port_flows vnet1)"
# Traffic refreshes a flow: a UDP exchange every R/6 s (0.5 s) for 8R/6 s
# (4 s), on one socket, keeps its flow (udp-replied R s) alive all along.
in_vm 2 $PY -c '
import socket, sys
s = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)
s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 0)
s.bind(("::", 7003))
s.settimeout(4 * int(sys.argv[1]))
for _ in range(8):
    d, peer = s.recvfrom(100)
    s.sendto(d, peer)' $R &
srv=$!
rule_listen 2 udp 7003
in_vm 1 $PY -c '
import socket, sys, time
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.settimeout(int(sys.argv[2]))
for _ in range(8):
    s.sendto(b"x", (sys.argv[1], 7003))
    s.recv(100)
    time.sleep(int(sys.argv[2]) / 6)' $V2 $R
check_eq "8 exchanges over $((8 * R / 6)) s on one UDP flow" 0 $?
wait $srv
check_eq "... kept one flow (refreshed, not re-created)" "1 8" \
	"$(ct_flows vnet1 "P(f) == 'udp' and f['dport'] == 7003") $(ct_flow vnet1 "P(f) == 'udp' and f['dport'] == 7003" 'f["out"]["packets"]')"
ct_defaults >/dev/null
check_eq "defaults restored" "$want" "$(ct_get timeouts)"

# --- a child namespace --------------------------------------------------------------------
ip netns add ctchild
inns() { ip netns exec ctchild "$BRFWCTL" "$@"; }
check "ct show in a child namespace" inns ct show
cmax=$(inns -j ct show | $PY -c 'import json, sys; print(json.load(sys.stdin)["max"])')
check "the child's max ($cmax) is a default too" test "$cmax" -ge 16384 -a "$cmax" -le 1048576
check "the child lowers its max" inns ct set max $((cmax - 100))
check_eq "lowered" $((cmax - 100)) "$(inns -j ct show | $PY -c 'import json, sys; print(json.load(sys.stdin)["max"])')"
check_err "the child cannot raise it again" "only the initial network namespace may raise the flow limit" \
	inns ct set max "$cmax"
check_err "nor above the default" "only the initial network namespace may raise the flow limit" \
	inns ct set max $((cmax + 1))
check "the child sets its own timeouts" inns ct set timeout udp-replied 5
check_eq "... which the initial namespace does not see" 180 "$(ct_get timeouts.udp-replied)"
check_eq "the initial namespace's max is untouched" "$max" "$(ct_get max)"
ip netns del ctchild

t_done
