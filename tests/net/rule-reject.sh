#!/bin/bash
# reject, frame by frame (scapy): the answer's addresses, ports and
# sequence numbers (RFC 793 resets, ICMP/ICMPv6 port unreachable quoting
# the packet), VLAN tag kept, sent to the sender only; and the frames that
# must never be answered, only dropped: RSTs, ICMP errors, broadcast and
# multicast, non-first fragments, non-IP frames. vm1 sends; the rules are
# on vnet2 in (and vnet1 out).
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
# What vm1 got back, one line per frame.
TCPF='"%s>%s|%s>%s|%d>%d|%s|%d|%d" % (p.src, p.dst, p[IP].src, p[IP].dst, p[TCP].sport, p[TCP].dport, p[TCP].flags, p[TCP].seq, p[TCP].ack)'
add() { check "rule add $*" brfwctl rule add "$@"; }
add vnet2 in id 1 proto tcp dport 8080 reject
add vnet2 in id 2 proto udp dport 5353 reject
add vnet2 in id 3 proto icmp reject
add vnet2 in id 4 ether-type 0x88b5 reject

# --- TCP ----------------------------------------------------------------------------
tx vm1 "$E12/$I4/TCP(sport=1234, dport=8080, flags='S', seq=1000)"
check_eq "SYN: vm1 gets RST,ACK seq 0 ack 1001 from vm2's addresses" \
	"$(vm_mac 2)>$(vm_mac 1)|$(vm_ip 2)>$(vm_ip 1)|8080>1234|RA|0|1001" "$(rxlist vm1 "$TCPF")"
check_none "SYN: vm2 and vm3 see nothing" vm2 vm3
tx vm1 "$E12/$I4/TCP(sport=1234, dport=8080, flags='PA', seq=5000, ack=7000)/Raw(b'd'*10)"
check_eq "data segment with ACK: RST seq 7000 (its ack), no ACK flag" \
	"$(vm_mac 2)>$(vm_mac 1)|$(vm_ip 2)>$(vm_ip 1)|8080>1234|R|7000|0" "$(rxlist vm1 "$TCPF")"
tx vm1 "$E12/$I4/TCP(sport=1234, dport=8080, flags='F', seq=3000)/Raw(b'd'*10)"
check_eq "FIN without ACK, 10 bytes: RST,ACK ack 3011" \
	"8080>1234|RA|0|3011" "$(rxlist vm1 '"%d>%d|%s|%d|%d" % (p[TCP].sport, p[TCP].dport, p[TCP].flags, p[TCP].seq, p[TCP].ack)')"
tx vm1 "[$E12/$I4/TCP(sport=1234, dport=8080, flags='R', seq=1), $E12/$I4/TCP(sport=1234, dport=8080, flags='RA', seq=1, ack=1)]"
check_none "an RST is never answered (and is dropped)" vm1 vm2
tx vm1 "$E12/Dot1Q(vlan=100)/$I4/TCP(sport=1234, dport=8080, flags='S', seq=1)"
check_eq "a tagged SYN: the RST goes back in the same VLAN" "100|RA" \
	"$(rxlist vm1 '"%d|%s" % (p[Dot1Q].vlan, p[TCP].flags) if Dot1Q in p else "untagged"')"
# A unicast frame to a MAC the bridge does not know is flooded to every
# port: vnet2 may drop its copy, but must not answer for someone else.
# brfw knows vm2's MAC from what vm2 has sent (or from the port's mac);
# a guest that has sent nothing yet gets the benefit of the doubt, so
# vm2 speaks first.
tx vm2 "Ether(src=mac(2), dst='ff:ff:ff:ff:ff:ff')/ARP(op=1, hwsrc=mac(2), psrc=ip(2), pdst=ip(2))"
drain vm1 vm2 vm3
tx vm1 "Ether(src=mac(1), dst='02:00:00:00:00:99')/IP(src=ip(1), dst='10.0.0.99')/TCP(sport=1234, dport=8080, flags='S')"
check_none "a SYN flooded to vnet2 (unknown destination MAC): not answered" vm1 vm2
check_seen "... while vm3 got its copy" 1 vm3
check_rule_cnt "rule 1 counted the 7 frames" vnet2 1 7

