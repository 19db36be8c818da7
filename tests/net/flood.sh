#!/bin/bash
# Broadcast and ARP flooding is filtered per output port: the bridge
# clones a flooded frame to every port and each clone gets its own port's
# verdict.
. "$(dirname "$0")/../lib.sh"
need ping "$BRFWCTL"
topo_up 4

brfwctl port set vnet2 policy-in drop
brfwctl port set vnet3 policy-in accept

# One ARP request from vm1, broadcast to every port.
ip -n vm1 neigh del "$(vm_ip 4)" dev eth0
r2=$(rx_packets 2); r3=$(rx_packets 3); r4=$(rx_packets 4)
d2=$(port_stat vnet2 in drop_packets); p3=$(port_stat vnet3 in pass_packets)
check "ARP resolution of vm4 works" ping_ok 1 "$(vm_ip 4)"
check_eq "vm2 (in drop) received nothing" 0 $(( $(rx_packets 2) - r2 ))
check_eq "vnet2 dropped the ARP request" 1 $(( $(port_stat vnet2 in drop_packets) - d2 ))
check_eq "vm3 (in accept) received the ARP request" 1 $(( $(rx_packets 3) - r3 ))
check_eq "vnet3 counted it as passed" 1 $(( $(port_stat vnet3 in pass_packets) - p3 ))
check_eq "vm4 (no policy) received request and echo" 2 $(( $(rx_packets 4) - r4 ))

# Broadcast ping: every VM but vm2 answers.
r2=$(rx_packets 2)
out=$(ip netns exec vm1 ping -b -c 1 -W 2 10.0.0.255 2>&1)
check "broadcast ping answered" test -n "$(echo "$out" | grep 'bytes from')"
check_eq "vm2 saw no broadcast" 0 $(( $(rx_packets 2) - r2 ))

# vm2 itself cannot flood when its out policy drops.
brfwctl port set vnet2 policy-in accept policy-out drop
ip -n vm2 neigh flush dev eth0
r1=$(rx_packets 1); r3=$(rx_packets 3)
check_fail "vm2 (out drop) cannot resolve vm1" ping_ok 2 "$(vm_ip 1)"
check_eq "vm1 saw none of vm2's ARP requests" 0 $(( $(rx_packets 1) - r1 ))
check_eq "vm3 saw none of vm2's ARP requests" 0 $(( $(rx_packets 3) - r3 ))
check "vm2's ARP requests were counted as dropped" \
	test "$(port_stat vnet2 out drop_packets)" -ge 1

t_done
