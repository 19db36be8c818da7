#!/bin/bash
# Bad input to the rule, set, counters, save, restore and -b commands:
# each prints "Error: ..." naming the offending word (where the tool can
# know it) and exits 1, and none changes the configuration: save, rule
# show and set show are the same before and after.
. "$(dirname "$0")/../lib.sh"
need "$BRFWCTL" "$PY"
rule_topo_up 2
ip link add lone type veth peer name lone-peer
T=$(mktemp -d)

brfwctl set add v4 10.0.0.0/24
brfwctl set add v6 2001:db8::/64
brfwctl port set vnet1 policy-in drop
brfwctl rule add vnet1 in id 1 proto tcp src @v4 dport 22 accept
brfwctl rule add vnet1 out id 2 proto icmp drop log
brfwctl save > $T/before
brfwctl -j rule show > $T/rules.before
brfwctl -j set show > $T/sets.before
check "the baseline has 2 rules and 2 sets" test "$(rule_count)" = 2 -a "$(set_names)" = "v4 v6"

# e DESC WANT ARGS...: brfwctl ARGS fails with "Error: ...WANT..." (exit 1);
# WANT "Error": any message.
e() {
	desc=$1 want=$2; shift 2
	[ "$want" = Error ] && want=
	out=$("$BRFWCTL" "$@" 2>&1); rc=$?
	case $out in
	"Error: "*"$want"*) [ $rc -eq 1 ] && { ok "$desc"; return; } ;;
	esac
	not_ok "$desc"; diag "rc=$rc, wanted Error: ...'$want', got: $out"
}
R="rule add vnet1 in"

# --- rule add: words ------------------------------------------------------------------
e "unknown keyword" 'frob' $R frob 1 drop
e "unknown direction" 'sideways' rule add vnet1 sideways drop
e "unknown action" 'allow' $R proto tcp allow
e "missing action" 'Error' $R proto tcp
e "nothing but the direction" 'Error' $R
e "missing device and direction" 'Error' rule add
e "a match after the action" 'proto' $R drop proto tcp
e "two actions" 'accept' $R drop accept
e "log twice" 'log' $R drop log log
e "log without an action" 'Error' $R proto tcp log
e "a match given twice" 'proto' $R proto tcp proto udp drop
e "src given twice" 'src' $R src 10.0.0.1 src 10.0.0.2 drop
e "a keyword without its value" 'dport' $R proto tcp dport
e "unknown rule subcommand" 'frob' rule frob vnet1
e "id 0" 'Error' $R id 0 drop
e "id not a number" 'x1' $R id x1 drop
e "id too large" '4294967296' $R id 4294967296 drop

# --- rule add: values -----------------------------------------------------------------
e "port out of range" '65536' $R proto tcp dport 65536 drop
e "range with lo > hi" '200-100' $R proto tcp dport 200-100 drop
e "port not a number" 'http' $R proto tcp dport http drop
e "an empty list entry" 'Error' $R proto tcp dport 80,,90 drop
e "a negative port" 'Error' $R proto tcp sport -5 drop
e "17 list entries (max 16)" 'Error' $R proto udp dport 1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17 drop
e "bad prefix length" '10.0.0.0/33' $R src 10.0.0.0/33 drop
e "prefix with host bits" '10.0.0.1/24' $R src 10.0.0.1/24 drop
e "bad IPv4 address" '300.1.1.1' $R dst 300.1.1.1 drop
e "bad IPv6 prefix length" '2001:db8::/129' $R src 2001:db8::/129 drop
e "IPv6 prefix with host bits" '2001:db8::1/64' $R src 2001:db8::1/64 drop
e "a set name that cannot be" 'Error' $R src @ drop
e "bad MAC (short)" '02:00:00:00:00' $R src-mac 02:00:00:00:00 drop
e "bad MAC (not hex)" '02:00:00:00:00:zz' $R dst-mac 02:00:00:00:00:zz drop
e "vlan 0" 'Error' $R vlan 0 drop
e "vlan 4095" '4095' $R vlan 4095 drop
e "proto 0" 'Error' $R proto 0 drop
e "proto 256" '256' $R proto 256 drop
e "unknown proto name" 'tpc' $R proto tpc drop
e "ether-type below 0x0600" '0x05ff' $R ether-type 0x05ff drop
e "unknown ether-type name" 'ipx' $R ether-type ipx drop
e "icmp-type 256" '256' $R proto icmp icmp-type 256 drop
e "icmp code 256" '256' $R proto icmp icmp-type 3/256 drop
e "unknown tcp flag" 'foo' $R proto tcp tcp-flags syn,foo drop
e "empty tcp flags" 'Error' $R proto tcp tcp-flags "" drop

