#!/bin/bash
# Churn with traffic flowing: policy and identity replaces, ports deleted
# and re-created, VM namespaces deleted and re-created, module unloaded
# and reloaded. Sized by iterations (BRFW_STRESS_ITER, default 4), not by
# time: the debug kernel runs 5-17x slower. The runner's kernel check
# afterwards (oops, lockdep, KASAN, kmemleak, taint) is the real verdict.
. "$(dirname "$0")/../lib.sh"
need ping "$BRFWCTL"
ITER=${BRFW_STRESS_ITER:-4}
KO=$SRC/build/$BRFW_KVER/brfw.ko
topo_up 4

traffic() {
	ip netns exec vm1 ping -i 0.05 -q -w 600 "$(vm_ip 2)" >/dev/null 2>&1 &
	ip netns exec vm3 ping -i 0.05 -q -w 600 -b 10.0.0.255 >/dev/null 2>&1 &
	ping -i 0.05 -q -w 600 "$(vm_ip 4)" >/dev/null 2>&1 &
}
traffic
identity() {
	brfwctl port set vnet$1 mac "$(vm_mac "$1")" ip "$(vm_ip "$1")" spoof-check on \
		policy-in "$2" isolation "$3" >/dev/null 2>&1
}

fails=0
for i in $(seq "$ITER"); do
	# Replaces: each publishes a new table under live lookups.
	for p in 1 2 3 4; do
		identity $p accept none || fails=$((fails + 1))
		brfwctl port set vnet$p policy-in drop vlan 100 >/dev/null || fails=$((fails + 1))
		brfwctl port set vnet$p spoof-check off policy-in accept isolation isolated >/dev/null ||
			fails=$((fails + 1))
	done
	# A port deleted and re-created under traffic.
	ip link del vnet2
	ip netns del vm2
	vm_add 2
	identity 2 accept none || fails=$((fails + 1))
	# A VM namespace deleted with its policy in place.
	ip netns del vm4
	for _ in $(seq 50); do ip link show vnet4 >/dev/null 2>&1 || break; sleep 0.1; done
	vm_add 4
	identity 4 accept promiscuous || fails=$((fails + 1))
	neigh_static
	# Unload with policies and ingress hooks in place, reload.
	if [ $((i % 3)) = 0 ]; then
		rmmod brfw || fails=$((fails + 1))
		insmod "$KO" || fails=$((fails + 1))
	fi
done
kill $(jobs -p) 2>/dev/null; wait 2>/dev/null
check_eq "$ITER churn rounds: every command succeeded" 0 $fails

# Whatever happened, the result is consistent and working.
for p in 1 2 3 4; do brfwctl port set vnet$p policy-in accept spoof-check off isolation none >/dev/null; done
check_eq "four ports with a policy" 4 "$(port_count)"
check "vm1 reaches vm2" ping_ok 1 "$(vm_ip 2)"
check "vm3 reaches vm4" ping_ok 3 "$(vm_ip 4)"
brfwctl port set vnet2 mac "$(vm_mac 2)" ip "$(vm_ip 2)" spoof-check on
ip -n vm2 addr add 10.0.0.99/24 dev eth0
check_fail "spoof-check still holds after churn" \
	ip netns exec vm2 ping -c 1 -W 1 -q -I 10.0.0.99 "$(vm_ip 1)"
check "rmmod at the end" rmmod brfw
check "insmod again" insmod "$KO"
t_done
