#!/bin/bash
# spoof-check, layer 2: EtherTypes other than IPv4, IPv6 and ARP are
# dropped (ethertype); tagged frames (802.1Q, 802.1ad, stacked) only for
# permitted VLANs (vlan), and a permitted one still gets the inner checks;
# tagged frames toward a port that may not use the VLAN are dropped too;
# headers that do not parse are dropped (malformed).
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../pkt/pkt.sh"
need "$BRFWCTL" "$PY"
pkt_start
topo_up 3

check "port set vnet1 mac ip ip6 spoof-check on" \
	brfwctl port set vnet1 mac "$(vm_mac 1)" ip "$(vm_ip 1)" ip6 fe80::1 spoof-check on
check "port set vnet3 mac ip spoof-check on (no VLANs)" \
	brfwctl port set vnet3 mac "$(vm_mac 3)" ip "$(vm_ip 3)" spoof-check on
learn_all
cap vm2 vm3 host
snap vnet1 vnet3
E12="Ether(src=mac(1), dst=mac(2))"
EB="Ether(src=mac(1), dst=BC)"
E4="Ether(src=mac(1), dst=mac(2), type=0x0800)"
E6="Ether(src=mac(1), dst=mac(2), type=0x86dd)"
IP4="IP(src=ip(1), dst=ip(2))/UDP(sport=1000, dport=9)/Raw(b'x'*20)"
IP4B="IP(src=ip(1), dst='10.0.0.255')/UDP(sport=1000, dport=9)/Raw(b'x'*20)"

# --- EtherType ---------------------------------------------------------------
tx vm1 "[Ether(src=mac(1), dst=mac(2), type=0x88b5)/Raw(b'x'*46),
	Ether(src=mac(1), dst=BC, type=0x88b6)/Raw(b'x'*46),
	Ether(src=mac(1), dst=mac(2), type=0x8137)/Raw(b'x'*46),
	Ether(src=mac(1), dst=BC, type=0x8863)/Raw(b'x'*46),
	Ether(src=mac(1), dst=mac(2), type=0x0030)/LLC(dsap=0xaa, ssap=0xaa, ctrl=3)/SNAP(OUI=0, code=0x0800)/$IP4]"
check_none "0x88b5, 0x88b6, IPX, PPPoE, 802.3/SNAP: vm2, vm3 see nothing" vm2 vm3
check_drops "5 frames of other EtherTypes: ethertype +5" vnet1 ethertype=5
check_log "kernel log names vnet1 and ethertype" vnet1 ethertype

# --- VLAN, none permitted ------------------------------------------------------
check_json "JSON: no VLANs by default" vnet1 'p["vlans"] == []'
tx vm1 "[Ether(src=mac(1), dst=mac(2))/Dot1Q(vlan=100)/$IP4,
	Ether(src=mac(1), dst=mac(2))/Dot1AD(vlan=100)/$IP4,
	Ether(src=mac(1), dst=mac(2))/Dot1AD(vlan=100)/Dot1Q(vlan=100)/$IP4,
	Ether(src=mac(1), dst=BC)/Dot1Q(vlan=100)/ARP(hwsrc=mac(1), psrc=ip(1), pdst=ip(2))]"
check_seen "tagged frames without permitted VLANs: vm2 sees nothing" 0 vm2
check_drops "802.1Q, 802.1ad, double tag, tagged ARP: vlan +4" vnet1 vlan=4
check_log "kernel log names vnet1 and vlan" vnet1 vlan

# --- VLAN 100 and 200 permitted -----------------------------------------------
check "port set vnet1 vlan 100,200" brfwctl port set vnet1 vlan 100,200
check_json "JSON: vlans [100, 200]" vnet1 'sorted(p["vlans"]) == [100, 200]'
drain vm2
tx vm1 "[Ether(src=mac(1), dst=mac(2))/Dot1Q(vlan=100)/$IP4,
	Ether(src=mac(1), dst=mac(2))/Dot1Q(vlan=200)/IPv6(src='fe80::1', dst='fe80::2')/UDP(dport=9),
	Ether(src=mac(1), dst=BC)/Dot1Q(vlan=200)/ARP(hwsrc=mac(1), psrc=ip(1), pdst=ip(2)),
	Ether(src=mac(1), dst=mac(2))/Dot1AD(vlan=100)/$IP4,
	Ether(src=mac(1), dst=mac(2))/Dot1AD(vlan=100)/Dot1Q(vlan=200)/$IP4,
	Ether(src=mac(1), dst=BC)/Dot1Q(vlan=100)/IP(src='0.0.0.0', dst='255.255.255.255')/UDP(sport=68, dport=67)/BOOTP()]"
check_seen "permitted VLANs, legitimate inner frames: vm2 sees all 6" 6 vm2 \
	'(Dot1Q in p or Dot1AD in p) and p[Dot1Q if Dot1Q in p else Dot1AD].vlan in (100, 200)'
check_drops "permitted VLANs: no drops" vnet1
tx vm1 "[Ether(src=mac(1), dst=mac(2))/Dot1Q(vlan=300)/$IP4,
	Ether(src=mac(1), dst=mac(2))/Dot1AD(vlan=300)/$IP4,
	Ether(src=mac(1), dst=mac(2))/Dot1AD(vlan=300)/Dot1Q(vlan=100)/$IP4,
	Ether(src=mac(1), dst=mac(2))/Dot1AD(vlan=100)/Dot1Q(vlan=300)/$IP4,
	Ether(src=mac(1), dst=mac(2))/Dot1Q(vlan=100)/Dot1Q(vlan=300)/$IP4]"
