#!/bin/bash
# Conntrack-lite, related: the ICMP port unreachable that answers a
# tracked UDP flow (from another VM, from the host) reaches a VM behind a
# default-drop in policy as `related` (the UDP socket sees ECONNREFUSED,
# the related rule counts the frame), and is not `established`. Crafted
# errors (scapy): time exceeded quoting the flow is related; an error
# quoting no flow is invalid and dropped. `stateful on` lets related in
# before the rules.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../pkt/pkt.sh"
need ping "$NETTEST" "$BRFWCTL" "$PY"
pkt_start
ct_topo_up 3
V1=$(vm_ip 1) V2=$(vm_ip 2)

brfwctl port set vnet1 policy-in drop
brfwctl rule add vnet1 in id 1 ct-state related accept
brfwctl rule add vnet1 in id 2 ct-state established accept
brfwctl rule add vnet1 in id 3 ct-state invalid drop

# nettest's UDP client sends "ping\n": the error quotes the whole datagram.
# Ethernet 14 + IP 20 + ICMP 8 + quoted IP 20 + UDP 8 + 5 = 75 bytes.
rule_nc udp 1 $V2 7777
check_eq "vm1 -> vm2 closed UDP port: refused (the port unreachable came in)" 1 $?
check_rule_cnt "the related rule counted it: 1 frame, 75 bytes" vnet1 1 1 75
check_rule_cnt "the established rule did not" vnet1 2 0 0
check_eq "the UDP flow is unreplied: an error is no reply" unreplied \
	"$(ct_flow vnet1 'P(f) == "udp" and f["dport"] == 7777' 'f["state"]')"
rule_nc udp 1 $HOST_IP 7778
check_eq "vm1 -> host closed UDP port: refused" 1 $?
check_rule_cnt "the related rule counted the host's error too" vnet1 1 2 150
check "vm1 -> vm2 UDP with a server: answered (established)" rule_udp 1 2 7779
n=$(rule_pkts vnet1 2)
check_eq "the established rule counted the answer" 1 "$n"

# Without the related rule, the error is dropped: the client times out.
brfwctl rule del vnet1 id 1
rule_nc udp 1 $V2 7780
check_eq "no related rule: the port unreachable is dropped, vm1 times out" 2 $?
check_rule_cnt "... the established rule did not take it" vnet1 2 1
check_rule_cnt "... nor the invalid rule" vnet1 3 0 0
brfwctl rule insert vnet1 in pos 1 id 1 ct-state related accept

# The TCP answer to a closed port is a RST, not an error: established.
rule_nc tcp 1 $V2 7781
check_eq "vm1 -> vm2 closed TCP port: refused by the RST" 1 $?
check_rule_cnt "the RST came in as established" vnet1 2 2

# --- crafted errors -------------------------------------------------------------
learn_all
cap vm1
E21="Ether(src=mac(2), dst=mac(1))/IP(src=ip(2), dst=ip(1))"
U12="IP(src=ip(1), dst=ip(2))/UDP(sport=5555, dport=6666)/Raw(b'x'*8)"
brfwctl counters reset vnet1
# A flow vm1:5555 -> vm2:6666 (vm2 answers with a port unreachable).
tx vm1 "Ether(src=mac(1), dst=mac(2))/$U12"
check_seen "vm2's port unreachable for 5555 -> 6666 reaches vm1" 1 vm1 \
	"ICMP in p and p[ICMP].type == 3 and p[ICMP].code == 3"
check_rule_cnt "counted as related" vnet1 1 1
tx vm2 "$E21/ICMP(type=11, code=0)/$U12"
check_seen "a time exceeded quoting the flow reaches vm1" 1 vm1 "ICMP in p and p[ICMP].type == 11"
check_rule_cnt "counted as related" vnet1 1 2
tx vm2 "$E21/ICMP(type=3, code=4)/$U12"
check_seen "a fragmentation needed quoting the flow reaches vm1" 1 vm1 "ICMP in p and p[ICMP].type == 3"
check_rule_cnt "counted as related" vnet1 1 3
tx vm2 "$E21/ICMP(type=3, code=3)/IP(src=ip(1), dst=ip(2))/UDP(sport=5556, dport=6666)/Raw(b'x'*8)"
check_seen "an error quoting no flow (sport 5556) does not reach vm1" 0 vm1 "ICMP in p"
check_rule_cnt "counted as invalid" vnet1 3 1
tx vm2 "$E21/ICMP(type=3, code=3)/IP(src=ip(1), dst=ip(3))/UDP(sport=5555, dport=6666)/Raw(b'x'*8)"
check_seen "an error quoting another destination does not reach vm1" 0 vm1 "ICMP in p"
check_rule_cnt "counted as invalid" vnet1 3 2
tx vm2 "$E21/ICMP(type=3, code=3)/IP(src=ip(1), dst=ip(2))/TCP(sport=5555, dport=6666, flags='S')"
check_seen "an error quoting TCP with the UDP flow's ports does not reach vm1" 0 vm1 "ICMP in p"
check_rule_cnt "counted as invalid" vnet1 3 3
check_rule_cnt "related: still 3" vnet1 1 3

# --- stateful on: related before the rules --------------------------------------
rule_flush vnet1
brfwctl port set vnet1 stateful on
brfwctl rule add vnet1 in id 5 proto icmp drop
rule_nc udp 1 $V2 7790
check_eq "stateful, 'in proto icmp drop': the port unreachable still comes in" 1 $?
check_rule_cnt "the drop rule saw nothing" vnet1 5 0 0
check_fail "the drop rule still drops vm2's pings" rule_ping1 2 $V1
brfwctl port set vnet1 stateful off
rule_nc udp 1 $V2 7791
check_eq "stateful off (no ct-state rule): the error is dropped" 2 $?

pkt_done
