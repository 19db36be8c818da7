#!/bin/bash
# Rule matches with crafted frames (scapy), counted where they arrive: VLAN
# tags (the outer one; matches inside a tagged frame), numeric ether-types,
# MAC addresses, IPv6 addresses and prefixes, ICMPv6 and its types (behind
# extension headers too), ICMP codes, SCTP and numeric protocols, port
# list and range edges, TCP flag combinations. vm1 sends, vm2 receives;
# rules are on vnet2 (in) unless said otherwise.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../pkt/pkt.sh"
need "$BRFWCTL" "$PY"
pkt_start
rule_topo_up 3
learn_all
cap vm1 vm2 vm3

E12="Ether(src=mac(1), dst=mac(2))"
I4="IP(src=ip(1), dst=ip(2))"
I6="IPv6(src='2001:db8::1', dst='2001:db8::2')"
U="UDP(sport=1000, dport=9)/Raw(b'x'*8)"
# The rule's counters are PACKETS/BYTES; the frames sent are known.
add() { check "rule add $*" brfwctl rule add "$@"; }

# --- vlan -------------------------------------------------------------------------
add vnet2 in id 1 vlan 100 drop
tx vm1 "[$E12/Dot1Q(vlan=100)/$I4/$U]*2 + [$E12/Dot1Q(vlan=200)/$I4/$U, $E12/$I4/$U,
	$E12/Dot1Q(vlan=100, type=0x88b5)/Raw(b'z'*40)]"
check_seen "vlan 100: the tag 200 and the untagged frame pass" 2 vm2
check_rule_cnt "vlan 100: 3 frames counted" vnet2 1 3
tx vm1 "[$E12/Dot1AD(vlan=100)/Dot1Q(vlan=200)/$I4/$U, $E12/Dot1AD(vlan=200)/Dot1Q(vlan=100)/$I4/$U]"
check_eq "vlan 100 is the outer tag: 802.1ad 100 dropped, 802.1ad 200 (inner 100) passes" 200 \
	"$(rxlist vm2 'p[Dot1AD].vlan')"
brfwctl rule del vnet2 id 1
add vnet2 in id 2 vlan 100 proto udp dport 9 drop
tx vm1 "[$E12/Dot1Q(vlan=100)/$I4/$U, $E12/Dot1Q(vlan=100)/$I4/UDP(dport=10),
	$E12/Dot1Q(vlan=101)/$I4/$U, $E12/$I4/$U, $E12/Dot1Q(vlan=100)/$I6/$U]"
check_seen "vlan 100 udp dport 9: 3 of 5 pass" 3 vm2
check_rule_cnt "vlan 100 udp dport 9: IPv4 and IPv6 in the tag counted" vnet2 2 2
brfwctl rule del vnet2 id 2
add vnet2 in id 3 proto udp dport 9 drop
tx vm1 "[$E12/Dot1Q(vlan=7)/$I4/$U, $E12/Dot1AD(vlan=8)/Dot1Q(vlan=9)/$I4/$U, $E12/$I4/$U,
	$E12/Dot1Q(vlan=7)/$I4/UDP(dport=10)]"
check_seen "udp dport 9 matches behind one and two tags" 1 vm2
brfwctl rule del vnet2 id 3

# --- ether-type, MACs -------------------------------------------------------------
add vnet2 in id 10 ether-type 0x88b5 drop
check_eq "0x88b5 shows as 0x88b5" "10 in ether-type 0x88b5 drop" "$(rule_texts vnet2)"
tx vm1 "[Ether(src=mac(1), dst=mac(2), type=0x88b5)/Raw(b'e'*46)]*2 +
	[Ether(src=mac(1), dst=mac(2), type=0x88b6)/Raw(b'e'*46), $E12/$I4/$U]"
check_seen "ether-type 0x88b5: 0x88b6 and IPv4 pass" 2 vm2
check_rule_cnt "ether-type 0x88b5: 2 frames of 60 bytes" vnet2 10 2 120
brfwctl rule del vnet2 id 10
add vnet2 in id 11 ether-type ip6 drop
tx vm1 "[$E12/$I6/$U, $E12/$I4/$U, $E12/$I6/ICMPv6EchoRequest()]"
check_eq "ether-type ip6: the IPv4 frame passes" 2048 "$(rxlist vm2 'p.type')"
brfwctl rule del vnet2 id 11
add vnet2 in id 12 src-mac 02:00:00:00:00:99 drop
tx vm1 "[Ether(src='02:00:00:00:00:99', dst=mac(2))/$I4/$U, $E12/$I4/$U]"
check_eq "src-mac: the frame from another MAC passes" "$(vm_mac 1)" "$(rxlist vm2 'p.src')"
brfwctl rule del vnet2 id 12
add vnet2 in id 13 dst-mac ff:ff:ff:ff:ff:ff drop
drain vm3
tx vm1 "[Ether(src=mac(1), dst=BC)/$I4/$U, Ether(src=mac(1), dst='01:00:5e:00:00:01')/$I4/$U]"
check_eq "dst-mac broadcast on vnet2: vm2 gets the multicast only" 01:00:5e:00:00:01 "$(rxlist vm2 'p.dst')"
check_seen "vnet3 has no rule: vm3 gets both" 2 vm3
brfwctl rule del vnet2 id 13

