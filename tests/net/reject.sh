#!/bin/bash
# reject: a TCP RST for TCP, an ICMP (ICMPv6) port unreachable otherwise,
# sent back out of the port the frame came from: the client sees its
# connection refused at once, the server never sees the request. Rules on
# the destination's in list and on the source's out list, from VMs and
# from the host (LOCAL_OUT), IPv4 and IPv6.
. "$(dirname "$0")/../lib.sh"
need ping "$NETTEST" "$BRFWCTL" "$PY"
rule_topo_up 3
V1=$(vm_ip 1) V2=$(vm_ip 2) V3=$(vm_ip 3)

# --- TCP --------------------------------------------------------------------------
check "rule add vnet2 in id 1 proto tcp dport 8080 reject" brfwctl rule add vnet2 in id 1 proto tcp dport 8080 reject
rule_probe tcp 1 2 8080; check_eq "in reject: TCP vm1 -> vm2:8080 refused" "1 2" "$? $rule_srv_rc"
check_rule_cnt "in reject: one SYN, no retry" vnet2 1 1
rule_probe tcp 0 2 8080; check_eq "in reject: TCP host -> vm2:8080 refused (LOCAL_OUT)" "1 2" "$? $rule_srv_rc"
check_rule_cnt "in reject: the host's SYN too" vnet2 1 2
check "in reject: TCP vm1 -> vm2:8081 answered" rule_tcp 1 2 8081
# vm3 has sent nothing yet: the bridge does not know its MAC and floods
# vm1's SYN to vm3 to every port, vnet2 included. vnet2's rule must not
# answer for vm3 (vm1 would see its connection to vm3 reset).
check_eq "the bridge has not learned vm3's MAC" "" "$(bridge fdb show br br0 | grep -i "$(vm_mac 3)" | grep -v permanent)"
check "in reject: TCP vm1 -> vm3:8080 answered (the SYN flooded to vnet2 too)" rule_tcp 1 3 8080
check "in reject: TCP vm1 -> vm3:8080 answered (vm3's MAC learned)" rule_tcp 1 3 8080
check "in reject: vm2 -> vm1:8080 answered" rule_tcp 2 1 8080
check "rule add vnet1 out id 2 proto tcp dport 9090 reject" brfwctl rule add vnet1 out id 2 proto tcp dport 9090 reject
rule_probe tcp 1 2 9090; check_eq "out reject: TCP vm1 -> vm2:9090 refused" "1 2" "$? $rule_srv_rc"
rule_probe tcp 1 0 9090; check_eq "out reject: TCP vm1 -> host:9090 refused" "1 2" "$? $rule_srv_rc"
check_rule_cnt "out reject: 2 SYNs" vnet1 2 2
check "out reject: TCP vm3 -> vm2:9090 answered" rule_tcp 3 2 9090
check "out reject: TCP vm2 -> vm1:9090 answered" rule_tcp 2 1 9090

