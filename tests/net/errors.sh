#!/bin/bash
# Every brfwctl error path prints its own "Error: ..." and exits 1; every
# malformed netlink request gets an extack message; and a bad request
# changes nothing.
. "$(dirname "$0")/../lib.sh"
need "$BRFWCTL" "$NLPROBE" setpriv
topo_up 2
ip link add lone type veth peer name lone-peer

brfwctl port set vnet1 policy-in drop policy-out accept
# The configuration, without counters, to compare after every failure.
config() {
	"$BRFWCTL" -j port show | $PY -c '
import json, sys
for p in json.load(sys.stdin):
    print(p["port"], p["ifindex"], p["bridge"], p["policy_in"], p["policy_out"])'
}
before=$(config)

# --- brfwctl: words -----------------------------------------------------------
check_err "unknown command" 'unknown command "frobnicate"' brfwctl frobnicate
check_err "unknown port subcommand" '"sit"' brfwctl port sit vnet1
check_err "unknown keyword" 'unknown keyword "policy-up"' brfwctl port set vnet1 policy-up drop
check_err "bad verdict" 'accept or drop' brfwctl port set vnet1 policy-in maybe
check_err "missing verdict" 'policy-in' brfwctl port set vnet1 policy-in
check_err "nothing to set" 'nothing to set' brfwctl port set vnet1
check_err "missing device argument" 'device' brfwctl port set
check_err "unknown option" 'option' brfwctl -z port show
check_err "trailing word after port show DEV" '"extra"' brfwctl port show vnet1 extra

# --- brfwctl: devices ----------------------------------------------------------
check_err "missing device" 'device "vnet9" does not exist' brfwctl port set vnet9 policy-in drop
check_err "missing device on show" 'device "vnet9" does not exist' brfwctl port show vnet9
check_err "missing device on del" 'device "vnet9" does not exist' brfwctl port del vnet9
check_err "not a bridge port (lone veth)" 'not a bridge port' brfwctl port set lone policy-in drop
check_err "not a bridge port (the bridge)" 'not a bridge port' brfwctl port set br0 policy-in drop
check_err "del of a port with no policy" 'no brfw policy' brfwctl port del vnet2
check_err "show of a port with no policy" 'no brfw policy' brfwctl port show vnet2

# --- permissions -----------------------------------------------------------------
nobody() { setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all "$@"; }
check_err "unprivileged port set" 'CAP_NET_ADMIN' nobody "$BRFWCTL" port set vnet1 policy-in accept
check_err "unprivileged port del" 'CAP_NET_ADMIN' nobody "$BRFWCTL" port del vnet1
check_err "unprivileged port show" 'CAP_NET_ADMIN' nobody "$BRFWCTL" port show
check "unprivileged version works" nobody "$BRFWCTL" version

check_eq "no brfwctl failure changed the configuration" "$before" "$(config)"

# --- the kernel's own validation (requests brfwctl never builds) -------------
# Commands: 1 VERSION_GET 2 PORT_SET 3 PORT_GET 4 PORT_DEL.
# Attributes: 4 IFINDEX 8 POLICY_IN 9 POLICY_OUT 10 STATS_IN.
IDX=$(cat /sys/class/net/vnet1/ifindex)
IDX2=$(cat /sys/class/net/vnet2/ifindex)
LONE=$(cat /sys/class/net/lone/ifindex)
nl_expect "unknown attribute type" '^error 22: .*[Uu]nknown attribute type attr=200' -c 2 u32:4:$IDX raw:200:00
nl_expect "attribute the command does not take" '^error 22: .*[Uu]nsupported attribute attr=8' -c 4 u32:4:$IDX2 u8:8:1
nl_expect "reply-only attribute in a request" '^error 22: .* attr=10' -c 2 u32:4:$IDX raw:10:
nl_expect "wrong attribute length" '^error 22: .*attribute length attr=8' -c 2 u32:4:$IDX u32:8:1
nl_expect "verdict out of range" '^error 34: .*out of range attr=8' -c 2 u32:4:$IDX u8:8:7
nl_expect "policy-out out of range" '^error 34: .*out of range attr=9' -c 2 u32:4:$IDX u8:9:2
nl_expect "ifindex 0" '^error 34: .*out of range attr=4' -c 2 u32:4:0 u8:8:1
nl_expect "missing ifindex (set)" '^error 22: missing attribute: ifindex missing=4' -c 2 u8:8:1
nl_expect "missing ifindex (del)" '^error 22: missing attribute: ifindex missing=4' -c 4
nl_expect "missing ifindex (get)" '^error 22: missing attribute: ifindex missing=4' -c 3
nl_expect "string where u32 belongs" '^error 22: .*attribute length attr=4' -c 2 str:4:vnet1
nl_expect "no such ifindex" '^error 19: ifindex: no such device.* attr=4' -c 2 u32:4:999999 u8:8:1
nl_expect "not a bridge port" '^error 22: ifindex: device is not a bridge port attr=4' -c 2 u32:4:$LONE u8:8:1
nl_expect "reserved header byte" '^error 22: ' -r 1 -c 3 -d
nl_expect "unknown command" '^error 95' -c 99
nl_expect "attribute on version get" '^error 22: ' -c 1 u32:4:$IDX
out=$(nl_probe -c 2 u32:4:$IDX u8:8:1)
check_eq "well-formed raw set works" ok "$(echo "$out" | head -1)"
out=$(setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all "$NLPROBE" -c 2 u32:4:$IDX u8:8:0)
check "unprivileged raw set is refused with EPERM" test "${out%%:*}" = "error 1"
nl_expect "version get works" '^ok' -c 1
nl_expect "dump works" '^replies 1' -c 3 -d

check_eq "no rejected request changed the configuration" "$before" "$(config)"
check_fail "vnet1 still drops" ping_ok 2 "$(vm_ip 1)"
t_done
