#!/bin/bash
# save and restore: save prints the whole configuration in canonical form;
# save -> restore -> save is byte-identical (from a file and from stdin);
# restore replaces everything (ports and sets not in the file lose their
# policy / are deleted); a restore that fails at any line (tool or kernel
# error) names the line and changes nothing: rule show, save and traffic
# stay as they were; the live policy is replaced atomically (traffic that
# the old and new policy both drop never slips through).
. "$(dirname "$0")/../lib.sh"
need ping cmp "$NETTEST" "$BRFWCTL" "$PY"
rule_topo_up 3
V1=$(vm_ip 1) V2=$(vm_ip 2) V3=$(vm_ip 3)
T=$(mktemp -d)

# A configuration using every kind of match, built with commands.
brfwctl set add admins 172.16.10.0/28 172.16.10.12 2001:db8::/64
brfwctl set add web 10.0.0.13
brfwctl port set vnet1 policy-in drop policy-out accept
brfwctl port set vnet2 policy-in accept policy-out drop mac "$(vm_mac 2)" ip $V2 spoof-check on
brfwctl rule add vnet1 inout id 1 proto icmp accept
brfwctl rule add vnet1 in id 2 proto tcp src @web dport 80,443,8000-8080 accept log
brfwctl rule add vnet1 in id 3 ether-type 0x88b5 src-mac 02:00:00:00:00:aa dst-mac 02:00:00:00:00:bb vlan 42 drop
brfwctl rule add vnet1 in proto udp sport 53 reject
brfwctl rule add vnet2 out id 10 proto icmpv6 icmp-type 135/0 accept
brfwctl rule add vnet2 out id 11 proto tcp tcp-flags fin,syn/fin,syn,rst dst 2001:db8::/64 drop log
brfwctl rule insert vnet2 out pos 1 id 12 proto sctp sport 1-1023 accept
brfwctl rule add vnet2 out id 13 proto icmp icmp-type 8 accept
brfwctl rule add vnet2 out id 14 proto 47 src $V2 dst @web accept
brfwctl rule add vnet2 inout id 15 proto tcp tcp-flags syn dport 22 reject
ip link add vnet10 type veth peer name vnet10p
ip link set vnet10 master br0 up
brfwctl rule add vnet10 in id 1 proto udp drop
check_eq "11 rules built" 11 "$(rule_count)"

brfwctl save > $T/a.conf
diag "$(cat $T/a.conf)"
check_eq "save: header line" "# brfw configuration (brfwctl save)" "$(head -1 $T/a.conf)"
check_eq "save: sets first, in name order, then ports in name order" \
	"set add admins|set add-elem admins|set add web|set add-elem web|port set vnet1|rule add vnet1|port set vnet2|rule add vnet2|port set vnet10|rule add vnet10" \
	"$(grep -v '^#' $T/a.conf | awk '{print $1, $2, $3}' | uniq | paste -sd'|')"
check_eq "save: the members, sorted" "set add-elem admins 172.16.10.0/28 172.16.10.12 2001:db8::/64" \
	"$(grep '^set add-elem admins' $T/a.conf)"
check_eq "save: vnet1's rules in order, canonical" \
	"rule add vnet1 inout id 1 proto icmp accept
rule add vnet1 in id 2 proto tcp src @web dport 80,443,8000-8080 accept log
rule add vnet1 in id 3 ether-type 0x88b5 src-mac 02:00:00:00:00:aa dst-mac 02:00:00:00:00:bb vlan 42 drop
rule add vnet1 in id 4 proto udp sport 53 reject" "$(grep '^rule add vnet1 ' $T/a.conf)"
check_eq "save: vnet2's rules in order, canonical" \
	"rule add vnet2 out id 12 proto sctp sport 1-1023 accept
rule add vnet2 out id 10 proto icmpv6 icmp-type 135/0 accept
rule add vnet2 out id 11 proto tcp dst 2001:db8::/64 tcp-flags fin,syn/fin,syn,rst drop log
rule add vnet2 out id 13 proto icmp icmp-type 8 accept
rule add vnet2 out id 14 proto 47 src $V2 dst @web accept
rule add vnet2 inout id 15 proto tcp dport 22 tcp-flags syn reject" "$(grep '^rule add vnet2 ' $T/a.conf)"
check_eq "save: vnet2's port line keeps its identity" 1 \
	"$(grep -c "^port set vnet2 policy-in accept policy-out drop .*$(vm_mac 2)" $T/a.conf)"

# --- round trip ---------------------------------------------------------------------
check "restore the saved file" brfwctl restore $T/a.conf
brfwctl save > $T/b.conf
check "save -> restore -> save is byte-identical" cmp $T/a.conf $T/b.conf
check "restore - (stdin)" sh -c "$BRFWCTL restore - < $T/a.conf"
brfwctl save > $T/c.conf
check "restore from stdin: identical again" cmp $T/a.conf $T/c.conf
check "the restored policy works: vm1 pings vm3 (rule 1)" ping_ok 1 $V3
rule_tcp 3 1 8081; check_eq "the restored policy works: TCP vm3 -> vm1:8081 times out (policy)" 2 $?
check "the restored policy works: vm3 -> vm1:80 (rule 2, @web)" rule_tcp 3 1 80
rule_tcp 3 1 81; check_eq "the restored policy works: vm3 -> vm1:81 times out" 2 $?

