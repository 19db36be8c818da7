#!/bin/bash
# DHCP through spoof-checked ports: real exchanges (dnsmasq, busybox
# udhcpc) with the server in a VM whose port has dhcp-server on, and on the
# host; a VM without dhcp-server cannot hand out leases (dhcp_guard counts
# each of its offers); crafted DHCPv4 (sport 67) and DHCPv6 (sport 547)
# server messages are dropped unless dhcp-server is on, client messages
# always pass.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../pkt/pkt.sh"
need ping busybox dnsmasq "$BRFWCTL" "$PY"
pkt_start
topo_up 4
# vm1: server (dhcp-server on); vm2, vm3: clients; vm4: rogue server.
check "port set vnet1 ... dhcp-server on" brfwctl port set vnet1 mac "$(vm_mac 1)" \
	ip "$(vm_ip 1)" spoof-check on dhcp-server on
check "port set vnet2 ip 10.0.0.100/30 (client)" brfwctl port set vnet2 mac "$(vm_mac 2)" \
	ip 10.0.0.100/30 spoof-check on
check "port set vnet3 ip 10.0.0.104/30 (client)" brfwctl port set vnet3 mac "$(vm_mac 3)" \
	ip 10.0.0.104/30 spoof-check on
check "port set vnet4 (dhcp-server off)" brfwctl port set vnet4 mac "$(vm_mac 4)" \
	ip "$(vm_ip 4)" ip6 fe80::4 spoof-check on
check_json "JSON: dhcp_server on" vnet1 'p["dhcp_server"] is True'
check_json "JSON: dhcp_server off" vnet4 'p["dhcp_server"] is False'
ip -n vm2 addr flush dev eth0
ip -n vm3 addr flush dev eth0
learn_all
snap vnet1 vnet2 vnet3 vnet4

# dnsmasq_start VM IFACE RANGE: a DHCP-only dnsmasq, pid in $DNSMASQ, its
# log in $LOG (not in a subshell: check would lose them).
dnsmasq_start() {
	LOG=/tmp/dnsmasq.$1.log
	pre=
	[ "$1" = 0 ] || pre="ip netns exec vm$1"
	# (ip netns exec execs dnsmasq: $! is dnsmasq.)
	$pre dnsmasq --no-daemon --conf-file=/dev/null --port=0 --no-resolv \
		--no-hosts --user=root --group=root --interface="$2" --bind-interfaces \
		--dhcp-range="$3",255.255.255.0,1h --dhcp-authoritative --no-ping \
		--dhcp-leasefile=/tmp/dnsmasq.$1.leases --pid-file=/tmp/dnsmasq.$1.pid \
		>"$LOG" 2>&1 &
	DNSMASQ=$!
	for _ in $(seq 50); do
		grep -q "DHCP, IP range" "$LOG" && return 0
		kill -0 $DNSMASQ 2>/dev/null || break
		sleep 0.1
	done
	diag "dnsmasq in $1 did not start: $(tail -3 "$LOG")"
	return 1
}
dnsmasq_stop() {
	[ -n "$DNSMASQ" ] || return 0
	kill "$DNSMASQ"
	wait "$DNSMASQ" 2>/dev/null
	DNSMASQ=
}
# udhcpc VM TRIES: one DHCP client run; prints its output.
udhcpc() {
	in_vm "$1" busybox udhcpc -f -q -n -i eth0 -t "$2" -T 1 -A 1 \
		-s "$SRC/tests/pkt/udhcpc.sh" 2>&1
}

# --- a VM serves --------------------------------------------------------------
if dnsmasq_start 1 eth0 10.0.0.100,10.0.0.103; then ok "dnsmasq runs in vm1"; else not_ok "dnsmasq runs in vm1"; fi
out=$(udhcpc 2 5)
check "vm2 gets a lease from vm1" test -n "$(echo "$out" | grep -E 'lease of 10\.0\.0\.10[0-3] obtained')"
diag "udhcpc: $(echo "$out" | grep 'lease of')"
lease=$(ip -n vm2 -4 -o addr show dev eth0 | awk '{print $4}' | cut -d/ -f1)
check "vm2's address is in 10.0.0.100/30" test -n "$(echo "$lease" | grep -E '^10\.0\.0\.10[0-3]$')"
check "dnsmasq recorded the lease for vm2's MAC" grep -qi "$(vm_mac 2)" /tmp/dnsmasq.1.leases
check "vm2 pings vm1 from the leased address" ping_ok 2 "$(vm_ip 1)"
check "vm1 pings vm2 at the leased address" ping_ok 1 "$lease"
check_drops "server port: no drops" vnet1
check_drops "client port: no drops" vnet2
dnsmasq_stop

# --- the host serves ----------------------------------------------------------
if dnsmasq_start 0 br0 10.0.0.104,10.0.0.107; then ok "dnsmasq runs on the host (br0)"; else not_ok "dnsmasq runs on the host (br0)"; fi
out=$(udhcpc 3 5)
check "vm3 gets a lease from the host" test -n "$(echo "$out" | grep -E 'lease of 10\.0\.0\.10[4-7] obtained')"
diag "udhcpc: $(echo "$out" | grep 'lease of')"
check "vm3 pings the host from the leased address" ping_ok 3 $HOST_IP
check_drops "host-served client port: no drops" vnet3
dnsmasq_stop

