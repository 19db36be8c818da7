#!/bin/bash
# Conntrack-lite under broadcast storms while flows churn: four VMs ping
# the broadcast address at once, one also floods broadcast UDP (synflood
# to ff:ff:ff:ff:ff:ff: every frame is cloned to every port, each clone
# looked up and tracked by its own port), while the flow table is flushed,
# listed and deleted from, rules with ct-state come and go, ports turn
# stateful on and off, quotas and timeouts change. Every command must
# succeed, every dump parse; afterwards unicast traffic still flows and
# the counts agree. run-guest.sh's kernel check (KASAN, lockdep, kmemleak
# on the debug kernel) runs after it.
#
# BRFW_DEBUG_KERNEL=1: 40 churn rounds instead of 120, bursts of 500
# broadcast datagrams instead of 2000.
. "$(dirname "$0")/../lib.sh"
need ping "$SYNFLOOD" "$BRFWCTL" "$PY"
ROUNDS=120 BURST=2000
if ct_debug; then ROUNDS=40 BURST=500; fi
ct_topo_up 4
T=$(mktemp -d)
for i in 1 2 3 4; do
	brfwctl port set vnet$i stateful on
	ping_ok $i $HOST_IP
done
brfwctl port set vnet1 policy-in drop
brfwctl rule add vnet1 in id 1 ct-state established,related accept
brfwctl rule add vnet1 in id 2 proto icmp accept
brfwctl port set vnet3 ct-limit 50

pids=
for i in 1 2 3 4; do
	# Directly, not through in_vm (a function): $! must be ping's pid.
	ip netns exec vm$i ping -b -i 0.02 -w 900 -q 10.0.0.255 > $T/ping$i 2>&1 &
	pids="$pids $!"
done
# Broadcast UDP from vm4, in bursts of new tuples, until the churn is over.
(
	k=0
	while [ ! -e $T/stop ]; do
		ip netns exec vm4 "$SYNFLOOD" -i eth0 -s "$(vm_mac 4)" -d ff:ff:ff:ff:ff:ff \
			-S "$(vm_ip 4)" -D 10.0.0.255 -u -n $BURST -p $((1000 + k % 60000)) \
			-r 2000 >/dev/null 2>&1
		k=$((k + 1))
	done
	echo $k > $T/bursts
) &
bc=$!
fails=0 dumps=0 n=0
while [ $n -lt $ROUNDS ]; do
	n=$((n + 1))
	{
		case $((n % 12)) in
		0) brfwctl flows flush ;;
		1) brfwctl flows flush vnet$((n % 4 + 1)) ;;
		2) brfwctl -j flows | $PY -c 'import json, sys; json.load(sys.stdin)' && dumps=$((dumps + 1)) ;;
		3) brfwctl rule add vnet2 in id 100 ct-state new proto udp drop &&
			brfwctl rule del vnet2 id 100 ;;
		4) brfwctl port set vnet4 stateful off && brfwctl port set vnet4 stateful on ;;
		5) brfwctl port set vnet3 ct-limit $((n % 7 * 10)) ;;
		6) brfwctl ct set timeout icmp-unreplied $((n % 5 + 1)) udp-unreplied $((n % 3 + 1)) ;;
		7) brfwctl -j flows vnet3 | $PY -c 'import json, sys; json.load(sys.stdin)' &&
			dumps=$((dumps + 1)) ;;
		8) brfwctl rule insert vnet1 in pos 1 id 101 ct-state invalid drop &&
			brfwctl rule del vnet1 id 101 ;;
		9) brfwctl -j ct show | $PY -c 'import json, sys; json.load(sys.stdin)' ;;
		10) brfwctl port set vnet2 persist-established on stateful off &&
			brfwctl port set vnet2 persist-established off stateful on ;;
		11) brfwctl counters reset ;;
		esac
	} >> $T/err 2>&1 || fails=$((fails + 1))
	# flows del of whatever is first in the table: may race with the GC
	# or a flush, so its result does not count.
	if [ $((n % 25)) = 0 ]; then
		args=$("$BRFWCTL" -j flows 2>/dev/null | $PY -c "$CT_PYDEFS"'
fl = json.load(sys.stdin)
for f in fl[:1]:
    a = ["proto", P(f), "src", f["src"], "dst", f["dst"]]
    a += ["id", str(f["id"])] if "id" in f else ["sport", str(f["sport"]), "dport", str(f["dport"])]
    print(" ".join(a))' 2>/dev/null)
		# shellcheck disable=SC2086
		[ -n "$args" ] && "$BRFWCTL" flows del $args >/dev/null 2>&1
	fi
done
check_eq "$n rounds of churn: every command succeeded" 0 $fails
diag "$(head -5 $T/err)"
check "dumps parsed under the storm ($dumps)" test $dumps -ge 1
touch $T/stop
wait $bc
# Background jobs of a script ignore SIGINT: TERM (no ping summary).
# shellcheck disable=SC2086
kill $pids 2>/dev/null
# shellcheck disable=SC2086
wait $pids 2>/dev/null
diag "broadcast UDP bursts of $BURST: $(cat $T/bursts)"
ct_defaults
brfwctl port set vnet3 ct-limit 0

# --- afterwards -----------------------------------------------------------------------------
check "vm1 pings vm2" ping_ok 1 "$(vm_ip 2)"
check "vm1 -> vm3 TCP" rule_tcp 1 3 8080
rule_udp 4 1 8081; check_eq "vm4 -> vm1 UDP is dropped (vm1: in drop)" 2 $?
check "vm2 -> host UDP" rule_udp 2 0 8082
check "a broadcast ping is answered" sh -c "ip netns exec vm2 ping -b -c 1 -W 2 10.0.0.255 2>&1 | grep -q 'bytes from'"
check "flows flush" brfwctl flows flush
check_eq "an empty table" 0 "$(ct_get count)"
for i in 1 2 3 4; do
	check_eq "vnet$i holds no flow" 0 "$(ct_port_flows vnet$i)"
done
check "vm1 pings vm2 once more" ping_ok 1 "$(vm_ip 2)"
check_eq "one flow, counted once" "1 1" "$(ct_get count) $(ct_flows)"
rm -rf $T

t_done
