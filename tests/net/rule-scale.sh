#!/bin/bash
# Scale: 10k rules of mixed kinds on one port, loaded by restore, classify
# real traffic (rules deep in the list match, their counters move, the
# rest do not); 1000 rules added one command (one netlink transaction)
# each through brfwctl -b; -b stops at the first failing line.
. "$(dirname "$0")/../lib.sh"
need ping awk "$NETTEST" "$BRFWCTL" "$PY"
rule_topo_up 3
V1=$(vm_ip 1) V2=$(vm_ip 2) V3=$(vm_ip 3)
T=$(mktemp -d)

# 10k rules on vnet2 in; none of the first 9996 matches the test traffic:
#   i % 4 == 0: proto tcp src 172.16.x.y dport i      (other sources)
#   i % 4 == 1: proto udp dport 20000+i               (5001 -> 25001 is hit)
#   i % 4 == 2: src 192.168.x.y/32                    (other sources)
#   i % 4 == 3: proto icmp src 10.1.x.y icmp-type 8   (other sources)
# then 9997..10000: the rules the test aims at.
awk -v v1=$V1 -v v3=$V3 'BEGIN {
	print "port set vnet2 policy-in accept policy-out accept"
	for (i = 1; i <= 9996; i++) {
		x = int(i / 256); y = i % 256
		if (i % 4 == 0)
			r = sprintf("proto tcp src 172.16.%d.%d dport %d drop", x, y, i)
		else if (i % 4 == 1)
			r = sprintf("proto udp dport %d drop", 20000 + i)
		else if (i % 4 == 2)
			r = sprintf("src 192.168.%d.%d drop", x, y)
		else
			r = sprintf("proto icmp src 10.1.%d.%d icmp-type 8 drop", x, y)
		printf "rule add vnet2 in id %d %s\n", i, r
	}
	printf "rule add vnet2 in id 9997 proto udp src %s dport 7000 drop\n", v1
	printf "rule add vnet2 in id 9998 proto icmp src %s drop\n", v3
	print "rule add vnet2 in id 9999 proto udp dport 7000-7010 accept"
	print "rule add vnet2 in id 10000 proto tcp dport 7000 drop"
}' > $T/10k.conf
t0=$(date +%s)
check "restore 10k rules" brfwctl restore $T/10k.conf
diag "restore of 10k rules took $(( $(date +%s) - t0 )) s"
check_eq "10000 rules on vnet2" 10000 "$(rule_count vnet2)"
rule_udp 1 2 7000; check_eq "UDP vm1 -> vm2:7000 hits rule 9997: timeout" 2 $?
check "UDP vm3 -> vm2:7000 passes rule 9997, accepted by 9999" rule_udp 3 2 7000
check_fail "vm3's ping hits rule 9998" rule_ping1 3 $V2
check "vm1 pings vm2 (no rule)" ping_ok 1 $V2
rule_udp 1 2 25001; check_eq "UDP vm1 -> vm2:25001 hits rule 5001: timeout" 2 $?
rule_tcp 3 2 7000; check_eq "TCP vm3 -> vm2:7000 hits rule 10000: timeout" 2 $?
check "TCP vm3 -> vm2:7001 passes everything" rule_tcp 3 2 7001
# The counters of the whole port, in one go.
brfwctl -j rule show vnet2 | $PY -c '
import json, sys
hit = {r["id"]: r["packets"] for r in json.load(sys.stdin) if r["packets"]}
print(" ".join("%d:%d" % (k, min(v, 2)) for k, v in sorted(hit.items())))' > $T/hits
check_eq "counters: only rules 5001, 9997, 9998, 9999, 10000 moved (SYN retries capped at 2)" \
	"5001:1 9997:1 9998:1 9999:1 10000:2" "$(cat $T/hits)"
check_rule_cnt "rule 9997: 1 datagram, 47 bytes" vnet2 9997 1 47
t0=$(date +%s)
brfwctl save > $T/save.conf
diag "save of 10k rules took $(( $(date +%s) - t0 )) s"
check_eq "save: 10000 rule lines" 10000 "$(grep -c '^rule add vnet2 in id ' $T/save.conf)"
check_eq "save: rule 5001 canonical" "rule add vnet2 in id 5001 proto udp dport 25001 drop" \
	"$(grep '^rule add vnet2 in id 5001 ' $T/save.conf)"
check_eq "save: rule 4 canonical" "rule add vnet2 in id 4 proto tcp src 172.16.0.4 dport 4 drop" \
	"$(grep '^rule add vnet2 in id 4 ' $T/save.conf)"

# --- 1000 transactions through -b -------------------------------------------------
awk 'BEGIN { for (i = 1; i <= 1000; i++) printf "rule add vnet3 in proto udp dport %d drop\n", 40000 + i }' > $T/batch
t0=$(date +%s)
check "brfwctl -b: 1000 rule adds" brfwctl -b $T/batch
secs=$(( $(date +%s) - t0 ))
diag "1000 single-rule adds took $secs s"
check_eq "1000 rules on vnet3, ids 1..1000" "1000 1 1000" \
	"$(brfwctl -j rule show vnet3 | $PY -c '
import json, sys
ids = [r["id"] for r in json.load(sys.stdin)]
print(len(ids), ids[0], ids[-1])')"
rule_udp 1 3 40500; check_eq "UDP vm1 -> vm3:40500 hits rule 500: timeout" 2 $?
check "UDP vm1 -> vm3:41001 passes" rule_udp 1 3 41001
check_rule_cnt "rule 500 counted 1" vnet3 500 1 47

# -b stops at the first error, naming the line; earlier lines stay applied.
printf '%s\n' "rule add vnet1 in id 1 proto udp drop" "# a comment" \
	"rule add vnet1 in id 1 proto tcp drop" "rule add vnet1 in id 2 proto icmp drop" > $T/batch2
check_err "-b: a duplicate id at line 3" "line 3" brfwctl -b $T/batch2
check_eq "-b: line 1 applied, line 4 not" "1" "$(rule_ids vnet1)"
printf '%s\n' "rule add vnet1 in id 5 proto udp drop" "rule add vnet1 in id 6 frobnicate drop" > $T/batch3
check_err "-b: a syntax error at line 2" "line 2" brfwctl -b $T/batch3
# Whether line 1 ran before line 2's syntax error was found is the tool's
# choice (it may check every line first); line 2 did not run either way.
ids=$(rule_ids vnet1)
check "-b: line 2 not applied (ids: $ids)" test "$ids" = "1 5" -o "$ids" = 1
check "the 10k port still classifies: vm3's ping dropped" sh -c "! ip netns exec vm3 ping -c 1 -W 1 -q $V2"
rm -rf $T

t_done
