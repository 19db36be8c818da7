#!/bin/bash
# No frame from a spoof-checked port may make the bridge learn, on that
# port, a MAC other than the port's own. The link-local destinations
# 01:80:C2:00:00:0X are handled by the bridge outside its netfilter hooks
# (STP BPDUs with STP on, LLDP, 802.1X, ...): each is sent with the
# victim's MAC as source, once while the bridge already knows the victim
# and once after a flush, and (a) bridge fdb never shows the victim's MAC
# on the attacker's port and (b) traffic to the victim still reaches it.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../pkt/pkt.sh"
need bridge ping "$BRFWCTL" "$PY"
pkt_start
topo_up 3
# vm1 attacks, vm2 is the victim, vm3 talks to the victim.
M2=$(vm_mac 2)

check "port set vnet1 mac ip spoof-check on" \
	brfwctl port set vnet1 mac "$(vm_mac 1)" ip "$(vm_ip 1)" spoof-check on
cap vm1 vm2 vm3

# on_attacker: the victim's MAC is in the FDB on vnet1.
on_attacker() { bridge fdb show br br0 brport vnet1 | grep -qi "^$M2 "; }
fdb_flush() { ip link set br0 type bridge fdb_flush; }
# One frame from vm1 to 01:80:c2:00:00:XX with vm2's MAC as source, with a
# payload that fits the group: BPDU (LLC, unknown BPDU type), pause, LACP,
# 802.1X, LLDP, else a local experimental EtherType.
ll_frame() {
	case $1 in
	00) echo "Ether(src=mac(2), dst='01:80:c2:00:00:00', type=0x26)/LLC(dsap=0x42, ssap=0x42, ctrl=3)/Raw(b'\\0\\0\\0\\x55' + b'\\0'*31)" ;;
	01) echo "Ether(src=mac(2), dst='01:80:c2:00:00:01', type=0x8808)/Raw(b'\\0\\x01\\0\\0' + b'\\0'*42)" ;;
	02) echo "Ether(src=mac(2), dst='01:80:c2:00:00:02', type=0x8809)/Raw(b'\\x01\\x01' + b'\\0'*44)" ;;
	03) echo "Ether(src=mac(2), dst='01:80:c2:00:00:03', type=0x888e)/Raw(b'\\x02\\x01\\0\\0' + b'\\0'*42)" ;;
	0e) echo "Ether(src=mac(2), dst='01:80:c2:00:00:0e', type=0x88cc)/Raw(bytes.fromhex('020704020000000002040305766e657431060200780000') + b'\\0'*23)" ;;
	*) echo "Ether(src=mac(2), dst='01:80:c2:00:00:$1', type=0x88b5)/Raw(b'x'*46)" ;;
	esac
}

# probe_ll DESC ADDR...: send each, check the FDB after each one.
probe_ll() {
	desc=$1; shift
	for a in "$@"; do
		tx vm1 "$(ll_frame "$a")"
		if on_attacker; then
			not_ok "$desc: 01:80:c2:00:00:$a does not teach the bridge vm2's MAC on vnet1"
			diag "$(bridge fdb show br br0 | grep -i "$M2")"
			# Repair for the next address.
			fdb_flush
		else
			ok "$desc: 01:80:c2:00:00:$a does not teach the bridge vm2's MAC on vnet1"
		fi
	done
}

# probe_batch DESC ADDR...: send them all, then check the FDB once.
probe_batch() {
	desc=$1; shift
	frames=
	for a in "$@"; do frames="$frames $(ll_frame "$a"),"; done
	tx vm1 "[$frames]"
	check_fail "$desc: none of 01:80:c2:00:00:{$(echo "$@" | tr ' ' ',')} teaches the bridge vm2's MAC on vnet1" on_attacker
}

# reaches_victim DESC: vm3 sends 3 unicast frames to vm2's MAC; vm2 gets
# them all, vm1 none; the host reaches vm2.
reaches_victim() {
	drain vm1 vm2
	tx vm3 "[Ether(src=mac(3), dst=mac(2))/IP(src=ip(3), dst=ip(2))/UDP(sport=7, dport=7777)]*3"
	check_seen "$1: vm2 gets vm3's frames" 3 vm2 'UDP in p and p[UDP].dport == 7777'
	check_seen "$1: vm1 gets none of them" 0 vm1 'UDP in p and p[UDP].dport == 7777'
	check "$1: the host pings vm2" ping_ok 0 "$(vm_ip 2)"
}

NOPAUSE="00 02 03 04 05 06 07 08 09 0a 0b 0c 0d 0e 0f"
nf=$(echo $NOPAUSE | wc -w)

# --- STP off -----------------------------------------------------------------
learn_all
snap vnet1
probe_batch "STP off, victim known" $NOPAUSE
reaches_victim "STP off, victim known"
fdb_flush
probe_ll "STP off, victim unknown" $NOPAUSE
reaches_victim "STP off, victim unknown"
# (Frames to the victim flooded while the bridge does not know it are
# promisc drops on vnet1.)
check_drops "STP off: the $((nf * 2)) link-local frames are spoof_mac" \
	vnet1 "spoof_mac=$((nf * 2))" 'promisc=>=0'
check_log "kernel log names vnet1 and spoof_mac" vnet1 spoof_mac
# Pause frames: the bridge drops them itself, brfw may count them or not.
probe_ll "STP off, victim unknown" 01
fdb_flush
probe_ll "STP off, victim unknown" 01
snap vnet1

# A plain frame with vm2's MAC, unicast and broadcast.
fdb_flush
tx vm1 "[Ether(src=mac(2), dst=mac(3))/IP(src=ip(1), dst=ip(3))/UDP(dport=9), Ether(src=mac(2), dst=BC)/ARP(hwsrc=mac(1), psrc=ip(1), pdst=ip(3))]"
check_fail "plain unicast and broadcast from vm2's MAC: not learnt on vnet1" on_attacker
check_drops "plain frames: spoof_mac +2" vnet1 spoof_mac=2 'promisc=>=0'

# --- STP on --------------------------------------------------------------------
ip link set br0 type bridge forward_delay 200
ip link set br0 type bridge stp_state 1
fwd=0
for _ in $(seq 60); do
	if [ "$(bridge link show | grep -c 'state forwarding')" -eq 3 ]; then fwd=1; break; fi
	sleep 0.2
done
check_eq "STP on: the ports are forwarding" 1 $fwd
learn_all
snap vnet1
probe_batch "STP on, victim known" 00 0e 03
reaches_victim "STP on, victim known"
fdb_flush
probe_ll "STP on, victim unknown" 00 0e 03
reaches_victim "STP on, victim unknown"
check_drops "STP on: BPDU, LLDP, 802.1X twice are spoof_mac +6" vnet1 spoof_mac=6 'promisc=>=0'

# vm1's own link-local frames do not teach anything foreign either.
tx vm1 "Ether(src=mac(1), dst='01:80:c2:00:00:0e', type=0x88cc)/Raw(b'\\0'*46)"
check_fail "own LLDP: vm2's MAC still not on vnet1" on_attacker

pkt_done
