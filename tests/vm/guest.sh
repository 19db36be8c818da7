#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Runs inside the brfw test guest as PID 1, chrooted into the overlaid host
# root, exec'ed by tests/vm/init with fd 3 = output port, fd 4 = status port,
# fd 5 = dmesg port. Reads the run's parameters from /run/brfw-vm/
# (conf: key=value lines; argv, env: NUL-separated), loads the modules
# brfw.ko depends on, then brfw.ko unless noload=1, runs the command, runs
# kcheck, then reports "rc=N kprob=N boot=SECS" on the status port (kprob:
# number of kcheck reports during the whole run; boot: guest uptime when the
# command started).
# Never exits (PID 1): ends the VM with an immediate reboot, which qemu
# (-no-reboot) turns into its exit.

D=/run/brfw-vm
src='' rel='' noload=0 keeplog=0
while IFS= read -r line; do
	case $line in
	src=*) src=${line#src=} ;;
	rel=*) rel=${line#rel=} ;;
	noload=*) noload=${line#noload=} ;;
	keeplog=*) keeplog=${line#keeplog=} ;;
	esac
done <$D/conf

# The status line is the last word; the reboot loses nothing (all tmpfs).
finish() {
	echo "$1" >&4
	echo b >/proc/sysrq-trigger
	while :; do sleep 60; done
}

cd / || finish setup
# A clean environment: nothing inherited from init.
for v in $(compgen -e); do unset "$v"; done
export HOME=/root TERM=dumb LANG=C.UTF-8
export PATH=$src/tool:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
export BRFW_KVER=$rel BRFW_SRC=$src
# shellcheck disable=SC2163 # kv is NAME=VALUE
while IFS= read -r -d '' kv; do export "$kv"; done <$D/env
mapfile -d '' -t argv <$D/argv
: >$D/guest # kcheck: "this is a test guest"

kcheck=$src/tests/vm/kcheck
out() { echo "vm: $*" >&3; }

cd "$src" || { out "cannot cd to $src"; finish setup; }

# kcheck: 0 clean, 1 problem (counted in its state), else kcheck is broken.
kbroken=0
check() {
	"$kcheck" "$@" >&3 2>&3
	[ $? -le 1 ] || { out "$kcheck $* failed"; kbroken=1; }
}

# Boot-time kernel problems count like any other.
check --boot

# What brfw.ko needs and insmod does not load: the nf_reject helpers it
# links against (reject rules) and the syslog logger it holds (rule logs).
# Loaded with --no-load too: tests that insmod brfw.ko themselves need them.
deps="nf_reject_ipv4 nf_reject_ipv6 nf_log_syslog"
# shellcheck disable=SC2086 # a list
modprobe -a $deps >&3 2>&3 || out "modprobe $deps failed"

rc=0
if [ "$noload" != 1 ]; then
	ko=$src/build/$rel/brfw.ko
	if [ ! -f "$ko" ]; then
		out "$ko not found (build it: make KVER=$rel module)"
		rc=126
	elif ! insmod "$ko" >&3 2>&3; then
		out "insmod $ko failed"
		rc=126
	fi
fi

read -r boot _ </proc/uptime
if [ $rc = 0 ]; then
	"${argv[@]}" </dev/null >&3 2>&3 3>&- 4>&- 5>&-
	rc=$?
fi

# kmemleak only reports objects older than 5 s.
[ -e /sys/kernel/debug/kmemleak ] && sleep 5
check
kprob=0
[ -f /run/brfw-kcheck/reports ] && read -r kprob </run/brfw-kcheck/reports
kprob=$((kprob + kbroken))
[ "$keeplog" = 1 ] && dmesg >&5 2>&1
finish "rc=$rc kprob=$kprob boot=$boot"