# --- IPv6 addresses, ICMPv6 -------------------------------------------------------
add vnet2 in id 20 src 2001:db8::/64 drop
tx vm1 "[$E12/IPv6(src=s, dst='2001:db8::2')/$U for s in ('2001:db8::1', '2001:db8::ffff:1', '2001:db8:0:1::1', 'fe80::1')] + [$E12/$I4/$U]"
check_seen "src 2001:db8::/64: the 2 sources outside and IPv4 pass" 3 vm2
check_rule_cnt "src 2001:db8::/64: 2 counted" vnet2 20 2
brfwctl rule del vnet2 id 20
add vnet2 in id 21 dst 2001:db8::2/128 drop
check_eq "a /128 shows as a host" "21 in dst 2001:db8::2 drop" "$(rule_texts vnet2)"
tx vm1 "[$E12/IPv6(src='2001:db8::1', dst=d)/$U for d in ('2001:db8::2', '2001:db8::3')]"
check_eq "dst 2001:db8::2: the frame to ::3 passes" 2001:db8::3 "$(rxlist vm2 'p[IPv6].dst')"
brfwctl rule del vnet2 id 21
add vnet2 in id 22 proto icmpv6 icmp-type 128 drop
tx vm1 "[$E12/$I6/ICMPv6EchoRequest(), $E12/$I6/ICMPv6EchoReply(), $E12/$I6/$U,
	$E12/$I6/IPv6ExtHdrHopByHop()/IPv6ExtHdrDestOpt()/ICMPv6EchoRequest(),
	$E12/$I4/ICMP(type=8)]"
check_seen "icmpv6 type 128: the reply, UDP and ICMPv4 echo pass" 3 vm2
check_rule_cnt "icmpv6 type 128: 2 counted (one behind extension headers)" vnet2 22 2
brfwctl rule del vnet2 id 22
add vnet2 in id 23 proto icmpv6 drop
tx vm1 "[$E12/$I6/ICMPv6EchoReply(), $E12/$I6/$U, $E12/$I4/ICMP()]"
check_seen "proto icmpv6: IPv6 UDP and ICMPv4 pass" 2 vm2
brfwctl rule del vnet2 id 23

# --- ICMP types and codes ---------------------------------------------------------
add vnet2 in id 30 proto icmp icmp-type 3/3 drop
tx vm1 "[$E12/$I4/ICMP(type=3, code=3)/IP(src=ip(2), dst=ip(1))/UDP(sport=9, dport=1000)]*2 +
	[$E12/$I4/ICMP(type=3, code=1), $E12/$I4/ICMP(type=11, code=3), $E12/$I4/ICMP(type=8)]"
check_seen "icmp-type 3/3: codes 1, type 11 code 3 and echo pass" 3 vm2
check_rule_cnt "icmp-type 3/3: 2 counted" vnet2 30 2
brfwctl rule del vnet2 id 30

# --- SCTP, protocol numbers ---------------------------------------------------------
S9="Raw(struct.pack('!HHII', 1000, 9, 0, 0) + b's'*16)"
S10="Raw(struct.pack('!HHII', 1000, 10, 0, 0) + b's'*16)"
add vnet2 in id 40 proto sctp dport 9 drop
tx vm1 "[$E12/IP(src=ip(1), dst=ip(2), proto=132)/$S9,
	$E12/IP(src=ip(1), dst=ip(2), proto=132)/$S10, $E12/$I4/$U]"
check_seen "sctp dport 9: SCTP to 10 and UDP to 9 pass" 2 vm2
check_rule_cnt "sctp dport 9: 1 counted" vnet2 40 1
brfwctl rule del vnet2 id 40
add vnet2 in id 41 proto 47 drop
check_eq "proto 47 shows as a number" "41 in proto 47 drop" "$(rule_texts vnet2)"
tx vm1 "[$E12/IP(src=ip(1), dst=ip(2), proto=47)/Raw(b'g'*20), $E12/IP(src=ip(1), dst=ip(2), proto=48)/Raw(b'g'*20),
	$E12/IPv6(src='2001:db8::1', dst='2001:db8::2', nh=47)/Raw(b'g'*20)]"
