#!/bin/bash
# port show lists every port exactly once when the dump spans many
# messages; text and JSON agree.
. "$(dirname "$0")/../lib.sh"
need "$BRFWCTL"
topo_up 1

N=60
for i in $(seq $N); do
	echo "link add p$i type veth peer name q$i"
	echo "link set p$i master br0"
done | ip -batch -
for i in $(seq $N); do
	echo "port set p$i policy-in $([ $((i % 2)) = 0 ] && echo drop || echo accept)"
done > /tmp/ports.cmds
while read -r line; do "$BRFWCTL" $line || echo FAIL; done < /tmp/ports.cmds > /tmp/ports.out
check_eq "$N port sets succeeded" 0 "$(grep -c FAIL /tmp/ports.out)"

json=$("$BRFWCTL" -j port show)
check_eq "JSON lists $N ports" $N "$(echo "$json" | $PY -c 'import json,sys; print(len(json.load(sys.stdin)))')"
check_eq "no port listed twice" $N "$(echo "$json" | $PY -c 'import json,sys; print(len({p["ifindex"] for p in json.load(sys.stdin)}))')"
check_eq "policies as set" $((N / 2)) "$(echo "$json" | $PY -c 'import json,sys; print(sum(p["policy_in"] == "drop" for p in json.load(sys.stdin)))')"
check_eq "every port names its bridge" $N "$(echo "$json" | $PY -c 'import json,sys; print(sum(p["bridge"] == "br0" for p in json.load(sys.stdin)))')"
text=$("$BRFWCTL" port show)
check_eq "text lists the same ports" $N "$(echo "$text" | grep -cE '^p[0-9]+ ')"
check "text shows p2 as drop" sh -c "echo '$text' | grep -E '^p2 ' | grep -q drop"

# Dumps while ports come and go: never a duplicate, never an error.
( for i in $(seq 1 2 40); do "$BRFWCTL" port del p$i; "$BRFWCTL" port set p$i policy-out drop; done ) >/dev/null 2>&1 &
dups=0 errs=0
for _ in $(seq 20); do
	out=$("$BRFWCTL" -j port show) || { errs=$((errs + 1)); continue; }
	echo "$out" | $PY -c 'import json,sys; l=[p["ifindex"] for p in json.load(sys.stdin)]; sys.exit(len(l) != len(set(l)))' || dups=$((dups + 1))
done
wait
check_eq "concurrent dumps: no error" 0 $errs
check_eq "concurrent dumps: no duplicates" 0 $dups
t_done
