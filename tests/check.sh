#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make check: build for both test kernels (W=1, warnings are errors), run
# the userspace tests, the DKMS test, then the guest suite on each kernel.
# Last line: "N passed, N failed". Exit non-zero on any failure.
#
#   BRFW_KERNELS="6.1 6.12"   which kernels to boot (default both)
#   BRFW_TESTS="tests/net/policy.sh ..."   a subset of the guest suite
cd "$(dirname "$0")/.." || exit 1
passed=0 failed=0
log=$(mktemp -d /tmp/brfw-check.XXXXXX)
trap 'rm -rf "$log"' EXIT

# step NAME CMD...: one build step; counts as one test.
step() {
	name=$1; shift
	if "$@" >"$log/step.out" 2>&1; then
		echo "ok - $name"; passed=$((passed + 1))
	else
		echo "not ok - $name"; sed 's/^/# /' "$log/step.out" | tail -40
		failed=$((failed + 1)); return 1
	fi
}

# tally: add the "N passed, N failed" line of a sub-run's output.
tally() {
	line=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$1" | tail -1)
	if [ -z "$line" ]; then
		echo "not ok - $2: no result line"; failed=$((failed + 1)); return
	fi
	p=${line%% passed*}; f=${line#*passed, }; f=${f%% failed*}
	passed=$((passed + p)); failed=$((failed + f))
	[ "$3" -ne 0 ] && [ "$f" -eq 0 ] && { echo "not ok - $2: exit $3"; failed=$((failed + 1)); }
	return 0
}

kvers=""
for k in ${BRFW_KERNELS:-6.1 6.12}; do
	v=$(tests/vm/kernels "$k")
	[ -n "$v" ] || { echo "not ok - kernel $k is not installed (make deps)"; failed=$((failed + 1)); continue; }
	kvers="$kvers $v"
done

step "build brfwctl" make -s tool KBUILD_EXTRA=
step "build test tools" make -s -C tests/tools
for v in $kvers; do
	step "build module for $v (W=1, -Werror)" \
		make -s KVER="$v" module KBUILD_EXTRA="W=1 KCFLAGS=-Werror"
done

echo "# unit tests"
make -s -C tests/unit run >"$log/unit.out" 2>&1; rc=$?
sed 's/^/# /' "$log/unit.out" | tail -60
tally "$log/unit.out" "unit tests" $rc

if [ -z "${BRFW_TESTS:-}" ]; then
	echo "# dkms"
	tests/dkms.sh $kvers >"$log/dkms.out" 2>&1; rc=$?
	sed 's/^/# /' "$log/dkms.out" | grep -E '^# (ok|not ok|[0-9]+ passed)|Error|error' | head -30
	tally "$log/dkms.out" "dkms" $rc
fi

# The guest suites of the kernels run at once, one guest per kernel (each
# guest has one vCPU; BRFW_SERIAL=1 runs them one after the other).
i=0
for v in $kvers; do
	i=$((i + 1))
	# shellcheck disable=SC2086
	tests/vm/run --kernel "$v" --timeout 3000 -- tests/run-guest.sh ${BRFW_TESTS:-} \
		>"$log/guest$i.out" 2>&1 &
	pid[i]=$!
	[ -n "${BRFW_SERIAL:-}" ] && { wait "${pid[i]}"; echo $? >"$log/guest$i.rc"; }
done
i=0
for v in $kvers; do
	i=$((i + 1))
	if [ -z "${BRFW_SERIAL:-}" ]; then
		wait "${pid[i]}"; echo $? >"$log/guest$i.rc"
	fi
	echo "# guest suite on $v"
	sed 's/^/# /' "$log/guest$i.out"
	tally "$log/guest$i.out" "guest suite on $v" "$(cat "$log/guest$i.rc")"
done

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
