#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# conntrack-lite: instructions per established-flow lookup, counted by
# callgrind as in run.sh: each table size runs its lookup loop for N and
# for 2N packets (only the loop collected), and the difference divided by
# N is the cost of one lookup, the table's filling cancelled. The loop's
# own cost is measured the same way ("bench_ct F N loop": the same loop
# calling an empty function of brfw_ct_lookup()'s arguments, whose body is
# 2 instructions) and printed; "net" is Ir/lookup minus (that - 2): the
# loop and its argument set-up out, the call and return kept. Prints the
# entry size and bytes per flow. Fails if the 1M-flow figure is over 1.5
# times the 1-flow one; says whether the net 1M-flow figure meets the
# goal of 200.
# Usage: run_ct.sh BENCH_BINARY [N]
set -eu

bench=$1
n=${2:-20000}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

command -v valgrind >/dev/null || { echo "bench: valgrind not installed (make deps)" >&2; exit 1; }

ir() {
	valgrind --tool=callgrind --collect-atstart=no \
		--callgrind-out-file="$tmp/out" "$bench" "$@" \
		>/dev/null 2>"$tmp/err" || { cat "$tmp/err" >&2; exit 1; }
	sed -n 's/^summary: *\([0-9]*\).*/\1/p' "$tmp/out"
}

per_lookup() {
	pl_f=$1 pl_n=$2
	shift 2
	pl_a=$(ir "$pl_f" "$pl_n" "$@")
	pl_b=$(ir "$pl_f" $((2 * pl_n)) "$@")
	awk -v a="$pl_a" -v b="$pl_b" -v n="$pl_n" \
		'BEGIN { printf "%.1f", (b - a) / n }'
}

loop=$(per_lookup 1 "$n" loop)
# The empty function's body (xor, ret) is not the loop's.
over=$(awk -v l="$loop" 'BEGIN { printf "%.1f", l - 2 }')
echo "benchmark loop: $loop Ir per iteration with the empty call;" \
	"$over subtracted for net (the call and return are kept)"
printf '%-10s %9s %12s %16s %8s\n' flows buckets "Ir/lookup" "Ir/key+lookup" net
for f in 1 10000 1000000; do
	check=$("$bench" "$f" check) || { echo "bench: $check" >&2; exit 1; }
	# "F flows: C in table, B buckets, entry E bytes, ..."
	buckets=$(echo "$check" | sed 's/.* \([0-9]*\) buckets.*/\1/')
	entry=$(echo "$check" | sed 's/.*entry \([0-9]*\) bytes.*/\1/')
	per=$(per_lookup "$f" "$n")
	perk=$(per_lookup "$f" "$n" key)
	net=$(awk -v p="$per" -v o="$over" 'BEGIN { printf "%.1f", p - o }')
	eval "ir_$f=$per"
	eval "net_$f=$net"
	printf '%-10s %9s %12s %16s %8s\n' "$f" "$buckets" "$per" "$perk" "$net"
done

# Memory: the slab object (the entry rounded up to a cache line, the
# cache being SLAB_HWCACHE_ALIGN) plus the bucket array shared out over
# the flows of a full table (max = 4 x buckets).
obj=$(( (entry + 63) / 64 * 64 ))
echo "entry: $entry bytes (struct brfw_ct), slab object $obj bytes"
awk -v o="$obj" -v b="$buckets" -v m=1048576 'BEGIN {
	printf "bytes per flow, full table (%d flows, %d buckets): %.1f\n",
	       m, b, o + 8 * b / m }'

ratio=$(awk -v a="$ir_1" -v b="$ir_1000000" 'BEGIN { printf "%.2f", b / a }')
if awk -v b="$net_1000000" 'BEGIN { exit !(b <= 200) }'; then
	echo "goal met: $net_1000000 instructions per lookup at 1M flows," \
		"loop out ($ir_1000000 with it; goal 200)"
else
	echo "goal NOT met: $net_1000000 instructions per lookup at 1M flows," \
		"loop out ($ir_1000000 with it; goal 200)"
fi
if awk -v r="$ratio" 'BEGIN { exit !(r <= 1.5) }'; then
	echo "ok: 1M flows cost ${ratio}x one flow (limit 1.5x)"
else
	echo "FAIL: 1M flows cost ${ratio}x one flow (limit 1.5x)"
	exit 1
fi