check_seen "proto 47: protocol 48 passes, IPv4 and IPv6 GRE dropped" 1 vm2
brfwctl rule del vnet2 id 41

# --- port lists and ranges: their edges ----------------------------------------------
add vnet2 in id 50 proto udp dport 100-200,300,1000-1001 drop
drain vm2
tx vm1 "[$E12/$I4/UDP(sport=5, dport=d) for d in (99, 100, 150, 200, 201, 299, 300, 301, 999, 1000, 1001, 1002, 0, 65535)]"
check_eq "dport 100-200,300,1000-1001: the ports that pass" "0 99 201 299 301 999 1002 65535" \
	"$(rxlist vm2 'p[UDP].dport')"
check_rule_cnt "dport list: 6 counted" vnet2 50 6
brfwctl rule del vnet2 id 50
L16=1,3,5,7,9,11,13,15,17,19,21,23,25,27,29,31-40
add vnet2 in id 51 proto tcp sport $L16 drop
tx vm1 "[$E12/$I4/TCP(sport=s, dport=80) for s in range(0, 43)]"
check_eq "sport with 16 entries: the ports that pass" \
	"0 2 4 6 8 10 12 14 16 18 20 22 24 26 28 30 41 42" "$(rxlist vm2 'p[TCP].sport')"
brfwctl rule del vnet2 id 51
add vnet2 in id 52 proto udp dport 0-65535 drop
tx vm1 "[$E12/$I4/UDP(dport=0), $E12/$I4/UDP(dport=65535), $E12/$I4/TCP(dport=1)]"
check_eq "dport 0-65535 (udp): only TCP passes" 6 "$(rxlist vm2 'p[IP].proto')"
brfwctl rule del vnet2 id 52
add vnet2 out id 53 proto tcp sport 22 dport 1024-65535 drop
drain vm1
tx vm2 "[Ether(src=mac(2), dst=mac(1))/IP(src=ip(2), dst=ip(1))/TCP(sport=s, dport=d)
	for s, d in ((22, 1024), (22, 1023), (23, 5000), (22, 65535))]"
check_eq "out sport 22 dport 1024-65535: what vm1 gets (sport/dport)" "22/1023 23/5000" \
	"$(rxlist vm1 '"%d/%d" % (p[TCP].sport, p[TCP].dport) if TCP in p else None')"
brfwctl rule del vnet2 id 53
drain vm2  # vm1's RSTs for those

# --- tcp-flags ------------------------------------------------------------------------
add vnet2 in id 60 proto tcp tcp-flags syn drop
check_eq "tcp-flags syn shows as syn" "60 in proto tcp tcp-flags syn drop" "$(rule_texts vnet2)"
tx vm1 "[$E12/$I4/TCP(sport=1000, dport=80, flags=f) for f in (2, 18, 16, 4, 66, 130, 3, 17, 0, 255)]"
check_eq "tcp-flags syn: SYN without ACK dropped, whatever else is set (flag values that pass)" \
	"0 4 16 17 18 255" "$(rxlist vm2 'int(p[TCP].flags)')"
brfwctl rule del vnet2 id 60
add vnet2 in id 61 proto tcp tcp-flags fin,syn/fin,syn,rst drop
tx vm1 "[$E12/$I4/TCP(sport=1000, dport=80, flags=f) for f in ('SF', 'SFA', 'SFR', 'S', 'F', 'SFPU')]"
check_seen "tcp-flags fin,syn/fin,syn,rst: 3 pass (with RST, or not both)" 3 vm2
check_rule_cnt "tcp-flags fin,syn/fin,syn,rst: SF, SFA, SFPU counted" vnet2 61 3
check_eq "FLAGS/MASK shows with its mask" "61 in proto tcp tcp-flags fin,syn/fin,syn,rst drop" "$(rule_texts vnet2)"
brfwctl rule del vnet2 id 61
add vnet2 in id 62 proto tcp tcp-flags ack drop
tx vm1 "[$E12/$I4/TCP(sport=1000, dport=80, flags=f) for f in ('A', 'SA', 'PA', 'S', 'R', 'F')]"
check_seen "tcp-flags ack (mask ack): S, R, F pass" 3 vm2
check_eq "FLAGS without a mask shows FLAGS/FLAGS" "62 in proto tcp tcp-flags ack/ack drop" "$(rule_texts vnet2)"
brfwctl rule del vnet2 id 62

pkt_done
