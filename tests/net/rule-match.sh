#!/bin/bash
# Rules, layer 2 and 3 matches, with real traffic between the VMs and the
# host: ether-type, src-mac, dst-mac, proto, src/dst addresses and
# prefixes, @set, several matches at once, host traffic (LOCAL_OUT and
# frames to the host) included. Each drop rule stops exactly what it names
# and counts it; neighbours are static, so counters are exact (an echo
# request or reply is a 98-byte frame).
. "$(dirname "$0")/../lib.sh"
need ping "$NETTEST" "$BRFWCTL" "$PY"
rule_topo_up 3
V1=$(vm_ip 1) V2=$(vm_ip 2) V3=$(vm_ip 3)

# --- ether-type -----------------------------------------------------------------
check "rule add vnet2 in id 1 ether-type arp drop (no policy yet)" \
	brfwctl rule add vnet2 in id 1 ether-type arp drop
check_eq "the port got a policy, accept both ways" "accept accept" \
	"$(port_field vnet2 policy_in) $(port_field vnet2 policy_out)"
check_eq "rule show: id, dir, canonical text" "1 in ether-type arp drop" "$(rule_texts vnet2)"
check "ether-type arp drop: IPv4 still passes (static neighbours)" ping_ok 1 $V2
check_rule_cnt "ether-type arp: nothing counted yet" vnet2 1 0 0
ip -n vm1 neigh del $V2 dev eth0
check_fail "ether-type arp drop: vm1 cannot resolve vm2" rule_ping1 1 $V2
n=$(rule_pkts vnet2 1)
check "ether-type arp: the ARP requests were counted ($n)" test "$n" -ge 1
ip -n vm1 neigh del $V3 dev eth0
check "ether-type arp drop on vnet2: vm1 still resolves vm3" ping_ok 1 $V3
ip -n vm1 neigh replace $V2 lladdr "$(vm_mac 2)" dev eth0 nud permanent
ip -n vm1 neigh replace $V3 lladdr "$(vm_mac 3)" dev eth0 nud permanent
check "static neighbour back: vm1 pings vm2" ping_ok 1 $V2

check "rule del vnet2 id 1" brfwctl rule del vnet2 id 1
check_eq "no rule left" 0 "$(rule_count vnet2)"
check "rule add vnet2 in id 2 ether-type 0x0800 drop" brfwctl rule add vnet2 in id 2 ether-type 0x0800 drop
check_eq "0x0800 shows as ip" "2 in ether-type ip drop" "$(rule_texts vnet2)"
check_fail "ether-type ip drop: vm1 cannot ping vm2" rule_ping1 1 $V2
check_fail "ether-type ip drop: the host cannot ping vm2" rule_ping1 0 $V2
check_fail "ether-type ip drop: vm2's echo replies do not come in" rule_ping1 2 $V1
check_rule_cnt "ether-type ip: 3 frames, 294 bytes" vnet2 2 3 294
check "neighbour unaffected: vm1 pings vm3" ping_ok 1 $V3
check "rule del vnet2 id 2" brfwctl rule del vnet2 id 2
check "rule deleted: vm1 pings vm2" ping_ok 1 $V2

# --- src-mac, dst-mac -----------------------------------------------------------
check "rule add vnet2 in id 10 src-mac (vm1) drop" brfwctl rule add vnet2 in id 10 src-mac "$(vm_mac 1)" drop
check_fail "src-mac vm1: vm1 cannot ping vm2" rule_ping1 1 $V2
check "src-mac vm1: vm3 pings vm2" ping_ok 3 $V2
check "src-mac vm1: the host pings vm2" ping_ok 0 $V2
check_rule_cnt "src-mac: 1 frame, 98 bytes" vnet2 10 1 98
brfwctl rule del vnet2 id 10
check "rule add vnet2 out id 11 dst-mac (host) drop" brfwctl rule add vnet2 out id 11 dst-mac $HOST_MAC drop
check_fail "out dst-mac host: vm2 cannot ping the host" rule_ping1 2 $HOST_IP
check_fail "out dst-mac host: the host gets no reply from vm2" rule_ping1 0 $V2
check "out dst-mac host: vm2 pings vm1" ping_ok 2 $V1
check "out dst-mac host: vm1 pings vm2" ping_ok 1 $V2
check_rule_cnt "dst-mac: 2 frames, 196 bytes" vnet2 11 2 196
brfwctl rule del vnet2 id 11

