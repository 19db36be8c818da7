#!/bin/bash
# spoof-check, IPv6 neighbour discovery and RA guard: an NA must name an own
# target, SLLA/TLLA options must be the port's MAC (spoof_nd); :: is only
# for DAD NS and MLD; RAs and redirects are dropped unless "router on"
# (ra_guard); fragmented NA/RA never get through.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../pkt/pkt.sh"
need "$BRFWCTL" "$PY"
pkt_start
topo_up 3

check "port set vnet1 mac ip6 fe80::1 ip6 2001:db8::1 spoof-check on" \
	brfwctl port set vnet1 mac "$(vm_mac 1)" ip6 fe80::1 ip6 2001:db8::1 spoof-check on
learn_all
cap vm2 vm3
snap vnet1
ROGUE=02:00:00:00:00:99
# To all nodes, to vm2's solicited-node group, to vm2 (unicast).
EA="Ether(src=mac(1), dst='33:33:00:00:00:01')/IPv6(src='fe80::1', dst='ff02::1', hlim=255)"
ES="Ether(src=mac(1), dst='33:33:ff:00:00:02')/IPv6(src='fe80::1', dst='ff02::1:ff00:2', hlim=255)"
EU="Ether(src=mac(1), dst=mac(2))/IPv6(src='fe80::1', dst='fe80::2', hlim=255)"

# --- spoof_nd ----------------------------------------------------------------
tx vm1 "[$EA/ICMPv6ND_NA(tgt='2001:db8::2', R=0, S=0, O=1)/ICMPv6NDOptDstLLAddr(lladdr=mac(1)),
	$EU/ICMPv6ND_NA(tgt='fe80::3', R=0, S=1, O=1)/ICMPv6NDOptDstLLAddr(lladdr=mac(1)),
	$EA/ICMPv6ND_NA(tgt='2001:db8::99', R=0, S=0, O=1)]"
check_none "NA for foreign targets: vm2, vm3 see nothing" 'PRED=(IPv6)in(p)' vm2 vm3
check_drops "NA for foreign targets: spoof_nd +3" vnet1 spoof_nd=3

tx vm1 "[$EA/ICMPv6ND_NA(tgt='2001:db8::1', R=0, S=0, O=1)/ICMPv6NDOptDstLLAddr(lladdr='$ROGUE'),
	$EU/ICMPv6ND_NA(tgt='fe80::1', R=0, S=1, O=1)/ICMPv6NDOptDstLLAddr(lladdr=mac(3)),
	$ES/ICMPv6ND_NS(tgt='2001:db8::2')/ICMPv6NDOptSrcLLAddr(lladdr='$ROGUE'),
	$EU/ICMPv6ND_NS(tgt='fe80::2')/ICMPv6NDOptSrcLLAddr(lladdr=HOST_MAC),
	Ether(src=mac(1), dst='33:33:00:00:00:02')/IPv6(src='fe80::1', dst='ff02::2', hlim=255)/ICMPv6ND_RS()/ICMPv6NDOptSrcLLAddr(lladdr='$ROGUE')]"
check_seen "NA/NS/RS with a foreign link-layer option: vm2 sees nothing" 0 vm2 "IPv6 in p"
check_drops "NA/NS/RS with a foreign link-layer option: spoof_nd +5" vnet1 spoof_nd=5
check_log "kernel log names vnet1 and spoof_nd" vnet1 spoof_nd

tx vm1 "Ether(src=mac(1), dst='33:33:00:00:00:01')/IPv6(src='::', dst='ff02::1', hlim=255)/ICMPv6ND_NA(tgt='2001:db8::1', R=0, S=0, O=1)"
check_seen "NA from ::: vm2 sees nothing" 0 vm2 "IPv6 in p"
check_drops "NA from ::: dropped once (spoof_ip or spoof_nd)" vnet1 spoof_ip+spoof_nd=1

# Allowed: own NA/NS/RS, DAD NS and MLD (v1 and v2) from ::.
tx vm1 "[$EA/ICMPv6ND_NA(tgt='2001:db8::1', R=0, S=0, O=1)/ICMPv6NDOptDstLLAddr(lladdr=mac(1)),
	$EA/ICMPv6ND_NA(tgt='fe80::1', R=0, S=0, O=1),
	$EU/ICMPv6ND_NA(tgt='fe80::1', R=0, S=1, O=1)/ICMPv6NDOptDstLLAddr(lladdr=mac(1)),
	$ES/ICMPv6ND_NS(tgt='2001:db8::2')/ICMPv6NDOptSrcLLAddr(lladdr=mac(1)),
	Ether(src=mac(1), dst='33:33:00:00:00:02')/IPv6(src='fe80::1', dst='ff02::2', hlim=255)/ICMPv6ND_RS()/ICMPv6NDOptSrcLLAddr(lladdr=mac(1)),
	Ether(src=mac(1), dst='33:33:ff:00:00:01')/IPv6(src='::', dst='ff02::1:ff00:1', hlim=255)/ICMPv6ND_NS(tgt='2001:db8::1'),
	Ether(src=mac(1), dst='33:33:ff:00:00:01')/IPv6(src='::', dst='ff02::1:ff00:1', hlim=255)/ICMPv6ND_NS(tgt='fe80::1')/Raw(bytes.fromhex('0e01a1b2c3d4e5f6')),
	Ether(src=mac(1), dst='33:33:00:00:00:16')/IPv6(src='::', dst='ff02::16', hlim=1)/IPv6ExtHdrHopByHop(options=[RouterAlert()])/ICMPv6MLReport2(records=[ICMPv6MLDMultAddrRec(dst='ff02::1:ff00:1')]),
	Ether(src=mac(1), dst='33:33:ff:00:00:01')/IPv6(src='::', dst='ff02::1:ff00:1', hlim=1)/IPv6ExtHdrHopByHop(options=[RouterAlert()])/ICMPv6MLReport(mladdr='ff02::1:ff00:1'),
	Ether(src=mac(1), dst='33:33:00:00:00:16')/IPv6(src='fe80::1', dst='ff02::16', hlim=1)/IPv6ExtHdrHopByHop(options=[RouterAlert()])/ICMPv6MLReport2(records=[ICMPv6MLDMultAddrRec(dst='ff02::1:ff00:1')])]"