# --- UDP, ICMP ----------------------------------------------------------------------
check "rule add vnet2 in id 3 proto udp dport 5353 reject" brfwctl rule add vnet2 in id 3 proto udp dport 5353 reject
rule_probe udp 1 2 5353; check_eq "in reject: UDP vm1 -> vm2:5353 refused" "1 2" "$? $rule_srv_rc"
rule_probe udp 0 2 5353; check_eq "in reject: UDP host -> vm2:5353 refused (LOCAL_OUT)" "1 2" "$? $rule_srv_rc"
check_rule_cnt "in reject: 2 datagrams of 47 bytes" vnet2 3 2 94
check "in reject: UDP vm1 -> vm2:5354 answered" rule_udp 1 2 5354
check "rule add vnet1 out id 4 proto udp dport 6000-6010 reject" brfwctl rule add vnet1 out id 4 proto udp dport 6000-6010 reject
rule_probe udp 1 3 6005; check_eq "out reject: UDP vm1 -> vm3:6005 refused" "1 2" "$? $rule_srv_rc"
rule_probe udp 1 0 6010; check_eq "out reject: UDP vm1 -> host:6010 refused" "1 2" "$? $rule_srv_rc"
check "out reject: UDP vm3 -> vm1:6005 answered" rule_udp 3 1 6005
check "rule add vnet3 in id 5 proto icmp reject" brfwctl rule add vnet3 in id 5 proto icmp reject
out=$(ip netns exec vm1 ping -c 1 -W 2 $V3 2>&1)
case $out in
*"From $V3"*"nreachable"*) ok "proto icmp reject: vm1's ping gets an unreachable from $V3" ;;
*) not_ok "proto icmp reject: vm1's ping gets an unreachable from $V3"; diag "$out" ;;
esac
check "proto icmp reject: TCP vm1 -> vm3 answered" rule_tcp 1 3 8080
# No ICMP error for a broadcast (RFC 1122 3.2.2): vm2 answers vm1's
# broadcast ping, vnet3's reject stays silent.
out=$(ip netns exec vm1 ping -b -w 2 -i 0.5 10.0.0.255 2>&1)
case $out in
*"nreachable"*) not_ok "proto icmp reject: no unreachable for a broadcast ping"; diag "$out" ;;
*" 0 received"*) not_ok "proto icmp reject: no unreachable for a broadcast ping"; diag "$out" ;;
*" received"*) ok "proto icmp reject: no unreachable for a broadcast ping" ;;
*) not_ok "proto icmp reject: no unreachable for a broadcast ping"; diag "$out" ;;
esac

# --- IPv6 ---------------------------------------------------------------------------
for i in 1 2; do
	ip netns exec vm$i sysctl -qw net.ipv6.conf.all.disable_ipv6=0 net.ipv6.conf.eth0.disable_ipv6=0
	ip -n vm$i addr add fd00::1$i/64 dev eth0 nodad
done
ip -n vm1 -6 neigh replace fd00::12 lladdr "$(vm_mac 2)" dev eth0 nud permanent
ip -n vm2 -6 neigh replace fd00::11 lladdr "$(vm_mac 1)" dev eth0 nud permanent
v6() { # v6 PROTO PORT: a client in vm1, a server in vm2, over IPv6
	ip netns exec vm2 "$NETTEST" "$1-server" "$2" 2500 >/dev/null 2>&1 &
	s=$!
	rule_listen 2 "$1" "$2"
	ip netns exec vm1 "$NETTEST" "$1-client" fd00::12 "$2" 1500 >/dev/null 2>&1
	c=$?
	wait $s
	echo "$c $?"
}
check_eq "IPv6 works: UDP vm1 -> vm2:7000 answered" "0 0" "$(v6 udp 7000)"
check "rule add vnet2 in id 6 proto udp dst fd00::12 dport 7000 reject" \
	brfwctl rule add vnet2 in id 6 proto udp dst fd00::12 dport 7000 reject
check_eq "IPv6 UDP reject: refused by ICMPv6 port unreachable" "1 2" "$(v6 udp 7000)"
check "rule add vnet2 in id 7 proto tcp src fd00::/64 dport 7000 reject" \
	brfwctl rule add vnet2 in id 7 proto tcp src fd00::/64 dport 7000 reject
check_eq "IPv6 TCP reject: refused by RST" "1 2" "$(v6 tcp 7000)"
check_eq "IPv6 TCP to 7001 answered" "0 0" "$(v6 tcp 7001)"
check "rule add vnet1 out id 8 proto udp dport 7100 reject" brfwctl rule add vnet1 out id 8 proto udp dport 7100 reject
check_eq "IPv6 UDP out reject: refused" "1 2" "$(v6 udp 7100)"
check_rule_cnt "rule 6: 1" vnet2 6 1
check_rule_cnt "rule 7: 1" vnet2 7 1
check_rule_cnt "rule 8: 1" vnet1 8 1

t_done