# --- proto ----------------------------------------------------------------------
check "rule add vnet2 in id 20 proto icmp drop" brfwctl rule add vnet2 in id 20 proto icmp drop
check_fail "proto icmp: vm1 cannot ping vm2" rule_ping1 1 $V2
check "proto icmp: TCP vm1 -> vm2 passes" rule_tcp 1 2 8080
check "proto icmp: UDP vm1 -> vm2 passes" rule_udp 1 2 5353
check_rule_cnt "proto icmp: 1 frame" vnet2 20 1 98
brfwctl rule del vnet2 id 20
check "rule add vnet2 in id 21 proto 6 drop" brfwctl rule add vnet2 in id 21 proto 6 drop
check_eq "proto 6 shows as tcp" "21 in proto tcp drop" "$(rule_texts vnet2)"
rule_tcp 1 2 8080; check_eq "proto tcp: TCP vm1 -> vm2 times out" 2 $?
rule_tcp 0 2 8080; check_eq "proto tcp: TCP host -> vm2 times out" 2 $?
check "proto tcp: UDP vm1 -> vm2 passes" rule_udp 1 2 5353
check "proto tcp: vm1 pings vm2" ping_ok 1 $V2
check "proto tcp: TCP vm1 -> vm3 passes" rule_tcp 1 3 8080
n=$(rule_pkts vnet2 21)
check "proto tcp: the SYNs were counted ($n)" test "$n" -ge 2
brfwctl rule del vnet2 id 21
check "rule add vnet2 in id 22 proto udp drop" brfwctl rule add vnet2 in id 22 proto udp drop
rule_udp 1 2 5353; check_eq "proto udp: UDP vm1 -> vm2 times out" 2 $?
check "proto udp: TCP vm1 -> vm2 passes" rule_tcp 1 2 8080
check_rule_cnt "proto udp: 1 datagram of 47 bytes" vnet2 22 1 47
brfwctl rule del vnet2 id 22

# --- src, dst -------------------------------------------------------------------
check "rule add vnet2 in id 30 src $V1 drop" brfwctl rule add vnet2 in id 30 src $V1 drop
check_fail "src vm1: vm1 cannot ping vm2" rule_ping1 1 $V2
check "src vm1: vm3 pings vm2" ping_ok 3 $V2
check "src vm1: the host pings vm2" ping_ok 0 $V2
rule_tcp 1 2 8080; check_eq "src vm1: TCP vm1 -> vm2 times out" 2 $?
brfwctl rule del vnet2 id 30
check "rule add vnet2 in id 31 src 10.0.0.8/29 drop" brfwctl rule add vnet2 in id 31 src 10.0.0.8/29 drop
check_eq "shows as src 10.0.0.8/29" "31 in src 10.0.0.8/29 drop" "$(rule_texts vnet2)"
check_fail "src 10.0.0.8/29: vm1 (.11) cannot ping vm2" rule_ping1 1 $V2
check_fail "src 10.0.0.8/29: vm3 (.13) cannot ping vm2" rule_ping1 3 $V2
check "src 10.0.0.8/29: the host (.1) pings vm2" ping_ok 0 $V2
check_rule_cnt "src prefix: 2 frames" vnet2 31 2 196
brfwctl rule del vnet2 id 31
check "rule add vnet2 in id 32 src $HOST_IP/32 drop" brfwctl rule add vnet2 in id 32 src $HOST_IP/32 drop
check_eq "a /32 shows as a host" "32 in src $HOST_IP drop" "$(rule_texts vnet2)"
check_fail "src host: the host cannot ping vm2 (LOCAL_OUT)" rule_ping1 0 $V2
check "src host: vm1 pings vm2" ping_ok 1 $V2
brfwctl rule del vnet2 id 32
check "rule add vnet2 out id 33 dst $HOST_IP drop" brfwctl rule add vnet2 out id 33 dst $HOST_IP drop
check_fail "out dst host: vm2 cannot ping the host" rule_ping1 2 $HOST_IP
check_fail "out dst host: the host gets no reply from vm2" rule_ping1 0 $V2
check "out dst host: vm2 pings vm3" ping_ok 2 $V3
check_rule_cnt "out dst host: 2 frames" vnet2 33 2 196
brfwctl rule del vnet2 id 33
check "rule add vnet2 in id 34 dst 10.0.0.12 drop" brfwctl rule add vnet2 in id 34 dst $V2 drop
check_fail "in dst vm2: vm1 cannot ping vm2" rule_ping1 1 $V2
check_fail "in dst vm2: the replies to vm2's pings are dropped too" rule_ping1 2 $V3
brfwctl rule del vnet2 id 34

