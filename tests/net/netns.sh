#!/bin/bash
# Hooks and policies are per network namespace: a hypervisor namespace
# sees and filters only its own ports, and its death frees its policies.
. "$(dirname "$0")/../lib.sh"
need ping "$BRFWCTL"
topo_up 2

# A second "hypervisor" namespace hv with its own bridge and two VMs.
ip netns add hv
hv() { ip netns exec hv "$@"; }
hv sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
hv ip link add br0 type bridge stp_state 0
hv ip link set br0 up
for i in 1 2; do
	ip netns add hv-vm$i
	ip netns exec hv-vm$i sysctl -qw net.ipv6.conf.all.disable_ipv6=1
	hv ip link add vnet$i type veth peer name eth0 netns hv-vm$i
	ip -n hv-vm$i addr add 10.1.0.$((10 + i))/24 dev eth0
	ip -n hv-vm$i link set eth0 up
	hv ip link set vnet$i master br0 up
done
hvping() { ip netns exec hv-vm1 ping -c 1 -W 2 -q 10.1.0.12 >/dev/null 2>&1; }

check "hv: vm1 pings vm2" hvping
brfwctl port set vnet2 policy-in drop
check "root: vnet2 drops" sh -c "! ip netns exec vm1 ping -c1 -W1 -q $(vm_ip 2) >/dev/null"
check "hv: the same name in another namespace is untouched" hvping
check_eq "hv: brfwctl sees no ports there" 0 "$(hv "$BRFWCTL" -j port show | $PY -c 'import json,sys; print(len(json.load(sys.stdin)))')"

check "hv: port set vnet2 policy-in drop" hv "$BRFWCTL" port set vnet2 policy-in drop
check_fail "hv: vm1 cannot reach vm2" hvping
check "hv: port set vnet1 policy-out accept" hv "$BRFWCTL" port set vnet1 policy-out accept
check_eq "root still has exactly one port" 1 "$(port_count)"
check_eq "hv has two ports" 2 "$(hv "$BRFWCTL" -j port show | $PY -c 'import json,sys; print(len(json.load(sys.stdin)))')"
brfwctl port del vnet2
check "root: del affects root only" ping_ok 1 "$(vm_ip 2)"
check_fail "hv: still dropping" hvping

# Tear the hypervisor namespace down with policies and traffic in it.
ip netns exec hv-vm1 ping -i 0.02 -q -w 10 10.1.0.12 >/dev/null 2>&1 &
sleep 0.5
check "delete the hv namespace with live policies" ip netns del hv
kill %1 2>/dev/null; wait 2>/dev/null
ip netns del hv-vm1; ip netns del hv-vm2
sleep 1
check "root unaffected" ping_ok 1 "$(vm_ip 2)"
# Many namespaces created and destroyed with the module loaded.
for i in $(seq 20); do
	ip netns add churn$i
	ip -n churn$i link add br0 type bridge
	ip -n churn$i link add p type veth peer name q
	ip -n churn$i link set p master br0
	ip netns exec churn$i "$BRFWCTL" port set p policy-in drop >/dev/null
done
for i in $(seq 20); do ip netns del churn$i; done
check "20 namespaces with policies created and destroyed" ping_ok 2 "$(vm_ip 1)"
t_done
