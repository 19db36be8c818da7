#!/bin/bash
# Conntrack-lite, revocation: an established TCP session admitted by a
# rule is cut when the rule goes (the next data is dropped and the flow
# is gone), in the in direction and in the out direction; a policy change
# that still admits it keeps it; a set member removal cuts a session the
# set admitted; with `persist-established on` the session survives the
# rule's removal while new connections are refused. Sessions are python
# echo sockets (lib.sh ct_sess_*) on port 5001; one-shot probes (nettest)
# use other ports (a probe's server may outlive it by a few seconds).
. "$(dirname "$0")/../lib.sh"
need ping "$NETTEST" "$BRFWCTL" "$PY"
ct_topo_up 3
V1=$(vm_ip 1) V2=$(vm_ip 2)
# The current session's flow (earlier sessions' flows may linger closed).
sp() { echo "P(f) == 'tcp' and f['dport'] == 5001 and f['sport'] == ${CT_SESS_SPORT:-0}"; }
gone() {
	n=$(ct_flows vnet2 "$(sp)")
	check_eq "its flow is gone" 0 "$n"
	[ "$n" = 0 ] || diag "$(brfwctl flows vnet2)"
}

brfwctl port set vnet2 stateful on policy-in drop
brfwctl rule add vnet2 in id 1 proto tcp dport 5001-5009 accept

# --- rule removal, in -------------------------------------------------------------------
ct_sess_start 1 2 5001; check_eq "vm1 -> vm2:5001 session (rule 1)" 0 $?
check_eq "it passes data" ok "$(ct_sess_xfer)"
check_eq "vnet2 has its flow, admitted by rule 1" "established 1" \
	"$(ct_flow vnet2 "$(sp)" '"%s %s" % (f["state"], R(f))')"
check "an unrelated rule is added" brfwctl rule add vnet2 in id 9 proto udp dport 53 drop
check_eq "the session still passes data (the new policy admits it)" ok "$(ct_sess_xfer)"
check "set changes elsewhere" sh -c "$BRFWCTL set add unrelated 10.9.9.9 && $BRFWCTL set add-elem unrelated 10.9.9.10"
check_eq "the session still passes data" ok "$(ct_sess_xfer)"
check_eq "still one flow" 1 "$(ct_flows vnet2 "$(sp)")"
check "rule del vnet2 id 1" brfwctl rule del vnet2 id 1
check_eq "the session's next data is dropped" timeout "$(ct_sess_xfer)"
gone
ct_sess_stop
rule_tcp 1 2 5002; check_eq "a new connection is refused (times out)" 2 $?

# --- persist-established --------------------------------------------------------------------
brfwctl rule add vnet2 in id 1 proto tcp dport 5001-5009 accept
check "port set vnet2 persist-established on" brfwctl port set vnet2 persist-established on
ct_sess_start 1 2 5001; check_eq "a new session (rule 1)" 0 $?
check_eq "it passes data" ok "$(ct_sess_xfer)"
check "rule del vnet2 id 1" brfwctl rule del vnet2 id 1
check_eq "persist-established: the session survives" ok "$(ct_sess_xfer)"
check_eq "persist-established: and again" ok "$(ct_sess_xfer)"
check_eq "its flow is still there" 1 "$(ct_flows vnet2 "$(sp)")"
rule_tcp 1 2 5003; check_eq "new connections are still refused (times out)" 2 $?
ct_sess_stop
brfwctl port set vnet2 persist-established off

# --- set member removal ------------------------------------------------------------------------
brfwctl set add peers 10.0.0.99 $V1
brfwctl rule add vnet2 in id 2 proto tcp src @peers accept
ct_sess_start 1 2 5001; check_eq "a session from a set member (rule 2)" 0 $?
check_eq "it passes data" ok "$(ct_sess_xfer)"
check "set del-elem peers 10.0.0.99 (another member)" brfwctl set del-elem peers 10.0.0.99
check_eq "the session still passes data" ok "$(ct_sess_xfer)"
check "set del-elem peers $V1" brfwctl set del-elem peers $V1
check_eq "the session's next data is dropped" timeout "$(ct_sess_xfer)"
gone
ct_sess_stop
check "set add-elem peers $V1: new connections work again" sh -c \
	"$BRFWCTL set add-elem peers $V1"
check "vm1 -> vm2 TCP" rule_tcp 1 2 5004
brfwctl rule del vnet2 id 2

# --- rule removal, out ------------------------------------------------------------------------
brfwctl port set vnet2 policy-in accept policy-out drop
brfwctl rule add vnet2 out id 3 proto tcp dport 5001 accept
ct_sess_start 2 1 5001; check_eq "vm2 -> vm1:5001 session (out rule 3)" 0 $?
check_eq "it passes data" ok "$(ct_sess_xfer)"
check_eq "vnet2 has its flow: dir out, rule 3" "out 3" \
	"$(ct_flow vnet2 "$(sp)" '"%s %s" % (f["dir"], R(f))')"
check "rule replaced by one for another port (restore)" sh -c \
	"$BRFWCTL save | sed 's/dport 5001 accept/dport 5999 accept/' | $BRFWCTL restore -"
check_eq "the session's next data is dropped" timeout "$(ct_sess_xfer)"
gone
ct_sess_stop

# --- a port's default policy -------------------------------------------------------------------
brfwctl flows flush
brfwctl restore - </dev/null
brfwctl port set vnet2 stateful on policy-in accept
ct_sess_start 1 2 5001; check_eq "a session admitted by vnet2's default policy" 0 $?
check_eq "it passes data" ok "$(ct_sess_xfer)"
check "port set vnet2 policy-in drop" brfwctl port set vnet2 policy-in drop
check_eq "the session's next data is dropped" timeout "$(ct_sess_xfer)"
gone
ct_sess_stop

t_done
