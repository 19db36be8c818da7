#!/bin/bash
# Default policies per port and per direction, seen with real traffic
# (ICMP, TCP, UDP), host traffic included; neighbours are untouched and
# counters equal what was sent.
. "$(dirname "$0")/../lib.sh"
need ping "$NETTEST" "$BRFWCTL"
topo_up 3

check "no policy: vm1 pings vm2" ping_ok 1 "$(vm_ip 2)"
check "no policy: vm1 TCP to vm2" tcp_ok 1 2 8080
check "no policy: vm1 UDP to vm2" udp_ok 1 2 5353

# vm2 drops everything sent to it.
check "port set vnet2 policy-in drop" brfwctl port set vnet2 policy-in drop
check_eq "vnet2 policy_in is drop" drop "$(port_field vnet2 policy_in)"
check_eq "vnet2 policy_out defaults to accept" accept "$(port_field vnet2 policy_out)"
check_fail "in drop: vm1 cannot ping vm2" ping_ok 1 "$(vm_ip 2)"
tcp_ok 1 2 8080; check_eq "in drop: TCP to vm2 times out" 2 $?
udp_ok 1 2 5353; check_eq "in drop: UDP to vm2 times out" 2 $?
check_fail "in drop: the host cannot ping vm2" ping_ok 0 "$(vm_ip 2)"
check "neighbour unaffected: vm1 pings vm3" ping_ok 1 "$(vm_ip 3)"
check "neighbour unaffected: vm3 TCP to vm1" tcp_ok 3 1 8080
check "neighbour unaffected: the host pings vm3" ping_ok 0 "$(vm_ip 3)"

# Counters: 5 echo requests to vm2 are 5 dropped frames of 98 bytes
# (14 Ethernet + 20 IP + 8 ICMP + 56 data).
brfwctl port set vnet2 policy-in drop  # a replace keeps the counters
d0=$(port_stat vnet2 in drop_packets); b0=$(port_stat vnet2 in drop_bytes)
pings 1 "$(vm_ip 2)" 5
d1=$(port_stat vnet2 in drop_packets); b1=$(port_stat vnet2 in drop_bytes)
check_eq "5 pings: in drop_packets +5" 5 $((d1 - d0))
check_eq "5 pings: in drop_bytes +490" 490 $((b1 - b0))
check_eq "nothing passed in to vm2" 0 "$(port_stat vnet2 in pass_packets)"

# Direction out: vm2 may receive but not send.
check "port set vnet2 policy-in accept policy-out drop" \
	brfwctl port set vnet2 policy-in accept policy-out drop
o0=$(port_stat vnet2 out drop_packets); i0=$(port_stat vnet2 in pass_packets)
check_fail "out drop: vm1's ping gets no reply from vm2" ping_ok 1 "$(vm_ip 2)"
check_eq "out drop: the request went in" 1 $(( $(port_stat vnet2 in pass_packets) - i0 ))
check_eq "out drop: the reply was dropped" 1 $(( $(port_stat vnet2 out drop_packets) - o0 ))
check_fail "out drop: vm2 cannot reach the host" ping_ok 2 $HOST_IP
tcp_ok 2 3 8080; check_eq "out drop: vm2 TCP to vm3 times out" 2 $?
udp_ok 2 1 5353; check_eq "out drop: vm2 UDP to vm1 times out" 2 $?
check "neighbours still talk: vm3 UDP to vm1" udp_ok 3 1 5353

# Both accept again: traffic passes and is counted as passed.
check "port set vnet2 policy-out accept" brfwctl port set vnet2 policy-out accept
pi0=$(port_stat vnet2 in pass_packets); po0=$(port_stat vnet2 out pass_packets)
check "accept: vm1 pings vm2 3 times" pings 1 "$(vm_ip 2)" 3
check_eq "accept: in pass_packets +3" 3 $(( $(port_stat vnet2 in pass_packets) - pi0 ))
check_eq "accept: out pass_packets +3" 3 $(( $(port_stat vnet2 out pass_packets) - po0 ))
check "accept: TCP both ways" tcp_ok 2 1 8080
check "accept: UDP both ways" udp_ok 1 2 5353

# Two ports with policies at once, in opposite directions.
brfwctl port set vnet1 policy-out drop
brfwctl port set vnet3 policy-in drop
check_fail "vm1 out drop: vm1 cannot reach vm2" ping_ok 1 "$(vm_ip 2)"
check_fail "vm3 in drop: vm2 cannot reach vm3" ping_ok 2 "$(vm_ip 3)"
check "vm2 still reaches the host" ping_ok 2 $HOST_IP
check "port del vnet1" brfwctl port del vnet1
check "policy gone: vm1 reaches vm2" ping_ok 1 "$(vm_ip 2)"
check_err "port show vnet1 after del" "no brfw policy" brfwctl port show vnet1
check_eq "two ports left" 2 "$(port_count)"

t_done
