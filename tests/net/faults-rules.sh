#!/bin/bash
# Allocation failures while loading rules and sets (issue 6 on issue 3's
# configuration): for every N, the Nth kernel allocation of a RULE_ADD, a
# SET_ELEM_ADD and a transaction's COMMIT fails (fail-nth + failslab).
# Each request applies completely or fails and leaves the configuration
# exactly as it was (compared with `brfwctl save`); the old policy still
# filters; kcheck (kmemleak) after the script finds no leak. Needs
# CONFIG_FAULT_INJECTION + FAILSLAB (make check-debug).
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
IDX=$(cat /sys/class/net/vnet1/ifindex)
CONF=$(mktemp /tmp/faults-rules.XXXXXX)
state() { "$BRFWCTL" save; }

# The live configuration the faults must not disturb.
brfwctl set add admins 10.0.0.0/28 10.0.0.12 2001:db8::/64 >/dev/null
brfwctl port set vnet1 policy-in drop policy-out accept >/dev/null
brfwctl rule add vnet1 in id 10 proto icmp src @admins accept >/dev/null
brfwctl rule add vnet1 inout id 11 proto tcp dport 22,80-90 accept log >/dev/null
brfwctl rule add vnet1 in id 12 ether-type arp accept >/dev/null
before=$(state)
state > "$CONF"

# run_faults NAME UNDO-CMD NLPROBE-ARGS...: inject at N = 1, 2, ... until
# three requests in a row go through untouched. The request must leave
# the state $before (failed) or $after (applied); UNDO-CMD puts $before
# back after a success.
run_faults() {
	name=$1 undo=$2; shift 2
	injected=0 bad=0 misses=0 t0=$SECONDS
	for n in $(seq 1 400); do
		# (no pipelines here: every fork costs under KASAN)
		"$NLPROBE" "$@" -F "$n" >/tmp/fail-nth.out 2>/tmp/fail-nth.err
		out='' left=''
		while read -r l; do case $l in ok* | error*) out=$l ;; esac; done </tmp/fail-nth.out
		while read -r l; do case $l in "fail-nth left "*) left=${l#fail-nth left } ;; esac; done </tmp/fail-nth.err
		now=$(state)
		case "$out" in
		ok*)	[ "$now" = "$after" ] || { bad=$((bad + 1)); diag "$name n=$n: ok but not applied"; } ;;
		*"no answer"*)
			[ "$now" = "$after" ] || [ "$now" = "$before" ] ||
				{ bad=$((bad + 1)); diag "$name n=$n: $out, half-applied"; } ;;
		error*)	[ "$now" = "$before" ] ||
				{ bad=$((bad + 1)); diag "$name n=$n: $out, and the state changed"; } ;;
		*)	bad=$((bad + 1)); diag "$name n=$n: $out" ;;
		esac
		if [ "$now" != "$before" ]; then
			eval "$undo" >/dev/null 2>&1
			[ "$(state)" = "$before" ] || { bad=$((bad + 1)); diag "$name n=$n: undo failed"; }
		fi
		[ "$left" = 0 ] && injected=$((injected + 1))
		if [ "$left" != 0 ]; then misses=$((misses + 1)); [ $misses -ge 3 ] && break; else misses=0; fi
	done
	diag "$name: $injected faults injected, $n requests, $((SECONDS - t0)) s"
	check "$name: faults were injected" test "$injected" -ge 3
	check_eq "$name: every request applied fully or not at all" 0 "$bad"
}

# RULE_ADD of a rule using the set, with ports, at position 1.
brfwctl rule insert vnet1 in pos 1 id 500 proto tcp src @admins sport 1024-65535 dport 22 drop log >/dev/null
after=$(state)
brfwctl rule del vnet1 id 500 >/dev/null
check_eq "rule add/del round trip" "$before" "$(state)"
run_faults "rule add" "brfwctl rule del vnet1 id 500" \
	-c 5 u32:4:"$IDX" u32:23:1 nest:21 u32:2:500 u8:3:1 u8:4:1 flag:5 u8:10:6 \
	nest:11 str:3:admins end nest:13 nest:3 u16:1:1024 u16:2:65535 end end \
	nest:14 nest:3 u16:1:22 end end end

# SET_ELEM_ADD of three members to the set the rules use.
brfwctl set add-elem admins 10.0.1.0/24 10.0.2.7 2001:db8:1::/48 >/dev/null
after=$(state)
brfwctl set del-elem admins 10.0.1.0/24 10.0.2.7 2001:db8:1::/48 >/dev/null
check_eq "set add-elem/del-elem round trip" "$before" "$(state)"
run_faults "set add-elem" "brfwctl set del-elem admins 10.0.1.0/24 10.0.2.7 2001:db8:1::/48" \
	-c 10 str:24:admins nest:25 nest:1 raw:1:0a000100 u8:2:24 end \
	nest:1 raw:1:0a000207 u8:2:32 end \
	nest:1 raw:1:20010db8000100000000000000000000 u8:2:48 end end

# A whole transaction, the fault in its COMMIT: a new set, vnet1 with a
# new policy and a rule using the new set; vnet2 has no policy in it.
txn() {
	"$NLPROBE" -c 14 + -c 8 str:24:web nest:25 nest:1 raw:1:0a00000c u8:2:32 end end flag:28 \
		+ -c 2 u32:4:"$IDX" u8:8:0 u8:9:1 flag:28 \
		+ -c 5 u32:4:"$IDX" nest:21 u32:2:7 u8:3:3 u8:4:2 u8:10:17 nest:11 str:3:web end end flag:28 \
		+ -c 15 "$@"
}
out=$(txn 2>&1)
check_eq "the transaction commits without faults" ok "$(echo "$out" | grep -E '^(ok|error)' | tail -1)"
after=$(state)
check "the transaction replaced the configuration" sh -c "echo \"\$1\" | grep -q 'set add web'" _ "$after"
brfwctl restore "$CONF"
check_eq "restore puts the old configuration back" "$before" "$(state)"
run_faults "commit" "brfwctl restore $CONF" \
	-c 14 + -c 8 str:24:web nest:25 nest:1 raw:1:0a00000c u8:2:32 end end flag:28 \
	+ -c 2 u32:4:"$IDX" u8:8:0 u8:9:1 flag:28 \
	+ -c 5 u32:4:"$IDX" nest:21 u32:2:7 u8:3:3 u8:4:2 u8:10:17 nest:11 str:3:web end end flag:28 \
	+ -c 15

# The old policy is still the one in force.
tcp_ok 2 1 8080
check_eq "vnet1 still drops what no rule accepts: TCP 8080 from vm2 times out" 2 $?
check "rule 10 still accepts ICMP from @admins (vm2 is 10.0.0.12)" ping_ok 2 "$(vm_ip 1)"
rm -f "$CONF"
t_done
