#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Runs the guest suite inside a test VM (see tests/vm/run): every script in
# tests/net/ (or the ones named), each with a time limit, then a kernel
# health check (oops, WARN, lockdep, KASAN, kmemleak, taint) after each.
# Prints TAP; each assertion counts. Last line: "N passed, N failed".
#
#   tests/run-guest.sh [SCRIPT...]
#   BRFW_TEST_TIMEOUT: per-script limit in seconds (default 600)
cd "$(dirname "$0")/.." || exit 1
SRC=$(pwd)
KVER=${BRFW_KVER:-$(uname -r)}
KO=$SRC/build/$KVER/brfw.ko
limit=${BRFW_TEST_TIMEOUT:-600}

if [ $# -eq 0 ]; then
	set -- tests/net/*.sh
fi

passed=0 failed=0 skipped=0 n=0
echo "TAP version 13"
echo "1..$#"
"$SRC/tests/vm/kcheck" --mark >/dev/null 2>&1

for t in "$@"; do
	n=$((n + 1))
	name=${t#tests/}
	# A test may unload the module; every test starts with it loaded.
	grep -q '^brfw ' /proc/modules || insmod "$KO"
	start=$(date +%s)
	out=$(timeout -k 10 "$limit" bash "$t" 2>&1)
	rc=$?
	secs=$(( $(date +%s) - start ))
	echo "$out" | sed 's/^/# /'
	p=$(echo "$out" | grep -c '^ok ')
	f=$(echo "$out" | grep -c '^not ok ')
	passed=$((passed + p))
	failed=$((failed + f))
	if kout=$("$SRC/tests/vm/kcheck" 2>&1); then :; else
		echo "$kout" | sed 's/^/# kernel: /'
		failed=$((failed + 1))
		echo "not ok $n - $name: kernel reported a problem"
		continue
	fi
	case $rc in
	0)
		if [ "$f" -eq 0 ] && [ "$p" -gt 0 ]; then
			echo "ok $n - $name (${secs}s)"
		else
			failed=$((failed + 1)); echo "not ok $n - $name: no assertion ran"
		fi ;;
	4)
		skipped=$((skipped + 1)); echo "ok $n - $name # SKIP" ;;
	124|137)
		failed=$((failed + 1)); echo "not ok $n - $name: timed out after ${limit}s" ;;
	*)
		[ "$f" -eq 0 ] && failed=$((failed + 1))
		echo "not ok $n - $name (exit $rc)" ;;
	esac
done

echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