check_seen "own NA x3, NS, RS, DAD NS x2 (one with a nonce), MLDv2 and MLDv1 from ::, MLDv2: vm2 sees all 10" 10 vm2 "IPv6 in p"
check_drops "legitimate ND and MLD: no drops" vnet1

# Fragmented NA: neighbours never get a first fragment.
FIRST='IPv6ExtHdrFragment in p and p[IPv6ExtHdrFragment].offset == 0'
tx vm1 "fragment6($EA/IPv6ExtHdrFragment(id=11)/ICMPv6ND_NA(tgt='2001:db8::1', R=0, S=0, O=1)/ICMPv6NDOptDstLLAddr(lladdr=mac(1))/Raw(b'\\0'*1200), 800)"
check_seen "fragmented own NA: vm2 gets no first fragment" 0 vm2 "$FIRST"
check_drops "fragmented own NA: dropped (spoof_nd or malformed)" vnet1 'spoof_nd+malformed=>=1'
tx vm1 "$EA/IPv6ExtHdrFragment(id=12, m=0, offset=0)/ICMPv6ND_NA(tgt='2001:db8::1', R=0, S=0, O=1)/ICMPv6NDOptDstLLAddr(lladdr=mac(1))"
check_seen "NA as an atomic fragment: vm2 sees nothing" 0 vm2 "IPv6 in p"
check_drops "NA as an atomic fragment: dropped once (spoof_nd or malformed)" vnet1 spoof_nd+malformed=1

# --- ra_guard ----------------------------------------------------------------
RA="ICMPv6ND_RA(routerlifetime=1800)/ICMPv6NDOptSrcLLAddr(lladdr=mac(1))/ICMPv6NDOptPrefixInfo(prefix='2001:db8:66::', prefixlen=64)"
REDIR="ICMPv6ND_Redirect(tgt='fe80::1', dst='2001:db8::3')"
drain vm2 vm3
tx vm1 "[$EA/$RA, $EU/$RA, $EU/$REDIR]"
check_none "RA (multicast, unicast) and redirect: vm2, vm3 see nothing" 'PRED=(IPv6)in(p)' vm2 vm3
check_drops "RA x2 and redirect: ra_guard +3" vnet1 ra_guard=3
check_log "kernel log names vnet1 and ra_guard" vnet1 ra_guard

tx vm1 "fragment6($EA/IPv6ExtHdrFragment(id=13)/$RA/Raw(b'\\0'*1200), 800)"
check_seen "fragmented RA: vm2 gets no first fragment" 0 vm2 "$FIRST"
check_drops "fragmented RA: dropped (ra_guard, spoof_nd or malformed)" vnet1 'ra_guard+spoof_nd+malformed=>=1'
# RFC 7113: the ICMPv6 header only in the second fragment.
tx vm1 "fragment6($EA/IPv6ExtHdrFragment(id=14)/IPv6ExtHdrDestOpt(options=[PadN(optdata=b'\\0'*250)]*4)/$RA, 800)"
check_seen "RA behind a long header chain: vm2 gets no first fragment" 0 vm2 "$FIRST"
check_drops "RA behind a long header chain: dropped (ra_guard, spoof_nd or malformed)" vnet1 'ra_guard+spoof_nd+malformed=>=1'

check "port set vnet1 router on" brfwctl port set vnet1 router on
check_json "JSON: router on" vnet1 'p["router"] is True and p["spoof_check"] is True'
drain vm2
tx vm1 "[$EA/$RA, $EU/$REDIR]"
check_seen "router on: RA and redirect reach vm2" 2 vm2 "IPv6 in p"
check_drops "router on: no drops" vnet1
check "port set vnet1 router off" brfwctl port set vnet1 router off
tx vm1 "$EA/$RA"
check_seen "router off again: RA dropped" 0 vm2 "IPv6 in p"
check_drops "router off again: ra_guard +1" vnet1 ra_guard=1

pkt_done