# --- a rogue server -----------------------------------------------------------
ip -n vm2 addr flush dev eth0
if dnsmasq_start 4 eth0 10.0.0.100,10.0.0.103; then ok "dnsmasq runs in vm4 (dhcp-server off)"; else not_ok "dnsmasq runs in vm4 (dhcp-server off)"; fi
out=$(udhcpc 2 3)
check_fail "vm2 gets no lease from vm4" test -n "$(echo "$out" | grep 'lease of')"
check_eq "vm2 has no address" "" "$(ip -n vm2 -4 -o addr show dev eth0)"
offers=$(grep -c 'DHCPOFFER' "$LOG")
check "vm4's dnsmasq did answer" test "$offers" -ge 1
check_drops "vnet4: dhcp_guard + the $offers offers" vnet4 "dhcp_guard=$offers"
check_drops "vnet2: the client's discovers pass" vnet2
check_log "kernel log names vnet4 and dhcp_guard" vnet4 dhcp_guard
check "port set vnet4 dhcp-server on" brfwctl port set vnet4 dhcp-server on
out=$(udhcpc 2 5)
check "dhcp-server on: vm2 gets a lease from vm4" test -n "$(echo "$out" | grep 'lease of')"
check_drops "dhcp-server on: no drops on vnet4" vnet4
dnsmasq_stop
check "port set vnet4 dhcp-server off" brfwctl port set vnet4 dhcp-server off

# --- crafted server and client messages -------------------------------------------
cap vm2 vm3
OFFER="BOOTP(op=2, yiaddr='10.0.0.101', chaddr=bytes.fromhex('020000000002'))/DHCP(options=[('message-type','offer'),'end'])"
tx vm4 "[Ether(src=mac(4), dst=BC)/IP(src=ip(4), dst='255.255.255.255')/UDP(sport=67, dport=68)/$OFFER,
	Ether(src=mac(4), dst=mac(2))/IP(src=ip(4), dst='10.0.0.101')/UDP(sport=67, dport=68)/$OFFER,
	Ether(src=mac(4), dst=mac(1))/IP(src=ip(4), dst=ip(1))/UDP(sport=67, dport=67)/$OFFER,
	Ether(src=mac(4), dst=mac(2))/IPv6(src='fe80::4', dst='fe80::2')/UDP(sport=547, dport=546)/Raw(b'\\x02\\x00\\x00\\x01'),
	Ether(src=mac(4), dst='33:33:00:01:00:02')/IPv6(src='fe80::4', dst='ff02::1:2')/UDP(sport=547, dport=547)/Raw(b'\\x0d\\x00\\x00\\x01'),
	Ether(src=mac(4), dst=mac(2))/IPv6(src='fe80::4', dst='fe80::2')/IPv6ExtHdrDestOpt()/UDP(sport=547, dport=546)/Raw(b'\\x07\\x00\\x00\\x01')]"
check_none "DHCPv4 and DHCPv6 server messages from vm4: vm2, vm3 see nothing" \
	'PRED=(UDP)in(p)' vm2 vm3
check_drops "3 DHCPv4 + 3 DHCPv6 server messages: dhcp_guard +6" vnet4 dhcp_guard=6
CLIENT="[Ether(src=mac(4), dst=BC)/IP(src=ip(4), dst='255.255.255.255')/UDP(sport=68, dport=67)/BOOTP(chaddr=bytes.fromhex('020000000004'))/DHCP(options=[('message-type','request'),'end']),
	Ether(src=mac(4), dst='33:33:00:01:00:02')/IPv6(src='fe80::4', dst='ff02::1:2')/UDP(sport=546, dport=547)/Raw(b'\\x01\\x00\\x00\\x01')]"
tx vm4 "$CLIENT"
check_seen "DHCPv4 and DHCPv6 client messages reach vm2" 2 vm2 'UDP in p and p[UDP].sport in (68, 546)'
check_drops "client messages: no drops" vnet4
check "port set vnet4 dhcp-server on" brfwctl port set vnet4 dhcp-server on
tx vm4 "[Ether(src=mac(4), dst=BC)/IP(src=ip(4), dst='255.255.255.255')/UDP(sport=67, dport=68)/$OFFER,
	Ether(src=mac(4), dst=mac(2))/IPv6(src='fe80::4', dst='fe80::2')/UDP(sport=547, dport=546)/Raw(b'\\x02\\x00\\x00\\x01')]"
check_seen "dhcp-server on: both server messages reach vm2" 2 vm2 'UDP in p and p[UDP].sport in (67, 547)'
check_drops "dhcp-server on: no drops" vnet4
tx vm4 "Ether(src=mac(4), dst=mac(2))/IP(src='10.0.0.99', dst='10.0.0.101')/UDP(sport=67, dport=68)/$OFFER"
check_drops "dhcp-server on: a server reply from a foreign source is still spoof_ip" vnet4 spoof_ip=1

pkt_done
