#!/bin/bash
# The kernel's own validation of rules, sets and transactions, with
# hand-built netlink requests (nlprobe) that brfwctl never sends: each bad
# request fails with an extack message and changes nothing; a transaction
# belongs to its socket (dropped when it closes), and only TXN_COMMIT makes
# it live.
. "$(dirname "$0")/../lib.sh"
need "$BRFWCTL" "$NLPROBE" "$PY"
rule_topo_up 2
IDX=$(cat /sys/class/net/vnet1/ifindex)
IDX2=$(cat /sys/class/net/vnet2/ifindex)

brfwctl set add v4 10.0.0.0/24
brfwctl rule add vnet1 in id 1 proto tcp src @v4 dport 22 drop
before=$(brfwctl save)

# Commands: 2 PORT_SET 5 RULE_ADD 6 RULE_DEL 8 SET_NEW 9 SET_DEL
# 10 SET_ELEM_ADD 11 SET_ELEM_DEL 14 TXN_BEGIN 15 TXN_COMMIT 16 TXN_ABORT.
# Attributes: 4 IFINDEX 8 POLICY_IN 21 RULE 22 RULE_ID 23 RULE_POS
# 24 SET_NAME 25 SET_ELEMS 28 TXN. In RULE: 2 ID 3 DIRS 4 ACTION 5 LOG
# 6 ETHERTYPE 7 SRC_MAC 9 VLAN 10 PROTO 11 SRC 12 DST 13 SPORT 14 DPORT
# 15 ICMP_TYPE 16 ICMP_CODE 17 TCP_FLAGS 18 TCP_FLAGS_MASK 19 POS_IN
# 21 COUNTERS. In SRC/DST: 1 ADDR 2 LEN 3 SET. Ranges: list entry 3, in it
# 1 LO 2 HI. Set elements: list entry 1 (PREFIX), in it 1 ADDR 2 LEN.
# An errno and an extack message.
E='^error [0-9]+: [^ ]'
# all_ok DESC NLPROBE-ARGS...: every request of the line succeeds.
all_ok() {
	desc=$1; shift
	out=$(nl_probe "$@")
	if [ $? -eq 0 ] && ! echo "$out" | grep -q '^error'; then ok "$desc"; else not_ok "$desc"; diag "got: $out"; fi
}
# rule DESC PATTERN RULE-ATTRS...: a RULE_ADD on vnet1 with these in the nest.
rule() {
	desc=$1 pat=$2; shift 2
	nl_expect "$desc" "$pat" -c 5 u32:4:$IDX nest:21 "$@" end
}
IN="u8:3:1"
DROP="u8:4:1"
range() { echo "nest:3 u16:1:$1 u16:2:$2 end"; }

rule "no DIRS" "$E" $DROP u8:10:6
rule "no ACTION" "$E" $IN u8:10:6
rule "DIRS 0" "$E" u8:3:0 $DROP
rule "DIRS 4" "$E" u8:3:4 $DROP
rule "ACTION 3" "$E" $IN u8:4:3
rule "ID 0" "$E" $IN $DROP u32:2:0
rule "duplicate ID" "$E" $IN $DROP u32:2:1
rule "ETHERTYPE 0x05ff" "$E" $IN $DROP u16:6:0x05ff
rule "VLAN 0" "$E" $IN $DROP u16:9:0
rule "VLAN 4095" "$E" $IN $DROP u16:9:4095
rule "PROTO 0" "$E" $IN $DROP u8:10:0
rule "SRC_MAC of 5 bytes" "$E" $IN $DROP raw:7:0200000000
rule "SPORT without PROTO" "$E" $IN $DROP nest:13 $(range 80 80) end
rule "DPORT with PROTO icmp" "$E" $IN $DROP u8:10:1 nest:14 $(range 80 80) end
rule "a range with LO > HI" "$E" $IN $DROP u8:10:6 nest:14 $(range 200 100) end
rule "17 ranges" "$E" $IN $DROP u8:10:6 nest:14 \
	$(for i in $(seq 1 17); do range $i $i; done) end
