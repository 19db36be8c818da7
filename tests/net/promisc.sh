#!/bin/bash
# Toward the guest, promisc off (the default once the port has a MAC):
# unicast frames for another MAC are not delivered (reason promisc) even
# when the bridge floods them; frames for the port's MAC, broadcast and
# multicast are. promisc on delivers everything. A port without a MAC is
# not filtered.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../pkt/pkt.sh"
need ping "$BRFWCTL" "$PY"
pkt_start
topo_up 3

check "port set vnet1 mac" brfwctl port set vnet1 mac "$(vm_mac 1)"
check "port set vnet3 policy-in accept (a policy, no MAC)" brfwctl port set vnet3 policy-in accept
check_json "JSON: promisc off by default" vnet1 'p["promisc"] is False'
learn_all
cap vm1 vm3
snap vnet1 vnet3
UNK=02:00:00:00:00:77
U="IP(src=ip(2), dst='10.0.0.77')/UDP(sport=1000, dport=9)"

# Unknown unicast: flooded by the bridge.
tx vm2 "[Ether(src=mac(2), dst='$UNK')/$U]*3"
check_seen "unknown unicast: vm1 (promisc off) gets none" 0 vm1
check_seen "unknown unicast: vm3 (no MAC) gets all 3" 3 vm3
check_drops "unknown unicast: vnet1 promisc +3" vnet1 promisc=3
check_drops "vnet3: no drops" vnet3
check_log "kernel log names vnet1 and promisc" vnet1 promisc
tx host "Ether(src=HOST_MAC, dst='$UNK')/IP(src=HOST_IP, dst='10.0.0.77')/UDP(dport=9)"
check_seen "unknown unicast from the host: vm1 gets none" 0 vm1
check_drops "from the host: vnet1 promisc +1" vnet1 promisc=1

# Known unicast to another port never goes to vm1 at all.
tx vm2 "Ether(src=mac(2), dst=mac(3))/IP(src=ip(2), dst=ip(3))/UDP(dport=9)"
check_seen "unicast to vm3: vm1 gets none" 0 vm1
check_drops "unicast to vm3: no drops on vnet1" vnet1

# Delivered: own MAC, broadcast, IPv4 and IPv6 multicast.
tx vm2 "[Ether(src=mac(2), dst=mac(1))/IP(src=ip(2), dst=ip(1))/UDP(dport=9),
	Ether(src=mac(2), dst=BC)/IP(src=ip(2), dst='10.0.0.255')/UDP(dport=9),
	Ether(src=mac(2), dst='01:00:5e:00:00:fb')/IP(src=ip(2), dst='224.0.0.251')/UDP(dport=5353),
	Ether(src=mac(2), dst='33:33:00:00:00:01')/IPv6(src='fe80::2', dst='ff02::1')/UDP(dport=9)]"
check_seen "own MAC, broadcast, multicast v4 and v6: vm1 gets all 4" 4 vm1
check_drops "own MAC, broadcast, multicast: no drops" vnet1
check "vm2 pings vm1" ping_ok 2 "$(vm_ip 1)"

# vm1's MAC not known to the bridge (flushed): flooded, still delivered.
ip link set br0 type bridge fdb_flush
drain vm1 vm3
tx vm2 "Ether(src=mac(2), dst=mac(1))/IP(src=ip(2), dst=ip(1))/UDP(dport=9)"
check_seen "flooded frame for vm1's own MAC: vm1 gets it" 1 vm1 'UDP in p'
check_seen "flooded frame for vm1's MAC: vm3 (no MAC) gets the flood" 1 vm3 'UDP in p'
check_drops "flooded frame for the own MAC: no drops" vnet1

# promisc on.
check "port set vnet1 promisc on" brfwctl port set vnet1 promisc on
check_json "JSON: promisc on" vnet1 'p["promisc"] is True'
drain vm1
tx vm2 "[Ether(src=mac(2), dst='$UNK')/$U]*2"
check_seen "promisc on: vm1 gets the unknown unicast" 2 vm1
check_drops "promisc on: no drops" vnet1
check "port set vnet1 promisc off" brfwctl port set vnet1 promisc off
tx vm2 "Ether(src=mac(2), dst='$UNK')/$U"
check_seen "promisc off again: vm1 gets none" 0 vm1
check_drops "promisc off again: promisc +1" vnet1 promisc=1

# The MAC cleared: nothing to compare with, everything is delivered.
check "port set vnet1 mac none" brfwctl port set vnet1 mac none
tx vm2 "Ether(src=mac(2), dst='$UNK')/$U"
check_seen "no MAC: vm1 gets the unknown unicast" 1 vm1
check_drops "no MAC: no drops" vnet1

pkt_done
