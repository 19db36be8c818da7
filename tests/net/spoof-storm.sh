#!/bin/bash
# A broadcast storm of forged identities (random source MACs, random source
# IPs, ARP for random addresses) from a spoof-checked VM: none of it
# reaches anyone, the FDB does not grow, the counters account for every
# frame, the kernel log stays rate-limited, and the other VMs keep talking
# during the storm. The suite runner checks taint and the log afterwards.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../pkt/pkt.sh"
need ping "$NETTEST" "$BRFWCTL" "$PY"
pkt_start
topo_up 3
SECS=${BRFW_STORM_SECS:-4}

check "port set vnet1 mac ip spoof-check on" \
	brfwctl port set vnet1 mac "$(vm_mac 1)" ip "$(vm_ip 1)" spoof-check on
learn_all
cap vm2 vm3
snap vnet1
fdb0=$(bridge fdb show br br0 | grep -vc permanent)
log0=$(dmesg | grep -c brfw)
txd0=$(ip netns exec vm1 cat /sys/class/net/eth0/statistics/tx_dropped)
rxd0=$(cat /sys/class/net/vnet1/statistics/rx_dropped)

ip netns exec vm1 $PY "$SRC/tests/pkt/storm.py" eth0 "$(vm_mac 1)" "$(vm_ip 1)" "$SECS" \
	>/tmp/storm.out 2>&1 &
storm=$!
sleep 1
check "during the storm: vm2 pings vm3" pings 2 "$(vm_ip 3)" 5
check "during the storm: vm3 TCP to vm2" tcp_ok 3 2 8080
check "during the storm: the host pings vm2" ping_ok 0 "$(vm_ip 2)"
wait $storm
check "storm.py ran" grep -q spoof_mac= /tmp/storm.out
diag "storm: $(cat /tmp/storm.out)"

# Frames veth itself dropped (backlog full) never reached brfw.
lost=$(( $(ip netns exec vm1 cat /sys/class/net/eth0/statistics/tx_dropped) - txd0 +
	$(cat /sys/class/net/vnet1/statistics/rx_dropped) - rxd0 ))
sent=$(( $(sed -n 's/.*spoof_mac=\([0-9]*\).*/\1/p' /tmp/storm.out) * 3 ))
check "the storm sent frames" test "$sent" -gt 0
diag "sent $sent frames in ${SECS}s, $lost lost before the bridge"
if [ "$lost" -eq 0 ]; then
	check_drops "every forged frame is counted by its reason" vnet1 \
		$(cat /tmp/storm.out)
else
	check_drops "forged frames counted (some lost in veth)" vnet1 \
		"spoof_mac+spoof_ip+spoof_arp=$((sent - lost))"
fi
check_seen "vm2 got none of the storm" 0 vm2 \
	'(UDP in p and p[UDP].dport == 9999) or (ARP in p and p[ARP].psrc.startswith("10.200."))'
check_seen "vm3 got none of the storm" 0 vm3 \
	'(UDP in p and p[UDP].dport == 9999) or (ARP in p and p[ARP].psrc.startswith("10.200."))'
fdb1=$(bridge fdb show br br0 | grep -vc permanent)
check "the FDB did not grow ($fdb0 -> $fdb1 entries)" test "$fdb1" -le "$fdb0"
check_eq "vnet1 has only vm1's MAC in the FDB" "$(vm_mac 1)" \
	"$(bridge fdb show br br0 brport vnet1 | grep -v permanent | awk '{print $1}' | sort -u | xargs)"
log1=$(dmesg | grep -c brfw)
check "the kernel log stayed rate-limited ($((log1 - log0)) brfw lines)" test $((log1 - log0)) -le 100

check "after the storm: vm1's own traffic works" ping_ok 1 "$(vm_ip 2)"
check "after the storm: vm2 UDP to vm3" udp_ok 2 3 5353

pkt_done
