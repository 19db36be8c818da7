#!/bin/bash
# Rule directions and order, with real traffic: in (to the VM), out (from
# the VM), inout (written for frames to the VM, mirrored for the replies);
# the first matching rule decides, else the port's default; insert at a
# position of a direction's list; delete by id; ids assigned when not
# given; port set keeps the rules.
. "$(dirname "$0")/../lib.sh"
need ping "$NETTEST" "$BRFWCTL" "$PY"
rule_topo_up 3
V1=$(vm_ip 1) V2=$(vm_ip 2) V3=$(vm_ip 3)

# --- in, out, inout: vm2 is a server that only vm1 may reach, on port 22 ------
check "port set vnet2 policy-in drop policy-out drop" brfwctl port set vnet2 policy-in drop policy-out drop
rule_tcp 1 2 22; check_eq "default drop both ways: TCP vm1 -> vm2:22 times out" 2 $?
check "rule add vnet2 in id 1 proto tcp src $V1 dport 22 accept" \
	brfwctl rule add vnet2 in id 1 proto tcp src $V1 dport 22 accept
rule_tcp 1 2 22; check_eq "in rule only: the SYN goes in, the SYN-ACK is dropped: timeout" 2 $?
n=$(rule_pkts vnet2 1)
check "in rule only: the SYNs were accepted by rule 1 ($n)" test "$n" -ge 1
check "rule add vnet2 out id 2 proto tcp dst $V1 sport 22 accept" \
	brfwctl rule add vnet2 out id 2 proto tcp dst $V1 sport 22 accept
check_eq "rule 1's counter survived adding rule 2" "$n" "$(rule_pkts vnet2 1)"
check "in + out rules: TCP vm1 -> vm2:22 works" rule_tcp 1 2 22
rule_tcp 3 2 22; check_eq "in + out rules: TCP vm3 -> vm2:22 times out" 2 $?
rule_tcp 1 2 23; check_eq "in + out rules: TCP vm1 -> vm2:23 times out" 2 $?
check_fail "in + out rules: vm1 cannot ping vm2" rule_ping1 1 $V2
rule_tcp 2 1 22; check_eq "in + out rules: vm2 -> vm1:22 (the wrong way round) times out" 2 $?

check "rule del vnet2 id 1" brfwctl rule del vnet2 id 1
check "rule del vnet2 id 2" brfwctl rule del vnet2 id 2
check "rule add vnet2 inout id 3 proto tcp src $V1 dport 22 accept" \
	brfwctl rule add vnet2 inout id 3 proto tcp src $V1 dport 22 accept
check_eq "rule show: one inout rule" "3 inout proto tcp src $V1 dport 22 accept" "$(rule_texts vnet2)"
check_eq "in list: rule 3" 3 "$(rule_ids vnet2 in)"
check_eq "out list: rule 3" 3 "$(rule_ids vnet2 out)"
check "inout: TCP vm1 -> vm2:22 works (replies mirrored)" rule_tcp 1 2 22
# A connection has 3 frames in (SYN, ACK, FIN or RST...) and 2+ out.
n=$(rule_pkts vnet2 3)
check "inout: both directions counted on the rule ($n >= 4)" test "$n" -ge 4
rule_tcp 3 2 22; check_eq "inout: TCP vm3 -> vm2:22 times out" 2 $?
rule_tcp 1 2 23; check_eq "inout: TCP vm1 -> vm2:23 times out" 2 $?
rule_tcp 2 1 22; check_eq "inout: vm2 -> vm1:22 (its mirror, not itself) times out" 2 $?
rule_udp 1 2 22; check_eq "inout: UDP vm1 -> vm2:22 times out" 2 $?
rule_tcp 0 2 22; check_eq "inout: the host -> vm2:22 times out" 2 $?
check "rule add vnet2 inout id 4 proto icmp src $HOST_IP accept" \
	brfwctl rule add vnet2 inout id 4 proto icmp src $HOST_IP accept
check "inout icmp from the host: the host pings vm2" ping_ok 0 $V2
check_rule_cnt "inout icmp: request and reply counted, 196 bytes" vnet2 4 2 196
check "inout icmp from the host: vm2 pings the host (the mirror: dst host)" ping_ok 2 $HOST_IP
check_fail "inout icmp from the host: vm2 cannot ping vm1" rule_ping1 2 $V1

# out only: vm2 may ping anyone, nobody may ping vm2.
check "port set vnet2 policy-in accept policy-out drop (rules kept)" \
	brfwctl port set vnet2 policy-in accept policy-out drop
check_eq "port set kept the rules" "3 4" "$(rule_ids vnet2)"
check "rule add vnet2 out id 5 proto icmp icmp-type 8 accept" \
	brfwctl rule add vnet2 out id 5 proto icmp icmp-type 8 accept
check "out echo request accept: vm2 pings vm3" ping_ok 2 $V3
check_fail "out echo request accept: vm3 cannot ping vm2 (the reply is not a request)" rule_ping1 3 $V2
check_rule_cnt "out rule 5: 1 request" vnet2 5 1 98
check "port del vnet2" brfwctl port del vnet2

