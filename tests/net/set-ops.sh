#!/bin/bash
# Address sets: set add (with members or empty), add-elem, del-elem, show
# (text and JSON, members sorted, refs), del. Member changes take effect on
# live traffic at once for every rule using the set, without touching the
# rules; a set in use cannot be deleted; errors (unknown set, existing
# name, non-member, host bits, family mismatch) change nothing.
. "$(dirname "$0")/../lib.sh"
need ping "$NETTEST" "$BRFWCTL" "$PY"
rule_topo_up 3
V1=$(vm_ip 1) V2=$(vm_ip 2) V3=$(vm_ip 3)

check "set add bad $V1" brfwctl set add bad $V1
check_eq "set show -j: 1 element, no refs" '1 0 ["10.0.0.11"]' \
	"$(set_get bad count) $(set_get bad refs) $(set_get bad elements)"
check "rule add vnet2 in id 1 src @bad drop" brfwctl rule add vnet2 in id 1 src @bad drop
check "rule add vnet3 in id 1 src @bad drop" brfwctl rule add vnet3 in id 1 src @bad drop
check_eq "2 rules use it" 2 "$(set_get bad refs)"
check_fail "vm1 cannot ping vm2" rule_ping1 1 $V2
check "vm3 pings vm2" ping_ok 3 $V2
check "the host pings vm3" ping_ok 0 $V3

check "set add-elem bad $V3" brfwctl set add-elem bad $V3
check_fail "vm3 added: vm3 cannot ping vm2 (rules untouched)" rule_ping1 3 $V2
check_eq "rule 1 still the same rule, counted 2" "1 in src @bad drop 2" \
	"$(rule_texts vnet2) $(rule_pkts vnet2 1)"
check "set del-elem bad $V1" brfwctl set del-elem bad $V1
check "vm1 removed: vm1 pings vm2" ping_ok 1 $V2
check_fail "vm1 removed: vm3 still cannot ping vm2" rule_ping1 3 $V2
check "set add-elem bad 10.0.0.0/28" brfwctl set add-elem bad 10.0.0.0/28
check_fail "10.0.0.0/28 added: the host cannot ping vm2" rule_ping1 0 $V2
check_fail "10.0.0.0/28 added: vm2 cannot ping vm3 (vnet3 uses the set too)" rule_ping1 2 $V3
check_eq "elements sorted, count 2" '2 ["10.0.0.0/28", "10.0.0.13"]' "$(set_get bad count) $(set_get bad elements)"
check "set add-elem of a member again" brfwctl set add-elem bad $V3
check_eq "a member added twice is kept once" 2 "$(set_get bad count)"

# Failed changes change nothing.
check_err "del-elem of a non-member (with a member)" "Error:" brfwctl set del-elem bad 10.0.0.13 10.9.9.9
check_eq "the member is still there" '2 ["10.0.0.0/28", "10.0.0.13"]' "$(set_get bad count) $(set_get bad elements)"
check_err "add-elem with host bits set" "10.0.0.1/24" brfwctl set add-elem bad 10.0.0.14 10.0.0.1/24
check_err "add-elem of garbage" "10.0.0.300" brfwctl set add-elem bad 10.0.0.300
check_eq "nothing added" 2 "$(set_get bad count)"
check_err "set del of a set in use: a clear error" "in use" brfwctl set del bad
check_eq "the set is still there" "bad" "$(set_names)"
check_fail "and still used: vm3 cannot ping vm2" rule_ping1 3 $V2
check_err "set add of an existing name" "Error:" brfwctl set add bad 10.1.1.1
check_eq "the existing set is unchanged" 2 "$(set_get bad count)"
check_err "rule with an unknown set" "set" brfwctl rule add vnet2 in id 2 src @nosuch drop
check_err "set add-elem to an unknown set" "Error:" brfwctl set add-elem nosuch 10.1.1.1
check_err "set show of an unknown set" "Error:" brfwctl set show nosuch
check_err "set del of an unknown set" "Error:" brfwctl set del nosuch
check_err "proto icmpv6 with an IPv4 set" "Error:" brfwctl rule add vnet2 in id 3 proto icmpv6 src @bad drop
check_eq "no rule was added" "1" "$(rule_ids vnet2)"

# Text output.
brfwctl set add-elem bad 2001:db8::/64
check_eq "set show bad (text)" "set bad  3 elements  used by 2 rules
  10.0.0.0/28
  10.0.0.13
  2001:db8::/64" "$(brfwctl set show bad)"

# IPv6 and mixed sets, sorting.
check "set add six 2001:db8::1 fe80::/10 (IPv6 only)" brfwctl set add six 2001:db8::1 fe80::/10
check "proto icmpv6 src @six is fine" brfwctl rule add vnet2 in id 4 proto icmpv6 src @six drop
check_err "proto icmp src @six is not" "Error:" brfwctl rule add vnet2 in id 5 proto icmp src @six drop
check "set add mixed (members in any order)" \
	brfwctl set add mixed 2001:db8::/64 10.0.0.0/24 10.0.0.0/8 10.0.0.5 9.0.0.0/8 ::1 10.0.0.0/16
check_eq "sorted: IPv4 first, by address then length" \
	'["9.0.0.0/8", "10.0.0.0/8", "10.0.0.0/16", "10.0.0.0/24", "10.0.0.5", "::1", "2001:db8::/64"]' \
	"$(set_get mixed elements)"
check_eq "set show lists the sets in name order" "bad mixed six" "$(set_names)"

# An empty set matches nothing.
check "set add empty" brfwctl set add empty
check "rule add vnet1 out id 1 dst @empty drop" brfwctl rule add vnet1 out id 1 dst @empty drop
check "empty set: vm1 pings the host" ping_ok 1 $HOST_IP
check "set add-elem empty $HOST_IP" brfwctl set add-elem empty $HOST_IP
check_fail "not empty now: vm1 cannot ping the host" rule_ping1 1 $HOST_IP
check "set del-elem empty $HOST_IP" brfwctl set del-elem empty $HOST_IP
check "empty again: vm1 pings the host" ping_ok 1 $HOST_IP

# Delete: after the last rule using it goes.
check "rule del vnet1 id 1" brfwctl rule del vnet1 id 1
check "set del empty (unused now)" brfwctl set del empty
check_err "set show empty: gone" "Error:" brfwctl set show empty
check "rule del vnet2 id 1" brfwctl rule del vnet2 id 1
check_eq "bad: 1 ref left" 1 "$(set_get bad refs)"
check_err "set del bad: still used by vnet3" "Error:" brfwctl set del bad
check "port del vnet3 (its rule goes)" brfwctl port del vnet3
check_eq "bad: no refs" 0 "$(set_get bad refs)"
check "set del bad" brfwctl set del bad
check_eq "sets left" "mixed six" "$(set_names)"
check_eq "six is used by vnet2's rule 4" 1 "$(set_get six refs)"
check "ip link del vnet2 (the port goes away)" ip link del vnet2
check_eq "six: no refs once the port is gone" 0 "$(set_get six refs)"
check "set del six" brfwctl set del six
check "the host pings vm3" ping_ok 0 $V3

t_done