# Default drop, accept rules.
check "port set vnet2 policy-in drop" brfwctl port set vnet2 policy-in drop
check "rule add vnet2 in id 35 src 10.0.0.8/30 accept" brfwctl rule add vnet2 in id 35 src 10.0.0.8/30 accept
check "src 10.0.0.8/30 accept: vm1 (.11) pings vm2" ping_ok 1 $V2
check_fail "src 10.0.0.8/30 accept: vm3 (.13) cannot (default drop)" rule_ping1 3 $V2
check_fail "src 10.0.0.8/30 accept: the host cannot (default drop)" rule_ping1 0 $V2
check_rule_cnt "accept rule: 1 frame" vnet2 35 1 98
brfwctl rule del vnet2 id 35
brfwctl port set vnet2 policy-in accept

# --- @set -----------------------------------------------------------------------
check "set add three $V3" brfwctl set add three $V3
check "rule add vnet2 in id 40 src @three drop" brfwctl rule add vnet2 in id 40 src @three drop
check_eq "shows as src @three" "40 in src @three drop" "$(rule_texts vnet2)"
check_fail "src @three: vm3 cannot ping vm2" rule_ping1 3 $V2
check "src @three: vm1 pings vm2" ping_ok 1 $V2
check "rule add vnet2 out id 41 dst @three drop" brfwctl rule add vnet2 out id 41 dst @three drop
check_fail "out dst @three: vm2 cannot ping vm3" rule_ping1 2 $V3
check "out dst @three: vm2 pings vm1" ping_ok 2 $V1
check_rule_cnt "dst @three: 1 frame" vnet2 41 1 98
brfwctl rule del vnet2 id 40
brfwctl rule del vnet2 id 41

# --- several matches: all must hold ----------------------------------------------
check "rule add vnet2 in id 50 proto icmp src $V1 drop" brfwctl rule add vnet2 in id 50 proto icmp src $V1 drop
check_fail "icmp from vm1: vm1 cannot ping vm2" rule_ping1 1 $V2
check "icmp from vm1: TCP vm1 -> vm2 passes" rule_tcp 1 2 8080
check "icmp from vm1: vm3 pings vm2" ping_ok 3 $V2
check "rule add vnet2 in id 51 src-mac (vm3) dst $V2 proto tcp drop" \
	brfwctl rule add vnet2 in id 51 src-mac "$(vm_mac 3)" dst $V2 proto tcp drop
rule_tcp 3 2 8080; check_eq "mac+dst+tcp: TCP vm3 -> vm2 times out" 2 $?
check "mac+dst+tcp: vm3 pings vm2" ping_ok 3 $V2
check "mac+dst+tcp: TCP vm1 -> vm2 passes" rule_tcp 1 2 8080
check_eq "rule show: canonical order of the fields" \
	"50 in proto icmp src $V1 drop
51 in src-mac $(vm_mac 3) proto tcp dst $V2 drop" "$(rule_texts vnet2)"
check_rule_cnt "icmp from vm1: 1 frame" vnet2 50 1 98

# A rule without matches matches everything.
check "rule add vnet2 in id 52 drop" brfwctl rule add vnet2 in id 52 drop
check_fail "empty match drop: the host cannot ping vm2" rule_ping1 0 $V2
check_rule_cnt "empty match drop: 1 frame" vnet2 52 1 98
check "port del vnet2" brfwctl port del vnet2
check "port del: the rules went with the policy" sh -c "! $BRFWCTL -j rule show | grep -q vnet2"
check "port del: the host pings vm2" ping_ok 0 $V2

t_done