# --- first match wins; insert; del; default ------------------------------------
check "rule add vnet2 in id 10 src $V1 accept" brfwctl rule add vnet2 in id 10 src $V1 accept
check "rule add vnet2 in id 11 proto icmp drop" brfwctl rule add vnet2 in id 11 proto icmp drop
check "first match: vm1 pings vm2 (rule 10 accepts first)" ping_ok 1 $V2
check_fail "first match: vm3's ping hits rule 11" rule_ping1 3 $V2
check_rule_cnt "rule 10 counted vm1's request" vnet2 10 1 98
check_rule_cnt "rule 11 counted vm3's request only" vnet2 11 1 98
check "rule insert vnet2 in pos 1 id 12 proto icmp src $V1 drop" \
	brfwctl rule insert vnet2 in pos 1 id 12 proto icmp src $V1 drop
check_eq "order: 12 10 11" "12 10 11" "$(rule_ids vnet2)"
check_fail "inserted first: vm1 cannot ping vm2" rule_ping1 1 $V2
check "inserted first: TCP vm1 -> vm2 still accepted by rule 10" rule_tcp 1 2 8080
check_rule_cnt "rule 12 counted vm1's request" vnet2 12 1 98
check "rule insert vnet2 in pos 3 id 13 src $V3 accept" brfwctl rule insert vnet2 in pos 3 id 13 src $V3 accept
check_eq "order: 12 10 13 11" "12 10 13 11" "$(rule_ids vnet2)"
check "inserted before rule 11: vm3 pings vm2" ping_ok 3 $V2
check "rule insert vnet2 in pos 99 id 14 drop (past the end: appended)" brfwctl rule insert vnet2 in pos 99 id 14 drop
check_eq "order: 12 10 13 11 14" "12 10 13 11 14" "$(rule_ids vnet2)"
check_fail "rule 14 (drop all) last: the host cannot ping vm2 (rule 11)" rule_ping1 0 $V2
rule_tcp 0 2 8080; check_eq "rule 14 drops the host's TCP" 2 $?
check "rule del vnet2 id 12" brfwctl rule del vnet2 id 12
check_eq "order: 10 13 11 14" "10 13 11 14" "$(rule_ids vnet2)"
check "rule 12 gone: vm1 pings vm2 again" ping_ok 1 $V2
check "rule del vnet2 id 11" brfwctl rule del vnet2 id 11
check "rule del vnet2 id 14" brfwctl rule del vnet2 id 14
check "nothing drops now: the host pings vm2 (default accept)" ping_ok 0 $V2
check "port set vnet2 policy-in drop" brfwctl port set vnet2 policy-in drop
check_fail "default drop: the host cannot ping vm2" rule_ping1 0 $V2
check "default drop: vm1 pings vm2 (rule 10)" ping_ok 1 $V2
check "default drop: vm3 pings vm2 (rule 13)" ping_ok 3 $V2
check_err "rule del of a deleted id" "Error:" brfwctl rule del vnet2 id 12
check_eq "the failed del changed nothing" "10 13" "$(rule_ids vnet2)"

# --- ids and positions per direction ------------------------------------------------
check "port del vnet2" brfwctl port del vnet2
check "rule add vnet2 out (no id)" brfwctl rule add vnet2 out proto udp drop
check "rule add vnet2 in id 7" brfwctl rule add vnet2 in id 7 proto tcp drop
check "rule add vnet2 inout (no id)" brfwctl rule add vnet2 inout proto icmp accept
check_eq "ids: 1, 7, then 8 (highest + 1)" "1 7 8" "$(rule_ids vnet2)"
check "rule insert vnet2 out pos 1 id 20" brfwctl rule insert vnet2 out pos 1 id 20 src $V2 drop
check_eq "out list: 20 1 8" "20 1 8" "$(rule_ids vnet2 out)"
check_eq "in list: 7 8" "7 8" "$(rule_ids vnet2 in)"
check "rule insert vnet2 in pos 2 (no id)" brfwctl rule insert vnet2 in pos 2 proto sctp drop
check_eq "in list: 7 21 8" "7 21 8" "$(rule_ids vnet2 in)"
check_eq "out list unchanged: 20 1 8" "20 1 8" "$(rule_ids vnet2 out)"
check "rule insert vnet2 inout pos 1 id 30 (position in the in list)" \
	brfwctl rule insert vnet2 inout pos 1 id 30 proto icmp src $V3 drop
check_eq "in list: 30 7 21 8" "30 7 21 8" "$(rule_ids vnet2 in)"
check_fail "inout 30 first in: vm3 cannot ping vm2" rule_ping1 3 $V2
check_fail "out rule 20 first: vm2 cannot ping vm1" rule_ping1 2 $V1
check_fail "out rule 20 first: vm2's echo replies to vm1 dropped" rule_ping1 1 $V2
check "rule del vnet2 id 20" brfwctl rule del vnet2 id 20
check "out rule 20 gone: vm2 pings vm1" ping_ok 2 $V1
check "rule 8 (inout icmp accept): vm1 pings vm2" ping_ok 1 $V2
check_eq "a second port's rules are apart" 0 "$(rule_count vnet3)"

t_done
