#!/bin/bash
# Conntrack-lite, lifecycle: 100k flows (UDP to nobody from vm1, via
# tests/tools/synflood, with max raised to 200000 and a long
# udp-unreplied timeout) are all in the table and listed once each; a
# second port's flows come on top; removing vm1's port frees its flows
# (the count drops by exactly that many, the other port's stay); a child
# namespace with its own bridge and 20k flows is deleted whole; then
# rmmod with 100k flows present, and insmod again starts empty. The
# kernel check after the script (kmemleak on the debug kernel) looks for
# leaks.
#
# BRFW_DEBUG_KERNEL=1: 20k flows instead of 100k (5k in the namespace).
. "$(dirname "$0")/../lib.sh"
need "$SYNFLOOD" "$BRFWCTL" "$PY"
N=100000 N2=5000 NS=20000
if ct_debug; then N=20000 N2=2000 NS=5000; fi
ct_topo_up 3
sysctl -qw net.core.netdev_max_backlog=100000

check "ct set max 200000 timeout udp-unreplied 3600" brfwctl ct set max 200000 timeout udp-unreplied 3600
for i in 1 2 3; do brfwctl port set vnet$i stateful on; done

# --- N flows from vm1 ---------------------------------------------------------------
check_eq "synflood -u: $N datagrams from vm1" "sent $N" "$(ct_flood 1 $N -u 2>/dev/null)"
check_eq "ct show: $N flows" $N "$(ct_get count)"
check_eq "vnet1 holds $N" $N "$(ct_port_flows vnet1)"
t0=$(date +%s)
check_eq "flows -j vnet1 lists $N distinct flows, each once" "$N $N" \
	"$("$BRFWCTL" -j flows vnet1 | $PY -c "$CT_PYDEFS"'
fl = json.load(sys.stdin)
print(len(fl), len(set((P(f), f["src"], f["dst"], f["sport"], f["dport"]) for f in fl)))')"
diag "dump of $N flows took $(( $(date +%s) - t0 )) s"
check "text dump: $N lines and a header at most" sh -c \
	"n=\$($BRFWCTL flows vnet1 | wc -l); test \$n -ge $N -a \$n -le $((N + 1))"
check_eq "synflood -u: $N2 datagrams from vm2" "sent $N2" "$(ct_flood 2 $N2 -u 2>/dev/null)"
check_eq "ct show: $((N + N2)) flows" $((N + N2)) "$(ct_get count)"

# --- port removal -----------------------------------------------------------------------
check "ip link del vnet1 with $N flows" ip link del vnet1
check_eq "ct show: only vm2's $N2 flows are left" $N2 "$(ct_get count)"
check_eq "vnet2 still holds $N2" $N2 "$(ct_port_flows vnet2)"
check_eq "no flow from $(vm_ip 1) is listed" 0 "$(ct_flows "" "f['src'] == '$(vm_ip 1)'")"
check "vnet2 leaves the bridge" ip link set vnet2 nomaster
check_eq "its flows go with its policy" 0 "$(ct_get count)"
ip link set vnet2 master br0

# --- a namespace with its own bridge and flows ---------------------------------------------
ip netns add ctlc
ip netns add ctlc-vm
# No IPv6 there either: every frame is one the test sends.
for ns in ctlc ctlc-vm; do
	ip netns exec $ns sysctl -qw net.ipv6.conf.all.disable_ipv6=1 \
		net.ipv6.conf.default.disable_ipv6=1
done
ip -n ctlc link add br1 address 02:00:00:00:01:fe type bridge
ip -n ctlc link set br1 up
ip -n ctlc link add p1 type veth peer name q1 netns ctlc-vm
ip -n ctlc link set p1 master br1 up
ip -n ctlc-vm link set q1 address 02:00:00:00:01:01 up
bridge -n ctlc fdb replace $CT_SINK_MAC dev p1 master static
inlc() { ip netns exec ctlc "$BRFWCTL" "$@"; }
check "port set p1 stateful on (in the namespace)" inlc port set p1 stateful on
check "ct set timeout udp-unreplied 3600 (in the namespace)" inlc ct set timeout udp-unreplied 3600
check_eq "synflood -u: $NS datagrams in the namespace" "sent $NS" \
	"$(ip netns exec ctlc-vm "$SYNFLOOD" -i q1 -s 02:00:00:00:01:01 -d $CT_SINK_MAC \
		-S 10.1.0.2 -D 10.1.0.1 -n $NS -u 2>/dev/null)"
# The guest kernel may add a flow or two of its own (an IGMP report, ...).
n=$(inlc -j flows | $PY -c 'import json, sys
print(sum(1 for f in json.load(sys.stdin) if f["proto"] == "udp" and f["src"] == "10.1.0.2"))')
check_eq "the namespace's table holds the $NS flows" $NS "$n"
n=$(inlc -j ct show | $PY -c 'import json, sys; print(json.load(sys.stdin)["count"])')
check "its count covers them ($n)" test "$n" -ge $NS
[ "$n" = $NS ] || diag "$(inlc flows | grep -v 10.1.0.2: | head -5)"
check_eq "the initial namespace's table is untouched" 0 "$(ct_get count)"
check "ip netns del with $NS flows" sh -c "ip netns del ctlc-vm && ip netns del ctlc"

# --- rmmod with N flows -----------------------------------------------------------------
check_eq "synflood -u: $N datagrams from vm3" "sent $N" "$(ct_flood 3 $N -u -p 2000 2>/dev/null)"
check_eq "ct show: $N flows" $N "$(ct_get count)"
check "rmmod brfw with $N flows" rmmod brfw
check "insmod brfw again" insmod "$SRC/build/$(uname -r)/brfw.ko"
check_eq "a fresh table: no flow" 0 "$(ct_get count)"
check_eq "the default max again" "$ct_max0" "$(ct_get max)"
check_eq "the default timeouts again" 30 "$(ct_get timeouts.udp-unreplied)"

t_done
