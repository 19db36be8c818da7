#!/bin/bash
# Conntrack-lite, the flow listing: `brfwctl flows [DEV]` (text and -j)
# shows each flow with its direction as seen from the port, the tuple,
# state, remaining timeout (at most the configured one), packets and bytes
# per direction equal to the traffic sent (Ethernet frames), and the rule
# that admitted it (`policy` for the default); without DEV each flow once.
# `port show` counts a port's flows; `ct show` the table's. `flows del`
# removes one flow (either direction of its tuple; an error if none) and
# `flows flush [DEV]` a port's or all.
. "$(dirname "$0")/../lib.sh"
need ping "$NETTEST" "$BRFWCTL" "$PY"
ct_topo_up 3
V1=$(vm_ip 1) V2=$(vm_ip 2)

brfwctl port set vnet1 policy-in drop policy-out drop stateful on
brfwctl rule add vnet1 out id 5 proto icmp accept
brfwctl rule add vnet1 out id 6 proto udp accept
brfwctl rule add vnet1 out id 7 proto tcp accept
brfwctl port set vnet2 stateful on
# Long enough for the whole script: the ICMP flows must not expire.
brfwctl ct set timeout icmp-replied 600
check_eq "no flows to start with" 0 "$(ct_flows)"

# --- ICMP: 5 echoes of 98-byte frames each way ------------------------------------
check "vm1 pings vm2 5 times" pings 1 $V2 5
I="P(f) == 'icmp' and f['dst'] == '$V2'"
check_eq "vnet1: one ICMP flow" 1 "$(ct_flows vnet1 "$I")"
check_eq "vnet1's view: dir out, $V1 -> $V2, replied, rule 5" "out $V1 $V2 replied 5" \
	"$(ct_flow vnet1 "$I" '"%s %s %s %s %s" % (f["dir"], f["src"], f["dst"], f["state"], R(f))')"
check_eq "vnet1's view: out 5/490, in 5/490" "5/490 5/490" \
	"$(ct_flow vnet1 "$I" '"%s/%s %s/%s" % (f["out"]["packets"], f["out"]["bytes"], f["in"]["packets"], f["in"]["bytes"])')"
t=$(ct_flow vnet1 "$I" 'f["timeout"]')
check "timeout $t is in 1..600 (icmp-replied 600)" test "$t" -ge 1 -a "$t" -le 600
id=$(ct_flow vnet1 "$I" 'f["id"]')
check "the flow has an echo id ($id)" test "$id" -ge 0 -a "$id" -le 65535
check_eq "vnet2's view: dir in, same id" "in $id" "$(ct_flow vnet2 "$I" '"%s %s" % (f["dir"], f["id"])')"
check "text: an icmp line '$V1 -> $V2 id $id ... replied'" sh -c \
	"$BRFWCTL flows vnet1 | grep icmp | grep -F '$V1 -> $V2 id $id' | grep -q replied"

# --- UDP: 3 datagrams of 100 bytes out, 1 of 10 back ---------------------------------
# Frames: 3 * (14 + 20 + 8 + 100) = 426 bytes; 14 + 20 + 8 + 10 = 52.
in_vm 2 $PY -c '
import socket
s = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)
s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 0)
s.bind(("::", 9000))
s.settimeout(10)
for _ in range(3):
    d, peer = s.recvfrom(2048)
s.sendto(b"r" * 10, peer)' &
srv=$!
rule_listen 2 udp 9000
in_vm 1 $PY -c '
import socket, sys
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("0.0.0.0", 40000))
s.settimeout(5)
for _ in range(3):
    s.sendto(b"u" * 100, (sys.argv[1], 9000))
s.recvfrom(2048)' $V2
check_eq "the UDP exchange worked" 0 $?
wait $srv
U='P(f) == "udp" and f["dport"] == 9000'
check_eq "vnet1's view: out, $V1:40000 -> $V2:9000, replied, rule 6" "out $V1 40000 $V2 9000 replied 6" \
	"$(ct_flow vnet1 "$U" '"%s %s %s %s %s %s %s" % (f["dir"], f["src"], f["sport"], f["dst"], f["dport"], f["state"], R(f))')"
check_eq "vnet1's view: out 3/426, in 1/52" "3/426 1/52" \
	"$(ct_flow vnet1 "$U" '"%s/%s %s/%s" % (f["out"]["packets"], f["out"]["bytes"], f["in"]["packets"], f["in"]["bytes"])')"
check_eq "vnet2's view: in, out (its replies) 1/52, in 3/426" "in 1/52 3/426" \
	"$(ct_flow vnet2 "$U" '"%s %s/%s %s/%s" % (f["dir"], f["out"]["packets"], f["out"]["bytes"], f["in"]["packets"], f["in"]["bytes"])')"
t=$(ct_flow vnet1 "$U" 'f["timeout"]')
check "timeout $t is in 1..180 (udp-replied)" test "$t" -ge 1 -a "$t" -le 180
check "text: a udp line '$V1:40000 -> $V2:9000'" sh -c \
	"$BRFWCTL flows vnet1 | grep udp | grep -qF '$V1:40000 -> $V2:9000'"

