#!/bin/bash
# br_netfilter loaded or not, its sysctls on or off: brfw behaves the same
# and counts each frame once.
. "$(dirname "$0")/../lib.sh"
need ping "$BRFWCTL"
topo_up 3
modprobe br_netfilter 2>/dev/null || { echo "1..0 # SKIP no br_netfilter"; exit $ksft_skip; }

brfwctl port set vnet2 policy-in drop
brfwctl port set vnet3 policy-out drop
for mode in 0 1; do
	sysctl -qw net.bridge.bridge-nf-call-iptables=$mode \
		net.bridge.bridge-nf-call-arptables=$mode
	check_fail "nf-call=$mode: in drop holds" ping_ok 1 "$(vm_ip 2)"
	check_fail "nf-call=$mode: out drop holds" ping_ok 3 "$(vm_ip 1)"
	check "nf-call=$mode: vm1 reaches the host" ping_ok 1 $HOST_IP
	tcp_ok 1 2 8080; check_eq "nf-call=$mode: TCP to vm2 blocked" 2 $?
	p0=$(port_stat vnet3 in pass_packets)
	# vnet3 drops what vm3 sends: the 4 requests pass in, the replies die.
	check_fail "nf-call=$mode: vm3's replies are dropped" pings 1 "$(vm_ip 3)" 4
	check_eq "nf-call=$mode: each request counted once" 4 $(( $(port_stat vnet3 in pass_packets) - p0 ))
done
sysctl -qw net.bridge.bridge-nf-call-iptables=0 net.bridge.bridge-nf-call-arptables=0
t_done
