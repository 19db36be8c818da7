#!/bin/bash
# spoof-check, source IP: IPv4 and IPv6 sources must be in the port's lists
# (addresses or prefixes), fragments included; 0.0.0.0 only for a DHCP
# client; an empty list means no IP at all but that exception; lists are
# replaced by each set. Neighbours never see a dropped packet and the
# spoof_ip counter moves by exactly what was sent.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../pkt/pkt.sh"
need ping "$BRFWCTL" "$PY"
pkt_start
topo_up 3

check "port set vnet1 mac, two IPs, two IPv6, spoof-check on" \
	brfwctl port set vnet1 mac "$(vm_mac 1)" ip "$(vm_ip 1)" ip 10.0.0.50 \
	ip6 fe80::1 ip6 2001:db8::1 spoof-check on
check_json "JSON: both IPs" vnet1 \
	'sorted(str(x).split("/")[0] for x in p["ip"]) == ["10.0.0.11", "10.0.0.50"]'
check_json "JSON: both IPv6" vnet1 \
	'sorted(str(x).split("/")[0] for x in p["ip6"]) == ["2001:db8::1", "fe80::1"]'

learn_all
cap vm2 vm3 host
snap vnet1
U="UDP(sport=1000, dport=9)/Raw(b'x'*16)"
E12="Ether(src=mac(1), dst=mac(2))"

# --- IPv4 -------------------------------------------------------------------
tx vm1 "[$E12/IP(src='10.0.0.99', dst=ip(2))/$U]*3"
check_seen "IPv4 from an unlisted address: vm2 sees nothing" 0 vm2
check_drops "IPv4 from an unlisted address: spoof_ip +3" vnet1 spoof_ip=3

tx vm1 "[Ether(src=mac(1), dst=mac(3))/IP(src=ip(2), dst=ip(3))/ICMP()]*2"
check_seen "IPv4 from vm2's address: vm3 sees nothing" 0 vm3
check_drops "IPv4 from vm2's address: spoof_ip +2" vnet1 spoof_ip=2

tx vm1 "Ether(src=mac(1), dst=BC)/IP(src='10.0.0.99', dst='10.0.0.255')/$U"
check_none "IPv4 broadcast from an unlisted address: vm3, the host see nothing" vm3 host
check_drops "IPv4 broadcast from an unlisted address: spoof_ip +1" vnet1 spoof_ip=1

drain vm2
tx vm1 "[$E12/IP(src=ip(1), dst=ip(2))/$U, $E12/IP(src='10.0.0.50', dst=ip(2))/$U,
	$E12/IP(src=ip(1), dst=ip(2), options=[IPOption_NOP()]*3 + [IPOption_EOL()])/$U]"
check_seen "IPv4 from both listed addresses (and with IP options) reaches vm2" 3 vm2
check_drops "IPv4 from listed addresses: no drops" vnet1

# DHCP client exception: 0.0.0.0, UDP 68 -> 67 only.
DISC="BOOTP(chaddr=bytes.fromhex('020000000001'))/DHCP(options=[('message-type','discover'),'end'])"
tx vm1 "Ether(src=mac(1), dst=BC)/IP(src='0.0.0.0', dst='255.255.255.255')/UDP(sport=68, dport=67)/$DISC"
check_seen "DHCP discover from 0.0.0.0 reaches vm2" 1 vm2
check_drops "DHCP discover from 0.0.0.0: no drops" vnet1
tx vm1 "[Ether(src=mac(1), dst=BC)/IP(src='0.0.0.0', dst='255.255.255.255')/UDP(sport=68, dport=68)/$DISC,
	Ether(src=mac(1), dst=BC)/IP(src='0.0.0.0', dst='255.255.255.255')/UDP(sport=1000, dport=67)/$DISC,
	Ether(src=mac(1), dst=mac(2))/IP(src='0.0.0.0', dst=ip(2))/ICMP(),
	Ether(src=mac(1), dst=mac(2))/IP(src='0.0.0.0', dst=ip(2))/TCP(sport=68, dport=67)]"
check_seen "other traffic from 0.0.0.0: vm2 sees nothing" 0 vm2
check_drops "other traffic from 0.0.0.0: spoof_ip +4" vnet1 spoof_ip=4

