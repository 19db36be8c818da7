#!/bin/bash
# Private VLAN roles: isolated talks only to promiscuous ports; a community
# to its members and promiscuous ports; none to none and promiscuous;
# isolated/community ports do not talk to none ports; the host and ports
# without a policy count as promiscuous. Unicast, broadcast and ARP alike;
# every blocked frame is one isolation drop.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../pkt/pkt.sh"
need ping "$BRFWCTL" "$PY"
pkt_start
topo_up 6
N=6
PORTS="vnet1 vnet2 vnet3 vnet4 vnet5 vnet6"

# role[i]: iso, prom, none, or a community name (C_...). 0 is the host.
declare -a role
# set_role I ROLE: the port's role, in role[] and in brfw.
set_role() {
	role[$1]=$2
	case $2 in
	iso) set -- "$1" isolated ;;
	prom) set -- "$1" promiscuous ;;
	none) set -- "$1" none ;;
	nopolicy)
		role[$1]=prom
		check "port del vnet$1 (now an uplink: promiscuous)" brfwctl port del vnet$1
		return ;;
	C_*) set -- "$1" community "${2#C_}" ;;
	esac
	check "port set vnet$1 isolation $2 $3" brfwctl port set vnet$1 isolation "$2" $3
}
allowed() { # ROLE ROLE
	case "$1/$2" in
	prom/* | */prom) return 0 ;;
	iso/* | */iso) return 1 ;;
	none/none) return 0 ;;
	none/* | */none) return 1 ;;
	esac
	[ "$1" = "$2" ]
}
W=(host vm1 vm2 vm3 vm4 vm5 vm6)
ALLW="${W[*]}"
UPRED='p[UDP].sport - 4000 if UDP in p and p[UDP].dport == 5000 else None'

# matrix PHASE PORTS: every node sends one unicast UDP frame to every other
# node; each receives exactly those its role allows; the isolation
# counters over PORTS move by the number of blocked frames.
matrix() {
	phase=$1 ports=$2
	snap $ports
	drain $ALLW
	blocked=0
	for i in $(seq 0 $N); do
		tx "${W[$i]}" "[Ether(src=nmac($i), dst=nmac(j))/IP(src=nip($i), dst=nip(j))/UDP(sport=4000 + $i, dport=5000) for j in range($((N + 1))) if j != $i]"
	done
	for j in $(seq 0 $N); do
		want=
		for i in $(seq 0 $N); do
			[ "$i" = "$j" ] && continue
			if allowed "${role[$i]}" "${role[$j]}"; then
				want="$want $i"
			else
				blocked=$((blocked + 1))
			fi
		done
		pkt list "${W[$j]}" "$UPRED"
		check_eq "$phase: ${W[$j]} (${role[$j]}) gets unicast from" "${want# }" "$PKT_REPLY"
	done
	pkt total isolation $ports
	check_eq "$phase: isolation drops over the ports = blocked frames" "$blocked ok" "$PKT_REPLY"
}

# bcast PHASE I PORTS: node I broadcasts an ARP request; who gets it.
bcast() {
	phase=$1 i=$2 ports=$3
	snap $ports
	drain $ALLW
	tx "${W[$i]}" "Ether(src=nmac($i), dst=BC)/ARP(hwsrc=nmac($i), psrc=nip($i), pdst='10.0.0.99')"
	want= blocked=0
	for j in $(seq 0 $N); do
		if [ "$i" = "$j" ]; then
			want="$want -"
		elif allowed "${role[$i]}" "${role[$j]}"; then
			want="$want 1"
		else
			want="$want 0"
			blocked=$((blocked + 1))
		fi
	done
	pkt count "(ARP)in(p)and(p[ARP].pdst=='10.0.0.99')" $ALLW
	got=$(echo "$PKT_REPLY" | awk -v i=$i '{ $(i + 1) = "-"; print }')
	check_eq "$phase: ARP broadcast from ${W[$i]} (${role[$i]}): host..vm6 get" "${want# }" "$got"
	pkt total isolation $ports
	check_eq "$phase: one isolation drop per blocked copy" "$blocked ok" "$PKT_REPLY"
}

role[0]=prom
set_role 1 iso
set_role 2 iso
set_role 3 C_A
set_role 4 C_A
set_role 5 C_B
set_role 6 prom
check_json "JSON: isolated" vnet1 'p["isolation"] == "isolated"'
check_json "JSON: community A" vnet3 'p["isolation"] == "community" and p["community"] == "A"'
check_json "JSON: promiscuous" vnet6 'p["isolation"] == "promiscuous"'
learn_all
cap host vm1 vm2 vm3 vm4 vm5 vm6

# Real traffic first.
check "isolated vm1 pings the host" ping_ok 1 $HOST_IP
check "isolated vm1 pings promiscuous vm6" ping_ok 1 "$(vm_ip 6)"
check "isolated vm1 TCP to promiscuous vm6" tcp_ok 1 6 8080
check_fail "isolated vm1 cannot ping isolated vm2" ping1 1 "$(vm_ip 2)"
check "community A: vm3 pings vm4" ping_ok 3 "$(vm_ip 4)"
check_fail "community A vm3 cannot ping community B vm5" ping1 3 "$(vm_ip 5)"
check "the host pings isolated vm2" ping_ok 0 "$(vm_ip 2)"
check_log "kernel log names vnet2 and isolation" vnet2 isolation

# ARP resolution: to the gateway works, to the neighbour does not.
ip -n vm1 neigh del $HOST_IP dev eth0
ip -n vm1 neigh del "$(vm_ip 6)" dev eth0
ip -n vm1 neigh del "$(vm_ip 2)" dev eth0
check "isolated vm1 resolves and pings the host" ping_ok 1 $HOST_IP
check "isolated vm1 resolves and pings vm6" ping_ok 1 "$(vm_ip 6)"
drain vm2
check_fail "isolated vm1 cannot resolve vm2" ping1 1 "$(vm_ip 2)"
check_seen "vm2 saw none of vm1's ARP requests" 0 vm2 'ARP in p'
# Stop vm1's pending resolution (more requests would come later).
ip -n vm1 neigh replace "$(vm_ip 2)" lladdr "$(vm_mac 2)" dev eth0 nud permanent

matrix "phase 1" "$PORTS"
bcast "phase 1" 1 "$PORTS"
bcast "phase 1" 3 "$PORTS"

# Phase 2: none ports, and a port without a policy.
set_role 5 none
set_role 6 none
set_role 2 nopolicy
P2="vnet1 vnet3 vnet4 vnet5 vnet6"
check "none vm5 pings none vm6" ping_ok 5 "$(vm_ip 6)"
check_fail "isolated vm1 cannot ping none vm5" ping1 1 "$(vm_ip 5)"
check "isolated vm1 pings vm2 (no policy)" ping_ok 1 "$(vm_ip 2)"
matrix "phase 2" "$P2"
bcast "phase 2" 5 "$P2"
bcast "phase 2" 2 "$P2"

# Back to none everywhere: unrestricted.
for i in 1 3 4 5 6; do brfwctl port set vnet$i isolation none; done
check "all none: isolated-before vm1 pings community-before vm3" ping_ok 1 "$(vm_ip 3)"

pkt_done