check_seen "unpermitted VID (alone, outer or inner): vm2 sees nothing" 0 vm2
check_drops "unpermitted VID x5: vlan +5" vnet1 vlan=5

# Inner checks inside a permitted VLAN.
tx vm1 "[Ether(src=mac(1), dst=mac(2))/Dot1Q(vlan=100)/IP(src='10.0.0.99', dst=ip(2))/UDP(dport=9),
	Ether(src=mac(1), dst=mac(2))/Dot1AD(vlan=100)/Dot1Q(vlan=200)/IP(src='10.0.0.99', dst=ip(2))/UDP(dport=9),
	Ether(src=mac(1), dst=mac(2))/Dot1Q(vlan=200)/IPv6(src='fe80::99', dst='fe80::2')/UDP(dport=9)]"
check_drops "spoofed inner source in a permitted VLAN: spoof_ip +3" vnet1 spoof_ip=3
tx vm1 "Ether(src=mac(1), dst=BC)/Dot1Q(vlan=100)/ARP(hwsrc=mac(1), psrc=ip(2), pdst=ip(2))"
check_drops "spoofed inner ARP: spoof_arp +1" vnet1 spoof_arp=1
tx vm1 "Ether(src=mac(1), dst='33:33:00:00:00:01')/Dot1Q(vlan=100)/IPv6(src='fe80::1', dst='ff02::1', hlim=255)/ICMPv6ND_RA()"
check_drops "inner RA: ra_guard +1" vnet1 ra_guard=1
tx vm1 "Ether(src=mac(1), dst=BC)/Dot1Q(vlan=100)/IP(src=ip(1), dst='255.255.255.255')/UDP(sport=67, dport=68)/BOOTP(op=2)"
check_drops "inner DHCP server reply: dhcp_guard +1" vnet1 dhcp_guard=1
tx vm1 "Ether(src=mac(1), dst=mac(2))/Dot1Q(vlan=200, type=0x88b5)/Raw(b'x'*46)"
check_drops "inner EtherType 0x88b5: ethertype +1" vnet1 ethertype=1
tx vm1 "Ether(src=mac(1), dst=mac(2))/Dot1Q(vlan=200, type=0x0800)/Raw(bytes(IP(src=ip(1), dst=ip(2)))[:12])"
check_drops "inner truncated IPv4: malformed +1" vnet1 malformed=1
check_seen "inner checks: vm2 saw none of these" 0 vm2

# Toward a port: vnet3 may not use VLAN 100, vm2 (no policy) may. (brfw
# applies a port's VLAN list to frames toward it when spoof-check is on.)
drain vm2 vm3
snap vnet3
tx vm1 "Ether(src=mac(1), dst=BC)/Dot1Q(vlan=100)/$IP4B"
check_seen "tagged broadcast: vm2 (no policy) sees it" 1 vm2
check_seen "tagged broadcast: vm3 (no VLANs) does not" 0 vm3
check_drops "vnet3: vlan +1" vnet3 vlan=1
check "port set vnet3 vlan 100" brfwctl port set vnet3 vlan 100
tx vm1 "Ether(src=mac(1), dst=BC)/Dot1Q(vlan=100)/$IP4B"
check_seen "vnet3 with VLAN 100: vm3 sees it" 1 vm3
check_drops "vnet3 with VLAN 100: no drops" vnet3
check "port set vnet1 vlan none" brfwctl port set vnet1 vlan none
check_json "JSON: vlans cleared" vnet1 'p["vlans"] == []'
tx vm1 "Ether(src=mac(1), dst=mac(2))/Dot1Q(vlan=100)/$IP4"
check_drops "vlan none: VLAN 100 dropped again" vnet1 vlan=1

# --- malformed ---------------------------------------------------------------
drain vm2 vm3 host
tx vm1 "[$E12/IP(src=ip(1), dst=ip(2), ihl=3)/UDP(dport=9),
	$E4/Raw(bytes(IP(src=ip(1), dst=ip(2), ihl=15)/UDP(dport=9))),
	$E4/Raw(bytes(IP(src=ip(1), dst=ip(2)))[:12]),
	$E12/IP(src=ip(1), dst=ip(2), len=12)/UDP(dport=9),
	$E4/Raw(bytes(IPv6(src='fe80::1', dst='fe80::2')/UDP(dport=9))),
	$EB/IP(src=ip(1), dst='10.0.0.255', ihl=4)/UDP(dport=9)]"
check_none "malformed IPv4: vm2, vm3 see nothing" vm2 vm3
check_drops "IHL 3, IHL 15 in 28 bytes, truncated, total length 12, version 6, broadcast IHL 4: malformed +6" \
	vnet1 malformed=6
tx vm1 "[$E6/Raw(bytes(IPv6(src='fe80::1', dst='fe80::2'))[:20]),
	$E6/Raw(bytes(IP(src=ip(1), dst=ip(2))/UDP(dport=9)/Raw(b'x'*20))),
	$E6/Raw(bytes(IPv6(src='fe80::1', dst='fe80::2', nh=0, plen=0)))]"
check_seen "malformed IPv6: vm2 sees nothing" 0 vm2
check_drops "truncated IPv6, version 4 in an IPv6 frame, hop-by-hop header missing: malformed +3" \
	vnet1 malformed=3
check_log "kernel log names vnet1 and malformed" vnet1 malformed

# spoof-check off: other EtherTypes pass.
check "port set vnet1 spoof-check off" brfwctl port set vnet1 spoof-check off
drain vm2
tx vm1 "Ether(src=mac(1), dst=mac(2), type=0x88b5)/Raw(b'x'*46)"
check_seen "spoof-check off: 0x88b5 reaches vm2" 1 vm2
check_drops "spoof-check off: no drops" vnet1

pkt_done
