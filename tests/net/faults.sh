#!/bin/bash
# Allocation failures while configuring: for every N, the Nth kernel
# allocation of a PORT_SET request fails (fail-nth + failslab). Each
# request either applies completely or fails with an error and leaves the
# port exactly as it was; kcheck (kmemleak) after the script finds no
# leak. Needs CONFIG_FAULT_INJECTION + FAILSLAB (make check-debug).
. "$(dirname "$0")/../lib.sh"
need "$BRFWCTL" "$NLPROBE"
if [ ! -e /proc/self/fail-nth ] || [ ! -d /sys/kernel/debug/failslab ]; then
	echo "1..0 # SKIP no fault injection in this kernel"
	exit $ksft_skip
fi
topo_up 2
echo 0 > /sys/kernel/debug/failslab/ignore-gfp-wait
echo 0 > /sys/kernel/debug/failslab/verbose 2>/dev/null
if [ -d /sys/kernel/debug/fail_page_alloc ]; then
	echo 0 > /sys/kernel/debug/fail_page_alloc/ignore-gfp-wait
	echo 0 > /sys/kernel/debug/fail_page_alloc/verbose 2>/dev/null
fi

state() {
	"$BRFWCTL" -j port show | $PY -c '
import json, sys
for p in json.load(sys.stdin):
    print(p["port"], p["policy_in"], p["policy_out"], p["mac"], p["ip"], p["ip6"],
          p["vlans"], p["spoof_check"], p["isolation"], p["community"])'
}
old_cfg() { brfwctl port set vnet1 policy-in drop policy-out accept mac none ip none \
	ip6 none vlan none spoof-check off isolation none; }
# The request: every kind of attribute, nests included.
IDX=$(cat /sys/class/net/vnet1/ifindex)
IDX2=$(cat /sys/class/net/vnet2/ifindex)
req() {
	"$NLPROBE" -F "$1" -c 2 u32:4:"$2" u8:8:0 u8:9:1 raw:12:020000000001 \
		nest:13 nest:1 raw:1:0a00000b u8:2:32 end nest:1 raw:1:0a010000 u8:2:28 end end \
		nest:14 nest:1 raw:1:fe800000000000000000000000000001 u8:2:128 end end \
		nest:15 u16:2:100 u16:2:200 end u32:16:1 u32:17:1 u8:18:2 str:19:web
}

old_cfg
before=$(state)
brfwctl port set vnet1 policy-in accept policy-out drop mac 02:00:00:00:00:01 \
	ip 10.0.0.11 ip 10.1.0.0/28 ip6 fe80::1 vlan 100,200 spoof-check on isolation community web
after=$(state)
old_cfg
check_eq "the request's outcome is known" "$before" "$(state)"

injected=0 clean=0 bad=0 misses=0
for n in $(seq 1 200); do
	out=$(req "$n" "$IDX" 2>/tmp/fail-nth.err)
	left=$(sed -n 's/^fail-nth left //p' /tmp/fail-nth.err)
	now=$(state)
	case "$out" in
	ok*)	[ "$now" = "$after" ] || { bad=$((bad + 1)); diag "n=$n: ok but state differs"; } ;;
	*"no answer"*)
		# The fault hit the answer: the change is in, or not, but whole.
		[ "$now" = "$after" ] || [ "$now" = "$before" ] ||
			{ bad=$((bad + 1)); diag "n=$n: $out, and the port is half-changed"; } ;;
	error*)	if [ "$now" = "$before" ]; then clean=$((clean + 1)); else
			bad=$((bad + 1)); diag "n=$n: $out, and the port changed"; fi ;;
	*)	bad=$((bad + 1)); diag "n=$n: $out" ;;
	esac
	[ "$left" = 0 ] && injected=$((injected + 1))
	old_cfg
	# Past the last allocation the request succeeds untouched: stop.
	if [ "$left" != 0 ]; then misses=$((misses + 1)); [ $misses -ge 3 ] && break; else misses=0; fi
done
diag "vnet1: $injected faults injected, $clean clean failures"
check "faults were injected into the request" test "$injected" -ge 5
check_eq "vnet1: every request applied fully or not at all" 0 "$bad"

# Creating a port under faults: it exists completely or not at all.
injected=0 bad=0 misses=0
for n in $(seq 1 200); do
	out=$(req "$n" "$IDX2" 2>/tmp/fail-nth.err)
	left=$(sed -n 's/^fail-nth left //p' /tmp/fail-nth.err)
	has=$("$BRFWCTL" -j port show | $PY -c 'import json,sys; print(sum(p["port"] == "vnet2" for p in json.load(sys.stdin)))')
	case "$out" in
	ok*)	[ "$has" = 1 ] || bad=$((bad + 1)) ;;
	*"no answer"*) ;;	# created or not: either is whole
	*)	[ "$has" = 0 ] || { bad=$((bad + 1)); diag "n=$n: $out but vnet2 has a policy"; } ;;
	esac
	[ "$left" = 0 ] && injected=$((injected + 1))
	"$BRFWCTL" port del vnet2 >/dev/null 2>&1
	if [ "$left" != 0 ]; then misses=$((misses + 1)); [ $misses -ge 3 ] && break; else misses=0; fi
done
check "faults were injected into port creation" test "$injected" -ge 5
check_eq "vnet2: created completely or not at all" 0 "$bad"
check "the policy still filters: vnet1 drops in" sh -c "! ip netns exec vm2 ping -c1 -W1 -q $(vm_ip 1) >/dev/null"
t_done
