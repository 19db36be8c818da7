#!/bin/bash
# Real IPv6 between spoof-checked ports: duplicate address detection (DAD
# NS from ::, MLD reports, with enhanced-DAD nonces), neighbour discovery
# and ping6 over link-local and global addresses, with no drop at all; DAD
# still detects a duplicate; an address outside the list does not work.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../pkt/pkt.sh"
need ping "$NETTEST" "$BRFWCTL" "$PY"
pkt_start
topo_up 2

# ipv6_on VM: IPv6 on eth0 without automatic addresses (fixed ones only).
ipv6_on() {
	ip netns exec vm$1 sysctl -qw net.ipv6.conf.default.addr_gen_mode=1 \
		net.ipv6.conf.eth0.addr_gen_mode=1 net.ipv6.conf.eth0.accept_ra=0 \
		net.ipv6.conf.all.disable_ipv6=0 net.ipv6.conf.eth0.disable_ipv6=0 \
		net.ipv6.conf.lo.disable_ipv6=0
}
# wait_dad VM: until DAD has finished on eth0: no address tentative, but
# for failed ones (which stay tentative); 10 s at most.
wait_dad() {
	end=$((SECONDS + 10))
	while [ $SECONDS -lt $end ]; do
		[ -z "$(ip -n vm$1 -6 addr show dev eth0 tentative | grep -v dadfailed | grep inet6)" ] &&
			return 0
		sleep 0.2
	done
	return 1
}
ping6_ok() { ip netns exec vm$1 ping -6 -c 1 -W 2 -q "$2" >/dev/null 2>&1; }

for i in 1 2; do
	check "port set vnet$i mac ip6 fe80::$i ip6 2001:db8::$i spoof-check on" \
		brfwctl port set vnet$i mac "$(vm_mac $i)" ip "$(vm_ip $i)" \
		ip6 fe80::$i ip6 2001:db8::$i spoof-check on
done
snap vnet1 vnet2
for i in 1 2; do
	ipv6_on $i
	ip -n vm$i -6 addr add fe80::$i/64 dev eth0
	ip -n vm$i -6 addr add 2001:db8::$i/64 dev eth0
done
check "vm1: DAD completes" wait_dad 1
check "vm2: DAD completes" wait_dad 2
check_eq "vm1: no dadfailed address" "" "$(ip -n vm1 -6 addr show dev eth0 dadfailed)"
check_eq "vm2: no dadfailed address" "" "$(ip -n vm2 -6 addr show dev eth0 dadfailed)"

check "vm1 ping6 vm2 (global)" ping6_ok 1 2001:db8::2
check "vm2 ping6 vm1 (global)" ping6_ok 2 2001:db8::1
check "vm1 ping6 vm2 (link-local)" ping6_ok 1 fe80::2%eth0
check "vm2 ping6 vm1 (link-local)" ping6_ok 2 fe80::1%eth0
check "vm1's neighbour entry for 2001:db8::2 is vm2's MAC" \
	test -n "$(ip -n vm1 -6 neigh show 2001:db8::2 | grep -i "$(vm_mac 2)")"
# Neighbour unreachability detection: forget and resolve again.
ip -n vm1 -6 neigh flush dev eth0
ip -n vm2 -6 neigh flush dev eth0
check "after a neighbour flush: vm2 ping6 vm1 (global)" ping6_ok 2 2001:db8::1
ip netns exec vm2 "$NETTEST" tcp-server 8080 4000 >/dev/null 2>&1 &
srv=$!
sleep 0.3
check "vm1 TCP to vm2 over IPv6" ip netns exec vm1 "$NETTEST" tcp-client 2001:db8::2 8080 2000
wait $srv
check_drops "real DAD, MLD, ND and pings: no drops on vnet1" vnet1
check_drops "real DAD, MLD, ND and pings: no drops on vnet2" vnet2

# DAD detects a duplicate: vm2 tries vm1's address.
ip -n vm2 -6 addr add 2001:db8::1/64 dev eth0
check "vm2: DAD of the duplicate finishes" wait_dad 2
check "vm2's copy of 2001:db8::1 failed DAD" \
	test -n "$(ip -n vm2 -6 addr show dev eth0 dadfailed | grep 2001:db8::1)"
check "vm1 still reaches vm2" ping6_ok 1 2001:db8::2
ip -n vm2 -6 addr del 2001:db8::1/64 dev eth0
check_drops "duplicate detection: no drops on vnet1" vnet1

# An address outside vm2's list: DAD passes, but the address is useless.
ip -n vm2 -6 addr add 2001:db8::22/64 dev eth0
check "vm2: DAD of 2001:db8::22 completes" wait_dad 2
check_fail "vm2 cannot ping6 vm1 from 2001:db8::22" \
	ip netns exec vm2 ping -6 -c 1 -W 1 -q -I 2001:db8::22 2001:db8::1
check_drops "its packets: spoof_ip or spoof_nd" vnet2 'spoof_ip+spoof_nd=>=1'
check_log "kernel log names vnet2 and spoof_ip or spoof_nd" vnet2 'spoof_(ip|nd)'

pkt_done
