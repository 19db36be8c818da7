#!/bin/bash
# A set of 100k members, loaded by restore (a generated file), classifies
# real traffic: its first, middle and last members pass a default-drop
# port, addresses next to them do not; members added and removed take
# effect at once; save writes it back in lines of at most 64 members and
# save -> restore -> save is byte-identical.
. "$(dirname "$0")/../lib.sh"
need ping awk cmp "$BRFWCTL" "$PY"
rule_topo_up 3
V1=$(vm_ip 1) V2=$(vm_ip 2) V3=$(vm_ip 3)
T=$(mktemp -d)

# Members: 20.b.c.d for the even numbers n = 2i, i < 100000 (20.0.0.0 ..
# 20.3.13.62), plus vm1's own address.
awk 'BEGIN {
	print "# 100k members"
	print "set add big"
	line = ""; k = 0
	for (i = 0; i < 100000; i++) {
		n = 2 * i
		line = line " " sprintf("20.%d.%d.%d", int(n / 65536), int(n / 256) % 256, n % 256)
		if (++k == 50) { print "set add-elem big" line; line = ""; k = 0 }
	}
	print "set add-elem big 10.0.0.11"
	print "port set vnet2 policy-in drop policy-out accept"
	print "rule add vnet2 in id 1 src @big accept"
}' > $T/big.conf
diag "restore file: $(wc -l < $T/big.conf) lines, $(wc -c < $T/big.conf) bytes"

t0=$(date +%s)
check "restore the 100k set" brfwctl restore $T/big.conf
diag "restore took $(( $(date +%s) - t0 )) s"
check_eq "set big: 100001 members, 1 ref" "100001 1" "$(set_get big count) $(set_get big refs)"
check "a member (vm1) pings vm2" ping_ok 1 $V2
check_fail "a non-member (vm3) cannot" rule_ping1 3 $V2
check_fail "nor the host" rule_ping1 0 $V2

# vm1 gets more addresses; vm2 answers them.
ip -n vm2 route add 20.0.0.0/8 dev eth0
for a in 20.0.0.2 20.0.0.1 20.1.134.160 20.1.134.161 20.3.13.62 20.3.13.63 20.3.13.64; do
	ip -n vm1 addr add $a/32 dev eth0
	ip -n vm2 neigh replace $a lladdr "$(vm_mac 1)" dev eth0 nud permanent
done
from() { ip netns exec vm1 ping -c 1 -W 1 -q -I "$1" $V2 >/dev/null 2>&1; }
check "member 20.0.0.2 passes" from 20.0.0.2
check "member 20.1.134.160 (the middle) passes" from 20.1.134.160
check "member 20.3.13.62 (the last) passes" from 20.3.13.62
check_fail "20.0.0.1 does not" from 20.0.0.1
check_fail "20.1.134.161 does not" from 20.1.134.161
check_fail "20.3.13.63 does not" from 20.3.13.63
check_fail "20.3.13.64 does not" from 20.3.13.64
check_rule_cnt "the accept rule counted the 3 members' echoes and vm1's" vnet2 1 4 392

check "set del-elem big 20.1.134.160" brfwctl set del-elem big 20.1.134.160
check_fail "removed: 20.1.134.160 dropped" from 20.1.134.160
check "set add-elem big 20.1.134.161 20.3.13.64" brfwctl set add-elem big 20.1.134.161 20.3.13.64
check "added: 20.1.134.161 passes" from 20.1.134.161
check "added: 20.3.13.64 passes" from 20.3.13.64
check_fail "20.3.13.63 still dropped" from 20.3.13.63
check_eq "100002 members" 100002 "$(set_get big count)"

t0=$(date +%s)
brfwctl save > $T/a.conf
diag "save took $(( $(date +%s) - t0 )) s"
check_eq "save: members in lines of at most 64" "1563 64" \
	"$(awk '$1 == "set" && $2 == "add-elem" { n++; if (NF - 3 > m) m = NF - 3 } END { print n, m }' $T/a.conf)"
t0=$(date +%s)
check "restore the saved file" brfwctl restore $T/a.conf
diag "restore took $(( $(date +%s) - t0 )) s"
brfwctl save > $T/b.conf
check "save -> restore -> save is byte-identical" cmp $T/a.conf $T/b.conf
check "after restore: 20.3.13.64 passes" from 20.3.13.64
check_fail "after restore: 20.3.13.63 dropped" from 20.3.13.63
check_eq "after restore: 100002 members" 100002 "$(set_get big count)"
rm -rf $T

t_done
