#!/bin/bash
# A policy dies with its port: device deletion and namespace deletion while
# traffic flows, a port leaving its bridge, a name re-used by a new device.
. "$(dirname "$0")/../lib.sh"
need ping "$BRFWCTL"
topo_up 4

for i in 1 2 3 4; do brfwctl port set vnet$i policy-in accept policy-out accept; done
brfwctl port set vnet2 policy-in drop
check_eq "four ports with a policy" 4 "$(port_count)"

# Flood pings across the ports while they disappear.
ip netns exec vm1 ping -i 0.02 -q -w 30 "$(vm_ip 2)" >/dev/null 2>&1 &
ip netns exec vm1 ping -i 0.02 -q -w 30 "$(vm_ip 3)" >/dev/null 2>&1 &
ip netns exec vm4 ping -i 0.02 -q -w 30 -b 10.0.0.255 >/dev/null 2>&1 &
sleep 1

check "delete port vnet2 under traffic" ip link del vnet2
check_err "vnet2's policy is gone" "does not exist" brfwctl port show vnet2
check_eq "three ports left" 3 "$(port_count)"

check "delete vm3's namespace under traffic" ip netns del vm3
# The veth dies with the namespace, asynchronously.
for _ in $(seq 50); do ip link show vnet3 >/dev/null 2>&1 || break; sleep 0.1; done
check_fail "vnet3 is gone" ip link show vnet3
check_eq "two ports left" 2 "$(port_count)"

check "vnet4 leaves the bridge" ip link set vnet4 nomaster
check_err "vnet4 has no policy once out of the bridge" "no brfw policy" brfwctl port show vnet4
check_eq "one port left" 1 "$(port_count)"
check "vnet4 joins again" ip link set vnet4 master br0
check_err "rejoining does not bring the policy back" "no brfw policy" brfwctl port show vnet4
kill $(jobs -p) 2>/dev/null; wait 2>/dev/null

# Name re-use: a new vnet2 starts with no policy and passes traffic.
ip netns del vm2
for _ in $(seq 50); do ip link show vnet2 >/dev/null 2>&1 || break; sleep 0.1; done
vm_add 2
neigh_static
check_err "new vnet2 starts with no policy" "no brfw policy" brfwctl port show vnet2
check "new vnet2 passes traffic" ping_ok 1 "$(vm_ip 2)"
check_eq "only vnet1 has a policy" vnet1 "$("$BRFWCTL" -j port show | $PY -c 'import json,sys; print(" ".join(p["port"] for p in json.load(sys.stdin)))')"

# Deleting the bridge removes every remaining policy.
brfwctl port set vnet2 policy-in drop
check "delete the bridge" ip link del br0
check_eq "no ports left after the bridge is gone" 0 "$(port_count)"

t_done
