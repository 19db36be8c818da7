#!/bin/bash
# Rules, layer 4 matches, with real traffic: sport and dport (one port, a
# range, a list), for TCP and UDP, in and out; icmp-type with and without
# a code; tcp-flags syn (new connections, but not answers to our own) and
# FLAGS/MASK. Each drop rule stops exactly what it names and counts it.
. "$(dirname "$0")/../lib.sh"
need ping "$NETTEST" "$BRFWCTL" "$PY"
rule_topo_up 3
V1=$(vm_ip 1) V2=$(vm_ip 2) V3=$(vm_ip 3)

# --- dport ----------------------------------------------------------------------
check "rule add vnet2 in id 1 proto tcp dport 8080 drop" brfwctl rule add vnet2 in id 1 proto tcp dport 8080 drop
rule_tcp 1 2 8080; check_eq "tcp dport 8080: TCP to 8080 times out" 2 $?
check "tcp dport 8080: TCP to 8081 passes" rule_tcp 1 2 8081
check "tcp dport 8080: UDP to 8080 passes" rule_udp 1 2 8080
check "tcp dport 8080: TCP vm1 -> vm3:8080 passes" rule_tcp 1 3 8080
n=$(rule_pkts vnet2 1)
check "tcp dport 8080: the SYNs to 8080 counted ($n), nothing else" test "$n" -ge 1 -a "$n" -le 3
brfwctl rule del vnet2 id 1

check "rule add vnet2 in id 2 proto udp dport 8000-8099 drop" brfwctl rule add vnet2 in id 2 proto udp dport 8000-8099 drop
rule_udp 1 2 8000; check_eq "udp dport 8000-8099: 8000 times out" 2 $?
rule_udp 1 2 8099; check_eq "udp dport 8000-8099: 8099 times out" 2 $?
check "udp dport 8000-8099: 7999 passes" rule_udp 1 2 7999
check "udp dport 8000-8099: 8100 passes" rule_udp 1 2 8100
check "udp dport 8000-8099: TCP to 8050 passes" rule_tcp 1 2 8050
check_rule_cnt "udp dport range: 2 datagrams, 94 bytes" vnet2 2 2 94
brfwctl rule del vnet2 id 2

check "rule add vnet2 in id 3 proto tcp dport 22,8000-8010,9000 drop" \
	brfwctl rule add vnet2 in id 3 proto tcp dport 22,8000-8010,9000 drop
check_eq "a list shows as given" "3 in proto tcp dport 22,8000-8010,9000 drop" "$(rule_texts vnet2)"
rule_tcp 1 2 9000; check_eq "dport list: 9000 times out" 2 $?
rule_tcp 1 2 8005; check_eq "dport list: 8005 times out" 2 $?
rule_tcp 0 2 22; check_eq "dport list: 22 from the host times out" 2 $?
check "dport list: 8011 passes" rule_tcp 1 2 8011
check "dport list: 9001 passes" rule_tcp 1 2 9001
brfwctl rule del vnet2 id 3

# --- sport: the server's replies go out with its port as the source ------------
check "rule add vnet2 out id 4 proto tcp sport 8080 drop" brfwctl rule add vnet2 out id 4 proto tcp sport 8080 drop
rule_tcp 1 2 8080; check_eq "out tcp sport 8080: vm2's SYN-ACK dropped, vm1 times out" 2 $?
check "out tcp sport 8080: the server on 8081 answers" rule_tcp 1 2 8081
check "out tcp sport 8080: vm2 connects to vm1:8080" rule_tcp 2 1 8080
n=$(rule_pkts vnet2 4)
check "out tcp sport 8080: SYN-ACKs counted ($n)" test "$n" -ge 1
brfwctl rule del vnet2 id 4
check "rule add vnet2 out id 5 proto udp sport 5000-5999,53 drop" brfwctl rule add vnet2 out id 5 proto udp sport 5000-5999,53 drop
rule_udp 1 2 5353; check_eq "out udp sport 5000-5999,53: answer from 5353 dropped" 2 $?
rule_udp 0 2 53; check_eq "out udp sport 5000-5999,53: answer from 53 to the host dropped" 2 $?
check "out udp sport 5000-5999,53: answer from 6000 passes" rule_udp 1 2 6000
check_rule_cnt "out udp sport: 2 answers, 94 bytes" vnet2 5 2 94
brfwctl rule del vnet2 id 5
check "rule add vnet2 in id 6 proto udp sport 1-1023 drop" brfwctl rule add vnet2 in id 6 proto udp sport 1-1023 drop
check "in udp sport 1-1023: vm1's ephemeral source port passes" rule_udp 1 2 5353
brfwctl rule del vnet2 id 6