# --- rule add: combinations -------------------------------------------------------------
e "sport without proto" 'sport' $R sport 80 drop
e "dport with proto icmp" 'dport' $R proto icmp dport 80 drop
e "dport with proto 47" 'dport' $R proto 47 dport 80 drop
e "icmp-type without proto" 'icmp-type' $R icmp-type 8 drop
e "icmp-type with proto udp" 'icmp-type' $R proto udp icmp-type 8 drop
e "tcp-flags with proto udp" 'tcp-flags' $R proto udp tcp-flags syn drop
e "tcp-flags without proto" 'tcp-flags' $R tcp-flags syn drop
e "proto icmpv6 with an IPv4 source" 'Error' $R proto icmpv6 src 10.0.0.1 drop
e "proto icmp with an IPv6 destination" 'Error' $R proto icmp dst 2001:db8::1 drop
e "ether-type arp with proto tcp" 'Error' $R ether-type arp proto tcp drop
e "ether-type ip with an IPv6 source" 'Error' $R ether-type ip src 2001:db8::1 drop
e "ether-type ip6 with proto icmp" 'Error' $R ether-type ip6 proto icmp drop
e "IPv4 source, IPv6 destination" 'Error' $R src 10.0.0.1 dst 2001:db8::1 drop

# --- rule add: the kernel's answers -------------------------------------------------------
e "unknown set (kernel)" 'set' $R src @nosuch drop
e "duplicate id (kernel)" 'id' $R id 1 proto udp drop
e "duplicate id with inout (kernel)" 'id' rule add vnet1 inout id 2 proto udp drop
e "proto icmpv6 with an IPv4 set (kernel)" 'IPv4' $R proto icmpv6 src @v4 drop
e "proto icmp with an IPv6 set (kernel)" 'Error' $R proto icmp dst @v6 drop
e "IPv4 address with an IPv6 set (kernel)" 'Error' $R src 10.0.0.1 dst @v6 drop

# --- devices ------------------------------------------------------------------------------
e "unknown device" 'vnet9' rule add vnet9 in drop
e "not a bridge port" 'not a bridge port' rule add lone in drop
e "the bridge itself" 'not a bridge port' rule add br0 in drop
e "rule show of an unknown device" 'vnet9' rule show vnet9
e "counters reset of an unknown device" 'vnet9' counters reset vnet9

# --- rule insert, del -----------------------------------------------------------------------
e "insert without pos" 'pos' rule insert vnet1 in proto tcp drop
e "insert pos 0" 'pos' rule insert vnet1 in pos 0 proto tcp drop
e "insert pos not a number" 'first' rule insert vnet1 in pos first proto tcp drop
e "del of an unknown id (kernel)" 'Error' rule del vnet1 id 99
e "del without id" 'Error' rule del vnet1
e "del id not a number" 'one' rule del vnet1 id one
e "del with a trailing word" 'extra' rule del vnet1 id 1 extra
e "del on a port without a policy" 'Error' rule del vnet2 id 1

# --- sets ---------------------------------------------------------------------------------------
e "set add of an existing name (kernel)" 'exists' set add v4
e "set name with a space" 'Error' set add "a b"
e "set name with a slash" 'Error' set add a/b
e "set name of 32 characters" 'Error' set add abcdefghijklmnopqrstuvwxyz012345
e "set add with a bad element" '10.0.0.1/24' set add new 10.0.0.1/24
e "set add-elem without elements" 'Error' set add-elem v4
e "set add-elem of garbage" 'xyz' set add-elem v4 xyz
e "set add-elem to an unknown set (kernel)" 'Error' set add-elem nosuch 10.1.1.1
e "set del-elem of a non-member (kernel)" 'Error' set del-elem v4 10.1.1.0/24
e "set del of a set in use (kernel)" 'in use' set del v4
e "set del of an unknown set (kernel)" 'Error' set del nosuch
e "set show of an unknown set" 'Error' set show nosuch
e "unknown set subcommand" 'frob' set frob v4
check "set new (a failed set add) was not created" sh -c "! $BRFWCTL set show new 2>/dev/null"

# --- save, restore, -b --------------------------------------------------------------------------
e "save with an argument" 'extra' save extra
e "restore without a file" 'Error' restore
e "restore of a missing file" 'nofile' restore $T/nofile
e "restore with two files" 'Error' restore $T/before $T/before
printf 'port set vnet1 policy-in accept\nrule add vnet1 in id 1 frob drop\n' > $T/bad
e "restore: a syntax error names the line" 'line 2' restore $T/bad
printf 'port set vnet1 policy-in accept\nrule show\n' > $T/bad
e "restore: a command it does not take names the line" 'line 2' restore $T/bad
e "-b of a missing file" 'nofile' -b $T/nofile
printf 'set add w\nset add w\n' > $T/bad
e "-b: the failing line" 'line 2' -b $T/bad
brfwctl set del w 2>/dev/null  # line 1 of -b did apply

# --- nothing changed --------------------------------------------------------------------------
brfwctl save > $T/after
check "save is unchanged" cmp $T/before $T/after
brfwctl -j rule show > $T/rules.after
check "rule show -j is unchanged" cmp $T/rules.before $T/rules.after
brfwctl -j set show > $T/sets.after
check "set show -j is unchanged" cmp $T/sets.before $T/sets.after
diag "$(diff $T/before $T/after)"
rm -rf $T

t_done
