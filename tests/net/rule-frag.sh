#!/bin/bash
# Malformed frames and fragments against rules (scapy). A frame that does
# not parse (truncated L4 header, bad IHL, IP lengths that lie) never
# matches a rule with L3/L4 matches: it takes the port's default. A
# non-first fragment has no L4 header: a rule with L4 matches never
# accepts it, but a drop rule with L4 matches whose other matches hold
# drops it (so it cannot slip past a rule that dropped its first
# fragment). vm1 (or vm3) sends, vm2 receives; rules on vnet2 in.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../pkt/pkt.sh"
need "$BRFWCTL" "$PY"
pkt_start
rule_topo_up 3
learn_all
cap vm2

E12="Ether(src=mac(1), dst=mac(2))"
E32="Ether(src=mac(3), dst=mac(2))"
I4="IP(src=ip(1), dst=ip(2))"
I6="IPv6(src='2001:db8::1', dst='2001:db8::2')"
add() { check "rule add $*" brfwctl rule add "$@"; }

# --- malformed frames on a default-drop port with accept rules ----------------------
brfwctl port set vnet2 policy-in drop
add vnet2 in id 1 proto tcp dport 80 accept
add vnet2 in id 2 src $(vm_ip 1) accept
add vnet2 in id 3 proto tcp src 2001:db8::1 accept
tx vm1 "[$E12/$I4/TCP(sport=1000, dport=80), $E12/$I6/TCP(sport=1000, dport=81)]"
check_seen "well-formed TCP, IPv4 to port 80 and IPv6 to 81, pass" 2 vm2
check_rule_cnt "rule 1 counted the IPv4 frame" vnet2 1 1
check_rule_cnt "rule 3 counted the IPv6 frame" vnet2 3 1
MAL4="[$E12/IP(src=ip(1), dst=ip(2), proto=6)/Raw(bytes(TCP(sport=1000, dport=80))[:10]),
	$E12/Raw(bytes(IP(src=ip(1), dst=ip(2), ihl=3)/TCP(sport=1000, dport=80))),
	$E12/Raw(bytes(IP(src=ip(1), dst=ip(2), ihl=15)/TCP(sport=1000, dport=80))),
	$E12/Raw(bytes(IP(src=ip(1), dst=ip(2), len=400)/TCP(sport=1000, dport=80))),
	$E12/Raw(bytes(IP(src=ip(1), dst=ip(2), len=12)/TCP(sport=1000, dport=80))),
	Ether(src=mac(1), dst=mac(2), type=0x800)/Raw(bytes(IP(src=ip(1), dst=ip(2))/TCP(dport=80))[:16])]"
MAL6="[$E12/Raw(bytes($I6/TCP(sport=1000, dport=80))[:50]),
	$E12/Raw(bytes(IPv6(src='2001:db8::1', dst='2001:db8::2', plen=300)/TCP(sport=1000, dport=80))),
	$E12/Raw(bytes(IPv6(src='2001:db8::1', dst='2001:db8::2', nh=6, plen=10)/Raw(bytes(TCP(sport=1000, dport=80))[:10])))]"
tx vm1 "$MAL4"
check_seen "6 malformed IPv4 frames (truncated TCP, IHL 3, IHL 15, length 400, length 12, 16-byte header): none pass" 0 vm2
tx vm1 "$MAL6"
check_seen "3 malformed IPv6 frames (cut header, payload length 300, truncated TCP): none pass" 0 vm2
check_rule_cnt "rule 1 (tcp dport 80 accept) matched none" vnet2 1 1
check_rule_cnt "rule 2 (src vm1 accept) matched none" vnet2 2 0
check_rule_cnt "rule 3 (IPv6 tcp accept) matched none" vnet2 3 1
rule_flush vnet2

# Default accept, a drop rule: malformed frames take the default too.
brfwctl port set vnet2 policy-in accept
add vnet2 in id 5 proto tcp dport 80 drop
tx vm1 "[$E12/$I4/TCP(sport=1000, dport=80)]"
check_seen "well-formed TCP to port 80 dropped by rule 5" 0 vm2
tx vm1 "$MAL4"
check_seen "default accept: the 6 malformed IPv4 frames pass" 6 vm2
check_rule_cnt "rule 5 counted only the well-formed frame" vnet2 5 1
rule_flush vnet2