# Fragments: every fragment carries the source.
tx vm1 "fragment($E12/IP(src='10.0.0.99', dst=ip(2))/UDP(dport=9)/Raw(b'f'*2000), fragsize=800)"
check_seen "3 IPv4 fragments from an unlisted address: vm2 sees nothing" 0 vm2
check_drops "3 IPv4 fragments from an unlisted address: spoof_ip +3" vnet1 spoof_ip=3
tx vm1 "$E12/IP(src='10.0.0.99', dst=ip(2), proto=17, id=77, frag=100)/Raw(b'f'*64)"
check_seen "a lone non-first fragment from an unlisted address: vm2 sees nothing" 0 vm2
check_drops "a lone non-first fragment: spoof_ip +1" vnet1 spoof_ip=1
tx vm1 "fragment($E12/IP(src=ip(1), dst=ip(2))/UDP(dport=9)/Raw(b'f'*2000), fragsize=800)"
check_seen "3 IPv4 fragments from the own address reach vm2" 3 vm2
check_drops "own fragments: no drops" vnet1

# Real traffic from both addresses.
ip -n vm1 addr add 10.0.0.50/24 dev eth0
check "vm1 pings vm2 from 10.0.0.11" ping_ok 1 "$(vm_ip 2)"
check "vm1 pings vm2 from 10.0.0.50" ip netns exec vm1 ping -c 2 -W 5 -q -I 10.0.0.50 "$(vm_ip 2)"
ip -n vm1 addr add 10.0.0.77/24 dev eth0
check_fail "vm1 cannot ping vm2 from the unlisted 10.0.0.77" \
	ip netns exec vm1 ping -c 1 -W 1 -q -I 10.0.0.77 "$(vm_ip 2)"
check_drops "that echo request: spoof_ip +1" vnet1 spoof_ip=1
check_log "kernel log names vnet1 and spoof_ip" vnet1 spoof_ip

# A prefix, and replacement of the list.
check "port set vnet1 ip 10.1.0.0/28 ip 10.0.0.11" brfwctl port set vnet1 ip 10.1.0.0/28 ip "$(vm_ip 1)"
check_json "JSON: the prefix is listed" vnet1 '"10.1.0.0/28" in [str(x) for x in p["ip"]]'
check_json "JSON: 10.0.0.50 is gone" vnet1 'not any("10.0.0.50" in str(x) for x in p["ip"])'
drain vm2
tx vm1 "[$E12/IP(src=s, dst=ip(2))/$U for s in ('10.1.0.0', '10.1.0.5', '10.1.0.15', '10.0.0.11')]"
check_seen "sources inside 10.1.0.0/28 and 10.0.0.11 reach vm2" 4 vm2
check_drops "inside the prefix: no drops" vnet1
tx vm1 "[$E12/IP(src=s, dst=ip(2))/$U for s in ('10.1.0.16', '10.0.255.255', '10.0.0.50')]"
check_seen "outside the prefix, and the replaced 10.0.0.50: vm2 sees nothing" 0 vm2
check_drops "outside the prefix: spoof_ip +3" vnet1 spoof_ip=3
check_fail "vm1 cannot ping vm2 from 10.0.0.50 any more" \
	ip netns exec vm1 ping -c 1 -W 1 -q -I 10.0.0.50 "$(vm_ip 2)"
check_drops "that echo request: spoof_ip +1" vnet1 spoof_ip=1

# An empty list: no IPv4 but the DHCP client.
check "port set vnet1 ip none" brfwctl port set vnet1 ip none
check_json "JSON: ip list empty, ip6 kept" vnet1 'p["ip"] == [] and len(p["ip6"]) == 2'
check_fail "ip none: vm1 cannot ping vm2" ping1 1 "$(vm_ip 2)"
check_drops "ip none: the echo request is spoof_ip" vnet1 spoof_ip=1
drain vm2
tx vm1 "Ether(src=mac(1), dst=BC)/IP(src='0.0.0.0', dst='255.255.255.255')/UDP(sport=68, dport=67)/$DISC"
check_seen "ip none: the DHCP discover still reaches vm2" 1 vm2
check_drops "ip none: DHCP discover not dropped" vnet1
tx vm1 "[Ether(src=mac(1), dst=BC)/ARP(hwsrc=mac(1), psrc='0.0.0.0', pdst=ip(1)), Ether(src=mac(1), dst=BC)/ARP(hwsrc=mac(1), psrc=ip(1), pdst=ip(2))]"
check_seen "ip none: an ARP probe from 0.0.0.0 reaches vm2, an ARP from 10.0.0.11 does not" 1 vm2 'ARP in p'
check_drops "ip none: the ARP from 10.0.0.11 is spoof_arp" vnet1 spoof_arp=1
brfwctl port set vnet1 ip "$(vm_ip 1)"
check "list back: vm1 pings vm2" ping_ok 1 "$(vm_ip 2)"

