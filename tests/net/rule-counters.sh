#!/bin/bash
# Rule counters: packets and bytes (Ethernet header included) equal what
# was sent, per rule, in each direction, inout rules counting both; text
# and JSON agree; they survive other rules coming and going and port set;
# counters reset DEV zeroes that port's rules only, counters reset all.
. "$(dirname "$0")/../lib.sh"
need ping "$NETTEST" "$BRFWCTL" "$PY"
rule_topo_up 3
V1=$(vm_ip 1) V2=$(vm_ip 2) V3=$(vm_ip 3)
# The bridge learns every MAC first: no frame is flooded to a third port.
for i in 1 2 3; do ping_ok $i $HOST_IP; done

brfwctl rule add vnet2 in id 1 proto icmp src $V1 accept
brfwctl rule add vnet2 out id 2 proto icmp dst $V1 accept
brfwctl rule add vnet2 inout id 3 proto icmp src $V3 accept
brfwctl rule add vnet2 in id 4 proto udp dport 5353 accept
brfwctl rule add vnet3 in id 1 proto icmp accept
check_eq "5 rules, all counters zero" "0/0 0/0 0/0 0/0 0/0" \
	"$(rule_cnt vnet2 1) $(rule_cnt vnet2 2) $(rule_cnt vnet2 3) $(rule_cnt vnet2 4) $(rule_cnt vnet3 1)"

check "vm1 pings vm2 5 times" pings 1 $V2 5
check_rule_cnt "in rule: 5 requests, 490 bytes" vnet2 1 5 490
check_rule_cnt "out rule: 5 replies, 490 bytes" vnet2 2 5 490
check_rule_cnt "inout rule (vm3's): nothing" vnet2 3 0 0
check "vm3 pings vm2 3 times" pings 3 $V2 3
check_rule_cnt "inout rule: 3 requests in + 3 replies out, 588 bytes" vnet2 3 6 588
check_rule_cnt "vnet3's rule: 3 replies to vm3, 294 bytes" vnet3 1 3 294
check "vm2 pings vm1 twice" pings 2 $V1 2
check_rule_cnt "in rule: + 2 replies from vm1" vnet2 1 7 686
check_rule_cnt "out rule: + 2 requests to vm1" vnet2 2 7 686
check "the host pings vm2 with 200 bytes of data" in_vm 0 ping -c 1 -s 200 -W 2 -q $V2
check_rule_cnt "no rule for the host's echo" vnet2 1 7 686
check "UDP vm1 -> vm2:5353 answered" rule_udp 1 2 5353
check_rule_cnt "udp rule: 1 datagram, 47 bytes" vnet2 4 1 47

# Text output agrees with JSON.
row=$(brfwctl rule show vnet2 | awk '$1 == "vnet2" && $2 == "3"')
check_eq "text row of rule 3: dev id dir ... packets bytes" "vnet2 3 inout 6 588" \
	"$(echo "$row" | awk '{print $1, $2, $3, $(NF-1), $NF}')"
check_eq "text row of rule 3: the rule text" "proto icmp src $V3 accept" \
	"$(echo "$row" | awk '{$1 = $2 = $3 = $(NF-1) = $NF = ""; print}' | xargs)"
check_eq "text header" "DEV ID DIR RULE PACKETS BYTES" "$(brfwctl rule show | head -1 | xargs)"
check_eq "JSON object of rule 3" \
	'{"action": "accept", "bytes": 588, "dev": "vnet2", "dir": "inout", "id": 3, "log": false, "match": {"proto": "icmp", "src": "10.0.0.13"}, "packets": 6, "rule": "proto icmp src 10.0.0.13 accept"}' \
	"$(brfwctl -j rule show vnet2 | $PY -c '
import json, sys
r = [x for x in json.load(sys.stdin) if x["id"] == 3][0]
print(json.dumps(r, sort_keys=True))')"
check_eq "rule show (all ports): vnet2 rows before vnet3" "vnet2 vnet2 vnet2 vnet2 vnet3" \
	"$(brfwctl -j rule show | $PY -c 'import json, sys; print(" ".join(r["dev"] for r in json.load(sys.stdin)))')"

# Counters survive other rules changing and port set.
brfwctl rule add vnet2 in id 5 proto tcp drop
brfwctl rule insert vnet2 in pos 1 id 6 proto udp dport 1 drop
brfwctl rule del vnet2 id 6
brfwctl port set vnet2 policy-in accept policy-out accept
check_rule_cnt "rule 1 after add, insert, del of others and port set" vnet2 1 7 686
check_rule_cnt "rule 3 too" vnet2 3 6 588

# Reset.
check "counters reset vnet2" brfwctl counters reset vnet2
check_eq "vnet2's rules are zero" "0/0 0/0 0/0 0/0" \
	"$(rule_cnt vnet2 1) $(rule_cnt vnet2 2) $(rule_cnt vnet2 3) $(rule_cnt vnet2 4)"
check_rule_cnt "vnet3's rule kept its counters" vnet3 1 3 294
check "vm1 pings vm2 twice" pings 1 $V2 2
check_rule_cnt "counting again from zero" vnet2 1 2 196
check "counters reset (all ports)" brfwctl counters reset
check_eq "every rule is zero" "0/0 0/0 0/0" "$(rule_cnt vnet2 1) $(rule_cnt vnet2 2) $(rule_cnt vnet3 1)"
check_err "counters reset of a device that does not exist" "vnet9" brfwctl counters reset vnet9

t_done
