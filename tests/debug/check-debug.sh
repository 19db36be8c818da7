#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# `make check-debug`: the guest suite on the debug kernel (KASAN, lockdep,
# kmemleak, UBSAN bounds, failslab). Steps:
#   1. tests/debug/build-kernel.sh   (no-op while its stamp matches; else ~17-20 min)
#   2. make KDIR=<debug tree> module (brfw.ko against the debug kernel)
#   3. the guest suite in BRFW_DEBUG_JOBS guests at once (default: one per
#      CPU, at most 2), each `tests/vm/run --kernel debug -- tests/run-guest.sh
#      SCRIPTS...` on its share of the scripts (run-guest.sh runs
#      tests/vm/kcheck after each: taint + kmemleak scan). Shares are
#      balanced by each script's time in the last run ($CACHE/durations).
# Arguments: the test scripts to run (default all of tests/net).
# Prints every guest's TAP, then "N passed, N failed"; exit 0 when all
# passed, else 1.
# Environment: BRFW_CACHE (default /var/cache/brfw), TIMEOUT (per guest,
# default 5400), BRFW_DEBUG_JOBS.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
CACHE=${BRFW_CACHE:-/var/cache/brfw}/debug
TIMEOUT=${TIMEOUT:-5400}
T0=$SECONDS
say() { echo "check-debug: $*"; }
die() { echo "check-debug: ERROR: $*" >&2; exit 1; }
mmss() { printf '%dm%02ds' $(($1 / 60)) $(($1 % 60)); }

# 1. the kernel
t=$SECONDS
"$ROOT/tests/debug/build-kernel.sh"
T_KERNEL=$((SECONDS - t))
KDIR=$(cat "$CACHE/kdir")
REL=$(cat "$CACHE/kernel.release")

# 2. the module against it, and what the guest runs: brfwctl and the test
# tools (a clean clone has neither)
t=$SECONDS
make -C "$ROOT" -s --no-print-directory tool || die "brfwctl did not build"
make -C "$ROOT/tests/tools" -s --no-print-directory || die "the test tools did not build"
make -C "$ROOT" --no-print-directory KDIR="$KDIR" module
T_MODULE=$((SECONDS - t))
KO="$ROOT/build/$REL/brfw.ko"
[ -f "$KO" ] || die "module not found at $KO"
vm=$(modinfo -F vermagic "$KO" | cut -d' ' -f1)
[ "$vm" = "$REL" ] || die "$KO has vermagic $vm, expected $REL"
say "module: $KO (vermagic $vm)"

# 3. the guest suite, split over parallel guests
[ -x "$ROOT/tests/vm/run" ] || die "tests/vm/run is missing"
[ -x "$ROOT/tests/run-guest.sh" ] || die "tests/run-guest.sh is missing"
t=$SECONDS
# Guest work runs 5-17x slower under KASAN: longer per-script limits and
# fewer churn rounds (both reach the guest through the BRFW_* environment).
export BRFW_TEST_TIMEOUT=${BRFW_TEST_TIMEOUT:-3600}
export BRFW_STRESS_ITER=${BRFW_STRESS_ITER:-2}
# Scripts that size their loads (rule-scale, set-big, ...) take smaller ones.
export BRFW_DEBUG_KERNEL=1

cd "$ROOT"
[ $# -gt 0 ] || set -- tests/net/*.sh
jobs=${BRFW_DEBUG_JOBS:-$(nproc)}
[ "$jobs" -ge 1 ] 2>/dev/null || jobs=1
[ "$jobs" -le 2 ] || jobs=2
[ "$jobs" -le $# ] || jobs=$#

# Longest first, each to the least loaded guest. A script's weight is its
# time in the last run here ($CACHE/durations), else in the run the repo
# recorded (tests/debug/durations: a clean machine splits well too), else
# 300 s.
declare -A weight
for d in "$ROOT/tests/debug/durations" "$CACHE/durations"; do
	[ -f "$d" ] || continue
	while read -r name secs; do weight[$name]=$secs; done <"$d"
done
declare -a share load
for ((j = 0; j < jobs; j++)); do share[j]=''; load[j]=0; done
while read -r secs name; do
	best=0
	for ((j = 1; j < jobs; j++)); do
		[ "${load[j]}" -lt "${load[best]}" ] && best=$j
	done
	share[best]="${share[best]} $name"
	load[best]=$((load[best] + secs))
done < <(for f in "$@"; do echo "${weight[$f]:-300} $f"; done | sort -rn)

logs=$(mktemp -d /tmp/check-debug.XXXXXX)
trap 'rm -rf "$logs"' EXIT
pids=()
for ((j = 0; j < jobs; j++)); do
	say "guest $j:${share[j]}"
	# shellcheck disable=SC2086 # one word per script
	tests/vm/run --kernel debug --verbose --timeout "$TIMEOUT" -- \
		tests/run-guest.sh ${share[j]} >"$logs/$j.out" 2>&1 &
	pids[j]=$!
done
rc=0
passed=0 failed=0
for ((j = 0; j < jobs; j++)); do
	grc=0
	wait "${pids[j]}" || grc=$?
	echo "# ---- guest $j (exit $grc)"
	cat "$logs/$j.out"
	line=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$logs/$j.out" | tail -1)
	if [ -z "$line" ]; then
		echo "not ok - guest $j: no result line"
		failed=$((failed + 1))
	else
		p=${line%% passed*}; f=${line#*passed, }; f=${f%% failed*}
		passed=$((passed + p)); failed=$((failed + f))
		if [ "$grc" -ne 0 ] && [ "$f" -eq 0 ]; then
			echo "not ok - guest $j: exit $grc"
			failed=$((failed + 1))
		fi
	fi
	[ "$grc" -eq 0 ] || rc=1
done
# Each script's time, for the next run's balance.
cat "$logs"/*.out | sed -n 's/^ok [0-9]* - \(net\/[^ ]*\) (\([0-9]*\)s)$/tests\/\1 \2/p' \
	>"$logs/durations"
if [ -s "$logs/durations" ] && [ -w "$CACHE" ]; then
	# and what it did not measure, from before
	touch "$CACHE/durations"
	awk 'NR == FNR { seen[$1] = 1; print; next } !seen[$1]' \
		"$logs/durations" "$CACHE/durations" >"$logs/merged"
	cp "$logs/merged" "$CACHE/durations"
fi
[ "$failed" -eq 0 ] || rc=1
T_GUEST=$((SECONDS - t))

say "wall time: kernel $(mmss $T_KERNEL), module $(mmss $T_MODULE)," \
	"guest suite $(mmss $T_GUEST), total $(mmss $((SECONDS - T0)))"
if [ "$rc" -eq 0 ]; then say "PASS"; else say "FAIL"; fi
echo "$passed passed, $failed failed"
exit $rc
