#!/bin/bash
# Rule "log": a matching frame gives a kernel log line (nf_log) whose
# prefix names the port, the direction, the rule id and the verdict; the
# lines are rate limited per port (a burst gives a handful of lines, but
# every frame is still counted and handled); rules without log say
# nothing.
. "$(dirname "$0")/../lib.sh"
need ping dmesg "$NETTEST" "$BRFWCTL" "$PY"
rule_topo_up 3
V1=$(vm_ip 1) V2=$(vm_ip 2) V3=$(vm_ip 3)

# loglines ID [PORT DIR VERDICT]: new kernel log lines for rule ID (a word
# of its own, not nf_log's IP ID=) that also name PORT, DIR (a word not
# followed by "=", so not nf_log's IN=/OUT=) and VERDICT.
loglines() {
	rule_dmesg_new | $PY -c '
import re, sys
a = sys.argv[1:] + [""] * 3
rid, port, d, verdict = a[:4]
n = 0
for line in sys.stdin:
    if not re.search(r"(?<![\w.:])(?<!ID=)%s(?![\w.:])" % rid, line):
        continue
    if port and not re.search(r"\b%s\b" % re.escape(port), line):
        continue
    if d and not re.search(r"(?<![A-Za-z])%s(?![A-Za-z=])" % d, line, re.I):
        continue
    if verdict and not re.search(r"(?<![A-Za-z])%s(?![A-Za-z])" % verdict, line, re.I):
        continue
    n += 1
print(n)' "$@"
}
anylines() { loglines "$1"; }

rule_dmesg_mark
check "rule add vnet2 in id 4242 proto icmp src $V1 drop log" brfwctl rule add vnet2 in id 4242 proto icmp src $V1 drop log
check_eq "rule show ends with drop log" "4242 in proto icmp src $V1 drop log" "$(rule_texts vnet2)"
check_eq "JSON: log true" true "$(rule_get vnet2 4242 log)"
check_fail "drop log: vm1 cannot ping vm2" rule_ping1 1 $V2
sleep 0.5
check_eq "one line naming vnet2, in, 4242, drop" 1 "$(loglines 4242 vnet2 in drop)"
diag "$(rule_dmesg_new | grep -E '4242' | head -2)"
check "the line shows the frame (source address)" sh -c "dmesg | grep 4242 | grep -q $V1"

rule_dmesg_mark
check "rule add vnet2 out id 4343 proto icmp icmp-type 0 accept log" \
	brfwctl rule add vnet2 out id 4343 proto icmp icmp-type 0 accept log
check "rule add vnet3 in id 4444 proto tcp dport 8080 reject log" \
	brfwctl rule add vnet3 in id 4444 proto tcp dport 8080 reject log
check "rule add vnet3 in id 4545 proto udp drop" brfwctl rule add vnet3 in id 4545 proto udp drop
check "accept log: vm3 pings vm2" ping_ok 3 $V2
rule_tcp 1 3 8080; check_eq "reject log: TCP vm1 -> vm3:8080 refused" 1 $?
rule_udp 1 3 5353; check_eq "drop without log: UDP vm1 -> vm3 times out" 2 $?
sleep 0.5
check_eq "one line naming vnet2, out, 4343, accept" 1 "$(loglines 4343 vnet2 out accept)"
check_eq "one line naming vnet3, in, 4444, reject" 1 "$(loglines 4444 vnet3 in reject)"
check_eq "no line for rule 4545 (no log)" 0 "$(anylines 4545)"
check_eq "no new line for rule 4242" 0 "$(anylines 4242)"

# A burst: every frame counted and dropped, a handful of lines.
rule_dmesg_mark
c0=$(rule_pkts vnet2 4242)
t0=$(date +%s)
in_vm 1 ping -c 100 -i 0.01 -W 1 -q $V2 >/dev/null 2>&1
diag "the burst took $(( $(date +%s) - t0 )) s"
check_eq "burst of 100: all dropped and counted" 100 $(( $(rule_pkts vnet2 4242) - c0 ))
sleep 0.5
n=$(anylines 4242)
check "burst of 100: $n log lines (1..25)" test "$n" -ge 1 -a "$n" -le 25
# The limit is per port: vnet3 still logs during vnet2's silence.
rule_dmesg_mark
rule_tcp 1 3 8080; check_eq "reject log during vnet2's limit: refused" 1 $?
sleep 0.5
check_eq "vnet3 still logs (its own limit)" 1 "$(loglines 4444 vnet3 in reject)"

t_done
