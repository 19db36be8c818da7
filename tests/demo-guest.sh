#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The demo, inside the guest: a hypervisor bridge with three VMs, a policy
# per port set with brfwctl, and traffic that passes or not.
. "$(dirname "$0")/lib.sh"
topo_up 3
names=(host web db scratch)
say() { printf '\n\033[1m%s\033[0m\n' "$*"; }
run() { echo "# brfwctl $*"; "$BRFWCTL" "$@"; }
try() {
	from=$1 to=$2
	if ping_ok "$from" "$(vm_ip "$to")"; then r="passes"; else r="BLOCKED"; fi
	printf '  ping %-8s -> %-8s %s\n' "${names[$from]}" "${names[$to]}" "$r"
}
tcp() {
	tcp_ok "$1" "$2" 5432; rc=$?
	case $rc in 0) r="passes" ;; 2) r="BLOCKED (timeout)" ;; *) r="refused ($rc)" ;; esac
	printf '  tcp  %-8s -> %-8s:5432 %s\n' "${names[$1]}" "${names[$2]}" "$r"
}
all() { try 1 2; try 2 1; try 1 3; try 3 1; try 0 2; tcp 1 2; }

say "A bridge br0 with three VMs: web (vnet1), db (vnet2), scratch (vnet3)."
ip -br addr show br0; for i in 1 2 3; do echo "  ${names[$i]}: vnet$i $(vm_ip $i)"; done

say "Without brfw policies everything talks:"
all

say "Policy: db accepts nothing it did not ask for, scratch may send nothing."
run port set vnet2 policy-in drop policy-out accept
run port set vnet3 policy-in accept policy-out drop
run port set vnet1 policy-in accept policy-out accept
all

say "Per-port counters (frames the policy passed and dropped, each direction):"
run port show

say "The same as JSON:"
run -j -p port show vnet2

say "A wrong request is refused and changes nothing:"
run port set br0 policy-in drop; echo "  (exit $?)"
run port set vnet2 policy-in maybe; echo "  (exit $?)"

say "Anti-spoofing: web may only be itself (its MAC and 10.0.0.11)."
run port set vnet1 mac "$(vm_mac 1)" ip "$(vm_ip 1)" spoof-check on
ip -n vm1 addr add 10.0.0.99/24 dev eth0
in_vm 1 ping -c 1 -W 2 -q -I "$(vm_ip 1)" $HOST_IP >/dev/null 2>&1 && r=passes || r=BLOCKED
echo "  ping from web's own address 10.0.0.11 -> host: $r"
in_vm 1 ping -c 2 -W 2 -q -I 10.0.0.99 $HOST_IP >/dev/null 2>&1 && r=passes || r=BLOCKED
echo "  ping from a forged address 10.0.0.99 -> host: $r"
run port show vnet1

say "Deleting the db policy restores traffic:"
run port del vnet2
try 1 2
run port show
say "Done: the VM and everything in it is thrown away."
