#!/bin/bash
# spoof-check, ARP: the sender MAC must be the port's MAC (and the Ethernet
# source), the sender IP in the list; 0.0.0.0 is allowed for probes and a
# gratuitous ARP for an own address passes. Truncated ARP is malformed.
# Then real ARP: resolution both ways, and a VM with two addresses reaches
# its neighbours from both.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../pkt/pkt.sh"
need ping "$BRFWCTL" "$PY"
pkt_start
topo_up 3

check "port set vnet1 mac ip spoof-check on" \
	brfwctl port set vnet1 mac "$(vm_mac 1)" ip "$(vm_ip 1)" spoof-check on
learn_all
cap vm2 vm3 host
snap vnet1
EB="Ether(src=mac(1), dst=BC)"
ROGUE=02:00:00:00:00:99

# Poisoning: vm1 claims vm3's address, to vm2 and to everyone.
tx vm1 "[Ether(src=mac(1), dst=mac(2))/ARP(op=2, hwsrc=mac(1), psrc=ip(3), hwdst=mac(2), pdst=ip(2)),
	$EB/ARP(op=1, hwsrc=mac(1), psrc=ip(3), pdst=ip(3)),
	$EB/ARP(op=2, hwsrc=mac(1), psrc=ip(3), hwdst=BC, pdst=ip(3)),
	$EB/ARP(op=1, hwsrc=mac(1), psrc='10.0.0.99', pdst=ip(2))]"
check_none "ARP with a foreign sender IP: vm2, vm3, the host see nothing" vm2 vm3 host
check_drops "ARP with a foreign sender IP: spoof_arp +4" vnet1 spoof_arp=4

# The sender MAC is not vm1's (Ethernet source is).
tx vm1 "[$EB/ARP(op=1, hwsrc='$ROGUE', psrc=ip(1), pdst=ip(2)),
	$EB/ARP(op=1, hwsrc=mac(2), psrc=ip(1), pdst=ip(3)),
	Ether(src=mac(1), dst=mac(2))/ARP(op=2, hwsrc=HOST_MAC, psrc=ip(1), hwdst=mac(2), pdst=ip(2)),
	$EB/ARP(op=1, hwsrc='$ROGUE', psrc='0.0.0.0', pdst=ip(1))]"
check_none "ARP with a foreign sender MAC: vm2, vm3 see nothing" vm2 vm3
check_drops "ARP with a foreign sender MAC: spoof_arp +4" vnet1 spoof_arp=4

# The Ethernet source is not vm1's but the ARP sender is.
tx vm1 "Ether(src='$ROGUE', dst=BC)/ARP(op=1, hwsrc=mac(1), psrc=ip(1), pdst=ip(2))"
check_seen "ARP whose Ethernet source differs: vm2 sees nothing" 0 vm2
check_drops "ARP whose Ethernet source differs: dropped once (spoof_mac or spoof_arp)" \
	vnet1 spoof_mac+spoof_arp=1
check_log "kernel log names vnet1 and spoof_arp" vnet1 spoof_arp

# Allowed: probe from 0.0.0.0, gratuitous ARP (request and reply), plain
# request and reply.
tx vm1 "[$EB/ARP(op=1, hwsrc=mac(1), psrc='0.0.0.0', hwdst='00:00:00:00:00:00', pdst=ip(1)),
	$EB/ARP(op=1, hwsrc=mac(1), psrc=ip(1), hwdst='00:00:00:00:00:00', pdst=ip(1)),
	$EB/ARP(op=2, hwsrc=mac(1), psrc=ip(1), hwdst=BC, pdst=ip(1)),
	$EB/ARP(op=1, hwsrc=mac(1), psrc=ip(1), pdst=ip(3)),
	Ether(src=mac(1), dst=mac(2))/ARP(op=2, hwsrc=mac(1), psrc=ip(1), hwdst=mac(2), pdst=ip(2))]"
