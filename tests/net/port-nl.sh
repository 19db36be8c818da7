#!/bin/bash
# The kernel's own validation of PORT_SET (the policies and the identity),
# with hand-built netlink requests (nlprobe) that brfwctl never sends:
# each bad request fails with an extack message and changes nothing. On a
# port with a policy it is all or nothing (the request's good attributes
# are not applied either); on a port without one no policy appears.
. "$(dirname "$0")/../lib.sh"
need "$BRFWCTL" "$NLPROBE" "$PY"
rule_topo_up 2
IDX=$(cat /sys/class/net/vnet1/ifindex)
IDX2=$(cat /sys/class/net/vnet2/ifindex)

# PORT_SET is command 2. Attributes: 4 IFINDEX 8 POLICY_IN 9 POLICY_OUT
# 12 MAC 13 IP4 14 IP6 15 VLANS 16 PORT_FLAGS 17 PORT_FLAGS_MASK
# 18 ISOLATION 19 COMMUNITY. List entries: 1 PREFIX (in it
# 1 ADDR 2 LEN), 2 VLAN. Flags: 1 spoof-check. Isolation: 2 community.
E='^error [0-9]+: [^ ]'
# bad DESC MSG ATTRS...: a PORT_SET of vnet1 with ATTRS and policy-in
# accept (vnet1's is drop) fails with extack message MSG; so does the same
# on vnet2 (no policy).
bad() {
	desc=$1 msg=$2; shift 2
	nl_expect "$desc" "^error [0-9]+: $msg" -c 2 u32:4:$IDX u8:8:0 "$@"
	nl_expect "$desc (a port without a policy)" "^error [0-9]+: $msg" -c 2 u32:4:$IDX2 "$@"
}
# pfx HEXADDR LEN: one PREFIX list entry.
pfx() { echo "nest:1 raw:1:$1 u8:2:$2 end"; }
# port_ips DEV: its IPv4 list, as port show -j gives it.
port_ips() {
	"$BRFWCTL" -j port show "$1" | $PY -c '
import json, sys
d = json.load(sys.stdin)
p = d[0] if isinstance(d, list) else d
print(" ".join(p.get("ip", [])))'
}
V6=20010db8000000000000000000000001

brfwctl port set vnet1 policy-in drop mac "$(vm_mac 1)" ip "$(vm_ip 1)" \
	ip6 2001:db8::11 vlan 10 spoof-check on
before=$(brfwctl save)
check "vnet1 has its identity" test "$(port_field vnet1 mac)" = "$(vm_mac 1)"

bad "POLICY_IN 3" "integer out of range" u8:8:3
bad "POLICY_OUT 3" "integer out of range" u8:9:3
bad "MAC of 5 bytes" "binary attribute size out of range" raw:12:0200000000
bad "a multicast MAC" "mac: must be a unicast address" raw:12:010000000001
bad "the broadcast MAC" "mac: must be a unicast address" raw:12:ffffffffffff
bad "IP4 with an IPv6 address" "ip: each entry needs a 4-byte address" nest:13 $(pfx $V6 128) end
bad "IP4 with prefix length 33" "ip: prefix length above 32" nest:13 $(pfx 0a00000b 33) end
bad "IP4 with host bits set" "ip: host bits set in prefix" nest:13 $(pfx 0a00000b 24) end
bad "IP4 with a VLAN entry" "Unsupported attribute" nest:13 u16:2:10 end
bad "IP4 with 65 entries" "ip: too many entries" nest:13 $(for i in $(seq 1 65); do pfx "$(printf '0a0001%02x' "$i")" 32; done) end
bad "IP6 with an IPv4 address" "ip6: each entry needs a 16-byte address" nest:14 $(pfx 0a00000b 32) end
bad "IP6 with 65 entries" "ip6: too many entries" nest:14 $(for i in $(seq 1 65); do pfx "20010db80000000000000000000000$(printf '%02x' "$i")" 128; done) end
bad "VLANS with VLAN 0" "integer out of range" nest:15 u16:2:0 end
bad "VLANS with VLAN 4095" "integer out of range" nest:15 u16:2:4095 end
bad "VLANS with a prefix entry" "Unsupported attribute" nest:15 $(pfx 0a00000b 32) end
bad "VLANS with a 1-byte entry" "invalid attribute length" nest:15 u8:2:5 end
bad "VLANS with 257 VLANs" "vlan: at most 256 VLANs" nest:15 $(for i in $(seq 1 257); do echo u16:2:$i; done) end
bad "PORT_FLAGS without the mask" "port-flags and port-flags-mask go together" u32:16:0
bad "PORT_FLAGS_MASK without flags" "port-flags and port-flags-mask go together" u32:17:1
bad "PORT_FLAGS with an unknown bit" "reserved bit set" u32:16:0x80000000 u32:17:0x80000000
bad "ISOLATION 4" "integer out of range" u8:18:4
bad "ISOLATION community without COMMUNITY" "isolation: community needs a name" u8:18:2
bad "ISOLATION community with an empty name" "isolation: community needs a name" u8:18:2 str:19:
bad "COMMUNITY without ISOLATION" "community: only with isolation community" str:19:blue
bad "COMMUNITY with ISOLATION isolated" "community: only with isolation community" u8:18:1 str:19:blue
bad "an attribute PORT_SET does not take (RULE_ID)" "Unsupported attribute" u32:22:1
nl_expect "spoof-check with the MAC cleared" "$E.*needs a mac" -c 2 u32:4:$IDX u8:8:0 raw:12:000000000000
nl_expect "spoof-check on a port without a MAC" "$E.*needs a mac" -c 2 u32:4:$IDX2 u32:16:1 u32:17:1
nl_expect "a good MAC and a bad IP4 in one request: refused whole" "$E.*prefix length" \
	-c 2 u32:4:$IDX u8:8:0 raw:12:020000000005 nest:13 $(pfx 0a00000b 33) end

check_eq "no bad request changed anything" "$before" "$(brfwctl save)"
check_eq "vnet1's policy-in is still drop" drop "$(port_field vnet1 policy_in)"
check_err "vnet2 still has no policy" 'no brfw policy' brfwctl port show vnet2

# And requests that are fine.
nl_expect "a well-formed PORT_SET on vnet2 (mac, ip, policy-in drop)" '^ok' \
	-c 2 u32:4:$IDX2 u8:8:1 raw:12:020000000002 nest:13 $(pfx 0a00000c 32) end
check_eq "vnet2 has them" "drop $(vm_mac 2) $(vm_ip 2)" \
	"$(port_field vnet2 policy_in) $(port_field vnet2 mac) $(port_ips vnet2)"
nl_expect "an empty IP4 nest clears the list" '^ok' -c 2 u32:4:$IDX2 nest:13 end
check_eq "vnet2 has no IPv4 address" "" "$(port_ips vnet2)"

t_done