# --- IPv6 (crafted; the VMs' IPv6 stacks stay off) ---------------------------
drain vm2
tx vm1 "[$E12/IPv6(src=s, dst='2001:db8::2')/$U for s in ('2001:db8::99', '2001:db8::2', 'fe80::99', '2001:db9::1')]"
check_seen "IPv6 from unlisted addresses: vm2 sees nothing" 0 vm2
check_drops "IPv6 from unlisted addresses: spoof_ip +4" vnet1 spoof_ip=4
tx vm1 "[$E12/IPv6(src=s, dst='2001:db8::2')/$U for s in ('2001:db8::1', 'fe80::1')] +
	[$E12/IPv6(src='2001:db8::1', dst='2001:db8::2')/IPv6ExtHdrHopByHop()/IPv6ExtHdrDestOpt()/$U]"
check_seen "IPv6 from both listed addresses (and with extension headers) reaches vm2" 3 vm2
check_drops "IPv6 from listed addresses: no drops" vnet1
tx vm1 "[$E12/IPv6(src='::', dst='2001:db8::2')/$U, $E12/IPv6(src='::', dst='2001:db8::2')/ICMPv6EchoRequest()]"
check_seen "UDP and echo from ::: vm2 sees nothing" 0 vm2
check_drops "UDP and echo from ::: spoof_ip +2" vnet1 spoof_ip=2
tx vm1 "$E12/IPv6(src='2001:db8::99', dst='2001:db8::2')/IPv6ExtHdrHopByHop()/IPv6ExtHdrDestOpt()/$U"
check_seen "IPv6 with extension headers from an unlisted address: vm2 sees nothing" 0 vm2
check_drops "with extension headers: spoof_ip +1" vnet1 spoof_ip=1
tx vm1 "fragment6($E12/IPv6(src='2001:db8::99', dst='2001:db8::2')/IPv6ExtHdrFragment(id=5)/UDP(dport=9)/Raw(b'f'*2000), 800)"
check_seen "3 IPv6 fragments from an unlisted address: vm2 sees nothing" 0 vm2
check_drops "3 IPv6 fragments from an unlisted address: spoof_ip +3" vnet1 spoof_ip=3
tx vm1 "fragment6($E12/IPv6(src='2001:db8::1', dst='2001:db8::2')/IPv6ExtHdrFragment(id=6)/UDP(dport=9)/Raw(b'f'*2000), 800)"
check_seen "3 IPv6 fragments from the own address reach vm2" 3 vm2
check_drops "own IPv6 fragments: no drops" vnet1

check "port set vnet1 ip6 2001:db8:1::/64" brfwctl port set vnet1 ip6 2001:db8:1::/64
check_json "JSON: ip6 replaced by the prefix" vnet1 '[str(x) for x in p["ip6"]] == ["2001:db8:1::/64"]'
tx vm1 "[$E12/IPv6(src=s, dst='2001:db8::2')/$U for s in ('2001:db8:1::5', '2001:db8:1:0:ffff:ffff:ffff:ffff')]"
check_seen "sources inside 2001:db8:1::/64 reach vm2" 2 vm2
tx vm1 "[$E12/IPv6(src=s, dst='2001:db8::2')/$U for s in ('2001:db8:1:1::5', '2001:db8::1', 'fe80::1')]"
check_seen "outside the prefix, and the replaced addresses: vm2 sees nothing" 0 vm2
check_drops "outside the prefix: spoof_ip +3" vnet1 spoof_ip=3

check "port set vnet1 ip6 none" brfwctl port set vnet1 ip6 none
check_json "JSON: ip6 list empty, ip kept" vnet1 'p["ip6"] == [] and len(p["ip"]) == 1'
tx vm1 "[$E12/IPv6(src=s, dst='2001:db8::2')/$U for s in ('fe80::1', '2001:db8:1::5')]"
check_seen "ip6 none: vm2 sees no IPv6" 0 vm2
check_drops "ip6 none: spoof_ip +2" vnet1 spoof_ip=2
# DAD and MLD from :: still pass (spoof-nd.sh has the details).
tx vm1 "[Ether(src=mac(1), dst='33:33:ff:00:00:01')/IPv6(src='::', dst='ff02::1:ff00:1', hlim=255)/ICMPv6ND_NS(tgt='2001:db8::1'),
	Ether(src=mac(1), dst='33:33:00:00:00:16')/IPv6(src='::', dst='ff02::16', hlim=1)/IPv6ExtHdrHopByHop(options=[RouterAlert()])/ICMPv6MLReport2(records=[ICMPv6MLDMultAddrRec(dst='ff02::1:ff00:1')])]"
check_seen "ip6 none: DAD NS and MLD report from :: reach vm2" 2 vm2
check_drops "ip6 none: DAD and MLD not dropped" vnet1

pkt_done