# --- TCP: a closed connection and a live one ------------------------------------------
check "vm1 -> vm2 TCP (nettest)" rule_tcp 1 2 8080
T='P(f) == "tcp" and f["dport"] == 8080'
st=$(ct_flow vnet1 "$T" 'f["state"]')
case $st in fin-wait|time-wait|close) ok "the closed connection's flow is $st, rule 7" ;;
*) not_ok "the closed connection's flow is closing"; diag "state: $st" ;; esac
check_eq "... admitted by rule 7" 7 "$(ct_flow vnet1 "$T" 'R(f)')"
n=$(ct_flow vnet1 "$T" 'min(f["out"]["packets"], f["in"]["packets"])')
check "... at least 3 packets each way ($n)" test "$n" -ge 3
ct_sess_start 1 2 5001; check_eq "a live session vm1 -> vm2:5001" 0 $?
check_eq "it passes data" ok "$(ct_sess_xfer)"
S="P(f) == 'tcp' and f['dport'] == 5001"
check_eq "its flow: established, sport $CT_SESS_SPORT" "established $CT_SESS_SPORT" \
	"$(ct_flow vnet1 "$S" '"%s %s" % (f["state"], f["sport"])')"
t=$(ct_flow vnet1 "$S" 'f["timeout"]')
check "timeout $t is in 431000..432000 (tcp-established)" test "$t" -ge 431000 -a "$t" -le 432000

# --- the default policy, the host -------------------------------------------------------
check "vm2 pings the host" ping_ok 2 $HOST_IP
H="P(f) == 'icmp' and f['dst'] == '$HOST_IP'"
check_eq "vm2's flow to the host: out, admitted by the policy (0)" "out 0" \
	"$(ct_flow vnet2 "$H" '"%s %s" % (f["dir"], R(f))')"
check "text: 'policy' for the default policy" sh -c "$BRFWCTL flows vnet2 | grep -F '$HOST_IP' | grep -qw policy"
check "vm1 pings the host" ping_ok 1 $HOST_IP

# --- counts -------------------------------------------------------------------------------
all=$(ct_flows)
check_eq "without DEV: 6 flows (icmp, udp, 2 tcp, 2 to the host)" 6 "$all"
check_eq "each flow once" "$all" "$("$BRFWCTL" -j flows | $PY -c "$CT_PYDEFS"'
fl = json.load(sys.stdin)
print(len(set((P(f), f["src"], f["dst"], f.get("sport"), f.get("dport"), f.get("id")) for f in fl)))')"
check_eq "ct show count" "$all" "$(ct_get count)"
check_eq "vnet1 started 5 of them (port show: flows)" "5 5" \
	"$(ct_port_flows vnet1) $(ct_flows vnet1 'f["dir"] == "out"')"
check_eq "vnet2 started 1" "1 1" "$(ct_port_flows vnet2) $(ct_flows vnet2 'f["dir"] == "out"')"
check_eq "vnet2 is crossed by 5 (all but vm1's to the host)" 5 "$(ct_flows vnet2)"
check "port show (text): flows 5" sh -c "$BRFWCTL port show vnet1 | grep -qw 'flows 5'"
check_eq "vnet3 has none" 0 "$(ct_flows vnet3)"

# --- flows del ----------------------------------------------------------------------------
check "flows del the UDP flow" brfwctl flows del proto udp src $V1 sport 40000 dst $V2 dport 9000
check_eq "it is gone" 0 "$(ct_flows vnet1 "$U")"
check_fail "flows del it again fails" brfwctl flows del proto udp src $V1 sport 40000 dst $V2 dport 9000
check "flows del the ICMP flow by its reply tuple" brfwctl flows del proto icmp src $V2 dst $V1 id "$id"
check_eq "it is gone" 0 "$(ct_flows vnet1 "$I")"
check_fail "flows del of a flow that never was fails" \
	brfwctl flows del proto tcp src $V1 sport 1 dst $V2 dport 1
check "flows del the live session's flow" \
	brfwctl flows del proto tcp src $V1 sport "$CT_SESS_SPORT" dst $V2 dport 5001
check_eq "it is gone" 0 "$(ct_flows vnet1 "$S")"
check_eq "the session's answers are dropped now (no flow: invalid, policy drop)" timeout "$(ct_sess_xfer)"
ct_sess_stop
check_eq "ct show count: 3 left" 3 "$(ct_get count)"
check_eq "vnet1 holds 2 of them" 2 "$(ct_port_flows vnet1)"

# --- flows flush ---------------------------------------------------------------------------
check "flows flush vnet2" brfwctl flows flush vnet2
check_eq "no flow crosses vnet2" 0 "$(ct_flows vnet2)"
check_eq "vm1's flow to the host is still there" 1 "$(ct_flows vnet1 "$H")"
check_eq "port show vnet2: flows 0" 0 "$(ct_port_flows vnet2)"
check "flows flush" brfwctl flows flush
check_eq "no flow left" "0 0 0" "$(ct_flows) $(ct_get count) $(ct_port_flows vnet1)"
check_fail "flows flush nosuchdev fails" brfwctl flows flush nosuchdev
check "flows after a flush: vm1 pings vm2" ping_ok 1 $V2
check_eq "one new flow" 1 "$(ct_get count)"

t_done