check_seen "probe, 2 gratuitous, request, reply: vm2 sees all 5" 5 vm2 'ARP in p'
check_seen "vm3 sees the 4 broadcast ones" 4 vm3 'ARP in p'
check_seen "the host sees the 4 broadcast ones" 4 host 'ARP in p'
check_drops "legitimate ARP: no drops" vnet1

# Truncated ARP (no padding: the frame ends inside the ARP body).
tx vm1 "[Ether(src=mac(1), dst=BC, type=0x0806)/Raw(bytes(ARP(op=1, hwsrc=mac(1), psrc=ip(1), pdst=ip(2)))[:n]) for n in (6, 8, 20, 27)]"
check_seen "truncated ARP: vm2 sees nothing" 0 vm2
check_drops "4 truncated ARP: malformed +4" vnet1 malformed=4
tx vm1 "Ether(src=mac(1), dst=BC, type=0x0806)/Raw(bytes.fromhex('0001 0800 08 04 0001 0200000000010000 0a00000b 0000000000000000 0a00000c'))"
check_seen "ARP with hwlen 8: vm2 sees nothing" 0 vm2
check_drops "ARP with hwlen 8: dropped once (malformed or spoof_arp)" vnet1 malformed+spoof_arp=1

# Real ARP both ways.
ip -n vm1 neigh del "$(vm_ip 2)" dev eth0
ip -n vm2 neigh del "$(vm_ip 1)" dev eth0
check "vm1 resolves and pings vm2" ping_ok 1 "$(vm_ip 2)"
ip -n vm1 neigh del "$(vm_ip 2)" dev eth0
ip -n vm2 neigh del "$(vm_ip 1)" dev eth0
check "vm2 resolves and pings vm1" ping_ok 2 "$(vm_ip 1)"
check "vm1's neighbour entry for vm2 is vm2's MAC" \
	test -n "$(ip -n vm1 neigh show "$(vm_ip 2)" | grep -i "$(vm_mac 2)")"

# Two addresses: both reach the neighbours.
check "port set vnet1 ip 10.0.0.11 ip 10.0.0.50" brfwctl port set vnet1 ip "$(vm_ip 1)" ip 10.0.0.50
ip -n vm1 addr add 10.0.0.50/24 dev eth0
for i in 2 3; do
	ip -n vm1 neigh del "$(vm_ip $i)" dev eth0
	ip -n vm$i neigh del "$(vm_ip 1)" dev eth0
done
check "from 10.0.0.50: vm1 resolves and pings vm2" \
	ip netns exec vm1 ping -c 1 -W 2 -q -I 10.0.0.50 "$(vm_ip 2)"
check "from 10.0.0.11: vm1 resolves and pings vm3" ping_ok 1 "$(vm_ip 3)"
check "vm3 resolves and pings 10.0.0.50" ping_ok 3 10.0.0.50
check "vm2 resolves and pings 10.0.0.11" ping_ok 2 "$(vm_ip 1)"
check "vm2's entry for 10.0.0.50 is vm1's MAC" \
	test -n "$(ip -n vm2 neigh show 10.0.0.50 | grep -i "$(vm_mac 1)")"
check_drops "real ARP from two addresses: no drops" vnet1

# An address vm1 has but the list has not: it cannot resolve from it.
ip -n vm1 addr add 10.0.0.77/24 dev eth0
ip -n vm1 neigh del "$(vm_ip 3)" dev eth0
drain vm3
check_fail "from the unlisted 10.0.0.77: vm1 cannot reach vm3" \
	ip netns exec vm1 ping -c 1 -W 1 -q -I 10.0.0.77 "$(vm_ip 3)"
check_seen "vm3 saw nothing from 10.0.0.77" 0 vm3 \
	'(ARP in p and p[ARP].psrc == "10.0.0.77") or (IP in p and p[IP].src == "10.0.0.77")'
# ARP requests (spoof_arp); an echo request too (spoof_ip) if vm3's ARP
# probes for its own entries taught vm1 vm3's MAC in the meantime.
check_drops "its ARP requests: spoof_arp (and spoof_ip)" vnet1 'spoof_arp+spoof_ip=>=1'

pkt_done