rule "an empty DPORT list" "$E" $IN $DROP u8:10:6 nest:14 end
rule "ICMP_TYPE without PROTO" "$E" $IN $DROP u8:15:8
rule "ICMP_TYPE with PROTO tcp" "$E" $IN $DROP u8:10:6 u8:15:8
rule "ICMP_CODE without ICMP_TYPE" "$E" $IN $DROP u8:10:1 u8:16:3
rule "TCP_FLAGS with PROTO udp" "$E" $IN $DROP u8:10:17 u8:17:2 u8:18:18
rule "PROTO icmpv6 with an IPv4 SRC" "$E" $IN $DROP u8:10:58 nest:11 raw:1:0a00000b end
rule "PROTO icmp with an IPv6 DST" "$E" $IN $DROP u8:10:1 nest:12 raw:1:20010db8000000000000000000000001 end
rule "ETHERTYPE arp with PROTO tcp" "$E" $IN $DROP u16:6:0x0806 u8:10:6
rule "ETHERTYPE ip with an IPv6 SRC" "$E" $IN $DROP u16:6:0x0800 nest:11 raw:1:20010db8000000000000000000000001 end
rule "IPv4 SRC, IPv6 DST" "$E" $IN $DROP nest:11 raw:1:0a00000b end nest:12 raw:1:20010db8000000000000000000000001 end
rule "an address of 5 bytes" "$E" $IN $DROP nest:11 raw:1:0a0000000b end
rule "prefix length 33" "$E" $IN $DROP nest:11 raw:1:0a000000 u8:2:33 end
rule "host bits set" "$E" $IN $DROP nest:11 raw:1:0a000001 u8:2:24 end
rule "ADDR and SET at once" "$E" $IN $DROP nest:11 raw:1:0a000000 str:3:v4 end
rule "neither ADDR nor SET" "$E" $IN $DROP nest:11 u8:2:24 end
rule "unknown SET" "$E" $IN $DROP nest:11 str:3:nosuch end
rule "PROTO icmpv6 with an IPv4 set" "$E" $IN $DROP u8:10:58 nest:11 str:3:v4 end
rule "POS_IN (reply only)" "$E" $IN $DROP u32:19:1
rule "COUNTERS (reply only)" "$E" $IN $DROP nest:21 end
nl_expect "RULE_ADD without RULE" "$E" -c 5 u32:4:$IDX
nl_expect "RULE_ADD without IFINDEX" "$E" -c 5 nest:21 $IN $DROP end
nl_expect "RULE_ADD on the bridge" "$E" -c 5 u32:4:$(cat /sys/class/net/br0/ifindex) nest:21 $IN $DROP end
nl_expect "RULE_POS 0" "$E" -c 5 u32:4:$IDX u32:23:0 nest:21 $IN $DROP end
nl_expect "RULE_DEL without RULE_ID" "$E" -c 6 u32:4:$IDX
nl_expect "RULE_DEL of an unknown id" "$E" -c 6 u32:4:$IDX u32:22:99
nl_expect "SET_NEW of an existing name" '^error 17: [^ ]' -c 8 str:24:v4
nl_expect "SET_NEW with a bad name" "$E" -c 8 str:24:a/b
nl_expect "SET_NEW with an empty name" "$E" -c 8 str:24:
nl_expect "SET_NEW with a 32-character name" "$E" -c 8 str:24:abcdefghijklmnopqrstuvwxyz012345
nl_expect "SET_NEW with host bits in a member" "$E" -c 8 str:24:new nest:25 nest:1 raw:1:0a000001 u8:2:24 end end
nl_expect "SET_ELEM_DEL of a non-member" '^error 2: [^ ]' -c 11 str:24:v4 nest:25 nest:1 raw:1:0b000000 u8:2:8 end end
nl_expect "SET_DEL of an unknown set" "$E" -c 9 str:24:nosuch
check_eq "no bad request changed anything" "$before" "$(brfwctl save)"

# --- raw requests that are fine -----------------------------------------------------
nl_expect "a well-formed RULE_ADD (id 7, udp dport 53-54 drop)" '^ok' \
	-c 5 u32:4:$IDX nest:21 u32:2:7 $IN $DROP u8:10:17 nest:14 $(range 53 54) end end
check_eq "rule show has it, canonical" "7 in proto udp dport 53-54 drop" "$(rule_texts vnet1 | grep '^7 ')"
nl_expect "a well-formed RULE_ADD without ID gets 8" '^ok' -c 5 u32:4:$IDX nest:21 $IN $DROP end
check_eq "ids 1 7 8" "1 7 8" "$(rule_ids vnet1)"
brfwctl rule del vnet1 id 7; brfwctl rule del vnet1 id 8
nl_expect "SET_DEL of a set in use" '^error 16: [^ ]' -c 9 str:24:v4

# --- transactions ---------------------------------------------------------------------
before=$(brfwctl save)
nl_expect "TXN_COMMIT without TXN_BEGIN" "$E" -c 15
nl_expect "RULE_ADD with TXN, without TXN_BEGIN" "$E" -c 5 flag:28 u32:4:$IDX nest:21 $IN $DROP end
all_ok "BEGIN, PORT_SET, RULE_ADD, then the socket closes" \
	-c 14 + -c 2 flag:28 u32:4:$IDX2 u8:8:1 + -c 5 flag:28 u32:4:$IDX2 nest:21 $IN $DROP end
check_eq "an uncommitted transaction changed nothing" "$before" "$(brfwctl save)"
all_ok "BEGIN, RULE_ADD, ABORT" -c 14 + -c 5 flag:28 u32:4:$IDX2 nest:21 $IN $DROP end + -c 16
check_eq "an aborted transaction changed nothing" "$before" "$(brfwctl save)"
out=$(nl_probe -c 14 + -c 2 flag:28 u32:4:$IDX2 u8:8:1 + -c 5 flag:28 u32:4:$IDX2 nest:21 $IN $DROP u8:10:17 end + -c 5 flag:28 u32:4:$IDX2 nest:21 $IN $DROP nest:11 str:3:nosuch end end)
check_eq "a bad op inside a transaction fails, the 3 before it succeed" "3 1" \
	"$(echo "$out" | grep -c '^ok') $(echo "$out" | grep -c '^error')"
check_eq "nothing committed after it" "$before" "$(brfwctl save)"
all_ok "BEGIN, SET_NEW, PORT_SET, RULE_ADD, COMMIT" \
	-c 14 + -c 8 flag:28 str:24:s1 nest:25 nest:1 raw:1:0a00000d end end + \
	-c 2 flag:28 u32:4:$IDX2 u8:8:1 + \
	-c 5 flag:28 u32:4:$IDX2 nest:21 u32:2:5 $IN u8:4:0 nest:11 str:3:s1 end end + -c 15
check_eq "committed: only set s1, only vnet2 with its rule" "s1|vnet2|5 in src @s1 accept" \
	"$(set_names)|$(brfwctl -j port show | $PY -c 'import json, sys; print(" ".join(p["port"] for p in json.load(sys.stdin)))')|$(rule_texts vnet2)"
check_eq "vnet2's policy-in is drop" drop "$(port_field vnet2 policy_in)"
check_eq "the old vnet1 rule is gone: 1 rule in all" 1 "$(rule_count)"

t_done
