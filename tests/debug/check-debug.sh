#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# `make check-debug`: the guest suite on the debug kernel (KASAN, lockdep,
# kmemleak, UBSAN bounds, failslab). Steps:
#   1. tests/debug/build-kernel.sh   (no-op while its stamp matches; else ~17-20 min)
#   2. make KDIR=<debug tree> module (brfw.ko against the debug kernel)
#   3. tests/vm/run --kernel debug --verbose --timeout 5400 -- tests/run-guest.sh [TEST...]
#      (run-guest.sh runs tests/vm/kcheck after each test: taint + kmemleak scan)
# Arguments go to run-guest.sh (test scripts to run; default all of tests/net).
# Exit status is the guest run's (0 pass, 4 skip, 124 timeout, else fail).
# Environment: BRFW_CACHE (default /var/cache/brfw), TIMEOUT (default 5400).
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

# 2. the module against it
t=$SECONDS
make -C "$ROOT" --no-print-directory KDIR="$KDIR" module
T_MODULE=$((SECONDS - t))
KO="$ROOT/build/$REL/brfw.ko"
[ -f "$KO" ] || die "module not found at $KO"
vm=$(modinfo -F vermagic "$KO" | cut -d' ' -f1)
[ "$vm" = "$REL" ] || die "$KO has vermagic $vm, expected $REL"
say "module: $KO (vermagic $vm)"

# 3. the guest suite
[ -x "$ROOT/tests/vm/run" ] || die "tests/vm/run is missing"
[ -x "$ROOT/tests/run-guest.sh" ] || die "tests/run-guest.sh is missing"
t=$SECONDS
rc=0
# Guest work runs 5-17x slower under KASAN: longer per-script limits and
# fewer churn rounds (both reach the guest through the BRFW_* environment).
export BRFW_TEST_TIMEOUT=${BRFW_TEST_TIMEOUT:-3600}
export BRFW_STRESS_ITER=${BRFW_STRESS_ITER:-2}
# Scripts that size their loads (rule-scale, set-big) take smaller ones.
export BRFW_DEBUG_KERNEL=1
(cd "$ROOT" && tests/vm/run --kernel debug --verbose --timeout "$TIMEOUT" -- tests/run-guest.sh "$@") || rc=$?
T_GUEST=$((SECONDS - t))

say "wall time: kernel $(mmss $T_KERNEL), module $(mmss $T_MODULE)," \
	"guest suite $(mmss $T_GUEST), total $(mmss $((SECONDS - T0)))"
case $rc in
0) say "PASS" ;;
4) say "SKIP" ;;
124) say "TIMEOUT after ${TIMEOUT}s" ;;
*) say "FAIL (exit $rc)" ;;
esac
exit $rc