# --- fragments ------------------------------------------------------------------------
# 3 fragments each: first with the TCP/UDP header, then 2 without.
frags() { echo "fragment($1/Raw(b'f'*2000), fragsize=800)"; }
add vnet2 in id 10 proto tcp src $(vm_ip 1) dport 23 drop
tx vm1 "$(frags "$E12/$I4/TCP(sport=1000, dport=23)")"
check_seen "TCP to port 23 in 3 fragments: none pass" 0 vm2
tx vm1 "$(frags "$E12/IP(src=ip(1), dst=ip(2), id=99)/TCP(sport=1000, dport=80)")"
check_eq "TCP to port 80 in 3 fragments: the first passes, the others are dropped by rule 10" \
	0 "$(rxlist vm2 'p[IP].frag')"
tx vm1 "$(frags "$E12/$I4/UDP(sport=1000, dport=23)")"
check_seen "UDP to port 23 in 3 fragments: all pass (proto differs)" 3 vm2
tx vm3 "$(frags "$E32/IP(src=ip(3), dst=ip(2))/TCP(sport=1000, dport=23)")"
check_seen "TCP to port 23 from vm3 in 3 fragments: all pass (src differs)" 3 vm2
tx vm1 "$E12/IP(src=ip(1), dst=ip(2), proto=6, id=7, frag=100)/Raw(b'f'*64)"
check_seen "a lone non-first TCP fragment from vm1: dropped" 0 vm2
check_rule_cnt "rule 10: 3 + 2 + 1 frames" vnet2 10 6
rule_flush vnet2

add vnet2 in id 11 proto udp dport 23 reject
tx vm1 "$(frags "$E12/$I4/UDP(sport=1000, dport=9)")"
check_eq "a reject rule drops the non-first fragments too" 0 "$(rxlist vm2 'p[IP].frag')"
rule_flush vnet2
add vnet2 in id 12 proto udp dport 23 accept
add vnet2 in id 13 proto udp drop
tx vm1 "$(frags "$E12/$I4/UDP(sport=1000, dport=23)")"
check_eq "accept with ports, then drop: only the first fragment passes" 0 "$(rxlist vm2 'p[IP].frag')"
check_rule_cnt "rule 12 (accept with ports) matched the first fragment only" vnet2 12 1
check_rule_cnt "rule 13 dropped the 2 others" vnet2 13 2
rule_flush vnet2

brfwctl port set vnet2 policy-in drop
add vnet2 in id 14 proto tcp dport 80 accept
tx vm1 "$(frags "$E12/$I4/TCP(sport=1000, dport=80)")"
check_eq "default drop, tcp dport 80 accept: only the first fragment passes" 0 "$(rxlist vm2 'p[IP].frag')"
add vnet2 in id 15 proto tcp src $(vm_ip 1) accept
tx vm1 "$(frags "$E12/$I4/TCP(sport=1000, dport=80)")"
check_seen "then proto tcp src vm1 accept (no L4 match): all 3 pass" 3 vm2
check_rule_cnt "rule 15 accepted the 2 non-first fragments" vnet2 15 2
rule_flush vnet2

# IPv6: the fragment header's next header is the protocol.
brfwctl port set vnet2 policy-in accept
add vnet2 in id 20 proto udp dport 23 drop
tx vm1 "fragment6($E12/$I6/IPv6ExtHdrFragment(id=5)/UDP(sport=1000, dport=23)/Raw(b'f'*2000), 800)"
check_seen "IPv6 UDP to port 23 in 3 fragments: none pass" 0 vm2
tx vm1 "fragment6($E12/$I6/IPv6ExtHdrFragment(id=6)/UDP(sport=1000, dport=80)/Raw(b'f'*2000), 800)"
check_eq "IPv6 UDP to port 80 in 3 fragments: only the first passes" 0 \
	"$(rxlist vm2 'p[IPv6ExtHdrFragment].offset')"
tx vm1 "fragment6($E12/$I6/IPv6ExtHdrFragment(id=7)/TCP(sport=1000, dport=23)/Raw(b'f'*2000), 800)"
check_seen "IPv6 TCP to port 23 in 3 fragments: all pass" 3 vm2
check_rule_cnt "rule 20: 3 + 2" vnet2 20 5

pkt_done
