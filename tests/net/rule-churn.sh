#!/bin/bash
# Rules and sets changing under traffic: every change is atomic (pings that
# every version of the policy accepts all get through; pings that every
# version drops never do), dumps stay parseable, ports and namespaces
# holding rules and sets go away cleanly, and the module unloads with
# rules and sets in place. run-guest.sh's kernel check (KASAN, lockdep,
# kmemleak on the debug kernel) runs after it.
. "$(dirname "$0")/../lib.sh"
need ping "$BRFWCTL" "$PY"
rule_topo_up 3
V1=$(vm_ip 1) V2=$(vm_ip 2) V3=$(vm_ip 3)
T=$(mktemp -d)
for i in 1 2 3; do ping_ok $i $HOST_IP; done

brfwctl set add s $V3
brfwctl port set vnet2 policy-in drop policy-out drop
brfwctl rule add vnet2 inout id 1 proto icmp src $V1 accept
brfwctl rule add vnet2 in id 2 src @s drop
brfwctl rule add vnet2 inout id 3 proto icmp src $V3 accept
brfwctl save > $T/base.conf

in_vm 1 ping -c 1500 -i 0.01 -W 5 -q $V2 > $T/p1 2>&1 &
p1=$!
in_vm 3 ping -c 1500 -i 0.01 -W 1 -q $V2 > $T/p3 2>&1 &
p3=$!
fails=0 dumps=0 n=0
t0=$(date +%s)
while kill -0 $p1 2>/dev/null && [ $n -lt 400 ]; do
	n=$((n + 1))
	{
		brfwctl rule insert vnet2 in pos 1 id 100 proto udp dport $n drop &&
		brfwctl rule insert vnet2 inout pos 2 id 101 proto tcp src 10.9.0.0/16 reject &&
		brfwctl set add-elem s 10.9.$((n % 256)).0/24 &&
		brfwctl rule del vnet2 id 100 &&
		brfwctl set del-elem s 10.9.$((n % 256)).0/24 &&
		brfwctl rule del vnet2 id 101
	} >> $T/err 2>&1 || fails=$((fails + 1))
	case $((n % 10)) in
	0) brfwctl counters reset vnet2 >> $T/err 2>&1 || fails=$((fails + 1)) ;;
	3) brfwctl -j rule show | $PY -c 'import json, sys; json.load(sys.stdin)' >> $T/err 2>&1 &&
		dumps=$((dumps + 1)) || fails=$((fails + 1)) ;;
	5) brfwctl restore $T/base.conf >> $T/err 2>&1 || fails=$((fails + 1)) ;;
	7) brfwctl -j set show | $PY -c 'import json, sys; json.load(sys.stdin)' >> $T/err 2>&1 ||
		fails=$((fails + 1)) ;;
	esac
done
diag "$n rounds of changes in $(( $(date +%s) - t0 )) s"
check_eq "every change succeeded" 0 $fails
diag "$(head -5 $T/err)"
check "dumps parsed while rules changed ($dumps)" test $dumps -ge 1
wait $p1; wait $p3
sent=$(grep -o '[0-9]* packets transmitted' $T/p1 | grep -o '^[0-9]*')
got=$(grep -o '[0-9]* received' $T/p1 | grep -o '^[0-9]*')
check_eq "vm1's pings (accepted by every version): all $sent answered" "$sent" "$got"
check_eq "vm3's pings (dropped by every version): none answered" 0 \
	"$(grep -o '[0-9]* received' $T/p3 | grep -o '^[0-9]*')"
check "the configuration is back to base" sh -c "$BRFWCTL save | cmp -s - $T/base.conf"

# A port with rules and sets in use disappears with traffic on it.
brfwctl rule add vnet3 in id 1 src @s drop
brfwctl rule add vnet3 out id 2 proto udp reject
in_vm 1 ping -c 300 -i 0.01 -q $V3 >/dev/null 2>&1 &
p=$!
sleep 1
check "ip link del vnet3 under traffic" ip link del vnet3
wait $p
check_eq "set s is used by vnet2's rule only" 1 "$(set_get s refs)"

# Namespaces with their own bridge, sets and rules go away whole.
for k in 1 2 3; do
	ip netns add brfw-ns$k
	ip netns exec brfw-ns$k sh -c "
		ip link add br1 type bridge && ip link set br1 up &&
		ip link add p1 type veth peer name q1 && ip link set p1 master br1 up &&
		$BRFWCTL set add t 10.0.0.0/8 192.168.0.0/16 &&
		$BRFWCTL rule add p1 in id 1 src @t drop &&
		$BRFWCTL rule add p1 out id 2 proto tcp dport 1-1000 reject log" >> $T/err 2>&1 ||
		fails=$((fails + 1))
	ip netns del brfw-ns$k
done
check_eq "3 namespaces with sets and rules created and deleted" 0 $fails
check_eq "this namespace's sets untouched" "s" "$(set_names)"

check "rmmod brfw with rules and sets in place" rmmod brfw
check "insmod brfw again" insmod "$SRC/build/$(uname -r)/brfw.ko"
check_eq "a fresh start: no rule, no set" "0 " "$(rule_count) $(set_names)"
rm -rf $T

t_done