# --- UDP, ICMP --------------------------------------------------------------------------
tx vm1 "$E12/$I4/UDP(sport=1234, dport=5353)/Raw(b'q'*20)"
check_eq "UDP: ICMP port unreachable from vm2 quoting the datagram" \
	"$(vm_mac 2)>$(vm_mac 1)|$(vm_ip 2)>$(vm_ip 1)|3/3|$(vm_ip 1)>$(vm_ip 2)|1234>5353" \
	"$(rxlist vm1 '"%s>%s|%s>%s|%d/%d|%s>%s|%d>%d" % (p.src, p.dst, p[IP].src, p[IP].dst, p[ICMP].type, p[ICMP].code, p[ICMP].payload.src, p[ICMP].payload.dst, p[ICMP].payload.payload.sport, p[ICMP].payload.payload.dport)')"
check_none "UDP: vm2 sees nothing" vm2
tx vm1 "[Ether(src=mac(1), dst=BC)/IP(src=ip(1), dst='10.0.0.255')/UDP(sport=5353, dport=5353),
	Ether(src=mac(1), dst='01:00:5e:00:00:fb')/IP(src=ip(1), dst='224.0.0.251')/UDP(sport=5353, dport=5353),
	Ether(src=mac(1), dst=BC)/IP(src=ip(1), dst='255.255.255.255')/UDP(sport=5353, dport=5353)]"
check_none "broadcast and multicast UDP (mDNS): no ICMP error" vm1
check_seen "... and vnet2 dropped them" 0 vm2
check_seen "... while vm3 got all 3" 3 vm3
tx vm1 "$E12/IP(src=ip(1), dst=ip(2), proto=17, id=9, frag=100)/Raw(b'f'*64)"
check_none "a non-first UDP fragment: dropped, not answered" vm1 vm2
tx vm1 "$E12/$I4/ICMP(type=8, id=1, seq=1)"
check_eq "ICMP echo: answered with port unreachable" "3/3" "$(rxlist vm1 '"%d/%d" % (p[ICMP].type, p[ICMP].code)')"
tx vm1 "[$E12/$I4/ICMP(type=3, code=3)/IP(src=ip(2), dst=ip(1))/UDP(sport=1, dport=2),
	$E12/$I4/ICMP(type=11, code=0)/IP(src=ip(2), dst=ip(1))/UDP(sport=1, dport=2)]"
check_none "ICMP errors are never answered (and are dropped)" vm1 vm2
tx vm1 "Ether(src=mac(1), dst=mac(2), type=0x88b5)/Raw(b'e'*46)"
check_none "a non-IP frame: dropped, not answered" vm1 vm2
check_rule_cnt "rule 2 counted 5 frames" vnet2 2 5
check_rule_cnt "rule 3 counted 3 frames" vnet2 3 3

# --- IPv6 ---------------------------------------------------------------------------------
tx vm1 "$E12/$I6/UDP(sport=1234, dport=5353)/Raw(b'q'*20)"
check_eq "IPv6 UDP: ICMPv6 port unreachable (1/4) from vm2's address" \
	"$(vm_mac 2)>$(vm_mac 1)|2001:db8::2>2001:db8::1|1/4|1234>5353" \
	"$(rxlist vm1 '"%s>%s|%s>%s|%d/%d|%d>%d" % (p.src, p.dst, p[IPv6].src, p[IPv6].dst, p[IPv6].payload.type, p[IPv6].payload.code, p[IPv6].payload.payload.payload.sport, p[IPv6].payload.payload.payload.dport)')"
tx vm1 "$E12/$I6/TCP(sport=1234, dport=8080, flags='S', seq=77)"
check_eq "IPv6 SYN: RST,ACK ack 78" "2001:db8::2>2001:db8::1|8080>1234|RA|0|78" \
	"$(rxlist vm1 '"%s>%s|%d>%d|%s|%d|%d" % (p[IPv6].src, p[IPv6].dst, p[TCP].sport, p[TCP].dport, p[TCP].flags, p[TCP].seq, p[TCP].ack)')"
tx vm1 "Ether(src=mac(1), dst='33:33:00:00:00:fb')/IPv6(src='fe80::1', dst='ff02::fb')/UDP(sport=5353, dport=5353)"
check_none "IPv6 multicast UDP: no ICMPv6 error" vm1 vm2

# --- out: the answer goes back to the guest -----------------------------------------------
drain vm3
add vnet1 out id 1 proto udp dport 6000 reject
tx vm1 "$E12/$I4/UDP(sport=1234, dport=6000)"
check_eq "out reject: vm1 gets the port unreachable from vm2's address" "$(vm_ip 2)|3/3" \
	"$(rxlist vm1 '"%s|%d/%d" % (p[IP].src, p[ICMP].type, p[ICMP].code)')"
check_none "out reject: vm2, vm3 see nothing" vm2 vm3

pkt_done
