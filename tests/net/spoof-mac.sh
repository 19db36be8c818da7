#!/bin/bash
# spoof-check, source MAC: with a MAC and spoof-check on, frames from the
# guest with another source MAC are dropped before the bridge learns them
# (reason spoof_mac), whoever they are addressed to; the guest's own
# traffic passes; replacing the MAC or turning spoof-check off changes
# that.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../pkt/pkt.sh"
need ping "$NETTEST" "$BRFWCTL" "$PY"
pkt_start
topo_up 3
M1=$(vm_mac 1)
ROGUE=02:00:00:00:00:99

check "port set vnet1 mac ip spoof-check on" \
	brfwctl port set vnet1 mac "$M1" ip "$(vm_ip 1)" spoof-check on
check_json "JSON: mac" vnet1 'p["mac"] == "02:00:00:00:00:01"'
check_json "JSON: ip list" vnet1 '[str(x).split("/")[0] for x in p["ip"]] == ["10.0.0.11"]'
check_json "JSON: ip6 list empty, no vlans" vnet1 'p["ip6"] == [] and p["vlans"] == []'
check_json "JSON: spoof_check on, other flags off" vnet1 \
	'p["spoof_check"] is True and p["dhcp_server"] is False and p["router"] is False and p["promisc"] is False'
check_json "JSON: isolation none" vnet1 'p["isolation"] == "none"'
check_json "JSON: every drop reason, all zero" vnet1 \
	'set(p["drops"]) >= set(REASONS) and not any(p["drops"].values())'

learn_all
cap vm2 vm3 host
snap vnet1

tx vm1 "[Ether(src='$ROGUE', dst=mac(2))/IP(src=ip(1), dst=ip(2))/UDP(sport=1000, dport=9)/Raw(b'spoof')]*3"
check_seen "unicast from a foreign MAC: vm2 sees nothing" 0 vm2
check_drops "unicast from a foreign MAC: spoof_mac +3" vnet1 spoof_mac=3

tx vm1 "[Ether(src='$ROGUE', dst=BC)/IP(src=ip(1), dst='10.0.0.255')/UDP(dport=9)]*2"
check_none "broadcast from a foreign MAC: vm2, vm3, the host see nothing" vm2 vm3 host
check_drops "broadcast from a foreign MAC: spoof_mac +2" vnet1 spoof_mac=2

tx vm1 "Ether(src=mac(2), dst=mac(3))/IP(src=ip(1), dst=ip(3))/ICMP()"
tx vm1 "Ether(src=HOST_MAC, dst=mac(2))/IP(src=ip(1), dst=ip(2))/ICMP()"
tx vm1 "Ether(src=mac(3), dst='01:00:5e:00:00:01')/IP(src=ip(1), dst='224.0.0.1')/ICMP()"
check_none "impersonating vm2, the host, vm3: vm2, vm3 see nothing" vm2 vm3
check_drops "impersonations: spoof_mac +3" vnet1 spoof_mac=3

# The bridge learnt none of it on vnet1.
fdb1=$(bridge fdb show br br0 brport vnet1 | grep -v permanent)
check_eq "FDB: vnet1 has only vm1's MAC" "$M1" "$(echo "$fdb1" | awk '{print $1}' | sort -u | xargs)"
check "FDB: the host MAC is not on vnet1" test -z "$(bridge fdb show br br0 | grep -i "$HOST_MAC" | grep vnet1)"
check_log "kernel log names vnet1 and spoof_mac" vnet1 spoof_mac

# The guest's own traffic.
drain vm2
tx vm1 "Ether(src=mac(1), dst=mac(2))/IP(src=ip(1), dst=ip(2))/UDP(dport=9)"
check_seen "own MAC: vm2 sees the frame" 1 vm2
check "vm1 pings vm2" ping_ok 1 "$(vm_ip 2)"
check "vm1 pings the host" ping_ok 1 $HOST_IP
check "vm2 TCP to vm1" tcp_ok 2 1 8080
check "vm1 UDP to vm3" udp_ok 1 3 5353
check_drops "own traffic: no drops" vnet1

# The MAC list is replaced by the next set.
check "port set vnet1 mac 02:00:00:00:00:51" brfwctl port set vnet1 mac 02:00:00:00:00:51
check_json "JSON: mac replaced" vnet1 'p["mac"] == "02:00:00:00:00:51"'
check_fail "old MAC: vm1 cannot ping vm2" ping1 1 "$(vm_ip 2)"
check_drops "old MAC: the echo request is spoof_mac" vnet1 spoof_mac=1
drain vm2
# (An echo reply: a UDP frame would make vm2 answer to the old MAC.)
tx vm1 "Ether(src='02:00:00:00:00:51', dst=mac(2))/IP(src=ip(1), dst=ip(2))/ICMP(type=0)"
check_seen "new MAC: vm2 sees the frame" 1 vm2
check_drops "new MAC: no drops" vnet1
brfwctl port set vnet1 mac "$M1"
check "MAC back: vm1 pings vm2" ping_ok 1 "$(vm_ip 2)"

# spoof-check off: the identity is kept but not enforced.
check "port set vnet1 spoof-check off" brfwctl port set vnet1 spoof-check off
check_json "JSON: spoof_check off, mac kept" vnet1 'p["spoof_check"] is False and p["mac"] == "02:00:00:00:00:01"'
drain vm2
tx vm1 "Ether(src='$ROGUE', dst=mac(2))/IP(src=ip(1), dst=ip(2))/UDP(dport=9)"
check_seen "spoof-check off: a foreign MAC passes" 1 vm2
check_drops "spoof-check off: no drops" vnet1

pkt_done