# --- failures change nothing -------------------------------------------------------------
brfwctl rule show > $T/show.before
# fails NAME FILE-CONTENT: restore fails naming the file's last line.
fails() {
	name=$1; shift
	printf '%s\n' "$@" > $T/bad.conf
	last=$(wc -l < $T/bad.conf)
	check_err "restore with $name fails at line $last" "line $last" brfwctl restore $T/bad.conf
	brfwctl save > $T/after.conf
	check "$name: save unchanged" cmp $T/a.conf $T/after.conf
}
body=$(grep -v '^#' $T/a.conf)
fails "an unknown set on the last line (kernel)" "# comment" "" "$body" "rule add vnet3 in id 1 src @nosuch drop"
fails "an unknown device" "$body" "port set vnet9 policy-in drop"
fails "a duplicate id (kernel)" "$body" "rule add vnet1 in id 2 proto udp drop"
fails "a syntax error" "$body" "rule add vnet3 in id 1 proto tcp dport 70000 drop"
fails "a command restore does not take" "$body" "rule del vnet1 id 1"
fails "port del (not allowed)" "$body" "port del vnet1"
fails "an IPv4 set with icmpv6 (kernel)" "$body" "rule add vnet3 in id 5 proto icmpv6 dst @web drop"
fails "a set defined twice (kernel)" "$body" "set add web"
fails "an element of an unknown set" "$body" "set add-elem nosuch 10.1.1.1"
brfwctl rule show > $T/show.after
check "rule show unchanged after the failures" cmp $T/show.before $T/show.after
check "old policy in force: vm1 pings vm3" ping_ok 1 $V3
rule_tcp 3 1 81; check_eq "old policy in force: vm3 -> vm1:81 times out" 2 $?
check_err "restore of a missing file" "nofile" brfwctl restore $T/nofile
check_eq "the line of a kernel error in the middle" "line 3" \
	"$(printf 'set add x\nset add y\nrule add vnet1 in src @z drop\nset add w\n' | $BRFWCTL restore - 2>&1 | grep -o 'line [0-9]*' | head -1)"
check_eq "nothing of it applied: sets admins, web" "admins web" "$(set_names)"

# --- restore replaces everything ------------------------------------------------------
brfwctl set add old 10.9.9.9
brfwctl rule add vnet3 in id 1 proto icmp drop
check_fail "before: vnet3 drops ICMP" rule_ping1 1 $V3
cat > $T/new.conf <<EOF
# only vnet2, one set

set add web
set add-elem web $V1
port set vnet2 policy-in drop policy-out accept
rule add vnet2 in id 1 proto icmp src @web accept
EOF
check "restore a smaller configuration" brfwctl restore $T/new.conf
check_eq "only set web is left" "web" "$(set_names)"
check_eq "web has vm1 only" '["10.0.0.11"]' "$(set_get web elements)"
check_eq "only vnet2 has a policy" "vnet2" \
	"$(brfwctl -j port show | $PY -c 'import json, sys; print(" ".join(p["port"] for p in json.load(sys.stdin)))')"
check_eq "only vnet2's rule" "vnet2 1" \
	"$(brfwctl -j rule show | $PY -c 'import json, sys; print(" ".join("%s %s" % (r["dev"], r["id"]) for r in json.load(sys.stdin)))')"
check "vnet3's rule is gone: vm1 pings vm3" ping_ok 1 $V3
check "vnet1's policy is gone: TCP vm3 -> vm1:8080 works" rule_tcp 3 1 8080
check "new policy: vm1 pings vm2" ping_ok 1 $V2
check_fail "new policy: vm3 cannot ping vm2" rule_ping1 3 $V2
check "set old is gone" sh -c "! $BRFWCTL set show old 2>/dev/null"

# --- atomic replacement ---------------------------------------------------------------
# vm3's pings to vm2 are dropped by the old and by the new policy; a
# restore that passed through "no policy" would let some through.
sed 's/^rule add vnet2 in id 1 .*/rule add vnet2 in id 1 proto icmp src @web accept log/' $T/new.conf > $T/new2.conf
in_vm 3 ping -c 300 -i 0.01 -W 1 $V2 > $T/ping.out 2>&1 &
p=$!
for i in 1 2 3 4 5 6; do
	brfwctl restore $T/new2.conf && brfwctl restore $T/new.conf || break
done
check "12 restores under traffic" test $i -eq 6
wait $p
check_eq "vm3 got no reply during the restores" 0 \
	"$(grep -o '[0-9]* received' $T/ping.out | grep -o '[0-9]*')"
check "empty restore file" sh -c "printf '# nothing\n' | $BRFWCTL restore -"
check_eq "empty restore: no port, no set" "0 " "$(port_count) $(set_names)"
check_eq "empty restore: save is the header alone" "# brfw configuration (brfwctl save)" "$(brfwctl save)"
rm -rf $T

t_done