# --- icmp-type --------------------------------------------------------------------
check "rule add vnet2 in id 10 proto icmp icmp-type 8 drop" brfwctl rule add vnet2 in id 10 proto icmp icmp-type 8 drop
check_fail "icmp-type 8 in: vm1's echo request to vm2 dropped" rule_ping1 1 $V2
check "icmp-type 8 in: vm2 pings vm1 (the echo reply, type 0, comes in)" ping_ok 2 $V1
check_rule_cnt "icmp-type 8: 1 frame" vnet2 10 1 98
brfwctl rule del vnet2 id 10
check "rule add vnet2 in id 11 proto icmp icmp-type 0 drop" brfwctl rule add vnet2 in id 11 proto icmp icmp-type 0 drop
check_fail "icmp-type 0 in: vm2 gets no reply from vm1" rule_ping1 2 $V1
check "icmp-type 0 in: vm1 pings vm2" ping_ok 1 $V2
brfwctl rule del vnet2 id 11
# A closed UDP port answers with port unreachable (type 3 code 3).
rule_nc udp 2 $V1 7777; check_eq "no rule: a closed UDP port refuses" 1 $?
check "rule add vnet2 in id 12 proto icmp icmp-type 3/1 drop" brfwctl rule add vnet2 in id 12 proto icmp icmp-type 3/1 drop
rule_nc udp 2 $V1 7777; check_eq "icmp-type 3/1: port unreachable (code 3) still comes in" 1 $?
check "rule add vnet2 in id 13 proto icmp icmp-type 3/3 drop" brfwctl rule add vnet2 in id 13 proto icmp icmp-type 3/3 drop
rule_nc udp 2 $V1 7777; check_eq "icmp-type 3/3: the port unreachable is dropped, vm2 times out" 2 $?
check_rule_cnt "icmp-type 3/1 counted nothing" vnet2 12 0 0
check_rule_cnt "icmp-type 3/3 counted 1" vnet2 13 1
check "icmp-type 3/3: pings pass" ping_ok 1 $V2
brfwctl rule del vnet2 id 12
brfwctl rule del vnet2 id 13
check "rule add vnet2 out id 14 proto icmp icmp-type 3 drop" brfwctl rule add vnet2 out id 14 proto icmp icmp-type 3 drop
rule_nc udp 1 $V2 7777; check_eq "out icmp-type 3: vm2's port unreachable dropped" 2 $?
check "out icmp-type 3: vm2 answers pings" ping_ok 1 $V2
brfwctl rule del vnet2 id 14

# --- tcp-flags --------------------------------------------------------------------
check "rule add vnet2 in id 20 proto tcp tcp-flags syn drop" brfwctl rule add vnet2 in id 20 proto tcp tcp-flags syn drop
rule_tcp 1 2 8080; check_eq "tcp-flags syn in: new connections to vm2 time out" 2 $?
rule_tcp 0 2 8080; check_eq "tcp-flags syn in: from the host too" 2 $?
check "tcp-flags syn in: vm2 connects out (the SYN-ACK is not syn)" rule_tcp 2 1 8080
check "tcp-flags syn in: UDP passes" rule_udp 1 2 8080
n=$(rule_pkts vnet2 20)
check "tcp-flags syn: SYNs counted ($n)" test "$n" -ge 2
brfwctl rule del vnet2 id 20
check "rule add vnet2 in id 21 proto tcp tcp-flags syn,ack/syn,ack drop" \
	brfwctl rule add vnet2 in id 21 proto tcp tcp-flags syn,ack/syn,ack drop
rule_tcp 2 1 8080; check_eq "tcp-flags syn,ack: vm2's connection out times out" 2 $?
check "tcp-flags syn,ack: connections to vm2 pass" rule_tcp 1 2 8080
brfwctl rule del vnet2 id 21
check "rule add vnet2 out id 22 proto tcp tcp-flags rst/rst drop" \
	brfwctl rule add vnet2 out id 22 proto tcp tcp-flags rst/rst drop
rule_nc tcp 1 $V2 7777; check_eq "out tcp-flags rst: vm2's RST for a closed port dropped" 2 $?
check "out tcp-flags rst: connections to vm2 pass" rule_tcp 1 2 8080
brfwctl rule del vnet2 id 22
rule_nc tcp 1 $V2 7777; check_eq "no rule: a closed TCP port refuses" 1 $?

t_done
